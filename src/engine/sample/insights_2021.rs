//! The 2021 Insights layout: one xlsx per report (Microsoft 365 with Surface, Azure, Dynamics
//! 365, the agreement renewal report), title rows, spaced headers, Top Unmanaged flags.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

use super::month::*;
use crate::engine::rules::{Cluster, Rules};
use crate::engine::text::group_thousands;

/// The firmographic columns common to the Insights downloads.
pub(super) const COMMON: [&str; 17] = [
    "MPN ID",
    "Partner Name",
    "Customer ID",
    "DUNS Number",
    "Account Name",
    "Domain",
    "Org Size",
    "Industry",
    "Vertical",
    "Area",
    "Subsidiary",
    "City",
    "Country",
    "Segment",
    "SMC Type Summary",
    "Top Unmanaged - Compute Base",
    "Top Unmanaged - User Base",
];

pub(super) fn write_common(ws: &mut Worksheet, rng: &mut ChaCha8Rng, row: u32, c: &Customer) -> Result<(), XlsxError> {
    let (country, subsidiary, area, _) = COUNTRIES[c.country];
    ws.write_number(row, 0, 4_567_890.0)?;
    ws.write_string(row, 1, "Contoso Cloud Partners Ltd")?;
    ws.write_number(row, 2, c.tpid as f64)?;
    ws.write_string(row, 3, &c.duns)?;
    ws.write_string(row, 4, &c.name)?;
    ws.write_string(row, 5, &c.domain)?;
    match rng.random_range(0..100) {
        0..=59 => ws.write_number(row, 6, f64::from(c.employees))?,
        60..=94 => ws.write_string(row, 6, org_size_label(c.employees))?,
        _ => ws, // unknown size: the workbook's SMC Type Summary says what it is
    };
    let (industry, verticals) = INDUSTRIES[c.industry];
    ws.write_string(row, 7, industry)?;
    ws.write_string(row, 8, verticals[c.vertical])?;
    ws.write_string(row, 9, area)?;
    ws.write_string(row, 10, subsidiary)?;
    ws.write_string(row, 11, CITIES[c.country])?;
    // some exports pad the country with a non-breaking space
    if rng.random_bool(0.02) {
        ws.write_string(row, 12, format!("{country}\u{a0}"))?;
    } else {
        ws.write_string(row, 12, country)?;
    }
    ws.write_string(row, 13, "SMB")?;
    ws.write_string(row, 14, smc_type(c))?;
    ws.write_string(row, 15, yes_no(c.azure_potential > 10_000.0))?;
    ws.write_string(row, 16, yes_no(c.employees >= 300))?;
    Ok(())
}

/// Writes the Insights-layout month into `dir`; returns the files written.
// the sample generator reads best as one pass over the reports (exempt, see ARCHITECTURE.md)
#[allow(clippy::too_many_lines)]
pub fn write_insights(dir: &Path, opts: &SampleOptions) -> Result<Vec<PathBuf>, XlsxError> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let all = customers(&mut rng, opts.customers);
    let rules = Rules::default();
    let bold = Format::new().set_bold();
    let mut written = Vec::new();
    let mut drift = Drift::new(opts);
    let gone = drift.gone_customers(all.len(), all.len());
    // rows of customers not yet there are drawn as usual (the month itself stays the same) and
    // written to this sheet, never saved
    let mut scratch = Worksheet::new();

    // Microsoft 365 (with Surface), Azure, Dynamics 365: (file, title, share, extra headers, groups)
    type Report<'a> = (&'a str, &'a str, f64, &'a [&'a str], &'a [&'a str]);
    let reports: [Report<'_>; 3] = [
        (
            "Cloud Ascent - Microsoft 365 propensity report.xlsx",
            "Cloud Ascent - Microsoft 365 propensity report",
            0.85,
            &["IsNonProfit", "Enable Remote Work - Microsoft Teams", "HasGoogle", "M365UpsellCustomer"],
            &["M365Fit", "M365Intent", "M365Cluster", "Surface Fit", "Surface Intent", "Surface Cluster"],
        ),
        (
            "Cloud Ascent - Azure propensity report.xlsx",
            "Cloud Ascent - Azure propensity report",
            0.6,
            &["Azure Potential (USD)", "HasAWS", "AzureUpsellCustomer"],
            &["Azure Fit", "Azure Intent", "Azure Cluster"],
        ),
        (
            "Cloud Ascent - Dynamics 365 propensity report.xlsx",
            "Cloud Ascent - Dynamics 365 propensity report",
            0.4,
            &["IsNonProfit"],
            &["D365BC Fit", "D365BC Intent", "D365BC Cluster", "D365CE Fit", "D365CE Intent", "D365CE Cluster"],
        ),
    ];
    for (file, title, share, extra, groups) in reports {
        let mut wb = new_workbook();
        {
            let ws = wb.add_worksheet();
            ws.set_name("Propensity")?;
            let mut sheet = Sheet { ws, bold: bold.clone() };
            sheet.titles(title)?;
            let headers: Vec<&str> = COMMON.iter().chain(extra.iter()).chain(groups.iter()).copied().collect();
            sheet.headers(3, &headers)?;
            let ws = sheet.ws;
            let mut row = 4u32;
            for (c, from_gone) in all.iter().map(|c| (c, false)).chain(gone.iter().map(|c| (c, true))) {
                let mut own = None;
                let rng = rows_rng(&mut rng, &mut own, c, from_gone);
                if !rng.random_bool(share) {
                    continue;
                }
                let skip = !from_gone && drift.not_yet();
                let ws: &mut Worksheet = if skip { &mut scratch } else { &mut *ws };
                write_common(ws, rng, row, c)?;
                let mut col = COMMON.len() as u16;
                for h in extra {
                    match *h {
                        "IsNonProfit" => ws.write_string(row, col, yes_no(c.nonprofit))?,
                        "Enable Remote Work - Microsoft Teams" => {
                            ws.write_string(row, col, if c.remote_work { "Y" } else { "N" })?
                        }
                        "HasGoogle" => ws.write_string(row, col, yes_no(c.has_google))?,
                        "HasAWS" => ws.write_string(row, col, yes_no(c.has_aws))?,
                        "M365UpsellCustomer" | "AzureUpsellCustomer" => {
                            ws.write_string(row, col, yes_no(rng.random_bool(0.25)))?
                        }
                        "Azure Potential (USD)" => match rng.random_range(0..100) {
                            0..=79 => ws.write_number(row, col, c.azure_potential)?,
                            80..=96 => {
                                ws.write_string(row, col, format!("${}.00", group_thousands(c.azure_potential as u64)))?
                            }
                            _ => ws.write_string(row, col, "-")?,
                        },
                        _ => ws,
                    };
                    col += 1;
                }
                for _ in 0..groups.len() / 3 {
                    // a customer is not scored for every product
                    if rng.random_bool(0.9) {
                        let (fit, intent, label) = scores(rng, c, &rules, &mut drift);
                        write_score(ws, rng, row, col, fit)?;
                        write_score(ws, rng, row, col + 1, intent)?;
                        if !label.is_empty() {
                            ws.write_string(row, col + 2, &label)?;
                        }
                    }
                    col += 3;
                }
                if !skip {
                    row += 1;
                }
            }
            ws.set_freeze_panes(4, 0)?;
        }
        let path = dir.join(file);
        wb.save(&path)?;
        written.push(path);
    }

    // the agreement renewal report
    let mut wb = new_workbook();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Renewals")?;
        let mut sheet = Sheet { ws, bold: bold.clone() };
        sheet.titles("Cloud Ascent - agreement renewal propensity report")?;
        let headers = [
            "Agreement ID",
            "Customer ID",
            "Account Name",
            "Country",
            "Agreement End Date",
            "Expiration Type",
            "Expiring Revenue",
            "License Program",
            "Azure Cluster",
            "Microsoft 365 Cluster",
            "Office 365 Cluster",
        ];
        sheet.headers(3, &headers)?;
        let ws = sheet.ws;
        let date_format = Format::new().set_num_format("yyyy-mm-dd");
        let money = Format::new().set_num_format("#,##0.00");
        let mut row = 4u32;
        let mut agreement = 70_000_000u64;
        for c in &all {
            if !rng.random_bool(0.3) {
                continue;
            }
            for _ in 0..rng.random_range(1..=2) {
                agreement += rng.random_range(1..500);
                // end dates spread over FY26..FY28 so some fall in the current fiscal year
                let excel_date = excel_date(end_date(rng.random_range(0..1095)))?;
                ws.write_string(row, 0, format!("A-{agreement}"))?;
                ws.write_number(row, 1, c.tpid as f64)?;
                ws.write_string(row, 2, &c.name)?;
                ws.write_string(row, 3, COUNTRIES[c.country].0)?;
                ws.write_datetime_with_format(row, 4, &excel_date, &date_format)?;
                ws.write_string(row, 5, ["Term End", "Renewal", "Cancellation"][rng.random_range(0..3)])?;
                let revenue = (rng.random_range(500.0..80_000.0f64) * 100.0).round() / 100.0;
                ws.write_number_with_format(row, 6, revenue, &money)?;
                ws.write_string(row, 7, PROGRAMS[rng.random_range(0..PROGRAMS.len())])?;
                for col in 8..11u16 {
                    if rng.random_bool(0.7) {
                        let label = cluster_label(Cluster::ALL[rng.random_range(0..4)]);
                        ws.write_string(row, col, label)?;
                    }
                }
                row += 1;
            }
        }
        if row > 6 {
            // one error cell, as downloads sometimes carry
            ws.write_string(5, 6, "#N/A")?;
        }
    }
    let path = dir.join("Cloud Ascent - agreement renewal propensity report.xlsx");
    wb.save(&path)?;
    written.push(path);
    Ok(written)
}
