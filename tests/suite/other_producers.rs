//! Files saved by another program (openpyxl; see tests/data/make_openpyxl_fixtures.py),
//! with every expected number worked out by hand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::load::value::Unreadable;
use ascent_viewer::engine::{ClusterKey, MatrixCell, Segment};
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn cell(name: &str) -> MatrixCell {
    MatrixCell::from_name(name).unwrap()
}

#[test]
fn wide_report_with_merged_product_titles() {
    let session = common::session(&[data("openpyxl-wide-merged.xlsx")]);
    let s = session.whole();
    s.reconcile().unwrap();
    let table = &session.data.report.files[0].tables[0];
    assert_eq!((table.sheet.as_str(), table.header_row), ("Report", 5));
    assert_eq!(table.products, ["Microsoft 365", "Azure"]);
    // W1 M365 80/80 a1 (agrees), W1 Azure 20/90 c2 (workbook "B" disagrees), W2 M365
    // "60"/40 b3, W2 Azure blank (no prediction), W3 M365 no fit and #N/A cluster
    // (unscored), W3 Azure 55/55 a4 (agrees)
    assert_eq!(s.rows, 5);
    for name in ["a1", "c2", "b3", "a4"] {
        assert_eq!(s.cell(cell(name)).rows, 1, "{name}");
    }
    assert_eq!(s.unscored_rows, 1);
    assert_eq!((s.agreeing, s.disagreements), (2, 1));
    assert_eq!(s.cluster(ClusterKey::ActNow).rows, 2);
    // W1 500 staff = user-based, W2 "25-299" = mid-size, W3 no size = unknown
    assert_eq!(s.segment(Segment::TopUnmanagedUser), 1);
    assert_eq!(s.segment(Segment::MidSize), 1);
    assert_eq!(s.segment(Segment::Unknown), 1);
    // the #N/A cluster is reported as an error cell at F8
    let issue = table.unreadable.iter().find(|i| i.column == "F").unwrap();
    assert_eq!((issue.count, issue.examples[0].cell.as_str()), (1, "F8"));
    assert_eq!(issue.examples[0].reason, Unreadable::ErrorCell);
}

#[test]
fn renewals_with_dates_as_cells_and_text_and_a_status_column() {
    let session = common::session(&[data("openpyxl-wide-merged.xlsx"), data("openpyxl-renewals.xlsx")]);
    let s = session.whole();
    s.reconcile().unwrap();
    assert_eq!(s.customers, 3);
    // FY27: K1 (30 June 2027, 1,000), K2 ("2026-07-01", "2,500.50"), K3 ("13/02/2027",
    // "1.000,25"); not K4 (30 June 2026)
    assert_eq!(s.cards.expiring_agreements, 3);
    assert!((s.cards.expiring_revenue - 4500.75).abs() < 1e-9);
    // no license program column: status Open (K1) and Active (K3) are open
    assert!((s.cards.open_expiring_revenue - 2000.25).abs() < 1e-9);
    let renewals = &session.data.report.files[1].tables[0];
    assert_eq!(renewals.open_rule, Some(ascent_viewer::engine::load::report::OpenRule::AgreementStatus));
}
