//! A realistic, deterministic month of CloudAscent downloads for one partner: today's
//! Insights layout (2023 data definitions: five TSV files, see [`insights_2023`]), the 2021
//! Insights layout (Microsoft 365, Azure and Dynamics 365 workbooks and the agreement
//! renewal report) or one CloudAscent workbook (long "Propensity model" tab). Messy on
//! purpose: title rows, numbers as text, size bands, placeholders, an error cell.

mod insights_2023;
pub use insights_2023::write_insights_2023;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

use super::rules::{Band, MatrixCell, Rules};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Today's downloads (2023 data definitions): TSV files with machine headers.
    Insights2023,
    /// The 2021 downloads: one xlsx per report, spaced headers, title rows.
    Insights2021,
    Workbook,
}

#[derive(Clone, Debug)]
pub struct SampleOptions {
    pub layout: Layout,
    pub customers: usize,
    pub seed: u64,
    /// 0: the month itself; 1: the month before (the same customers, scores drifted, some
    /// customers not yet there and some since gone), and so on.
    pub months_before: u32,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions { layout: Layout::Insights2023, customers: 2000, seed: 2026, months_before: 0 }
    }
}

const PREFIXES: [&str; 24] = [
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Adventure",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Lucerne",
    "Woodgrove",
    "Alpine",
    "Coho",
    "Fourth Coffee",
    "Margie's",
    "Trey",
    "Wide World",
    "Blue Yonder",
    "Datum",
    "Humongous",
    "Relecloud",
    "Southridge",
    "Graphic Design",
    "VanArsdel",
    "Bellows",
];
const SUFFIXES: [&str; 16] = [
    "Ltd",
    "GmbH",
    "SARL",
    "Inc",
    "LLC",
    "Group",
    "Partners",
    "Solutions",
    "Consulting",
    "Logistics",
    "Foods",
    "Travel",
    "Clinic",
    "Studios",
    "Systems",
    "Bank",
];
const COUNTRIES: [(&str, &str, &str, u32); 10] = [
    ("United States", "United States", "Americas", 30),
    ("United Kingdom", "UK", "Western Europe", 12),
    ("France", "France", "Western Europe", 14),
    ("Germany", "Germany", "Western Europe", 12),
    ("Canada", "Canada", "Americas", 7),
    ("Netherlands", "Netherlands", "Western Europe", 5),
    ("Spain", "Spain", "Western Europe", 5),
    ("Belgium", "Belgium", "Western Europe", 4),
    ("Australia", "Australia", "Asia Pacific", 6),
    ("Japan", "Japan", "Asia Pacific", 5),
];
const CITIES: [&str; 10] =
    ["Seattle", "London", "Paris", "Berlin", "Toronto", "Amsterdam", "Madrid", "Brussels", "Sydney", "Tokyo"];
const INDUSTRIES: [(&str, [&str; 2]); 8] = [
    ("Retail & Consumer Goods", ["Retailers", "Consumer Goods"]),
    ("Manufacturing", ["Discrete Manufacturing", "Process Manufacturing"]),
    ("Health", ["Health Provider", "Health Payor"]),
    ("Financial Services", ["Banking", "Insurance"]),
    ("Professional Services", ["Legal", "Accounting"]),
    ("Media & Communications", ["Media & Entertainment", "Telecommunications"]),
    ("Education", ["Higher Education", "Primary & Secondary Edu"]),
    ("Hospitality & Travel", ["Travel & Transportation", "Hotels & Leisure"]),
];
const PROGRAMS: [&str; 6] =
    ["Open Value", "CSP", "Enterprise Agreement", "Open License", "MPSA", "Open Value Subscription"];

/// One generated customer.
struct Customer {
    tpid: u64,
    duns: String,
    name: String,
    domain: String,
    country: usize,
    industry: usize,
    vertical: usize,
    employees: u32,
    azure_potential: f64,
    has_aws: bool,
    has_google: bool,
    remote_work: bool,
    nonprofit: bool,
}

/// How an earlier month differs from the month itself. Its draws come from its own
/// generator, so the month itself (months_before = 0) is drawn exactly as without it.
struct Drift {
    rng: ChaCha8Rng,
    months: u32,
}

impl Drift {
    fn new(opts: &SampleOptions) -> Drift {
        Drift {
            rng: ChaCha8Rng::seed_from_u64(opts.seed ^ (0x9E37_79B9 * u64::from(opts.months_before))),
            months: opts.months_before,
        }
    }

    /// The scores a month earlier: intent moves monthly, fit quarterly.
    fn scores(&mut self, fit: f64, intent: f64) -> (f64, f64) {
        if self.months == 0 {
            return (fit, intent);
        }
        let intent = if self.rng.random_bool(0.45) {
            (intent + self.rng.random_range(-30.0..30.0f64)).clamp(0.0, 100.0).round()
        } else {
            intent
        };
        let fit = if self.rng.random_bool(0.12) {
            (fit + self.rng.random_range(-12.0..12.0f64)).clamp(0.0, 100.0).round()
        } else {
            fit
        };
        (fit, intent)
    }

    /// A customer of this month not yet in the earlier one.
    fn not_yet(&mut self) -> bool {
        self.months > 0 && self.rng.random_bool(0.03)
    }

    /// Customers of the earlier month gone since.
    fn gone_customers(&mut self, first: usize, n: usize) -> Vec<Customer> {
        if self.months == 0 { Vec::new() } else { customers_from(&mut self.rng, first, n / 40) }
    }
}

fn customers(rng: &mut ChaCha8Rng, n: usize) -> Vec<Customer> {
    customers_from(rng, 0, n)
}

/// `n` customers, numbered from `first` + 1 in their names.
fn customers_from(rng: &mut ChaCha8Rng, first: usize, n: usize) -> Vec<Customer> {
    let total_weight: u32 = COUNTRIES.iter().map(|c| c.3).sum();
    (0..n)
        .map(|i| {
            let mut pick = rng.random_range(0..total_weight);
            let mut country = 0;
            for (ci, c) in COUNTRIES.iter().enumerate() {
                if pick < c.3 {
                    country = ci;
                    break;
                }
                pick -= c.3;
            }
            let prefix = PREFIXES[rng.random_range(0..PREFIXES.len())];
            let suffix = SUFFIXES[rng.random_range(0..SUFFIXES.len())];
            let i = first + i;
            let name = format!("{prefix} {suffix} {}", i + 1);
            let domain = format!(
                "{}{}.{}",
                prefix.to_lowercase().replace([' ', '\''], ""),
                i + 1,
                ["com", "co.uk", "fr", "de", "ca", "nl", "es", "be", "com.au", "jp"][country]
            );
            // SMB sizes: mostly small, some mid-size, a tail of large ones
            let employees = match rng.random_range(0..100) {
                0..=44 => rng.random_range(1..25),
                45..=84 => rng.random_range(25..300),
                _ => rng.random_range(300..5000),
            };
            let azure_potential = if rng.random_bool(0.3) {
                (rng.random_range(500.0..60_000.0f64) / 10.0).round() * 10.0
            } else {
                (rng.random_range(0.0..9_000.0f64) / 10.0).round() * 10.0
            };
            let industry = rng.random_range(0..INDUSTRIES.len());
            Customer {
                tpid: 10_000_000 + rng.random_range(0..89_999_999u64),
                duns: format!("{:09}", rng.random_range(0..999_999_999u64)),
                name,
                domain,
                country,
                industry,
                vertical: rng.random_range(0..2),
                employees,
                azure_potential,
                has_aws: rng.random_bool(0.2),
                has_google: rng.random_bool(0.15),
                remote_work: rng.random_bool(0.4),
                nonprofit: rng.random_bool(0.05),
            }
        })
        .collect()
}

/// A fit and intent score, correlated with size, and the workbook's own cluster label
/// (mostly what the default rules give, sometimes not, sometimes blank).
fn scores(rng: &mut ChaCha8Rng, c: &Customer, rules: &Rules, drift: &mut Drift) -> (f64, f64, String) {
    let size_boost = (f64::from(c.employees).ln() * 6.0).min(35.0);
    let fit = (rng.random_range(5.0..65.0) + size_boost).clamp(0.0, 100.0).round();
    let intent = rng.random_range(0.0..100.0f64).round();
    let (fit, intent) = drift.scores(fit, intent);
    let cell = MatrixCell::new(rules.band_of(fit), rules.band_of(intent));
    let mut cluster = rules.cluster_of(cell);
    if rng.random_bool(0.03) {
        cluster = super::rules::Cluster::ALL[rng.random_range(0..4)];
    }
    let label = match rng.random_range(0..100) {
        0..=1 => String::new(),
        2..=40 => cluster_label(cluster).to_string(),
        41..=80 => format!("{} - {}", cell_code(cell, cluster), cluster_label(cluster)),
        _ => cell_code(cell, cluster),
    };
    (fit, intent, label)
}

/// The generator of a customer's rows: the month's, or a gone customer's own (seeded by its
/// id, so the month itself is drawn exactly as without it).
fn rows_rng<'a>(
    month: &'a mut ChaCha8Rng,
    own: &'a mut Option<ChaCha8Rng>,
    c: &Customer,
    from_gone: bool,
) -> &'a mut ChaCha8Rng {
    if from_gone { own.insert(ChaCha8Rng::seed_from_u64(c.tpid)) } else { month }
}

/// An agreement end date `day` days into FY26, so end dates spread over FY26..FY28 and some
/// fall in the current fiscal year.
fn end_date(day: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default() + chrono::Duration::days(day)
}

fn excel_date(date: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
}

fn cluster_label(c: super::rules::Cluster) -> &'static str {
    match c {
        super::rules::Cluster::ActNow => "Act Now",
        super::rules::Cluster::Evaluate => "Evaluate",
        super::rules::Cluster::Nurture => "Nurture",
        super::rules::Cluster::Educate => "Educate",
    }
}

fn cell_code(cell: MatrixCell, cluster: super::rules::Cluster) -> String {
    // the workbook writes its own cluster's letter with the cell's rank
    let rank = cell.name().chars().nth(1).unwrap_or('1');
    format!("{}{}", cluster.letter().to_ascii_uppercase(), rank)
}

fn org_size_label(employees: u32) -> &'static str {
    match employees {
        0..=24 => "1 to 24",
        25..=299 => "25-299",
        300..=999 => "300 - 999",
        _ => "1000+",
    }
}

fn smc_type(c: &Customer) -> &'static str {
    if c.azure_potential > 10_000.0 {
        "Top Unmanaged Compute Based"
    } else if c.employees >= 300 {
        "Top Unmanaged User Based"
    } else if c.employees >= 25 {
        "Medium Business"
    } else {
        "Small Business"
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// Writes one cell of a score column: mostly numbers, sometimes text, blank or "N/A".
fn write_score(ws: &mut Worksheet, rng: &mut ChaCha8Rng, row: u32, col: u16, score: f64) -> Result<(), XlsxError> {
    match rng.random_range(0..1000) {
        0..=7 => {}
        8..=11 => {
            ws.write_string(row, col, "N/A")?;
        }
        12..=40 => {
            ws.write_string(row, col, format!("{score}"))?;
        }
        41..=44 => {
            let band = Rules::default().band_of(score);
            ws.write_string(
                row,
                col,
                match band {
                    Band::High => "High",
                    Band::Medium => "Medium",
                    Band::Low => "Low",
                    Band::VeryLow => "Very low",
                },
            )?;
        }
        _ => {
            ws.write_number(row, col, score)?;
        }
    }
    Ok(())
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    bold: Format,
}

impl Sheet<'_> {
    fn titles(&mut self, title: &str) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
        self.ws.write_string(
            1,
            0,
            "Partner: Contoso Cloud Partners Ltd (MPN ID 4567890) · Data as of November 2026",
        )?;
        Ok(())
    }

    fn headers(&mut self, row: u32, headers: &[&str]) -> Result<(), XlsxError> {
        for (c, h) in headers.iter().enumerate() {
            self.ws.write_string_with_format(row, c as u16, *h, &self.bold)?;
        }
        Ok(())
    }
}

fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 11, 1).unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title("CloudAscent propensity data (sample)")
            .set_author("Partner Center")
            .set_creation_datetime(&created),
    );
    wb
}

/// The firmographic columns common to the Insights downloads.
const COMMON: [&str; 17] = [
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

fn write_common(ws: &mut Worksheet, rng: &mut ChaCha8Rng, row: u32, c: &Customer) -> Result<(), XlsxError> {
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
                        let label = cluster_label(super::rules::Cluster::ALL[rng.random_range(0..4)]);
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

/// Writes the sample of `opts.layout` into `dir`.
pub fn write_sample(dir: &Path, opts: &SampleOptions) -> Result<Vec<PathBuf>, XlsxError> {
    std::fs::create_dir_all(dir).map_err(XlsxError::IoError)?;
    match opts.layout {
        Layout::Insights2023 => write_insights_2023(dir, opts),
        Layout::Insights2021 => write_insights(dir, opts),
        Layout::Workbook => {
            let path = dir.join("CloudAscent propensity workbook.xlsx");
            write_workbook(&path, opts, None, false)?;
            Ok(vec![path])
        }
    }
}
