//! Target-list exports: the filtered predictions with their source columns and the
//! computed ones, a Summary sheet and a Rules sheet, written with rust_xlsxwriter (or as
//! CSV) to a temporary file in the target folder and renamed into place. The source
//! file is never written.

use crate::output::messages::Words;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatFormula, DocProperties, Format, FormatAlign, Workbook, Worksheet,
    XlsxError,
};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::engine::dataset::{Dataset, ScoreState, WHOLE_ROW};
use crate::engine::derive::Agreement;
use crate::engine::filter::Filter;
use crate::engine::load::fields::Field;
use crate::engine::load::table::Shape;
use crate::engine::load::value::{Cell, format_general, serial_to_date};
use crate::engine::rules::{Band, ClusterKey, ClusterSource, MatrixCell, Segment};
use crate::engine::staging::{self, Staging, StagingError};
use crate::engine::summary::{Selection, Summary};
use crate::engine::{Session, guard};
use crate::output::i18n::{self, t, tr};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Xlsx,
    Csv,
}

/// One Targets sheet per value of this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitBy {
    Cluster,
    Segment,
    Product,
}

#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub split_by: Option<SplitBy>,
    /// Replace an existing output file (never the source).
    pub force: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExportOutcome {
    pub path: PathBuf,
    pub rows: usize,
    pub sheets: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}", t!("error.export.would_overwrite_source", out = out, source_file = source_file))]
    WouldOverwriteSource { out: String, source_file: String },
    #[error("{}", t!("error.export.exists", out = out))]
    Exists { out: String },
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
}

/// What an exported column holds, for its number format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ColumnKind {
    Plain,
    Id,
    Money,
    Date,
}

/// Columns computed for every exported prediction (DOMAIN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Computed {
    Product,
    Fit,
    Intent,
    FitBand,
    IntentBand,
    Cell,
    Cluster,
    ClusterSource,
    WorkbookCluster,
    Agrees,
    Segment,
}

impl Computed {
    fn header(self) -> String {
        tr(match self {
            Computed::Product => "export.col.product",
            Computed::Fit => "export.col.fit",
            Computed::Intent => "export.col.intent",
            Computed::FitBand => "export.col.fit_band",
            Computed::IntentBand => "export.col.intent_band",
            Computed::Cell => "export.col.cell",
            Computed::Cluster => "export.col.cluster",
            Computed::ClusterSource => "export.col.cluster_source",
            Computed::WorkbookCluster => "export.col.workbook_cluster",
            Computed::Agrees => "export.col.agrees",
            Computed::Segment => "export.col.segment",
        })
    }
}

/// The exported columns: the union of the source columns (first seen first) and the
/// computed ones.
pub(super) struct Columns {
    source_file: bool,
    headers: Vec<String>,
    kinds: Vec<ColumnKind>,
    /// Per table (the tables of each data set planned, one after the other): output column
    /// of each table column.
    map: Vec<Vec<usize>>,
    computed: Vec<Computed>,
}

impl Columns {
    fn plan(ds: &Dataset) -> Columns {
        Columns::plan_many(&[ds])
    }

    /// The union over several data sets (a comparison's two months): see [`Columns::table_map`].
    pub(super) fn plan_many(datasets: &[&Dataset]) -> Columns {
        let tables: Vec<(&Dataset, usize)> =
            datasets.iter().flat_map(|ds| (0..ds.tables.len()).map(move |t| (*ds, t))).collect();
        let union =
            crate::engine::dataset::union_columns(&tables.iter().map(|(ds, t)| &ds.tables[*t]).collect::<Vec<_>>());
        let headers: Vec<String> = union.iter().map(|c| c.header.clone()).collect();
        let mut kinds = vec![ColumnKind::Plain; union.len()];
        let mut map: Vec<Vec<usize>> = tables.iter().map(|(ds, t)| vec![0; ds.tables[*t].headers.len()]).collect();
        for (out, column) in union.iter().enumerate() {
            for (flat, col) in column.per_table.iter().enumerate() {
                let Some(col) = *col else { continue };
                let (ds, t) = tables[flat];
                map[flat][col] = out;
                match ds.field_of(t, col) {
                    Some(Field::CustomerId | Field::Duns | Field::AgreementId) => kinds[out] = ColumnKind::Id,
                    Some(Field::WhitespaceRevenue | Field::ExpiringRevenue | Field::AzurePotential) => {
                        kinds[out] = ColumnKind::Money
                    }
                    _ if holds_dates(&ds.tables[t], col) => kinds[out] = ColumnKind::Date,
                    _ => {}
                }
            }
        }
        let all_long = datasets.iter().all(|ds| ds.tables.iter().all(|t| t.shape == Shape::Long));
        let mut computed = Vec::new();
        if !all_long {
            computed.extend([Computed::Product, Computed::Fit, Computed::Intent]);
        }
        computed.extend([
            Computed::FitBand,
            Computed::IntentBand,
            Computed::Cell,
            Computed::Cluster,
            Computed::ClusterSource,
            Computed::WorkbookCluster,
            Computed::Agrees,
            Computed::Segment,
        ]);
        let files: usize = datasets.iter().map(|ds| ds.files.len()).sum();
        Columns { source_file: files > 1, headers, kinds, map, computed }
    }

    /// The output columns of table `t` of the `nth` data set planned.
    pub(super) fn table_map(&self, datasets: &[&Dataset], nth: usize, t: usize) -> &[usize] {
        let before: usize = datasets[..nth].iter().map(|ds| ds.tables.len()).sum();
        &self.map[before + t]
    }

    /// The source columns only: the file name column (when several files) and the union.
    pub(super) fn source_headers(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.headers.len() + 1);
        if self.source_file {
            out.push(tr("export.col.source_file"));
        }
        out.extend(self.headers.iter().cloned());
        out
    }

    /// Column formats for the source columns (ids, money, dates).
    pub(super) fn set_formats(&self, ws: &mut Worksheet, formats: &Formats) -> Result<(), XlsxError> {
        let offset = usize::from(self.source_file);
        for (k, kind) in self.kinds.iter().enumerate() {
            let format = match kind {
                ColumnKind::Plain => continue,
                ColumnKind::Id => &formats.id,
                ColumnKind::Money => &formats.money,
                ColumnKind::Date => &formats.date,
            };
            ws.set_column_format((offset + k) as u16, format)?;
        }
        Ok(())
    }

    /// Writes the source cells of one row of table `t`; returns the first column after them.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_source_row(
        &self,
        ws: &mut Worksheet,
        r: u32,
        ds: &Dataset,
        table_map: &[usize],
        t: usize,
        row: usize,
        formats: &Formats,
        widths: &mut [usize],
    ) -> Result<usize, XlsxError> {
        let table = &ds.tables[t];
        if self.source_file {
            let name = &ds.files[table.file].name;
            widths[0] = widths[0].max(name.len());
            ws.write_string(r, 0, name)?;
        }
        let offset = usize::from(self.source_file);
        for (c, out) in table_map.iter().enumerate() {
            let col = offset + out;
            let w = &mut widths[col];
            match table.cell(row, c) {
                Cell::Empty => {}
                Cell::Number(v) => {
                    // money and id columns carry their number format as a column format
                    ws.write_number(r, col as u16, v)?;
                    *w = (*w).max(number_width(v));
                }
                Cell::Text(s) => {
                    // written as a string, never a formula, whatever it starts with
                    ws.write_string(r, col as u16, s)?;
                    *w = (*w).max(s.chars().count());
                }
                Cell::Bool(b) => {
                    ws.write_boolean(r, col as u16, b)?;
                    *w = (*w).max(5);
                }
                Cell::Date(d) => {
                    if self.kinds[*out] == ColumnKind::Date {
                        ws.write_number(r, col as u16, d)?;
                    } else {
                        ws.write_number_with_format(r, col as u16, d, &formats.date)?;
                    }
                    *w = (*w).max(10);
                }
                Cell::Error(e) => {
                    ws.write_string(r, col as u16, e.as_str())?;
                }
            }
        }
        Ok(offset + self.headers.len())
    }

    fn width(&self) -> usize {
        usize::from(self.source_file) + self.headers.len() + self.computed.len()
    }

    fn header_row(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.width());
        if self.source_file {
            out.push(tr("export.col.source_file"));
        }
        out.extend(self.headers.iter().cloned());
        out.extend(self.computed.iter().map(|c| c.header()));
        out
    }
}

/// A column whose first values are all dates.
fn holds_dates(table: &crate::engine::load::table::Table, col: usize) -> bool {
    let mut seen = false;
    for row in 0..table.rows().min(100) {
        match table.cell(row, col) {
            Cell::Date(_) => seen = true,
            Cell::Empty => {}
            _ => return false,
        }
    }
    seen
}

/// Labels translated once per export, not per row.
pub(super) struct Labels {
    pub(super) clusters: [String; 5],
    pub(super) segments: [String; 5],
    pub(super) bands: [String; 4],
    pub(super) sources: [String; 3],
    pub(super) yes: String,
    pub(super) no: String,
}

impl Labels {
    pub(super) fn new() -> Labels {
        Labels {
            clusters: ClusterKey::ALL.map(i18n::cluster_name),
            segments: Segment::ALL.map(i18n::segment_name),
            bands: Band::ALL.map(i18n::band_name),
            sources: [tr("export.source.recomputed"), tr("export.source.workbook"), tr("export.source.unscored")],
            yes: tr("export.yes"),
            no: tr("export.no"),
        }
    }
}

/// A computed value of one prediction.
pub(super) enum Value<'a> {
    Empty,
    Number(f64),
    Text(&'a str),
}

pub(super) fn computed_value<'a>(session: &'a Session, labels: &'a Labels, i: usize, what: Computed) -> Value<'a> {
    let ds = &session.data;
    let d = &session.derived;
    let p = &ds.predictions;
    let score = |value: f64, state: ScoreState| match state {
        ScoreState::Number => Value::Number(value),
        ScoreState::Label(b) => Value::Text(&labels.bands[b.index()]),
        _ => Value::Empty,
    };
    let band = |b: Option<Band>| b.map(|b| Value::Text(&labels.bands[b.index()])).unwrap_or(Value::Empty);
    match what {
        Computed::Product => Value::Text(ds.products.name(p.product[i])),
        Computed::Fit => score(p.fit.value[i], p.fit.state[i]),
        Computed::Intent => score(p.intent.value[i], p.intent.state[i]),
        Computed::FitBand => band(d.fit_band[i]),
        Computed::IntentBand => band(d.intent_band[i]),
        Computed::Cell => d.matrix_cell(i).map(|c| Value::Text(c.name())).unwrap_or(Value::Empty),
        Computed::Cluster => Value::Text(&labels.clusters[d.cluster[i] as usize]),
        Computed::ClusterSource => Value::Text(
            &labels.sources[match d.source[i] {
                ClusterSource::Recomputed => 0,
                ClusterSource::Workbook => 1,
                ClusterSource::Unscored => 2,
            }],
        ),
        Computed::WorkbookCluster => {
            let table = &ds.tables[p.table[i] as usize];
            let col = if p.group[i] == WHOLE_ROW {
                table.mapping.get(Field::Cluster)
            } else {
                table.mapping.groups.get(p.group[i] as usize).and_then(|g| g.cluster)
            };
            match col.map(|c| table.cell(p.row[i] as usize, c)) {
                Some(Cell::Text(t)) => Value::Text(t),
                Some(Cell::Error(e)) => Value::Text(e.as_str()),
                _ => Value::Empty,
            }
        }
        Computed::Agrees => match d.agreement[i] {
            Agreement::Agrees => Value::Text(&labels.yes),
            Agreement::Disagrees => Value::Text(&labels.no),
            _ => Value::Empty,
        },
        Computed::Segment => Value::Text(&labels.segments[d.segment[p.customer[i] as usize].index()]),
    }
}

/// Checks the output is not a source file and may be written; returns the folder.
pub(super) fn check_target(ds: &Dataset, out: &Path, force: bool) -> Result<PathBuf, ExportError> {
    let shown = out.display().to_string();
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
    if out.exists() && !force {
        return Err(ExportError::Exists { out: shown });
    }
    Ok(dir)
}

/// The same file under two names (a hard link; on Windows by volume and file index too).
fn same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// A temporary file for `out` in `dir` (see [`Staging`]).
pub(super) fn stage(dir: &Path) -> Result<Staging, ExportError> {
    Staging::new(dir).map_err(|e| folder_error(dir, &e))
}

fn folder_error(dir: &Path, e: &std::io::Error) -> ExportError {
    let dir = dir.display().to_string();
    if staging::is_no_space(e) {
        ExportError::NoSpace { dir }
    } else {
        ExportError::Folder { dir, message: io_words(e) }
    }
}

/// Renames the finished file over `out`; on failure the temporary file is gone and `out`
/// is as it was.
pub(super) fn put_in_place(staged: Staging, dir: &Path, out: &Path) -> Result<(), ExportError> {
    staged.finish(out).map_err(|e| match e {
        StagingError::NoSpace => ExportError::NoSpace { dir: dir.display().to_string() },
        StagingError::Locked => ExportError::Locked { out: out.display().to_string() },
        StagingError::Io(e) => ExportError::Write { out: out.display().to_string(), message: io_words(&e) },
    })
}

/// An error of the workbook writer, in words; a full folder says so.
pub(super) fn xlsx_failure(dir: &Path, out: &Path, e: &XlsxError) -> ExportError {
    match e {
        XlsxError::IoError(io) if staging::is_no_space(io) => ExportError::NoSpace { dir: dir.display().to_string() },
        _ => xlsx_error(out, e),
    }
}

/// Keeps a writer's first error for the end instead of handing it to the zip writer, which
/// would print it from its destructor ("ZipWriter::drop: ...") before our own words.
struct KeepFirstError<W: Write> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> KeepFirstError<W> {
    fn flush_inner(&mut self) {
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
pub(super) fn save_workbook(
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

pub(super) fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => tr("error.permission_denied"),
        std::io::ErrorKind::NotFound => tr("error.does_not_exist"),
        _ => e.to_string(),
    }
}

pub(super) fn xlsx_error(out: &Path, e: &XlsxError) -> ExportError {
    ExportError::Write { out: out.display().to_string(), message: e.to_string() }
}

/// Writes the target list of `rows` (prediction indices, as a filter gives them).
pub fn export(
    session: &Session,
    filter: &Filter,
    rows: &[u32],
    out: &Path,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportOutcome, ExportError> {
    if opts.format == ExportFormat::Csv && opts.split_by.is_some() {
        return Err(ExportError::SplitNeedsXlsx);
    }
    let dir = check_target(&session.data, out, opts.force)?;
    let staged = stage(&dir)?;
    let sheets = match opts.format {
        ExportFormat::Csv => {
            write_csv(session, rows, staged.file(), progress).map_err(|e| {
                if staging::is_no_space(&e) {
                    ExportError::NoSpace { dir: dir.display().to_string() }
                } else {
                    ExportError::Write { out: out.display().to_string(), message: io_words(&e) }
                }
            })?;
            vec![]
        }
        ExportFormat::Xlsx => {
            let build = || build_workbook(session, filter, rows, opts.split_by, progress);
            let mut wb = save_workbook(build, &staged, &dir, out)?;
            wb.worksheets().iter().map(|w| w.name()).collect()
        }
    };
    put_in_place(staged, &dir, out)?;
    Ok(ExportOutcome { path: out.to_path_buf(), rows: rows.len(), sheets })
}

/// Text that Excel would take for a formula (OWASP's CSV injection list: a tab or a
/// carriage return first also reaches the formula parser).
fn looks_like_formula(text: &str) -> bool {
    matches!(text.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

fn write_csv(
    session: &Session,
    rows: &[u32],
    file: &std::fs::File,
    progress: &mut dyn FnMut(usize, usize),
) -> std::io::Result<()> {
    let ds = &session.data;
    let cols = Columns::plan(ds);
    let labels = Labels::new();
    let mut buffered = std::io::BufWriter::new(file);
    buffered.write_all(b"\xEF\xBB\xBF")?;
    // CRLF line ends, like the CSV files Excel writes on Windows
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(buffered);
    let to_io = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    // every text cell goes through `safe`: headers and file names come from the user's files too
    let safe = |text: &str| if looks_like_formula(text) { format!("'{text}") } else { text.to_string() };
    let header: Vec<String> = cols.header_row().iter().map(|h| safe(h.as_ref())).collect();
    w.write_record(&header).map_err(to_io)?;
    let mut record: Vec<String> = vec![String::new(); cols.width()];
    for (n, &i) in rows.iter().enumerate() {
        let i = i as usize;
        let t = ds.predictions.table[i] as usize;
        let row = ds.predictions.row[i] as usize;
        let table = &ds.tables[t];
        record.iter_mut().for_each(String::clear);
        let offset = usize::from(cols.source_file);
        if cols.source_file {
            record[0] = safe(&ds.files[table.file].name);
        }
        for (c, out) in cols.map[t].iter().enumerate() {
            record[offset + out] = match table.cell(row, c) {
                Cell::Empty => String::new(),
                Cell::Number(v) => format_general(v),
                Cell::Text(s) => safe(s),
                Cell::Bool(b) => {
                    if b {
                        "TRUE".into()
                    } else {
                        "FALSE".into()
                    }
                }
                Cell::Date(d) => serial_to_date(d).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                Cell::Error(e) => e.as_str().to_string(),
            };
        }
        let base = offset + cols.headers.len();
        for (k, what) in cols.computed.iter().enumerate() {
            record[base + k] = match computed_value(session, &labels, i, *what) {
                Value::Empty => String::new(),
                Value::Number(v) => format_general(v),
                Value::Text(s) => safe(s),
            };
        }
        w.write_record(&record).map_err(to_io)?;
        if n % 10_000 == 0 {
            progress(n, rows.len());
        }
    }
    w.flush()?;
    progress(rows.len(), rows.len());
    Ok(())
}

/// Excel's sheet-name rules: at most 31 characters, none of []:*?/\, not blank, unique.
pub fn safe_sheet_name(name: &str, taken: &[String]) -> String {
    let cleaned: String =
        name.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '_' } else { c }).collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    let base: String = if cleaned.is_empty() { "Sheet".into() } else { cleaned.chars().take(31).collect() };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!(" ({n})");
        candidate = format!("{}{suffix}", base.chars().take(31 - suffix.chars().count()).collect::<String>());
        n += 1;
    }
    candidate
}

pub(super) struct Formats {
    pub(super) header: Format,
    pub(super) date: Format,
    /// A date in a column of text, aligned with it.
    pub(super) date_left: Format,
    pub(super) money: Format,
    pub(super) id: Format,
    pub(super) title: Format,
    pub(super) bold: Format,
    pub(super) percent: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_background_color(Color::RGB(0xE7EEF7)).set_align(FormatAlign::Center),
            // Excel's built-in short date (14): shown in its user's own order and separators
            date: Format::new().set_num_format_index(14),
            date_left: Format::new().set_num_format_index(14).set_align(FormatAlign::Left),
            money: Format::new().set_num_format("$#,##0.00"),
            id: Format::new().set_num_format("0"),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            percent: Format::new().set_num_format("0.0%"),
        }
    }
}

fn build_workbook(
    session: &Session,
    filter: &Filter,
    rows: &[u32],
    split_by: Option<SplitBy>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Workbook, XlsxError> {
    let ds = &session.data;
    let cols = Columns::plan(ds);
    let labels = Labels::new();
    let formats = Formats::new();
    let mut wb = Workbook::new();
    let description = describe_filter(filter);
    wb.set_properties(
        &DocProperties::new()
            .set_title(tr("export.title"))
            .set_subject(&description)
            .set_author(format!("Ascent Viewer {}", env!("CARGO_PKG_VERSION")))
            .set_comment(format!("{} {}", tr("export.rules_in_force"), session.derived.rules.name)),
    );
    // Targets sheets
    let groups: Vec<(String, Vec<u32>)> = match split_by {
        None => vec![(tr("export.sheet.targets"), rows.to_vec())],
        Some(by) => split_rows(session, rows, by, &labels),
    };
    let mut taken: Vec<String> = vec![tr("export.sheet.summary"), tr("export.sheet.rules")];
    let total = rows.len();
    let mut done = 0;
    for (name, group_rows) in &groups {
        let sheet_name = safe_sheet_name(name, &taken);
        taken.push(sheet_name.clone());
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(&sheet_name)?;
        write_targets(ws, session, &cols, &labels, &formats, group_rows, &mut |n| progress(done + n, total))?;
        done += group_rows.len();
    }
    let filtered =
        Summary::compute(ds, &session.derived, if filter.is_empty() { Selection::All } else { Selection::Rows(rows) });
    let whole = Summary::compute(ds, &session.derived, Selection::All);
    let summary_name = tr("export.sheet.summary");
    let ws = wb.add_worksheet();
    ws.set_name(&summary_name)?;
    write_summary(ws, &summary_name, session, &filtered, &whole, &labels, &formats, &description)?;
    let ws = wb.add_worksheet();
    ws.set_name(tr("export.sheet.rules"))?;
    write_rules(ws, session, &description, rows.len(), &formats)?;
    progress(total, total);
    Ok(wb)
}

fn split_rows(session: &Session, rows: &[u32], by: SplitBy, labels: &Labels) -> Vec<(String, Vec<u32>)> {
    let ds = &session.data;
    let d = &session.derived;
    let mut groups: Vec<(String, Vec<u32>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let key_of = |i: usize| -> String {
        match by {
            SplitBy::Cluster => labels.clusters[d.cluster[i] as usize].clone(),
            SplitBy::Segment => labels.segments[d.segment[ds.predictions.customer[i] as usize].index()].clone(),
            SplitBy::Product => {
                let name = ds.products.name(ds.predictions.product[i]);
                if name.is_empty() { tr("export.no_product") } else { name.to_string() }
            }
        }
    };
    for &i in rows {
        let key = key_of(i as usize);
        let g = *index.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    // clusters and segments in their natural order; products as first met
    match by {
        SplitBy::Cluster => groups.sort_by_key(|(k, _)| labels.clusters.iter().position(|c| c == k)),
        SplitBy::Segment => groups.sort_by_key(|(k, _)| labels.segments.iter().position(|c| c == k)),
        SplitBy::Product => {}
    }
    if groups.is_empty() {
        groups.push((tr("export.sheet.targets"), Vec::new()));
    }
    groups
}

const MAX_WIDTH: usize = 50;

fn write_targets(
    ws: &mut Worksheet,
    session: &Session,
    cols: &Columns,
    labels: &Labels,
    formats: &Formats,
    rows: &[u32],
    progress: &mut dyn FnMut(usize),
) -> Result<(), XlsxError> {
    let ds = &session.data;
    let headers = cols.header_row();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &formats.header)?;
    }
    cols.set_formats(ws, formats)?;
    for (n, &i) in rows.iter().enumerate() {
        let r = n as u32 + 1;
        let i = i as usize;
        let t = ds.predictions.table[i] as usize;
        let row = ds.predictions.row[i] as usize;
        let base = cols.write_source_row(ws, r, ds, &cols.map[t], t, row, formats, &mut widths)?;
        for (k, what) in cols.computed.iter().enumerate() {
            let col = base + k;
            match computed_value(session, labels, i, *what) {
                Value::Empty => {}
                Value::Number(v) => {
                    ws.write_number(r, col as u16, v)?;
                    widths[col] = widths[col].max(number_width(v));
                }
                Value::Text(s) => {
                    ws.write_string(r, col as u16, s)?;
                    widths[col] = widths[col].max(s.chars().count());
                }
            }
        }
        if n % 10_000 == 0 {
            progress(n);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).min(MAX_WIDTH) as f64 + 1.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_row = rows.len().max(1) as u32;
    ws.autofilter(0, 0, last_row, (headers.len().max(1) - 1) as u16)?;
    Ok(())
}

pub(super) fn number_width(v: f64) -> usize {
    let digits = if v.abs() >= 1.0 { v.abs().log10().floor() as usize + 1 } else { 1 };
    digits + if v.fract() != 0.0 { 4 } else { 0 } + usize::from(v < 0.0) + digits / 3
}

/// The filter in words, in the language in force.
pub fn describe_filter(filter: &Filter) -> String {
    let parts = filter.parts();
    if parts.is_empty() {
        return tr("export.no_filter");
    }
    parts
        .iter()
        .map(|p| {
            let column = p.column.clone().unwrap_or_default();
            if p.kind == "range" {
                let (from, to) =
                    (p.values.first().cloned().unwrap_or_default(), p.values.get(1).cloned().unwrap_or_default());
                return match (from.is_empty(), to.is_empty()) {
                    (false, false) => t!("filter.range_both", column = column, from = from, to = to).into_owned(),
                    (false, true) => t!("filter.range_from", column = column, from = from).into_owned(),
                    _ => t!("filter.range_to", column = column, to = to).into_owned(),
                };
            }
            if p.kind == "column" {
                let values: Vec<String> =
                    p.values.iter().map(|v| if v.is_empty() { tr("filter.blank") } else { v.clone() }).collect();
                return format!("{column}: {}", values.join(&format!(" {} ", tr("filter.or"))));
            }
            let values: Vec<String> = p
                .values
                .iter()
                .map(|v| match p.kind {
                    "cluster" => ClusterKey::from_key(v).map(i18n::cluster_name).unwrap_or_else(|| v.clone()),
                    "segment" => Segment::from_key(v).map(i18n::segment_name).unwrap_or_else(|| v.clone()),
                    _ => v.clone(),
                })
                .collect();
            format!("{}: {}", tr(&format!("filter.kind.{}", p.kind)), values.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A fill colour for each cluster, shared by the matrix and the charts.
pub fn cluster_rgb(key: ClusterKey) -> u32 {
    match key {
        ClusterKey::ActNow => 0x2E7D32,
        ClusterKey::Evaluate => 0x1565C0,
        ClusterKey::Nurture => 0xEF8F00,
        ClusterKey::Educate => 0x7B1FA2,
        ClusterKey::Unscored => 0x757575,
    }
}

pub(super) fn light_rgb(key: ClusterKey) -> u32 {
    match key {
        ClusterKey::ActNow => 0xC8E6C9,
        ClusterKey::Evaluate => 0xBBDEFB,
        ClusterKey::Nurture => 0xFFE0B2,
        ClusterKey::Educate => 0xE1BEE7,
        ClusterKey::Unscored => 0xE0E0E0,
    }
}

#[allow(clippy::too_many_arguments)]
fn write_summary(
    ws: &mut Worksheet,
    sheet: &str,
    session: &Session,
    filtered: &Summary,
    whole: &Summary,
    labels: &Labels,
    f: &Formats,
    description: &str,
) -> Result<(), XlsxError> {
    let d = &session.derived;
    ws.set_column_width(0, 36)?;
    for c in 1..=12u16 {
        ws.set_column_width(c, 16)?;
    }
    ws.write_string_with_format(0, 0, tr("export.summary_title"), &f.title)?;
    ws.write_string(1, 0, format!("{}: {description}", tr("export.filter")))?;
    // a real date: Excel shows it in its user's order
    ws.write_string(2, 0, tr("export.as_of"))?;
    ws.write_number_with_format(2, 1, crate::engine::load::value::date_to_serial(d.as_of), &f.date_left)?;
    ws.write_string(2, 2, d.fiscal_year.words())?;
    // cards
    let mut r = 4u32;
    ws.write_string_with_format(r, 0, tr("report.cards"), &f.bold)?;
    ws.write_string_with_format(r, 1, tr("export.exported"), &f.header)?;
    ws.write_string_with_format(r, 2, tr("export.whole_source"), &f.header)?;
    let cards: [(String, f64, f64, bool); 5] = [
        (tr("card.customers"), filtered.cards.customers as f64, whole.cards.customers as f64, false),
        (
            tr("card.expiring_agreements"),
            filtered.cards.expiring_agreements as f64,
            whole.cards.expiring_agreements as f64,
            false,
        ),
        (tr("card.expiring_revenue"), filtered.cards.expiring_revenue, whole.cards.expiring_revenue, true),
        (
            tr("card.open_expiring_revenue"),
            filtered.cards.open_expiring_revenue,
            whole.cards.open_expiring_revenue,
            true,
        ),
        (tr("export.predictions"), filtered.rows as f64, whole.rows as f64, false),
    ];
    for (label, a, b, money) in cards {
        r += 1;
        ws.write_string(r, 0, label)?;
        if money {
            ws.write_number_with_format(r, 1, a, &f.money)?;
            ws.write_number_with_format(r, 2, b, &f.money)?;
        } else {
            ws.write_number(r, 1, a)?;
            ws.write_number(r, 2, b)?;
        }
    }
    // segments
    r += 2;
    let seg_header = r;
    ws.write_string_with_format(r, 0, tr("report.segments"), &f.bold)?;
    ws.write_string_with_format(r, 1, tr("export.exported"), &f.header)?;
    ws.write_string_with_format(r, 2, tr("export.share"), &f.header)?;
    ws.write_string_with_format(r, 3, tr("export.whole_source"), &f.header)?;
    for s in Segment::ALL {
        r += 1;
        ws.write_string(r, 0, &labels.segments[s.index()])?;
        ws.write_number(r, 1, filtered.segment(s) as f64)?;
        let share = if filtered.customers > 0 { filtered.segment(s) as f64 / filtered.customers as f64 } else { 0.0 };
        ws.write_number_with_format(r, 2, share, &f.percent)?;
        ws.write_number(r, 3, whole.segment(s) as f64)?;
    }
    let mut pie = Chart::new(ChartType::Pie);
    pie.title().set_name(tr("report.segments").as_str());
    pie.add_series().set_categories((sheet, seg_header + 1, 0, seg_header + 5, 0)).set_values((
        sheet,
        seg_header + 1,
        1,
        seg_header + 5,
        1,
    ));
    ws.insert_chart(4, 5, &pie)?;
    // the matrix: counts, revenue, and the cluster of each cell (which colours it)
    r += 2;
    ws.write_string_with_format(r, 0, tr("report.matrix"), &f.bold)?;
    r += 1;
    let top = r;
    ws.write_string_with_format(r, 0, tr("export.fit_intent"), &f.header)?;
    for (k, b) in Band::ALL.iter().enumerate() {
        let col = 1 + k as u16;
        ws.write_string_with_format(r, col, &labels.bands[b.index()], &f.header)?;
        ws.write_string_with_format(r, col + 5, &labels.bands[b.index()], &f.header)?;
        ws.write_string_with_format(r, col + 10, &labels.bands[b.index()], &f.header)?;
    }
    ws.write_string_with_format(r - 1, 5 + 1, tr("export.whitespace_by_cell"), &f.bold)?;
    ws.write_string_with_format(r - 1, 10 + 1, tr("export.cluster_by_cell"), &f.bold)?;
    for fit in Band::ALL {
        r += 1;
        ws.write_string_with_format(r, 0, &labels.bands[fit.index()], &f.header)?;
        ws.write_string_with_format(r, 5, &labels.bands[fit.index()], &f.header)?;
        ws.write_string_with_format(r, 10, &labels.bands[fit.index()], &f.header)?;
        for intent in Band::ALL {
            let cell = MatrixCell::new(fit, intent);
            let col = 1 + intent.index() as u16;
            let stat = filtered.cell(cell);
            ws.write_number(r, col, stat.rows as f64)?;
            ws.write_number_with_format(r, col + 5, stat.whitespace_revenue, &f.money)?;
            let cluster = ClusterKey::from_cluster(Some(d.rules.cluster_of(cell)));
            ws.write_string(r, col + 10, format!("{} {}", cell.name(), labels.clusters[cluster.index()]))?;
        }
    }
    // colour the counts and revenue by the cluster named in the third grid
    for key in [ClusterKey::ActNow, ClusterKey::Evaluate, ClusterKey::Nurture, ClusterKey::Educate] {
        let fill = Format::new().set_background_color(Color::RGB(light_rgb(key)));
        let letter = key.cluster().map(|c| c.letter()).unwrap_or('a');
        // relative to each grid's top-left cell, the same offset reaches the cluster grid
        let formula = format!("=LEFT(L{},1)=\"{letter}\"", top + 2);
        let rule = ConditionalFormatFormula::new().set_rule(formula.as_str()).set_format(&fill);
        ws.add_conditional_format(top + 1, 1, top + 4, 4, &rule)?;
        ws.add_conditional_format(top + 1, 6, top + 4, 9, &rule)?;
        ws.add_conditional_format(top + 1, 11, top + 4, 14, &rule)?;
    }
    // clusters
    r += 2;
    let cl_header = r;
    ws.write_string_with_format(r, 0, tr("report.clusters"), &f.bold)?;
    ws.write_string_with_format(r, 1, tr("export.exported"), &f.header)?;
    ws.write_string_with_format(r, 2, tr("export.whitespace"), &f.header)?;
    ws.write_string_with_format(r, 3, tr("export.from_workbook"), &f.header)?;
    ws.write_string_with_format(r, 4, tr("export.whole_source"), &f.header)?;
    for k in ClusterKey::ALL {
        r += 1;
        let stat = filtered.cluster(k);
        ws.write_string(r, 0, &labels.clusters[k.index()])?;
        ws.write_number(r, 1, stat.rows as f64)?;
        ws.write_number_with_format(r, 2, stat.whitespace_revenue, &f.money)?;
        ws.write_number(r, 3, stat.from_workbook as f64)?;
        ws.write_number(r, 4, whole.cluster(k).rows as f64)?;
    }
    let mut bar = Chart::new(ChartType::Column);
    bar.title().set_name(tr("report.clusters").as_str());
    bar.legend().set_hidden();
    bar.add_series()
        .set_name(tr("export.exported").as_str())
        .set_categories((sheet, cl_header + 1, 0, cl_header + 5, 0))
        .set_values((sheet, cl_header + 1, 1, cl_header + 5, 1));
    ws.insert_chart(cl_header, 6, &bar)?;
    Ok(())
}

pub(super) fn write_rules(
    ws: &mut Worksheet,
    session: &Session,
    description: &str,
    rows: usize,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let ds = &session.data;
    let d = &session.derived;
    let rules = &d.rules;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 60)?;
    ws.write_string_with_format(0, 0, tr("export.rules_title"), &f.title)?;
    let mut r = 2u32;
    let line = |ws: &mut Worksheet, r: &mut u32, key: String, value: String| -> Result<(), XlsxError> {
        ws.write_string_with_format(*r, 0, key, &f.bold)?;
        ws.write_string(*r, 1, value)?;
        *r += 1;
        Ok(())
    };
    for file in &ds.report.files {
        line(ws, &mut r, tr("export.source_file"), file.path.clone())?;
        for t in &file.tables {
            line(
                ws,
                &mut r,
                format!("  {}", tr("export.sheet_and_header")),
                format!(
                    "{} / {} {} ({})",
                    t.sheet,
                    tr("export.header_row"),
                    t.header_row,
                    tr(&format!("shape.{}", t.shape.key()))
                ),
            )?;
        }
    }
    // a real date (Excel shows it its user's way), the fiscal year beside it
    ws.write_string_with_format(r, 0, tr("export.as_of"), &f.bold)?;
    ws.write_number_with_format(r, 1, crate::engine::load::value::date_to_serial(d.as_of), &f.date_left)?;
    ws.write_string(r, 2, d.fiscal_year.words())?;
    r += 1;
    line(ws, &mut r, tr("export.filter"), description.to_string())?;
    line(ws, &mut r, tr("export.rows"), rows.to_string())?;
    line(ws, &mut r, tr("export.rules_in_force"), rules.name.clone())?;
    line(ws, &mut r, tr("export.band_high"), format!("{}", rules.bands.high))?;
    line(ws, &mut r, tr("export.band_medium"), format!("{}", rules.bands.medium))?;
    line(ws, &mut r, tr("export.band_low"), format!("{}", rules.bands.low))?;
    line(ws, &mut r, tr("export.seg_azure"), format!("{}", rules.segments.azure_potential_over))?;
    line(ws, &mut r, tr("export.seg_user"), format!("{}", rules.segments.user_based_employees_from))?;
    line(ws, &mut r, tr("export.seg_mid"), format!("{}", rules.segments.mid_size_employees_from))?;
    r += 1;
    ws.write_string_with_format(r, 0, tr("export.cell_map"), &f.bold)?;
    r += 1;
    ws.write_string_with_format(r, 0, tr("export.fit_intent"), &f.header)?;
    for b in Band::ALL {
        ws.write_string_with_format(r, 1 + b.index() as u16, i18n::band_name(b), &f.header)?;
    }
    for fit in Band::ALL {
        r += 1;
        ws.write_string_with_format(r, 0, i18n::band_name(fit), &f.header)?;
        for intent in Band::ALL {
            let cell = MatrixCell::new(fit, intent);
            let key = ClusterKey::from_cluster(Some(rules.cluster_of(cell)));
            let fmt = Format::new().set_background_color(Color::RGB(light_rgb(key)));
            ws.write_string_with_format(
                r,
                1 + intent.index() as u16,
                format!("{} {}", cell.name(), i18n::cluster_name(key)),
                &fmt,
            )?;
        }
    }
    Ok(r + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(safe_sheet_name("Act now", &[]), "Act now");
        assert_eq!(safe_sheet_name("a/b:c*d?[e]\\f", &[]), "a_b_c_d__e__f");
        let long = "Dynamics 365 Finance and Operations (whitespace)";
        assert_eq!(safe_sheet_name(long, &[]).chars().count(), 31);
        assert_eq!(safe_sheet_name("Summary", &["Summary".into()]), "Summary (2)");
        assert_eq!(safe_sheet_name("", &[]), "Sheet");
        let taken = vec![safe_sheet_name(long, &[])];
        let second = safe_sheet_name(long, &taken);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)"));
    }

    #[test]
    fn formula_text_is_recognised() {
        assert!(looks_like_formula("=SUM(1,2)"));
        assert!(looks_like_formula("+33 1 23"));
        assert!(looks_like_formula("-x"));
        assert!(looks_like_formula("@A1"));
        assert!(!looks_like_formula("Contoso"));
    }
}
