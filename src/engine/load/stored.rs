//! A source table kept as Parquet (a month of the library) and read back as the events a
//! sheet gives, so a stored month goes through the same builder as its downloads and opens
//! with the same rows, customers and load report.
//!
//! Each source column is one Parquet column of its cells' own type: numbers as doubles,
//! texts as strings (dictionary-encoded by the writer), true/false as booleans, dates as
//! timestamps (milliseconds). A column whose cells mix types (numbers and "N/A", an error
//! among dates) is stored as the text of each cell, beside a column of each cell's type
//! (marked in its field's metadata), so every cell comes back as what it was.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, TimestampMillisecondType, UInt8Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, RecordBatch, StringArray, TimestampMillisecondArray, UInt8Array,
};
use arrow_schema::{DataType, Field as ArrowField, Schema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::column::{Chunk, RawColumn};
use super::error::{LoadError, StoredDamage};
use super::format::Format;
use super::table::{CHUNK_ROWS, CellsNotRead, DetectOptions, SheetEvent, SkippedSheet, Table, map_headers};
use super::value::{Cell, ErrorCode};

/// The field metadata key holding a column's header as the source wrote it.
pub const META_HEADER: &str = "ascent-viewer:header";
/// The field metadata key marking a column of cell types: the index of the column it types.
pub const META_TYPES_OF: &str = "ascent-viewer:cell-types-of";

/// A cell's type in a column of cell types.
const TYPE_NUMBER: u8 = 1;
const TYPE_TEXT: u8 = 2;
const TYPE_BOOL: u8 = 3;
const TYPE_DATE: u8 = 4;
const TYPE_ERROR: u8 = 5;

/// Rows written per batch: the writer's memory stays that of a batch.
const WRITE_BATCH_ROWS: usize = 65_536;

/// Excel's serial day of 1970-01-01.
const UNIX_EPOCH_SERIAL: f64 = 25_569.0;
const MS_PER_DAY: f64 = 86_400_000.0;

/// A stored table: its Parquet file and what the sheet it came from said beside its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredTable {
    pub path: PathBuf,
    pub sheet: String,
    pub header_row: u32,
    pub first_col: u32,
    pub headers: Vec<String>,
    pub rows: usize,
    /// Zero-based sheet rows of the data rows, as runs of (first row, count).
    pub sheet_rows: Vec<(u32, u32)>,
    pub blank_rows: usize,
    pub cells_outside: usize,
    pub not_read: CellsNotRead,
}

/// A source file of a stored month: its tables and the sheets that held none.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredFile {
    /// The path the file was read from when it was added (what the load report names).
    pub path: String,
    pub name: String,
    pub format: Format,
    pub tables: Vec<StoredTable>,
    pub skipped: Vec<SkippedSheet>,
}

/// A table's sheet rows as runs.
pub fn row_runs(rows: &[u32]) -> Vec<(u32, u32)> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &row in rows {
        match runs.last_mut() {
            Some((start, count)) if start.checked_add(*count) == Some(row) => *count += 1,
            _ => runs.push((row, 1)),
        }
    }
    runs
}

/// How a column's cells are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stored {
    Number,
    Text,
    Bool,
    Date,
    /// Each cell's text, and its type beside it.
    Mixed,
}

fn type_of(cell: Cell<'_>) -> Option<u8> {
    match cell {
        Cell::Empty => None,
        Cell::Number(_) => Some(TYPE_NUMBER),
        Cell::Text(_) => Some(TYPE_TEXT),
        Cell::Bool(_) => Some(TYPE_BOOL),
        Cell::Date(_) => Some(TYPE_DATE),
        Cell::Error(_) => Some(TYPE_ERROR),
    }
}

fn stored_as(table: &Table, col: usize) -> Stored {
    let mut seen = 0u8;
    for row in 0..table.rows() {
        if let Some(kind) = type_of(table.cell(row, col)) {
            seen |= 1 << kind;
        }
    }
    match seen {
        0 => Stored::Text,
        s if s == 1 << TYPE_NUMBER => Stored::Number,
        s if s == 1 << TYPE_TEXT => Stored::Text,
        s if s == 1 << TYPE_BOOL => Stored::Bool,
        s if s == 1 << TYPE_DATE => Stored::Date,
        _ => Stored::Mixed,
    }
}

fn serial_to_ms(serial: f64) -> i64 {
    ((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY).round() as i64
}

fn ms_to_serial(ms: i64) -> f64 {
    ms as f64 / MS_PER_DAY + UNIX_EPOCH_SERIAL
}

/// A date's text in a mixed column: ISO 8601, to the millisecond.
fn date_text(serial: f64) -> String {
    chrono::DateTime::from_timestamp_millis(serial_to_ms(serial))
        .map(|t| t.naive_utc().format("%Y-%m-%dT%H:%M:%S%.3f").to_string())
        .unwrap_or_default()
}

fn date_from_text(text: &str) -> Option<f64> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.3f")
        .ok()
        .map(|t| ms_to_serial(t.and_utc().timestamp_millis()))
}

/// A cell's text in a mixed column (read back by [`mixed_cell`]).
fn mixed_text(cell: Cell<'_>) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Number(n) => Some(n.to_string()),
        Cell::Text(t) => Some(t.to_string()),
        Cell::Bool(b) => Some(if b { "TRUE" } else { "FALSE" }.to_string()),
        Cell::Date(d) => Some(date_text(d)),
        Cell::Error(e) => Some(e.as_str().to_string()),
    }
}

/// Column names Parquet readers accept: each header once, a blank one named by its place.
fn column_names(headers: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(headers.len());
    for (c, header) in headers.iter().enumerate() {
        let base = if header.trim().is_empty() { format!("Column {}", c + 1) } else { header.clone() };
        let mut name = base.clone();
        let mut n = 2;
        while names.iter().any(|other| other.eq_ignore_ascii_case(&name)) {
            name = format!("{base} ({n})");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// The schema of a table: a column per source column, and a column of types after each
/// mixed one.
fn schema_of(table: &Table, stored: &[Stored]) -> Schema {
    let names = column_names(&table.headers);
    let mut fields = Vec::new();
    for (c, kind) in stored.iter().enumerate() {
        let data_type = match kind {
            Stored::Number => DataType::Float64,
            Stored::Text | Stored::Mixed => DataType::Utf8,
            Stored::Bool => DataType::Boolean,
            Stored::Date => DataType::Timestamp(TimeUnit::Millisecond, None),
        };
        let meta = HashMap::from([(META_HEADER.to_string(), table.headers[c].clone())]);
        fields.push(ArrowField::new(names[c].clone(), data_type, true).with_metadata(meta));
        if *kind == Stored::Mixed {
            let meta = HashMap::from([(META_TYPES_OF.to_string(), c.to_string())]);
            fields
                .push(ArrowField::new(format!("{} [cell types]", names[c]), DataType::UInt8, true).with_metadata(meta));
        }
    }
    Schema::new(fields)
}

/// One column of rows `from..to`, as stored (and its types, for a mixed column).
fn column_arrays(table: &Table, col: usize, kind: Stored, rows: std::ops::Range<usize>) -> Vec<ArrayRef> {
    let cells = rows.map(|r| table.cell(r, col));
    match kind {
        Stored::Number => {
            let values: Float64Array = cells.map(|c| if let Cell::Number(n) = c { Some(n) } else { None }).collect();
            vec![Arc::new(values)]
        }
        Stored::Text => {
            let values: StringArray = cells.map(|c| if let Cell::Text(t) = c { Some(t) } else { None }).collect();
            vec![Arc::new(values)]
        }
        Stored::Bool => {
            let values: BooleanArray = cells.map(|c| if let Cell::Bool(b) = c { Some(b) } else { None }).collect();
            vec![Arc::new(values)]
        }
        Stored::Date => {
            let values: TimestampMillisecondArray =
                cells.map(|c| if let Cell::Date(d) = c { Some(serial_to_ms(d)) } else { None }).collect();
            vec![Arc::new(values)]
        }
        Stored::Mixed => {
            let cells: Vec<Cell<'_>> = cells.collect();
            let texts: StringArray = cells.iter().map(|c| mixed_text(*c)).collect();
            let types: UInt8Array = cells.iter().map(|c| type_of(*c)).collect();
            vec![Arc::new(texts), Arc::new(types)]
        }
    }
}

/// Writes a table's cells to a Parquet file; returns its size in bytes.
pub fn write_table(table: &Table, path: &Path) -> Result<u64, StoredDamage> {
    let stored: Vec<Stored> = (0..table.headers.len()).map(|c| stored_as(table, c)).collect();
    let schema = Arc::new(schema_of(table, &stored));
    let level = ZstdLevel::try_new(3).map_err(parquet_damage)?;
    // row groups of 64k rows: a reader holds one row group's pages at a time
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_max_row_group_row_count(Some(WRITE_BATCH_ROWS))
        .build();
    let file = File::create(path).map_err(|e| StoredDamage::Unreadable(e.to_string()))?;
    let mut writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(parquet_damage)?;
    let rows = table.rows();
    let mut from = 0;
    loop {
        let to = (from + WRITE_BATCH_ROWS).min(rows);
        let columns: Vec<ArrayRef> =
            stored.iter().enumerate().flat_map(|(c, kind)| column_arrays(table, c, *kind, from..to)).collect();
        let batch =
            RecordBatch::try_new(schema.clone(), columns).map_err(|e| StoredDamage::Unreadable(e.to_string()))?;
        writer.write(&batch).map_err(parquet_damage)?;
        from = to;
        if from >= rows {
            break;
        }
    }
    let file = writer.into_inner().map_err(parquet_damage)?;
    file.sync_all().map_err(|e| StoredDamage::Unreadable(e.to_string()))?;
    Ok(std::fs::metadata(path).map_or(0, |m| m.len()))
}

fn parquet_damage(e: parquet::errors::ParquetError) -> StoredDamage {
    StoredDamage::Unreadable(e.to_string())
}

/// Reads a stored file's tables, handing them on as a sheet would.
pub fn read_stored(
    file: &StoredFile,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<Format, LoadError> {
    for table in &file.tables {
        read_table(table, opts, emit)
            .map_err(|detail| LoadError::StoredDamaged { path: table.path.display().to_string(), detail })?;
    }
    for sheet in &file.skipped {
        emit(SheetEvent::Skipped(sheet.clone()));
    }
    Ok(file.format)
}

/// Where each source column is in a stored file: its values, and its types when mixed.
#[derive(Clone, Copy, Debug)]
struct ColumnAt {
    values: usize,
    types: Option<usize>,
}

fn columns_at(schema: &Schema, headers: usize) -> Result<Vec<ColumnAt>, StoredDamage> {
    let mut at: Vec<ColumnAt> = Vec::with_capacity(headers);
    for (i, field) in schema.fields().iter().enumerate() {
        match field.metadata().get(META_TYPES_OF) {
            Some(of) => {
                let of: usize = of.parse().map_err(|_| StoredDamage::Columns { expected: headers, found: i })?;
                let last = at.len().checked_sub(1);
                match at.get_mut(of) {
                    Some(column) if Some(of) == last => column.types = Some(i),
                    _ => return Err(StoredDamage::Columns { expected: headers, found: at.len() }),
                }
            }
            None => at.push(ColumnAt { values: i, types: None }),
        }
    }
    if at.len() != headers {
        return Err(StoredDamage::Columns { expected: headers, found: at.len() });
    }
    Ok(at)
}

fn read_table(
    stored: &StoredTable,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<(), StoredDamage> {
    let handle = File::open(&stored.path).map_err(|e| StoredDamage::Unreadable(e.to_string()))?;
    let builder = dictionary_reader(handle)?;
    let found = usize::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    if found != stored.rows || stored.sheet_rows.iter().map(|r| r.1 as usize).sum::<usize>() != stored.rows {
        return Err(StoredDamage::Rows { expected: stored.rows, found });
    }
    let at = columns_at(builder.schema(), stored.headers.len())?;
    let mapping = map_headers(&stored.headers, &opts.overrides);
    let at_sheet = (stored.header_row, stored.first_col);
    let table = Table::started((0, stored.sheet.clone()), at_sheet, stored.headers.clone(), mapping)
        .ok_or(StoredDamage::NoTable)?;
    emit(SheetEvent::Start(table));
    let reader = builder.with_batch_size(CHUNK_ROWS).build().map_err(parquet_damage)?;
    let mut sheet_rows = stored.sheet_rows.iter().flat_map(|&(start, count)| start..start.saturating_add(count));
    let mut read = 0;
    let mut distinct = Vec::new();
    let mut remap = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| StoredDamage::Unreadable(e.to_string()))?;
        let columns = at.iter().map(|a| chunk_column(&batch, *a, &mut remap)).collect::<Result<Vec<_>, _>>()?;
        let rows: Vec<u32> = sheet_rows.by_ref().take(batch.num_rows()).collect();
        read += batch.num_rows();
        let mut chunk = Chunk { columns, sheet_rows: rows };
        // here, beside the builder, rather than on its thread
        chunk.compact_after(&mut distinct);
        emit(SheetEvent::Rows(chunk));
    }
    if read != stored.rows {
        return Err(StoredDamage::Rows { expected: stored.rows, found: read });
    }
    emit(SheetEvent::End {
        blank_rows: stored.blank_rows,
        cells_outside: stored.cells_outside,
        not_read: stored.not_read.clone(),
    });
    Ok(())
}

/// A reader that hands text columns on as their dictionaries and a key per row, as Parquet
/// stores them: a chunk's column of few texts is built from its keys, no text compared.
fn dictionary_reader(handle: File) -> Result<ParquetRecordBatchReaderBuilder<File>, StoredDamage> {
    let plain = ArrowReaderMetadata::load(&handle, ArrowReaderOptions::new()).map_err(parquet_damage)?;
    let fields: Vec<ArrowField> = plain
        .schema()
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8 => f
                .as_ref()
                .clone()
                .with_data_type(DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))),
            _ => f.as_ref().clone(),
        })
        .collect();
    let options = ArrowReaderOptions::new().with_schema(Arc::new(Schema::new(fields)));
    let metadata = ArrowReaderMetadata::try_new(Arc::clone(plain.metadata()), options).map_err(parquet_damage)?;
    Ok(ParquetRecordBatchReaderBuilder::new_with_metadata(handle, metadata))
}

/// A batch's column as a chunk's cells.
fn chunk_column(batch: &RecordBatch, at: ColumnAt, remap: &mut Vec<u16>) -> Result<RawColumn, StoredDamage> {
    let values = batch.column(at.values);
    let n = batch.num_rows();
    let mut column = RawColumn::with_capacity(n, 0);
    let wrong = || StoredDamage::Unreadable(format!("column {} has an unexpected type", at.values + 1));
    if let Some(types) = at.types {
        let texts = values.as_dictionary_opt::<Int32Type>().ok_or_else(wrong)?;
        let words = texts.values().as_string_opt::<i32>().ok_or_else(wrong)?;
        let types = batch.column(types).as_primitive_opt::<UInt8Type>().ok_or_else(wrong)?;
        return Ok(mixed_column(texts, words, types, remap));
    }
    match values.data_type() {
        DataType::Dictionary(..) => {
            let texts = values.as_dictionary_opt::<Int32Type>().ok_or_else(wrong)?;
            let words = texts.values().as_string_opt::<i32>().ok_or_else(wrong)?;
            return Ok(text_column(texts, words, remap));
        }
        DataType::Float64 => {
            let numbers = values.as_primitive::<Float64Type>();
            push_each(&mut column, n, |i| if numbers.is_null(i) { Cell::Empty } else { Cell::Number(numbers.value(i)) })
        }
        DataType::Utf8 => {
            let texts = values.as_string::<i32>();
            push_each(&mut column, n, |i| if texts.is_null(i) { Cell::Empty } else { Cell::Text(texts.value(i)) })
        }
        DataType::Boolean => {
            let flags = values.as_boolean();
            push_each(&mut column, n, |i| if flags.is_null(i) { Cell::Empty } else { Cell::Bool(flags.value(i)) })
        }
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            let dates = values.as_primitive::<TimestampMillisecondType>();
            push_each(&mut column, n, |i| {
                if dates.is_null(i) { Cell::Empty } else { Cell::Date(ms_to_serial(dates.value(i))) }
            })
        }
        _ => return Err(wrong()),
    }
    Ok(column)
}

/// The rows' slots numbered densely in order of first sight: the slots used and a code per
/// row, or None when more than half the rows hold a slot of their own (a column of names).
/// `remap` is scratch room for `slots` slots.
fn dense_codes(
    n: usize,
    slots: usize,
    slot_of: impl Fn(usize) -> usize,
    remap: &mut Vec<u16>,
) -> Option<(Vec<usize>, Vec<u16>)> {
    const UNSEEN: u16 = u16::MAX;
    remap.clear();
    remap.resize(slots, UNSEEN);
    let mut used: Vec<usize> = Vec::new();
    let mut codes: Vec<u16> = Vec::with_capacity(n);
    for i in 0..n {
        let slot = slot_of(i);
        if remap[slot] == UNSEEN {
            if used.len() > n / 2 {
                return None;
            }
            remap[slot] = used.len() as u16;
            used.push(slot);
        }
        codes.push(remap[slot]);
    }
    Some((used, codes))
}

/// A column of texts from its dictionary: built from the keys when the chunk holds few
/// distinct texts, else text by text.
fn text_column(
    texts: &arrow_array::DictionaryArray<Int32Type>,
    words: &StringArray,
    remap: &mut Vec<u16>,
) -> RawColumn {
    // slot 0 is a blank row, slot k + 1 the dictionary's k-th text
    let slot = |i: usize| texts.key(i).map_or(0, |k| k + 1);
    let cell = |slot: usize| match slot {
        0 => Cell::Empty,
        k if words.is_null(k - 1) => Cell::Empty,
        k => Cell::Text(words.value(k - 1)),
    };
    let n = texts.len();
    match dense_codes(n, words.len() + 1, slot, remap) {
        Some((used, codes)) => RawColumn::from_codes(used.iter().map(|&at| cell(at)), &codes),
        None => push_cells(n, |i| cell(slot(i))),
    }
}

/// A column of cells of several types, from its texts' dictionary and its types: each
/// (text, type) read once when the chunk holds few of them, else cell by cell.
fn mixed_column(
    texts: &arrow_array::DictionaryArray<Int32Type>,
    words: &StringArray,
    types: &UInt8Array,
    remap: &mut Vec<u16>,
) -> RawColumn {
    // slot 0 is a blank text, slot k + 1 the dictionary's k-th; 8 types a slot
    let slot = |i: usize| {
        texts.key(i).map_or(0, |k| k + 1) * 8 + if types.is_null(i) { 0 } else { usize::from(types.value(i) & 7) }
    };
    let cell = |slot: usize| {
        let text = match slot / 8 {
            0 => None,
            k if words.is_null(k - 1) => None,
            k => Some(words.value(k - 1)),
        };
        let kind = if slot.is_multiple_of(8) { None } else { Some((slot % 8) as u8) };
        mixed_cell(kind, text)
    };
    let n = texts.len();
    match dense_codes(n, (words.len() + 1) * 8, slot, remap) {
        Some((used, codes)) => RawColumn::from_codes(used.iter().map(|&at| cell(at)), &codes),
        None => push_cells(n, |i| cell(slot(i))),
    }
}

/// A column of `n` cells, cell by cell.
fn push_cells<'a>(n: usize, cell: impl Fn(usize) -> Cell<'a>) -> RawColumn {
    let mut column = RawColumn::with_capacity(n, 0);
    push_each(&mut column, n, cell);
    column
}

fn push_each<'a>(column: &mut RawColumn, n: usize, cell: impl Fn(usize) -> Cell<'a>) {
    for i in 0..n {
        column.push(cell(i));
    }
}

/// A cell of a mixed column, from its type and text (a text that does not read as its
/// type is kept as text).
fn mixed_cell(kind: Option<u8>, text: Option<&str>) -> Cell<'_> {
    let Some(text) = text else { return Cell::Empty };
    match kind {
        Some(TYPE_NUMBER) => text.parse().map_or(Cell::Text(text), Cell::Number),
        Some(TYPE_BOOL) => Cell::Bool(text == "TRUE"),
        Some(TYPE_DATE) => date_from_text(text).map_or(Cell::Text(text), Cell::Date),
        Some(TYPE_ERROR) => ErrorCode::from_text(text).map_or(Cell::Text(text), Cell::Error),
        _ => Cell::Text(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_rows() {
        assert_eq!(row_runs(&[1, 2, 3, 7, 8, 10]), vec![(1, 3), (7, 2), (10, 1)]);
        assert_eq!(row_runs(&[]), Vec::<(u32, u32)>::new());
    }

    #[test]
    fn dates_round_trip_through_milliseconds_and_text() {
        for serial in [45_962.0, 45_962.5, 1.0, 60.0, 45_962.0 + 37_230.0 / 86_400.0] {
            let back = ms_to_serial(serial_to_ms(serial));
            assert!((back - serial).abs() < 1e-9, "{serial} -> {back}");
            assert_eq!(date_from_text(&date_text(serial)), Some(back));
        }
        assert_eq!(date_text(45_962.0), "2025-11-01T00:00:00.000");
    }

    #[test]
    fn mixed_cells_come_back_as_their_type() {
        for cell in [
            Cell::Number(1.5),
            Cell::Number(1e21),
            Cell::Text("N/A"),
            Cell::Text("42"),
            Cell::Bool(false),
            Cell::Error(ErrorCode::NotAvailable),
        ] {
            let text = mixed_text(cell);
            assert_eq!(mixed_cell(type_of(cell), text.as_deref()), cell);
        }
        assert_eq!(mixed_cell(None, None), Cell::Empty);
    }

    #[test]
    fn column_names_are_unique_and_never_blank() {
        let headers = ["Name", "", "name", "Notes"].map(String::from);
        assert_eq!(column_names(&headers), ["Name", "Column 2", "name (2)", "Notes"]);
    }
}
