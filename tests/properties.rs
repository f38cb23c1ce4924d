//! Property tests: bands and cells are total and monotone, and totals reconcile for any
//! generated workbook.

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
            0..60),
        cluster_filter in 0usize..5,
    ) {
        let products = ["Azure", "M365", "Surface", ""];
        let mut csv = String::from("Customer ID,Product,Fit Score,Intent Score,Cluster,Org Size,Agreement ID,Agreement End Date,Expiring Revenue\n");
        for (k, (id, p, fit, intent, cluster, size)) in rows.iter().enumerate() {
            let agreement = if k % 3 == 0 { format!("A{}", id % 7) } else { String::new() };
            csv.push_str(&format!("{id},{},{fit},{intent},{cluster},{size},{agreement},2027-0{}-15,{k}\n", products[*p], 1 + k % 9));
        }
        let source = Source::Memory { name: "generated.csv".into(), bytes: Arc::from(csv.into_bytes()) };
        let data = Dataset::load(&[(source, false)], &LoadOptions::default(), &mut |_| {}).unwrap();
        let session = Session::new(Arc::new(data), Rules::default(), chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        let whole = session.whole();
        prop_assert_eq!(whole.rows, rows.len());
        prop_assert!(whole.reconcile().is_ok(), "{:?}", whole.reconcile());
        let filter = Filter { clusters: [ClusterKey::ALL[cluster_filter]].into(), ..Filter::default() };
        let selected = filter.apply(&session.data, &session.derived);
        let part = Summary::compute(&session.data, &session.derived, Selection::Rows(&selected));
        prop_assert!(part.reconcile().is_ok());
        prop_assert_eq!(part.rows, whole.cluster(ClusterKey::ALL[cluster_filter]).rows);
    }
}
