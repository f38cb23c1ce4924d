//! A library entry's manifest (`manifest.json`): the month, the files it was read from
//! (names, sizes, SHA-256), when it was added, the mapping used, each stored table's sheet
//! and rows, and the load report's counts. Every key is a stable name: a manifest written
//! by this release is read by the next.

use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::engine::load::fields::Field;
use crate::engine::load::read::Format;
use crate::engine::load::stored::{StoredFile, StoredTable};
use crate::engine::load::table::{CellFault, CellsNotRead, SkipReason, SkippedSheet};

/// The manifest's file name in an entry's folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The layout this release writes (and the newest it reads).
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub month: String,
    /// When the month was added (RFC 3339, UTC).
    pub added: String,
    /// The bundled sample's months (never mixed into a user's library).
    #[serde(default)]
    pub sample: bool,
    /// Headers mapped to fields by hand when the month was added (field key, header).
    #[serde(default)]
    pub mapping: Vec<MappedByHand>,
    pub files: Vec<ManifestFile>,
    pub counts: Counts,
    /// Whether the entry holds a digest of its data set (see `digest`).
    #[serde(default)]
    pub digest: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MappedByHand {
    pub field: String,
    pub header: String,
}

/// What the load of the files counted: a month opened from the library must count the same.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Counts {
    pub tables: usize,
    pub rows: usize,
    pub predictions: usize,
    pub customers: usize,
    pub agreements: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ManifestFile {
    pub name: String,
    /// The path it was read from.
    pub path: String,
    pub size: u64,
    /// Empty for a file that was not on disk (the bundled sample).
    pub sha256: String,
    /// xlsx, xlsb, xls, ods or csv.
    pub format: String,
    pub tables: Vec<ManifestTable>,
    #[serde(default)]
    pub skipped_sheets: Vec<ManifestSkippedSheet>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ManifestTable {
    /// The Parquet file in the entry's folder.
    pub parquet: String,
    pub parquet_size: u64,
    pub sheet: String,
    /// Zero-based, as the sheet's rows and columns.
    pub header_row: u32,
    pub first_column: u32,
    pub headers: Vec<String>,
    pub rows: usize,
    /// Zero-based sheet rows of the data rows, as runs of [first row, count].
    pub sheet_rows: Vec<[u32; 2]>,
    pub blank_rows: usize,
    pub cells_outside: usize,
    pub cells_not_read: usize,
    /// The first cells not read: [cell, why].
    #[serde(default)]
    pub cells_not_read_examples: Vec<[String; 2]>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ManifestSkippedSheet {
    pub sheet: String,
    /// no-header or empty.
    pub reason: String,
    #[serde(default)]
    pub headers_seen: Vec<String>,
}

impl Manifest {
    /// The manifest's hand mapping as the loader takes it (unknown fields left out).
    pub fn overrides(&self) -> Vec<(Field, String)> {
        self.mapping.iter().filter_map(|m| Some((Field::from_key(&m.field)?, m.header.clone()))).collect()
    }

    /// The stored files of the entry in `dir`, as the loader reads them.
    pub fn stored_files(&self, dir: &Path) -> Result<Vec<StoredFile>, String> {
        self.files.iter().map(|f| f.stored(dir)).collect()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Manifest, String> {
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if manifest.format > FORMAT_VERSION {
            return Err(format!("written by a newer release (layout {})", manifest.format));
        }
        Ok(manifest)
    }
}

impl ManifestFile {
    fn stored(&self, dir: &Path) -> Result<StoredFile, String> {
        let format = format_of_key(&self.format).ok_or_else(|| format!("unknown format \"{}\"", self.format))?;
        let tables = self.tables.iter().map(|t| t.stored(dir)).collect::<Result<Vec<_>, _>>()?;
        let skipped = self.skipped_sheets.iter().map(ManifestSkippedSheet::sheet).collect();
        Ok(StoredFile { path: self.path.clone(), name: self.name.clone(), format, tables, skipped })
    }
}

impl ManifestTable {
    /// What the manifest says of a stored table (as written by [`ManifestTable::of`]).
    fn stored(&self, dir: &Path) -> Result<StoredTable, String> {
        // a manifest names files of its own folder only
        if self.parquet.contains(['/', '\\']) || self.parquet.starts_with('.') {
            return Err(format!("\"{}\" is not a file of the entry", self.parquet));
        }
        let examples = self
            .cells_not_read_examples
            .iter()
            .filter_map(|[cell, why]| Some((cell.clone(), fault_of_key(why)?)))
            .collect();
        Ok(StoredTable {
            path: dir.join(&self.parquet),
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            first_col: self.first_column,
            headers: self.headers.clone(),
            rows: self.rows,
            sheet_rows: self.sheet_rows.iter().map(|[start, count]| (*start, *count)).collect(),
            blank_rows: self.blank_rows,
            cells_outside: self.cells_outside,
            not_read: CellsNotRead { count: self.cells_not_read, examples },
        })
    }

    pub fn of(table: &StoredTable, parquet: String, parquet_size: u64) -> ManifestTable {
        ManifestTable {
            parquet,
            parquet_size,
            sheet: table.sheet.clone(),
            header_row: table.header_row,
            first_column: table.first_col,
            headers: table.headers.clone(),
            rows: table.rows,
            sheet_rows: table.sheet_rows.iter().map(|(start, count)| [*start, *count]).collect(),
            blank_rows: table.blank_rows,
            cells_outside: table.cells_outside,
            cells_not_read: table.not_read.count,
            cells_not_read_examples: table
                .not_read
                .examples
                .iter()
                .map(|(cell, why)| [cell.clone(), why.key().to_string()])
                .collect(),
        }
    }
}

impl ManifestSkippedSheet {
    pub fn of(sheet: &SkippedSheet) -> ManifestSkippedSheet {
        ManifestSkippedSheet {
            sheet: sheet.sheet.clone(),
            reason: match sheet.reason {
                SkipReason::NoHeader => "no-header",
                SkipReason::Empty => "empty",
            }
            .to_string(),
            headers_seen: sheet.headers_seen.clone(),
        }
    }

    fn sheet(&self) -> SkippedSheet {
        SkippedSheet {
            sheet: self.sheet.clone(),
            reason: if self.reason == "empty" { SkipReason::Empty } else { SkipReason::NoHeader },
            headers_seen: self.headers_seen.clone(),
        }
    }
}

pub fn format_of_key(key: &str) -> Option<Format> {
    [Format::Xlsx, Format::Xlsb, Format::Xls, Format::Ods, Format::Delimited].into_iter().find(|f| f.key() == key)
}

fn fault_of_key(key: &str) -> Option<CellFault> {
    [
        CellFault::NotANumber,
        CellFault::NotABoolean,
        CellFault::NoSuchString,
        CellFault::UnknownType,
        CellFault::UnknownError,
        CellFault::TooLong,
    ]
    .into_iter()
    .find(|f| f.key() == key)
}
