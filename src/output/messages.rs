//! The engine's typed errors and problems in the words of the language in force: what the
//! app shows and the command line prints. (Their `Display` is plain English, for logs.)

use crate::engine::load::error::{Damage, FileKind, IoReason, LoadError, StoredDamage};
use crate::engine::load::table::{SkipReason, SkippedSheet};
use crate::engine::rules::{RuleProblem, RulesError};
use crate::output::i18n::{self, t, tr};

/// Something the engine reports that a person reads.
pub trait Words {
    /// The message in the language in force.
    fn words(&self) -> String;
}

impl Words for LoadError {
    fn words(&self) -> String {
        match self {
            LoadError::NotFound { path } => t!("error.not_found", path = path).into_owned(),
            LoadError::EmptyFolder { path } => t!("error.empty_folder", path = path).into_owned(),
            LoadError::Io { path, reason } => t!("error.io", path = path, message = reason.words()).into_owned(),
            LoadError::Empty { path } => t!("error.empty", path = path).into_owned(),
            LoadError::NotASpreadsheet { path, what } => {
                t!("error.not_a_spreadsheet", path = path, what = what.words()).into_owned()
            }
            LoadError::Password { path } => t!("error.password", path = path).into_owned(),
            LoadError::Damaged { path, detail } => {
                t!("error.damaged", path = path, detail = detail.words()).into_owned()
            }
            LoadError::OldFormat { path } => t!("error.old_format", path = path).into_owned(),
            LoadError::TooManyBadCells { path, sheet, limit } => {
                t!("error.too_many_bad_cells", path = path, sheet = sheet, limit = i18n::format_count(*limit))
                    .into_owned()
            }
            LoadError::OverMemory { path, sheet, limit } => {
                t!("error.over_memory", path = path, sheet = sheet, limit = i18n::format_bytes(*limit)).into_owned()
            }
            LoadError::TextsOverMemory { path, limit } => {
                t!("error.texts_over_memory", path = path, limit = i18n::format_bytes(*limit)).into_owned()
            }
            LoadError::FileTooLarge { path, limit_gb } => {
                t!("error.file_too_large", path = path, limit = limit_gb).into_owned()
            }
            LoadError::TooLarge { path, sheet, limit } => {
                t!("error.too_large", path = path, sheet = sheet, limit = i18n::format_count(*limit as usize))
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
            LoadError::NoRows { paths } => t!("error.no_rows", paths = paths.join(", ")).into_owned(),
            LoadError::NoDataInFolder { count, names, first } => {
                let more = if *count > names.len() { "…" } else { "" };
                let names = format!("{}{more}", names.join(", "));
                t!("error.no_data_in_folder", count = count, names = names, first = first.words()).into_owned()
            }
            LoadError::MappedHeaderMissing { field, header, headers } => {
                t!("error.mapped_header_missing", field = field, header = header, headers = headers.join(", "))
                    .into_owned()
            }
            LoadError::StoredDamaged { path, detail } => {
                t!("error.stored_damaged", path = path, detail = detail.words()).into_owned()
            }
        }
    }
}

impl Words for StoredDamage {
    fn words(&self) -> String {
        match self {
            StoredDamage::Unreadable(message) => t!("error.stored.unreadable", message = message).into_owned(),
            StoredDamage::Rows { expected, found } => {
                t!("error.stored.rows", expected = i18n::format_count(*expected), found = i18n::format_count(*found))
                    .into_owned()
            }
            StoredDamage::Columns { expected, found } => {
                t!("error.stored.columns", expected = i18n::format_count(*expected), found = i18n::format_count(*found))
                    .into_owned()
            }
            StoredDamage::NoTable => tr("error.stored.no_table"),
        }
    }
}

impl Words for IoReason {
    fn words(&self) -> String {
        match self {
            IoReason::PermissionDenied => tr("error.permission_denied"),
            IoReason::System(message) => message.clone(),
        }
    }
}

impl Words for FileKind {
    fn words(&self) -> String {
        tr(&format!("error.kind.{}", self.key()))
    }
}

impl Words for Damage {
    fn words(&self) -> String {
        match *self {
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

impl Words for SkippedSheet {
    /// Why the sheet was skipped.
    fn words(&self) -> String {
        tr(match self.reason {
            SkipReason::NoHeader => "error.skip.no_header",
            SkipReason::Empty => "error.skip.empty",
        })
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
                t!("error.sheet_reason", sheet = s.sheet.clone(), reason = s.words()).into_owned()
            } else {
                let mut seen: Vec<&str> = s.headers_seen.iter().map(String::as_str).take(12).collect();
                let more;
                if s.headers_seen.len() > 12 {
                    more = t!("error.more_headers", count = s.headers_seen.len() - 12).into_owned();
                    seen.push(&more);
                }
                t!("error.sheet_headers_seen", sheet = s.sheet.clone(), headers = seen.join(", ")).into_owned()
            }
        })
        .collect();
    t!("error.seen", parts = parts.join("; ")).into_owned()
}

impl Words for RulesError {
    fn words(&self) -> String {
        match self {
            RulesError::Read { path, source } => {
                t!("error.rules.read", path = path, error = source.words()).into_owned()
            }
            RulesError::Parse { path, message } => {
                t!("error.rules.invalid", path = path, message = message).into_owned()
            }
            RulesError::Invalid { path, problem } => {
                t!("error.rules.invalid", path = path, message = problem.words()).into_owned()
            }
        }
    }
}

impl Words for RuleProblem {
    fn words(&self) -> String {
        match *self {
            RuleProblem::BandRange => tr("error.rules.band_range"),
            RuleProblem::BandOrder { high, medium, low } => {
                t!("error.rules.band_order", high = high, medium = medium, low = low).into_owned()
            }
            RuleProblem::AzureThreshold => tr("error.rules.azure"),
            RuleProblem::EmployeeOrder { user, mid } => {
                t!("error.rules.employee_order", user = user, mid = mid).into_owned()
            }
        }
    }
}

impl Words for crate::engine::derive::FiscalYear {
    /// "FY27" / "AF27".
    fn words(&self) -> String {
        t!("fiscal_year.short", yy = self.two_digits()).into_owned()
    }
}

impl Words for crate::engine::query::SortError {
    fn words(&self) -> String {
        use crate::engine::query::AccountColumn;
        use crate::engine::query::SortError;
        match self {
            SortError::Empty => tr("cli.sort_empty"),
            SortError::NotAnAccountColumn { name } => {
                let names: Vec<String> = AccountColumn::NAMED.iter().map(|c| c.key().into_owned()).collect();
                t!("cli.sort_not_an_account_column", name = name, columns = names.join(", ")).into_owned()
            }
        }
    }
}

impl Words for crate::engine::text::SmallFileError {
    fn words(&self) -> String {
        use crate::engine::text::SmallFileError;
        match self {
            SmallFileError::NotAFile => tr("error.small_file.not_a_file"),
            SmallFileError::TooLarge { limit } => {
                t!("error.small_file.too_large", limit = crate::output::i18n::format_bytes(*limit)).into_owned()
            }
            SmallFileError::Io(e) => e.to_string(),
        }
    }
}

impl Words for crate::engine::columns::WhereError {
    fn words(&self) -> String {
        use crate::engine::columns::WhereError;
        match self {
            WhereError::Syntax(text) => t!("cli.where_syntax", condition = text).into_owned(),
            WhereError::NoColumn { column, files, columns } => {
                t!("cli.where_no_column", column = column, files = files, columns = columns.join(", ")).into_owned()
            }
            WhereError::NotANumber { condition, value } => {
                t!("cli.where_not_a_number", condition = condition, value = value).into_owned()
            }
            WhereError::UnknownOperator { condition, operator } => {
                t!("cli.where_unknown_operator", condition = condition, operator = operator).into_owned()
            }
        }
    }
}

impl Words for crate::engine::load::report::OpenRule {
    /// Which rule said an agreement is open.
    fn words(&self) -> String {
        use crate::engine::load::report::OpenRule;
        tr(match self {
            OpenRule::LicenseProgram => "report.open_rule.license_program",
            OpenRule::AgreementStatus => "report.open_rule.agreement_status",
            OpenRule::NoColumn => "report.open_rule.no_column",
        })
    }
}
