//! Fixture builders shared by the integration tests.
#![allow(dead_code)]
// fixture builders: a failed unwrap is a failed test
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ascent_viewer::engine::{Dataset, LoadOptions, Rules, Session};
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A cell of a fixture.
#[derive(Clone, Debug)]
pub enum V {
    N(f64),
    S(&'static str),
    Own(String),
    D(i32, u32, u32),
    B,
}

pub use V::*;

pub fn s(text: &'static str) -> V {
    S(text)
}

/// Writes sheets of rows (row 0 first) into an xlsx file.
pub fn write_xlsx(path: &Path, sheets: &[(&str, Vec<Vec<V>>)]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    S(t) => {
                        ws.write_string(r, c, *t).unwrap();
                    }
                    Own(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y as u16, *m as u8, *d as u8).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    B => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// The command line, in English.
pub fn cli() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("ascent-viewer").unwrap();
    cmd.env("LANG", "en_US.UTF-8");
    cmd
}

/// A command's `--json` output, as of 2026-11-24.
pub fn json_of(args: &[&str]) -> serde_json::Value {
    let out = cli().args(args).arg("--json").arg("--as-of").arg("2026-11-24").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

pub fn session(paths: &[PathBuf]) -> Session {
    let data = Dataset::load_paths(paths, &LoadOptions::default(), &mut |_| {}).unwrap();
    Session::new(Arc::new(data), Rules::default(), as_of())
}

/// Fixture A: a long table with every score band boundary (see tests/suite/engine_fixtures.rs).
pub fn fixture_bands(dir: &Path) -> PathBuf {
    let path = dir.join("bands.xlsx");
    let header = vec![
        s("Customer ID"),
        s("Account Name"),
        s("Product"),
        s("Fit Score"),
        s("Intent Score"),
        s("Cluster"),
        s("Whitespace Revenue"),
        s("Org Size"),
    ];
    let rows: Vec<Vec<V>> = vec![
        vec![N(1.0), s("One"), s("M365"), N(29.0), N(30.0), s("Act Now"), N(100.0), N(10.0)],
        vec![N(2.0), s("Two"), s("M365"), N(30.0), N(29.0), B, N(200.0), N(10.0)],
        vec![N(3.0), s("Three"), s("Azure"), N(54.0), N(55.0), s("b4 - Evaluate"), N(300.0), N(10.0)],
        vec![N(4.0), s("Four"), s("Azure"), N(55.0), N(54.0), B, N(400.0), N(10.0)],
        vec![N(5.0), s("Five"), s("Azure"), N(74.0), N(75.0), s("Evaluate"), N(500.0), N(10.0)],
        vec![N(6.0), s("Six"), s("Azure"), N(75.0), N(74.5), B, N(600.0), N(10.0)],
        vec![N(7.0), s("Seven"), s("Azure"), N(100.0), N(100.0), B, N(700.0), N(10.0)],
        vec![N(8.0), s("Eight"), s("Azure"), N(105.0), N(80.0), s("Nurture"), N(800.0), N(10.0)],
        vec![N(9.0), s("Nine"), s("Azure"), N(-3.0), N(50.0), B, N(900.0), N(10.0)],
        vec![N(10.0), s("Ten"), s("Azure"), B, N(90.0), s("N/A"), N(1000.0), N(10.0)],
        vec![N(11.0), s("Eleven"), s("Azure"), s("N/A"), N(40.0), s("c3"), N(1100.0), N(10.0)],
        vec![N(12.0), s("Twelve"), s("Azure"), s("High"), s("Very low"), B, N(1200.0), N(10.0)],
        vec![N(13.0), s("Thirteen"), s("Azure"), s("82"), s("61%"), B, N(1300.0), N(10.0)],
        vec![N(13.0), s("Thirteen"), s("Surface"), N(0.0), N(0.0), B, N(1400.0), N(10.0)],
    ];
    let mut all = vec![header];
    all.extend(rows);
    write_xlsx(&path, &[("Propensity model", all)]);
    path
}

/// Fixture B: a wide table with every segment boundary.
pub fn fixture_segments(dir: &Path) -> PathBuf {
    let path = dir.join("segments.xlsx");
    let header = vec![
        s("Customer ID"),
        s("Account Name"),
        s("Org Size"),
        s("Azure Potential"),
        s("Top Unmanaged - Compute Base"),
        s("Top Unmanaged - User Base"),
        s("SMC Type Summary"),
        s("M365 Fit"),
        s("M365 Intent"),
    ];
    let fit = || N(80.0);
    let rows: Vec<Vec<V>> = vec![
        vec![N(1.0), s("S1"), N(24.0), N(0.0), s("No"), s("No"), B, fit(), fit()],
        vec![N(2.0), s("S2"), N(25.0), N(0.0), B, B, B, fit(), fit()],
        vec![N(3.0), s("S3"), N(299.0), N(0.0), B, B, B, fit(), fit()],
        vec![N(4.0), s("S4"), N(300.0), N(0.0), B, B, B, fit(), fit()],
        vec![N(5.0), s("S5"), N(10.0), N(10_000.0), B, B, B, fit(), fit()],
        vec![N(6.0), s("S6"), N(10.0), N(10_000.01), B, B, B, fit(), fit()],
        vec![N(7.0), s("S7"), s("25-299"), B, B, B, B, fit(), fit()],
        vec![N(8.0), s("S8"), s("1000+"), B, B, B, B, fit(), fit()],
        vec![N(9.0), s("S9"), B, B, s("No"), s("Yes"), B, fit(), fit()],
        vec![N(10.0), s("S10"), B, B, s("Yes"), B, B, fit(), fit()],
        vec![N(11.0), s("S11"), B, B, B, B, s("Medium Business"), fit(), fit()],
        vec![N(12.0), s("S12"), B, B, B, B, B, fit(), fit()],
        vec![N(13.0), s("S13"), N(500.0), N(20_000.0), B, B, B, fit(), fit()],
        vec![N(14.0), s("S14"), s("1 to 24"), B, B, B, B, fit(), fit()],
        vec![N(15.0), s("S15"), N(20.0), B, B, B, B, fit(), fit()],
        vec![N(15.0), s("S15"), N(400.0), B, B, B, B, B, B],
    ];
    let mut all = vec![header];
    all.extend(rows);
    write_xlsx(&path, &[("Customers", all)]);
    path
}

/// Fixture C: an agreement renewal report around the FY27 boundaries.
pub fn fixture_renewals(dir: &Path) -> PathBuf {
    let path = dir.join("renewals.xlsx");
    let rows: Vec<Vec<V>> = vec![
        vec![s("Cloud Ascent - agreement renewal propensity report")],
        vec![],
        vec![
            s("Agreement ID"),
            s("Customer ID"),
            s("Account Name"),
            s("Agreement End Date"),
            s("Expiring Revenue"),
            s("License Program"),
            s("Azure Cluster"),
            s("Microsoft 365 Cluster"),
        ],
        vec![s("A1"), s("R1"), s("Renew One"), D(2026, 6, 30), N(1000.0), s("Open Value"), s("Act Now"), B],
        vec![s("A2"), s("R1"), s("Renew One"), D(2026, 7, 1), N(2000.0), s("CSP"), s("Evaluate"), s("Nurture")],
        vec![s("A3"), s("R2"), s("Renew Two"), D(2027, 6, 30), N(4000.0), s("Open License"), B, B],
        vec![s("A4"), s("R2"), s("Renew Two"), D(2027, 7, 1), N(8000.0), s("OV"), B, B],
        vec![s("A2"), s("R1"), s("Renew One"), D(2026, 7, 1), N(9999.0), s("CSP"), B, B],
        vec![s("A5"), s("R3"), s("Renew Three"), s("15/03/2027"), s("$16,000.00"), s("open value subscription"), B, B],
        vec![B, s("R3"), s("Renew Three"), D(2027, 1, 31), N(32_000.0), s("Enterprise Agreement"), B, B],
    ];
    write_xlsx(&path, &[("Renewals", rows)]);
    path
}

/// Fixture D: a wide Azure report for two of the renewal report's customers.
pub fn fixture_azure(dir: &Path) -> PathBuf {
    let path = dir.join("azure.xlsx");
    let rows: Vec<Vec<V>> = vec![
        vec![s("Customer ID"), s("Account Name"), s("Azure Fit"), s("Azure Intent"), s("Azure Cluster")],
        vec![s("R1"), s("Renew One"), N(90.0), N(20.0), B],
        vec![s("R2"), s("Renew Two"), N(40.0), N(40.0), B],
    ];
    write_xlsx(&path, &[("Azure", rows)]);
    path
}

/// Fixture E: French headers under title rows on a third sheet, numbers as text.
pub fn fixture_french(dir: &Path) -> PathBuf {
    let path = dir.join("francais.xlsx");
    let readme: Vec<Vec<V>> = vec![vec![s("Lisez-moi")], vec![s("Ce classeur liste vos clients.")]];
    let resume: Vec<Vec<V>> = vec![vec![s("Résumé")], vec![s("Clients SMC"), N(3.0)]];
    let data: Vec<Vec<V>> = vec![
        vec![s("Modèle de propension")],
        vec![s("Partenaire : Contoso")],
        vec![],
        vec![],
        vec![
            s("ID client"),
            s("Nom du client"),
            s("Pays"),
            s("Produit"),
            s("Score d'ajustement"),
            s("Score d'intention"),
            s("Cluster"),
            s("Revenu estimé"),
            s("Nombre d'employés"),
        ],
        vec![
            s("E1"),
            s("Élan SARL"),
            s("France"),
            s("Azure"),
            s("75,5"),
            s("80"),
            s("Agissez maintenant"),
            s("1 234,50 €"),
            s("1 200"),
        ],
        vec![s("E2"), s("Bâtir SA"), s("France"), s("Azure"), N(60.0), s("10"), B, N(100.0), s("12")],
        vec![s("E3"), s("Côte SAS"), s("Belgique"), s("Azure"), s("30"), s("55"), s("Évaluer"), N(200.0), s("40")],
    ];
    write_xlsx(&path, &[("Lisez-moi", readme), ("Résumé", resume), ("Données", data)]);
    path
}

/// Fixture F: a CSV with machine headers and 0-1 scores.
pub fn fixture_csv(dir: &Path) -> PathBuf {
    let path = dir.join("azure-machine.csv");
    std::fs::write(
        &path,
        "CustomerID,CustomerName,CustomerMarket,AzureFit,AzureIntent,AzureCluster\n\
         1001,Alpha,France,0.8,0.9,A\n\
         1002,Beta,France,0.5,0.2,\n\
         0003,Gamma,Spain,0.1,0.6,Evaluate\n",
    )
    .unwrap();
    path
}

fn compare_month(dir: &Path, name: &str, rows: Vec<Vec<V>>) -> PathBuf {
    let path = dir.join(name);
    let mut all = vec![vec![s("Customer ID"), s("Account Name"), s("Product"), s("Fit"), s("Intent"), s("Org Size")]];
    all.extend(rows);
    write_xlsx(&path, &[("Propensity model", all)]);
    path
}

/// October: C1 Azure 80/80 a1 Act now, C1 M365 40/80 b2 Evaluate, C2 Azure 10/10 d4 Educate
/// (10 staff), C3 Azure 60/40 b3 Evaluate, C4 Surface 80/20 c1 Nurture, C5 Azure blank unscored.
/// November: C1 Azure 80/40 b1 Evaluate (down), C1 M365 80/80 a1 (up), C2 Azure 10/10 d4
/// (unchanged, now 400 staff), C3 Azure 60/60 a4 (up), C5 Azure 80/80 a1 (up from unscored),
/// C6 Azure 30/30 c3 Nurture (new); C4's Surface is gone.
pub fn two_months(dir: &Path) -> (PathBuf, PathBuf) {
    let before = compare_month(
        dir,
        "october.xlsx",
        vec![
            vec![s("C1"), s("One"), s("Azure"), N(80.0), N(80.0), N(10.0)],
            vec![s("C1"), s("One"), s("M365"), N(40.0), N(80.0), N(10.0)],
            vec![s("C2"), s("Two"), s("Azure"), N(10.0), N(10.0), N(10.0)],
            vec![s("C3"), s("Three"), s("Azure"), N(60.0), N(40.0), N(10.0)],
            vec![s("C4"), s("Four"), s("Surface"), N(80.0), N(20.0), N(10.0)],
            vec![s("C5"), s("Five"), s("Azure"), B, B, N(10.0)],
        ],
    );
    let after = compare_month(
        dir,
        "november.xlsx",
        vec![
            vec![s("C1"), s("One"), s("Azure"), N(80.0), N(40.0), N(10.0)],
            vec![s("C1"), s("One"), s("Microsoft 365"), N(80.0), N(80.0), N(10.0)],
            vec![s("C2"), s("Two"), s("Azure"), N(10.0), N(10.0), N(400.0)],
            vec![s("C3"), s("Three"), s("Azure"), N(60.0), N(60.0), N(10.0)],
            vec![s("C5"), s("Five"), s("Azure"), N(80.0), N(80.0), N(10.0)],
            vec![s("C6"), s("Six"), s("Azure"), N(30.0), N(30.0), N(10.0)],
        ],
    );
    (before, after)
}

/// The names of the export temporary files left in `dir`.
pub fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".ascent-export-"))
        .collect()
}

/// Makes a named pipe (Unix): a file that never ends, to check nothing opens it.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// A generated CloudAscent workbook of `customers` customers in `dir` (the `sample` command).
pub fn sample_workbook(dir: &Path, customers: u32) -> PathBuf {
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_ascent-viewer"))
        .args(["sample", "--layout", "workbook", "--customers", &customers.to_string(), "-o"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    dir.join("CloudAscent propensity workbook.xlsx")
}

/// A month in the 2023 layout (DOMAIN.md, "Today's downloads"): five TSV files with machine
/// headers and a few spaced ones. Worked out by hand (as of 2026-11-24, FY27):
///
/// | customer | size | SMCTypeSummary | IsNonprofit | predictions (cluster in force) |
/// | --- | --- | --- | --- | --- |
/// | 1 Alpha | 500 | Corporate Scale | No | M365 80/90 a1 Act now; Power Apps 70/70 a4 Act now; Surface intent only: unscored |
/// | 2 Bravo | blank | Corporate Scale | Approved - Paid | M365 60/80 a3 Act now; Azure 90/20 c1 Nurture |
/// | 3 Charlie | 25-299 | Medium | Approved - Free Only | M365 80/40 b1 Evaluate; Power Apps 40/60 b4 Evaluate; D365BC 10/50 d3 Educate |
/// | 4 Delta | 10 | Small | Nonprofit | M365 20/20 d4 Educate; Azure 50/50 c3 Nurture; Power Apps (renewal only) Nurture |
/// | 5 Echo | blank | Small | No | Surface intent only: unscored; Power Apps (renewal only) Act now; D365FO (renewal only) Educate |
///
/// 14 predictions: Act now 4, Evaluate 2, Nurture 3, Educate 3, unscored 2; Power Apps 4.
/// Segments: top user-based 2 (Alpha by size, Bravo by its Corporate Scale label), mid-size
/// 1, small 2. Agreements: A-1 (Alpha, 2026-09-30, 1,000, Open Value) and A-2 (Delta,
/// 2027-03-31, 2,000, CSP) expire in FY27; A-3 (Echo, 2028) does not.
pub fn fixture_2023(dir: &Path) -> PathBuf {
    let month = dir.join("2023-layout");
    std::fs::create_dir_all(&month).unwrap();
    let write = |name: &str, rows: &[&[&str]]| {
        let text: String = rows.iter().map(|r| r.join("\t") + "\r\n").collect();
        std::fs::write(month.join(name), text).unwrap();
    };
    let common = [
        "MPNID",
        "CustomerID",
        "AccountName",
        "OrgSize",
        "SMCTypeSummary",
        "SubSegment",
        "SalesTerritory",
        "City",
        "PostalCode",
        "Country",
        "IsNonprofit",
        "FY24 Offers",
    ];
    let firmographics: [[&str; 12]; 5] = [
        [
            "4567890",
            "1001",
            "Alpha Ltd",
            "500",
            "Corporate Scale",
            "SMB Upper",
            "West",
            "Paris",
            "75008",
            "France",
            "No",
            "Eligible",
        ],
        [
            "4567890",
            "1002",
            "Bravo SA",
            "",
            "Corporate Scale",
            "SMB Upper",
            "West",
            "Lyon",
            "69001",
            "France",
            "Approved - Paid",
            "",
        ],
        [
            "4567890",
            "1003",
            "Charlie GmbH",
            "25-299",
            "Medium",
            "SMB Core",
            "East",
            "Berlin",
            "10115",
            "Germany",
            "Approved - Free Only",
            "Eligible",
        ],
        [
            "4567890",
            "1004",
            "Delta Inc",
            "10",
            "Small",
            "SMB Core",
            "East",
            "Boston",
            "02108",
            "United States",
            "Nonprofit",
            "",
        ],
        [
            "4567890",
            "1005",
            "Echo BV",
            "",
            "Small",
            "SMB Core",
            "West",
            "Utrecht",
            "3511",
            "Netherlands",
            "No",
            "Not eligible",
        ],
    ];
    let row = |c: usize, extra: &[&'static str]| -> Vec<&'static str> {
        let mut r: Vec<&'static str> = firmographics[c].to_vec();
        r.extend_from_slice(extra);
        r
    };
    let header = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut r = common.to_vec();
        r.extend_from_slice(extra);
        r
    };
    let m365 =
        ["Has M365", "MW_Transition Customer - Compete Google Workspace", "M365Cluster", "M365Fit", "M365Intent"];
    let m365_rows = [
        row(0, &["Yes", "Yes", "Act Now", "80", "90"]),
        row(1, &["No", "No", "Act Now", "60", "80"]),
        row(2, &["Yes", "Yes", "Evaluate", "80", "40"]),
        row(3, &["No", "No", "Educate", "20", "20"]),
        row(4, &["No", "No", "", "", ""]),
    ];
    let mut rows: Vec<Vec<&str>> = vec![header(&m365)];
    rows.extend(m365_rows);
    write("Cloud Ascent - Microsoft 365 propensity report.tsv", &rows.iter().map(Vec::as_slice).collect::<Vec<_>>());

    let d365 = [
        "HasD365",
        "D365_Quickbooks Customers with No BC",
        "PowerAppsCluster",
        "PowerAppsFit",
        "PowerAppsIntent",
        "D365BCCluster",
        "D365BCFit",
        "D365BCIntent",
    ];
    let mut rows: Vec<Vec<&str>> = vec![header(&d365)];
    rows.push(row(0, &["Yes", "0", "Act Now", "70", "70", "", "", ""]));
    rows.push(row(2, &["No", "1", "Evaluate", "40", "60", "Educate", "10", "50"]));
    write("Cloud Ascent - Dynamics 365 propensity report.tsv", &rows.iter().map(Vec::as_slice).collect::<Vec<_>>());

    let azure = [
        "Has Azure",
        "Azure_Modernize VDI to AVD: Citrix IB",
        "NumberofExistingWorkloads",
        "Existing Workloads",
        "NumberofRecommendedWorkloads",
        "RecommendedWorkloads",
        "AzureCluster",
        "AzureFit",
        "AzureIntent",
    ];
    let mut rows: Vec<Vec<&str>> = vec![header(&azure)];
    rows.push(row(
        1,
        &["Yes", "Yes", "2", "Virtual Machines; SQL Database", "1", "Azure Virtual Desktop", "Nurture", "90", "20"],
    ));
    rows.push(row(3, &["No", "No", "0", "", "2", "Azure Backup; Azure Site Recovery", "Nurture", "50", "50"]));
    write("Cloud Ascent - Azure propensity report.tsv", &rows.iter().map(Vec::as_slice).collect::<Vec<_>>());

    write(
        "Cloud Ascent - Surface propensity report.tsv",
        &[
            &["MPN ID", "CustomerID", "AccountName", "Surface Intent", "Propensity"],
            &["4567890", "1001", "Alpha Ltd", "85", "High"],
            &["4567890", "1005", "Echo BV", "40", "Low"],
        ],
    );

    write(
        "Cloud Ascent - agreement renewal propensity report.tsv",
        &[
            &[
                "AgreementID",
                "CustomerID",
                "AccountName",
                "Agreement End Date",
                "Expiration Type",
                "ExpiringRevenue",
                "LicenseProgram",
                "RevSumDivisionName",
                "AzureCluster",
                "D365FOCluster",
                "D365CECluster",
                "D365BCCluster",
                "PowerAppsCluster",
                "M365Cluster",
            ],
            &[
                "A-1",
                "1001",
                "Alpha Ltd",
                "2026-09-30T00:00:00Z",
                "Term End",
                "1000",
                "Open Value",
                "Modern Work",
                "",
                "",
                "",
                "",
                "Evaluate",
                "Act Now",
            ],
            &[
                "A-2",
                "1004",
                "Delta Inc",
                "2027-03-31T00:00:00Z",
                "Renewal",
                "2000",
                "CSP",
                "Azure",
                "Educate",
                "",
                "",
                "",
                "Nurture",
                "",
            ],
            &[
                "A-3",
                "1005",
                "Echo BV",
                "2028-01-15T00:00:00Z",
                "Term End",
                "500",
                "Open License",
                "Dynamics",
                "",
                "Educate",
                "",
                "",
                "Act Now",
                "",
            ],
        ],
    );
    month
}

pub const INSIGHTS_HEADER: &str = "CustomerID\tAccountName\tDomain\tCity\tState\tPostalCode\tCountry\tOrgSize\tHasAWS\tHasGoogle\tM365Cluster\tM365Fit\tM365Intent\tAzureCluster\tAzureFit\tAzureIntent";

/// Bands: 75+ high, 55-74 medium, 30-54 low, below 30 very low. Hand-worked cells:
/// C1 M365 80/80 a1 Act now, Azure 60/40 b3 Evaluate -> best Act now
/// C2 M365 60/40 b3 Evaluate, Azure 20/20 d4 Educate -> best Evaluate
/// C3 M365 40/40 c3 Nurture, Azure 80/60 a2 Act now -> best Act now
/// C4 M365 20/20 d4 Educate, Azure 10/10 d4 Educate -> best Educate
/// C5 M365 80/60 a2 Act now, Azure 90/90 a1 Act now -> best Act now (a tie: both products)
/// C6 M365 fit 80, intent blank -> unscored; no Azure group -> best unscored
pub const OCTOBER: [&str; 6] = [
    "C1\tAlpha\twww.alpha.com\tLyon\tRhône\t69001\tFrance\t10\tYes\tNo\t\t80\t80\t\t60\t40",
    "C2\tBeta\tbeta.fr\tParis\t\t75001\tFrance\t100\tNo\tNo\t\t60\t40\t\t20\t20",
    "C3\tGamma\tgamma.de\tBerlin\tBerlin\t10115\tGermany\t500\tNo\tYes\t\t40\t40\t\t80\t60",
    "C4\tDelta\tdelta.com\tSeattle\tWA\t98101\tUnited States\t30\tNo\tNo\t\t20\t20\t\t10\t10",
    "C5\tEpsilon\teps.com\tAustin\tTX\t73301\tUnited States\t5\tNo\tNo\t\t80\t60\t\t90\t90",
    "C6\tZeta, \"the\" one\tzeta.com\tOslo\t\t0150\tNorway\t50\tNo\tNo\t\t80\t\t\t\t",
];

/// A-1 C1 ends 30/09/2026, inside FY27 (as of 2026-11-24): expiring, Open Value, $12,400.
/// A-2 C2 ends 30/09/2027, after FY27: not expiring. A-3 C7, a customer with no prediction,
/// ends 31/03/2027: expiring, Open License, $3,000.
const RENEWALS: &str = "AgreementID\tCustomerID\tAccountName\tCountry\tAgreement End Date\tExpiringRevenue\tLicenseProgram\n\
A-1\tC1\tAlpha\tFrance\t2026-09-30\t12400\tOpen Value\n\
A-2\tC2\tBeta\tFrance\t2027-09-30\t5000\tCSP\n\
A-3\tC7\tEta\tFrance\t2027-03-31\t3000\tOpen License\n";

pub fn write_month(dir: &Path, name: &str, rows: &[&str], renewals: bool) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    let mut text = format!("{INSIGHTS_HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    std::fs::write(folder.join("Cloud Ascent - Microsoft 365 propensity report.tsv"), text).unwrap();
    if renewals {
        std::fs::write(folder.join("Cloud Ascent - agreement renewal propensity report.tsv"), RENEWALS).unwrap();
    }
    folder
}

/// Fixture G: a month of six customers over two products and a renewal report (see
/// tests/suite/accounts.rs for the hand counts).
pub fn october(dir: &Path) -> PathBuf {
    write_month(dir, "october", &OCTOBER, true)
}
