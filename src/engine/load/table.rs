//! A table found on a sheet: its header row, the mapping of headers to fields, the
//! product column groups, its shape, and its cells stored column-wise.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::column::Chunk;
use super::column::RawColumn;
use super::fields::{Field, GroupPart, field_for_header, known_product, split_group_header};
use super::value::{Cell, OwnedCell};
use crate::engine::text::{column_letters, fold_key};

/// The three table shapes partners download (DOMAIN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One row per prediction, with a product column ("Propensity model" tab).
    Long,
    /// One row per customer, a Fit/Intent/Cluster column group per product (Insights).
    Wide,
    /// One row per agreement (renewal report).
    Agreements,
}

impl Shape {
    pub fn key(self) -> &'static str {
        match self {
            Shape::Long => "long",
            Shape::Wide => "wide",
            Shape::Agreements => "agreements",
        }
    }
}

/// The columns of one product in a wide table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductGroup {
    pub product: String,
    pub fit: Option<usize>,
    pub intent: Option<usize>,
    pub cluster: Option<usize>,
}

/// How a table's headers map to fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeaderMapping {
    pub fields: BTreeMap<Field, usize>,
    pub groups: Vec<ProductGroup>,
}

impl HeaderMapping {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.fields.get(&field).copied()
    }

    pub fn has(&self, field: Field) -> bool {
        self.fields.contains_key(&field)
    }

    /// How strongly a row looks like a header: fields matched plus group parts.
    pub fn score(&self) -> usize {
        self.fields.len()
            + self.groups.iter().map(|g| [g.fit, g.intent, g.cluster].iter().flatten().count()).sum::<usize>()
    }

    /// The shape this mapping describes, if any (DOMAIN.md: a table with a product column
    /// and scores is long even when it also carries column groups).
    pub fn shape(&self) -> Option<Shape> {
        let scored = self.has(Field::FitScore) || self.has(Field::IntentScore);
        let group_scored = self.groups.iter().any(|g| g.fit.is_some() || g.intent.is_some());
        let agreement = Field::ALL.iter().any(|f| f.is_agreement_field() && self.has(*f));
        if self.has(Field::Product) && (scored || self.has(Field::Cluster)) {
            Some(Shape::Long)
        } else if group_scored {
            Some(Shape::Wide)
        } else if agreement {
            Some(Shape::Agreements)
        } else if !self.groups.is_empty() {
            Some(Shape::Wide)
        } else if scored {
            Some(Shape::Long)
        } else {
            None
        }
    }
}

/// Maps headers to fields: explicit overrides first, then aliases (first-listed alias wins,
/// then the leftmost column), then product column groups among the columns left.
pub fn map_headers(headers: &[String], overrides: &[(Field, String)]) -> HeaderMapping {
    let folded: Vec<String> = headers.iter().map(|h| fold_key(h)).collect();
    let mut mapping = HeaderMapping::default();
    let mut used = vec![false; headers.len()];
    for (field, header) in overrides {
        let want = fold_key(header);
        if let Some(col) = folded.iter().position(|f| *f == want)
            && !used[col]
        {
            mapping.fields.insert(*field, col);
            used[col] = true;
        }
    }
    let mut best: BTreeMap<Field, (usize, usize)> = BTreeMap::new();
    for (col, key) in folded.iter().enumerate() {
        if used[col] || key.is_empty() {
            continue;
        }
        if let Some((field, rank)) = field_for_header(key) {
            if mapping.fields.contains_key(&field) {
                continue;
            }
            let entry = best.entry(field).or_insert((rank, col));
            if rank < entry.0 {
                *entry = (rank, col);
            }
        }
    }
    for (field, (_, col)) in best {
        mapping.fields.insert(field, col);
        used[col] = true;
    }
    // product column groups
    let mut groups: Vec<(String, Option<&'static str>, String, ProductGroup)> = Vec::new();
    for (col, header) in headers.iter().enumerate() {
        if used[col] {
            continue;
        }
        let Some((prefix, part)) = split_group_header(header) else {
            continue;
        };
        let key = fold_key(&prefix);
        if key.is_empty() {
            continue;
        }
        let known = known_product(&prefix);
        let group_key = known.map(fold_key).unwrap_or_else(|| key.clone());
        let idx = match groups.iter().position(|(k, ..)| *k == group_key) {
            Some(i) => i,
            None => {
                let product = known.map(str::to_string).unwrap_or_else(|| prefix.trim().to_string());
                groups.push((
                    group_key,
                    known,
                    prefix.clone(),
                    ProductGroup { product, fit: None, intent: None, cluster: None },
                ));
                groups.len() - 1
            }
        };
        let group = &mut groups[idx].3;
        let slot = match part {
            GroupPart::Fit => &mut group.fit,
            GroupPart::Intent => &mut group.intent,
            GroupPart::Cluster => &mut group.cluster,
        };
        if slot.is_none() {
            *slot = Some(col);
        }
    }
    mapping.groups = groups
        .into_iter()
        .filter(|(_, known, _, g)| {
            let parts = [g.fit, g.intent, g.cluster].iter().flatten().count();
            if known.is_some() { parts >= 1 } else { parts >= 2 }
        })
        .map(|(.., g)| g)
        .collect();
    mapping
}

/// A table read from one sheet.
#[derive(Clone, Debug)]
pub struct Table {
    pub file: usize,
    pub sheet: String,
    /// Zero-based sheet row of the header.
    pub header_row: u32,
    /// Zero-based sheet column of the table's first column.
    pub first_col: u32,
    pub headers: Vec<String>,
    /// The cells, [`CHUNK_ROWS`] rows a chunk, so a reader can hand finished rows on while
    /// it reads the rest.
    pub chunks: Vec<Chunk>,
    /// Zero-based sheet row of each data row.
    pub sheet_rows: Vec<u32>,
    pub shape: Shape,
    pub mapping: HeaderMapping,
    /// Rows between the header and the last data row that held nothing.
    pub blank_rows: usize,
    /// Non-empty cells outside the header's columns (not part of the table).
    pub cells_outside: usize,
    /// Cells the reader could not read (the rest of the sheet was).
    pub not_read: CellsNotRead,
}

impl Table {
    /// A table found at `(header_row, first_col)` of a sheet, no rows yet (None: no table).
    pub fn started(
        (file, sheet): (usize, String),
        (header_row, first_col): (u32, u32),
        headers: Vec<String>,
        mapping: HeaderMapping,
    ) -> Option<Table> {
        Some(Table {
            file,
            sheet,
            header_row,
            first_col,
            headers,
            chunks: Vec::new(),
            sheet_rows: Vec::new(),
            shape: mapping.shape()?,
            mapping,
            blank_rows: 0,
            cells_outside: 0,
            not_read: CellsNotRead::default(),
        })
    }

    pub fn rows(&self) -> usize {
        self.sheet_rows.len()
    }

    pub fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        match self.chunks.get(row / CHUNK_ROWS) {
            Some(chunk) => chunk.columns.get(col).map(|c| c.get(row % CHUNK_ROWS)).unwrap_or(Cell::Empty),
            None => Cell::Empty,
        }
    }

    /// Stores the last chunk's cells compactly. A column whose cells all differed in the
    /// chunk before (names, ids) is taken to differ again, and not searched for repeats.
    pub fn compact_last_chunk(&mut self) {
        let Some((last, before)) = self.chunks.split_last_mut() else { return };
        let mut distinct: Vec<bool> =
            before.last().map(|p| p.columns.iter().map(RawColumn::is_mostly_distinct).collect()).unwrap_or_default();
        last.compact_after(&mut distinct);
    }

    /// Appends rows read since (every chunk but the last is full).
    pub fn push_chunk(&mut self, chunk: Chunk) {
        self.sheet_rows.extend_from_slice(&chunk.sheet_rows);
        self.chunks.push(Chunk { sheet_rows: Vec::new(), ..chunk });
    }

    pub fn field_cell(&self, field: Field, row: usize) -> Cell<'_> {
        match self.mapping.get(field) {
            Some(col) => self.cell(row, col),
            None => Cell::Empty,
        }
    }

    /// Excel's name of a table cell: "C12".
    pub fn cell_name(&self, row: usize, col: usize) -> String {
        format!("{}{}", column_letters(self.first_col + col as u32), self.sheet_rows.get(row).copied().unwrap_or(0) + 1)
    }

    /// Excel's row number of a data row.
    pub fn excel_row(&self, row: usize) -> u32 {
        self.sheet_rows.get(row).copied().unwrap_or(0) + 1
    }

    pub fn column_letter(&self, col: usize) -> String {
        column_letters(self.first_col + col as u32)
    }
}

/// Rows per chunk of a table.
pub const CHUNK_ROWS: usize = 4096;

/// What a sheet gives as it is read.
#[derive(Debug)]
pub enum SheetEvent {
    /// A table was found: its header and mapping, no rows yet.
    Start(Table),
    /// Rows of the table last started.
    Rows(Chunk),
    /// The table is complete.
    End { blank_rows: usize, cells_outside: usize, not_read: CellsNotRead },
    /// The sheet holds no table.
    Skipped(SkippedSheet),
    /// Which reader reads the sheet (workbooks only), said before its other events.
    ReadBy(super::format::SheetReading),
    /// The fast reader gave up on the sheet after handing some of it on: what it handed on
    /// (since its `ReadBy`) is void, and calamine reads the sheet next.
    Withdrawn,
}

/// How to find tables: overrides from the command line or the mapping dialog.
#[derive(Clone, Debug, Default)]
pub struct DetectOptions {
    pub sheet: Option<String>,
    /// One-based header row.
    pub header_row: Option<u32>,
    pub overrides: Vec<(Field, String)>,
    /// Refuse a sheet with more cells than this.
    pub max_cells: u64,
    /// Which reader reads xlsx sheets: the fast one where it can, or calamine always.
    pub xlsx_reader: super::format::XlsxReader,
    /// When the fast reader hands a sheet's rows on.
    pub fast_rows: super::format::FastRows,
    /// Refuse a file whose cells would take more memory than this many bytes (0: no limit).
    pub max_bytes: u64,
}

/// Rows scanned for a header.
pub const HEADER_SCAN_ROWS: u32 = 30;

/// Excel's widest sheet: columns past it are no real download's (they are counted as cells
/// outside the table, never given room).
pub const MAX_COLUMNS: u32 = 16_384;

/// Why a sheet was skipped (a stable key in JSON; words in `output::messages`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    NoHeader,
    Empty,
}

/// Why a sheet holds no table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkippedSheet {
    pub sheet: String,
    pub reason: SkipReason,
    /// The best candidate header row's cells, to tell the user what was seen.
    pub headers_seen: Vec<String>,
}

/// Receives a sheet's cells in row order, finds its table, and hands its rows on in
/// chunks through `emit` as they are complete.
pub struct SheetSink<'o, 'e> {
    opts: &'o DetectOptions,
    file: usize,
    sheet: String,
    scan_until: u32,
    buffered: Vec<(u32, u32, OwnedCell)>,
    emit: &'e mut dyn FnMut(SheetEvent),
    started: bool,
    header_row: u32,
    first_col: u32,
    last_col: u32,
    width: usize,
    chunk: Chunk,
    /// Rows handed on in earlier chunks.
    rows_before: usize,
    current_row: Option<u32>,
    last_data_row: u32,
    cells: u64,
    /// Bytes the kept cells take (an estimate: payload and text).
    bytes: u64,
    cells_outside: usize,
    skipped: bool,
    /// Where the last cell pushed was, to name a cell the reader could not read.
    last_cell: Option<(u32, u32)>,
    not_read: CellsNotRead,
}

/// Why the reader could not read a cell; the rest of the sheet was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellFault {
    /// A number cell holding something else.
    NotANumber,
    /// A yes/no cell holding something other than 0, 1, true or false.
    NotABoolean,
    /// A text cell pointing past the workbook's shared strings.
    NoSuchString,
    /// A cell of a type the format does not have.
    UnknownType,
    /// An error cell with an unknown error.
    UnknownError,
    /// A text longer than Excel's 32,767 characters: kept, cut to that length.
    TooLong,
}

impl CellFault {
    pub fn key(self) -> &'static str {
        match self {
            CellFault::NotANumber => "not_a_number",
            CellFault::NotABoolean => "not_a_boolean",
            CellFault::NoSuchString => "no_such_string",
            CellFault::UnknownType => "unknown_type",
            CellFault::UnknownError => "unknown_error",
            CellFault::TooLong => "too_long",
        }
    }
}

/// Cells of a sheet the reader could not read: counted, the first few named.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CellsNotRead {
    pub count: usize,
    /// The cell ("C7": the one after the last cell read) and why, for the first few.
    pub examples: Vec<(String, CellFault)>,
}

/// Excel's longest cell text; longer ones are cut to it (and noted), which also keeps a
/// chunk's text arena far below its 4 GiB of u32 offsets.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Examples kept of cells not read, per sheet.
const NOT_READ_EXAMPLES: usize = 5;

/// A sheet with more cells unreadable than this is not a damaged cell here and there.
pub const MAX_CELLS_NOT_READ: usize = 100_000;

/// A sheet went over a limit: its cells, or the memory they take.
#[derive(Debug, Clone, PartialEq)]
pub enum TooManyCells {
    Cells { limit: u64 },
    Bytes { limit: u64 },
}

/// What one cell costs in memory besides its text: a kind byte and an 8-byte payload.
const CELL_BYTES: u64 = 9;

impl<'o, 'e> SheetSink<'o, 'e> {
    pub fn new(opts: &'o DetectOptions, file: usize, sheet: &str, emit: &'e mut dyn FnMut(SheetEvent)) -> Self {
        let scan_until = opts.header_row.map(|r| r.max(1)).unwrap_or(HEADER_SCAN_ROWS).max(HEADER_SCAN_ROWS);
        SheetSink {
            opts,
            file,
            sheet: sheet.to_string(),
            scan_until,
            buffered: Vec::new(),
            emit,
            started: false,
            header_row: 0,
            first_col: 0,
            last_col: 0,
            width: 0,
            chunk: Chunk::default(),
            rows_before: 0,
            current_row: None,
            last_data_row: 0,
            cells: 0,
            bytes: 0,
            cells_outside: 0,
            skipped: false,
            last_cell: None,
            not_read: CellsNotRead::default(),
        }
    }

    /// The reader could not read the cell after the last one pushed; returns false once a
    /// sheet has more such cells than a damaged cell here and there.
    pub fn not_read(&mut self, fault: CellFault) -> bool {
        let (row, col) = self.last_cell.map(|(r, c)| (r, c + 1)).unwrap_or((0, 0));
        self.note(row, col, fault);
        self.not_read.count <= MAX_CELLS_NOT_READ
    }

    fn note(&mut self, row: u32, col: u32, fault: CellFault) {
        self.not_read.count += 1;
        if self.not_read.examples.len() < NOT_READ_EXAMPLES {
            self.not_read.examples.push((crate::engine::text::cell_name(row, col), fault));
        }
    }

    /// True once the sheet is known to hold no table: the rest of it need not be read.
    pub fn is_done(&self) -> bool {
        self.skipped
    }

    pub fn push(&mut self, row: u32, col: u32, cell: Cell<'_>) -> Result<(), TooManyCells> {
        self.last_cell = Some((row, col));
        if matches!(cell, Cell::Empty) || self.skipped {
            return Ok(());
        }
        if col >= MAX_COLUMNS {
            self.cells_outside += 1;
            return Ok(());
        }
        let cell = match cell {
            Cell::Text(t) if t.len() > MAX_CELL_CHARS => match t.char_indices().nth(MAX_CELL_CHARS) {
                Some((cut, _)) => {
                    self.note(row, col, CellFault::TooLong);
                    Cell::Text(&t[..cut])
                }
                None => cell,
            },
            _ => cell,
        };
        self.cells += 1;
        if self.opts.max_cells > 0 && self.cells > self.opts.max_cells {
            return Err(TooManyCells::Cells { limit: self.opts.max_cells });
        }
        self.bytes += CELL_BYTES + if let Cell::Text(t) = &cell { t.len() as u64 } else { 0 };
        if self.opts.max_bytes > 0 && self.bytes > self.opts.max_bytes {
            return Err(TooManyCells::Bytes { limit: self.opts.max_bytes });
        }
        if !self.started {
            if row < self.scan_until {
                self.buffered.push((row, col, cell.to_owned_cell()));
                return Ok(());
            }
            self.detect();
            if !self.started {
                return Ok(());
            }
        }
        self.fill(row, col, cell);
        Ok(())
    }

    fn fill(&mut self, row: u32, col: u32, cell: Cell<'_>) {
        if row <= self.header_row {
            return;
        }
        if col < self.first_col || col > self.last_col {
            if !cell.is_blank() {
                self.cells_outside += 1;
            }
            return;
        }
        if self.current_row != Some(row) {
            if cell.is_blank() {
                return;
            }
            if self.chunk.sheet_rows.len() == CHUNK_ROWS {
                self.flush();
            }
            self.current_row = Some(row);
            self.chunk.sheet_rows.push(row);
            self.last_data_row = self.last_data_row.max(row);
        }
        let n = self.chunk.sheet_rows.len();
        let column = &mut self.chunk.columns[(col - self.first_col) as usize];
        if column.len() >= n {
            return; // a second value for the same cell: keep the first
        }
        column.pad_to(n - 1);
        column.push(cell);
    }

    /// Hands the rows read so far on.
    fn flush(&mut self) {
        let n = self.chunk.sheet_rows.len();
        if n == 0 {
            return;
        }
        // the next chunk starts with the room this one needed: no reallocation while filling
        let columns = self.chunk.columns.iter().map(|c| RawColumn::with_capacity(CHUNK_ROWS, c.text_bytes())).collect();
        let fresh = Chunk { columns, sheet_rows: Vec::with_capacity(CHUNK_ROWS) };
        let mut chunk = std::mem::replace(&mut self.chunk, fresh);
        for column in &mut chunk.columns {
            column.pad_to(n);
            if n < CHUNK_ROWS {
                column.shrink_to_fit();
            }
        }
        self.rows_before += n;
        (self.emit)(SheetEvent::Rows(chunk));
    }

    /// Picks the header row among the buffered rows and starts the table.
    fn detect(&mut self) {
        let buffered = std::mem::take(&mut self.buffered);
        let mut rows: BTreeMap<u32, Vec<(u32, &OwnedCell)>> = BTreeMap::new();
        for (r, c, cell) in &buffered {
            rows.entry(*r).or_default().push((*c, cell));
        }
        let candidates: Vec<u32> = match self.opts.header_row {
            Some(n) => vec![n.saturating_sub(1)],
            None => rows.keys().copied().collect(),
        };
        let mut best: Option<(usize, u32, u32, Vec<String>, HeaderMapping)> = None;
        let mut best_seen: Vec<String> = Vec::new();
        let mut best_seen_count = 0;
        for r in candidates {
            let Some(cells) = rows.get(&r) else { continue };
            let (first, headers) = header_texts(cells, rows.get(&r.wrapping_sub(1)));
            let nonempty = headers.iter().filter(|h| !h.is_empty()).count();
            if nonempty > best_seen_count {
                best_seen_count = nonempty;
                best_seen = headers.iter().filter(|h| !h.is_empty()).cloned().collect();
            }
            let mapping = map_headers(&headers, &self.opts.overrides);
            if mapping.shape().is_none() || mapping.score() < 2 {
                continue;
            }
            let score = mapping.score();
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, r, first, headers, mapping));
            }
        }
        let Some((_, header_row, first_col, headers, mapping)) = best else {
            self.skipped = true;
            (self.emit)(SheetEvent::Skipped(SkippedSheet {
                sheet: self.sheet.clone(),
                reason: SkipReason::NoHeader,
                headers_seen: best_seen,
            }));
            return;
        };
        let width = headers.len();
        let Some(table) = Table::started((self.file, self.sheet.clone()), (header_row, first_col), headers, mapping)
        else {
            return;
        };
        self.started = true;
        self.header_row = header_row;
        self.first_col = first_col;
        self.width = width;
        self.last_col = first_col + width.saturating_sub(1) as u32;
        self.chunk = Chunk { columns: vec![RawColumn::default(); self.width], sheet_rows: Vec::new() };
        (self.emit)(SheetEvent::Start(table));
        for (r, c, cell) in &buffered {
            self.fill(*r, *c, cell.as_cell());
        }
    }

    /// Ends the sheet: the last rows and the table's end, or why there is none.
    pub fn finish(mut self) {
        if !self.started && !self.skipped {
            if self.buffered.is_empty() {
                (self.emit)(SheetEvent::Skipped(SkippedSheet {
                    sheet: self.sheet.clone(),
                    reason: SkipReason::Empty,
                    headers_seen: vec![],
                }));
                return;
            }
            self.detect();
        }
        if !self.started {
            return;
        }
        self.flush();
        let n = self.rows_before;
        // rows listed out of order, or one listed twice, can outnumber the span they cover
        let blank_rows = ((self.last_data_row.saturating_sub(self.header_row)) as usize).saturating_sub(n);
        let not_read = std::mem::take(&mut self.not_read);
        (self.emit)(SheetEvent::End { blank_rows, cells_outside: self.cells_outside, not_read });
    }
}

/// The header texts of a row from its first non-empty cell to its last; a bare "Fit",
/// "Intent" or "Cluster" under a merged product title in the row above takes that title
/// as its prefix.
fn header_texts(cells: &[(u32, &OwnedCell)], above: Option<&Vec<(u32, &OwnedCell)>>) -> (u32, Vec<String>) {
    // a file may list a row's cells in any order, or one cell twice (the first one wins);
    // columns past XFD never reach here (`push` counts them outside the table)
    let mut texts: Vec<(u32, String)> = cells
        .iter()
        .map(|(c, cell)| (*c, cell.as_cell().display().trim().to_string()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    texts.sort_by_key(|t| t.0);
    texts.dedup_by_key(|t| t.0);
    let (Some(first), Some(last)) = (texts.first().map(|t| t.0), texts.last().map(|t| t.0)) else {
        return (0, Vec::new());
    };
    let mut headers = vec![String::new(); (last - first + 1) as usize];
    for (c, t) in texts {
        headers[(c - first) as usize] = t;
    }
    if let Some(above) = above {
        let mut titles: Vec<(u32, &'static str)> =
            above.iter().filter_map(|(c, cell)| known_product(&cell.as_cell().display()).map(|p| (*c, p))).collect();
        titles.sort_by_key(|t| t.0);
        for (i, h) in headers.iter_mut().enumerate().filter(|_| !titles.is_empty()) {
            let bare = matches!(fold_key(h).as_str(), "fit" | "intent" | "cluster" | "fitscore" | "intentscore");
            if let Some((_, product)) = titles.iter().rev().find(|(c, _)| bare && *c <= first + i as u32) {
                *h = format!("{product} {h}");
            }
        }
    }
    (first, headers)
}

/// A table with these headers and cells, column by column, appended a chunk at a time and
/// compacted as the loader does: for tests that need many rows without a workbook.
#[cfg(test)]
impl Table {
    pub(super) fn of_columns(headers: &[&str], columns: &[Vec<Cell<'_>>]) -> Table {
        let opts = DetectOptions::default();
        let mut collector = super::read::TableCollector::default();
        let mut emit = |e| collector.take(e);
        let mut sink = SheetSink::new(&opts, 0, "Data", &mut emit);
        for (c, header) in headers.iter().enumerate() {
            let _ = sink.push(0, c as u32, Cell::Text(header));
        }
        let _ = sink.push(1, 0, Cell::Text("x"));
        sink.finish();
        let mut table = collector.tables.pop().expect("the headers make a table");
        table.chunks.clear();
        table.sheet_rows.clear();
        let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
        for start in (0..rows).step_by(CHUNK_ROWS) {
            let end = (start + CHUNK_ROWS).min(rows);
            let mut chunk = Chunk { columns: vec![RawColumn::default(); headers.len()], sheet_rows: Vec::new() };
            for (column, cells) in chunk.columns.iter_mut().zip(columns) {
                for cell in cells.get(start..end.min(cells.len())).unwrap_or_default() {
                    column.push(*cell);
                }
                column.pad_to(end - start);
            }
            chunk.sheet_rows = (start as u32 + 1..end as u32 + 1).collect();
            table.push_chunk(chunk);
            table.compact_last_chunk();
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::load::read::TableCollector;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn long_table_with_groups_is_still_long() {
        let m = map_headers(&headers(&["Customer ID", "Product", "Fit Score", "Intent Score", "M365 Fit"]), &[]);
        assert_eq!(m.shape(), Some(Shape::Long));
        assert_eq!(m.get(Field::FitScore), Some(2));
    }

    #[test]
    fn wide_groups_known_and_unknown_prefixes() {
        let m = map_headers(
            &headers(&[
                "TPID",
                "Account Name",
                "M365Fit",
                "M365 Intent",
                "M365Cluster",
                "Azure Cluster",
                "Security Fit",
                "Security Intent",
                "Widget Fit",
            ]),
            &[],
        );
        assert_eq!(m.shape(), Some(Shape::Wide));
        let products: Vec<&str> = m.groups.iter().map(|g| g.product.as_str()).collect();
        assert_eq!(products, ["Microsoft 365", "Azure", "Security"]);
        assert_eq!(m.groups[0].intent, Some(3));
    }

    #[test]
    fn first_listed_alias_wins_and_fragments_never_match() {
        let m = map_headers(
            &headers(&["MPN ID", "Partner Name", "Segment", "SMC Type Summary", "Company", "Account Name"]),
            &[],
        );
        assert_eq!(m.get(Field::Segment), Some(3));
        assert_eq!(m.get(Field::CustomerName), Some(5));
        assert_eq!(m.get(Field::CustomerId), None);
    }

    #[test]
    fn overrides_win() {
        let m = map_headers(&headers(&["Ref", "Account Name", "Product", "Fit"]), &[(Field::CustomerId, "ref".into())]);
        assert_eq!(m.get(Field::CustomerId), Some(0));
    }

    /// Runs a sheet's cells through a sink: its table, or why there is none.
    fn sheet(opts: &DetectOptions, name: &str, cells: &[(u32, u32, Cell<'_>)]) -> Result<Table, SkippedSheet> {
        let mut collector = TableCollector::default();
        let mut emit = |e| collector.take(e);
        let mut sink = SheetSink::new(opts, 0, name, &mut emit);
        for (r, c, cell) in cells {
            sink.push(*r, *c, *cell).unwrap();
        }
        sink.finish();
        match collector.tables.pop() {
            Some(t) => Ok(t),
            None => Err(collector.skipped.pop().unwrap()),
        }
    }

    #[test]
    fn chunks_hold_every_row() {
        let opts = DetectOptions::default();
        let mut cells =
            vec![(0, 0, Cell::Text("Customer ID")), (0, 1, Cell::Text("Product")), (0, 2, Cell::Text("Fit"))];
        let n = CHUNK_ROWS as u32 * 2 + 7;
        for r in 1..=n {
            cells.push((r, 0, Cell::Number(f64::from(r))));
        }
        let t = sheet(&opts, "Data", &cells).unwrap();
        assert_eq!(t.rows(), n as usize);
        assert_eq!(t.chunks.len(), 3);
        assert_eq!(t.cell(CHUNK_ROWS, 0), Cell::Number(CHUNK_ROWS as f64 + 1.0));
        assert_eq!(t.cell(n as usize - 1, 0), Cell::Number(f64::from(n)));
        assert_eq!(t.cell(5, 1), Cell::Empty);
        assert_eq!(t.excel_row(n as usize - 1), n + 1);
    }

    #[test]
    fn a_column_of_distinct_cells_is_not_searched_for_repeats_again() {
        let names: Vec<String> = (0..2 * CHUNK_ROWS).map(|i| format!("Customer {i}")).collect();
        // the second chunk names one customer throughout, as a long table might
        let ids: Vec<Cell<'_>> =
            (0..2 * CHUNK_ROWS).map(|row| Cell::Text(if row < CHUNK_ROWS { &names[row] } else { &names[0] })).collect();
        let products: Vec<Cell<'_>> =
            (0..2 * CHUNK_ROWS).map(|row| Cell::Text(["Azure", "Microsoft 365"][row % 2])).collect();
        let t = Table::of_columns(&["Customer ID", "Product", "Fit"], &[ids, products]);
        assert_eq!(t.chunks.len(), 2);
        // names: bare texts in both chunks (the second not searched); products: codes
        assert!(t.chunks.iter().all(|c| c.columns[0].is_mostly_distinct() && !c.columns[1].is_mostly_distinct()));
        assert_eq!((t.cell_code(5, 0), t.cell_code(CHUNK_ROWS + 5, 0)), (None, None));
        assert_eq!(t.cell(5, 0), Cell::Text("Customer 5"));
        assert_eq!(t.cell(CHUNK_ROWS + 5, 0), Cell::Text("Customer 0"));
        assert_eq!(t.cell(CHUNK_ROWS + 3, 1), Cell::Text("Microsoft 365"));
        assert!(t.cell_code(CHUNK_ROWS + 3, 1).is_some());
    }

    #[test]
    fn finds_header_under_title_rows() {
        let opts = DetectOptions::default();
        let mut cells = vec![
            (0, 0, Cell::Text("Cloud Ascent - Azure propensity report")),
            (1, 0, Cell::Text("Generated 2026-11-01")),
        ];
        for (c, h) in ["Customer ID", "Account Name", "Azure Fit", "Azure Intent", "Azure Cluster"].iter().enumerate() {
            cells.push((3, c as u32 + 1, Cell::Text(h)));
        }
        cells.extend([
            (4, 1, Cell::Number(42.0)),
            (4, 3, Cell::Number(80.0)),
            (6, 2, Cell::Text("Fabrikam")),
            (6, 9, Cell::Text("stray")),
        ]);
        let t = sheet(&opts, "Data", &cells).unwrap();
        assert_eq!(t.header_row, 3);
        assert_eq!(t.first_col, 1);
        assert_eq!(t.shape, Shape::Wide);
        assert_eq!(t.rows(), 2);
        assert_eq!(t.blank_rows, 1);
        assert_eq!(t.cells_outside, 1);
        assert_eq!(t.cell(0, 0), Cell::Number(42.0));
        assert_eq!(t.cell(1, 1), Cell::Text("Fabrikam"));
        assert_eq!(t.cell(1, 0), Cell::Empty);
        assert_eq!(t.cell_name(1, 1), "C7");
    }

    #[test]
    fn merged_product_titles_name_bare_group_headers() {
        let opts = DetectOptions::default();
        let mut cells = vec![(0, 2, Cell::Text("Microsoft 365")), (0, 5, Cell::Text("Azure"))];
        for (c, h) in
            ["Customer ID", "Account Name", "Fit", "Intent", "Cluster", "Fit", "Intent", "Cluster"].iter().enumerate()
        {
            cells.push((1, c as u32, Cell::Text(h)));
        }
        cells.push((2, 0, Cell::Number(1.0)));
        let t = sheet(&opts, "Data", &cells).unwrap();
        assert_eq!(t.shape, Shape::Wide);
        assert_eq!(t.mapping.groups.len(), 2);
        assert_eq!(t.mapping.groups[1].product, "Azure");
        assert_eq!(t.mapping.groups[1].fit, Some(5));
    }

    #[test]
    fn sheet_without_table_is_skipped_with_what_was_seen() {
        let opts = DetectOptions::default();
        let cells = [
            (0, 0, Cell::Text("About this report")),
            (1, 0, Cell::Text("Customer ID")),
            (1, 1, Cell::Text("The customer's TPID")),
        ];
        let skipped = sheet(&opts, "Read me", &cells).unwrap_err();
        assert_eq!(skipped.sheet, "Read me");
        assert_eq!(skipped.headers_seen, ["Customer ID", "The customer's TPID"]);
    }
}
