//! The library in the app: the months kept (the user's, or the bundled sample's six), the
//! month on screen among them, keeping a month opened from files, and the trend over the
//! months with each customer's history, worked out in the background whenever the months,
//! the rules or the filter change.

use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

use super::AscentApp;
use super::command::AppCommand;
use super::library_state::{KeepPrompt, LibraryKind, SAMPLE_MONTHS, TrendKey};
use super::state::NoticeKind;
use super::tasks::{LoadRequest, Task};
use crate::engine::library::{KeepOptions, Kept, Library, LibraryError, Listing, Month, Replace, month_in_data};
use crate::engine::load::read::Origin;
use crate::engine::trend::{Trend, TrendRequest};
use crate::engine::{Dataset, Filter, LoadOptions, Source};
use crate::output::i18n::{t, tr};
use crate::output::library::{kept_words, month_name};
use crate::output::messages::Words;

/// Makes the sample library where it is missing or out of date; its listing. It is built
/// aside and renamed into place, one build at a time in a process, so two windows (or
/// tests) never read a half-made one.
fn ensure_sample(library: &Library, latest: Month) -> Result<Listing, LibraryError> {
    static BUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = BUILDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let complete = |listing: &Listing| {
        listing.entries.len() == SAMPLE_MONTHS as usize && listing.entries.last().is_some_and(|e| e.month == latest)
    };
    let listing = library.list()?;
    if complete(&listing) {
        return Ok(listing);
    }
    let io = |path: &std::path::Path, e: String| LibraryError::Io {
        path: path.display().to_string(),
        reason: crate::engine::load::error::IoReason::System(e),
    };
    let aside = Library::new(library.root.with_extension(format!("building-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&aside.root);
    let scratch = tempfile::tempdir().map_err(|e| io(&std::env::temp_dir(), e.to_string()))?;
    let mut month = latest;
    for months_before in 0..SAMPLE_MONTHS {
        let dir = scratch.path().join(format!("m{months_before}"));
        let opts = crate::engine::sample::SampleOptions { months_before, ..Default::default() };
        crate::engine::sample::write_sample(&dir, &opts).map_err(|e| io(&dir, e.to_string()))?;
        let ds = Dataset::load_paths(&[dir], &LoadOptions::default(), &mut |_| {})?;
        let keep = KeepOptions { month, replace: Replace::Replace, overrides: Vec::new(), sample: true };
        aside.keep(&ds, &keep)?;
        month = month.previous();
    }
    let _ = std::fs::remove_dir_all(&library.root);
    if std::fs::rename(&aside.root, &library.root).is_err() {
        // another process made it first
        let _ = std::fs::remove_dir_all(&aside.root);
    }
    library.list()
}

/// A month of a library as the loader takes it: its stored files, and `opts` with the
/// headers it was mapped with by hand.
fn library_sources(
    library: &Library,
    month: Month,
    opts: &LoadOptions,
) -> Result<(Vec<(Source, Origin)>, LoadOptions), LibraryError> {
    crate::engine::library::entry_sources(&library.entry(month)?, opts)
}

/// The month a download made on the files' modification day most likely describes.
fn proposed_month(paths: &[PathBuf]) -> Month {
    let modified = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok()?.modified().ok())
        .max()
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive())
        .unwrap_or_else(super::state::today);
    Month::proposed_for(modified)
}

impl AscentApp {
    /// Reads the active library's months again, in the background.
    pub(crate) fn list_library(&mut self, ctx: &egui::Context, kind: LibraryKind) {
        let lib = &mut self.state.library;
        lib.active = kind;
        let Some(library) = lib.library(kind).cloned() else { return };
        let latest = Month::proposed_for(super::state::today());
        lib.listing_task = Some(Task::spawn(ctx, tr("library.reading"), move |_| {
            let listing = match kind {
                LibraryKind::Sample => ensure_sample(&library, latest),
                LibraryKind::User => library.list(),
            };
            (kind, listing)
        }));
    }

    /// Opens a month of the active library.
    pub(crate) fn open_library_month(&mut self, ctx: &egui::Context, month: Month) {
        let kind = self.state.library.active;
        let Some(library) = self.state.library.library(kind) else { return };
        match library_sources(library, month, &self.state.settings.load_options()) {
            Ok((sources, options)) => {
                let request = LoadRequest {
                    sources,
                    options,
                    is_sample: kind == LibraryKind::Sample,
                    paths: Vec::new(),
                    reload: false,
                    library_month: Some(month),
                    library: Some(library.clone()),
                };
                // the comparison was with the month on screen
                self.start_load(ctx, request);
            }
            Err(e) => self.notify(e.words(), NoticeKind::Problem, None),
        }
    }

    /// Compares the month on screen with a month of the active library.
    pub(crate) fn compare_library_month(&mut self, ctx: &egui::Context, month: Month) {
        let kind = self.state.library.active;
        let Some(library) = self.state.library.library(kind) else { return };
        match library_sources(library, month, &self.state.settings.load_options()) {
            Ok((sources, options)) => {
                let from = Some((month, library.clone()));
                self.start_compare_sources(ctx, (sources, options), Vec::new(), from);
            }
            Err(e) => self.notify(e.words(), NoticeKind::Problem, None),
        }
    }

    /// After a load: the month on screen among the library's, and a month opened from files
    /// kept (asked which month when its data does not say).
    pub(crate) fn library_after_load(&mut self, ctx: &egui::Context, library_month: Option<Month>, from_files: bool) {
        let Some(month) = &self.state.month else { return };
        let data = Arc::clone(&month.session.data);
        let is_sample = month.is_sample;
        let named = month_in_data(&data);
        let lib = &mut self.state.library;
        // the bundled sample is the sample library's latest month
        let sample_month = is_sample.then(|| Month::proposed_for(super::state::today()));
        lib.shown = library_month.or(named).or(sample_month);
        lib.history_generation = None;
        lib.prompt = None;
        let kind = if is_sample { LibraryKind::Sample } else { LibraryKind::User };
        if lib.active != kind || lib.listing.entries.is_empty() {
            self.list_library(ctx, kind);
        }
        if !from_files || is_sample || !self.state.settings.keep_in_library {
            return;
        }
        match named {
            Some(month) => self.keep_month(ctx, data, month, Replace::Refuse),
            None => {
                let paths: Vec<PathBuf> = data.files.iter().map(|f| PathBuf::from(&f.path)).collect();
                let proposed = proposed_month(&paths);
                let replaces = self.state.library.listing.entry(proposed).is_some();
                self.state.library.prompt = Some(KeepPrompt { data, month_text: proposed.key(), replaces });
            }
        }
    }

    pub(crate) fn keep_month(&mut self, ctx: &egui::Context, data: Arc<Dataset>, month: Month, replace: Replace) {
        let Some(library) = self.state.library.user.clone() else {
            return self.notify(tr("error.library.no_folder"), NoticeKind::Problem, None);
        };
        if self.state.library.keeping.is_some() {
            return;
        }
        self.state.library.prompt = None;
        let label = t!("library.keeping", month = month_name(month)).into_owned();
        let overrides = self.state.month.as_ref().map(|m| m.options.detect.overrides.clone()).unwrap_or_default();
        self.state.library.keeping = Some(Task::spawn(ctx, label, move |_| {
            library.keep(&data, &KeepOptions { month, replace, overrides, sample: false })
        }));
        self.state.library.shown = Some(month);
    }

    pub(crate) fn handle_library(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::OpenLibraryMonth(month) => self.open_library_month(ctx, month),
            AppCommand::CompareLibraryMonth(month) => self.compare_library_month(ctx, month),
            AppCommand::KeepMonth(month, replace) => {
                if let Some(prompt) = self.state.library.prompt.take() {
                    self.keep_month(ctx, prompt.data, month, replace);
                } else if let Some(m) = &self.state.month {
                    let data = Arc::clone(&m.session.data);
                    self.keep_month(ctx, data, month, replace);
                }
            }
            AppCommand::DismissKeep => self.state.library.prompt = None,
            AppCommand::RemoveLibraryMonth(month) => {
                let Some(library) = self.state.library.user.clone() else { return };
                match library.remove(month) {
                    Ok(()) => {
                        let text = t!("library.removed", month = month.key()).into_owned();
                        self.notify(text, NoticeKind::Info, None);
                        self.list_library(ctx, LibraryKind::User);
                    }
                    Err(e) => self.notify(e.words(), NoticeKind::Problem, None),
                }
            }
            AppCommand::SetKeepInLibrary(keep) => self.state.settings.keep_in_library = keep,
            AppCommand::SetLibraryFolder(folder) => {
                self.state.settings.library_folder = Some(folder.clone());
                self.state.library.user = Some(Library::new(folder));
                self.state.library.trend_key = None;
                if self.state.library.active == LibraryKind::User {
                    self.list_library(ctx, LibraryKind::User);
                }
            }
            AppCommand::OpenLibraryFolder => {
                let kind = self.state.library.active;
                if let Some(library) = self.state.library.library(kind) {
                    let _ = std::fs::create_dir_all(&library.root);
                    open_in_file_manager(&library.root);
                }
            }
            _ => {}
        }
    }

    /// Collects the library's finished tasks, and starts the trend when it is out of date.
    pub(crate) fn poll_library(&mut self, ctx: &egui::Context) {
        if let Some(task) = self.state.library.listing_task.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.library.listing_task = None;
            match polled {
                Ok((kind, Ok(listing))) if kind == self.state.library.active => self.state.library.listing = listing,
                Ok((_, Ok(_))) => {}
                Ok((_, Err(e))) => self.notify(e.words(), NoticeKind::Problem, None),
                Err(_) => self.notify(tr("error.internal.load"), NoticeKind::Problem, None),
            }
        }
        if let Some(task) = self.state.library.keeping.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.library.keeping = None;
            match polled {
                Ok(Ok(kept)) => {
                    if let Kept::AlreadyKept { month } = kept {
                        self.state.library.shown = Some(month);
                    }
                    self.notify(kept_words(kept), NoticeKind::Info, None);
                    self.list_library(ctx, LibraryKind::User);
                }
                // other files for a month kept: asked, as for files without a month
                Ok(Err(LibraryError::MonthKept { month })) => {
                    if let Some(m) = &self.state.month {
                        let data = Arc::clone(&m.session.data);
                        self.state.library.prompt = Some(KeepPrompt { data, month_text: month.key(), replaces: true });
                    }
                }
                Ok(Err(e)) => self.notify(e.words(), NoticeKind::Problem, None),
                Err(_) => self.notify(tr("error.internal.load"), NoticeKind::Problem, None),
            }
        }
        self.poll_trend();
        self.start_trend_if_due(ctx);
    }

    fn poll_trend(&mut self) {
        let Some(task) = self.state.library.trend_task.as_mut() else { return };
        let Some(polled) = task.poll() else { return };
        self.state.library.trend_task = None;
        match polled {
            Ok((key, Ok(trend))) => {
                self.state.library.trend_key = Some(key);
                self.state.library.trend = Some(Arc::new(trend));
                self.state.library.history_generation = None;
            }
            Ok((_, Err(e))) => self.notify(e.words(), NoticeKind::Problem, None),
            Err(_) => self.notify(tr("error.internal.load"), NoticeKind::Problem, None),
        }
    }

    fn start_trend_if_due(&mut self, ctx: &egui::Context) {
        let lib = &self.state.library;
        if lib.trend_task.is_some() || lib.listing_task.is_some() {
            return;
        }
        let Some(month) = &self.state.month else { return };
        let key = TrendKey {
            kind: lib.active,
            months: lib.listing.months(),
            rules: month.session.derived.rules.clone(),
            filter: Filter { streak: None, new_this_month: false, ..self.state.filter.clone() },
            as_of: month.session.derived.as_of,
        };
        if key.months.is_empty() || lib.trend_key.as_ref() == Some(&key) {
            return;
        }
        let Some(library) = lib.library(lib.active).cloned() else { return };
        let load = self.state.settings.load_options();
        self.state.library.trend_task = Some(Task::spawn(ctx, tr("trend.working"), move |reporter| {
            let request = TrendRequest {
                filter: &key.filter,
                rules: &key.rules,
                as_of: key.as_of,
                from: None,
                to: None,
                load: &load,
            };
            let trend = Trend::compute(&library, &request, &mut |p| {
                reporter.progress(p.done as f32 / p.months.max(1) as f32, p.month.key());
            });
            (key, trend)
        }));
    }

    /// Gives the month on screen its customers' history, once a trend under its rules is
    /// in: the streak filters and the accounts' history columns read it.
    pub(crate) fn attach_history(&mut self) {
        let lib = &self.state.library;
        let (Some(trend), Some(key), Some(shown)) = (&lib.trend, &lib.trend_key, lib.shown) else { return };
        let Some(month) = self.state.month.as_mut() else { return };
        if lib.history_generation == Some(month.generation) || key.rules != month.session.derived.rules {
            return;
        }
        let history = trend.history_for(&month.session.data, &month.session.derived, shown);
        Arc::make_mut(&mut month.session.derived).history = Some(Arc::new(history));
        month.generation = self.state.next_generation;
        self.state.next_generation += 1;
        self.state.library.history_generation = Some(month.generation);
    }
}

impl AscentApp {
    /// Ctrl+T: the Trends; Ctrl+L: the Library; Alt+Left and Alt+Right: the month before
    /// and after in the library.
    pub(crate) fn library_shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let (trends, library, earlier, later) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::T)),
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::L)),
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft)),
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight)),
            )
        });
        if trends {
            self.ui.show_trends = !self.ui.show_trends;
        }
        if library {
            self.ui.show_library = !self.ui.show_library;
        }
        let months = self.state.library.listing.months();
        let at = self.state.library.shown.and_then(|m| months.iter().position(|x| *x == m));
        let step = match (earlier, later, at) {
            (true, _, Some(i)) if i > 0 => months.get(i - 1),
            (_, true, Some(i)) => months.get(i + 1),
            _ => None,
        };
        if let Some(month) = step.copied().filter(|_| self.state.loading.is_none()) {
            self.commands.push(AppCommand::OpenLibraryMonth(month));
        }
    }
}

/// Opens a folder in the system's file manager (Explorer on Windows).
fn open_in_file_manager(dir: &std::path::Path) {
    let program = if cfg!(windows) { "explorer" } else { "xdg-open" };
    let _ = std::process::Command::new(program).arg(dir).spawn();
}
