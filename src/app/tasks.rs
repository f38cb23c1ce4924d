//! Work off the UI thread: loading, exporting and file dialogs. Each task is polled once a
//! frame; the thread wakes the UI when it has news, so an idle app does not repaint.

use eframe::egui;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::engine::export::{ExportError, ExportOptions, ExportOutcome, export};
use crate::engine::{Dataset, Filter, LoadError, LoadOptions, Session, Source};

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
}

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
        std::thread::spawn(move || {
            let out = work(&reporter);
            let _ = reporter.tx.send(Message::Done(out));
            reporter.ctx.request_repaint();
        });
        Task { rx, label, progress: 0.0, detail: String::new() }
    }

    /// The result once the work is done.
    pub fn poll(&mut self) -> Option<T> {
        while let Ok(message) = self.rx.try_recv() {
            match message {
                Message::Progress(p, d) => {
                    self.progress = p;
                    self.detail = d;
                }
                Message::Done(out) => return Some(out),
            }
        }
        None
    }
}

/// A load: the sources, the options, and what came of them.
pub struct LoadRequest {
    pub sources: Vec<(Source, bool)>,
    pub options: LoadOptions,
    pub is_sample: bool,
    /// Paths to remember in the recent list.
    pub paths: Vec<PathBuf>,
}

pub type LoadResult = (LoadRequest, Result<Dataset, LoadError>);

pub fn spawn_load(ctx: &egui::Context, label: String, request: LoadRequest) -> Task<LoadResult> {
    Task::spawn(ctx, label, move |reporter| {
        let result = Dataset::load(&request.sources, &request.options, &mut |p| {
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

/// Which file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    OpenFiles,
    OpenFolder,
    SaveTargets,
    LoadRules,
    SaveRules,
}

/// A file dialog's answer, and whether it came back at once (no desktop portal).
pub struct DialogAnswer {
    pub kind: DialogKind,
    pub paths: Vec<PathBuf>,
    pub instant: bool,
}

/// Shorter than this with nothing chosen means no dialog was shown.
const NO_PORTAL_WITHIN: Duration = Duration::from_millis(400);

pub fn spawn_dialog(
    ctx: &egui::Context,
    kind: DialogKind,
    title: String,
    default_name: Option<String>,
) -> Task<DialogAnswer> {
    Task::spawn(ctx, title.clone(), move |_| {
        let started = Instant::now();
        let dialog = rfd::FileDialog::new().set_title(&title);
        let workbooks = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];
        let paths: Vec<PathBuf> = match kind {
            DialogKind::OpenFiles => {
                dialog.add_filter("Workbooks and CSV", &workbooks).pick_files().unwrap_or_default()
            }
            DialogKind::OpenFolder => dialog.pick_folder().into_iter().collect(),
            DialogKind::SaveTargets => dialog
                .add_filter("Excel workbook", &["xlsx"])
                .add_filter("CSV", &["csv"])
                .set_file_name(default_name.unwrap_or_default())
                .save_file()
                .into_iter()
                .collect(),
            DialogKind::LoadRules => dialog.add_filter("Rules", &["toml"]).pick_file().into_iter().collect(),
            DialogKind::SaveRules => dialog
                .add_filter("Rules", &["toml"])
                .set_file_name(default_name.unwrap_or_default())
                .save_file()
                .into_iter()
                .collect(),
        };
        let instant = paths.is_empty() && started.elapsed() < NO_PORTAL_WITHIN;
        DialogAnswer { kind, paths, instant }
    })
}
