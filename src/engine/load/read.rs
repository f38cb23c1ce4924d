//! Opening files: workbooks through calamine (streaming where the format allows), CSV and
//! TSV through the csv crate. Every sheet's cells go through a [`SheetSink`].

use calamine::{Data, DataRef, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{Damage, FileKind, LoadError};
use super::package;
use super::table::{
    CellFault, DetectOptions, MAX_CELLS_NOT_READ, SheetEvent, SheetSink, SkippedSheet, Table, TableCollector,
};
use super::value::{Cell, ErrorCode, cell_from_csv_field, date_to_serial};

/// How a file came to be loaded: named by the user (a file that holds no propensity data is
/// an error) or found in a folder (it is skipped and listed instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Named,
    InFolder,
}

/// Where a file's bytes come from: a path, or memory (the bundled sample, tests, fuzzing).
#[derive(Clone, Debug)]
pub enum Source {
    Path(PathBuf),
    Memory { name: String, bytes: Arc<[u8]> },
}

impl Source {
    pub fn display_name(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Memory { name, .. } => name.clone(),
        }
    }

    pub fn file_name(&self) -> String {
        match self {
            Source::Path(p) => {
                p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
            }
            Source::Memory { name, .. } => name.clone(),
        }
    }

    fn extension(&self) -> String {
        let name = match self {
            Source::Path(p) => p.to_string_lossy().into_owned(),
            Source::Memory { name, .. } => name.clone(),
        };
        Path::new(&name).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
    }

    fn bytes(&self) -> Result<Arc<[u8]>, LoadError> {
        match self {
            Source::Memory { bytes, .. } => Ok(bytes.clone()),
            Source::Path(p) => read_regular_file(p).map_err(|e| match e {
                ReadFailure::Special => {
                    LoadError::NotASpreadsheet { path: self.display_name(), what: FileKind::Special }
                }
                ReadFailure::TooBig => {
                    LoadError::FileTooLarge { path: self.display_name(), limit_gb: MAX_FILE_BYTES >> 30 }
                }
                ReadFailure::Io(e) => LoadError::io(&self.display_name(), e),
            }),
        }
    }
}

enum ReadFailure {
    Special,
    TooBig,
    Io(std::io::Error),
}

/// No download comes near this; a larger file is refused before it is read into memory.
const MAX_FILE_BYTES: u64 = 4 << 30;

/// A regular file's bytes, up to the size it had when opened (a file still growing is not
/// followed). A device, pipe or socket is refused before it is opened: opening a pipe waits
/// for a writer, and a device may never end.
fn read_regular_file(path: &Path) -> Result<Arc<[u8]>, ReadFailure> {
    let meta = std::fs::metadata(path).map_err(ReadFailure::Io)?;
    if !meta.is_file() {
        return Err(ReadFailure::Special);
    }
    let file = std::fs::File::open(path).map_err(ReadFailure::Io)?;
    let size = file.metadata().map_err(ReadFailure::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadFailure::TooBig);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(size).read_to_end(&mut bytes).map_err(ReadFailure::Io)?;
    Ok(Arc::from(bytes))
}

/// File formats the loader reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    /// CSV, TSV and other delimited text (its key in JSON stays "csv").
    #[serde(rename = "csv")]
    Delimited,
}

impl Format {
    pub fn key(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Delimited => "csv",
        }
    }
}

/// Extensions a folder is searched for.
pub const KNOWN_EXTENSIONS: [&str; 9] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt", "xlam"];

/// What the first bytes say a file is.
/// What the first bytes say a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Magic {
    Zip,
    Ole,
    Other(FileKind),
}

fn sniff(bytes: &[u8]) -> Option<Magic> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Magic::Zip)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Magic::Ole)
    } else if bytes.starts_with(b"\x89PNG") {
        Some(Magic::Other(FileKind::Png))
    } else if bytes.starts_with(b"%PDF") {
        Some(Magic::Other(FileKind::Pdf))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Magic::Other(FileKind::Jpeg))
    } else if bytes.starts_with(b"GIF8") {
        Some(Magic::Other(FileKind::Gif))
    } else if bytes.starts_with(&[0x1F, 0x8B]) {
        Some(Magic::Other(FileKind::Gzip))
    } else {
        None
    }
}

/// An OLE container holding an encrypted Office Open XML package.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    sample.starts_with(&[0xEF, 0xBB, 0xBF])
        || sample.starts_with(&[0xFF, 0xFE])
        || sample.starts_with(&[0xFE, 0xFF])
        || (!sample.contains(&0)
            && std::str::from_utf8(sample).is_ok_and(|s| s.chars().all(|c| !c.is_control() || c.is_whitespace())))
        || (!sample.contains(&0) && sample.iter().all(|b| *b >= 0x09))
}

/// What one file gave.
#[derive(Debug)]
pub struct FileTables {
    pub format: Format,
    pub tables: Vec<Table>,
    pub skipped: Vec<SkippedSheet>,
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
    let name = source.display_name();
    let bytes = source.bytes()?;
    let ext = source.extension();
    match crate::engine::guard::catching(|| read_bytes(&name, &ext, &bytes, file_index, opts, emit)) {
        Ok(r) => r,
        Err(_) => Err(LoadError::Damaged { path: name, detail: Damage::Inconsistent }),
    }
}

fn read_bytes(
    name: &str,
    ext: &str,
    bytes: &Arc<[u8]>,
    file_index: usize,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<Format, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty { path: name.into() });
    }
    let magic = sniff(bytes);
    let format = match (ext, magic) {
        ("csv" | "tsv" | "txt", None) => Format::Delimited,
        (_, Some(Magic::Zip)) => match ext {
            "xlsb" => Format::Xlsb,
            "ods" => Format::Ods,
            "xlsx" | "xlsm" | "xlam" => Format::Xlsx,
            _ => zip_format(bytes),
        },
        (_, Some(Magic::Ole)) if is_encrypted_ooxml(bytes) || matches!(ext, "xlsx" | "xlsm" | "xlsb") => {
            // Office wraps a password-protected xlsx in an OLE container with an EncryptionInfo stream
            return Err(LoadError::Password { path: name.into() });
        }
        (_, Some(Magic::Ole)) => Format::Xls,
        (_, Some(Magic::Other(what))) => {
            return Err(LoadError::NotASpreadsheet { path: name.into(), what });
        }
        ("xlsx" | "xlsm" | "xlsb" | "ods" | "xls", None) => {
            let what = if looks_like_text(bytes) { FileKind::TextAsWorkbook } else { FileKind::Binary };
            return Err(LoadError::NotASpreadsheet { path: name.into(), what });
        }
        (_, None) if looks_like_text(bytes) => Format::Delimited,
        _ => {
            return Err(LoadError::NotASpreadsheet { path: name.into(), what: FileKind::Unknown });
        }
    };
    let cursor = || Cursor::new(bytes.clone());
    match format {
        Format::Delimited => read_delimited(name, ext, bytes, file_index, opts, emit)?,
        Format::Xlsx => {
            package::check_xlsx(bytes, opts.max_bytes).map_err(|problem| match problem {
                package::PackageProblem::Damaged(detail) => LoadError::Damaged { path: name.into(), detail },
                package::PackageProblem::OverBudget => {
                    LoadError::TextsOverMemory { path: name.into(), limit: opts.max_bytes }
                }
            })?;
            let mut wb = Xlsx::new(cursor()).map_err(|e| LoadError::from_xlsx(name, &e))?;
            let words = ErrorWords { fault: xlsx_fault, damaged: LoadError::from_xlsx };
            for sheet in worksheet_names(wb.sheets_metadata(), opts, name)? {
                let mut sink = SheetSink::new(opts, file_index, &sheet, emit);
                let mut reader = wb.worksheet_cells_reader(&sheet).map_err(|e| LoadError::from_xlsx(name, &e))?;
                stream_sheet(&mut sink, || reader.next_cell(), &words, name, &sheet)?;
                sink.finish();
            }
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(cursor()).map_err(|e| LoadError::from_xlsb(name, &e))?;
            let words = ErrorWords { fault: xlsb_fault, damaged: LoadError::from_xlsb };
            for sheet in worksheet_names(wb.sheets_metadata(), opts, name)? {
                let mut sink = SheetSink::new(opts, file_index, &sheet, emit);
                let mut reader = wb.worksheet_cells_reader(&sheet).map_err(|e| LoadError::from_xlsb(name, &e))?;
                stream_sheet(&mut sink, || reader.next_cell(), &words, name, &sheet)?;
                sink.finish();
            }
        }
        Format::Xls => {
            package::check_xls(bytes).map_err(|detail| LoadError::Damaged { path: name.into(), detail })?;
            let wb = Xls::new(cursor()).map_err(|e| LoadError::from_xls(name, &e))?;
            read_ranges(wb, name, file_index, opts, emit, LoadError::from_xls)?;
        }
        Format::Ods => {
            // with no limit of ours (--max-cells 0), calamine's own: 100,000,000 cells
            let limit = if opts.max_cells > 0 { opts.max_cells } else { 100_000_000 };
            package::check_ods(bytes, limit).map_err(|problem| match problem {
                package::OdsProblem::TooManyCells { sheet } => LoadError::too_many_cells(name, &sheet, limit),
                package::OdsProblem::RowsPastLimit => {
                    LoadError::Damaged { path: name.into(), detail: Damage::RowsPastLimit }
                }
            })?;
            let wb = Ods::new(cursor()).map_err(|e| LoadError::from_ods(name, &e))?;
            read_ranges(wb, name, file_index, opts, emit, LoadError::from_ods)?;
        }
    }
    Ok(format)
}

/// A zip of unknown extension: ODS names its mimetype first, xlsb holds a .bin workbook.
fn zip_format(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(200)];
    if head.windows(39).any(|w| w == b"application/vnd.oasis.opendocument.spre") {
        Format::Ods
    } else if bytes.windows(16).any(|w| w == b"xl/workbook.bin\0" || w.starts_with(b"xl/workbook.bin")) {
        Format::Xlsb
    } else {
        Format::Xlsx
    }
}

/// The worksheets to read (chart and macro sheets are not tables), or the one asked for.
fn worksheet_names(meta: &[calamine::Sheet], opts: &DetectOptions, name: &str) -> Result<Vec<String>, LoadError> {
    let all: Vec<String> = meta.iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
    match &opts.sheet {
        None => Ok(all),
        Some(wanted) => {
            all.iter().find(|s| s.eq_ignore_ascii_case(wanted)).map(|s| vec![s.clone()]).ok_or_else(|| {
                LoadError::SheetNotFound { path: name.into(), sheet: wanted.clone(), sheets: all.clone() }
            })
        }
    }
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
    for sheet in worksheet_names(wb.sheets_metadata(), opts, name)? {
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

fn datetime_cell(dt: &calamine::ExcelDateTime) -> Cell<'static> {
    if dt.is_duration() {
        return Cell::Number(dt.as_f64());
    }
    match dt.as_datetime() {
        Some(ndt) => {
            let secs = f64::from(chrono::Timelike::num_seconds_from_midnight(&ndt.time()));
            Cell::Date(date_to_serial(ndt.date()) + secs / 86_400.0)
        }
        None => Cell::Number(dt.as_f64()),
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
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode_with_bom_removal(bytes).0.into_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE.decode_with_bom_removal(bytes).0.into_owned();
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// UTF-16 written without a byte-order mark: most characters of a CSV are ASCII, so one
/// byte of most pairs is zero (the second in little-endian, the first in big-endian). Text
/// in any 8-bit encoding has no zero bytes at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut little, mut big) = (0, 0);
    for pair in sample.chunks_exact(2) {
        match (pair[0], pair[1]) {
            (a, 0) if a != 0 => little += 1,
            (0, b) if b != 0 => big += 1,
            _ => {}
        }
    }
    if little * 10 >= pairs * 6 {
        Some(encoding_rs::UTF_16LE)
    } else if big * 10 >= pairs * 6 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// A CSV line (a record, quoted line breaks included) longer than this is no download's.
const MAX_LINE_BYTES: usize = 16 << 20;

/// Refuses a text whose quote never closes, or a record longer than any download's: the csv
/// reader would hold the rest of the file, or the whole record, as one. Quotes count only at
/// the start of a field, as in the reader; a doubled quote inside a quoted field is a quote.
fn check_lines(text: &str, delimiter: u8) -> Result<(), Damage> {
    let bytes = text.as_bytes();
    let (mut line, mut opened, mut record_start) = (1u64, 0u64, 0usize);
    let (mut in_quotes, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if i - record_start > MAX_LINE_BYTES {
            return Err(Damage::LongLine(if in_quotes { opened } else { line }));
        }
        if in_quotes {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => in_quotes = false,
                b'\n' => line += 1,
                _ => {}
            }
        } else if b == b'"' && field_start {
            in_quotes = true;
            opened = line;
            field_start = false;
        } else if b == b'\n' {
            line += 1;
            field_start = true;
            record_start = i;
        } else {
            field_start = b == delimiter || (b == b'\r' && field_start);
        }
        i += 1;
    }
    if in_quotes { Err(Damage::OpenQuote(opened)) } else { Ok(()) }
}

/// The delimiter used most on the first lines, outside quotes: comma, semicolon or tab.
pub fn sniff_delimiter(text: &str, ext: &str) -> u8 {
    let mut counts = [0usize; 3];
    for line in text.lines().take(40) {
        let mut in_quotes = false;
        for b in line.bytes() {
            match b {
                b'"' => in_quotes = !in_quotes,
                b',' if !in_quotes => counts[0] += 1,
                b';' if !in_quotes => counts[1] += 1,
                b'\t' if !in_quotes => counts[2] += 1,
                _ => {}
            }
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], *i)).unwrap_or(0);
    if counts[best] == 0 {
        return if ext == "tsv" { b'\t' } else { b',' };
    }
    [b',', b';', b'\t'][best]
}

fn read_delimited(
    name: &str,
    ext: &str,
    bytes: &[u8],
    file_index: usize,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<(), LoadError> {
    let text = decode_text(bytes);
    let delimiter = sniff_delimiter(&text, ext);
    check_lines(&text, delimiter).map_err(|detail| LoadError::Damaged { path: name.into(), detail })?;
    let sheet =
        Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.to_string());
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut sink = SheetSink::new(opts, file_index, &sheet, emit);
    let mut record = csv::StringRecord::new();
    let mut row: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(u64::from(row) + 1);
                return Err(LoadError::Damaged { path: name.into(), detail: Damage::TextLine(line) });
            }
        }
        for (col, field) in record.iter().enumerate() {
            sink.push(row, col as u32, cell_from_csv_field(field))
                .map_err(|t| LoadError::over_limit(name, &sheet, t))?;
        }
        if sink.is_done() {
            break;
        }
        row += 1;
    }
    sink.finish();
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3", "csv"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3", "txt"), b'\t');
        assert_eq!(sniff_delimiter("a,b,\"c;d\"\n1,2,3", "csv"), b',');
        assert_eq!(sniff_delimiter("single", "tsv"), b'\t');
    }

    #[test]
    fn decodes_excel_text_encodings() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(decode_text(b"caf\xE9"), "café");
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("é,1".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode_text(&utf16), "é,1");
        let no_bom: Vec<u8> = "Customer ID,Fit\r\n1,80\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode_text(&no_bom), "Customer ID,Fit\r\n1,80\r\n");
        let big: Vec<u8> = "Customer ID,Fit\r\n".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode_text(&big), "Customer ID,Fit\r\n");
    }

    /// The line where a quote opens that never closes, if one does.
    fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
        match check_lines(text, delimiter) {
            Err(Damage::OpenQuote(line)) => Some(line),
            _ => None,
        }
    }

    #[test]
    fn finds_the_quote_that_never_closes() {
        assert_eq!(unclosed_quote("a,b\n1,\"x\"\n2,\"y\"\"z\"\n", b','), None);
        assert_eq!(unclosed_quote("a,b\n1,\"two\nlines\"\n2,3\n", b','), None);
        assert_eq!(unclosed_quote("a,b\n1,x\n2,\"open\n3,4\n5,6\n", b','), Some(3));
        // a quote inside a field is a character, as the reader takes it
        assert_eq!(unclosed_quote("a,b\n1,5\" screen\n", b','), None);
        assert_eq!(unclosed_quote("a;b\r\n1;\"x\r\n", b';'), Some(2));
    }
}
