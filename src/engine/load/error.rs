//! Load errors, typed: each names the file, and the sheet where it applies. Their words
//! for people are in `output::messages`.

use super::table::SkippedSheet;
use crate::engine::text::group_thousands;

/// Why files could not be loaded. `Display` is plain English for logs and tests; the words
/// a user reads come from `output::messages`.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: the file was not found")]
    NotFound { path: String },
    #[error("{path}: the folder holds no workbook, CSV or TSV file")]
    EmptyFolder { path: String },
    #[error("{path}: the file cannot be opened: {reason}")]
    Io { path: String, reason: IoReason },
    #[error("{path}: the file is empty (0 bytes)")]
    Empty { path: String },
    #[error("{path}: this is not a spreadsheet: it is {what}")]
    NotASpreadsheet { path: String, what: FileKind },
    #[error(
        "{path}: the workbook is password protected. Open it in Excel, save a copy without a password, and open that copy"
    )]
    Password { path: String },
    #[error(
        "{path}: the file is damaged or incomplete and cannot be read ({detail}). Download it again or re-save it from Excel"
    )]
    Damaged { path: String, detail: Damage },
    #[error(
        "{path}: this is an older Excel format (Excel 5.0/95 or earlier) that cannot be read. Re-save it from Excel as .xlsx"
    )]
    OldFormat { path: String },
    #[error("{path}, sheet \"{sheet}\": the sheet holds more than {} cells, the limit in force. Filter the download to fewer rows, or raise the limit with --max-cells", group_thousands(*limit))]
    TooLarge { path: String, sheet: String, limit: u64 },
    #[error(
        "{path}: the file declares a sheet far larger than any real download (over 100,000,000 cells); it is damaged or crafted and was not read"
    )]
    ImplausibleSize { path: String },
    /// A sheet with more cells the reader could not read than a damaged cell here and there.
    #[error("{path}, sheet \"{sheet}\": more than {} cells cannot be read; the sheet is damaged", group_thousands(*limit as u64))]
    TooManyBadCells { path: String, sheet: String, limit: usize },
    /// A sheet whose cells would take more memory than the budget in force.
    #[error("{path}, sheet \"{sheet}\": its cells would take more than {} of memory, the limit in force. Raise it (--max-memory, or View > Memory limit) or filter the download to fewer rows", size(*limit))]
    OverMemory { path: String, sheet: String, limit: u64 },
    /// A workbook whose shared texts would take more memory than the budget in force.
    #[error("{path}: its texts would take more than {} of memory, the limit in force. Raise it (--max-memory, or View > Memory limit) or filter the download to fewer rows", size(*limit))]
    TextsOverMemory { path: String, limit: u64 },
    /// A file larger than any download ([`super::read`] reads nothing of it).
    #[error("{path}: the file is larger than any download (over {limit_gb} GB); it was not read")]
    FileTooLarge { path: String, limit_gb: u64 },
    #[error("{path}: there is no sheet \"{sheet}\" (sheets: {})", sheets.join(", "))]
    SheetNotFound { path: String, sheet: String, sheets: Vec<String> },
    #[error("{path}: no propensity data found. Looked for a header row (in the first 30 rows of each sheet) with a customer, product, fit, intent or cluster column, product column groups such as \"M365 Fit\", or agreement columns (Agreement ID, Agreement End Date, Expiring Revenue). Sheets: {}", sheets.iter().map(|s| s.sheet.as_str()).collect::<Vec<_>>().join(", "))]
    NoData { path: String, sheets: Vec<SkippedSheet> },
    #[error("no files were given")]
    NoFiles,
    /// Every file found in the folders given held no propensity data: how many, a few of
    /// their names, and why the first did not.
    #[error("none of the {count} files found holds propensity data ({}); the first: {first}", names.join(", "))]
    NoDataInFolder { count: usize, names: Vec<String>, first: Box<LoadError> },
    /// Tables found, with their headers, and not one row under them.
    #[error("{}: the header row is there, but no data row under it", paths.join(", "))]
    NoRows { paths: Vec<String> },
    /// A header mapped by hand (`--map`) that no table of the files has.
    #[error("--map {field}={header}: no table has a column \"{header}\" (columns: {})", headers.join(", "))]
    MappedHeaderMissing { field: String, header: String, headers: Vec<String> },
    #[error("{path}: a month of the library cannot be read ({detail}); remove the month and add its files again")]
    StoredDamaged { path: String, detail: StoredDamage },
}

/// Why a table kept in the library cannot be read back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoredDamage {
    #[error("the Parquet reader says: {0}")]
    Unreadable(String),
    #[error("its manifest says {expected} rows, the file holds {found}")]
    Rows { expected: usize, found: usize },
    #[error("its manifest says {expected} columns, the file holds {found}")]
    Columns { expected: usize, found: usize },
    #[error("its headers no longer make a table")]
    NoTable,
}

/// Why a file could not be opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IoReason {
    #[error("permission denied")]
    PermissionDenied,
    /// The system's own message (it speaks the system's language).
    #[error("{0}")]
    System(String),
}

/// What a file that is not a spreadsheet is instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileKind {
    #[error("a PNG image")]
    Png,
    #[error("a PDF document")]
    Pdf,
    #[error("a JPEG image")]
    Jpeg,
    #[error("a GIF image")]
    Gif,
    #[error("a gzip archive")]
    Gzip,
    /// Text under a workbook's name (a CSV saved as .xlsx).
    #[error("a text file (perhaps a CSV saved with a workbook's name; rename it to .csv)")]
    TextAsWorkbook,
    /// Neither a workbook nor text.
    #[error("neither a workbook nor text")]
    Binary,
    /// A device, a named pipe or a socket: never read, it may not end.
    #[error("a device, a pipe or a socket, not a file")]
    Special,
    #[error("not a format Ascent Viewer reads")]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    #[error("the zip container is broken or cut short")]
    Zip,
    #[error("a part of the workbook is missing")]
    MissingPart,
    #[error("the Excel 97-2003 container is broken or cut short")]
    Cfb,
    #[error("a part of the workbook is not well-formed")]
    Xml,
    /// The reader stopped (a parser panic caught).
    #[error("the reader stopped on an inconsistency in the file")]
    Inconsistent,
    #[error("the reader could not make sense of it")]
    Unknown,
    /// Undecodable text at this line of a CSV.
    #[error("unreadable text at line {0}")]
    TextLine(u64),
    /// A part of the zip declares a size deflate cannot reach from its compressed bytes.
    #[error("a part of the zip declares a size its compressed bytes cannot give")]
    ImpossibleSize,
    /// The shared strings declare more strings than their part can hold.
    #[error("its shared strings declare more strings than their part can hold")]
    StringCount,
    /// Two sheets of the workbook are one and the same part.
    #[error("two of its sheets are one and the same part")]
    SharedSheetPart,
    /// An Excel 97-2003 sheet declares rows or columns past the format's limits.
    #[error("a sheet declares rows or columns past the format's limits")]
    Dimensions,
    /// A quote opened at this line of a CSV never closes.
    #[error(
        "a quote opened at line {0} never closes, so everything after it would read as one cell. Close or remove that quote and open the file again"
    )]
    OpenQuote(u64),
    /// A text (or a gap between cells) far longer than Excel's 32,767 characters.
    #[error("it holds a text (or a gap between cells) far longer than Excel's 32,767 characters")]
    CellTooLong,
    /// More shared strings than any download holds (over a gigabyte once read).
    #[error("its texts would take more than a gigabyte of memory, far more than any download")]
    TooManyStrings,
    /// A CSV line far longer than any download's, at this line.
    #[error("line {0} is longer than any download's (over 16 MB)")]
    LongLine(u64),
    /// Data past Excel's last row (1,048,576), which would be lost.
    #[error("it holds data past Excel's last row (1,048,576), which would be lost; split it into several files")]
    RowsPastLimit,
}

impl LoadError {
    pub fn io(path: &str, e: std::io::Error) -> LoadError {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => return LoadError::NotFound { path: path.into() },
            std::io::ErrorKind::PermissionDenied => IoReason::PermissionDenied,
            _ => IoReason::System(e.to_string()),
        };
        LoadError::Io { path: path.into(), reason }
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

/// A memory size in English: "4 GB", "512 MB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{} GB", group_thousands(b >> 30)),
        b if b >= 1 << 20 => format!("{} MB", group_thousands(b >> 20)),
        b if b >= 1 << 10 => format!("{} KB", group_thousands(b >> 10)),
        b => format!("{} bytes", group_thousands(b)),
    }
}
