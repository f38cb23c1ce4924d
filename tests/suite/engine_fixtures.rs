//! The engine on small fixtures whose every expected number was worked out by hand.
//! Each test states the hand count next to the assertion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::dataset::Dimension;
use ascent_viewer::engine::derive::Agreement;
use ascent_viewer::engine::load::table::Shape;
use ascent_viewer::engine::rules::ClusterSource;
use ascent_viewer::engine::{ClusterKey, Filter, MatrixCell, Rules, Segment, Session, Summary};
use common::*;

fn cell(name: &str) -> MatrixCell {
    MatrixCell::from_name(name).unwrap()
}

fn check_reconciles(session: &Session) -> Summary {
    let whole = session.whole();
    whole.reconcile().unwrap();
    whole
}

#[test]
fn every_score_band_boundary() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[fixture_bands(dir.path())]);
    let s = check_reconciles(&session);
    // 14 rows, customers 1..13 (rows 13 and 14 are customer 13)
    assert_eq!(s.rows, 14);
    assert_eq!(s.customers, 13);
    // cells: r7 100/100 a1; r6 75/74.5 and r13 "82"/"61%" a2; r5 74/75 a3; r4 55/54 b3;
    // r3 54/55 b4; r12 High/Very low c1; r2 30/29 d2; r1 29/30 d3; r14 0/0 d4
    let expect =
        [("a1", 1), ("a2", 2), ("a3", 1), ("a4", 0), ("b3", 1), ("b4", 1), ("c1", 1), ("d2", 1), ("d3", 1), ("d4", 1)];
    for (name, rows) in expect {
        assert_eq!(s.cell(cell(name)).rows, rows, "cell {name}");
    }
    assert_eq!(s.matrix.iter().map(|c| c.rows).sum::<usize>(), 10);
    assert_eq!(s.cell(cell("a2")).whitespace_revenue, 600.0 + 1300.0);
    // r8 (fit 105) and r11 (fit "N/A") take the workbook's Nurture; r9 (-3) and r10 (blank,
    // workbook "N/A") are unscored
    assert_eq!(s.from_workbook_rows, 2);
    assert_eq!(s.unscored_rows, 2);
    let act = s.cluster(ClusterKey::ActNow);
    assert_eq!((act.rows, act.whitespace_revenue), (4, 500.0 + 600.0 + 700.0 + 1300.0));
    assert_eq!(s.cluster(ClusterKey::Evaluate).rows, 2);
    let nurture = s.cluster(ClusterKey::Nurture);
    assert_eq!((nurture.rows, nurture.from_workbook, nurture.whitespace_revenue), (3, 2, 1200.0 + 800.0 + 1100.0));
    assert_eq!(s.cluster(ClusterKey::Educate).rows, 3);
    assert_eq!(s.cluster(ClusterKey::Unscored).whitespace_revenue, 900.0 + 1000.0);
    // r1 recomputed Educate vs workbook Act Now; r5 Act now vs Evaluate; r3 agrees
    assert_eq!(s.disagreements, 2);
    assert_eq!(s.agreeing, 1);
    assert_eq!(s.whitespace_revenue, 10_500.0);
    // all customers have 10 employees
    assert_eq!(s.segment(Segment::Small), 13);

    // why each unscored row is unscored
    let d = &session.derived;
    let p = &session.data.predictions;
    assert_eq!(d.source[8], ClusterSource::Unscored);
    assert_eq!(p.fit.state[8].unreadable(), Some(ascent_viewer::engine::load::value::Unreadable::OutOfRange));
    assert_eq!(p.fit.state[9].unreadable(), Some(ascent_viewer::engine::load::value::Unreadable::Missing));
    assert_eq!(d.agreement[0], Agreement::Disagrees);

    // the load report: fit column D, rows 9 (105) and 10 (-3) are problems; row 12 ("N/A")
    // is the download saying "no value": counted apart, as information. Blanks and the "N/A"
    // cluster placeholder are not counted at all.
    use ascent_viewer::engine::load::report::IssueKind;
    let table = &session.data.report.files[0].tables[0];
    assert_eq!(table.shape, Shape::Long);
    assert_eq!(table.header_row, 1);
    assert_eq!(table.unreadable.len(), 2);
    let issue = &table.unreadable[0];
    assert_eq!((issue.header.as_str(), issue.column.as_str(), issue.count), ("Fit Score", "D", 2));
    assert_eq!(issue.kind, IssueKind::Problem);
    let cells: Vec<&str> = issue.examples.iter().map(|e| e.cell.as_str()).collect();
    assert_eq!(cells, ["D9", "D10"]);
    let info = &table.unreadable[1];
    assert_eq!((info.column.as_str(), info.count, info.kind), ("D", 1, IssueKind::NoValue));
    assert_eq!(info.examples[0].cell, "D12");
    assert_eq!(session.data.report.unreadable_total(), 2);
    assert_eq!(session.data.report.no_value_total(), 1);
}

#[test]
fn rules_change_moves_the_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(&[fixture_bands(dir.path())]);
    let mut rules = Rules::default();
    rules.bands.high = 80.0;
    std::sync::Arc::make_mut(&mut session.derived).set_rules(&session.data, rules.clone());
    let s = check_reconciles(&session);
    // high from 80: r5 74/75 and r6 75/74.5 become M/M a4; r13 82/61 stays a2; r7 a1;
    // r12's "High" label is a band, not a score, and stays c1
    assert_eq!(s.cell(cell("a4")).rows, 2);
    assert_eq!(s.cell(cell("a3")).rows, 0);
    assert_eq!(s.cell(cell("a2")).rows, 1);
    assert_eq!(s.cell(cell("c1")).rows, 1);
    assert_eq!(s.cluster(ClusterKey::ActNow).rows, 4);
    // a2 (H/M) mapped to Evaluate: Act now loses r13
    rules.matrix.set(cell("a2"), ascent_viewer::engine::Cluster::Evaluate);
    std::sync::Arc::make_mut(&mut session.derived).set_rules(&session.data, rules);
    let s = check_reconciles(&session);
    assert_eq!(s.cluster(ClusterKey::ActNow).rows, 3);
    assert_eq!(s.cluster(ClusterKey::Evaluate).rows, 3);
}

#[test]
fn every_segment_boundary() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[fixture_segments(dir.path())]);
    let s = check_reconciles(&session);
    // compute: S6 (10,000.01), S10 (flag, no potential), S13 (20,000 and 500 staff)
    // user: S4 (300), S8 ("1000+"), S9 (flag, no size), S15 (20 and 400 on two rows: 400)
    // mid: S2 (25), S3 (299), S7 ("25-299"), S11 (workbook label "Medium Business")
    // small: S1 (24), S5 (10, potential exactly 10,000), S14 ("1 to 24")
    // unknown: S12
    assert_eq!(s.customers, 15);
    assert_eq!(s.segment(Segment::TopUnmanagedCompute), 3);
    assert_eq!(s.segment(Segment::TopUnmanagedUser), 4);
    assert_eq!(s.segment(Segment::MidSize), 4);
    assert_eq!(s.segment(Segment::Small), 3);
    assert_eq!(s.segment(Segment::Unknown), 1);
    assert_eq!(s.segments_from_workbook, 1);
    // S15's second row has no M365 scores: 15 predictions, all 80/80 = a1
    assert_eq!(s.rows, 15);
    assert_eq!(s.cell(cell("a1")).rows, 15);
    // S13 matches both top rules: compute in the pie, both flags kept
    let d = &session.derived;
    let s13 = (0..session.data.customers.len()).find(|c| session.data.customers.name.get(*c) == "S13").unwrap();
    assert_eq!(d.segment[s13], Segment::TopUnmanagedCompute);
    assert!(d.is_top_compute[s13] && d.is_top_user[s13]);
    // the Partner Center 2023 rule set: compute above 12,000, so only S13 and S10 (flag)
    let mut session = session;
    std::sync::Arc::make_mut(&mut session.derived).set_rules(&session.data, Rules::partner_center_2023());
    let s = check_reconciles(&session);
    assert_eq!(s.segment(Segment::TopUnmanagedCompute), 2);
    // S6 (10 staff) becomes small
    assert_eq!(s.segment(Segment::Small), 4);
}

#[test]
fn agreements_around_the_fiscal_year() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[fixture_renewals(dir.path())]);
    let s = check_reconciles(&session);
    // A1..A6 (A2 listed twice counts once); FY27 = 2026-07-01..2027-06-30:
    // expiring A2 (1 July, 2,000), A3 (30 June 2027, 4,000), A5 ("15/03/2027",
    // "$16,000.00"), A6 (no id, 32,000); not A1 (30 June 2026) nor A4 (1 July 2027)
    assert_eq!(s.agreements, 6);
    assert_eq!(s.cards.expiring_agreements, 4);
    assert_eq!(s.cards.expiring_revenue, 54_000.0);
    // Open: A3 "Open License" and A5 "open value subscription"; not CSP nor EA
    assert_eq!(s.cards.open_expiring_revenue, 20_000.0);
    assert_eq!(s.customers, 3);
    // renewal clusters: R1/Azure (A1, "Act Now"), R1/M365 (A2, "Nurture"); A2's Azure
    // "Evaluate" repeats a pair already given
    assert_eq!(s.rows, 2);
    assert_eq!(s.from_workbook_rows, 2);
    assert_eq!(s.cluster(ClusterKey::ActNow).rows, 1);
    assert_eq!(s.cluster(ClusterKey::Nurture).rows, 1);
    // as of a date in FY28, only A4 (1 July 2027) expires
    let mut session = session;
    std::sync::Arc::make_mut(&mut session.derived)
        .set_as_of(&session.data, chrono::NaiveDate::from_ymd_opt(2027, 7, 1).unwrap());
    let s = session.whole();
    assert_eq!((s.cards.expiring_agreements, s.cards.expiring_revenue), (1, 8000.0));
}

#[test]
fn renewal_clusters_fill_only_pairs_no_other_file_gives() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[fixture_renewals(dir.path()), fixture_azure(dir.path())]);
    let s = check_reconciles(&session);
    // azure.xlsx gives R1/Azure (90/20 = c1) and R2/Azure (40/40 = c3); the renewal
    // report adds only R1/Microsoft 365 (Nurture, from the workbook)
    assert_eq!(s.rows, 3);
    assert_eq!(s.customers, 3);
    assert_eq!(s.cell(cell("c1")).rows, 1);
    assert_eq!(s.cell(cell("c3")).rows, 1);
    assert_eq!(s.from_workbook_rows, 1);
    assert_eq!(s.cluster(ClusterKey::Nurture).rows, 3);

    // a filter's cards count its customers' agreements: Azure = R1 and R2, whose
    // expiring agreements are A2 (2,000) and A3 (4,000, Open License)
    let filter = Filter { values: [(Dimension::Product, ["Azure".to_string()].into())].into(), ..Filter::default() };
    let (rows, f) = session.filtered(&filter);
    assert_eq!(rows.len(), 2);
    assert_eq!(f.customers, 2);
    assert_eq!(f.agreements, 4);
    assert_eq!(
        (f.cards.expiring_agreements, f.cards.expiring_revenue, f.cards.open_expiring_revenue),
        (2, 6000.0, 4000.0)
    );
    f.reconcile().unwrap();
    // expiring only: R1, R2, R3 all have an expiring agreement, R3 has no prediction
    let filter = Filter { expiring_only: true, ..Filter::default() };
    let (rows, _) = session.filtered(&filter);
    assert_eq!(rows.len(), 3);
}

#[test]
fn french_headers_under_title_rows_on_a_third_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[fixture_french(dir.path())]);
    let s = check_reconciles(&session);
    let report = &session.data.report.files[0];
    assert_eq!(report.tables.len(), 1);
    assert_eq!((report.tables[0].sheet.as_str(), report.tables[0].header_row), ("Données", 5));
    assert_eq!(report.skipped_sheets.len(), 2);
    // E1 "75,5"/"80" = a1 (workbook "Agissez maintenant" agrees), 1 200 staff = user-based;
    // E2 60/"10" = c4, 12 staff = small; E3 "30"/"55" = b4 (workbook "Évaluer" agrees), 40 = mid
    assert_eq!(s.cell(cell("a1")).rows, 1);
    assert_eq!(s.cell(cell("c4")).rows, 1);
    assert_eq!(s.cell(cell("b4")).rows, 1);
    assert_eq!(s.agreeing, 2);
    assert_eq!(s.disagreements, 0);
    assert_eq!(s.segment(Segment::TopUnmanagedUser), 1);
    assert_eq!(s.segment(Segment::Small), 1);
    assert_eq!(s.segment(Segment::MidSize), 1);
    // "1 234,50 €" + 100 + 200
    assert_eq!(s.whitespace_revenue, 1534.5);
    assert_eq!(session.data.report.unreadable_total(), 0);
}

#[test]
fn csv_with_machine_headers_and_fraction_scores() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[fixture_csv(dir.path())]);
    let s = check_reconciles(&session);
    // 0.8/0.9 -> 80/90 a1 (workbook "A" agrees); 0.5/0.2 -> 50/20 d2; 0.1/0.6 -> 10/60 d1
    // (workbook "Evaluate" disagrees)
    assert_eq!(s.rows, 3);
    assert_eq!(s.cell(cell("a1")).rows, 1);
    assert_eq!(s.cell(cell("d2")).rows, 1);
    assert_eq!(s.cell(cell("d1")).rows, 1);
    assert_eq!(s.agreeing, 1);
    assert_eq!(s.disagreements, 1);
    let table = &session.data.report.files[0].tables[0];
    assert_eq!(table.scaled_from_fraction, ["AzureFit", "AzureIntent"]);
    assert_eq!(table.products, ["Azure"]);
    // the id with leading zeros stays text
    let ids: Vec<&str> = (0..3).map(|c| session.data.customers.id.get(c)).collect();
    assert_eq!(ids, ["1001", "1002", "0003"]);
    assert_eq!(s.by(Dimension::Country)[session.data.countries.find("france").unwrap() as usize], 2);
}

#[test]
fn customers_join_across_files_by_id_and_name() {
    let dir = tempfile::tempdir().unwrap();
    // R1 and R2 appear in both files by id: 3 customers, not 5
    let session = session(&[fixture_azure(dir.path()), fixture_renewals(dir.path())]);
    assert_eq!(session.whole().customers, 3);
    // a name-only row joins the customer of that name
    let path = dir.path().join("names.xlsx");
    write_xlsx(
        &path,
        &[(
            "Data",
            vec![
                vec![s("Account Name"), s("Product"), s("Fit"), s("Intent")],
                vec![s("renew one "), s("Surface"), N(80.0), N(80.0)],
                vec![s("Nobody"), s("Surface"), N(80.0), N(80.0)],
                vec![B, s("Surface"), N(80.0), N(80.0)],
            ],
        )],
    );
    let session = common::session(&[fixture_azure(dir.path()), path]);
    // R1, R2, Nobody, and the row with neither id nor name is a customer of its own
    assert_eq!(session.whole().customers, 4);
}

#[test]
fn filters_select_the_right_rows() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[fixture_bands(dir.path())]);
    let count = |f: Filter| session.filtered(&f).0.len();
    assert_eq!(count(Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() }), 4);
    assert_eq!(count(Filter { clusters: [ClusterKey::Unscored, ClusterKey::Evaluate].into(), ..Filter::default() }), 4);
    assert_eq!(count(Filter { cells: [cell("a2")].into(), ..Filter::default() }), 2);
    assert_eq!(count(Filter { cells: [cell("a2")].into(), search: "THIRTEEN".into(), ..Filter::default() }), 1);
    assert_eq!(
        count(Filter { values: [(Dimension::Product, ["surface".into()].into())].into(), ..Filter::default() }),
        1
    );
    // rows 1 and 2 say "M365"
    assert_eq!(
        count(Filter { values: [(Dimension::Product, ["Microsoft 365".into()].into())].into(), ..Filter::default() }),
        2
    );
    assert_eq!(count(Filter { disagreements_only: true, ..Filter::default() }), 2);
    assert_eq!(
        count(Filter { values: [(Dimension::Product, ["No such product".into()].into())].into(), ..Filter::default() }),
        0
    );
    let (rows, f) = session.filtered(&Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() });
    assert_eq!(rows, [4, 5, 6, 12]);
    assert_eq!(f.customers, 4);
    f.reconcile().unwrap();
}

#[test]
fn wide_file_with_three_product_groups() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.xlsx");
    write_xlsx(
        &path,
        &[(
            "Insights",
            vec![
                vec![s("Cloud Ascent - Microsoft 365 propensity report")],
                vec![],
                vec![
                    s("Customer ID"),
                    s("Account Name"),
                    s("M365Fit"),
                    s("M365Intent"),
                    s("M365Cluster"),
                    s("Azure Fit"),
                    s("Azure Intent"),
                    s("Surface Fit"),
                    s("Surface Intent"),
                    s("Surface Cluster"),
                ],
                // T1: M365 80/80 a1, Azure 80/20 c1 (20 is Very low), Surface blank (no prediction)
                vec![N(1.0), s("T1"), N(80.0), N(80.0), s("Act Now"), N(80.0), N(20.0), B, B, B],
                // T2: M365 blank, Azure 10/10 d4, Surface cluster only "Nurture" (from workbook)
                vec![N(2.0), s("T2"), B, B, B, N(10.0), N(10.0), B, B, s("Nurture")],
                // T3: all three: M365 60/60 a4, Azure "82"/"31" b1, Surface 40/90 b2
                vec![N(3.0), s("T3"), N(60.0), N(60.0), B, s("82"), s("31"), N(40.0), N(90.0), B],
            ],
        )],
    );
    let session = session(&[path]);
    let s = check_reconciles(&session);
    let table = &session.data.report.files[0].tables[0];
    assert_eq!(table.shape, ascent_viewer::engine::load::table::Shape::Wide);
    assert_eq!(table.products, ["Microsoft 365", "Azure", "Surface"]);
    assert_eq!(s.rows, 7);
    assert_eq!(s.customers, 3);
    assert_eq!(s.cell(cell("a1")).rows, 1);
    assert_eq!(s.cell(cell("c1")).rows, 1);
    assert_eq!(s.cell(cell("b1")).rows, 1);
    assert_eq!(s.cell(cell("d4")).rows, 1);
    assert_eq!(s.cell(cell("a4")).rows, 1);
    assert_eq!(s.cell(cell("b2")).rows, 1);
    assert_eq!(s.from_workbook_rows, 1);
    assert_eq!(s.unscored_rows, 0);
    // per product: M365 2, Azure 3, Surface 2
    let count = |name: &str| s.by(Dimension::Product)[session.data.products.find(name).unwrap() as usize];
    assert_eq!((count("Microsoft 365"), count("Azure"), count("Surface")), (2, 3, 2));
}

#[test]
fn summaries_on_two_threads_equal_one() {
    use ascent_viewer::engine::{Selection, Summary};
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let session = session(&[assets]);
    let (ds, d) = (&session.data, &session.derived);
    assert_eq!(
        Summary::compute_split(ds, d, Selection::All, usize::MAX),
        Summary::compute_split(ds, d, Selection::All, 0)
    );
    let rows = Filter { clusters: [ClusterKey::Evaluate].into(), ..Filter::default() }.apply(ds, d);
    let one = Summary::compute_split(ds, d, Selection::Rows(&rows), usize::MAX);
    let two = Summary::compute_split(ds, d, Selection::Rows(&rows), 0);
    // sums of floats in another order may differ in the last bits
    assert_eq!(
        (one.rows, one.customers, one.matrix.map(|c| c.rows)),
        (two.rows, two.customers, two.matrix.map(|c| c.rows))
    );
    assert_eq!(
        (one.by(Dimension::Product).to_vec(), one.by_flag.clone(), one.cards.expiring_agreements),
        (two.by(Dimension::Product).to_vec(), two.by_flag, two.cards.expiring_agreements)
    );
    one.reconcile().unwrap();
}

#[test]
fn whole_summary_after_a_rules_change_keeps_its_breakdowns() {
    use ascent_viewer::engine::{Selection, Summary};
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let mut session = session(&[assets]);
    let before = session.whole();
    let mut rules = Rules::default();
    rules.bands.high = 85.0;
    rules.segments.user_based_employees_from = 250.0;
    std::sync::Arc::make_mut(&mut session.derived).set_rules(&session.data, rules);
    let quick = Summary::whole_after_rules(&session.data, &session.derived, &before);
    let full = Summary::compute(&session.data, &session.derived, Selection::All);
    assert_eq!(quick, full);
    assert_ne!(full.matrix, before.matrix);
}

#[test]
fn a_month_read_side_by_side_equals_one_file_after_another() {
    use ascent_viewer::engine::{Dataset, LoadOptions};
    // four files of 5,000 rows: two chunks each, so rows wait, stored compactly, for the builder
    let dir = tempfile::tempdir().unwrap();
    let opts = ascent_viewer::engine::sample::SampleOptions { customers: 5000, ..Default::default() };
    ascent_viewer::engine::sample::write_insights(dir.path(), &opts).unwrap();
    let load = |max_readers| {
        let opts = LoadOptions { max_readers, ..LoadOptions::default() };
        let mut files = Vec::new();
        let ds = Dataset::load_paths(&[dir.path().to_path_buf()], &opts, &mut |p| files.push(p.name)).unwrap();
        (ds, files)
    };
    let (one_by_one, files_one) = load(1);
    let (side_by_side, files_side) = load(4);
    assert_eq!(files_one.len(), 4);
    assert_eq!(files_one, files_side, "progress names the files in the same order");
    let (a, b) = (&one_by_one.predictions, &side_by_side.predictions);
    assert!(a.len() > 9000);
    assert_eq!((&a.table, &a.row, &a.customer, &a.product), (&b.table, &b.row, &b.customer, &b.product));
    assert_eq!(one_by_one.customers.len(), side_by_side.customers.len());
    assert_eq!(format!("{:?}", one_by_one.report), format!("{:?}", side_by_side.report));
    // every cell kept, whichever thread stored it
    for (ta, tb) in one_by_one.tables.iter().zip(&side_by_side.tables) {
        assert_eq!(ta.rows(), tb.rows());
        for row in (0..ta.rows()).step_by(97) {
            for col in 0..ta.headers.len() {
                assert_eq!(ta.cell(row, col), tb.cell(row, col), "{} row {row} col {col}", ta.sheet);
            }
        }
    }
}
