//! Load errors in a user's words: each names the file, and the sheet, row and column
//! where they apply. The parser's own message is kept as a detail for the report.

use super::table::SkippedSheet;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: the file was not found")]
    NotFound { path: String },
    #[error("{path}: the folder holds no workbook, CSV or TSV file")]
    EmptyFolder { path: String },
    #[error("{path}: the file cannot be opened: {message}")]
    Io { path: String, message: String },
    #[error("{path}: the file is empty (0 bytes)")]
    Empty { path: String },
    #[error("{path}: this is not a spreadsheet: it is {what}")]
    NotASpreadsheet { path: String, what: String },
    #[error(
        "{path}: the workbook is password protected. Open it in Excel, save a copy without a password, and open that copy"
    )]
    Password { path: String },
    #[error(
        "{path}: the file is damaged or incomplete and cannot be read ({detail}). Download it again or re-save it from Excel"
    )]
    Damaged { path: String, detail: String },
    #[error(
        "{path}: this is an older Excel format (Excel 5.0/95 or earlier) that cannot be read. Re-save it from Excel as .xlsx"
    )]
    OldFormat { path: String },
    #[error(
        "{path}, sheet \"{sheet}\": the sheet holds more than {limit} cells, the limit in force. Filter the download to fewer rows, or raise the limit with --max-cells"
    )]
    TooLarge { path: String, sheet: String, limit: u64 },
    #[error(
        "{path}: the file declares a sheet far larger than any real download (over 100,000,000 cells); it is damaged or crafted and was not read"
    )]
    ImplausibleSize { path: String },
    #[error("{path}: there is no sheet \"{sheet}\" (sheets: {})", sheets.join(", "))]
    SheetNotFound { path: String, sheet: String, sheets: Vec<String> },
    #[error(
        "{path}: no propensity data found. Looked for a header row (in the first 30 rows of each sheet) with a customer, product, fit, intent or cluster column, product column groups such as \"M365 Fit\", or agreement columns (Agreement ID, Agreement End Date, Expiring Revenue). {}",
        describe_skipped(sheets)
    )]
    NoData { path: String, sheets: Vec<SkippedSheet> },
    #[error("no files were given")]
    NoFiles,
}

fn describe_skipped(sheets: &[SkippedSheet]) -> String {
    if sheets.is_empty() {
        return "The file holds no worksheet.".into();
    }
    let parts: Vec<String> = sheets
        .iter()
        .map(|s| {
            if s.headers_seen.is_empty() {
                format!("sheet \"{}\": {}", s.sheet, s.reason)
            } else {
                let mut seen: Vec<&str> = s.headers_seen.iter().map(String::as_str).take(12).collect();
                if s.headers_seen.len() > 12 {
                    seen.push("...");
                }
                format!("sheet \"{}\": headers seen: {}", s.sheet, seen.join(", "))
            }
        })
        .collect();
    format!("Seen: {}.", parts.join("; "))
}

impl LoadError {
    pub fn io(path: &str, e: std::io::Error) -> LoadError {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => return LoadError::NotFound { path: path.into() },
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        LoadError::Io { path: path.into(), message }
    }

    pub fn too_many_cells(path: &str, sheet: &str, limit: u64) -> LoadError {
        LoadError::TooLarge { path: path.into(), sheet: sheet.into(), limit }
    }

    /// Translates a parser's message into words a user understands.
    pub fn from_parser(path: &str, message: &str) -> LoadError {
        let lower = message.to_lowercase();
        if lower.contains("password") || lower.contains("encrypt") {
            LoadError::Password { path: path.into() }
        } else if lower.contains("cell limit exceeded") || lower.contains("too large") {
            LoadError::ImplausibleSize { path: path.into() }
        } else if lower.contains("biff") && (lower.contains("unsupported") || lower.contains("not supported")) {
            LoadError::OldFormat { path: path.into() }
        } else if lower.contains("eocd") || lower.contains("invalid zip") {
            LoadError::Damaged { path: path.into(), detail: "the zip container is broken or cut short".into() }
        } else if lower.contains("not found") || lower.contains("_rels") {
            LoadError::Damaged { path: path.into(), detail: "a part of the workbook is missing".into() }
        } else if lower.contains("cfb") || lower.contains("ole") || lower.contains("sector") {
            LoadError::Damaged {
                path: path.into(),
                detail: "the Excel 97-2003 container is broken or cut short".into(),
            }
        } else if lower.contains("xml") {
            LoadError::Damaged { path: path.into(), detail: "a part of the workbook is not well-formed".into() }
        } else {
            LoadError::Damaged { path: path.into(), detail: "the reader could not make sense of it".into() }
        }
    }
}
