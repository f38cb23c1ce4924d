//! Property tests: bands and cells are total and monotone, totals reconcile for any
//! generated workbook, and two generated months match every prediction exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use ascent_viewer::engine::compare::{Comparison, MoveFilter};
use ascent_viewer::engine::{
    Band, ClusterKey, Dataset, Filter, LoadOptions, MatrixCell, Rules, Selection, Session, Source, Summary,
};
use proptest::prelude::*;
use std::sync::Arc;

fn strength(b: Band) -> usize {
    3 - b.index()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn bands_are_total_and_monotone(low in 0.0f64..98.0, gap1 in 0.5f64..10.0, gap2 in 0.5f64..10.0, a in 0.0f64..=100.0, b in 0.0f64..=100.0) {
        let mut rules = Rules::default();
        rules.bands.low = low;
        rules.bands.medium = (low + gap1).min(99.0);
        rules.bands.high = (rules.bands.medium + gap2).min(100.0);
        prop_assume!(rules.validate().is_ok());
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        // every score has a band, and a higher score never a weaker one
        prop_assert!(strength(rules.band_of(hi)) >= strength(rules.band_of(lo)));
    }

    #[test]
    fn a_higher_score_never_lands_in_a_weaker_cluster(f1 in 0.0f64..=100.0, f2 in 0.0f64..=100.0, i1 in 0.0f64..=100.0, i2 in 0.0f64..=100.0) {
        let rules = Rules::default();
        let cluster = |f: f64, i: f64| rules.cluster_of(MatrixCell::new(rules.band_of(f), rules.band_of(i))).index();
        let (flo, fhi) = if f1 <= f2 { (f1, f2) } else { (f2, f1) };
        let (ilo, ihi) = if i1 <= i2 { (i1, i2) } else { (i2, i1) };
        // cluster indices: 0 = Act now (strongest) .. 3 = Educate
        prop_assert!(cluster(fhi, ihi) <= cluster(flo, ilo));
        prop_assert!(cluster(fhi, ilo) <= cluster(flo, ilo));
        prop_assert!(cluster(flo, ihi) <= cluster(flo, ilo));
    }

    #[test]
    fn totals_reconcile_for_any_generated_workbook(
        rows in proptest::collection::vec(
            (0u8..30, 0usize..4, proptest::sample::select(vec!["", "N/A", "High", "0.5", "55", "74.5", "101", "-3", "82%"]),
             proptest::sample::select(vec!["", "x", "Low", "30", "29", "75", "100", "0"]),
             proptest::sample::select(vec!["", "Act Now", "b3", "Nurture", "zz", "D"]),
             proptest::sample::select(vec!["", "12", "25-299", "300", "1000+", "n/a"])),
            1..60),
        cluster_filter in 0usize..5,
    ) {
        let products = ["Azure", "M365", "Surface", ""];
        let mut csv = String::from("Customer ID,Product,Fit Score,Intent Score,Cluster,Org Size,Agreement ID,Agreement End Date,Expiring Revenue\n");
        for (k, (id, p, fit, intent, cluster, size)) in rows.iter().enumerate() {
            let agreement = if k % 3 == 0 { format!("A{}", id % 7) } else { String::new() };
            csv.push_str(&format!("{id},{},{fit},{intent},{cluster},{size},{agreement},2027-0{}-15,{k}\n", products[*p], 1 + k % 9));
        }
        let source = Source::Memory { name: "generated.csv".into(), bytes: Arc::from(csv.into_bytes()) };
        let data = Dataset::load(&[(source, ascent_viewer::engine::load::read::Origin::Named)], &LoadOptions::default(), &mut |_| {}).unwrap();
        let session = Session::new(Arc::new(data), Rules::default(), chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        let whole = session.whole();
        prop_assert_eq!(whole.rows, rows.len());
        prop_assert!(whole.reconcile().is_ok(), "{:?}", whole.reconcile());
        let filter = Filter { clusters: [ClusterKey::ALL[cluster_filter]].into(), ..Filter::default() };
        let selected = filter.apply(&session.data, &session.derived);
        let part = Summary::compute(&session.data, &session.derived, Selection::Rows(&selected));
        prop_assert!(part.reconcile().is_ok());
        // the figures a screen shows are the same without the breakdowns
        for parallel_from in [1, usize::MAX] {
            let figures = Summary::compute_figures(&session.data, &session.derived, Selection::Rows(&selected), parallel_from);
            prop_assert_eq!(&figures.cards, &part.cards);
            prop_assert_eq!(&figures.clusters, &part.clusters);
            prop_assert_eq!(&figures.matrix, &part.matrix);
            prop_assert_eq!((figures.rows, figures.customers, figures.segments), (part.rows, part.customers, part.segments));
            prop_assert_eq!((figures.unscored_rows, figures.disagreements), (part.unscored_rows, part.disagreements));
        }
        prop_assert_eq!(part.rows, whole.cluster(ClusterKey::ALL[cluster_filter]).rows);
    }

    #[test]
    fn two_generated_months_match_every_prediction_once(
        before in proptest::collection::vec((0u8..12, 0usize..3, 0u8..101, 0u8..101), 0..40),
        after in proptest::collection::vec((0u8..12, 0usize..3, 0u8..101, 0u8..101), 0..40),
        moved_cell in (0u8..6, 0u8..6),
    ) {
        let month = |rows: &[(u8, usize, u8, u8)], name: &str| {
            let products = ["Azure", "M365", "Surface"];
            let mut csv = String::from("Customer ID,Product,Fit Score,Intent Score\n");
            for (id, p, fit, intent) in rows {
                csv.push_str(&format!("C{id},{},{fit},{intent}\n", products[*p]));
            }
            let source = Source::Memory { name: name.into(), bytes: Arc::from(csv.into_bytes()) };
            match Dataset::load(&[(source, ascent_viewer::engine::load::read::Origin::Named)], &LoadOptions::default(), &mut |_| {}) {
                Ok(data) => Some(Session::new(Arc::new(data), Rules::default(), chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())),
                Err(_) => None,
            }
        };
        let (Some(b), Some(a)) = (month(&before, "october.csv"), month(&after, "november.csv")) else {
            // a month without rows has no table to compare
            prop_assume!(false);
            unreachable!()
        };
        let cmp = Comparison::new(b, a);
        // every prediction of each month is in exactly one pair
        let mut seen_before = vec![0; cmp.before.data.predictions.len()];
        let mut seen_after = vec![0; cmp.after.data.predictions.len()];
        for k in 0..cmp.len() {
            let (i, j) = cmp.rows(k);
            prop_assert!(i.is_some() || j.is_some());
            if let Some(i) = i { seen_before[i] += 1; }
            if let Some(j) = j { seen_after[j] += 1; }
        }
        prop_assert!(seen_before.iter().all(|n| *n == 1));
        prop_assert!(seen_after.iter().all(|n| *n == 1));
        // a matched pair has the same customer and product on both sides
        for k in 0..cmp.len() {
            if let (Some(i), Some(j)) = cmp.rows(k) {
                let name = |s: &Session, i: usize| {
                    let p = &s.data.predictions;
                    (s.data.customers.id.get(p.customer[i] as usize).to_string(), s.data.products.name(p.product[i]).to_string())
                };
                prop_assert_eq!(name(&cmp.before, i), name(&cmp.after, j));
            }
        }
        // the table reconciles with both months, and a cell filter selects that cell's count
        let all: Vec<u32> = (0..cmp.len() as u32).collect();
        let t = cmp.transitions(&all);
        prop_assert!(t.reconcile(&cmp.before.whole(), &cmp.after.whole()).is_ok());
        let mut one = all.clone();
        let moves = MoveFilter { cells: [moved_cell].into(), ..MoveFilter::default() };
        cmp.select_coded(&mut one, &moves, &cmp.codes());
        prop_assert_eq!(one.len(), t.cells[moved_cell.0 as usize][moved_cell.1 as usize].0);
    }
}
