//! The 2023 downloads (DOMAIN.md, "Today's downloads"): TSV files with machine headers,
//! Power Apps, Corporate Scale labels, IsNonprofit as a category, sales plays by prefix,
//! workloads, a Propensity column of levels, and `--where` on any column. Every expected
//! figure is counted by hand in `common::fixture_2023`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::columns::{Bound, ColumnCondition};
use ascent_viewer::engine::dataset::FacetKind;
use ascent_viewer::engine::{ClusterKey, Filter, Segment};
use common::{cli, fixture_2023, json_of};
use serde_json::Value;

fn clusters(json: &Value) -> [u64; 5] {
    let c = &json["clusters"];
    ["act_now", "evaluate", "nurture", "educate", "unscored"].map(|k| c[k]["rows"].as_u64().unwrap())
}

#[test]
fn a_2023_month_counts_as_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::session(&[fixture_2023(dir.path())]);
    let s = session.whole();
    s.reconcile().unwrap();
    assert_eq!(s.rows, 14);
    assert_eq!(s.customers, 5);
    let by_cluster = |k| s.cluster(k).rows;
    assert_eq!(by_cluster(ClusterKey::ActNow), 4);
    assert_eq!(by_cluster(ClusterKey::Evaluate), 2);
    assert_eq!(by_cluster(ClusterKey::Nurture), 3);
    assert_eq!(by_cluster(ClusterKey::Educate), 3);
    assert_eq!(by_cluster(ClusterKey::Unscored), 2);
    // the renewal report's Power Apps, D365FO clusters: workbook-only predictions
    assert_eq!(s.from_workbook_rows, 3);
    assert_eq!(s.segment(Segment::TopUnmanagedUser), 2);
    assert_eq!(s.segment(Segment::MidSize), 1);
    assert_eq!(s.segment(Segment::Small), 2);
    assert_eq!(s.segment(Segment::Unknown), 0);
    assert_eq!(s.segments_from_workbook, 2);
    assert_eq!(s.cards.expiring_agreements, 2);
    assert_eq!(s.cards.expiring_revenue, 3000.0);
    assert_eq!(s.cards.open_expiring_revenue, 1000.0);
    let ds = &session.data;
    let power_apps = ds.products.find("Power Apps").unwrap();
    assert_eq!(ds.products.name(power_apps), "Power Apps");
    assert_eq!(ds.predictions.product.iter().filter(|p| **p == power_apps).count(), 4);
    // no "Propensity" level is an unreadable cluster
    let json = serde_json::to_value(&ds.report).unwrap();
    assert!(!json.to_string().contains("not_a_cluster"), "{json}");
}

#[test]
fn sales_plays_workloads_and_facets() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::session(&[fixture_2023(dir.path())]);
    let ds = &session.data;
    for play in [
        "MW_Transition Customer - Compete Google Workspace",
        "D365_Quickbooks Customers with No BC",
        "Azure_Modernize VDI to AVD: Citrix IB",
        "Has M365",
        "HasD365",
        "Has Azure",
    ] {
        assert!(ds.flag_names.iter().any(|f| f == play), "{play} is not a flag: {:?}", ds.flag_names);
    }
    // workloads: Bravo uses two, is recommended one; the search finds it
    let bravo = (0..ds.customers.len()).find(|&c| ds.customers.name.get(c) == "Bravo SA").unwrap();
    assert_eq!(ds.workloads.name(ds.customers.existing_workloads[bravo]), "Virtual Machines; SQL Database");
    assert_eq!(ds.workloads.name(ds.customers.recommended_workloads[bravo]), "Azure Virtual Desktop");
    assert_eq!(ds.customers.existing_workload_count[bravo], 2.0);
    let found = Filter { search: "virtual desktop".into(), ..Filter::default() }.apply(ds, &session.derived);
    assert_eq!(found.len(), 2, "Bravo's M365 and Azure predictions");
    // facets: IsNonprofit is a category with its five values, predictions counted per value
    let facet = ds.facets.iter().find(|f| f.header == "IsNonprofit").expect("IsNonprofit facet");
    let FacetKind::Values { values } = &facet.kind else { panic!("{:?}", facet.kind) };
    // in order of first sight: the folder's files load by name (Azure, Dynamics 365, ...)
    assert_eq!(values, &["Approved - Paid", "Nonprofit", "No", "Approved - Free Only"]);
    let all: Vec<u32> = (0..ds.predictions.len() as u32).collect();
    // Paid: Bravo 2; Nonprofit: Delta 3; No: Alpha 3 + Echo 3; Free Only: Charlie 3
    assert_eq!(facet.counts(ds, &all), [0, 2, 3, 6, 3]);
    for header in ["FY24 Offers", "Expiration Type", "RevSumDivisionName", "LicenseProgram", "SubSegment", "Propensity"]
    {
        assert!(ds.facets.iter().any(|f| f.header == header), "{header} missing from facets");
    }
    assert!(
        ds.facets.iter().any(|f| f.header == "SalesTerritory")
            || ds.columns.iter().any(|c| c.header == "SalesTerritory")
    );
    let org = ds.facets.iter().find(|f| f.header == "OrgSize").expect("OrgSize range");
    assert_eq!(org.kind, FacetKind::Range { min: 10.0, max: 500.0 }, "the band 25-299 reads as 25");
    // neither ids, names nor product groups are facets
    for header in ["CustomerID", "AccountName", "M365Fit", "PowerAppsCluster", "AgreementID"] {
        assert!(!ds.facets.iter().any(|f| f.header == header), "{header} is a facet");
    }
}

#[test]
fn column_conditions_or_within_a_column_and_across_columns() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::session(&[fixture_2023(dir.path())]);
    let ds = &session.data;
    let count = |columns: &[(&str, ColumnCondition)]| {
        let filter =
            Filter { columns: columns.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(), ..Filter::default() };
        filter.apply(ds, &session.derived).len()
    };
    let values =
        |v: &[&str]| ColumnCondition { values: v.iter().map(|s| s.to_string()).collect(), ..Default::default() };
    // a column of another file applies through the customer: Bravo's Azure row passes
    assert_eq!(count(&[("IsNonprofit", values(&["Approved - Paid"]))]), 2);
    assert_eq!(count(&[("isnonprofit", values(&["approved - paid", "Nonprofit"]))]), 5);
    // AND: Nonprofit customers in the East territory (Delta: 3)
    assert_eq!(count(&[("IsNonprofit", values(&["Nonprofit", "No"])), ("SalesTerritory", values(&["East"]))]), 3);
    // a range: Delta's Azure row has 0 existing workloads, Bravo's 2; others have no Azure row
    let range = |lo: Option<f64>, hi: Option<f64>| ColumnCondition {
        at_least: lo.map(Bound),
        at_most: hi.map(Bound),
        ..Default::default()
    };
    // customer-level: Bravo (2 predictions) has 2, Delta (3) has 0
    assert_eq!(count(&[("NumberofExistingWorkloads", range(Some(1.0), None))]), 2);
    assert_eq!(count(&[("NumberofExistingWorkloads", range(None, Some(0.0)))]), 3);
    // blank: FY24 Offers empty for Bravo (2) and Delta (3)
    assert_eq!(count(&[("FY24 Offers", values(&[""]))]), 5);
    assert_eq!(count(&[("No such column", values(&["x"]))]), 0);
}

#[test]
fn where_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let month = fixture_2023(dir.path());
    let p = month.to_str().unwrap();
    let whole = json_of(&["summary", p]);
    assert_eq!(whole["rows"], 14);
    assert_eq!(clusters(&whole), [4, 2, 3, 3, 2]);
    // OR within a column
    let j = json_of(&["summary", p, "--where", "IsNonprofit=Approved - Paid", "--where", "IsNonprofit=Nonprofit"]);
    assert_eq!(j["rows"], 5);
    assert_eq!(j["customers"], 2);
    // AND across columns, and with the fixed filters
    let j = json_of(&["summary", p, "--where", "IsNonprofit=No", "--where", "SalesTerritory=West"]);
    assert_eq!(j["rows"], 6, "Alpha 3 + Echo 3");
    let j = json_of(&["summary", p, "--where", "IsNonprofit=No", "--cluster", "act-now"]);
    assert_eq!(j["rows"], 3, "Alpha M365 and Power Apps, Echo Power Apps");
    // ranges
    let j = json_of(&["summary", p, "--where", "OrgSize>=100", "--where", "OrgSize<=1000"]);
    assert_eq!(j["customers"], 1, "Alpha (500); Charlie's band 25-299 reads as 25");
    let j = json_of(&["summary", p, "--where", "OrgSize>=20", "--where", "OrgSize<=30"]);
    assert_eq!(j["customers"], 1, "Charlie");
    // a column name holding = < > : is found whole
    let j = json_of(&["summary", p, "--where", "Azure_Modernize VDI to AVD: Citrix IB=Yes"]);
    assert_eq!(j["customers"], 1);
    // the JSON keeps its keys
    for key in ["rows", "customers", "cards", "segments", "matrix", "clusters", "breakdowns", "load_report"] {
        assert!(j.get(key).is_some(), "{key}");
    }
    // a missing column: an error naming the columns that exist
    let out = cli().args(["summary", p, "--where", "Nonprofit status=Yes"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Nonprofit status") && err.contains("IsNonprofit") && err.contains("SalesTerritory"), "{err}");
    let out = cli().args(["summary", p, "--where", "OrgSize>=many"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("many"));
    let out = cli().args(["summary", p, "--where", "IsNonprofit"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("COLUMN=VALUE"));
    // French words
    let out = cli().env("LANG", "fr_FR.UTF-8").args(["summary", p, "--where", "Rien=1"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("pas de colonne"));
}

#[test]
fn where_in_exports_and_comparisons() {
    let dir = tempfile::tempdir().unwrap();
    let month = fixture_2023(dir.path());
    let p = month.to_str().unwrap();
    let out_path = dir.path().join("nonprofits.xlsx");
    let out = cli()
        .args(["export", p, "--where", "IsNonprofit=Nonprofit", "--where", "OrgSize<=50", "-o"])
        .arg(&out_path)
        .args(["--as-of", "2026-11-24"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&out_path).unwrap();
    let names = wb.sheet_names();
    let targets = wb.worksheet_range(&names[0]).unwrap();
    assert_eq!(targets.height(), 1 + 3, "Delta's three predictions");
    let rules_sheet = names.iter().find(|n| n.as_str() == "Rules").expect("a Rules sheet");
    let rules = wb.worksheet_range(rules_sheet).unwrap();
    let text: Vec<String> = rules.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    let text = text.join(" | ");
    assert!(text.contains("IsNonprofit: Nonprofit"), "{text}");
    assert!(text.contains("OrgSize at most 50"), "{text}");
    // both months of a comparison
    let j = json_of(&["compare", "--before", p, "--after", p, "--where", "IsNonprofit=Approved - Paid"]);
    assert_eq!(j["before"]["rows"], 2);
    assert_eq!(j["after"]["rows"], 2);
    assert_eq!(j["unchanged"], 2);
    let out = cli().args(["compare", "--before", p, "--after", p, "--where", "Missing=1"]).output().unwrap();
    assert!(!out.status.success());
}

#[test]
fn a_propensity_column_of_levels_is_no_cluster_but_one_of_clusters_is() {
    use common::{N, s, write_xlsx};
    let dir = tempfile::tempdir().unwrap();
    let headers = || vec![s("Customer ID"), s("Product"), s("Fit Score"), s("Intent Score"), s("Propensity")];
    // levels: 80/90 a1 Act now, 60/40 b3 Evaluate, no scores (and "Low") unscored
    let levels = dir.path().join("levels.xlsx");
    write_xlsx(
        &levels,
        &[(
            "Propensity model",
            vec![
                headers(),
                vec![N(1.0), s("Azure"), N(80.0), N(90.0), s("High")],
                vec![N(2.0), s("Azure"), N(60.0), N(40.0), s("Medium")],
                vec![N(3.0), s("Azure"), s(""), s(""), s("Low")],
            ],
        )],
    );
    let session = common::session(&[levels]);
    let s1 = session.whole();
    assert_eq!([s1.cluster(ClusterKey::ActNow).rows, s1.cluster(ClusterKey::Evaluate).rows], [1, 1]);
    assert_eq!(s1.cluster(ClusterKey::Unscored).rows, 1, "a level is not a workbook cluster");
    assert_eq!(s1.from_workbook_rows, 0);
    let json = serde_json::to_value(&session.data.report).unwrap().to_string();
    assert!(!json.contains("not_a_cluster"), "{json}");
    let facet = session.data.facets.iter().find(|f| f.header == "Propensity").expect("Propensity is a facet");
    assert_eq!(facet.kind, FacetKind::Values { values: vec!["High".into(), "Medium".into(), "Low".into()] });
    // the same header holding cluster names is the workbook's cluster
    let clusters = dir.path().join("clusters.xlsx");
    write_xlsx(
        &clusters,
        &[("Propensity model", vec![headers(), vec![N(1.0), s("Azure"), s(""), s(""), s("Nurture")]])],
    );
    let session = common::session(&[clusters]);
    assert_eq!(session.whole().cluster(ClusterKey::Nurture).rows, 1);
    assert_eq!(session.whole().from_workbook_rows, 1);
}
