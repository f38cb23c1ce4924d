//! One CloudAscent workbook: read-me, summary and a long "Propensity model" tab.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{Format, XlsxError};
use std::path::Path;

use super::month::*;
use crate::engine::rules::Rules;

/// The 24 columns of the long "Propensity model" tab.
pub const LONG_HEADERS: [&str; 24] = [
    "Customer ID",
    "Account Name",
    "Domain",
    "DUNS Number",
    "Country",
    "Area",
    "Industry",
    "Vertical",
    "Org Size",
    "Azure Potential",
    "SMC Type Summary",
    "Top Unmanaged - Compute Base",
    "Top Unmanaged - User Base",
    "HasAWS",
    "Product",
    "Model",
    "Fit Score",
    "Intent Score",
    "Cluster",
    "Estimated Whitespace Revenue",
    "Agreement ID",
    "Agreement End Date",
    "Expiring Revenue",
    "License Program",
];

const LONG_PRODUCTS: [(&str, &str); 6] = [
    ("Microsoft 365", "Whitespace"),
    ("Azure", "Whitespace"),
    ("Azure", "Azure Next Logical Workload"),
    ("Microsoft 365", "Upsell"),
    ("Dynamics 365 Business Central", "Whitespace"),
    ("Surface", "EOS"),
];

/// Writes one CloudAscent workbook: read-me, summary and a long "Propensity model" tab of
/// about `rows` predictions (or `customers` x products when `rows` is None).
pub fn write_workbook(
    path: &Path,
    opts: &SampleOptions,
    rows: Option<usize>,
    constant_memory: bool,
) -> Result<usize, XlsxError> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let n_customers = match rows {
        Some(r) => r.div_ceil(3).max(1),
        None => opts.customers,
    };
    let all = customers(&mut rng, n_customers);
    let rules = Rules::default();
    let mut drift = Drift::new(opts);
    let mut wb = new_workbook();
    let bold = Format::new().set_bold();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Read me")?;
        ws.write_string_with_format(
            0,
            0,
            "CloudAscent propensity workbook",
            &Format::new().set_bold().set_font_size(14),
        )?;
        let lines = [
            "This workbook lists your SMB customers and prospects with their propensity to buy Microsoft cloud products.",
            "Fit scores are refreshed quarterly, intent scores monthly. Clusters: Act now, Evaluate, Nurture, Educate.",
            "Customer ID is the customer's TPID. Estimated Whitespace Revenue is in USD.",
        ];
        for (i, l) in lines.iter().enumerate() {
            ws.write_string(2 + i as u32, 0, *l)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        ws.write_string_with_format(0, 0, "Summary", &bold)?;
        ws.write_string(2, 0, "SMC customers")?;
        ws.write_number(2, 1, n_customers as f64)?;
        ws.write_string(3, 0, "Recommended targets")?;
        ws.write_string(3, 1, "Act now and Evaluate")?;
    }
    let ws = if constant_memory { wb.add_worksheet_with_constant_memory()? } else { wb.add_worksheet() };
    ws.set_name("Propensity model")?;
    ws.write_string_with_format(0, 0, "Propensity model", &Format::new().set_bold().set_font_size(14))?;
    for (c, h) in LONG_HEADERS.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let target = rows.unwrap_or(usize::MAX);
    let mut row = 3u32;
    let mut written = 0usize;
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    'outer: for (i, c) in all.iter().enumerate() {
        let (country, _, area, _) = COUNTRIES[c.country];
        let (industry, verticals) = INDUSTRIES[c.industry];
        let products = if rows.is_some() { 3 } else { rng.random_range(1..=4) };
        let start = rng.random_range(0..LONG_PRODUCTS.len());
        let has_agreement = i % 4 == 0;
        for k in 0..products {
            if written >= target {
                break 'outer;
            }
            let (product, model) = LONG_PRODUCTS[(start + k) % LONG_PRODUCTS.len()];
            let (fit, intent, label) = scores(&mut rng, c, &rules, &mut drift);
            ws.write_number(row, 0, c.tpid as f64)?;
            ws.write_string(row, 1, &c.name)?;
            ws.write_string(row, 2, &c.domain)?;
            ws.write_string(row, 3, &c.duns)?;
            ws.write_string(row, 4, country)?;
            ws.write_string(row, 5, area)?;
            ws.write_string(row, 6, industry)?;
            ws.write_string(row, 7, verticals[c.vertical])?;
            if i % 7 == 3 {
                ws.write_string(row, 8, org_size_label(c.employees))?;
            } else {
                ws.write_number(row, 8, f64::from(c.employees))?;
            }
            ws.write_number(row, 9, c.azure_potential)?;
            ws.write_string(row, 10, smc_type(c))?;
            ws.write_string(row, 11, yes_no(c.azure_potential > 10_000.0))?;
            ws.write_string(row, 12, yes_no(c.employees >= 300))?;
            ws.write_string(row, 13, yes_no(c.has_aws))?;
            ws.write_string(row, 14, product)?;
            ws.write_string(row, 15, model)?;
            write_score(ws, &mut rng, row, 16, fit)?;
            write_score(ws, &mut rng, row, 17, intent)?;
            ws.write_string(row, 18, &label)?;
            let revenue = ((fit + intent) * rng.random_range(20.0..120.0f64)).round();
            ws.write_number(row, 19, revenue)?;
            if has_agreement {
                let excel_date = excel_date(end_date((i as i64 * 37) % 1095))?;
                ws.write_string(row, 20, format!("A-{}", 80_000_000 + i))?;
                ws.write_datetime_with_format(row, 21, &excel_date, &date_format)?;
                ws.write_number(row, 22, ((i * 7919) % 50_000) as f64 + 0.5)?;
                ws.write_string(row, 23, PROGRAMS[i % PROGRAMS.len()])?;
            }
            row += 1;
            written += 1;
        }
    }
    wb.save(path)?;
    Ok(written)
}
