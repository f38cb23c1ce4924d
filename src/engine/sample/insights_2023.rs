//! Today's downloads (DOMAIN.md, "Today's downloads: the 2023 data definitions"): five
//! tab-separated files from the Insights download hub with machine headers and a few spaced
//! ones, Power Apps, a separate Surface report, Corporate Scale / Medium / Small labels,
//! IsNonprofit categories, MW_ / D365_ / Azure_ sales plays, workloads, API dates. No Top
//! Unmanaged flags and no Azure potential: segments come from OrgSize and SMCTypeSummary.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::XlsxError;
use std::path::{Path, PathBuf};

use super::month::{
    CITIES, COUNTRIES, Customer, Drift, INDUSTRIES, PROGRAMS, SampleOptions, cluster_label, customers, end_date,
    org_size_label, rows_rng, scores, yes_no,
};
use crate::engine::rules::{Band, Cluster, Rules};

/// The firmographic columns every 2023 report opens with.
const COMMON: [&str; 18] = [
    "MPNID",
    "PartnerName",
    "CustomerID",
    "AccountName",
    "Domain",
    "OrgSize",
    "Industry",
    "Vertical",
    "SalesTerritory",
    "City",
    "PostalCode",
    "Country",
    "Segment",
    "SubSegment",
    "SMCTypeSummary",
    "IsNonprofit",
    "FY24 Offers",
    "Transactedinthelast36months",
];

const NONPROFIT: [&str; 5] = ["No", "Nonprofit", "Approved - Paid", "Approved - Free Only", "Approved - Inactive"];
const WORKLOADS: [&str; 8] = [
    "Virtual Machines",
    "SQL Database",
    "Azure Backup",
    "Azure Virtual Desktop",
    "App Service",
    "Azure Site Recovery",
    "Azure Kubernetes Service",
    "Azure Monitor",
];

/// A report: file name, its own columns (before the product groups) and its product groups
/// (prefix, spaced headers), and the share of customers it lists.
struct Report {
    file: &'static str,
    extra: &'static [&'static str],
    groups: &'static [(&'static str, bool)],
    share: f64,
}

const REPORTS: [Report; 4] = [
    Report {
        file: "Cloud Ascent - Microsoft 365 propensity report.tsv",
        extra: &[
            "Has M365",
            "Has EA",
            "MW_Transition Customer - Compete Google Workspace",
            "MW_Secure Remote Work: Teams Phone",
            "Microsoft365UpsellCustomer",
        ],
        groups: &[("M365", false)],
        share: 0.85,
    },
    Report {
        file: "Cloud Ascent - Azure propensity report.tsv",
        extra: &[
            "Has Azure",
            "Azure_Modernize VDI to AVD: Citrix IB",
            "Azure_Migrate Windows Server/SQL > 2012, < 2016",
            "NumberofExistingWorkloads",
            "Existing Workloads",
            "NumberofRecommendedWorkloads",
            "RecommendedWorkloads",
        ],
        groups: &[("Azure", false)],
        share: 0.6,
    },
    Report {
        file: "Cloud Ascent - Dynamics 365 propensity report.tsv",
        extra: &["HasD365", "D365_Quickbooks Customers with No BC", "DynamicsOnPremAXorCRM_HasOpenRenewal"],
        groups: &[("D365BC", false), ("D365CE", false), ("PowerApps", false)],
        share: 0.4,
    },
    Report {
        file: "Cloud Ascent - Surface propensity report.tsv",
        extra: &["Propensity"],
        groups: &[("Surface", true)],
        share: 0.3,
    },
];

const RENEWALS: &str = "Cloud Ascent - agreement renewal propensity report.tsv";

/// A deterministic draw for a customer's attribute, the same in every file.
fn pick(c: &Customer, salt: u64, n: u64) -> u64 {
    (c.tpid.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xD6E8_FEB8_6659_FD93)).rotate_left(17) % n
}

fn smc_type(c: &Customer) -> &'static str {
    if c.employees >= 300 || c.azure_potential > 10_000.0 {
        "Corporate Scale"
    } else if c.employees >= 25 {
        "Medium"
    } else {
        "Small"
    }
}

fn nonprofit(c: &Customer) -> &'static str {
    match pick(c, 1, 100) {
        0..=84 => NONPROFIT[0],
        85..=89 => NONPROFIT[1],
        90..=93 => NONPROFIT[2],
        94..=97 => NONPROFIT[3],
        _ => NONPROFIT[4],
    }
}

fn common_row(rng: &mut ChaCha8Rng, c: &Customer) -> Vec<String> {
    let (country, _, area, _) = COUNTRIES[c.country];
    let (industry, verticals) = INDUSTRIES[c.industry];
    let org_size = match rng.random_range(0..100) {
        0..=64 => c.employees.to_string(),
        65..=94 => org_size_label(c.employees).to_string(),
        // unknown size: SMCTypeSummary says what it is
        _ => String::new(),
    };
    let sub_segment = if c.employees >= 300 { "SMB Upper" } else { "SMB Core" };
    let offers = ["Eligible", "Not eligible", ""][pick(c, 2, 3) as usize];
    vec![
        "4567890".into(),
        "Contoso Cloud Partners Ltd".into(),
        c.tpid.to_string(),
        c.name.clone(),
        c.domain.clone(),
        org_size,
        industry.into(),
        verticals[c.vertical].into(),
        area.into(),
        CITIES[c.country].into(),
        format!("{:05}", pick(c, 3, 99_000) + 1000),
        country.into(),
        "SMC".into(),
        sub_segment.into(),
        smc_type(c).into(),
        nonprofit(c).into(),
        offers.into(),
        yes_no(pick(c, 4, 10) < 7).into(),
    ]
}

/// A score cell as the download hub writes it: mostly whole numbers, sometimes blank or N/A.
fn score_text(rng: &mut ChaCha8Rng, score: f64) -> String {
    match rng.random_range(0..1000) {
        0..=7 => String::new(),
        8..=11 => "N/A".into(),
        _ => format!("{score}"),
    }
}

/// The report's own columns for a customer.
fn extra_cell(rng: &mut ChaCha8Rng, c: &Customer, header: &str, propensity: Band) -> String {
    let workloads = |salt: u64, n: u64| -> Vec<&str> {
        let first = pick(c, salt, WORKLOADS.len() as u64) as usize;
        (0..n as usize).map(|k| WORKLOADS[(first + k * 3) % WORKLOADS.len()]).collect()
    };
    let existing = pick(c, 5, 4);
    let recommended = pick(c, 6, 3) + 1;
    match header {
        "Has M365" | "Has Azure" | "HasD365" => yes_no(rng.random_bool(0.5)).into(),
        "Has EA" => yes_no(pick(c, 7, 10) == 0).into(),
        "MW_Transition Customer - Compete Google Workspace" => yes_no(c.has_google).into(),
        "MW_Secure Remote Work: Teams Phone" => yes_no(c.remote_work).into(),
        "Azure_Modernize VDI to AVD: Citrix IB" => yes_no(rng.random_bool(0.1)).into(),
        // undocumented values: this play writes 1 / 0
        "Azure_Migrate Windows Server/SQL > 2012, < 2016" => ["0", "1"][usize::from(c.has_aws)].into(),
        "D365_Quickbooks Customers with No BC" => yes_no(rng.random_bool(0.15)).into(),
        "Microsoft365UpsellCustomer" | "DynamicsOnPremAXorCRM_HasOpenRenewal" => yes_no(rng.random_bool(0.2)).into(),
        "NumberofExistingWorkloads" => existing.to_string(),
        "Existing Workloads" => workloads(8, existing).join("; "),
        "NumberofRecommendedWorkloads" => recommended.to_string(),
        "RecommendedWorkloads" => workloads(9, recommended).join("; "),
        "Propensity" => match propensity {
            Band::High => "High",
            Band::Medium => "Medium",
            Band::Low | Band::VeryLow => "Low",
        }
        .into(),
        _ => String::new(),
    }
}

fn header_row(report: &Report) -> Vec<String> {
    let mut headers: Vec<String> = COMMON.iter().chain(report.extra).map(|h| h.to_string()).collect();
    if report.groups.iter().any(|(_, spaced)| *spaced) {
        // the Surface report spells it with a space
        headers[0] = "MPN ID".into();
    }
    for (prefix, spaced) in report.groups {
        // cluster first, as the 2023 downloads order them
        for part in ["Cluster", "Fit", "Intent"] {
            headers.push(if *spaced && part == "Intent" {
                format!("{prefix} {part}")
            } else {
                format!("{prefix}{part}")
            });
        }
    }
    headers
}

fn write_tsv(path: &Path, rows: &[Vec<String>]) -> Result<(), XlsxError> {
    let mut text = String::new();
    for row in rows {
        text.push_str(&row.join("\t"));
        text.push_str("\r\n");
    }
    std::fs::write(path, text).map_err(XlsxError::IoError)
}

/// Writes today's layout into `dir`; returns the files written.
pub fn write_insights_2023(dir: &Path, opts: &SampleOptions) -> Result<Vec<PathBuf>, XlsxError> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let all = customers(&mut rng, opts.customers);
    let rules = Rules::default();
    let mut drift = Drift::new(opts);
    let gone = drift.gone_customers(all.len(), all.len());
    let mut written = Vec::new();
    for report in &REPORTS {
        let mut rows = vec![header_row(report)];
        for (c, from_gone) in all.iter().map(|c| (c, false)).chain(gone.iter().map(|c| (c, true))) {
            let mut own = None;
            let rng = rows_rng(&mut rng, &mut own, c, from_gone);
            if !rng.random_bool(report.share) {
                continue;
            }
            // drawn as usual so the month itself stays the same, and left out
            let skip = !from_gone && drift.not_yet();
            let mut row = common_row(rng, c);
            let mut groups = Vec::new();
            let mut first_intent = None;
            for _ in report.groups {
                if rng.random_bool(0.9) {
                    let (fit, intent, label) = scores(rng, c, &rules, &mut drift);
                    first_intent.get_or_insert(intent);
                    groups.extend([label, score_text(rng, fit), score_text(rng, intent)]);
                } else {
                    groups.extend([String::new(), String::new(), String::new()]);
                }
            }
            let propensity = rules.band_of(first_intent.unwrap_or(0.0));
            row.extend(report.extra.iter().map(|h| extra_cell(rng, c, h, propensity)));
            row.extend(groups);
            if !skip {
                rows.push(row);
            }
        }
        let path = dir.join(report.file);
        write_tsv(&path, &rows)?;
        written.push(path);
    }
    let path = dir.join(RENEWALS);
    write_tsv(&path, &renewal_rows(&mut rng, &all))?;
    written.push(path);
    Ok(written)
}

/// The agreement renewal report: one row per agreement, API dates, a cluster per product.
fn renewal_rows(rng: &mut ChaCha8Rng, all: &[Customer]) -> Vec<Vec<String>> {
    let headers = [
        "AgreementID",
        "CustomerID",
        "AccountName",
        "Country",
        "Agreement End Date",
        "Expiration Type",
        "ExpiringRevenue",
        "LicenseProgram",
        "RevSumDivisionName",
        "WindowsServerDataCenter_HasOpenRenewal",
        "AzureCluster",
        "D365FOCluster",
        "D365CECluster",
        "D365BCCluster",
        "PowerAppsCluster",
        "M365Cluster",
    ];
    let mut rows = vec![headers.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    let mut agreement = 70_000_000u64;
    for c in all {
        if !rng.random_bool(0.3) {
            continue;
        }
        for _ in 0..rng.random_range(1..=2) {
            agreement += rng.random_range(1..500);
            let date = end_date(rng.random_range(0..1095));
            let revenue = (rng.random_range(500.0..80_000.0f64) * 100.0).round() / 100.0;
            let mut row = vec![
                format!("A-{agreement}"),
                c.tpid.to_string(),
                c.name.clone(),
                COUNTRIES[c.country].0.to_string(),
                format!("{}T00:00:00Z", date.format("%Y-%m-%d")),
                ["Term End", "Renewal", "Cancellation"][rng.random_range(0..3)].to_string(),
                format!("{revenue:.2}"),
                PROGRAMS[rng.random_range(0..PROGRAMS.len())].to_string(),
                ["Modern Work", "Azure", "Dynamics 365", "Windows Server"][rng.random_range(0..4)].to_string(),
                yes_no(rng.random_bool(0.1)).to_string(),
            ];
            for _ in 0..6 {
                row.push(if rng.random_bool(0.3) {
                    cluster_label(Cluster::ALL[rng.random_range(0..4)]).to_string()
                } else {
                    String::new()
                });
            }
            rows.push(row);
        }
    }
    if rows.len() > 3 {
        // one error cell, as downloads sometimes carry
        rows[2][6] = "#N/A".into();
    }
    rows
}
