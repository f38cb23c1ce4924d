//! The command line's arguments: what each command takes, and how it is read.

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::Arc;

use super::parse::*;
use crate::engine::compare::MoveFilter;
use crate::engine::dataset::Dimension;
use crate::engine::history::Streak;
use crate::engine::library::{Library, Month};
use crate::engine::load::DEFAULT_MAX_CELLS;
use crate::engine::load::fields::Field;
use crate::engine::view::{RuleSetName, View, narrow};
use crate::engine::{ClusterKey, Dataset, Filter, LoadOptions, MatrixCell, Rules, Segment, Session};
use crate::output::i18n;
use crate::output::messages::Words;
use crate::output::terminal::terminal_safe;

/// The desktop app and its keyboard, in the main manual page and `--help`.
const APP_HELP: &str = "\
THE DESKTOP APP
  `ascent-viewer` with no command opens the window on the files or folders given (the bundled
  sample when none). Drag files onto the window to open them. Where the system's file dialog
  does not answer (no desktop portal), the app opens its own; ASCENT_FILE_DIALOG=builtin asks
  for it always.

  The window is drawn by the first renderer that starts: on Windows wgpu (Direct3D 12, on
  Microsoft's WARP where there is no GPU driver, as on Remote Desktop and virtual machines;
  else Vulkan), then glow (OpenGL 2+); glow elsewhere. --renderer glow|wgpu, or View >
  Renderer, chooses one. Each start is logged in %LOCALAPPDATA%\\ascent-viewer\\start.log
  (~/.local/state/ascent-viewer/start.log on Linux); when no renderer starts, a message says
  why and the exit code is 1.

KEYBOARD
  Ctrl+O              open files
  Ctrl+Alt+O          open a folder
  Ctrl+Shift+O        compare with the month before
  Ctrl+S              save the target list of the current filter
  Ctrl+Shift+S        save the movers of a comparison
  Ctrl+P              save the report of the screen as a one-page PDF
  Ctrl+1 ... Ctrl+9   apply the first nine saved views (the Views list, in the filter panel)
  Ctrl+Z              put back the saved view just deleted
  Ctrl+F              search customers
  Ctrl+R              show or hide the rules editor
  Ctrl+T              show or hide the Trends (the library's months)
  Ctrl+L              show or hide the Library window
  Alt+Left, Alt+Right the month before or after in the library
  F1                  help
  Esc                 close the window on top, then the details, then clear every filter
  Tab, Shift+Tab      next or previous control (matrix cells and pie slices too)
  Arrow keys          move between matrix cells, pie slices and controls
  Space, Enter        press the focused button (a cell, a slice, a cluster)
  Ctrl+click          add a cell, slice or cluster to the filter instead of replacing it
  Ctrl+Plus, Ctrl+Minus, Ctrl+0
                      larger, smaller, normal size
  Shift+wheel         scroll the table sideways
  Ctrl+Q              quit

SEE ALSO
  ascent-viewer-summary(1), ascent-viewer-export(1), ascent-viewer-compare(1),
  ascent-viewer-sample(1), ascent-viewer-rules(1), ascent-viewer-view(1),
  ascent-viewer-report(1), ascent-viewer-library(1), ascent-viewer-trend(1),
  ascent-viewer-completions(1),
  ascent-viewer-man(1)";

#[derive(Parser, Debug)]
#[command(
    name = "ascent-viewer",
    version,
    about = "Read Partner Center CloudAscent propensity downloads: segments, the fit x intent matrix, clusters and target lists",
    args_conflicts_with_subcommands = true,
    after_long_help = APP_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or folders to open in the app (the bundled sample when none)
    pub paths: Vec<PathBuf>,
    /// In the app, compare the month opened with these files or folders (the month before)
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub compare_with: Vec<PathBuf>,
    /// In the app, draw with this renderer only (default: the setting, else the first of
    /// wgpu and glow that starts on Windows, glow elsewhere)
    #[cfg(feature = "gui")]
    #[arg(long, value_enum)]
    pub renderer: Option<crate::app::renderer::Renderer>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Summarise one month: cards, segments, the 4x4 matrix, clusters
    Summary(Box<SummaryArgs>),
    /// Write a realistic, deterministic sample download
    Sample(SampleArgs),
    /// Save the filtered predictions as a target list (xlsx or csv)
    Export(Box<ExportArgs>),
    /// Compare two months: who moved between clusters, who is new, who is gone
    Compare(Box<CompareArgs>),
    /// Print the default rules as TOML (a starting point for --rules)
    Rules(RulesArgs),
    /// Saved views: a filter, an order, columns and rules that apply to any month
    #[command(subcommand)]
    View(ViewCommand),
    /// Write a one-page PDF report of a view (two pages when two months are compared)
    Report(Box<ReportArgs>),
    /// The library: every month kept (Parquet files and a manifest per month)
    #[command(subcommand)]
    Library(LibraryCommand),
    /// The months of the library side by side: predictions per cluster, segment and cell,
    /// accounts per best cluster, customers new and gone, the cards
    Trend(Box<TrendArgs>),
    /// Print shell completions
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write every page (one per command) into a folder
    Man {
        /// Write ascent-viewer.1 and one page per command (ascent-viewer-summary.1, ...) here
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The file to write (never a source file)
    #[arg(short = 'o', long = "out")]
    pub out: PathBuf,
    /// xlsx (a workbook with the list, the summary and the rules) or csv (the list only);
    /// by default, what the output's name ends with (.csv, .tsv, .txt: csv; else xlsx)
    #[arg(long, value_enum)]
    pub format: Option<OutFormat>,
    /// One Targets sheet per cluster, segment or product
    #[arg(long, value_enum)]
    pub split_by: Option<SplitKey>,
    /// One line per customer (an Accounts sheet: best cluster, products per cluster,
    /// expiring agreements) instead of one per prediction
    #[arg(long)]
    pub accounts: bool,
    /// A CSV of accounts shaped for this CRM's import wizard (implies --accounts and csv)
    #[arg(long, value_enum)]
    pub crm: Option<CrmArg>,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Subcommand, Debug)]
pub enum ViewCommand {
    /// Write a view file (TOML) from filters and rules, to share or to pass to --view
    Save(Box<ViewSaveArgs>),
}

#[derive(Subcommand, Debug)]
pub enum LibraryCommand {
    /// Keep a month's files in the library (one month: the files of one download)
    Add(Box<LibraryAddArgs>),
    /// List the months kept, their files and sizes
    List {
        /// Print JSON (a stable shape for scripts)
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        library: LibraryArg,
    },
    /// Remove a month from the library
    Remove {
        /// The month (YYYY-MM)
        #[arg(value_parser = parse_month)]
        month: Month,
        #[command(flatten)]
        library: LibraryArg,
    },
    /// Print the library's folder
    Path {
        #[command(flatten)]
        library: LibraryArg,
    },
}

#[derive(Args, Debug)]
pub struct LibraryAddArgs {
    /// The month's files or folders
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The month they describe (YYYY-MM); needed unless their data says (the Month column
    /// of API downloads)
    #[arg(long, value_parser = parse_month)]
    pub month: Option<Month>,
    /// Replace the month if the library keeps it already
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub library: LibraryArg,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Language of the messages (default: the system locale)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Args, Debug)]
pub struct TrendArgs {
    /// The first month (YYYY-MM; default: the library's first)
    #[arg(long, value_parser = parse_month)]
    pub from: Option<Month>,
    /// The last month (YYYY-MM; default: the library's last)
    #[arg(long, value_parser = parse_month)]
    pub to: Option<Month>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print JSON (a stable shape for scripts): one value per month in each list
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub library: LibraryArg,
    #[command(flatten)]
    pub context: RuleArgs,
}

#[derive(Args, Debug)]
pub struct ViewSaveArgs {
    /// The view's name
    pub name: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Rules file (TOML) the view carries
    #[arg(long, conflicts_with = "rule_set")]
    pub rules: Option<PathBuf>,
    /// Built-in rule set the view carries (none: the rules in force when it is applied)
    #[arg(long, value_enum)]
    pub rule_set: Option<RuleSet>,
    /// One line per customer in the app's table when the view is applied
    #[arg(long)]
    pub accounts: bool,
    /// The order: a table column (customer, customer-id, product, cluster, cell, fit, intent,
    /// segment, country, whitespace; with --accounts: name, best-cluster, employees,
    /// expiring-revenue...) or a source column's header, then ":desc" for descending
    #[arg(long, value_name = "COLUMN[:desc]")]
    pub sort: Option<String>,
    /// The file to write
    #[arg(short = 'o', long = "out")]
    pub out: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Compare with this earlier month: a second page with the transitions and the moves
    #[arg(long, num_args = 1.., value_name = "PATH", conflicts_with = "before_month")]
    pub before: Vec<PathBuf>,
    /// Compare with this earlier month of the library (YYYY-MM)
    #[arg(long, value_parser = parse_month)]
    pub before_month: Option<Month>,
    /// The PDF to write
    #[arg(short = 'o', long = "out")]
    pub out: PathBuf,
    /// Paper size (default: Letter where the locale is American or Canadian, else A4)
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The earlier month's files or folders
    #[arg(long, num_args = 1.., required_unless_present = "before_month", conflicts_with = "before_month")]
    pub before: Vec<PathBuf>,
    /// The later month's files or folders
    #[arg(long, num_args = 1.., required_unless_present = "after_month", conflicts_with = "after_month")]
    pub after: Vec<PathBuf>,
    /// The earlier month, from the library (YYYY-MM)
    #[arg(long, value_parser = parse_month)]
    pub before_month: Option<Month>,
    /// The later month, from the library (YYYY-MM)
    #[arg(long, value_parser = parse_month)]
    pub after_month: Option<Month>,
    #[command(flatten)]
    pub library: LibraryArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only these moves: up, down, or FROM->TO (e.g. evaluate->act-now, new->nurture, educate->gone)
    #[arg(long, value_parser = parse_moved)]
    pub moved: Option<MoveFilter>,
    /// Print JSON (a stable shape for scripts) instead of the readable report
    #[arg(long)]
    pub json: bool,
    /// Write the movers workbook here: one line per moved prediction, the transitions, the rules
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Replace the movers workbook if it exists
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub context: RuleArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Xlsx,
    Csv,
}

impl OutFormat {
    pub fn key(self) -> &'static str {
        match self {
            OutFormat::Xlsx => "xlsx",
            OutFormat::Csv => "csv",
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrmArg {
    Dynamics365,
    Salesforce,
    Hubspot,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitKey {
    Cluster,
    Segment,
    Product,
}

#[derive(Args, Debug, Clone)]
pub struct LoadArgs {
    /// Workbooks (xlsx, xlsm, xlsb, xls, ods), CSV/TSV files or folders of them
    #[arg(required_unless_present = "month", conflicts_with = "month")]
    pub paths: Vec<PathBuf>,
    /// A month of the library (YYYY-MM) instead of files
    #[arg(long, value_parser = parse_month)]
    pub month: Option<Month>,
    #[command(flatten)]
    pub library: LibraryArg,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub context: RuleArgs,
}

/// Where the library is.
#[derive(Args, Debug, Clone, Default)]
pub struct LibraryArg {
    /// The library's folder (default: $ASCENT_VIEWER_LIBRARY, else the app's data folder)
    #[arg(long, value_name = "DIR")]
    pub library: Option<PathBuf>,
}

impl LibraryArg {
    pub fn library(&self) -> Result<Library> {
        match self.library.clone().or_else(crate::engine::library::default_root) {
            Some(root) => Ok(Library::new(root)),
            None => Err(anyhow::anyhow!(crate::output::i18n::tr("error.library.no_folder"))),
        }
    }
}

/// How files are read.
#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// Read only this sheet
    #[arg(long)]
    pub sheet: Option<String>,
    /// The header is on this row (1-based) instead of the one detected
    #[arg(long)]
    pub header_row: Option<u32>,
    /// Map a field to a header by hand, e.g. --map customer_id=Ref (repeatable)
    #[arg(long = "map", value_name = "FIELD=HEADER", value_parser = parse_mapping)]
    pub map: Vec<(Field, String)>,
    /// Refuse sheets with more cells than this
    #[arg(long, default_value_t = DEFAULT_MAX_CELLS)]
    pub max_cells: u64,
    /// Refuse a file whose cells would take more memory than this: 2G, 512M, or bytes
    /// (default: half of the machine's memory; 0: no limit)
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_memory: Option<u64>,
    /// Which reader reads xlsx sheets: automatic (the fast reader for plain sheets, calamine
    /// for the others) or calamine (every sheet)
    #[arg(long, value_enum, default_value_t = ReaderArg::Automatic)]
    pub reader: ReaderArg,
}

impl Default for ReadArgs {
    fn default() -> Self {
        let (sheet, header_row, max_memory, reader) = (None, None, None, ReaderArg::Automatic);
        ReadArgs { sheet, header_row, map: Vec::new(), max_cells: DEFAULT_MAX_CELLS, max_memory, reader }
    }
}

/// The rules, the as-of date and the language: what `summary`, `export` and `compare` share.
#[derive(Args, Debug, Clone)]
pub struct RuleArgs {
    /// Rules file (TOML, see `ascent-viewer rules`)
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Built-in rule set when no --rules file is given (default: the view's rules, else
    /// cloudascent)
    #[arg(long, value_enum, conflicts_with = "rules")]
    pub rule_set: Option<RuleSet>,
    /// The date the fiscal year is taken from (YYYY-MM-DD; default today)
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Language of the readable report (default: the system locale)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSet {
    Cloudascent,
    PartnerCenter2023,
}

impl RuleSet {
    pub fn name(self) -> RuleSetName {
        match self {
            RuleSet::Cloudascent => RuleSetName::Cloudascent,
            RuleSet::PartnerCenter2023 => RuleSetName::PartnerCenter2023,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// act-now, evaluate, nurture, educate, unscored (comma-separated)
    #[arg(long, value_delimiter = ',', value_parser = parse_cluster)]
    pub cluster: Vec<ClusterKey>,
    /// Matrix cells a1..d4 (comma-separated)
    #[arg(long, value_delimiter = ',', value_parser = parse_cell)]
    pub cell: Vec<MatrixCell>,
    /// top-unmanaged-compute, top-unmanaged-user, mid-size, small, unknown
    #[arg(long, value_delimiter = ',', value_parser = parse_segment)]
    pub segment: Vec<Segment>,
    /// Product name, as shown in the summary (repeatable)
    #[arg(long)]
    pub product: Vec<String>,
    /// Model name, as shown in the summary (repeatable)
    #[arg(long)]
    pub model: Vec<String>,
    /// Customer country, as written in the download (repeatable)
    #[arg(long)]
    pub country: Vec<String>,
    /// Customer area (sub-region), as written in the download (repeatable)
    #[arg(long)]
    pub area: Vec<String>,
    /// Customer industry, as written in the download (repeatable)
    #[arg(long)]
    pub industry: Vec<String>,
    /// Customer vertical, as written in the download (repeatable)
    #[arg(long)]
    pub vertical: Vec<String>,
    /// A yes/no column that must be yes, e.g. HasAWS (repeatable)
    #[arg(long)]
    pub flag: Vec<String>,
    /// Only customers with an agreement expiring in the fiscal year
    #[arg(long)]
    pub expiring: bool,
    /// Only customers with an Open licensing agreement expiring in the fiscal year
    #[arg(long)]
    pub open_expiring: bool,
    /// Only predictions whose recomputed cluster differs from the workbook's
    #[arg(long)]
    pub disagreements: bool,
    /// Text in the customer's name, id or domain
    #[arg(long)]
    pub search: Option<String>,
    /// Any source column: "COLUMN=VALUE" (repeat for several values: any of them),
    /// "COLUMN>=N", "COLUMN<=N"; conditions on different columns all apply
    #[arg(long = "where", value_name = "CONDITION")]
    pub conditions: Vec<String>,
    /// Customers whose best cluster was CLUSTER in each of the N months up to the month
    /// shown, that month included (the library's months), e.g. act-now:3
    #[arg(long, value_name = "CLUSTER:N", value_parser = parse_streak)]
    pub streak: Option<Streak>,
    /// Only customers new this month: not in the month before (the library's)
    #[arg(long)]
    pub new: bool,
    /// A view file (TOML, from `view save` or the app): its filter, order and rules; the
    /// filters given beside it narrow it further
    #[arg(long, value_name = "FILE")]
    pub view: Option<PathBuf>,
}

impl FilterArgs {
    /// The view given with --view, read.
    pub fn view(&self) -> Result<Option<View>> {
        self.view.as_deref().map(|path| View::load(path).map_err(|e| anyhow::anyhow!(e.words()))).transpose()
    }

    /// The filter, its `--where` columns found in each of `datasets`, narrowing `view`'s
    /// (without the values none of `datasets` has: each one left out is said on stderr).
    pub fn to_filter(&self, datasets: &[&Dataset], view: Option<&View>) -> Result<Filter> {
        let mut columns = std::collections::BTreeMap::new();
        for condition in &self.conditions {
            crate::engine::columns::add_where(&mut columns, condition, datasets)
                .map_err(|e| anyhow::anyhow!(e.words()))?;
        }
        let given = Filter { columns, ..self.fixed_filter() };
        let Some(view) = view else { return Ok(given) };
        let fitted = view.fit_to(datasets);
        if !fitted.missing.is_empty() {
            eprintln!("{}", terminal_safe(&crate::output::views::missing_words(&view.name, &fitted.missing)));
        }
        narrow(&fitted.view.filter, &given).map_err(|e| anyhow::anyhow!(e.words()))
    }

    /// The filter as given, for a view file: `--where` columns are taken as written.
    pub fn to_unchecked_filter(&self) -> Result<Filter> {
        let mut columns = std::collections::BTreeMap::new();
        for condition in &self.conditions {
            crate::engine::columns::add_where_unchecked(&mut columns, condition)
                .map_err(|e| anyhow::anyhow!(e.words()))?;
        }
        let given = Filter { columns, ..self.fixed_filter() };
        match self.view()? {
            Some(view) => narrow(&view.filter, &given).map_err(|e| anyhow::anyhow!(e.words())),
            None => Ok(given),
        }
    }

    fn fixed_filter(&self) -> Filter {
        Filter {
            clusters: self.cluster.iter().copied().collect(),
            cells: self.cell.iter().copied().collect(),
            segments: self.segment.iter().copied().collect(),
            values: [
                (Dimension::Product, &self.product),
                (Dimension::Model, &self.model),
                (Dimension::Country, &self.country),
                (Dimension::Area, &self.area),
                (Dimension::Industry, &self.industry),
                (Dimension::Vertical, &self.vertical),
            ]
            .into_iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(d, values)| (d, values.iter().cloned().collect()))
            .collect(),
            flags: self.flag.iter().cloned().collect(),
            expiring_only: self.expiring,
            open_expiring_only: self.open_expiring,
            disagreements_only: self.disagreements,
            search: self.search.clone().unwrap_or_default(),
            columns: Default::default(),
            streak: self.streak,
            new_this_month: self.new,
        }
    }
}

#[derive(Args, Debug)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print JSON (a stable shape for scripts)
    #[arg(long)]
    pub json: bool,
    /// Also count the accounts (one per customer) per best cluster and segment
    #[arg(long)]
    pub accounts: bool,
}

#[derive(Args, Debug)]
pub struct SampleArgs {
    /// Folder to write into (created if needed)
    #[arg(short = 'o', long = "out")]
    pub out: PathBuf,
    /// insights: today's downloads (2023 data definitions, TSV); insights-2021: the 2021
    /// workbooks; workbook: one CloudAscent workbook with a long "Propensity model" tab
    #[arg(long, value_enum, default_value_t = SampleLayout::Insights)]
    pub layout: SampleLayout,
    /// How many customers the sample has
    #[arg(long, default_value_t = 2000)]
    pub customers: usize,
    /// The same seed writes the same sample, byte for byte
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Write an earlier month of the same sample (1 = the month before): scores drifted,
    /// some customers not yet there, some since gone. Use it to try `compare`
    #[arg(long, default_value_t = 0)]
    pub months_before: u32,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleLayout {
    #[value(alias = "insights-2023")]
    Insights,
    #[value(name = "insights-2021")]
    Insights2021,
    Workbook,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// The built-in rule set to print
    #[arg(long, value_enum, default_value_t = RuleSet::Cloudascent)]
    pub rule_set: RuleSet,
}

impl RuleArgs {
    /// --rules, else --rule-set, else the view's rules, else CloudAscent's.
    pub fn rules(&self, view: Option<&View>) -> Result<Rules> {
        if let Some(path) = &self.rules {
            return Rules::load(path).map_err(|e| anyhow::anyhow!(e.words()));
        }
        Ok(match (self.rule_set, view.and_then(|v| v.rules.as_ref())) {
            (Some(set), _) => set.name().rules(),
            (None, Some(rules)) => rules.rules(),
            (None, None) => Rules::cloudascent(),
        })
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub fn apply_language(&self) {
        match self.lang {
            Some(Lang::Fr) => i18n::set_language("fr"),
            Some(Lang::En) => i18n::set_language("en"),
            None => i18n::set_language(i18n::system_language()),
        }
    }
}

impl ReadArgs {
    pub fn load_options(&self) -> LoadOptions {
        let mut opts = LoadOptions::default();
        opts.detect.sheet = self.sheet.clone();
        opts.detect.header_row = self.header_row;
        opts.detect.overrides = self.map.clone();
        opts.detect.max_cells = self.max_cells;
        opts.detect.xlsx_reader = self.reader.reader();
        if let Some(bytes) = self.max_memory {
            opts.detect.max_bytes = bytes;
        }
        opts
    }
}

impl LoadArgs {
    /// A month's files, or a month of the library, read as the rest of `self` says.
    pub fn of_month(&self, paths: &[PathBuf], month: Option<Month>) -> LoadArgs {
        LoadArgs { paths: paths.to_vec(), month, ..self.clone() }
    }

    /// Loads the files (or the month of the library) and applies the rules: the session
    /// every command works on.
    pub fn session(&self, view: Option<&View>) -> Result<Session> {
        let rules = self.context.rules(view)?;
        let opts = self.read.load_options();
        let data = match self.month {
            Some(month) => {
                self.library.library()?.load(month, &opts, &mut |_| {}).map_err(|e| anyhow::anyhow!(e.words()))?
            }
            None => Dataset::load_paths(&self.paths, &opts, &mut |_| {}).map_err(|e| anyhow::anyhow!(e.words()))?,
        };
        for r in &data.report.repeated_files {
            let words = crate::output::i18n::t!("report.repeated_file", path = r.path, same_as = r.same_as);
            eprintln!("{}", terminal_safe(&words));
        }
        Ok(Session::new(Arc::new(data), rules, self.context.as_of()))
    }
}
