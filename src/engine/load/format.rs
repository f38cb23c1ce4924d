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
