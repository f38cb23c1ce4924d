//! Target-list exports: the filtered predictions with their source columns and the
//! computed ones, a Summary sheet and a Rules sheet, written with rust_xlsxwriter (or as
//! CSV) to a temporary file in the target folder and renamed into place. The source
//! file is never written.

mod accounts;
mod cell;
mod columns;
mod csv;
mod rules_sheet;
mod summary_sheet;
mod targets;
mod write;

pub use accounts::CrmPreset;
pub(crate) use columns::number_width;
pub(crate) use columns::{Columns, Formats, Labels, safe_sheet_name};
pub use rules_sheet::describe_filter;
pub(crate) use rules_sheet::write_rules;
pub(crate) use summary_sheet::light_rgb as light_cluster_rgb;
pub use summary_sheet::{cluster_rgb, segment_rgb};
pub use write::{ExportError, ExportFormat, ExportOptions, ExportOutcome, SplitBy};
pub(crate) use write::{check_target, folder_error, put_in_place, save_workbook, stage};

use accounts::{sheet_columns, write_accounts_csv, write_accounts_sheet};
use csv::write_csv;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use std::path::Path;
use summary_sheet::write_summary;
use targets::write_targets;
use write::io_words;

use crate::engine::Session;
use crate::engine::accounts::Accounts;
use crate::engine::filter::Filter;
use crate::engine::query;
use crate::engine::staging::{self};
use crate::engine::summary::{Selection, Summary};
use crate::engine::view::TableLines;
use crate::output::i18n::tr;

/// Writes the target list of `rows` (prediction indices, as a filter gives them): one
/// line per prediction, or per customer ([`TableLines::Accounts`], in `opts.account_order`).
pub fn export(
    session: &Session,
    filter: &Filter,
    rows: &[u32],
    out: &Path,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportOutcome, ExportError> {
    let accounts = (opts.lines == TableLines::Accounts || opts.crm.is_some()).then(|| {
        let accounts = Accounts::new(&session.data, &session.derived, filter, rows);
        // a CRM's call list comes by priority unless an order is given
        let order = match (opts.account_order, opts.crm) {
            (None, Some(_)) => query::accounts_by_priority(session, &accounts),
            (order, _) => query::order_accounts(session, &accounts, order),
        };
        (accounts, order)
    });
    if opts.split_by.is_some() {
        if accounts.is_some() {
            return Err(ExportError::SplitNeedsPredictions);
        }
        if opts.format == ExportFormat::Csv {
            return Err(ExportError::SplitNeedsXlsx);
        }
    }
    if opts.crm.is_some() && ExportFormat::named_by(out) == Some(ExportFormat::Xlsx) {
        return Err(ExportError::CrmNeedsCsv { out: out.display().to_string() });
    }
    let dir = check_target(&session.data, out, opts.force)?;
    let staged = stage(&dir)?;
    let csv_error = |e: std::io::Error| {
        if staging::is_no_space(&e) {
            ExportError::NoSpace { dir: dir.display().to_string() }
        } else {
            ExportError::Write { out: out.display().to_string(), message: io_words(&e) }
        }
    };
    let mut sheets = Vec::new();
    // a CRM preset is always CSV
    let account_csv = match (opts.crm, opts.format) {
        (Some(crm), _) => Some(crm.columns()),
        (None, ExportFormat::Csv) => Some(sheet_columns(session)),
        (None, ExportFormat::Xlsx) => None,
    };
    if let (Some(accounts), Some(columns)) = (&accounts, &account_csv) {
        write_accounts_csv(session, (&accounts.0, &accounts.1), columns, staged.file(), progress).map_err(csv_error)?;
    } else if opts.format == ExportFormat::Csv {
        write_csv(session, rows, staged.file(), progress).map_err(csv_error)?;
    } else {
        let lines = accounts.as_ref().map_or(Lines::Predictions(opts.split_by), |(a, order)| Lines::Accounts(a, order));
        let build = || build_workbook(session, filter, rows, lines, progress);
        let mut wb = save_workbook(build, &staged, &dir, out)?;
        sheets = wb.worksheets().iter().map(|w| w.name()).collect();
    }
    put_in_place(staged, &dir, out, opts.force)?;
    let rows = accounts.as_ref().map_or(rows.len(), |(a, _)| a.len());
    let lines = if accounts.is_some() { TableLines::Accounts } else { TableLines::Predictions };
    Ok(ExportOutcome { path: out.to_path_buf(), rows, lines, sheets })
}

/// The list sheets written through files of their own (see [`build_workbook`]).
const CONSTANT_MEMORY_SHEETS: usize = 200;

/// What the workbook's list sheets hold.
#[derive(Clone, Copy)]
pub(crate) enum Lines<'a> {
    /// Targets sheets, one per value of the split where there is one.
    Predictions(Option<SplitBy>),
    /// The accounts, and their lines in order.
    Accounts(&'a Accounts, &'a [u32]),
}

pub(crate) fn build_workbook(
    session: &Session,
    filter: &Filter,
    rows: &[u32],
    lines: Lines<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Workbook, XlsxError> {
    let ds = &session.data;
    let cols = Columns::plan(ds);
    let labels = Labels::new();
    let formats = Formats::new();
    let mut wb = Workbook::new();
    let description = describe_filter(filter);
    wb.set_properties(
        &DocProperties::new()
            .set_title(tr("export.title"))
            .set_subject(&description)
            .set_author(format!("Ascent Viewer {}", env!("CARGO_PKG_VERSION")))
            .set_comment(format!(
                "{} {}",
                tr("export.rules_in_force"),
                crate::output::i18n::rules_name(&session.derived.rules)
            )),
    );
    let mut taken: Vec<String> = vec![tr("export.sheet.summary"), tr("export.sheet.rules")];
    let total = rows.len();
    let groups: Vec<(String, Vec<u32>)> = match lines {
        Lines::Predictions(None) => vec![(tr("export.sheet.targets"), rows.to_vec())],
        Lines::Predictions(Some(by)) => split_rows(session, rows, by, &labels),
        Lines::Accounts(accounts, order) => {
            let ws = wb.add_worksheet_with_constant_memory()?;
            ws.set_name(safe_sheet_name(&tr("export.sheet.accounts"), &taken))?;
            write_accounts_sheet(ws, session, (accounts, order), &formats, &mut |n| progress(n, accounts.len()))?;
            Vec::new()
        }
    };
    let mut done = 0;
    for (k, (name, group_rows)) in groups.iter().enumerate() {
        let sheet_name = safe_sheet_name(name, &taken);
        taken.push(sheet_name.clone());
        // a constant-memory sheet holds a file open until the workbook is saved: past a few
        // hundred (a split by 1,100 products) they would pass the usual limit of 1,024
        let ws = if k < CONSTANT_MEMORY_SHEETS { wb.add_worksheet_with_constant_memory()? } else { wb.add_worksheet() };
        ws.set_name(&sheet_name)?;
        write_targets(ws, session, &cols, &labels, &formats, group_rows, &mut |n| progress(done + n, total))?;
        done += group_rows.len();
    }
    let filtered =
        Summary::compute(ds, &session.derived, if filter.is_empty() { Selection::All } else { Selection::Rows(rows) });
    let whole = Summary::compute(ds, &session.derived, Selection::All);
    let summary_name = tr("export.sheet.summary");
    let ws = wb.add_worksheet();
    ws.set_name(&summary_name)?;
    write_summary(ws, &summary_name, session, &filtered, &whole, &labels, &formats, &description)?;
    let ws = wb.add_worksheet();
    ws.set_name(tr("export.sheet.rules"))?;
    // the lines of the list: accounts, or predictions
    let exported = match lines {
        Lines::Accounts(accounts, _) => accounts.len(),
        Lines::Predictions(_) => rows.len(),
    };
    write_rules(ws, session, &description, exported, &formats)?;
    progress(total, total);
    Ok(wb)
}

/// The Targets sheets of a split: each value's name and its rows (see `query::split`).
pub(crate) fn split_rows(session: &Session, rows: &[u32], by: SplitBy, labels: &Labels) -> Vec<(String, Vec<u32>)> {
    let mut groups: Vec<(String, Vec<u32>)> = query::split(session, rows, by)
        .into_iter()
        .map(|(value, rows)| {
            let name = match by {
                SplitBy::Cluster => labels.clusters[value as usize].clone(),
                SplitBy::Segment => labels.segments[value as usize].clone(),
                SplitBy::Product => match session.data.products.name(value) {
                    "" => tr("export.no_product"),
                    name => name.to_string(),
                },
            };
            (name, rows)
        })
        .collect();
    if groups.is_empty() {
        groups.push((tr("export.sheet.targets"), Vec::new()));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::csv::looks_like_formula;
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(safe_sheet_name("Act now", &[]), "Act now");
        assert_eq!(safe_sheet_name("a/b:c*d?[e]\\f", &[]), "a_b_c_d__e__f");
        let long = "Dynamics 365 Finance and Operations (whitespace)";
        assert_eq!(safe_sheet_name(long, &[]).chars().count(), 31);
        assert_eq!(safe_sheet_name("Summary", &["Summary".into()]), "Summary (2)");
        assert_eq!(safe_sheet_name("", &[]), "Sheet");
        let taken = vec![safe_sheet_name(long, &[])];
        let second = safe_sheet_name(long, &taken);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)"));
    }

    #[test]
    fn formula_text_is_recognised() {
        assert!(looks_like_formula("=SUM(1,2)"));
        assert!(looks_like_formula("+33 1 23"));
        assert!(looks_like_formula("-x"));
        assert!(looks_like_formula("@A1"));
        assert!(!looks_like_formula("Contoso"));
    }
}
