//! Work off the UI thread: loading, exporting and file dialogs. Each task is polled once a
//! frame; the thread wakes the UI when it has news, so an idle app does not repaint.

use crate::engine::load::read::Origin;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::engine::compare::{Comparison, MoveFilter};
use crate::engine::library::{Library, LibraryError};
use crate::engine::load::LoadProgress;
use crate::engine::{Dataset, Filter, LoadOptions, Session, Source};
use crate::output::export::{ExportError, ExportOptions, ExportOutcome, export};
use crate::output::i18n::tr;
use crate::output::movers::export_movers;

/// A background job with progress, polled each frame.
pub struct Task<T> {
    rx: Receiver<Message<T>>,
    pub label: String,
    pub progress: f32,
    pub detail: String,
}

enum Message<T> {
    Progress(f32, String),
    Done(T),
    /// The work panicked (the hook has said so once); the app shows it and carries on.
    Panicked,
}

/// A task whose work panicked: a bug, shown as an error rather than a closed window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panicked;

/// What a task reports back through.
pub struct Reporter<T> {
    tx: Sender<Message<T>>,
    ctx: egui::Context,
}

impl<T> Reporter<T> {
    pub fn progress(&self, fraction: f32, detail: String) {
        let _ = self.tx.send(Message::Progress(fraction, detail));
        self.ctx.request_repaint();
    }
}

impl<T: Send + 'static> Task<T> {
    pub fn spawn(ctx: &egui::Context, label: String, work: impl FnOnce(&Reporter<T>) -> T + Send + 'static) -> Task<T> {
        let (tx, rx) = channel();
        let reporter = Reporter { tx, ctx: ctx.clone() };
        // the worker speaks the window's language (each window, or test, may speak its own)
        let language = crate::output::i18n::current();
        std::thread::spawn(move || {
            crate::output::i18n::use_language(language);
            let message = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&reporter))) {
                Ok(out) => Message::Done(out),
                Err(_) => Message::Panicked,
            };
            let _ = reporter.tx.send(message);
            reporter.ctx.request_repaint();
        });
        Task { rx, label, progress: 0.0, detail: String::new() }
    }

    /// The result once the work is done (or [`Panicked`]).
    pub fn poll(&mut self) -> Option<Result<T, Panicked>> {
        while let Ok(message) = self.rx.try_recv() {
            match message {
                Message::Progress(p, d) => {
                    self.progress = p;
                    self.detail = d;
                }
                Message::Done(out) => return Some(Ok(out)),
                Message::Panicked => return Some(Err(Panicked)),
            }
        }
        None
    }
}

/// A load: the sources, the options, and what came of them.
pub struct LoadRequest {
    pub sources: Vec<(Source, Origin)>,
    pub options: LoadOptions,
    pub is_sample: bool,
    /// Paths to remember in the recent list.
    pub paths: Vec<PathBuf>,
    /// The month on screen loaded again (another mapping): a comparison stays, matched again.
    pub reload: bool,
    /// The month of the library being opened (None: files).
    pub library_month: Option<crate::engine::library::Month>,
    /// The library the month opens from (its digest, checked against its manifest); None
    /// for files, and for a month loaded again with another mapping (built from its tables).
    pub library: Option<Library>,
}

impl LoadRequest {
    /// The month the request names, from the library or from its files.
    fn load(&self, progress: &mut dyn FnMut(LoadProgress)) -> Result<Dataset, LibraryError> {
        match (&self.library, self.library_month) {
            (Some(library), Some(month)) => library.load(month, &self.options, progress),
            _ => Ok(Dataset::load(&self.sources, &self.options, progress)?),
        }
    }
}

pub type LoadResult = (LoadRequest, Result<Dataset, LibraryError>);

pub fn spawn_load(ctx: &egui::Context, label: String, request: LoadRequest) -> Task<LoadResult> {
    Task::spawn(ctx, label, move |reporter| {
        let result = request.load(&mut |p| {
            reporter.progress(p.file as f32 / p.files.max(1) as f32, p.name.clone());
        });
        (request, result)
    })
}

pub fn spawn_export(
    ctx: &egui::Context,
    label: String,
    session: Session,
    filter: Filter,
    rows: Vec<u32>,
    out: PathBuf,
    options: ExportOptions,
) -> Task<Result<ExportOutcome, ExportError>> {
    Task::spawn(ctx, label, move |reporter| {
        export(&session, &filter, &rows, &out, &options, &mut |done, total| {
            reporter.progress(done as f32 / total.max(1) as f32, String::new());
        })
    })
}

/// The other month of a comparison, loaded and matched with the month on screen.
pub type CompareResult = (LoadRequest, Result<Comparison, LibraryError>);

/// Loads the month before and matches it with `after` (the month on screen, same rules).
pub fn spawn_compare(ctx: &egui::Context, label: String, request: LoadRequest, after: Session) -> Task<CompareResult> {
    Task::spawn(ctx, label, move |reporter| {
        let result = request
            .load(&mut |p| {
                reporter.progress(0.9 * p.file as f32 / p.files.max(1) as f32, p.name.clone());
            })
            .map(|data| {
                reporter.progress(0.95, String::new());
                let before = Session::new(Arc::new(data), after.derived.rules.clone(), after.derived.as_of);
                Comparison::new(before, after)
            });
        (request, result)
    })
}

/// Matches two months already loaded (after swapping them).
pub fn spawn_match(
    ctx: &egui::Context,
    label: String,
    before_request: LoadRequest,
    before: Session,
    after: Session,
) -> Task<CompareResult> {
    Task::spawn(ctx, label, move |_| (before_request, Ok(Comparison::new(before, after))))
}

/// Writes the movers workbook of some pairs of a comparison.
pub fn spawn_movers(
    ctx: &egui::Context,
    label: String,
    cmp: Comparison,
    selection: (Filter, MoveFilter, Vec<u32>),
    out: PathBuf,
) -> Task<Result<ExportOutcome, ExportError>> {
    Task::spawn(ctx, label, move |reporter| {
        let (filter, moves, pairs) = selection;
        export_movers(&cmp, &filter, &moves, &pairs, &out, true, &mut |done, total| {
            reporter.progress(done as f32 / total.max(1) as f32, String::new());
        })
    })
}

/// The PDF report being written.
pub type ReportTask = Task<Result<crate::output::report::ReportOutcome, ExportError>>;

/// Which file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    OpenFiles,
    OpenFolder,
    /// The other month of a comparison: files, or a folder.
    CompareFiles,
    CompareFolder,
    SaveTargets,
    SaveMovers,
    LoadRules,
    SaveRules,
    /// A saved view (by position in the list) to a TOML file, and one read back.
    ExportView(usize),
    ImportView,
    SaveReport,
    /// The library's folder.
    LibraryFolder,
}

/// A file dialog's answer, and whether it came back at once (no desktop portal); its title
/// and file name, for the app's own dialog to take over.
pub struct DialogAnswer {
    pub kind: DialogKind,
    pub paths: Vec<PathBuf>,
    pub instant: bool,
    pub title: String,
    pub default_name: Option<String>,
}

/// Shorter than this with nothing chosen means no dialog was shown.
const NO_PORTAL_WITHIN: Duration = Duration::from_millis(400);

pub fn spawn_dialog(
    ctx: &egui::Context,
    kind: DialogKind,
    title: String,
    default_name: Option<String>,
) -> Task<DialogAnswer> {
    // translated before the thread starts, in the language of the moment the dialog opened
    let (workbooks_label, xlsx_label, rules_label) =
        (tr("dialog.filter_workbooks"), tr("dialog.filter_xlsx"), tr("dialog.filter_rules"));
    Task::spawn(ctx, title.clone(), move |_| {
        let started = Instant::now();
        let dialog = rfd::FileDialog::new().set_title(&title);
        let name = default_name.clone();
        let workbooks = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];
        let paths: Vec<PathBuf> = match kind {
            DialogKind::OpenFiles | DialogKind::CompareFiles => {
                dialog.add_filter(workbooks_label, &workbooks).pick_files().unwrap_or_default()
            }
            DialogKind::OpenFolder | DialogKind::CompareFolder | DialogKind::LibraryFolder => {
                dialog.pick_folder().into_iter().collect()
            }
            DialogKind::SaveMovers => dialog
                .add_filter(xlsx_label, &["xlsx"])
                .set_file_name(name.unwrap_or_default())
                .save_file()
                .into_iter()
                .collect(),
            DialogKind::SaveTargets => dialog
                .add_filter(xlsx_label, &["xlsx"])
                .add_filter("CSV", &["csv"])
                .set_file_name(name.unwrap_or_default())
                .save_file()
                .into_iter()
                .collect(),
            DialogKind::LoadRules | DialogKind::ImportView => {
                dialog.add_filter(rules_label, &["toml"]).pick_file().into_iter().collect()
            }
            DialogKind::SaveReport => dialog
                .add_filter("PDF", &["pdf"])
                .set_file_name(name.unwrap_or_default())
                .save_file()
                .into_iter()
                .collect(),
            DialogKind::SaveRules | DialogKind::ExportView(_) => dialog
                .add_filter(rules_label, &["toml"])
                .set_file_name(name.unwrap_or_default())
                .save_file()
                .into_iter()
                .collect(),
        };
        let instant = paths.is_empty() && started.elapsed() < NO_PORTAL_WITHIN;
        DialogAnswer { kind, paths, instant, title, default_name }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(task: &mut Task<T>) -> Result<T, Panicked> {
        for _ in 0..500 {
            if let Some(done) = task.poll() {
                return done;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the task never ended");
    }

    #[test]
    fn a_task_that_panics_reports_it_instead_of_vanishing() {
        let ctx = egui::Context::default();
        let mut ok = Task::spawn(&ctx, String::new(), |_| 42);
        assert_eq!(wait(&mut ok), Ok(42));
        let mut broken: Task<u32> = Task::spawn(&ctx, String::new(), |_| panic!("a bug in a load"));
        assert_eq!(wait(&mut broken), Err(Panicked));
    }
}
