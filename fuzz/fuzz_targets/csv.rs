//! CSV and TSV from any bytes, as Excel and the download hub write them (UTF-8 with or
//! without BOM, UTF-16 with or without BOM, Windows-1252; commas, semicolons, tabs; quotes
//! left open; long lines): an answer (a data set whose totals reconcile, or an error),
//! never a panic.
#![no_main]

use ascent_viewer::engine::{Dataset, LoadOptions, Rules, Session, Source};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, text)) = data.split_first() else { return };
    let ext = ["csv", "tsv", "txt"][kind as usize % 3];
    // half the inputs as UTF-16, as "Unicode Text" from Excel, with or without its BOM
    let bytes: Vec<u8> = match kind / 3 % 3 {
        1 => [0xFF, 0xFE].into_iter().chain(text.iter().flat_map(|&b| [b, 0])).collect(),
        2 => text.iter().flat_map(|&b| [b, 0]).collect(),
        _ => text.to_vec(),
    };
    let source = Source::Memory { name: format!("fuzz.{ext}"), bytes: Arc::from(bytes) };
    let mut opts = LoadOptions::default();
    opts.detect.max_cells = 200_000;
    opts.detect.max_bytes = 64 << 20;
    if let Ok(data) = Dataset::load(&[(source, ascent_viewer::engine::load::read::Origin::Named)], &opts, &mut |_| {}) {
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        let session = Session::new(Arc::new(data), Rules::default(), as_of);
        let summary = session.whole();
        assert!(summary.reconcile().is_ok(), "{:?}", summary.reconcile());
    }
});
