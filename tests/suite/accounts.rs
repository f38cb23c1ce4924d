//! Accounts (one line per customer) on a fixture counted by hand: best clusters across
//! products and filters, ties, a customer known from agreements only, two months, the
//! Accounts sheet read back, and each CRM preset's header and a line, field by field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::accounts::{Account, Accounts, account_moves};
use ascent_viewer::engine::compare::{Comparison, Direction};
use ascent_viewer::engine::dataset::Dimension;
use ascent_viewer::engine::{ClusterKey, Filter, Segment, Session};
use common::*;
use std::path::Path;

fn accounts_of(session: &Session, filter: &Filter) -> Accounts {
    let rows = filter.apply(&session.data, &session.derived);
    Accounts::new(&session.data, &session.derived, filter, &rows)
}

fn line<'a>(session: &Session, accounts: &'a Accounts, id: &str) -> &'a Account {
    accounts.lines.iter().find(|l| session.data.customers.id.get(l.customer as usize) == id).unwrap()
}

fn bests(session: &Session, accounts: &Accounts) -> Vec<(String, Option<ClusterKey>)> {
    accounts.lines.iter().map(|l| (session.data.customers.id.get(l.customer as usize).to_string(), l.best)).collect()
}

#[test]
fn best_cluster_across_products_ties_and_agreement_only_customers() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[october(dir.path())]);
    let accounts = accounts_of(&session, &Filter::default());
    use ClusterKey::*;
    assert_eq!(
        bests(&session, &accounts),
        [
            ("C1".into(), Some(ActNow)),
            ("C2".into(), Some(Evaluate)),
            ("C3".into(), Some(ActNow)),
            ("C4".into(), Some(Educate)),
            ("C5".into(), Some(ActNow)),
            ("C6".into(), Some(Unscored)),
            // known from the renewal report alone
            ("C7".into(), None),
        ]
    );
    let counts = accounts.counts(&session.derived);
    assert_eq!(counts.accounts, 7);
    assert_eq!(counts.by_best, [3, 1, 0, 1, 1, 1]);
    // 10, 5 -> small; 100, 30, 50 -> mid-size; 500 -> user-based; C7 no count -> unknown
    assert_eq!(counts.by_segment[Segment::Small.index()], 2);
    assert_eq!(counts.by_segment[Segment::MidSize.index()], 3);
    assert_eq!(counts.by_segment[Segment::TopUnmanagedUser.index()], 1);
    assert_eq!(counts.by_segment[Segment::Unknown.index()], 1);

    let c1 = line(&session, &accounts, "C1");
    assert_eq!((c1.fit, c1.intent), (80.0, 80.0));
    assert_eq!((c1.expiring, c1.expiring_revenue, c1.open_revenue), (1, 12_400.0, 12_400.0));
    let products = accounts.products_by_cluster(&session.data, &session.derived, c1);
    let names = |codes: &[u32]| codes.iter().map(|&p| session.data.products.name(p).to_string()).collect::<Vec<_>>();
    assert_eq!(names(&products[ActNow.index()]), ["Microsoft 365"]);
    assert_eq!(names(&products[Evaluate.index()]), ["Azure"]);
    // the tie: both of C5's products are Act now; its strongest scores come from Azure
    let c5 = line(&session, &accounts, "C5");
    let mut tied = names(&accounts.products_by_cluster(&session.data, &session.derived, c5)[ActNow.index()]);
    tied.sort();
    assert_eq!(tied, ["Azure", "Microsoft 365"]);
    assert_eq!((c5.fit, c5.intent), (90.0, 90.0));
    let c2 = line(&session, &accounts, "C2");
    assert_eq!(c2.expiring, 0, "A-2 ends after the fiscal year");
    assert!(c2.expiring_revenue.is_nan(), "blank, not $0, where nothing expires");
    let c7 = line(&session, &accounts, "C7");
    assert_eq!((c7.expiring, c7.expiring_revenue, c7.open_revenue), (1, 3000.0, 3000.0));
    assert!(c7.fit.is_nan());
    assert_eq!(session.data.agreements.of_customer(c7.customer as usize).len(), 1);
    // C1 says yes to HasAWS only, C3 to HasGoogle only (named in words)
    assert_eq!(ascent_viewer::output::accounts::yes_columns(&session.data, c1.customer as usize), "Has AWS");
}

#[test]
fn the_best_cluster_is_taken_within_the_filter() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[october(dir.path())]);
    use ClusterKey::*;
    // Evaluate: C1's Azure and C2's M365; C1's best is Evaluate within the filter, and C7
    // (no prediction) cannot pass a cluster filter
    let filter = Filter { clusters: [Evaluate].into(), ..Filter::default() };
    let accounts = accounts_of(&session, &filter);
    assert_eq!(bests(&session, &accounts), [("C1".into(), Some(Evaluate)), ("C2".into(), Some(Evaluate))]);
    assert_eq!(accounts.predictions_of(&accounts.lines[0]).len(), 1);
    // a customer filter keeps the customer without predictions: France = C1, C2, C7
    let mut filter = Filter::default();
    filter.values_mut(Dimension::Country).insert("France".into());
    let accounts = accounts_of(&session, &filter);
    assert_eq!(
        bests(&session, &accounts),
        [("C1".into(), Some(ActNow)), ("C2".into(), Some(Evaluate)), ("C7".into(), None)]
    );
    // Azure: every customer but C6 (no Azure group) and C7
    let mut filter = Filter::default();
    filter.values_mut(Dimension::Product).insert("Azure".into());
    let accounts = accounts_of(&session, &filter);
    assert_eq!(
        bests(&session, &accounts),
        [
            ("C1".into(), Some(Evaluate)),
            ("C2".into(), Some(Educate)),
            ("C3".into(), Some(ActNow)),
            ("C4".into(), Some(Educate)),
            ("C5".into(), Some(ActNow)),
        ]
    );
    // expiring this fiscal year: C1 and C7
    let filter = Filter { expiring_only: true, ..Filter::default() };
    let accounts = accounts_of(&session, &filter);
    assert_eq!(bests(&session, &accounts), [("C1".into(), Some(ActNow)), ("C7".into(), None)]);
}

#[test]
fn two_months_give_each_account_a_best_cluster_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let before = session(&[october(dir.path())]);
    // C1 falls to Evaluate on both products (down); C2's M365 rises to a1 (up); C3 is gone;
    // C4, C5 and C6 stay; C8 is new (Act now)
    let november = write_month(
        dir.path(),
        "november",
        &[
            "C1\tAlpha\talpha.com\tLyon\t\t69001\tFrance\t10\tYes\tNo\t\t60\t40\t\t60\t40",
            "C2\tBeta\tbeta.fr\tParis\t\t75001\tFrance\t100\tNo\tNo\t\t80\t80\t\t20\t20",
            OCTOBER[3],
            OCTOBER[4],
            OCTOBER[5],
            "C8\tTheta\ttheta.com\tNice\t\t06000\tFrance\t12\tNo\tNo\t\t80\t80\t\t\t",
        ],
        false,
    );
    let after = session(&[november]);
    let cmp = Comparison::new(before, after);
    let pairs = cmp.apply(&Filter::default());
    let moves = account_moves(&cmp, &pairs);
    let id = |m: &ascent_viewer::engine::accounts::AccountMove| {
        if m.after != u32::MAX {
            cmp.after.data.customers.id.get(m.after as usize).to_string()
        } else {
            cmp.before.data.customers.id.get(m.before as usize).to_string()
        }
    };
    let mut seen: Vec<(String, Option<ClusterKey>, Option<ClusterKey>, Direction)> =
        moves.iter().map(|m| (id(m), m.best_before, m.best_after, m.direction)).collect();
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    use ClusterKey::*;
    assert_eq!(
        seen,
        [
            ("C1".into(), Some(ActNow), Some(Evaluate), Direction::Down),
            ("C2".into(), Some(Evaluate), Some(ActNow), Direction::Up),
            ("C3".into(), Some(ActNow), None, Direction::Gone),
            ("C4".into(), Some(Educate), Some(Educate), Direction::Unchanged),
            ("C5".into(), Some(ActNow), Some(ActNow), Direction::Unchanged),
            ("C6".into(), Some(Unscored), Some(Unscored), Direction::Unchanged),
            ("C8".into(), None, Some(ActNow), Direction::New),
        ]
    );
}

/// The CSV's records, BOM and CRLF checked first.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line ends only");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

fn export_crm(dir: &Path, crm: &str, lang: &str) -> Vec<Vec<String>> {
    let out = dir.join(format!("{crm}-{lang}.csv"));
    cli()
        .args(["export", "--force", "--crm", crm, "--as-of", "2026-11-24", "--lang", lang, "-o"])
        .arg(&out)
        .arg(dir.join("october"))
        .assert()
        .success();
    read_csv(&out)
}

#[test]
fn crm_presets_write_each_crms_standard_fields_then_the_propensity_columns() {
    let dir = tempfile::tempdir().unwrap();
    october(dir.path());
    let extra = [
        "Customer ID",
        "Best cluster",
        "Act now products",
        "Evaluate products",
        "Segment",
        "Expiring revenue",
        "Source month",
    ];
    let standard: [(&str, [&str; 8]); 3] = [
        (
            "dynamics365",
            [
                "Account Name",
                "Website",
                "Address 1: City",
                "Address 1: State/Province",
                "Address 1: ZIP/Postal Code",
                "Address 1: Country/Region",
                "Number of Employees",
                "Description",
            ],
        ),
        (
            "salesforce",
            [
                "Account Name",
                "Website",
                "Billing City",
                "Billing State/Province",
                "Billing Zip/Postal Code",
                "Billing Country",
                "Employees",
                "Description",
            ],
        ),
        (
            "hubspot",
            [
                "Company name",
                "Company Domain Name",
                "City",
                "State/Region",
                "Postal Code",
                "Country/Region",
                "Number of Employees",
                "Description",
            ],
        ),
    ];
    for (crm, header) in standard {
        let records = export_crm(dir.path(), crm, "en");
        let expected: Vec<&str> = header.iter().chain(extra.iter()).copied().collect();
        assert_eq!(records[0], expected, "{crm} header");
        assert_eq!(records.len(), 1 + 7, "{crm}: a line per account");
        // C1, field by field
        let website = if crm == "hubspot" { "alpha.com" } else { "https://alpha.com" };
        let c1 = &records[1];
        let description = "Act now for Microsoft 365; agreement expiring 09/30/2026, $12,400";
        assert_eq!(
            c1,
            &[
                "Alpha",
                website,
                "Lyon",
                "Rhône",
                "69001",
                "France",
                "10",
                description,
                "C1",
                "Act now",
                "Microsoft 365",
                "Azure",
                "Small business",
                "12400",
                "2026-11"
            ],
            "{crm} line of C1"
        );
    }
    // a name with a comma and quotes is quoted and escaped; a tie lists both products
    let records = export_crm(dir.path(), "salesforce", "en");
    let c5 = records.iter().find(|r| r[8] == "C5").unwrap();
    assert_eq!(c5[7], "Act now for Azure and Microsoft 365");
    assert_eq!(c5[10], "Azure, Microsoft 365");
    let c6 = records.iter().find(|r| r[8] == "C6").unwrap();
    assert_eq!(c6[0], "Zeta, \"the\" one");
    assert_eq!(c6[7], "no score yet for Microsoft 365");
    let text = std::fs::read_to_string(dir.path().join("salesforce-en.csv")).unwrap();
    assert!(text.contains("\"Zeta, \"\"the\"\" one\""));
    // C7: no prediction, an agreement expiring
    let c7 = records.iter().find(|r| r[8] == "C7").unwrap();
    assert_eq!((c7[0].as_str(), c7[9].as_str(), c7[13].as_str()), ("Eta", "Renewals only", "3000"));
    assert_eq!(c7[7], "Agreements only, no propensity prediction; agreement expiring 03/31/2027, $3,000");

    // a CRM list named as a workbook is refused, with the file named, and nothing is written
    let xlsx = dir.path().join("crm.xlsx");
    let out = cli()
        .args(["export", "--crm", "hubspot", "--as-of", "2026-11-24", "-o"])
        .arg(&xlsx)
        .arg(dir.path().join("october"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("crm.xlsx: a list for a CRM is a CSV file"));
    assert!(!xlsx.exists());
    // accounts are one sheet: no split
    let out = cli()
        .args(["export", "--accounts", "--split-by", "cluster", "-o"])
        .arg(dir.path().join("split.xlsx"))
        .arg(dir.path().join("october"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    // in French: the description in French; every header stays the CRM's (a mapping saved
    // in the CRM keeps working whatever the language of the export)
    let records = export_crm(dir.path(), "dynamics365", "fr");
    assert_eq!(records[0], export_crm(dir.path(), "dynamics365", "en")[0]);
    assert_eq!(records[0][0], "Account Name");
    assert_eq!(records[0][9], "Best cluster");
    assert_eq!(
        records[1][7],
        "Agir maintenant pour Microsoft 365 ; contrat arrivant à expiration le 30/09/2026, 12\u{202f}400\u{a0}$US"
    );
}

#[test]
fn the_accounts_sheet_reads_back_with_the_hand_counts() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    october(dir.path());
    for (lang, sheet, best_header, act_now, renewals_only) in [
        ("en", "Accounts", "Best cluster", "Act now", "Renewals only"),
        ("fr", "Comptes", "Meilleur cluster", "Agir maintenant", "Contrats seuls"),
    ] {
        let out = dir.path().join(format!("accounts-{lang}.xlsx"));
        cli()
            .args(["export", "--accounts", "--as-of", "2026-11-24", "--lang", lang, "-o"])
            .arg(&out)
            .arg(dir.path().join("october"))
            .assert()
            .success();
        let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
        assert_eq!(wb.sheet_names().len(), 3, "Accounts, Summary, Rules");
        let range = wb.worksheet_range(sheet).unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        let best = rows[0].iter().position(|h| *h == best_header).unwrap();
        assert_eq!(rows.len(), 1 + 7);
        // the Rules sheet counts the lines exported: accounts
        let rules = wb.worksheet_range(if lang == "en" { "Rules" } else { "Règles" }).unwrap();
        let exported = if lang == "en" { "Rows exported" } else { "Lignes exportées" };
        let line = rules.rows().find(|r| r[0] == exported).unwrap();
        assert_eq!(line[1], "7");
        let count = |name: &str| rows[1..].iter().filter(|r| r[best] == name).count();
        assert_eq!(count(act_now), 3);
        // C7, of the renewal report alone, says so rather than leaving its best cluster blank
        assert_eq!(count(renewals_only), 1, "C7 has no prediction");
        assert_eq!(rows[1..].iter().filter(|r| r[best] == Data::Empty).count(), 0);
    }
    // the same count through summary --accounts --json
    let json = json_of(&["summary", "--accounts", dir.path().join("october").to_str().unwrap()]);
    let best = &json["accounts"]["by_best_cluster"];
    assert_eq!(json["accounts"]["total"], 7);
    assert_eq!(
        (best["act_now"].as_u64(), best["evaluate"].as_u64(), best["none"].as_u64()),
        (Some(3), Some(1), Some(1))
    );
    let out = cli()
        .args(["summary", "--accounts", "--as-of", "2026-11-24", "--cluster", "evaluate"])
        .arg(dir.path().join("october"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Accounts (one per customer): 2"), "{text}");
}

/// A CRM list comes by priority (best cluster, then expiring revenue, then fit), its
/// amounts to the cent: worked out by hand on five rows. Act now: Bigger ($900 expiring),
/// Big ($500), Fit (nothing expiring, fit 90); then Educate: Low, whose two agreements of
/// $0.10 and $0.20 sum to 0.30000000000000004 in floating point, written 0.3.
#[test]
fn crm_lists_come_by_priority_with_amounts_to_the_cent() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("crm.csv");
    std::fs::write(
        &csv,
        "Customer ID,Account Name,Product,Fit Score,Intent Score,Agreement ID,Agreement End Date,Expiring Revenue\n\
         1,Low,Azure,20,20,A1,2027-03-01,0.1\n\
         1,Low,Azure,20,20,A2,2027-03-01,0.2\n\
         2,Big,Azure,80,80,A3,2027-03-01,500\n\
         3,Bigger,Azure,80,80,A4,2027-03-01,900\n\
         4,Fit,Azure,90,90,,,\n",
    )
    .unwrap();
    let out = dir.path().join("list.csv");
    cli().args(["export", "--crm", "salesforce", "--as-of", "2026-11-24", "-o"]).arg(&out).arg(&csv).assert().success();
    let records = read_csv(&out);
    let revenue = records[0].iter().position(|h| h == "Expiring revenue").unwrap();
    let names: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["Bigger", "Big", "Fit", "Low"]);
    let amounts: Vec<&str> = records[1..].iter().map(|r| r[revenue].as_str()).collect();
    assert_eq!(amounts, ["900", "500", "", "0.3"]);
}
