//! The export's options and errors, and writing safely: never over a source, through a
//! temporary file in the target folder renamed into place.

use rust_xlsxwriter::{Workbook, XlsxError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::engine::dataset::Dataset;
use crate::engine::guard;
use crate::engine::query::AccountOrder;
use crate::engine::staging::{self, OutputPath, Replace, Staging, StagingError};
use crate::engine::view::TableLines;
use crate::output::i18n::{t, tr};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Xlsx,
    Csv,
}

pub use crate::engine::query::SplitBy;

#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub split_by: Option<SplitBy>,
    /// One line per prediction (the Targets sheet) or per customer (the Accounts sheet).
    pub lines: TableLines,
    /// Accounts as a CSV shaped for this CRM's import (accounts only; always CSV).
    pub crm: Option<super::accounts::CrmPreset>,
    /// The accounts' order (the predictions come in the order given).
    pub account_order: Option<AccountOrder>,
    /// Replace an existing output file (never the source).
    pub force: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExportOutcome {
    pub path: PathBuf,
    /// Lines written: predictions, or accounts.
    pub rows: usize,
    pub lines: TableLines,
    pub sheets: Vec<String>,
}

impl ExportOutcome {
    /// "Wrote 7 accounts to ...", "Wrote 4 rows to ...".
    pub fn words(&self) -> String {
        let key = match self.lines {
            TableLines::Accounts => "export.done_accounts",
            TableLines::Predictions => "export.done",
        };
        t!(key, rows = crate::output::i18n::format_count(self.rows), path = self.path.display().to_string())
            .into_owned()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}", t!("error.export.would_overwrite_source", out = out, source_file = source_file))]
    WouldOverwriteSource { out: String, source_file: String },
    #[error("{}", t!("error.export.exists", out = out))]
    Exists { out: String },
    /// A device, a pipe, a socket or a folder: not replaced, not opened.
    #[error("{}", t!("error.export.not_a_file", out = out))]
    NotAFile { out: String },
    #[error("{}", t!("error.export.folder", dir = dir, message = message))]
    Folder { dir: String, message: String },
    #[error("{}", t!("error.export.write", out = out, message = message))]
    Write { out: String, message: String },
    /// Another program (Excel, on Windows) holds the file open: it cannot be replaced.
    #[error("{}", t!("error.export.locked", out = out))]
    Locked { out: String },
    /// The target's folder has no room left (the old file is whole).
    #[error("{}", t!("error.export.no_space", dir = dir))]
    NoSpace { dir: String },
    #[error("{}", tr("error.export.split_needs_xlsx"))]
    SplitNeedsXlsx,
    #[error("{}", tr("error.export.split_needs_predictions"))]
    SplitNeedsPredictions,
    /// A CRM preset is a CSV: a workbook's name would hide it from the import wizard.
    #[error("{}", t!("error.export.crm_needs_csv", out = out))]
    CrmNeedsCsv { out: String },
}

impl ExportFormat {
    /// The format an output's name says (".csv", ".tsv", ".txt": CSV; a workbook's
    /// extension: xlsx); None for another name.
    pub fn named_by(out: &Path) -> Option<ExportFormat> {
        let ext = out.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(ExportFormat::Csv),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }
}

/// Checks the output is not a source file and may be written; returns the folder.
pub(crate) fn check_target(ds: &Dataset, out: &Path, force: bool) -> Result<PathBuf, ExportError> {
    let shown = out.display().to_string();
    // before anything opens it: opening a pipe for reading waits for a writer
    match staging::output_path(out) {
        OutputPath::NotAFile => return Err(ExportError::NotAFile { out: shown }),
        OutputPath::Taken if !force => return Err(ExportError::Exists { out: shown }),
        OutputPath::Taken | OutputPath::Free => {}
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let folder_error =
        |e: std::io::Error| ExportError::Folder { dir: parent.display().to_string(), message: io_words(&e) };
    let dir = match parent.canonicalize() {
        Ok(dir) => dir,
        // some file systems cannot name a file's final path (certain network shares; Wine
        // past 260 characters): an existing folder's absolute path serves as well
        Err(_) if parent.is_dir() => std::path::absolute(&parent).map_err(folder_error)?,
        Err(e) => return Err(folder_error(e)),
    };
    let name =
        out.file_name().ok_or_else(|| ExportError::Write { out: shown.clone(), message: tr("error.no_file_name") })?;
    let resolved = out.canonicalize().unwrap_or_else(|_| dir.join(name));
    for file in &ds.files {
        let source = Path::new(&file.path);
        let same_path = source.canonicalize().is_ok_and(|s| s == resolved);
        if same_path || same_file(source, out) {
            return Err(ExportError::WouldOverwriteSource { out: shown, source_file: file.path.clone() });
        }
    }
    Ok(dir)
}

/// The same file under two names (a hard link; on Windows by volume and file index too).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// A temporary file for `out` in `dir` (see [`Staging`]).
pub(crate) fn stage(dir: &Path) -> Result<Staging, ExportError> {
    Staging::new(dir).map_err(|e| folder_error(dir, &e))
}

pub(crate) fn folder_error(dir: &Path, e: &std::io::Error) -> ExportError {
    let dir = dir.display().to_string();
    if staging::is_no_space(e) {
        ExportError::NoSpace { dir }
    } else {
        ExportError::Folder { dir, message: io_words(e) }
    }
}

/// Renames the finished file over `out` (without `force`, only where the name is still
/// free at the rename); on failure the temporary file is gone and `out` is as it was.
pub(crate) fn put_in_place(staged: Staging, dir: &Path, out: &Path, force: bool) -> Result<(), ExportError> {
    let replace = if force { Replace::Replace } else { Replace::Refuse };
    staged.finish(out, replace).map_err(|e| match e {
        StagingError::Exists => ExportError::Exists { out: out.display().to_string() },
        StagingError::NoSpace => ExportError::NoSpace { dir: dir.display().to_string() },
        StagingError::Locked => ExportError::Locked { out: out.display().to_string() },
        StagingError::Io(e) => ExportError::Write { out: out.display().to_string(), message: io_words(&e) },
    })
}

/// An error of the workbook writer, in words; a full folder says so.
pub(crate) fn xlsx_failure(dir: &Path, out: &Path, e: &XlsxError) -> ExportError {
    match e {
        XlsxError::IoError(io) if staging::is_no_space(io) => ExportError::NoSpace { dir: dir.display().to_string() },
        _ => xlsx_error(out, e),
    }
}

/// Keeps a writer's first error for the end instead of handing it to the zip writer, which
/// would print it from its destructor ("ZipWriter::drop: ...") before our own words.
pub(crate) struct KeepFirstError<W: Write> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> KeepFirstError<W> {
    pub(crate) fn flush_inner(&mut self) {
        if self.error.is_none()
            && let Err(e) = self.inner.flush()
        {
            self.error = Some(e);
        }
    }
}

impl<W: Write> Write for KeepFirstError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_none()
            && let Err(e) = self.inner.write_all(buf)
        {
            self.error = Some(e);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flush_inner();
        Ok(())
    }
}

/// Builds and saves a workbook to the staged file. rust_xlsxwriter panics when a write of
/// its own temporary files fails: the panic is caught and, where the folder is full, said so.
pub(crate) fn save_workbook(
    build: impl FnOnce() -> Result<Workbook, XlsxError>,
    staged: &Staging,
    dir: &Path,
    out: &Path,
) -> Result<Workbook, ExportError> {
    let file = staged.file().try_clone().map_err(|e| folder_error(dir, &e))?;
    let mut writer = KeepFirstError { inner: std::io::BufWriter::new(file), error: None };
    let saved = guard::catching(|| {
        let mut wb = build()?;
        // its constant-memory files go beside the target: one disk to have room on
        wb.set_tempdir(dir)?;
        wb.save_to_writer(&mut writer)?;
        Ok(wb)
    });
    writer.flush_inner();
    if let Some(e) = writer.error {
        return Err(if staging::is_no_space(&e) {
            ExportError::NoSpace { dir: dir.display().to_string() }
        } else {
            ExportError::Write { out: out.display().to_string(), message: io_words(&e) }
        });
    }
    match saved {
        Ok(Ok(wb)) => Ok(wb),
        Ok(Err(e)) => Err(xlsx_failure(dir, out, &e)),
        Err(guard::Panicked) if staging::is_folder_full(dir) => {
            Err(ExportError::NoSpace { dir: dir.display().to_string() })
        }
        Err(guard::Panicked) => {
            Err(ExportError::Write { out: out.display().to_string(), message: tr("error.export.writer_stopped") })
        }
    }
}

pub(crate) fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => tr("error.permission_denied"),
        std::io::ErrorKind::NotFound => tr("error.does_not_exist"),
        _ => e.to_string(),
    }
}

pub(crate) fn xlsx_error(out: &Path, e: &XlsxError) -> ExportError {
    ExportError::Write { out: out.display().to_string(), message: e.to_string() }
}
