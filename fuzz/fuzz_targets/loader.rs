//! The whole loader from bytes, as any of the formats it reads: an answer (a data set whose
//! totals reconcile, or an error), never a panic.
#![no_main]

use ascent_viewer::engine::{Dataset, LoadOptions, Rules, Session, Source};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else { return };
    let ext = ["xlsx", "xls", "xlsb", "ods", "csv"][kind as usize % 5];
    let source = Source::Memory { name: format!("fuzz.{ext}"), bytes: Arc::from(bytes) };
    let mut opts = LoadOptions::default();
    opts.detect.max_cells = 200_000;
    if let Ok(data) = Dataset::load(&[(source, ascent_viewer::engine::load::read::Origin::Named)], &opts, &mut |_| {}) {
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        let session = Session::new(Arc::new(data), Rules::default(), as_of);
        let summary = session.whole();
        assert!(summary.reconcile().is_ok(), "{:?}", summary.reconcile());
    }
});
