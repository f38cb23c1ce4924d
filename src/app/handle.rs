//! The commands' handling: loading, filtering, rules, exports, comparisons and settings,
//! each changing the state in one place, and collecting what background tasks finished.

use crate::engine::load::read::Origin;
use chrono::NaiveDate;
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::AscentApp;
use super::accounts::{AccountSort, TableLines};
use super::command::AppCommand;
use super::file_dialog::{self, FileDialog};
use super::files::*;
use super::rows::refresh_month_view;
use super::state::*;
use super::tasks::{self, DialogKind, LoadRequest};
use crate::engine::library::LibraryError;
use crate::engine::load::fields::Field;
use crate::engine::{Dataset, Filter, LoadError, LoadOptions, Rules, Session, Source};
use crate::output::export::{ExportFormat, ExportOptions};
use crate::output::i18n::{self, t, tr};
use crate::output::messages::Words;

impl AscentApp {
    /// True while a load, an export or a dialog is under way.
    pub fn is_busy(&self) -> bool {
        let s = &self.state;
        s.loading.is_some()
            || s.exporting.is_some()
            || s.reporting.is_some()
            || s.dialog.is_some()
            || s.comparing.is_some()
            || s.library.is_busy()
    }

    pub fn push(&mut self, command: AppCommand) {
        self.commands.push(command);
    }

    pub(crate) fn notify(&mut self, text: String, kind: NoticeKind, path: Option<PathBuf>) {
        if kind == NoticeKind::View {
            self.state.notices.retain(|n| n.kind != NoticeKind::View);
        }
        self.state.notices.push(Notice { text, kind, path });
        if self.state.notices.len() > 4 {
            self.state.notices.remove(0);
        }
    }

    pub(crate) fn start_load(&mut self, ctx: &egui::Context, request: LoadRequest) {
        let label = if request.is_sample {
            tr("load.sample")
        } else {
            t!(&crate::output::i18n::plural("load.files", request.sources.len()), count = request.sources.len())
                .into_owned()
        };
        self.state.loading = Some(tasks::spawn_load(ctx, label, request));
    }

    pub(crate) fn as_of(&self) -> NaiveDate {
        i18n::parse_date(&self.ui.as_of_text).unwrap_or_else(today)
    }

    /// Handles the commands the views gave this frame.
    pub fn handle(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            self.handle_one(ctx, command);
        }
    }

    pub(crate) fn handle_one(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::OpenDialog(kind) => self.open_dialog(ctx, kind),
            AppCommand::OpenPaths(paths) => self.open_paths(ctx, paths),
            AppCommand::DismissFailure => self.state.failure = None,
            AppCommand::OpenSample => {
                let request = LoadRequest {
                    sources: crate::sample_assets::sources(),
                    options: self.state.settings.load_options(),
                    is_sample: true,
                    paths: Vec::new(),
                    reload: false,
                    library_month: None,
                    library: None,
                };
                self.start_load(ctx, request);
            }
            AppCommand::Reload { overrides, sheet, header_row } => self.reload(ctx, overrides, sheet, header_row),
            AppCommand::ToggleCluster(..)
            | AppCommand::ToggleCell(..)
            | AppCommand::ToggleSegment(..)
            | AppCommand::SetFilter(_)
            | AppCommand::ClearFilter
            | AppCommand::SetSearch(_) => self.handle_filter(command),
            AppCommand::SetRules(rules) => self.set_rules(rules),
            AppCommand::SetAsOf(date) => self.set_as_of(date),
            AppCommand::SetTheme(_)
            | AppCommand::SetLanguage(_)
            | AppCommand::SetPieMetric(_)
            | AppCommand::SetMemoryLimit(_)
            | AppCommand::SetRenderer(_)
            | AppCommand::SetSort(_)
            | AppCommand::Select(_)
            | AppCommand::SetTableLines(_)
            | AppCommand::SetAccountSort(_)
            | AppCommand::SelectAccount(_)
            | AppCommand::SetColumns(_)
            | AppCommand::SetExportChoice(_)
            | AppCommand::DismissNotice(_) => self.handle_view(ctx, command),
            AppCommand::Export(path) => self.start_export(ctx, path),
            AppCommand::LoadRules(path) => match Rules::load(&path) {
                Ok(rules) => {
                    let name = rules.name.clone();
                    self.commands_now(ctx, AppCommand::SetRules(rules));
                    self.notify(t!("notice.rules_loaded", name = name).into_owned(), NoticeKind::Info, None);
                }
                Err(e) => self.notify(e.words(), NoticeKind::Problem, None),
            },
            AppCommand::SaveRules(path) => self.save_rules(&path),
            AppCommand::CompareWith(_)
            | AppCommand::CloseComparison
            | AppCommand::ToggleMove(..)
            | AppCommand::ToggleMovedUp(_)
            | AppCommand::ClearMoves
            | AppCommand::SaveMovers(_)
            | AppCommand::SwapMonths => self.handle_compare(ctx, command),
            AppCommand::ApplyView(_)
            | AppCommand::SaveViewAs(_)
            | AppCommand::RenameView(..)
            | AppCommand::DeleteView(_)
            | AppCommand::MoveView(..)
            | AppCommand::ExportView(..)
            | AppCommand::ImportView(_)
            | AppCommand::SaveReport(_) => self.handle_views(ctx, command),
            AppCommand::OpenLibraryMonth(_)
            | AppCommand::CompareLibraryMonth(_)
            | AppCommand::KeepMonth(..)
            | AppCommand::DismissKeep
            | AppCommand::RemoveLibraryMonth(_)
            | AppCommand::SetKeepInLibrary(_)
            | AppCommand::OpenLibraryFolder
            | AppCommand::SetLibraryFolder(_) => self.handle_library(ctx, command),
            AppCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn open_dialog(&mut self, ctx: &egui::Context, kind: DialogKind) {
        let s = &mut self.state;
        if s.dialog.is_some() {
            return;
        }
        let (title, name) = match kind {
            DialogKind::OpenFiles => (tr("dialog.open_files"), None),
            DialogKind::OpenFolder => (tr("dialog.open_folder"), None),
            DialogKind::CompareFiles => (tr("dialog.compare_files"), None),
            DialogKind::CompareFolder => (tr("dialog.compare_folder"), None),
            DialogKind::SaveMovers => (tr("dialog.save_movers"), Some(default_movers_name(s))),
            DialogKind::SaveTargets => {
                (tr("dialog.save_targets"), Some(default_export_name(&s.filter, &s.export_choice)))
            }
            DialogKind::LoadRules => (tr("dialog.load_rules"), None),
            DialogKind::SaveRules => (tr("dialog.save_rules"), Some("ascent-rules.toml".to_string())),
            DialogKind::ExportView(i) => (tr("dialog.export_view"), Some(super::saved_views::file_name_of(s, i))),
            DialogKind::ImportView => (tr("dialog.import_view"), None),
            DialogKind::SaveReport => (tr("dialog.save_report"), Some(super::saved_views::report_name(s))),
            DialogKind::LibraryFolder => (tr("dialog.library_folder"), None),
        };
        match s.dialog_backend {
            DialogBackend::System => s.dialog = Some(tasks::spawn_dialog(ctx, kind, title, name)),
            DialogBackend::BuiltIn => self.open_builtin_dialog(kind, title, name),
        }
    }

    fn open_builtin_dialog(&mut self, kind: DialogKind, title: String, name: Option<String>) {
        let near = self.ui.last_dir.clone().or_else(|| {
            let month = self.state.month.as_ref()?;
            month.session.data.files.first().map(|f| PathBuf::from(&f.path))
        });
        // the sample's files live in a temporary folder: not a place to start from
        let near =
            near.filter(|_| self.ui.last_dir.is_some() || !self.state.month.as_ref().is_some_and(|m| m.is_sample));
        self.ui.file_dialog = Some(FileDialog::new(kind, title, name, file_dialog::start_dir(near.as_deref())));
    }

    fn open_paths(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        let options = self.state.settings.load_options();
        match sources_of(&paths) {
            Ok(sources) => {
                let request = LoadRequest {
                    sources,
                    options,
                    is_sample: false,
                    paths,
                    reload: false,
                    library_month: None,
                    library: None,
                };
                self.start_load(ctx, request);
            }
            Err(e) => self.fail(e.into(), Vec::new(), options, false),
        }
    }

    /// Loads the month on screen (or the one that failed) again with another mapping.
    fn reload(
        &mut self,
        ctx: &egui::Context,
        overrides: Vec<(Field, String)>,
        sheet: Option<String>,
        header_row: Option<u32>,
    ) {
        let s = &self.state;
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
                Source::Memory { .. } | Source::Stored(_) => None,
            })
            .collect();
        let library_month = self.state.library.shown.filter(|_| {
            self.state.month.as_ref().is_some_and(|m| m.sources.iter().all(|(s, _)| matches!(s, Source::Stored(_))))
        });
        self.start_load(
            ctx,
            LoadRequest { sources, options, is_sample, paths, reload: true, library_month, library: None },
        );
    }

    fn handle_filter(&mut self, command: AppCommand) {
        let s = &mut self.state;
        match command {
            AppCommand::ToggleCluster(key, pick) => pick.apply(&mut s.filter.clusters, key),
            AppCommand::ToggleCell(cell, pick) => pick.apply(&mut s.filter.cells, cell),
            AppCommand::ToggleSegment(segment, pick) => pick.apply(&mut s.filter.segments, segment),
            AppCommand::SetFilter(filter) => {
                self.ui.search = filter.search.clone();
                s.filter = *filter;
            }
            AppCommand::ClearFilter => {
                s.filter = Filter::default();
                self.ui.search.clear();
                // the view's notice goes with its filter, and its table goes back to the one before
                s.notices.retain(|n| n.kind != NoticeKind::View);
                if let Some(mode) = s.table_before_view.take() {
                    self.commands.push(AppCommand::SetTableLines(mode));
                }
                if let Some(c) = s.compare.as_mut() {
                    c.moves = Default::default();
                }
            }
            AppCommand::SetSearch(text) => s.filter.search = text,
            _ => {}
        }
    }

    pub(crate) fn set_rules(&mut self, rules: Rules) {
        let s = &mut self.state;
        if rules.validate().is_ok() {
            s.settings.rules = rules.clone();
            if let Some(m) = s.month.as_mut() {
                std::sync::Arc::make_mut(&mut m.session.derived).set_rules(&m.session.data, rules);
                m.generation = s.next_generation;
                s.next_generation += 1;
            }
        }
    }

    fn set_as_of(&mut self, date: NaiveDate) {
        let s = &mut self.state;
        self.ui.as_of_text = i18n::format_date(date);
        if let Some(m) = s.month.as_mut() {
            std::sync::Arc::make_mut(&mut m.session.derived).set_as_of(&m.session.data, date);
            m.generation = s.next_generation;
            m.as_of_generation = s.next_generation;
            s.next_generation += 1;
        }
    }

    /// Settings and what is shown: theme, language, charts, sort, selection, columns.
    fn handle_view(&mut self, ctx: &egui::Context, command: AppCommand) {
        let s = &mut self.state;
        match command {
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
            AppCommand::SetRenderer(choice) => {
                s.settings.renderer = choice;
                // the window keeps the renderer it started with
                self.notify(tr("notice.renderer_next_start"), NoticeKind::Info, None);
            }
            AppCommand::SetSort(column) => s.sort = Sort::after_click(s.sort, column),
            AppCommand::Select(row) => s.selected = row,
            AppCommand::SetTableLines(mode) => {
                s.settings.table_mode = mode;
                // saving follows what the table shows
                s.export_choice.lines = mode;
                s.export_choice.crm = None;
            }
            AppCommand::SetAccountSort(column) => s.account_sort = AccountSort::after_click(s.account_sort, column),
            AppCommand::SelectAccount(customer) => s.selected_account = customer,
            AppCommand::SetColumns(columns) => s.settings.columns = columns,
            AppCommand::SetExportChoice(choice) => s.export_choice = choice,
            AppCommand::DismissNotice(i) if i < s.notices.len() => {
                s.notices.remove(i);
            }
            _ => {}
        }
    }

    fn save_rules(&mut self, path: &Path) {
        let text = self.state.settings.rules.to_toml();
        match write_atomically(path, text.as_bytes()) {
            Ok(()) => self.notify(
                t!("notice.rules_saved", path = path.display().to_string()).into_owned(),
                NoticeKind::Info,
                None,
            ),
            Err(e) => self.notify(
                t!("notice.rules_not_saved", path = path.display().to_string(), error = e.to_string()).into_owned(),
                NoticeKind::Problem,
                None,
            ),
        }
    }

    pub(crate) fn commands_now(&mut self, ctx: &egui::Context, command: AppCommand) {
        self.handle_one(ctx, command);
    }

    pub(crate) fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let s = &self.state;
        let Some(month) = &s.month else { return };
        if s.exporting.is_some() {
            return;
        }
        let (lines, crm) = (s.export_choice.lines, s.export_choice.crm);
        let csv =
            s.export_choice.csv || crm.is_some() || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        // the split is of predictions: an accounts list is one sheet (the choice is greyed out)
        let split_by = s.export_choice.split_by.filter(|_| lines == TableLines::Predictions);
        // said, not swallowed: a CSV file holds one table
        let split_dropped = csv && split_by.is_some();
        let options = ExportOptions {
            format: if csv { ExportFormat::Csv } else { ExportFormat::Xlsx },
            split_by: if csv { None } else { split_by },
            lines,
            crm,
            // the list comes out as the table shows it
            account_order: s.account_sort,
            // the save dialog already asked whether to replace an existing file
            force: true,
        };
        let rows = s.filter.apply(&month.session.data, &month.session.derived);
        let label = t!("export.progress", rows = i18n::format_count(rows.len())).into_owned();
        self.state.exporting =
            Some(tasks::spawn_export(ctx, label, month.session.clone(), s.filter.clone(), rows, path, options));
        if split_dropped {
            self.notify(tr("notice.csv_no_split"), NoticeKind::Info, None);
        }
    }

    pub(crate) fn fail(
        &mut self,
        error: LibraryError,
        sources: Vec<(Source, Origin)>,
        options: LoadOptions,
        is_sample: bool,
    ) {
        let headers_seen = match &error {
            LibraryError::Load(LoadError::NoData { sheets, .. }) => {
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
        // the mapping opens from the failure's own button, not over the message
        self.ui.mapping = Vec::new();
        self.state.failure = Some(LoadFailure { message: error.words(), headers_seen, sources, options, is_sample });
    }

    /// Collects what background tasks finished.
    pub(crate) fn poll_tasks(&mut self, ctx: &egui::Context) {
        if let Some(task) = self.state.loading.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.loading = None;
            match polled {
                Ok((request, Ok(data))) => self.loaded(ctx, request, data),
                Ok((request, Err(e))) => self.fail(e, request.sources, request.options, request.is_sample),
                Err(tasks::Panicked) => self.notify(tr("error.internal.load"), NoticeKind::Problem, None),
            }
        }
        if let Some(task) = self.state.exporting.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.exporting = None;
            match polled {
                Err(tasks::Panicked) => self.notify(tr("error.internal.export"), NoticeKind::Problem, None),
                Ok(Ok(outcome)) => self.notify(outcome.words(), NoticeKind::Info, Some(outcome.path)),
                Ok(Err(e)) => self.notify(e.to_string(), NoticeKind::Problem, None),
            }
        }
        self.poll_report();
        self.poll_library(ctx);
        if let Some(task) = self.state.comparing.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.comparing = None;
            match polled {
                Ok(result) => self.compared(result),
                Err(tasks::Panicked) => self.notify(tr("error.internal.load"), NoticeKind::Problem, None),
            }
        }
        if let Some(task) = self.state.dialog.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.dialog = None;
            match polled {
                Err(tasks::Panicked) => self.notify(tr("error.internal.dialog"), NoticeKind::Problem, None),
                Ok(answer) if answer.instant => {
                    // no system dialog answered: ours, now and for the rest of the session
                    self.state.dialog_backend = DialogBackend::BuiltIn;
                    self.notify(tr("notice.no_portal"), NoticeKind::Info, None);
                    self.open_builtin_dialog(answer.kind, answer.title, answer.default_name);
                }
                Ok(answer) => self.commands.extend(AppCommand::chosen(answer.kind, answer.paths)),
            }
        }
        if self.is_busy() {
            // progress bars move only while something runs; idle frames are not requested
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    /// A month on screen for a session, with a fresh generation.
    pub(crate) fn month_of(&mut self, session: Session, request: LoadRequest) -> Month {
        let generation = self.state.next_generation;
        self.state.next_generation += 1;
        let mut month = Month {
            columns: session.data.source_columns(),
            key_shown: Vec::new(),
            title: session.data.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(", "),
            session,
            sources: request.sources,
            options: request.options,
            is_sample: request.is_sample,
            generation,
            as_of_generation: generation,
        };
        month.key_shown = super::rows::key_columns_showing(&month);
        month
    }

    pub(crate) fn loaded(&mut self, ctx: &egui::Context, mut request: LoadRequest, data: Dataset) {
        let session = Session::new(Arc::new(data), self.state.settings.rules.clone(), self.as_of());
        let library_month = request.library_month;
        let from_files = library_month.is_none() && !request.reload;
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
        self.state.compare_view = CompareView::default();
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
        self.library_after_load(ctx, library_month, from_files);
    }

    /// Brings the view cache up to date with the month, the filter and the sort.
    pub fn refresh_view(&mut self) {
        self.attach_history();
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
        if let Some(month) = &s.month
            && s.settings.table_mode == TableLines::Accounts
        {
            s.accounts.refresh((&month.session, month.generation), &s.filter, &s.view.rows, s.account_sort);
            if let Some(c) = &s.compare {
                s.accounts.refresh_moves(month.generation, &c.cmp, &s.compare_view.pairs);
            }
            if let Some(customer) = s.selected_account {
                let shown = match &s.compare {
                    Some(_) => s.accounts.moves.iter().any(|m| m.after == customer),
                    None => s.accounts.accounts.position_of(customer).is_some(),
                };
                if !shown {
                    s.selected_account = None;
                }
            }
        }
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
}
