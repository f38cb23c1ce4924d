//! The load report: what was found where, how headers were mapped, and every value that
//! could not be read, with the first few cells as Excel names them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::fields::Field;
pub use super::format::{SheetReader, SheetReading, XlsxReader};
use super::read::Format;
use super::table::{CellsNotRead, Shape, SkippedSheet};
use super::value::Unreadable;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LoadReport {
    pub files: Vec<FileReport>,
    /// Files of a folder that held no propensity data, with why.
    pub skipped_files: Vec<SkippedFile>,
    /// Files given more than once (by another spelling, through a folder or a link): read
    /// once, as their first mention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeated_files: Vec<RepeatedFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatedFile {
    pub path: String,
    /// The mention that was read.
    pub same_as: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    /// Known once the file is read.
    pub format: Option<Format>,
    pub tables: Vec<TableReport>,
    pub skipped_sheets: Vec<SkippedSheet>,
    /// Which reader read each sheet of a workbook (none for a CSV or a library month).
    #[serde(default)]
    pub readers: Vec<SheetReading>,
}

/// How "open" agreements were recognised in a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenRule {
    /// The license program reads as Microsoft Open licensing.
    LicenseProgram,
    /// No license program column: the agreement status reads open / active / not renewed.
    AgreementStatus,
    /// Neither column: no agreement counts as open.
    NoColumn,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MappedColumn {
    pub field: Field,
    pub header: String,
    pub column: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GroupReport {
    pub product: String,
    pub fit: Option<String>,
    pub intent: Option<String>,
    pub cluster: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CellIssue {
    /// "C12"
    pub cell: String,
    /// The data row, to list examples in sheet order.
    #[serde(skip)]
    pub row: usize,
    /// The cell as Excel shows it.
    pub value: String,
    pub reason: Unreadable,
}

/// Whether values not read are a problem or expected ("N/A" in a download).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    Problem,
    NoValue,
}

impl IssueKind {
    pub fn of(reason: Unreadable) -> IssueKind {
        if reason == Unreadable::NoValue { IssueKind::NoValue } else { IssueKind::Problem }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ColumnIssue {
    pub header: String,
    pub column: String,
    pub field: String,
    pub kind: IssueKind,
    pub count: usize,
    pub examples: Vec<CellIssue>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TableReport {
    pub sheet: String,
    /// One-based, as Excel shows it.
    pub header_row: u32,
    pub shape: Shape,
    pub rows: usize,
    pub predictions: usize,
    pub agreements: usize,
    pub products: Vec<String>,
    pub mapping: Vec<MappedColumn>,
    pub groups: Vec<GroupReport>,
    pub unreadable: Vec<ColumnIssue>,
    /// Score columns whose values all lay in 0-1 and were scaled by 100.
    pub scaled_from_fraction: Vec<String>,
    pub open_rule: Option<OpenRule>,
    pub flag_columns: Vec<String>,
    pub other_columns: Vec<String>,
    pub blank_rows: usize,
    pub cells_outside: usize,
    /// Cells the reader could not read; the rest of the sheet was read.
    pub cells_not_read: CellsNotRead,
}

impl LoadReport {
    /// Every unreadable-value issue, with where it is.
    pub fn issues(&self) -> impl Iterator<Item = (&FileReport, &TableReport, &ColumnIssue)> {
        self.files
            .iter()
            .flat_map(|f| f.tables.iter().map(move |t| (f, t)))
            .flat_map(|(f, t)| t.unreadable.iter().map(move |i| (f, t, i)))
    }

    /// Values that could not be read: the problems (not "N/A" and the like).
    pub fn unreadable_total(&self) -> usize {
        self.issues().filter(|(_, _, i)| i.kind == IssueKind::Problem).map(|(_, _, i)| i.count).sum::<usize>()
            + self.cells_not_read_total()
    }

    /// Values written as "no value" ("N/A", "-"): counted, not a problem.
    pub fn no_value_total(&self) -> usize {
        self.issues().filter(|(_, _, i)| i.kind == IssueKind::NoValue).map(|(_, _, i)| i.count).sum()
    }

    /// Cells the reader could not read, over every table.
    pub fn cells_not_read_total(&self) -> usize {
        self.files.iter().flat_map(|f| &f.tables).map(|t| t.cells_not_read.count).sum()
    }
}

/// (table, column, kind): problems and "no value" cells of one column are counted apart.
type IssueKey = (usize, usize, IssueKind);

/// Collects unreadable values per (table, column) while the model is built.
#[derive(Default)]
pub(crate) struct IssueCollector {
    by_column: BTreeMap<IssueKey, (Field, usize, Vec<CellIssue>)>,
}

pub(crate) const EXAMPLES_PER_COLUMN: usize = 5;

impl IssueCollector {
    pub fn record(
        &mut self,
        (table, row, col): (usize, usize, usize),
        field: Field,
        cell: impl FnOnce() -> (String, String),
        reason: Unreadable,
    ) {
        let entry = self.by_column.entry((table, col, IssueKind::of(reason))).or_insert((field, 0, Vec::new()));
        entry.1 += 1;
        if entry.2.len() < EXAMPLES_PER_COLUMN {
            let (cell, value) = cell();
            entry.2.push(CellIssue { cell, row, value, reason });
        }
    }

    pub fn take_table(
        &mut self,
        table: usize,
        headers: &[String],
        letter: impl Fn(usize) -> String,
    ) -> Vec<ColumnIssue> {
        let range = (table, 0, IssueKind::Problem)..(table + 1, 0, IssueKind::Problem);
        let keys: Vec<IssueKey> = self.by_column.range(range).map(|(k, _)| *k).collect();
        keys.into_iter()
            .filter_map(|k| self.by_column.remove(&k).map(|v| (k.1, k.2, v)))
            .map(|(col, kind, (field, count, mut examples))| {
                examples.sort_by_key(|e| e.row);
                ColumnIssue {
                    header: headers.get(col).cloned().unwrap_or_default(),
                    column: letter(col),
                    field: field.key().to_string(),
                    kind,
                    count,
                    examples,
                }
            })
            .collect()
    }
}
