//! Generated workbooks shared by the benchmarks, kept in target/bench-data.

use ascent_viewer::engine::sample::{SampleOptions, write_workbook};
use std::path::{Path, PathBuf};

pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A long "Propensity model" workbook of `rows` predictions (24 columns), made once.
pub fn long_workbook(rows: usize) -> PathBuf {
    let path = data_dir().join(format!("long-{rows}.xlsx"));
    if !path.exists() {
        eprintln!("generating {}...", path.display());
        let tmp = path.with_extension("tmp.xlsx");
        write_workbook(&tmp, &SampleOptions { seed: 7, ..SampleOptions::default() }, Some(rows), true).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}
