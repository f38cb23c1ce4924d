//! Load errors in a user's words: each names the file, and the sheet, row and column
//! where they apply. The parser's own message is kept as a detail for the report.

use super::table::SkippedSheet;
use crate::i18n::{t, tr};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}", self.words())]
    NotFound { path: String },
    #[error("{}", self.words())]
    EmptyFolder { path: String },
    #[error("{}", self.words())]
    Io { path: String, message: String },
    #[error("{}", self.words())]
    Empty { path: String },
    #[error("{}", self.words())]
    NotASpreadsheet { path: String, what: FileKind },
    #[error("{}", self.words())]
    Password { path: String },
    #[error("{}", self.words())]
    Damaged { path: String, detail: Damage },
    #[error("{}", self.words())]
    OldFormat { path: String },
    #[error("{}", self.words())]
    TooLarge { path: String, sheet: String, limit: u64 },
    #[error("{}", self.words())]
    ImplausibleSize { path: String },
    /// A sheet with more cells the reader could not read than a damaged cell here and there.
    #[error("{}", self.words())]
    TooManyBadCells { path: String, sheet: String, limit: usize },
    /// A sheet whose cells would take more memory than the budget in force.
    #[error("{}", self.words())]
    OverMemory { path: String, sheet: String, limit: u64 },
    /// A workbook whose shared texts would take more memory than the budget in force.
    #[error("{}", self.words())]
    TextsOverMemory { path: String, limit: u64 },
    /// A file larger than any download ([`crate::engine::read`] reads nothing of it).
    #[error("{}", self.words())]
    FileTooLarge { path: String, limit_gb: u64 },
    #[error("{}", self.words())]
    SheetNotFound { path: String, sheet: String, sheets: Vec<String> },
    #[error("{}", self.words())]
    NoData { path: String, sheets: Vec<SkippedSheet> },
    #[error("{}", self.words())]
    NoFiles,
}

/// What a file that is not a spreadsheet is instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Png,
    Pdf,
    Jpeg,
    Gif,
    Gzip,
    /// Text under a workbook's name (a CSV saved as .xlsx).
    TextAsWorkbook,
    /// Neither a workbook nor text.
    Binary,
    /// A device, a named pipe or a socket: never read, it may not end.
    Special,
    Unknown,
}

impl FileKind {
    pub fn key(self) -> &'static str {
        match self {
            FileKind::Png => "png",
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpeg",
            FileKind::Gif => "gif",
            FileKind::Gzip => "gzip",
            FileKind::TextAsWorkbook => "text_as_workbook",
            FileKind::Binary => "binary",
            FileKind::Special => "special",
            FileKind::Unknown => "unknown",
        }
    }
}

/// What the reader of a damaged file tripped on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    Zip,
    MissingPart,
    Cfb,
    Xml,
    /// The reader stopped (a parser panic caught).
    Inconsistent,
    Unknown,
    /// Undecodable text at this line of a CSV.
    TextLine(u64),
    /// A part of the zip declares a size deflate cannot reach from its compressed bytes.
    ImpossibleSize,
    /// The shared strings declare more strings than their part can hold.
    StringCount,
    /// Two sheets of the workbook are one and the same part.
    SharedSheetPart,
    /// An Excel 97-2003 sheet declares rows or columns past the format's limits.
    Dimensions,
    /// A quote opened at this line of a CSV never closes.
    OpenQuote(u64),
    /// A text (or a gap between cells) far longer than Excel's 32,767 characters.
    CellTooLong,
    /// More shared strings than any download holds (over a gigabyte once read).
    TooManyStrings,
    /// A CSV line far longer than any download's, at this line.
    LongLine(u64),
    /// Data past Excel's last row (1,048,576), which would be lost.
    RowsPastLimit,
}

impl Damage {
    fn words(self) -> String {
        match self {
            Damage::Zip => tr("error.damage.zip"),
            Damage::MissingPart => tr("error.damage.missing_part"),
            Damage::Cfb => tr("error.damage.cfb"),
            Damage::Xml => tr("error.damage.xml"),
            Damage::Inconsistent => tr("error.damage.inconsistent"),
            Damage::Unknown => tr("error.damage.unknown"),
            Damage::TextLine(line) => t!("error.damage.text_line", line = line).into_owned(),
            Damage::ImpossibleSize => tr("error.damage.impossible_size"),
            Damage::StringCount => tr("error.damage.string_count"),
            Damage::SharedSheetPart => tr("error.damage.shared_sheet_part"),
            Damage::Dimensions => tr("error.damage.dimensions"),
            Damage::OpenQuote(line) => t!("error.damage.open_quote", line = line).into_owned(),
            Damage::CellTooLong => tr("error.damage.cell_too_long"),
            Damage::TooManyStrings => tr("error.damage.too_many_strings"),
            Damage::LongLine(line) => t!("error.damage.long_line", line = line).into_owned(),
            Damage::RowsPastLimit => tr("error.damage.rows_past_limit"),
        }
    }
}

fn describe_skipped(sheets: &[SkippedSheet]) -> String {
    if sheets.is_empty() {
        return tr("error.no_worksheet");
    }
    let parts: Vec<String> = sheets
        .iter()
        .map(|s| {
            if s.headers_seen.is_empty() {
                t!("error.sheet_reason", sheet = s.sheet.clone(), reason = s.reason_words()).into_owned()
            } else {
                let mut seen: Vec<&str> = s.headers_seen.iter().map(String::as_str).take(12).collect();
                if s.headers_seen.len() > 12 {
                    seen.push("...");
                }
                t!("error.sheet_headers_seen", sheet = s.sheet.clone(), headers = seen.join(", ")).into_owned()
            }
        })
        .collect();
    t!("error.seen", parts = parts.join("; ")).into_owned()
}

impl LoadError {
    /// The message in the language in force.
    fn words(&self) -> String {
        match self {
            LoadError::NotFound { path } => t!("error.not_found", path = path).into_owned(),
            LoadError::EmptyFolder { path } => t!("error.empty_folder", path = path).into_owned(),
            LoadError::Io { path, message } => t!("error.io", path = path, message = message).into_owned(),
            LoadError::Empty { path } => t!("error.empty", path = path).into_owned(),
            LoadError::NotASpreadsheet { path, what } => {
                t!("error.not_a_spreadsheet", path = path, what = tr(&format!("error.kind.{}", what.key())))
                    .into_owned()
            }
            LoadError::Password { path } => t!("error.password", path = path).into_owned(),
            LoadError::Damaged { path, detail } => {
                t!("error.damaged", path = path, detail = detail.words()).into_owned()
            }
            LoadError::OldFormat { path } => t!("error.old_format", path = path).into_owned(),
            LoadError::TooManyBadCells { path, sheet, limit } => {
                t!("error.too_many_bad_cells", path = path, sheet = sheet, limit = crate::i18n::format_count(*limit))
                    .into_owned()
            }
            LoadError::OverMemory { path, sheet, limit } => {
                t!("error.over_memory", path = path, sheet = sheet, limit = crate::i18n::format_bytes(*limit))
                    .into_owned()
            }
            LoadError::TextsOverMemory { path, limit } => {
                t!("error.texts_over_memory", path = path, limit = crate::i18n::format_bytes(*limit)).into_owned()
            }
            LoadError::FileTooLarge { path, limit_gb } => {
                t!("error.file_too_large", path = path, limit = limit_gb).into_owned()
            }
            LoadError::TooLarge { path, sheet, limit } => {
                t!("error.too_large", path = path, sheet = sheet, limit = crate::i18n::format_count(*limit as usize))
                    .into_owned()
            }
            LoadError::ImplausibleSize { path } => t!("error.implausible_size", path = path).into_owned(),
            LoadError::SheetNotFound { path, sheet, sheets } => {
                t!("error.sheet_not_found", path = path, sheet = sheet, sheets = sheets.join(", ")).into_owned()
            }
            LoadError::NoData { path, sheets } => {
                t!("error.no_data", path = path, seen = describe_skipped(sheets)).into_owned()
            }
            LoadError::NoFiles => tr("error.no_files"),
        }
    }

    pub fn io(path: &str, e: std::io::Error) -> LoadError {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => return LoadError::NotFound { path: path.into() },
            std::io::ErrorKind::PermissionDenied => tr("error.permission_denied"),
            _ => e.to_string(),
        };
        LoadError::Io { path: path.into(), message }
    }

    pub fn too_many_cells(path: &str, sheet: &str, limit: u64) -> LoadError {
        LoadError::TooLarge { path: path.into(), sheet: sheet.into(), limit }
    }

    /// A sheet over the cell limit or the memory budget.
    pub fn over_limit(path: &str, sheet: &str, over: super::table::TooManyCells) -> LoadError {
        match over {
            super::table::TooManyCells::Cells { limit } => LoadError::too_many_cells(path, sheet, limit),
            super::table::TooManyCells::Bytes { limit } => {
                LoadError::OverMemory { path: path.into(), sheet: sheet.into(), limit }
            }
        }
    }

    fn damaged(path: &str, detail: Damage) -> LoadError {
        LoadError::Damaged { path: path.into(), detail }
    }

    /// What calamine's xlsx reader tripped on, by its error's kind (never its words).
    pub fn from_xlsx(path: &str, e: &calamine::XlsxError) -> LoadError {
        use calamine::XlsxError as E;
        let detail = match e {
            E::Password => return LoadError::Password { path: path.into() },
            E::Io(_) | E::Zip(_) => Damage::Zip,
            E::FileNotFound(_)
            | E::RelationshipNotFound
            | E::WorksheetNotFound(_)
            | E::NotAWorksheet(_)
            | E::TableNotFound(_)
            | E::PivotTableNotFound(_) => Damage::MissingPart,
            E::Xml(_) | E::XmlAttr(_) | E::XmlEof(_) | E::UnexpectedNode(_) | E::Encoding(_) => Damage::Xml,
            _ => Damage::Unknown,
        };
        LoadError::damaged(path, detail)
    }

    /// What calamine's xlsb reader tripped on.
    pub fn from_xlsb(path: &str, e: &calamine::XlsbError) -> LoadError {
        use calamine::XlsbError as E;
        let detail = match e {
            E::Password => return LoadError::Password { path: path.into() },
            E::Io(_) | E::Zip(_) => Damage::Zip,
            E::FileNotFound(_) | E::WorksheetNotFound(_) => Damage::MissingPart,
            E::Xml(_) | E::XmlAttr(_) | E::Encoding(_) => Damage::Xml,
            _ => Damage::Unknown,
        };
        LoadError::damaged(path, detail)
    }

    /// What calamine's Excel 97-2003 reader tripped on.
    pub fn from_xls(path: &str, e: &calamine::XlsError) -> LoadError {
        use calamine::XlsError as E;
        let detail = match e {
            E::Password => return LoadError::Password { path: path.into() },
            E::Io(_) | E::Cfb(_) | E::EoStream(_) | E::ContinueRecordTooShort => Damage::Cfb,
            E::WorksheetNotFound(_) => Damage::MissingPart,
            _ => Damage::Unknown,
        };
        LoadError::damaged(path, detail)
    }

    /// What calamine's OpenDocument reader tripped on.
    pub fn from_ods(path: &str, e: &calamine::OdsError) -> LoadError {
        use calamine::OdsError as E;
        let detail = match e {
            E::Password => return LoadError::Password { path: path.into() },
            E::CellLimitExceeded { .. } => return LoadError::ImplausibleSize { path: path.into() },
            E::Io(_) | E::Zip(_) => Damage::Zip,
            E::FileNotFound(_) | E::InvalidMime(_) | E::WorksheetNotFound(_) => Damage::MissingPart,
            E::Xml(_) | E::XmlAttr(_) | E::AttrError(_) | E::EncodingError(_) | E::Eof(_) => Damage::Xml,
            _ => Damage::Unknown,
        };
        LoadError::damaged(path, detail)
    }
}
