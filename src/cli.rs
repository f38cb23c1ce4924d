//! The headless command line: the same engine as the app, for scripts and tests.

use crate::output::messages::Words;
use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::Arc;

use crate::engine::compare::MoveFilter;
use crate::engine::dataset::Dimension;
use crate::engine::load::DEFAULT_MAX_CELLS;
use crate::engine::load::fields::Field;
use crate::engine::sample::{Layout, SampleOptions, write_sample};
use crate::engine::{ClusterKey, Dataset, Filter, LoadOptions, MatrixCell, Rules, Segment, Session};
use crate::output::i18n::{self, t};

/// The desktop app and its keyboard, in the main manual page and `--help`.
const APP_HELP: &str = "\
THE DESKTOP APP
  `ascent-viewer` with no command opens the window on the files or folders given (the bundled
  sample when none). Drag files onto the window to open them. Where the system's file dialog
  does not answer (no desktop portal), the app opens its own; ASCENT_FILE_DIALOG=builtin asks
  for it always.

KEYBOARD
  Ctrl+O              open files
  Ctrl+Alt+O          open a folder
  Ctrl+Shift+O        compare with the month before
  Ctrl+S              save the target list of the current filter
  Ctrl+Shift+S        save the movers of a comparison
  Ctrl+F              search customers
  Ctrl+R              show or hide the rules editor
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
  ascent-viewer-sample(1), ascent-viewer-rules(1), ascent-viewer-completions(1),
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
    /// xlsx (a workbook with the list, the summary and the rules) or csv (the list only)
    #[arg(long, value_enum, default_value_t = OutFormat::Xlsx)]
    pub format: OutFormat,
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

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The earlier month's files or folders
    #[arg(long, required = true, num_args = 1..)]
    pub before: Vec<PathBuf>,
    /// The later month's files or folders
    #[arg(long, required = true, num_args = 1..)]
    pub after: Vec<PathBuf>,
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

/// `up`, `down` or `FROM->TO` (none before = new, none after = gone).
fn parse_moved(s: &str) -> Result<MoveFilter, String> {
    let side = |x: &str, none: &str| -> Result<Option<ClusterKey>, String> {
        if x.trim().eq_ignore_ascii_case(none) { Ok(None) } else { parse_cluster(x).map(Some) }
    };
    match s.trim().to_ascii_lowercase().as_str() {
        "up" => Ok(MoveFilter { up: true, ..MoveFilter::default() }),
        "down" => Ok(MoveFilter { down: true, ..MoveFilter::default() }),
        other => {
            let (from, to) =
                other.split_once("->").ok_or_else(|| format!("expected up, down or FROM->TO, got \"{s}\""))?;
            Ok(MoveFilter::cell(side(from, "new")?, side(to, "gone")?))
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Xlsx,
    Csv,
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
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
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
    #[command(flatten)]
    pub context: RuleArgs,
}

/// "2G", "512M", "900K" or a number of bytes.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, shift) = match text.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('G') => (&text[..text.len() - 1], 30),
        Some('M') => (&text[..text.len() - 1], 20),
        Some('K') => (&text[..text.len() - 1], 10),
        _ => (text, 0),
    };
    let n: u64 = digits.trim().parse().map_err(|_| format!("{text}: a size such as 2G, 512M or 1000000"))?;
    n.checked_mul(1 << shift).ok_or_else(|| format!("{text}: too large"))
}

/// The rules, the as-of date and the language: what `summary`, `export` and `compare` share.
#[derive(Args, Debug, Clone)]
pub struct RuleArgs {
    /// Rules file (TOML, see `ascent-viewer rules`)
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Built-in rule set when no --rules file is given
    #[arg(long, value_enum, default_value_t = RuleSet::Cloudascent)]
    pub rule_set: RuleSet,
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
}

impl FilterArgs {
    /// The filter, its `--where` columns found in each of `datasets`.
    pub fn to_filter(&self, datasets: &[&Dataset]) -> Result<Filter> {
        let mut columns = std::collections::BTreeMap::new();
        for condition in &self.conditions {
            crate::engine::columns::add_where(&mut columns, condition, datasets)
                .map_err(|e| anyhow::anyhow!(e.words()))?;
        }
        Ok(Filter { columns, ..self.fixed_filter() })
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
            disagreements_only: self.disagreements,
            search: self.search.clone().unwrap_or_default(),
            columns: Default::default(),
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

fn parse_mapping(s: &str) -> Result<(Field, String), String> {
    let (field, header) = s.split_once('=').ok_or_else(|| format!("expected FIELD=HEADER, got \"{s}\""))?;
    let f = Field::from_key(field.trim()).ok_or_else(|| {
        let known: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        format!("unknown field \"{field}\"; fields: {}", known.join(", "))
    })?;
    Ok((f, header.trim().to_string()))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("expected a date as YYYY-MM-DD, got \"{s}\""))
}

fn parse_cluster(s: &str) -> Result<ClusterKey, String> {
    ClusterKey::from_key(s)
        .ok_or_else(|| format!("unknown cluster \"{s}\"; use act-now, evaluate, nurture, educate or unscored"))
}

fn parse_cell(s: &str) -> Result<MatrixCell, String> {
    MatrixCell::from_name(s).ok_or_else(|| format!("unknown cell \"{s}\"; cells are a1..a4, b1..b4, c1..c4, d1..d4"))
}

fn parse_segment(s: &str) -> Result<Segment, String> {
    Segment::from_key(s).ok_or_else(|| {
        format!("unknown segment \"{s}\"; use top-unmanaged-compute, top-unmanaged-user, mid-size, small or unknown")
    })
}

impl RuleArgs {
    pub fn rules(&self) -> Result<Rules> {
        match &self.rules {
            Some(path) => Rules::load(path).map_err(|e| anyhow::anyhow!(e.words())),
            None => Ok(match self.rule_set {
                RuleSet::Cloudascent => Rules::cloudascent(),
                RuleSet::PartnerCenter2023 => Rules::partner_center_2023(),
            }),
        }
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

impl LoadArgs {
    pub fn load_options(&self) -> LoadOptions {
        let mut opts = LoadOptions::default();
        opts.detect.sheet = self.sheet.clone();
        opts.detect.header_row = self.header_row;
        opts.detect.overrides = self.map.clone();
        opts.detect.max_cells = self.max_cells;
        if let Some(bytes) = self.max_memory {
            opts.detect.max_bytes = bytes;
        }
        opts
    }

    /// Loads the files and applies the rules: the session every command works on.
    pub fn session(&self) -> Result<Session> {
        let rules = self.context.rules()?;
        let data = Dataset::load_paths(&self.paths, &self.load_options(), &mut |_| {})
            .map_err(|e| anyhow::anyhow!(e.words()))?;
        Ok(Session::new(Arc::new(data), rules, self.context.as_of()))
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
fn out(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow!(t!("error.cli.output", error = e.to_string()).into_owned()))
        }
        _ => Ok(()),
    }
}

/// Runs a command; the error's message is what the user sees.
pub fn run(command: Command) -> Result<()> {
    // the locale's language until a command's --lang says otherwise
    i18n::set_language(i18n::system_language());
    match command {
        Command::Summary(args) => summary(args),
        Command::Sample(args) => {
            let opts = SampleOptions {
                layout: match args.layout {
                    SampleLayout::Insights => Layout::Insights2023,
                    SampleLayout::Insights2021 => Layout::Insights2021,
                    SampleLayout::Workbook => Layout::Workbook,
                },
                customers: args.customers,
                seed: args.seed,
                months_before: args.months_before,
            };
            if opts.customers == 0 {
                bail!(i18n::tr("error.cli.customers"));
            }
            let written = write_sample(&args.out, &opts).map_err(|e| {
                anyhow!(
                    t!("error.cli.sample", dir = args.out.display().to_string(), error = e.to_string()).into_owned()
                )
            })?;
            for path in written {
                out(&format!("{}\n", path.display()))?;
            }
            Ok(())
        }
        Command::Export(args) => export(*args),
        Command::Compare(args) => compare(*args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut cmd, "ascent-viewer", &mut buffer);
            out(&String::from_utf8_lossy(&buffer))
        }
        Command::Man { out_dir: None } => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut buffer = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buffer).context("cannot write the manual page")?;
            out(&String::from_utf8_lossy(&buffer))
        }
        Command::Man { out_dir: Some(dir) } => {
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::generate_to(cmd, &dir)
                .with_context(|| format!("cannot write the manual pages in {}", dir.display()))
        }
        Command::Rules(args) => {
            let rules = match args.rule_set {
                RuleSet::Cloudascent => Rules::cloudascent(),
                RuleSet::PartnerCenter2023 => Rules::partner_center_2023(),
            };
            out(&rules.to_toml())?;
            Ok(())
        }
    }
}

fn export(args: ExportArgs) -> Result<()> {
    use crate::output::export::{CrmPreset, ExportFormat, ExportLines, ExportOptions, SplitBy, export};
    args.load.context.apply_language();
    let session = args.load.session()?;
    let filter = args.filter.to_filter(&[&session.data])?;
    let rows = filter.apply(&session.data, &session.derived);
    let opts = ExportOptions {
        format: match args.format {
            OutFormat::Xlsx => ExportFormat::Xlsx,
            OutFormat::Csv => ExportFormat::Csv,
        },
        split_by: args.split_by.map(|k| match k {
            SplitKey::Cluster => SplitBy::Cluster,
            SplitKey::Segment => SplitBy::Segment,
            SplitKey::Product => SplitBy::Product,
        }),
        lines: match (args.crm, args.accounts) {
            (Some(crm), _) => ExportLines::Crm(match crm {
                CrmArg::Dynamics365 => CrmPreset::Dynamics365,
                CrmArg::Salesforce => CrmPreset::Salesforce,
                CrmArg::Hubspot => CrmPreset::Hubspot,
            }),
            (None, true) => ExportLines::Accounts,
            (None, false) => ExportLines::Predictions,
        },
        force: args.force,
    };
    let outcome = export(&session, &filter, &rows, &args.out, &opts, &mut |_, _| {})?;
    out(&format!("{}\n", outcome.words()))
}

fn compare(args: CompareArgs) -> Result<()> {
    use crate::engine::compare::Comparison;
    let month = |paths: &Vec<PathBuf>| LoadArgs {
        paths: paths.clone(),
        sheet: None,
        header_row: None,
        map: Vec::new(),
        max_cells: DEFAULT_MAX_CELLS,
        max_memory: None,
        context: args.context.clone(),
    };
    let (load, after_load) = (month(&args.before), month(&args.after));
    args.context.apply_language();
    // the two months load side by side
    let (before, after) = std::thread::scope(|scope| {
        let before = scope.spawn(|| load.session());
        let after = after_load.session();
        (before.join(), after)
    });
    let before = before.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    let after = after?;
    let filter = args.filter.to_filter(&[&before.data, &after.data])?;
    let cmp = Comparison::new(before, after);
    let mut pairs = cmp.apply(&filter);
    let moves = args.moved.unwrap_or_default();
    cmp.select(&mut pairs, &moves);
    if let Some(output) = &args.output {
        let outcome =
            crate::output::movers::export_movers(&cmp, &filter, &moves, &pairs, output, args.force, &mut |_, _| {})?;
        eprintln!("{}", outcome.words());
    }
    let transitions = cmp.transitions(&pairs);
    let (_, before_summary) = cmp.before.filtered(&filter);
    let (_, after_summary) = cmp.after.filtered(&filter);
    if args.json {
        let json = serde_json::json!({
            "before": crate::output::json::summary(&before_summary, &cmp.before.data, &cmp.before.derived),
            "after": crate::output::json::summary(&after_summary, &cmp.after.data, &cmp.after.derived),
            "transitions": crate::output::json::transitions(&transitions),
            "moved_up": transitions.moved_up,
            "moved_down": transitions.moved_down,
            "unchanged": transitions.unchanged,
            "new": transitions.new,
            "gone": transitions.gone,
        });
        return out(&format!("{}\n", serde_json::to_string_pretty(&json).context("cannot write JSON")?));
    }
    out(&crate::output::summary_text::readable_comparison(&cmp, &pairs, &transitions, &before_summary, &after_summary))
}

fn summary(args: Box<SummaryArgs>) -> Result<()> {
    use crate::engine::accounts::Accounts;
    args.load.context.apply_language();
    let session = args.load.session()?;
    let filter = args.filter.to_filter(&[&session.data])?;
    let (rows, filtered) = session.filtered(&filter);
    let accounts =
        args.accounts.then(|| Accounts::new(&session.data, &session.derived, &filter, &rows).counts(&session.derived));
    if args.json {
        let mut json = crate::output::json::summary(&filtered, &session.data, &session.derived);
        if let (Some(counts), Some(map)) = (&accounts, json.as_object_mut()) {
            map.insert("accounts".into(), crate::output::json::accounts(counts));
        }
        out(&format!("{}\n", serde_json::to_string_pretty(&json).context("cannot write JSON")?))?;
    } else {
        let whole = session.whole();
        let mut text = crate::output::summary_text::readable_summary(&session, &filter, &filtered, &whole);
        if let Some(counts) = &accounts {
            crate::output::summary_text::accounts_section(&mut text, counts);
        }
        out(&text)?;
    }
    Ok(())
}

/// Turns a panic into one line for people, never Rust's message: "internal error: please
/// report it". A panic inside a parser is caught where it happens and reported as a damaged
/// file naming it, so it prints nothing here.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|_| {
        if crate::engine::guard::is_caught() {
            return;
        }
        eprintln!("error: {}", t!("error.internal.cli", version = env!("CARGO_PKG_VERSION")));
    }));
}
