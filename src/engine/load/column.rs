//! A source column's cells stored compactly: a kind byte and an 8-byte payload per cell, text
//! in one arena; once its rows are built, each distinct cell is kept once and a row holds a
//! one- or two-byte code (a country or a company name repeated down a chunk costs a code).

use rustc_hash::FxHashMap as HashMap;

use super::value::{Cell, ErrorCode};
use crate::engine::text::TextArena;

const KIND_EMPTY: u8 = 0;
const KIND_NUMBER: u8 = 1;
const KIND_TEXT: u8 = 2;
const KIND_BOOL: u8 = 3;
const KIND_DATE: u8 = 4;
const KIND_ERROR: u8 = 5;

/// How a row finds its cell.
#[derive(Clone, Debug, Default)]
enum RowCells {
    /// Row i is cell i: while the column is filled, or when most of its cells differ.
    #[default]
    Direct,
    /// Every one of this many rows holds cell 0.
    Same(usize),
    /// Up to 256 distinct cells.
    Byte(Box<[u8]>),
    Short(Box<[u16]>),
    /// Row i is text i: a column of distinct texts (names, ids, domains) keeps no kind or
    /// payload per cell.
    Texts,
}

/// A source column: nine bytes a cell while it is filled, a code a row once compacted; no
/// allocation per cell either way.
#[derive(Clone, Debug, Default)]
pub struct RawColumn {
    kinds: Vec<u8>,
    payload: Vec<u64>,
    text: TextArena,
    rows: RowCells,
}

/// A cell's identity, to find it among the distinct cells.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum CellKey<'a> {
    Bits(u8, u64),
    Text(&'a str),
}

impl RawColumn {
    /// A column with room for `rows` cells and `text` bytes, so filling it does not reallocate.
    pub fn with_capacity(rows: usize, text: usize) -> RawColumn {
        RawColumn {
            kinds: Vec::with_capacity(rows),
            payload: Vec::with_capacity(rows),
            text: TextArena::with_capacity(text),
            rows: RowCells::Direct,
        }
    }

    pub fn len(&self) -> usize {
        match &self.rows {
            RowCells::Direct => self.kinds.len(),
            RowCells::Same(n) => *n,
            RowCells::Byte(codes) => codes.len(),
            RowCells::Short(codes) => codes.len(),
            RowCells::Texts => self.text.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push(&mut self, cell: Cell<'_>) {
        self.expand();
        self.push_distinct(cell);
    }

    fn push_distinct(&mut self, cell: Cell<'_>) {
        let (kind, payload) = match cell {
            Cell::Empty => (KIND_EMPTY, 0),
            Cell::Number(n) => (KIND_NUMBER, n.to_bits()),
            Cell::Text(t) => (KIND_TEXT, self.text.push(t) as u64),
            Cell::Bool(b) => (KIND_BOOL, b as u64),
            Cell::Date(d) => (KIND_DATE, d.to_bits()),
            Cell::Error(e) => (KIND_ERROR, e.index()),
        };
        self.kinds.push(kind);
        self.payload.push(payload);
    }

    /// Pads with empty cells up to `len`.
    pub fn pad_to(&mut self, len: usize) {
        self.expand();
        if self.kinds.len() < len {
            self.kinds.resize(len, KIND_EMPTY);
            self.payload.resize(len, 0);
        }
    }

    /// Text arena size: limits how much text one column may hold (u32 offsets).
    pub fn text_bytes(&self) -> usize {
        self.text.bytes()
    }

    pub fn get(&self, row: usize) -> Cell<'_> {
        let index = match &self.rows {
            RowCells::Direct => row,
            RowCells::Same(n) if row < *n => 0,
            RowCells::Same(_) => return Cell::Empty,
            RowCells::Byte(codes) => codes.get(row).map_or(usize::MAX, |c| *c as usize),
            RowCells::Short(codes) => codes.get(row).map_or(usize::MAX, |c| *c as usize),
            RowCells::Texts if row < self.text.len() => return Cell::Text(self.text.get(row)),
            RowCells::Texts => return Cell::Empty,
        };
        self.distinct(index)
    }

    /// The row's index among the distinct cells, in a compacted column of few of them.
    pub fn code(&self, row: usize) -> Option<usize> {
        match &self.rows {
            RowCells::Same(n) if row < *n => Some(0),
            RowCells::Byte(codes) => codes.get(row).map(|c| usize::from(*c)),
            RowCells::Short(codes) => codes.get(row).map(|c| usize::from(*c)),
            RowCells::Direct | RowCells::Same(_) | RowCells::Texts => None,
        }
    }

    fn distinct(&self, index: usize) -> Cell<'_> {
        let Some(&kind) = self.kinds.get(index) else {
            return Cell::Empty;
        };
        let payload = self.payload[index];
        match kind {
            KIND_NUMBER => Cell::Number(f64::from_bits(payload)),
            KIND_TEXT => Cell::Text(self.text.get(payload as usize)),
            KIND_BOOL => Cell::Bool(payload != 0),
            KIND_DATE => Cell::Date(f64::from_bits(payload)),
            KIND_ERROR => Cell::Error(ErrorCode::from_index(payload)),
            _ => Cell::Empty,
        }
    }

    fn key(&self, index: usize) -> CellKey<'_> {
        match self.kinds[index] {
            KIND_TEXT => CellKey::Text(self.text.get(self.payload[index] as usize)),
            kind => CellKey::Bits(kind, self.payload[index]),
        }
    }

    /// Keeps each distinct cell once with a code per row, when that is smaller (fewer distinct
    /// cells than half the rows); otherwise just gives back the spare capacity.
    pub fn compact(&mut self) {
        let rows = self.len();
        if !matches!(self.rows, RowCells::Direct) || rows == 0 || rows > usize::from(u16::MAX) + 1 {
            self.shrink_to_fit();
            return;
        }
        let mut distinct = RawColumn::default();
        let mut codes: Vec<u16> = Vec::with_capacity(rows);
        {
            let mut seen: HashMap<CellKey<'_>, u16> = HashMap::default();
            let mut previous: Option<(CellKey<'_>, u16)> = None;
            for i in 0..rows {
                let key = self.key(i);
                // runs (a customer's rows, a blank column) need no lookup
                let code = match previous {
                    Some((last, code)) if last == key => code,
                    _ => {
                        let next = distinct.kinds.len() as u16;
                        *seen.entry(key).or_insert_with(|| {
                            distinct.push_distinct(self.distinct(i));
                            next
                        })
                    }
                };
                previous = Some((key, code));
                codes.push(code);
                if distinct.kinds.len() > rows / 2 {
                    self.keep_direct();
                    return;
                }
            }
        }
        distinct.rows = match distinct.kinds.len() {
            1 => RowCells::Same(rows),
            2..=256 => RowCells::Byte(codes.iter().map(|c| *c as u8).collect()),
            _ => RowCells::Short(codes.into_boxed_slice()),
        };
        distinct.shrink_to_fit();
        *self = distinct;
    }

    /// A compacted column from its distinct cells and a code per row (each code an index
    /// into `distinct`, which holds at most 65,536 cells): no cell is hashed.
    pub fn from_codes<'a>(distinct: impl IntoIterator<Item = Cell<'a>>, codes: &[u16]) -> RawColumn {
        let mut column = RawColumn::default();
        for cell in distinct {
            column.push_distinct(cell);
        }
        column.rows = match column.kinds.len() {
            0 => {
                column.push_distinct(Cell::Empty);
                RowCells::Same(codes.len())
            }
            1 => RowCells::Same(codes.len()),
            2..=256 => RowCells::Byte(codes.iter().map(|c| *c as u8).collect()),
            _ => RowCells::Short(codes.into()),
        };
        column.shrink_to_fit();
        column
    }

    /// Whether compacting left a cell per row: most of the column's cells differed.
    pub fn is_mostly_distinct(&self) -> bool {
        matches!(self.rows, RowCells::Direct | RowCells::Texts)
    }

    /// A column of mostly distinct cells: as it is, or as bare texts when every cell is one.
    pub fn keep_direct(&mut self) {
        if !matches!(self.rows, RowCells::Direct) {
            return;
        }
        if self.kinds.iter().all(|k| *k == KIND_TEXT) {
            self.kinds = Vec::new();
            self.payload = Vec::new();
            self.rows = RowCells::Texts;
        }
        self.shrink_to_fit();
    }

    /// Back to a cell per row, so cells can be added (rare: columns are compacted when full).
    fn expand(&mut self) {
        if matches!(self.rows, RowCells::Direct) {
            return;
        }
        let mut direct = RawColumn::default();
        for row in 0..self.len() {
            direct.push_distinct(self.get(row));
        }
        *self = direct;
    }

    pub fn shrink_to_fit(&mut self) {
        self.kinds.shrink_to_fit();
        self.payload.shrink_to_fit();
        self.text.shrink_to_fit();
    }

    /// Bytes on the heap, for the memory tests and benchmarks.
    pub fn heap_bytes(&self) -> usize {
        let codes = match &self.rows {
            RowCells::Direct | RowCells::Same(_) | RowCells::Texts => 0,
            RowCells::Byte(codes) => codes.len(),
            RowCells::Short(codes) => codes.len() * 2,
        };
        self.kinds.capacity() + self.payload.capacity() * 8 + self.text.heap_bytes() + codes
    }
}

/// Up to [`CHUNK_ROWS`](super::table::CHUNK_ROWS) rows of a table's cells, column-wise.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    pub columns: Vec<RawColumn>,
    /// Zero-based sheet row of each row (moved into the table when appended).
    pub sheet_rows: Vec<u32>,
}

impl Chunk {
    /// Each column's distinct cells once, a code per row (see [`RawColumn::compact`]).
    pub fn compact(&mut self) {
        self.compact_after(&mut Vec::new());
    }

    /// Compacts each column but those whose cells mostly differed in the chunk before
    /// (`distinct`, then updated for the chunk after): names and ids are not searched for
    /// repeats chunk after chunk.
    pub fn compact_after(&mut self, distinct: &mut Vec<bool>) {
        distinct.resize(self.columns.len(), false);
        for (column, was_distinct) in self.columns.iter_mut().zip(distinct.iter_mut()) {
            if *was_distinct {
                column.keep_direct();
            } else {
                column.compact();
            }
            *was_distinct = column.is_mostly_distinct();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_cells() -> Vec<Cell<'static>> {
        vec![
            Cell::Number(1.5),
            Cell::Text("héllo"),
            Cell::Empty,
            Cell::Error(ErrorCode::NotAvailable),
            Cell::Text(""),
            Cell::Bool(true),
            Cell::Date(46203.0),
        ]
    }

    #[test]
    fn a_column_built_from_codes_gives_each_row_its_cell() {
        let cells = sample_cells();
        let codes: Vec<u16> = (0..4096).map(|i| (i % cells.len()) as u16).collect();
        let col = RawColumn::from_codes(cells.iter().copied(), &codes);
        assert_eq!(col.len(), 4096);
        assert!((0..4096).all(|i| col.get(i) == cells[i % cells.len()] && col.code(i) == Some(i % cells.len())));
        let one = RawColumn::from_codes([Cell::Text("Azure")], &[0, 0, 0]);
        assert_eq!((one.len(), one.get(2), one.get(3)), (3, Cell::Text("Azure"), Cell::Empty));
        let none = RawColumn::from_codes([], &[]);
        assert_eq!(none.len(), 0);
    }

    #[test]
    fn stores_cells_compactly_and_gives_them_back() {
        let mut col = RawColumn::default();
        for cell in sample_cells().into_iter().take(5) {
            col.push(cell);
        }
        col.pad_to(7);
        assert_eq!(col.get(0), Cell::Number(1.5));
        assert_eq!(col.get(1), Cell::Text("héllo"));
        assert_eq!(col.get(2), Cell::Empty);
        assert_eq!(col.get(3), Cell::Error(ErrorCode::NotAvailable));
        assert_eq!(col.get(4), Cell::Text(""));
        assert_eq!(col.get(6), Cell::Empty);
        assert_eq!(col.len(), 7);
    }

    #[test]
    fn compacting_keeps_every_cell_and_stores_repeats_once() {
        // 4096 rows cycling through 7 cells of every kind: 7 distinct cells and a byte per row
        let cells = sample_cells();
        let mut col = RawColumn::default();
        for i in 0..4096 {
            col.push(cells[i % cells.len()]);
        }
        let direct = col.heap_bytes();
        col.compact();
        assert_eq!(col.len(), 4096);
        for i in 0..4096 {
            assert_eq!(col.get(i), cells[i % cells.len()], "row {i}");
        }
        assert_eq!(col.get(4096), Cell::Empty);
        // 7 kinds, 7 payloads of 8 bytes, 5 text bytes and 2 ends, 4096 codes
        assert_eq!(col.heap_bytes(), 7 + 7 * 8 + "héllo".len() + 2 * 4 + 4096);
        assert!(direct >= 4096 * 9);
    }

    #[test]
    fn a_column_of_one_value_keeps_no_codes_and_distinct_columns_stay_direct() {
        let mut blank = RawColumn::default();
        blank.pad_to(4096);
        blank.compact();
        assert_eq!(blank.len(), 4096);
        assert_eq!(blank.get(4095), Cell::Empty);
        assert_eq!(blank.heap_bytes(), 1 + 8);

        let names: Vec<String> = (0..300).map(|i| format!("Customer {i}")).collect();
        let mut many = RawColumn::default();
        for i in 0..600 {
            many.push(Cell::Text(&names[i / 2]));
        }
        many.compact();
        // 300 distinct of 600 rows: codes of two bytes beside the 300 names
        assert_eq!(many.get(599), Cell::Text("Customer 299"));
        let text: usize = names.iter().map(String::len).sum();
        assert_eq!(many.heap_bytes(), 300 * 9 + text + 300 * 4 + 600 * 2);

        // every cell a different text: the texts alone
        let mut texts = RawColumn::default();
        for name in &names {
            texts.push(Cell::Text(name));
        }
        texts.compact();
        assert_eq!(texts.heap_bytes(), text + 300 * 4);
        assert_eq!((texts.len(), texts.get(7), texts.get(300)), (300, Cell::Text("Customer 7"), Cell::Empty));
        texts.push(Cell::Empty);
        assert_eq!((texts.len(), texts.get(299), texts.get(300)), (301, Cell::Text("Customer 299"), Cell::Empty));

        let mut unique = RawColumn::default();
        for (i, _) in names.iter().enumerate() {
            unique.push(Cell::Number(i as f64));
        }
        unique.compact();
        assert_eq!(unique.heap_bytes(), 300 * 9);
        assert_eq!(unique.get(299), Cell::Number(299.0));
        // a compacted column still takes cells
        many.push(Cell::Number(7.0));
        assert_eq!((many.len(), many.get(600), many.get(0)), (601, Cell::Number(7.0), Cell::Text("Customer 0")));
    }
}
