//! Opening files: workbooks through calamine (streaming where the format allows), CSV and
//! TSV through the csv crate. Every sheet's cells go through a [`SheetSink`].

use calamine::{Data, DataRef, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};
use std::io::{Cursor, Read, Seek};
use std::path::PathBuf;

use super::error::{Damage, FileKind, LoadError};
use super::fast::{self, cell::Stop};
use super::format::{FastRows, SheetReader, SheetReading, XlsxReader};
pub use super::input::Source;
use super::input::{Magic, Opened, is_encrypted_ooxml, looks_like_text, sniff};
use super::table::{CellFault, DetectOptions, MAX_CELLS_NOT_READ, SheetEvent, SheetSink, SkippedSheet, Table};
use super::value::{Cell, ErrorCode, datetime_cell};
use super::{delimited, package};

/// How a file came to be loaded: named by the user (a file that holds no propensity data is
/// an error) or found in a folder (it is skipped and listed instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Named,
    InFolder,
}

pub use super::format::Format;

/// Extensions a folder is searched for.
pub const KNOWN_EXTENSIONS: [&str; 9] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt", "xlam"];

/// What one file gave.
#[derive(Debug)]
pub struct FileTables {
    pub format: Format,
    pub tables: Vec<Table>,
    pub skipped: Vec<SkippedSheet>,
}

/// Collects a sheet's events into whole tables (for callers that need no streaming).
#[derive(Debug, Default)]
pub struct TableCollector {
    pub tables: Vec<Table>,
    pub skipped: Vec<SkippedSheet>,
    /// Tables and skipped sheets before the sheet being read: a withdrawn sheet's go.
    before_sheet: (usize, usize),
}

impl TableCollector {
    pub fn take(&mut self, event: SheetEvent) {
        match event {
            SheetEvent::ReadBy(_) => self.before_sheet = (self.tables.len(), self.skipped.len()),
            SheetEvent::Withdrawn => {
                self.tables.truncate(self.before_sheet.0);
                self.skipped.truncate(self.before_sheet.1);
            }
            SheetEvent::Start(table) => self.tables.push(table),
            SheetEvent::Rows(mut chunk) => {
                if let Some(t) = self.tables.last_mut() {
                    chunk.compact();
                    t.push_chunk(chunk);
                }
            }
            SheetEvent::End { blank_rows, cells_outside, not_read } => {
                if let Some(t) = self.tables.last_mut() {
                    t.blank_rows = blank_rows;
                    t.cells_outside = cells_outside;
                    t.not_read = not_read;
                }
            }
            SheetEvent::Skipped(s) => self.skipped.push(s),
        }
    }
}

/// Reads every table of one file, whole.
pub fn read_file(source: &Source, file_index: usize, opts: &DetectOptions) -> Result<FileTables, LoadError> {
    let mut collector = TableCollector::default();
    let format = read_streaming(source, file_index, opts, &mut |e| collector.take(e))?;
    Ok(FileTables { format, tables: collector.tables, skipped: collector.skipped })
}

/// Reads one file, handing each table's rows on through `emit` as they are read. A panic
/// inside a parser is turned into a "damaged file" error: a viewer must not die on one
/// odd workbook.
pub fn read_streaming(
    source: &Source,
    file_index: usize,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<Format, LoadError> {
    if let Source::Stored(file) = source {
        return super::stored::read_stored(file, opts, emit);
    }
    let name = source.display_name();
    let opened = source.open()?;
    let ext = source.extension();
    match crate::engine::guard::catching(|| read_opened(&name, &ext, &opened, file_index, opts, emit)) {
        Ok(r) => r,
        Err(_) => Err(LoadError::Damaged { path: name, detail: Damage::Inconsistent }),
    }
}

/// The format of an opened file, from its first bytes and its extension.
fn format_of(name: &str, ext: &str, opened: &Opened) -> Result<Format, LoadError> {
    let io = |e| LoadError::io(name, e);
    let head = &opened.head;
    let format = match (ext, sniff(head)) {
        ("csv" | "tsv" | "txt", None) => Format::Delimited,
        (_, Some(Magic::Zip)) => match ext {
            "xlsb" => Format::Xlsb,
            "ods" => Format::Ods,
            "xlsx" | "xlsm" | "xlam" => Format::Xlsx,
            _ => zip_format(head, opened.reader().map_err(io)?),
        },
        (_, Some(Magic::Ole)) if matches!(ext, "xlsx" | "xlsm" | "xlsb") => {
            // Office wraps a password-protected xlsx in an OLE container
            return Err(LoadError::Password { path: name.into() });
        }
        // an xls, or an encrypted xlsx under another name: told apart once its bytes are read
        (_, Some(Magic::Ole)) => Format::Xls,
        (_, Some(Magic::Other(what))) => {
            return Err(LoadError::NotASpreadsheet { path: name.into(), what });
        }
        ("xlsx" | "xlsm" | "xlsb" | "ods" | "xls", None) => {
            let what = if looks_like_text(head) { FileKind::TextAsWorkbook } else { FileKind::Binary };
            return Err(LoadError::NotASpreadsheet { path: name.into(), what });
        }
        (_, None) if looks_like_text(head) => Format::Delimited,
        _ => {
            return Err(LoadError::NotASpreadsheet { path: name.into(), what: FileKind::Unknown });
        }
    };
    Ok(format)
}

fn read_opened(
    name: &str,
    ext: &str,
    opened: &Opened,
    file_index: usize,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<Format, LoadError> {
    if opened.len == 0 {
        return Err(LoadError::Empty { path: name.into() });
    }
    let format = format_of(name, ext, opened)?;
    let io = |e| LoadError::io(name, e);
    match format {
        Format::Delimited => delimited::read_delimited(name, ext, opened, file_index, opts, emit)?,
        Format::Xlsx => {
            package::check_xlsx(opened.reader().map_err(io)?, opts.max_bytes).map_err(|problem| match problem {
                package::PackageProblem::Damaged(detail) => LoadError::Damaged { path: name.into(), detail },
                package::PackageProblem::OverBudget => {
                    LoadError::TextsOverMemory { path: name.into(), limit: opts.max_bytes }
                }
            })?;
            read_xlsx(name, opened, file_index, opts, emit)?;
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(opened.reader().map_err(io)?).map_err(|e| LoadError::from_xlsb(name, &e))?;
            let words = ErrorWords { fault: xlsb_fault, damaged: LoadError::from_xlsb };
            let names = calamine_worksheets(wb.sheets_metadata(), opts, name)?;
            for sheet in names {
                let mut sink = SheetSink::new(opts, file_index, &sheet, emit);
                let mut reader = wb.worksheet_cells_reader(&sheet).map_err(|e| LoadError::from_xlsb(name, &e))?;
                stream_sheet(&mut sink, || reader.next_cell(), &words, name, &sheet)?;
                sink.finish();
            }
        }
        Format::Xls => {
            // Excel 97-2003 workbooks are small (65,536 rows) and read whole by calamine too
            let bytes = opened.whole().map_err(io)?;
            if is_encrypted_ooxml(&bytes) {
                // a password-protected xlsx: an OLE container with an EncryptionInfo stream
                return Err(LoadError::Password { path: name.into() });
            }
            package::check_xls(&bytes).map_err(|detail| LoadError::Damaged { path: name.into(), detail })?;
            let wb = Xls::new(Cursor::new(bytes)).map_err(|e| LoadError::from_xls(name, &e))?;
            read_ranges(wb, name, file_index, opts, emit, LoadError::from_xls)?;
        }
        Format::Ods => {
            // with no limit of ours (--max-cells 0), calamine's own: 100,000,000 cells
            let limit = if opts.max_cells > 0 { opts.max_cells } else { 100_000_000 };
            package::check_ods(opened.reader().map_err(io)?, limit).map_err(|problem| match problem {
                package::OdsProblem::TooManyCells { sheet } => LoadError::too_many_cells(name, &sheet, limit),
                package::OdsProblem::RowsPastLimit => {
                    LoadError::Damaged { path: name.into(), detail: Damage::RowsPastLimit }
                }
            })?;
            let wb = Ods::new(opened.reader().map_err(io)?).map_err(|e| LoadError::from_ods(name, &e))?;
            read_ranges(wb, name, file_index, opts, emit, LoadError::from_ods)?;
        }
    }
    Ok(format)
}

/// An xlsx workbook: each sheet by the fast reader where it reads the sheet whole, else by
/// calamine. The fast reader's rows are held until its scan of the sheet ends, so a sheet it
/// gives up on is read by calamine with nothing of it kept.
fn read_xlsx(
    name: &str,
    opened: &Opened,
    file_index: usize,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<(), LoadError> {
    let io = |e| LoadError::io(name, e);
    let book = match opts.xlsx_reader {
        XlsxReader::Calamine => None,
        XlsxReader::Automatic => zip::ZipArchive::new(opened.reader().map_err(io)?)
            .ok()
            .and_then(|mut zip| fast::parts::Book::open(&mut zip).ok()),
    };
    // calamine's workbook, opened when a sheet first needs it
    let open_calamine = || Xlsx::new(opened.reader().map_err(io)?).map_err(|e| LoadError::from_xlsx(name, &e));
    let mut calamine: Option<Xlsx<super::input::Input>> = None;
    let sheets = match &book {
        Some(book) => worksheet_names(book.sheets.iter().map(|s| (s.name.as_str(), s.is_worksheet)), opts, name)?,
        None => calamine_worksheets(calamine.insert(open_calamine()?).sheets_metadata(), opts, name)?,
    };
    for sheet in sheets {
        if let Some(book) = &book
            && fast_sheet(book, name, opened, (file_index, &sheet), opts, emit)?
        {
            continue;
        }
        let wb = match &mut calamine {
            Some(wb) => wb,
            None => calamine.insert(open_calamine()?),
        };
        emit(SheetEvent::ReadBy(SheetReading { sheet: sheet.clone(), reader: SheetReader::Calamine }));
        let words = ErrorWords { fault: xlsx_fault, damaged: LoadError::from_xlsx };
        let mut sink = SheetSink::new(opts, file_index, &sheet, emit);
        let mut reader = wb.worksheet_cells_reader(&sheet).map_err(|e| LoadError::from_xlsx(name, &e))?;
        stream_sheet(&mut sink, || reader.next_cell(), &words, name, &sheet)?;
        sink.finish();
    }
    Ok(())
}

/// One sheet by the fast reader (true); false where the sheet is calamine's to read. Its
/// events are handed on as read, or held until its scan ends ([`FastRows`]); a sheet given
/// up on after some were handed on is withdrawn.
fn fast_sheet(
    book: &fast::parts::Book,
    name: &str,
    opened: &Opened,
    (file_index, sheet): (usize, &str),
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<bool, LoadError> {
    let Some(part) = book.sheets.iter().find(|s| s.name == sheet) else { return Ok(false) };
    let read_by_fast = || SheetEvent::ReadBy(SheetReading { sheet: sheet.to_string(), reader: SheetReader::Fast });
    let mut held = Vec::new();
    let mut handed_on = false;
    // per column: whether its cells mostly differed in the chunk before (see Chunk::compact_after)
    let mut distinct = Vec::new();
    let scanned = {
        let mut pass = |mut event: SheetEvent| match opts.fast_rows {
            FastRows::AsRead => {
                if !handed_on {
                    emit(read_by_fast());
                    handed_on = true;
                }
                emit(event);
            }
            FastRows::AtSheetEnd => {
                if let SheetEvent::Rows(chunk) = &mut event {
                    // held rows take the room of the table they become
                    chunk.compact_after(&mut distinct);
                }
                held.push(event);
            }
        };
        let mut sink = SheetSink::new(opts, file_index, sheet, &mut pass);
        let input = opened.reader().map_err(|e| LoadError::io(name, e))?;
        let scanned = crate::engine::guard::catching(|| fast::read_sheet(book, input, &part.path, &mut sink))
            .unwrap_or(Err(Stop::Unrecognised));
        if scanned.is_ok() {
            sink.finish();
        }
        scanned
    };
    match scanned {
        Ok(()) => {
            if !handed_on {
                emit(read_by_fast());
            }
            held.into_iter().for_each(emit);
            Ok(true)
        }
        Err(Stop::Unrecognised) => {
            if handed_on {
                emit(SheetEvent::Withdrawn);
            }
            Ok(false)
        }
        Err(Stop::TooManyCells(t)) => Err(LoadError::over_limit(name, sheet, t)),
        Err(Stop::TooManyBadCells) => {
            Err(LoadError::TooManyBadCells { path: name.into(), sheet: sheet.into(), limit: MAX_CELLS_NOT_READ })
        }
    }
}

/// A zip of unknown extension: ODS names its mimetype first, xlsb holds a .bin workbook.
fn zip_format(head: &[u8], input: impl Read + Seek) -> Format {
    if head.windows(39).any(|w| w == b"application/vnd.oasis.opendocument.spre") {
        Format::Ods
    } else if zip::ZipArchive::new(input)
        .is_ok_and(|zip| zip.file_names().any(|n| n.is_ok_and(|n| n == "xl/workbook.bin")))
    {
        Format::Xlsb
    } else {
        Format::Xlsx
    }
}

/// The worksheets to read (chart and macro sheets are not tables), or the one asked for.
fn worksheet_names<'s>(
    sheets: impl Iterator<Item = (&'s str, bool)>,
    opts: &DetectOptions,
    name: &str,
) -> Result<Vec<String>, LoadError> {
    let all: Vec<String> = sheets.filter(|(_, is_worksheet)| *is_worksheet).map(|(s, _)| s.to_string()).collect();
    match &opts.sheet {
        None => Ok(all),
        Some(wanted) => {
            all.iter().find(|s| s.eq_ignore_ascii_case(wanted)).map(|s| vec![s.clone()]).ok_or_else(|| {
                LoadError::SheetNotFound { path: name.into(), sheet: wanted.clone(), sheets: all.clone() }
            })
        }
    }
}

/// [`worksheet_names`] of a workbook calamine opened.
fn calamine_worksheets(meta: &[calamine::Sheet], opts: &DetectOptions, name: &str) -> Result<Vec<String>, LoadError> {
    worksheet_names(meta.iter().map(|s| (s.name.as_str(), s.typ == SheetType::WorkSheet)), opts, name)
}

/// What a streaming reader's errors mean: about one cell, or about the file.
struct ErrorWords<E> {
    fault: fn(&E) -> Option<CellFault>,
    damaged: fn(&str, &E) -> LoadError,
}

/// Hands a sheet's cells to the sink as the reader streams them; a cell the reader cannot
/// read is counted and the sheet reads on.
fn stream_sheet<'a, E>(
    sink: &mut SheetSink,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
    words: &ErrorWords<E>,
    name: &str,
    sheet: &str,
) -> Result<(), LoadError> {
    loop {
        match next() {
            Ok(Some(cell)) => {
                let (r, c) = cell.get_position();
                sink.push(r, c, data_ref_cell(cell.get_value())).map_err(|t| LoadError::over_limit(name, sheet, t))?;
                if sink.is_done() {
                    return Ok(());
                }
            }
            Ok(None) => return Ok(()),
            Err(e) => {
                cell_not_read(sink, (words.fault)(&e), name, sheet).ok_or_else(|| (words.damaged)(name, &e))??
            }
        }
    }
}

/// A cell the reader could not read: counted with where it is, and the sheet goes on
/// (`Some(Ok)`); too many of them make the file damaged (`Some(Err)`). `None`: the error is
/// not about one cell, and stops the file.
fn cell_not_read(
    sink: &mut SheetSink,
    fault: Option<CellFault>,
    name: &str,
    sheet: &str,
) -> Option<Result<(), LoadError>> {
    let fault = fault?;
    Some(if sink.not_read(fault) {
        Ok(())
    } else {
        Err(LoadError::TooManyBadCells { path: name.into(), sheet: sheet.into(), limit: MAX_CELLS_NOT_READ })
    })
}

/// The xlsx reader's errors that concern one cell (it reads on after them).
fn xlsx_fault(e: &calamine::XlsxError) -> Option<CellFault> {
    use calamine::XlsxError as E;
    match e {
        E::ParseFloat(_) | E::ParseInt(_) => Some(CellFault::NotANumber),
        E::Unrecognized { typ: "boolean cell value", .. } => Some(CellFault::NotABoolean),
        E::Unexpected("Cell string index not found in shared strings table") => Some(CellFault::NoSuchString),
        E::CellTAttribute(_) => Some(CellFault::UnknownType),
        E::CellError(_) => Some(CellFault::UnknownError),
        _ => None,
    }
}

/// The xlsb reader's errors that concern one cell (a record read whole, then decoded).
fn xlsb_fault(e: &calamine::XlsbError) -> Option<CellFault> {
    use calamine::XlsbError as E;
    match e {
        E::BErr(_) | E::CellError(_) => Some(CellFault::UnknownError),
        E::UnsupportedType(_) => Some(CellFault::UnknownType),
        _ => None,
    }
}

fn read_ranges<RS: Read + Seek, R: Reader<RS>>(
    mut wb: R,
    name: &str,
    file_index: usize,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
    damaged: fn(&str, &R::Error) -> LoadError,
) -> Result<(), LoadError> {
    let names = calamine_worksheets(wb.sheets_metadata(), opts, name)?;
    for sheet in names {
        let range = wb.worksheet_range(&sheet).map_err(|e| damaged(name, &e))?;
        let mut sink = SheetSink::new(opts, file_index, &sheet, emit);
        if let Some((r0, c0)) = range.start() {
            for (r, c, value) in range.used_cells() {
                sink.push(r0 + r as u32, c0 + c as u32, data_cell(value))
                    .map_err(|t| LoadError::over_limit(name, &sheet, t))?;
                if sink.is_done() {
                    break;
                }
            }
        }
        sink.finish();
    }
    Ok(())
}

fn error_code(e: &calamine::CellErrorType) -> ErrorCode {
    use calamine::CellErrorType as E;
    match e {
        E::Div0 => ErrorCode::Div0,
        E::NA => ErrorCode::NotAvailable,
        E::Name => ErrorCode::Name,
        E::Null => ErrorCode::Null,
        E::Num => ErrorCode::Num,
        E::Ref => ErrorCode::Ref,
        E::Value => ErrorCode::Value,
        E::GettingData => ErrorCode::GettingData,
    }
}

fn data_ref_cell<'a>(v: &'a DataRef<'a>) -> Cell<'a> {
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => datetime_cell(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(error_code(e)),
        DataRef::Empty => Cell::Empty,
    }
}

fn data_cell(v: &Data) -> Cell<'_> {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => datetime_cell(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(error_code(e)),
        Data::Empty => Cell::Empty,
    }
}

/// Decodes text as Excel writes it: UTF-8 with or without BOM, UTF-16 with BOM ("Unicode
/// text"), else Windows-1252.
/// Expands folders into the files they hold (sorted, known extensions only, no
/// Excel lock files "~$...").
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| LoadError::io(&path.display().to_string(), e))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
                    !name.starts_with("~$") && !name.starts_with('.') && KNOWN_EXTENSIONS.contains(&ext.as_str())
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(LoadError::EmptyFolder { path: path.display().to_string() });
            }
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(LoadError::NotFound { path: path.display().to_string() });
        }
    }
    Ok(files)
}
