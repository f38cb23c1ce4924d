//! What the builder read from a cell, remembered so a value repeated down a column is read
//! once: by the cell's code in its compacted chunk (no hashing at all), else by its text.

use rustc_hash::FxHashMap as HashMap;

use super::table::{CHUNK_ROWS, Table};
use super::value::{Cell, Unreadable};
use crate::engine::dataset::ScoreState;
use crate::engine::rules::Cluster;

/// A score cell as written: its value, its state, and whether it was a percentage.
pub(super) type ScoreRead = (f64, ScoreState, bool);

/// A workbook cluster cell as written.
#[derive(Clone, Copy)]
pub(super) enum ClusterRead {
    Blank,
    Is(Cluster),
    /// Not a cluster: why, and whether it is a placeholder ("N/A"), which is not reported.
    Unreadable(Unreadable, bool),
}

/// Remembers what each distinct text of a column read as, for cells without a code (a
/// column of mostly distinct cells).
#[derive(Default)]
pub(super) struct TextMemo<T> {
    pub(super) map: HashMap<String, T>,
}

impl<T: Copy> TextMemo<T> {
    pub(super) fn get_or(&mut self, text: &str, compute: impl FnOnce(&str) -> T) -> T {
        if let Some(v) = self.map.get(text) {
            return *v;
        }
        let v = compute(text);
        self.map.insert(text.to_string(), v);
        v
    }
}

/// A cell's place among its chunk's distinct cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct CellCode {
    chunk: usize,
    code: usize,
}

impl Table {
    /// The code of a cell in its compacted chunk; None where the column keeps a cell per row.
    pub(super) fn cell_code(&self, row: usize, col: usize) -> Option<CellCode> {
        let chunk = row / CHUNK_ROWS;
        let code = self.chunks.get(chunk)?.columns.get(col)?.code(row % CHUNK_ROWS)?;
        Some(CellCode { chunk, code })
    }
}

/// Per column of one table, what each coded cell of the current chunk read as.
pub(super) struct ColumnMemos<T> {
    table: usize,
    columns: Vec<CodeMemo<T>>,
}

struct CodeMemo<T> {
    chunk: usize,
    values: Vec<Option<T>>,
}

impl<T> Default for ColumnMemos<T> {
    fn default() -> Self {
        ColumnMemos { table: usize::MAX, columns: Vec::new() }
    }
}

impl<T: Copy> ColumnMemos<T> {
    fn slot(&mut self, t: usize, col: usize, at: CellCode) -> &mut Option<T> {
        if self.table != t {
            self.table = t;
            self.columns.clear();
        }
        if self.columns.len() <= col {
            self.columns.resize_with(col + 1, || CodeMemo { chunk: usize::MAX, values: Vec::new() });
        }
        let memo = &mut self.columns[col];
        if memo.chunk != at.chunk {
            memo.chunk = at.chunk;
            memo.values.clear();
        }
        if memo.values.len() <= at.code {
            memo.values.resize(at.code + 1, None);
        }
        &mut memo.values[at.code]
    }

    /// What the cell at `at` of table `t`'s column `col` read as, if it was read.
    pub(super) fn get(&mut self, t: usize, col: usize, at: CellCode) -> Option<T> {
        *self.slot(t, col, at)
    }

    pub(super) fn set(&mut self, t: usize, col: usize, at: CellCode, value: T) {
        *self.slot(t, col, at) = Some(value);
    }

    /// Reads a cell of table `t` through `read`, once per distinct cell of its chunk.
    pub(super) fn read(
        &mut self,
        t: usize,
        table: &Table,
        row: usize,
        col: usize,
        read: impl FnOnce(Cell<'_>) -> T,
    ) -> T {
        let Some(at) = table.cell_code(row, col) else {
            return read(table.cell(row, col));
        };
        if let Some(value) = self.get(t, col, at) {
            return value;
        }
        let value = read(table.cell(row, col));
        self.set(t, col, at, value);
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of one column of `cells`, compacted chunk by chunk as the loader does.
    fn table_of(cells: &[Cell<'_>]) -> Table {
        Table::of_columns(&["Product", "Fit"], &[cells.to_vec()])
    }

    #[test]
    fn reads_each_distinct_cell_once_per_chunk() {
        let products = ["Azure", "Microsoft 365", "Surface"];
        let cells: Vec<Cell<'_>> = (0..CHUNK_ROWS + 100).map(|i| Cell::Text(products[i % 3])).collect();
        let table = table_of(&cells);
        let mut memo: ColumnMemos<usize> = ColumnMemos::default();
        let mut reads = 0;
        for row in 0..table.rows() {
            let got = memo.read(0, &table, row, 0, |cell| {
                reads += 1;
                products.iter().position(|p| Cell::Text(p) == cell).unwrap()
            });
            assert_eq!(got, row % 3, "row {row}");
        }
        // three products in each of two chunks
        assert_eq!(reads, 6);
        // another table's column 0 is another column
        let mut other_reads = 0;
        memo.read(1, &table, 0, 0, |_| {
            other_reads += 1;
            9
        });
        assert_eq!(other_reads, 1);
    }

    #[test]
    fn cells_without_codes_are_read_every_time() {
        let names: Vec<String> = (0..100).map(|i| format!("Customer {i}")).collect();
        let cells: Vec<Cell<'_>> = names.iter().map(|n| Cell::Text(n)).collect();
        let table = table_of(&cells);
        assert_eq!(table.cell_code(0, 0), None);
        let mut memo: ColumnMemos<usize> = ColumnMemos::default();
        let mut reads = 0;
        for (row, name) in names.iter().enumerate() {
            let len = memo.read(0, &table, row, 0, |cell| {
                reads += 1;
                cell.text().map_or(0, str::len)
            });
            assert_eq!(len, name.len());
        }
        assert_eq!(reads, 100);
    }
}
