//! Accounts exports: the Accounts sheet (one line per customer of the filter), the same
//! columns as CSV, and the CSV presets a CRM's import wizard maps without manual work.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cell::excel_text;
use super::columns::{Formats, number_width};
use super::csv::{csv_text, csv_writer, to_io};
use super::targets::MAX_WIDTH;
use crate::engine::Session;
use crate::engine::accounts::Accounts;
use crate::engine::rules::ClusterKey;
use crate::output::accounts::{AccountColumn, AccountValue};

/// A CRM whose account import the CSV is shaped for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CrmPreset {
    Dynamics365,
    Salesforce,
    Hubspot,
}

impl CrmPreset {
    pub const ALL: [CrmPreset; 3] = [CrmPreset::Dynamics365, CrmPreset::Salesforce, CrmPreset::Hubspot];

    /// The stable name (`--crm dynamics365`, the settings file).
    pub fn key(self) -> &'static str {
        match self {
            CrmPreset::Dynamics365 => "dynamics365",
            CrmPreset::Salesforce => "salesforce",
            CrmPreset::Hubspot => "hubspot",
        }
    }

    /// The product's own name, in every language.
    pub fn name(self) -> &'static str {
        match self {
            CrmPreset::Dynamics365 => "Dynamics 365",
            CrmPreset::Salesforce => "Salesforce",
            CrmPreset::Hubspot => "HubSpot",
        }
    }

    /// The CRM's standard fields for an account (a company in HubSpot), as its import
    /// wizard names them: never translated.
    pub fn standard_columns(self) -> [(&'static str, AccountColumn); 8] {
        use AccountColumn as A;
        match self {
            CrmPreset::Dynamics365 => [
                ("Account Name", A::Name),
                ("Website", A::Website),
                ("Address 1: City", A::City),
                ("Address 1: State/Province", A::State),
                ("Address 1: ZIP/Postal Code", A::PostalCode),
                ("Address 1: Country/Region", A::Country),
                ("Number of Employees", A::Employees),
                ("Description", A::Description),
            ],
            CrmPreset::Salesforce => [
                ("Account Name", A::Name),
                ("Website", A::Website),
                ("Billing City", A::City),
                ("Billing State/Province", A::State),
                ("Billing Zip/Postal Code", A::PostalCode),
                ("Billing Country", A::Country),
                ("Employees", A::Employees),
                ("Description", A::Description),
            ],
            CrmPreset::Hubspot => [
                ("Company name", A::Name),
                // HubSpot de-duplicates companies by their bare host
                ("Company Domain Name", A::Host),
                ("City", A::City),
                ("State/Region", A::State),
                ("Postal Code", A::PostalCode),
                ("Country/Region", A::Country),
                ("Number of Employees", A::Employees),
                ("Description", A::Description),
            ],
        }
    }

    /// Every column of the preset: the standard fields, then the propensity columns a user
    /// maps to custom fields once (headers in English in every language, as the mapping
    /// saved in the CRM expects them).
    pub fn columns(self) -> Vec<(String, AccountColumn)> {
        let mut columns: Vec<(String, AccountColumn)> =
            self.standard_columns().iter().map(|(h, c)| ((*h).to_string(), *c)).collect();
        columns.extend(CRM_EXTRA.iter().map(|(h, c)| ((*h).to_string(), *c)));
        columns
    }
}

/// The propensity columns after a CRM's standard fields, with their fixed headers.
const CRM_EXTRA: [(&str, AccountColumn); 7] = [
    ("Customer ID", AccountColumn::CustomerId),
    ("Best cluster", AccountColumn::BestCluster),
    ("Act now products", AccountColumn::Products(ClusterKey::ActNow)),
    ("Evaluate products", AccountColumn::Products(ClusterKey::Evaluate)),
    ("Segment", AccountColumn::Segment),
    ("Expiring revenue", AccountColumn::ExpiringRevenue),
    ("Source month", AccountColumn::SourceMonth),
];

/// The Accounts sheet's columns with their headers: the months before's columns too where
/// the session knows them.
pub(crate) fn sheet_columns(session: &Session) -> Vec<(String, AccountColumn)> {
    let history: &[AccountColumn] = if session.derived.history.is_some() { &AccountColumn::HISTORY } else { &[] };
    AccountColumn::SHEET.iter().chain(history).map(|c| (c.header(), *c)).collect()
}

pub(crate) fn write_accounts_sheet(
    ws: &mut Worksheet,
    session: &Session,
    (accounts, order): (&Accounts, &[u32]),
    formats: &Formats,
    progress: &mut dyn FnMut(usize),
) -> Result<(), XlsxError> {
    let columns = sheet_columns(session);
    let mut widths: Vec<usize> = columns.iter().map(|(h, _)| h.chars().count() + 2).collect();
    for (c, (header, _)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, header, &formats.header)?;
    }
    for (n, line) in order.iter().map(|&k| &accounts.lines[k as usize]).enumerate() {
        let r = n as u32 + 1;
        for (c, (_, column)) in columns.iter().enumerate() {
            let col = c as u16;
            match column.value(session, accounts, line) {
                AccountValue::Empty => {}
                AccountValue::Text(s) => {
                    ws.write_string(r, col, excel_text(&s))?;
                    widths[c] = widths[c].max(s.chars().count());
                }
                AccountValue::Number(v) => {
                    ws.write_number(r, col, v)?;
                    widths[c] = widths[c].max(number_width(v));
                }
                AccountValue::Money(v) => {
                    ws.write_number_with_format(r, col, v, &formats.money)?;
                    widths[c] = widths[c].max(number_width(v) + 4);
                }
            }
        }
        if n % 10_000 == 0 {
            progress(n);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).min(MAX_WIDTH) as f64 + 1.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, accounts.len().max(1) as u32, (columns.len() - 1) as u16)?;
    Ok(())
}

/// Writes `columns` of every account as UTF-8 CSV with a BOM and CRLF line ends, every
/// text that a spreadsheet would take for a formula defused.
pub(crate) fn write_accounts_csv(
    session: &Session,
    (accounts, order): (&Accounts, &[u32]),
    columns: &[(String, AccountColumn)],
    file: &std::fs::File,
    progress: &mut dyn FnMut(usize, usize),
) -> std::io::Result<()> {
    let mut w = csv_writer(file)?;
    let safe = |text: String| csv_text(&text);
    w.write_record(columns.iter().map(|(h, _)| safe(h.clone()))).map_err(to_io)?;
    let total = accounts.len();
    for (n, line) in order.iter().map(|&k| &accounts.lines[k as usize]).enumerate() {
        let record = columns.iter().map(|(_, c)| match c.value(session, accounts, line) {
            AccountValue::Text(s) => safe(s),
            other => other.plain(),
        });
        w.write_record(record).map_err(to_io)?;
        if n % 10_000 == 0 {
            progress(n, total);
        }
    }
    w.flush()?;
    progress(total, total);
    Ok(())
}
