//! The file formats the loader reads, and the readers of xlsx sheets (a leaf: the readers,
//! the report and the library's stored files all name them).

/// File formats the loader reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// Which reader reads an xlsx workbook's sheets (`--reader`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum XlsxReader {
    /// The fast reader for each sheet it reads whole, calamine for the others.
    #[default]
    Automatic,
    /// calamine for every sheet.
    Calamine,
}

/// When the fast reader hands a sheet's rows on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FastRows {
    /// As they are read, so that the table is built meanwhile; a sheet the reader gives up
    /// on after that is withdrawn ([`super::table::SheetEvent::Withdrawn`]) and read again
    /// by calamine.
    #[default]
    AsRead,
    /// Held until the scan of the sheet ends: a sheet given up on hands nothing on.
    AtSheetEnd,
}

/// The xlsx readers: the fast one for plain worksheets, calamine for everything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetReader {
    Fast,
    Calamine,
}

/// The reader that read one sheet.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SheetReading {
    pub sheet: String,
    pub reader: SheetReader,
}
