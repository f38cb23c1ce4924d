//! The desktop app: a thin view over the engine. Views read the state and return
//! commands; commands are handled in one place ([`AscentApp::handle`]); loading and
//! exporting run on background threads while the previous month stays on screen.

pub mod compare;
pub mod settings;
pub mod settings_file;
pub mod smoke;
pub mod system_theme;
pub mod tasks;
pub mod tokens;
pub mod views;

use crate::output::messages::Words;
use chrono::NaiveDate;
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::dataset::SourceColumn;
use crate::engine::load::fields::Field;
use crate::engine::{
    ClusterKey, Dataset, Filter, LoadError, LoadOptions, MatrixCell, Rules, Segment, Selection, Session, Source,
    Summary,
};
use crate::output::export::{ExportError, ExportFormat, ExportOptions, ExportOutcome, SplitBy};
use crate::output::i18n::{self, t, tr};
use settings::{PieMetric, Settings, ThemeChoice};
use tasks::{DialogAnswer, DialogKind, LoadRequest, LoadResult, Task};

/// A loaded month and how it was loaded (to reload it with another mapping).
pub struct Month {
    pub session: Session,
    pub sources: Vec<(Source, bool)>,
    pub options: LoadOptions,
    pub title: String,
    pub is_sample: bool,
    /// Bumped whenever the derived columns change (rules, as-of date).
    pub generation: u64,
    /// Bumped when the as-of date changes (breakdowns depend on it, not on the rules).
    pub as_of_generation: u64,
    pub columns: Vec<SourceColumn>,
}

/// Sortable table columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortColumn {
    Customer,
    CustomerId,
    Product,
    Cluster,
    Cell,
    Fit,
    Intent,
    Segment,
    Country,
    Whitespace,
    /// Up, down, new, gone (comparisons only).
    Direction,
    /// A source column, by index in [`Month::columns`].
    Source(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

/// What the screen shows for the current filter, recomputed only when its key changes.
#[derive(Default)]
pub struct ViewCache {
    key: Option<(u64, Filter, Option<Sort>)>,
    whole_generation: Option<u64>,
    whole_as_of_generation: Option<u64>,
    pub rows: Vec<u32>,
    pub summary: Summary,
    pub whole: Summary,
}

/// A notice at the bottom of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    /// A path the notice is about (export done), shown with an "Open folder" hint.
    pub path: Option<PathBuf>,
}

/// A load that failed, shown in the window with what can be done.
#[derive(Clone, Debug)]
pub struct LoadFailure {
    pub message: String,
    /// Headers seen, per sheet, when no table was recognised (for the mapping dialog).
    pub headers_seen: Vec<String>,
    pub sources: Vec<(Source, bool)>,
    pub options: LoadOptions,
    pub is_sample: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ExportChoice {
    pub split_by: Option<SplitBy>,
    pub csv: bool,
}

/// Everything a command can change.
pub struct AppState {
    pub settings: Settings,
    pub month: Option<Month>,
    pub filter: Filter,
    pub view: ViewCache,
    pub sort: Option<Sort>,
    /// The selected prediction.
    pub selected: Option<u32>,
    pub loading: Option<Task<LoadResult>>,
    pub exporting: Option<Task<Result<ExportOutcome, ExportError>>>,
    pub dialog: Option<Task<DialogAnswer>>,
    pub notices: Vec<Notice>,
    pub failure: Option<LoadFailure>,
    pub export_choice: ExportChoice,
    /// The month before, when two months are compared.
    pub compare: Option<compare::CompareState>,
    pub comparing: Option<Task<tasks::CompareResult>>,
    pub compare_view: compare::CompareView,
    /// Paths to compare with once the month being loaded is on screen.
    pub pending_compare: Option<Vec<PathBuf>>,
    next_generation: u64,
}

/// Widget state the views edit directly: text being typed, windows open.
#[derive(Default)]
pub struct UiState {
    pub search: String,
    pub as_of_text: String,
    pub focus_search: bool,
    pub show_rules: bool,
    pub show_report: bool,
    pub show_mapping: bool,
    pub show_help: bool,
    pub show_columns: bool,
    pub show_about: bool,
    /// The mapping being edited: field -> header ("" = automatic).
    pub mapping: Vec<(Field, String)>,
    pub mapping_sheet: String,
    pub mapping_header_row: String,
    /// "More columns": the column search, each facet's value search, each range's boxes.
    pub column_search: String,
    pub facet_search: std::collections::HashMap<String, String>,
    pub range_text: std::collections::HashMap<String, (String, String)>,
}

/// What views ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum AppCommand {
    OpenDialog(DialogKind),
    OpenPaths(Vec<PathBuf>),
    OpenSample,
    Reload {
        overrides: Vec<(Field, String)>,
        sheet: Option<String>,
        header_row: Option<u32>,
    },
    ToggleCluster(ClusterKey, bool),
    ToggleCell(MatrixCell, bool),
    ToggleSegment(Segment, bool),
    SetFilter(Box<Filter>),
    ClearFilter,
    SetSearch(String),
    SetRules(Rules),
    SetAsOf(NaiveDate),
    SetTheme(ThemeChoice),
    SetLanguage(String),
    SetPieMetric(PieMetric),
    /// The memory one file may take, in GB (None: half of the machine's memory).
    SetMemoryLimit(Option<u32>),
    SetSort(SortColumn),
    Select(Option<u32>),
    SetColumns(Vec<String>),
    SetExportChoice(ExportChoice),
    Export(PathBuf),
    LoadRules(PathBuf),
    SaveRules(PathBuf),
    DismissNotice(usize),
    /// Open these files or folders as the month before the one on screen.
    CompareWith(Vec<PathBuf>),
    CloseComparison,
    /// Toggle a transition cell (row, column) in the moves shown; true adds to the others.
    ToggleMove(u8, u8, bool),
    /// Toggle all moves up (true) or down (false).
    ToggleMovedUp(bool),
    ClearMoves,
    SaveMovers(PathBuf),
    /// The month before goes on screen, the month on screen becomes the one before.
    SwapMonths,
    Quit,
}

pub struct AscentApp {
    pub state: AppState,
    pub ui: UiState,
    commands: Vec<AppCommand>,
    /// The window check of the platform tests, when asked for (`smoke.rs`).
    smoke: Option<smoke::SmokeTest>,
    /// Where settings are saved (none in tests: nothing is written).
    settings_files: Option<settings_file::SettingsFiles>,
    /// The settings as last written, so that an unchanged state is not written again.
    saved_settings: Option<Settings>,
    /// Whether the window had the focus last frame: the system's app mode is read again
    /// when it comes back (`system_theme.rs`).
    focused: bool,
}

/// Starts the desktop app on `paths` (the bundled sample when empty), compared with
/// `compare_with` (the month before) when given.
pub fn run(paths: Vec<PathBuf>, compare_with: Vec<PathBuf>) -> eframe::Result<()> {
    // eframe's own file is checked before eframe reads it: some values would stop the app
    let files = settings_file::SettingsFiles::in_storage_dir();
    let mut repairs = Vec::new();
    if let Some(files) = &files {
        files.check_eframe_state(&mut repairs);
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Ascent Viewer")
            .with_app_id("ascent-viewer")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0])
            .with_drag_and_drop(true)
            .with_icon(views::icon()),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "ascent-viewer",
        options,
        Box::new(move |cc| Ok(Box::new(AscentApp::new(cc, paths, compare_with, files, repairs)))),
    )
}

impl AscentApp {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        paths: Vec<PathBuf>,
        compare_with: Vec<PathBuf>,
        files: Option<settings_file::SettingsFiles>,
        mut repairs: Vec<settings_file::Repair>,
    ) -> AscentApp {
        // settings.ron; on the first run after an older version, what eframe's file held
        let settings = files.as_ref().and_then(|f| f.load(&mut repairs)).unwrap_or_else(|| Settings::load(cc.storage));
        let mut app = AscentApp::with_settings(settings);
        for repair in repairs {
            app.notify(repair_words(&repair), true, None);
        }
        app.settings_files = files;
        app.smoke = smoke::SmokeTest::from_env();
        // SIGINT, SIGTERM, Ctrl+C in the terminal: close the window the usual way (settings
        // saved, an unfinished export's temporary file removed in `on_exit`)
        let ctx = cc.egui_ctx.clone();
        let _ = ctrlc::set_handler(move || {
            crate::engine::staging::remove_unfinished();
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            ctx.request_repaint();
        });
        if !compare_with.is_empty() {
            app.state.pending_compare = Some(compare_with);
        }
        app.apply_theme(&cc.egui_ctx);
        if paths.is_empty() {
            app.commands.push(AppCommand::OpenSample);
        } else {
            app.commands.push(AppCommand::OpenPaths(paths));
        }
        app.handle(&cc.egui_ctx);
        app
    }

    pub fn with_settings(settings: Settings) -> AscentApp {
        i18n::set_language(settings.language.as_deref().unwrap_or_else(|| i18n::system_language()));
        let mut notices = Vec::new();
        if !settings.damaged.is_empty() {
            notices.push(Notice {
                text: t!("notice.settings_damaged", keys = settings.damaged.join(", ")).into_owned(),
                error: true,
                path: None,
            });
        }
        AscentApp {
            state: AppState {
                settings,
                month: None,
                filter: Filter::default(),
                view: ViewCache::default(),
                sort: None,
                selected: None,
                loading: None,
                exporting: None,
                dialog: None,
                notices,
                failure: None,
                export_choice: ExportChoice::default(),
                compare: None,
                comparing: None,
                compare_view: compare::CompareView::default(),
                pending_compare: None,
                next_generation: 1,
            },
            ui: UiState { as_of_text: i18n::format_date(today()), ..UiState::default() },
            commands: Vec::new(),
            smoke: None,
            settings_files: None,
            saved_settings: None,
            focused: true,
        }
    }

    /// True while a load, an export or a dialog is under way.
    pub fn is_busy(&self) -> bool {
        let s = &self.state;
        s.loading.is_some() || s.exporting.is_some() || s.dialog.is_some() || s.comparing.is_some()
    }

    pub fn push(&mut self, command: AppCommand) {
        self.commands.push(command);
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.state.settings.theme {
            ThemeChoice::System => match system_theme::app_mode() {
                Some(egui::Theme::Dark) => egui::ThemePreference::Dark,
                Some(egui::Theme::Light) => egui::ThemePreference::Light,
                None => egui::ThemePreference::System,
            },
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    pub(crate) fn notify(&mut self, text: String, error: bool, path: Option<PathBuf>) {
        self.state.notices.push(Notice { text, error, path });
        if self.state.notices.len() > 4 {
            self.state.notices.remove(0);
        }
    }

    fn start_load(&mut self, ctx: &egui::Context, request: LoadRequest) {
        let label = if request.is_sample {
            tr("load.sample")
        } else {
            t!("load.files", count = request.sources.len()).into_owned()
        };
        self.state.loading = Some(tasks::spawn_load(ctx, label, request));
    }

    fn as_of(&self) -> NaiveDate {
        i18n::parse_date(&self.ui.as_of_text).unwrap_or_else(today)
    }

    /// Handles the commands the views gave this frame.
    pub fn handle(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            self.handle_one(ctx, command);
        }
    }

    fn handle_one(&mut self, ctx: &egui::Context, command: AppCommand) {
        let s = &mut self.state;
        match command {
            AppCommand::OpenDialog(kind) => {
                if s.dialog.is_none() {
                    let (title, name) = match kind {
                        DialogKind::OpenFiles => (tr("dialog.open_files"), None),
                        DialogKind::OpenFolder => (tr("dialog.open_folder"), None),
                        DialogKind::CompareFiles => (tr("dialog.compare_files"), None),
                        DialogKind::CompareFolder => (tr("dialog.compare_folder"), None),
                        DialogKind::SaveMovers => (tr("dialog.save_movers"), Some(default_movers_name(s))),
                        DialogKind::SaveTargets => {
                            (tr("dialog.save_targets"), Some(default_export_name(&s.filter, s.export_choice.csv)))
                        }
                        DialogKind::LoadRules => (tr("dialog.load_rules"), None),
                        DialogKind::SaveRules => (tr("dialog.save_rules"), Some("ascent-rules.toml".to_string())),
                    };
                    s.dialog = Some(tasks::spawn_dialog(ctx, kind, title, name));
                }
            }
            AppCommand::OpenPaths(paths) => {
                let sources = match sources_of(&paths) {
                    Ok(sources) => sources,
                    Err(e) => {
                        let options = s.settings.load_options();
                        return self.fail(e, Vec::new(), options, false);
                    }
                };
                let options = s.settings.load_options();
                let request = LoadRequest { sources, options, is_sample: false, paths, reload: false };
                self.start_load(ctx, request);
            }
            AppCommand::OpenSample => {
                let request = LoadRequest {
                    sources: crate::sample_assets::sources(),
                    options: s.settings.load_options(),
                    is_sample: true,
                    paths: Vec::new(),
                    reload: false,
                };
                self.start_load(ctx, request);
            }
            AppCommand::Reload { overrides, sheet, header_row } => {
                let (sources, mut options, is_sample) = match (&s.failure, &s.month) {
                    (Some(f), _) => (f.sources.clone(), f.options.clone(), f.is_sample),
                    (None, Some(m)) => (m.sources.clone(), m.options.clone(), m.is_sample),
                    (None, None) => return,
                };
                options.detect.overrides = overrides;
                options.detect.sheet = sheet;
                options.detect.header_row = header_row;
                let paths = sources
                    .iter()
                    .filter_map(|(src, _)| match src {
                        Source::Path(p) => Some(p.clone()),
                        Source::Memory { .. } => None,
                    })
                    .collect();
                self.start_load(ctx, LoadRequest { sources, options, is_sample, paths, reload: true });
            }
            AppCommand::ToggleCluster(key, additive) => toggle(&mut s.filter.clusters, key, additive),
            AppCommand::ToggleCell(cell, additive) => toggle(&mut s.filter.cells, cell.index() as u8, additive),
            AppCommand::ToggleSegment(segment, additive) => toggle(&mut s.filter.segments, segment, additive),
            AppCommand::SetFilter(filter) => {
                self.ui.search = filter.search.clone();
                s.filter = *filter;
            }
            AppCommand::ClearFilter => {
                s.filter = Filter::default();
                self.ui.search.clear();
                if let Some(c) = s.compare.as_mut() {
                    c.moves = Default::default();
                }
            }
            AppCommand::SetSearch(text) => s.filter.search = text,
            AppCommand::SetRules(rules) => {
                if rules.validate().is_ok() {
                    s.settings.rules = rules.clone();
                    if let Some(m) = s.month.as_mut() {
                        m.session.derived.set_rules(&m.session.data, rules);
                        m.generation = s.next_generation;
                        s.next_generation += 1;
                    }
                }
            }
            AppCommand::SetAsOf(date) => {
                self.ui.as_of_text = i18n::format_date(date);
                if let Some(m) = s.month.as_mut() {
                    m.session.derived.set_as_of(&m.session.data, date);
                    m.generation = s.next_generation;
                    m.as_of_generation = s.next_generation;
                    s.next_generation += 1;
                }
            }
            AppCommand::SetTheme(theme) => {
                s.settings.theme = theme;
                self.apply_theme(ctx);
            }
            AppCommand::SetLanguage(lang) => {
                i18n::set_language(&lang);
                s.settings.language = Some(lang);
                // the date field follows the language's order
                let as_of = s.month.as_ref().map(|m| m.session.derived.as_of).unwrap_or_else(today);
                self.ui.as_of_text = i18n::format_date(as_of);
            }
            AppCommand::SetPieMetric(metric) => s.settings.pie_metric = metric,
            // applies to the next file opened; the month on screen is already in memory
            AppCommand::SetMemoryLimit(gb) => s.settings.memory_limit_gb = gb,
            AppCommand::SetSort(column) => {
                s.sort = match s.sort {
                    Some(sort) if sort.column == column && !sort.descending => Some(Sort { column, descending: true }),
                    Some(sort) if sort.column == column => None,
                    _ => Some(Sort { column, descending: false }),
                };
            }
            AppCommand::Select(row) => s.selected = row,
            AppCommand::SetColumns(columns) => s.settings.columns = columns,
            AppCommand::SetExportChoice(choice) => s.export_choice = choice,
            AppCommand::Export(path) => self.start_export(ctx, path),
            AppCommand::LoadRules(path) => match Rules::load(&path) {
                Ok(rules) => {
                    let name = rules.name.clone();
                    self.commands_now(ctx, AppCommand::SetRules(rules));
                    self.notify(t!("notice.rules_loaded", name = name).into_owned(), false, None);
                }
                Err(e) => self.notify(e.words(), true, None),
            },
            AppCommand::SaveRules(path) => {
                let text = s.settings.rules.to_toml();
                match write_atomically(&path, text.as_bytes()) {
                    Ok(()) => self.notify(
                        t!("notice.rules_saved", path = path.display().to_string()).into_owned(),
                        false,
                        None,
                    ),
                    Err(e) => self.notify(
                        t!("notice.rules_not_saved", path = path.display().to_string(), error = e.to_string())
                            .into_owned(),
                        true,
                        None,
                    ),
                }
            }
            AppCommand::DismissNotice(i) => {
                if i < s.notices.len() {
                    s.notices.remove(i);
                }
            }
            AppCommand::CompareWith(_)
            | AppCommand::CloseComparison
            | AppCommand::ToggleMove(..)
            | AppCommand::ToggleMovedUp(_)
            | AppCommand::ClearMoves
            | AppCommand::SaveMovers(_)
            | AppCommand::SwapMonths => self.handle_compare(ctx, command),
            AppCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn commands_now(&mut self, ctx: &egui::Context, command: AppCommand) {
        self.handle_one(ctx, command);
    }

    fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let s = &self.state;
        let Some(month) = &s.month else { return };
        if s.exporting.is_some() {
            return;
        }
        let csv = s.export_choice.csv || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let options = ExportOptions {
            format: if csv { ExportFormat::Csv } else { ExportFormat::Xlsx },
            split_by: if csv { None } else { s.export_choice.split_by },
            // the save dialog already asked whether to replace an existing file
            force: true,
        };
        let rows = s.filter.apply(&month.session.data, &month.session.derived);
        let label = t!("export.progress", rows = i18n::format_count(rows.len())).into_owned();
        self.state.exporting =
            Some(tasks::spawn_export(ctx, label, month.session.clone(), s.filter.clone(), rows, path, options));
    }

    fn fail(&mut self, error: LoadError, sources: Vec<(Source, bool)>, options: LoadOptions, is_sample: bool) {
        let headers_seen = match &error {
            LoadError::NoData { sheets, .. } => {
                let mut seen: Vec<String> = Vec::new();
                for s in sheets {
                    for h in &s.headers_seen {
                        if !seen.contains(h) {
                            seen.push(h.clone());
                        }
                    }
                }
                seen
            }
            _ => Vec::new(),
        };
        let show_mapping = !headers_seen.is_empty();
        self.state.failure = Some(LoadFailure { message: error.words(), headers_seen, sources, options, is_sample });
        if show_mapping {
            self.ui.mapping = Vec::new();
            self.ui.show_mapping = true;
        }
    }

    /// Collects what background tasks finished.
    fn poll_tasks(&mut self, ctx: &egui::Context) {
        if let Some(task) = self.state.loading.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.loading = None;
            match polled {
                Ok((request, Ok(data))) => self.loaded(ctx, request, data),
                Ok((request, Err(e))) => self.fail(e, request.sources, request.options, request.is_sample),
                Err(tasks::Panicked) => self.notify(tr("error.internal.load"), true, None),
            }
        }
        if let Some(task) = self.state.exporting.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.exporting = None;
            match polled {
                Err(tasks::Panicked) => self.notify(tr("error.internal.export"), true, None),
                Ok(Ok(outcome)) => self.notify(
                    t!(
                        "export.done",
                        rows = i18n::format_count(outcome.rows),
                        path = outcome.path.display().to_string()
                    )
                    .into_owned(),
                    false,
                    Some(outcome.path),
                ),
                Ok(Err(e)) => self.notify(e.to_string(), true, None),
            }
        }
        if let Some(task) = self.state.comparing.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.comparing = None;
            match polled {
                Ok(result) => self.compared(result),
                Err(tasks::Panicked) => self.notify(tr("error.internal.load"), true, None),
            }
        }
        if let Some(task) = self.state.dialog.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.dialog = None;
            match polled {
                Err(tasks::Panicked) => self.notify(tr("error.internal.dialog"), true, None),
                Ok(answer) if answer.instant => self.notify(tr("notice.no_portal"), true, None),
                Ok(answer) if !answer.paths.is_empty() => {
                    let command = match answer.kind {
                        DialogKind::OpenFiles | DialogKind::OpenFolder => AppCommand::OpenPaths(answer.paths),
                        DialogKind::CompareFiles | DialogKind::CompareFolder => AppCommand::CompareWith(answer.paths),
                        DialogKind::SaveMovers => AppCommand::SaveMovers(answer.paths[0].clone()),
                        DialogKind::SaveTargets => AppCommand::Export(answer.paths[0].clone()),
                        DialogKind::LoadRules => AppCommand::LoadRules(answer.paths[0].clone()),
                        DialogKind::SaveRules => AppCommand::SaveRules(answer.paths[0].clone()),
                    };
                    self.commands.push(command);
                }
                Ok(_) => {}
            }
        }
        if self.is_busy() {
            // progress bars move only while something runs; idle frames are not requested
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    /// A month on screen for a session, with a fresh generation.
    fn month_of(&mut self, session: Session, request: LoadRequest) -> Month {
        let generation = self.state.next_generation;
        self.state.next_generation += 1;
        Month {
            columns: session.data.source_columns(),
            title: session.data.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(", "),
            session,
            sources: request.sources,
            options: request.options,
            is_sample: request.is_sample,
            generation,
            as_of_generation: generation,
        }
    }

    fn loaded(&mut self, ctx: &egui::Context, mut request: LoadRequest, data: Dataset) {
        let session = Session::new(Arc::new(data), self.state.settings.rules.clone(), self.as_of());
        // the month on screen loaded again: its comparison is matched again with the new load
        let rematch = if request.reload { self.state.compare.take() } else { None };
        let paths = std::mem::take(&mut request.paths);
        if !paths.is_empty() {
            self.state.settings.remember(&paths);
        }
        let month = self.month_of(session, request);
        self.state.month = Some(month);
        // without a customer column every row counts as a customer of its own: offer the mapping
        let has_customer = self.state.month.as_ref().is_some_and(|m| {
            m.session.data.tables.iter().any(|t| t.mapping.has(Field::CustomerId) || t.mapping.has(Field::CustomerName))
        });
        self.state.failure = None;
        // a new month on screen: the comparison was with the old one
        self.state.compare = None;
        self.state.compare_view = compare::CompareView::default();
        if let Some(paths) = self.state.pending_compare.take() {
            self.commands.push(AppCommand::CompareWith(paths));
        }
        if let Some(c) = rematch
            && let Some(month) = &self.state.month
            && self.state.comparing.is_none()
        {
            let label = t!("compare.matching").into_owned();
            let after = month.session.clone();
            self.state.comparing = Some(tasks::spawn_match(ctx, label, c.before_request, c.cmp.before, after));
        }
        self.state.selected = None;
        self.state.filter = Filter::default();
        self.ui.search.clear();
        self.state.sort = None;
        self.ui.show_mapping = !has_customer;
    }

    /// Brings the view cache up to date with the month, the filter and the sort.
    pub fn refresh_view(&mut self) {
        self.sync_compare();
        let before_rows = {
            let s = &mut self.state;
            let Some(month) = &s.month else { return };
            let (filter, compare, view) = (&s.filter, &s.compare, &mut s.view);
            // with two months, the month before's filter runs beside this month's view
            let before_due = compare.is_some()
                && !filter.is_empty()
                && s.compare_view.key.as_ref().is_none_or(|(g, f)| *g != month.generation || f != filter);
            std::thread::scope(|scope| {
                let before = compare
                    .as_ref()
                    .filter(|_| before_due)
                    .map(|c| scope.spawn(move || filter.apply(&c.cmp.before.data, &c.cmp.before.derived)));
                refresh_month_view(month, filter, s.sort, view);
                before.and_then(|job| job.join().ok())
            })
        };
        self.refresh_compare_view(before_rows);
        let s = &mut self.state;
        if let Some(sel) = s.selected {
            let shown = match &s.compare {
                Some(c) => s.compare_view.pairs.iter().any(|&k| c.cmp.after_row[k as usize] == sel),
                None => s.view.rows.contains(&sel),
            };
            if !shown {
                s.selected = None;
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |m, k| KeyboardShortcut::new(m, k);
        // the most specific first: Ctrl+O also matches Ctrl+Shift+O (extra Shift and Alt are ignored)
        let (compare, open_folder, open, save_movers, save, find, rules, help, quit, esc) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::O)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::ALT, Key::O)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::O)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::S)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::S)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::F)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::R)),
                i.consume_shortcut(&shortcut(Modifiers::NONE, Key::F1)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Q)),
                i.key_pressed(Key::Escape),
            )
        });
        if open {
            self.commands.push(AppCommand::OpenDialog(DialogKind::OpenFiles));
        }
        if open_folder {
            self.commands.push(AppCommand::OpenDialog(DialogKind::OpenFolder));
        }
        if compare && self.state.month.is_some() {
            self.commands.push(AppCommand::OpenDialog(DialogKind::CompareFiles));
        }
        if save_movers && self.state.compare.is_some() {
            self.commands.push(AppCommand::OpenDialog(DialogKind::SaveMovers));
        }
        if save && self.state.month.is_some() {
            self.commands.push(AppCommand::OpenDialog(DialogKind::SaveTargets));
        }
        if find {
            self.ui.focus_search = true;
        }
        if rules {
            self.ui.show_rules = !self.ui.show_rules;
        }
        if help {
            self.ui.show_help = !self.ui.show_help;
        }
        if quit {
            self.commands.push(AppCommand::Quit);
        }
        let typing = ctx.memory(|m| m.focused().is_some());
        if esc && !typing && !self.any_window_open() {
            self.commands.push(AppCommand::ClearFilter);
        }
    }

    fn any_window_open(&self) -> bool {
        let u = &self.ui;
        u.show_rules || u.show_report || u.show_mapping || u.show_help || u.show_columns || u.show_about
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if !dropped.is_empty() {
            self.commands.push(AppCommand::OpenPaths(dropped));
        }
    }
}

/// Brings the view cache up to date with the month, the filter and the sort.
fn refresh_month_view(month: &Month, filter: &Filter, sort: Option<Sort>, view: &mut ViewCache) {
    let key = (month.generation, filter.clone(), sort);
    if view.key.as_ref() == Some(&key) {
        return;
    }
    let need_whole = view.whole_generation != Some(month.generation);
    let filter_empty = filter.is_empty();
    // after a rules change both summaries are due: compute them side by side
    // only the rules changed: the whole summary's breakdowns stay as they were
    let reuse = view.whole_as_of_generation == Some(month.as_of_generation);
    let previous = &view.whole;
    let whole_of = |ds: &Dataset, d: &crate::engine::Derived| {
        if reuse {
            Summary::whole_after_rules(ds, d, previous)
        } else {
            Summary::compute_split(ds, d, Selection::All, usize::MAX)
        }
    };
    let ((mut rows, summary), whole) = if need_whole && !filter_empty {
        // one thread each: the two already keep both cores busy
        std::thread::scope(|scope| {
            let (ds, d) = (&month.session.data, &month.session.derived);
            let whole = scope.spawn(|| whole_of(ds, d));
            let rows = filter.apply(ds, d);
            // the screen shows breakdowns of the whole data only: the filter's figures suffice
            let filtered = Summary::compute_figures(ds, d, Selection::Rows(&rows), usize::MAX);
            ((rows, filtered), whole.join().ok())
        })
    } else if need_whole && filter_empty {
        // no filter: the filtered view is the whole data set
        let whole = whole_of(&month.session.data, &month.session.derived);
        (((0..month.session.data.predictions.len() as u32).collect(), whole.clone()), Some(whole))
    } else if filter_empty {
        // the whole summary is current
        (((0..month.session.data.predictions.len() as u32).collect(), view.whole.clone()), None)
    } else {
        let (ds, d) = (&month.session.data, &month.session.derived);
        let rows = filter.apply(ds, d);
        let figures = Summary::compute_figures(ds, d, Selection::Rows(&rows), crate::engine::summary::PARALLEL_FROM);
        ((rows, figures), None)
    };
    if let Some(sort) = sort {
        views::table::sort_rows(month, &mut rows, sort);
    }
    if need_whole {
        view.whole = match whole {
            Some(whole) => whole,
            // with no filter the filtered summary is the whole one
            None if filter_empty => summary.clone(),
            None => month.session.whole(),
        };
        view.whole_generation = Some(month.generation);
        view.whole_as_of_generation = Some(month.as_of_generation);
    }
    view.rows = rows;
    view.summary = summary;
    view.key = Some(key);
}

pub(crate) fn toggle<T: Ord + Copy>(set: &mut std::collections::BTreeSet<T>, value: T, additive: bool) {
    if additive {
        if !set.remove(&value) {
            set.insert(value);
        }
    } else if set.len() == 1 && set.contains(&value) {
        set.clear();
    } else {
        set.clear();
        set.insert(value);
    }
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// "targets-act-now.xlsx" from the filter in force.
fn default_export_name(filter: &Filter, csv: bool) -> String {
    let mut parts: Vec<String> = vec!["targets".into()];
    for p in filter.parts().iter().take(2) {
        for v in p.values.iter().filter(|v| !v.is_empty()).take(2) {
            parts.push(v.replace('_', "-").to_lowercase().replace(|c: char| !c.is_alphanumeric() && c != '-', "-"));
        }
    }
    format!("{}.{}", parts.join("-"), if csv { "csv" } else { "xlsx" })
}

/// The sources of files and folders given: a folder's workbooks and CSV files (flagged, so
/// that those holding no propensity data are skipped rather than failing the load).
fn sources_of(paths: &[PathBuf]) -> Result<Vec<(Source, bool)>, LoadError> {
    let mut sources = Vec::new();
    for path in paths {
        if path.is_dir() {
            let files = crate::engine::load::read::expand_paths(std::slice::from_ref(path))?;
            sources.extend(files.into_iter().map(|f| (Source::Path(f), true)));
        } else {
            sources.push((Source::Path(path.clone()), false));
        }
    }
    Ok(sources)
}

/// "movers-evaluate-act-now.xlsx" from the moves chosen.
fn default_movers_name(s: &AppState) -> String {
    let mut parts: Vec<String> = vec!["movers".into()];
    if let Some(c) = &s.compare {
        let m = &c.moves;
        if m.up {
            parts.push("up".into());
        }
        if m.down {
            parts.push("down".into());
        }
        let key = |row: usize, none: &str| ClusterKey::ALL.get(row).map(|k| k.key()).unwrap_or(none).replace('_', "-");
        for &(r, col) in m.cells.iter().take(2) {
            parts.push(format!("{}-{}", key(r as usize, "new"), key(col as usize, "gone")));
        }
    }
    format!("{}.xlsx", parts.join("-"))
}

/// What a settings repair at start says.
fn repair_words(repair: &settings_file::Repair) -> String {
    match repair {
        settings_file::Repair::MovedAside(to) => {
            t!("notice.settings_moved_aside", path = to.display().to_string()).into_owned()
        }
        settings_file::Repair::Zoom => tr("notice.zoom_reset"),
        settings_file::Repair::Window => tr("notice.window_reset"),
    }
}

/// Writes through a temporary file in the same folder, renamed into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

impl eframe::App for AscentApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let focused = ctx.input(|i| i.focused);
        if focused && !self.focused && self.state.settings.theme == ThemeChoice::System {
            self.apply_theme(&ctx);
        }
        self.focused = focused;
        self.poll_tasks(&ctx);
        self.shortcuts(&ctx);
        self.dropped_files(&ctx);
        self.handle(&ctx);
        self.refresh_view();
        let mut commands = std::mem::take(&mut self.commands);
        views::app_ui(ui, &self.state, &mut self.ui, &mut commands);
        let changed = !commands.is_empty();
        self.commands = commands;
        self.handle(&ctx);
        self.refresh_view();
        if changed {
            // show the outcome of this frame's clicks on the next one
            ctx.request_repaint();
        }
        if let Some(smoke) = &mut self.smoke {
            smoke.after_frame(&ctx, &self.state, frame);
        }
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        // our own file, written whole or not at all; eframe's keeps the window and egui's memory.
        // eframe asks every 30 seconds: the file is written only when something changed.
        let Some(files) = &self.settings_files else { return };
        if self.saved_settings.as_ref() == Some(&self.state.settings) {
            return;
        }
        match files.save(&self.state.settings) {
            Ok(()) => self.saved_settings = Some(self.state.settings.clone()),
            Err(e) => self.notify(t!("notice.settings_not_saved", error = e.to_string()).into_owned(), true, None),
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // the window closed during a save: the export thread ends with the process
        crate::engine::staging::remove_unfinished();
    }
}
