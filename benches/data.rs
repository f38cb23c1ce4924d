//! Generated workbooks shared by the benchmarks, kept in target/bench-data.
// a measurement harness: a failed unwrap is a failed run
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ascent_viewer::engine::sample::{SampleOptions, write_workbook};
use std::path::{Path, PathBuf};

pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A long "Propensity model" workbook of `rows` predictions (24 columns), made once.
pub fn long_workbook(rows: usize) -> PathBuf {
    long_workbook_month(rows, 0)
}

/// The same workbook `months_before` months earlier (scores drifted), made once.
pub fn long_workbook_month(rows: usize, months_before: u32) -> PathBuf {
    let name =
        if months_before == 0 { format!("long-{rows}.xlsx") } else { format!("long-{rows}-m{months_before}.xlsx") };
    let path = data_dir().join(name);
    if !path.exists() {
        eprintln!("generating {}...", path.display());
        let tmp = path.with_extension("tmp.xlsx");
        let opts = SampleOptions { seed: 7, months_before, ..SampleOptions::default() };
        write_workbook(&tmp, &opts, Some(rows), true).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}
