//! The file formats the loader reads (a leaf: the readers and the library's stored files
//! both name them).

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
