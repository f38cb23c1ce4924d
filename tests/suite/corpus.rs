//! Every file of ../shared/corpus (real workbooks this project did not write) loads, or
//! fails with a clear error in a user's words. Never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use ascent_viewer::engine::{Dataset, LoadError, LoadOptions};
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("MANIFEST.tsv").exists().then_some(dir)
}

/// Raw parser phrases a user must never see.
const RAW_PHRASES: [&str; 8] = ["EOCD", "Cfb", "Zip error", "Xml error", "_rels", "BIFF", "Sector", "XlsxError"];

#[test]
fn every_corpus_file_loads_or_fails_clearly() {
    let Some(dir) = corpus_dir() else {
        eprintln!("../shared/corpus not found: skipped");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let (mut loaded, mut no_data, mut errors, mut total) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, expect) = (cols[0], cols[4]);
        total += 1;
        let result = Dataset::load_paths(&[dir.join(path)], &LoadOptions::default(), &mut |_| {});
        match result {
            Ok(ds) => {
                loaded += 1;
                if expect == "error" {
                    failures.push(format!("{path}: expected an error, loaded {} predictions", ds.predictions.len()));
                }
            }
            Err(e) => {
                let message = e.to_string();
                if let Some(raw) = RAW_PHRASES.iter().find(|p| message.contains(*p)) {
                    failures.push(format!("{path}: raw parser words \"{raw}\" in: {message}"));
                }
                if !message.contains(path.rsplit('/').next().unwrap_or(path)) {
                    failures.push(format!("{path}: the message does not name the file: {message}"));
                }
                match e {
                    LoadError::NoData { .. } => {
                        no_data += 1;
                        if expect == "error" {
                            failures.push(format!("{path}: expected a read error, got: {message}"));
                        }
                    }
                    _ => {
                        errors += 1;
                        if expect == "open" {
                            failures.push(format!("{path}: calamine opens it, but: {message}"));
                        }
                    }
                }
            }
        }
    }
    eprintln!("corpus: {total} files, {loaded} loaded, {no_data} with no propensity data, {errors} clear errors");
    assert!(total >= 300, "the manifest lists {total} files");
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}
