//! What every layout of the sample shares: the options, the generated customers and their
//! scores, how an earlier month drifts, and small writing helpers.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::engine::rules::{Band, Cluster, MatrixCell, Rules};

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

pub(super) const PREFIXES: [&str; 24] = [
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
pub(super) const SUFFIXES: [&str; 16] = [
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
pub(super) const COUNTRIES: [(&str, &str, &str, u32); 10] = [
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
pub(super) const CITIES: [&str; 10] =
    ["Seattle", "London", "Paris", "Berlin", "Toronto", "Amsterdam", "Madrid", "Brussels", "Sydney", "Tokyo"];
pub(super) const INDUSTRIES: [(&str, [&str; 2]); 8] = [
    ("Retail & Consumer Goods", ["Retailers", "Consumer Goods"]),
    ("Manufacturing", ["Discrete Manufacturing", "Process Manufacturing"]),
    ("Health", ["Health Provider", "Health Payor"]),
    ("Financial Services", ["Banking", "Insurance"]),
    ("Professional Services", ["Legal", "Accounting"]),
    ("Media & Communications", ["Media & Entertainment", "Telecommunications"]),
    ("Education", ["Higher Education", "Primary & Secondary Edu"]),
    ("Hospitality & Travel", ["Travel & Transportation", "Hotels & Leisure"]),
];
pub(super) const PROGRAMS: [&str; 6] =
    ["Open Value", "CSP", "Enterprise Agreement", "Open License", "MPSA", "Open Value Subscription"];

/// One generated customer.
pub(super) struct Customer {
    pub(super) tpid: u64,
    pub(super) duns: String,
    pub(super) name: String,
    pub(super) domain: String,
    pub(super) country: usize,
    pub(super) industry: usize,
    pub(super) vertical: usize,
    pub(super) employees: u32,
    pub(super) azure_potential: f64,
    pub(super) has_aws: bool,
    pub(super) has_google: bool,
    pub(super) remote_work: bool,
    pub(super) nonprofit: bool,
}

/// How an earlier month differs from the month itself. Its draws come from its own
/// generator, so the month itself (months_before = 0) is drawn exactly as without it.
pub(super) struct Drift {
    pub(super) rng: ChaCha8Rng,
    pub(super) months: u32,
}

impl Drift {
    pub(super) fn new(opts: &SampleOptions) -> Drift {
        Drift {
            rng: ChaCha8Rng::seed_from_u64(opts.seed ^ (0x9E37_79B9 * u64::from(opts.months_before))),
            months: opts.months_before,
        }
    }

    /// The scores a month earlier: intent moves monthly, fit quarterly.
    pub(super) fn scores(&mut self, fit: f64, intent: f64) -> (f64, f64) {
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
    pub(super) fn not_yet(&mut self) -> bool {
        self.months > 0 && self.rng.random_bool(0.03)
    }

    /// Customers of the earlier month gone since.
    pub(super) fn gone_customers(&mut self, first: usize, n: usize) -> Vec<Customer> {
        if self.months == 0 { Vec::new() } else { customers_from(&mut self.rng, first, n / 40) }
    }
}

pub(super) fn customers(rng: &mut ChaCha8Rng, n: usize) -> Vec<Customer> {
    customers_from(rng, 0, n)
}

/// `n` customers, numbered from `first` + 1 in their names.
pub(super) fn customers_from(rng: &mut ChaCha8Rng, first: usize, n: usize) -> Vec<Customer> {
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
pub(super) fn scores(rng: &mut ChaCha8Rng, c: &Customer, rules: &Rules, drift: &mut Drift) -> (f64, f64, String) {
    let size_boost = (f64::from(c.employees).ln() * 6.0).min(35.0);
    let fit = (rng.random_range(5.0..65.0) + size_boost).clamp(0.0, 100.0).round();
    let intent = rng.random_range(0.0..100.0f64).round();
    let (fit, intent) = drift.scores(fit, intent);
    let cell = MatrixCell::new(rules.band_of(fit), rules.band_of(intent));
    let mut cluster = rules.cluster_of(cell);
    if rng.random_bool(0.03) {
        cluster = Cluster::ALL[rng.random_range(0..4)];
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
pub(super) fn rows_rng<'a>(
    month: &'a mut ChaCha8Rng,
    own: &'a mut Option<ChaCha8Rng>,
    c: &Customer,
    from_gone: bool,
) -> &'a mut ChaCha8Rng {
    if from_gone { own.insert(ChaCha8Rng::seed_from_u64(c.tpid)) } else { month }
}

/// An agreement end date `day` days into FY26, so end dates spread over FY26..FY28 and some
/// fall in the current fiscal year.
pub(super) fn end_date(day: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default() + chrono::Duration::days(day)
}

pub(super) fn excel_date(date: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
}

pub(super) fn cluster_label(c: Cluster) -> &'static str {
    match c {
        Cluster::ActNow => "Act Now",
        Cluster::Evaluate => "Evaluate",
        Cluster::Nurture => "Nurture",
        Cluster::Educate => "Educate",
    }
}

pub(super) fn cell_code(cell: MatrixCell, cluster: Cluster) -> String {
    // the workbook writes its own cluster's letter with the cell's rank
    let rank = cell.name().chars().nth(1).unwrap_or('1');
    format!("{}{}", cluster.letter().to_ascii_uppercase(), rank)
}

pub(super) fn org_size_label(employees: u32) -> &'static str {
    match employees {
        0..=24 => "1 to 24",
        25..=299 => "25-299",
        300..=999 => "300 - 999",
        _ => "1000+",
    }
}

pub(super) fn smc_type(c: &Customer) -> &'static str {
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

pub(super) fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// Writes one cell of a score column: mostly numbers, sometimes text, blank or "N/A".
pub(super) fn write_score(
    ws: &mut Worksheet,
    rng: &mut ChaCha8Rng,
    row: u32,
    col: u16,
    score: f64,
) -> Result<(), XlsxError> {
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

pub(super) struct Sheet<'a> {
    pub(super) ws: &'a mut Worksheet,
    pub(super) bold: Format,
}

impl Sheet<'_> {
    pub(super) fn titles(&mut self, title: &str) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
        self.ws.write_string(
            1,
            0,
            "Partner: Contoso Cloud Partners Ltd (MPN ID 4567890) · Data as of November 2026",
        )?;
        Ok(())
    }

    pub(super) fn headers(&mut self, row: u32, headers: &[&str]) -> Result<(), XlsxError> {
        for (c, h) in headers.iter().enumerate() {
            self.ws.write_string_with_format(row, c as u16, *h, &self.bold)?;
        }
        Ok(())
    }
}

pub(super) fn new_workbook() -> Workbook {
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
