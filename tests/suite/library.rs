//! The library of months (#31): months kept as Parquet and opened again the same, trends,
//! streaks, new and gone customers counted by hand, damaged and lying entries, a library
//! that cannot be written, and the Parquet files read by a reader that is not ours.

use super::common::*;
use ascent_viewer::engine::library::{KeepOptions, Kept, Library, LibraryError, Month, Replace, digest, entry_sources};
use ascent_viewer::engine::trend::{Trend, TrendRequest};
use ascent_viewer::engine::{Dataset, Filter, LoadOptions, Rules};
use std::path::{Path, PathBuf};

/// Customers over four months (long CSV: id, name, product, fit, intent), as the cloudascent
/// rules read them (H >= 75, M >= 55, L >= 30, VL below; a1..a4 Act now: H/H H/M M/H M/M;
/// b1 H/L, b2 L/H Evaluate; c2 VL/H Nurture; d1 VL/M, d4 VL/VL Educate):
/// - C1 stays: Azure 80/80 (a1) every month.
/// - C2 rises: 20/80 Nurture, 40/80 Evaluate, 60/60 Act now, 80/60 Act now.
/// - C3 falls: 80/80, 80/80 Act now, 80/40 Evaluate, 10/10 Educate.
/// - C4 leaves: 40/80 Evaluate in August and September, then gone.
/// - C5 arrives: October 10/60 Educate, November 10/80 Nurture.
/// - C6 two products every month: Azure 80/80 Act now, Microsoft 365 10/10 Educate.
const MONTHS: [(&str, [&str; 6]); 4] = [
    ("2026-08", ["C1,Stay,Azure,80,80", "C2,Rise,Azure,20,80", "C3,Fall,Azure,80,80", "C4,Leave,Azure,40,80", "", ""]),
    ("2026-09", ["C1,Stay,Azure,80,80", "C2,Rise,Azure,40,80", "C3,Fall,Azure,80,80", "C4,Leave,Azure,40,80", "", ""]),
    ("2026-10", ["C1,Stay,Azure,80,80", "C2,Rise,Azure,60,60", "C3,Fall,Azure,80,40", "", "C5,Arrive,Azure,10,60", ""]),
    ("2026-11", ["C1,Stay,Azure,80,80", "C2,Rise,Azure,80,60", "C3,Fall,Azure,10,10", "", "C5,Arrive,Azure,10,80", ""]),
];

fn write_months(dir: &Path) -> Vec<(Month, PathBuf)> {
    MONTHS
        .iter()
        .map(|(month, rows)| {
            let mut text = String::from("Customer ID,Customer Name,Product,Fit,Intent\n");
            for row in rows.iter().filter(|r| !r.is_empty()) {
                text.push_str(row);
                text.push('\n');
            }
            text.push_str("C6,Two,Azure,80,80\nC6,Two,Microsoft 365,10,10\n");
            let path = dir.join(format!("propensity-{month}.csv"));
            std::fs::write(&path, text).unwrap();
            (Month::parse(month).unwrap(), path)
        })
        .collect()
}

fn keep_all(library: &Library, months: &[(Month, PathBuf)]) {
    for (month, path) in months {
        let ds = Dataset::load_paths(std::slice::from_ref(path), &LoadOptions::default(), &mut |_| {}).unwrap();
        let opts = KeepOptions { month: *month, replace: Replace::Refuse, overrides: Vec::new(), sample: false };
        assert!(matches!(library.keep(&ds, &opts).unwrap(), Kept::Added { .. }));
    }
}

fn trend(library: &Library, filter: &Filter) -> Trend {
    let (rules, load) = (Rules::cloudascent(), LoadOptions::default());
    let request = TrendRequest { filter, rules: &rules, as_of: as_of(), from: None, to: None, load: &load };
    Trend::compute(library, &request, &mut |_| {}).unwrap()
}

#[test]
fn trend_figures_match_the_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path().join("library"));
    keep_all(&library, &write_months(dir.path()));
    let t = trend(&library, &Filter::default());
    let keys: Vec<String> = t.months.iter().map(|m| m.month.key()).collect();
    assert_eq!(keys, ["2026-08", "2026-09", "2026-10", "2026-11"]);
    assert!(t.months.iter().all(|m| m.rows == 6 && m.customers == 5));
    // predictions per cluster: act now, evaluate, nurture, educate, unscored
    let clusters: Vec<[usize; 5]> = t.months.iter().map(|m| m.clusters).collect();
    assert_eq!(clusters, [[3, 1, 1, 1, 0], [3, 2, 0, 1, 0], [3, 1, 0, 2, 0], [3, 0, 1, 2, 0]]);
    // accounts by best cluster (C6's best is Act now)
    let best: Vec<[usize; 6]> = t.months.iter().map(|m| m.accounts_by_best).collect();
    assert_eq!(best, [[3, 1, 1, 0, 0, 0], [3, 2, 0, 0, 0, 0], [3, 1, 0, 1, 0, 0], [3, 0, 1, 1, 0, 0]]);
    let moved: Vec<(Option<usize>, Option<usize>)> =
        t.months.iter().map(|m| (m.new_customers, m.gone_customers)).collect();
    assert_eq!(moved, [(None, None), (Some(0), Some(0)), (Some(1), Some(1)), (Some(0), Some(0))]);

    // a filter applies month by month: Evaluate only
    let evaluate = Filter { clusters: [ascent_viewer::engine::ClusterKey::Evaluate].into(), ..Filter::default() };
    let rows: Vec<usize> = trend(&library, &evaluate).months.iter().map(|m| m.rows).collect();
    assert_eq!(rows, [1, 2, 1, 0]);
}

/// The digest a trend reads gives the figures the months' files give.
#[test]
fn a_trend_from_the_digests_is_the_trend_from_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path().join("library"));
    for k in 0..3u32 {
        let folder = dir.path().join(format!("m{k}"));
        cli()
            .args(["sample", "-o", folder.to_str().unwrap(), "--customers", "600", "--months-before"])
            .arg(k.to_string())
            .assert()
            .success();
        let ds = Dataset::load_paths(&[folder], &LoadOptions::default(), &mut |_| {}).unwrap();
        let month = Month::new(2026, 11 - k).unwrap();
        library
            .keep(&ds, &KeepOptions { month, replace: Replace::Refuse, overrides: Vec::new(), sample: false })
            .unwrap();
    }
    let expiring = Filter { expiring_only: true, ..Filter::default() };
    let search = Filter { search: "woodgrove".into(), ..Filter::default() };
    for filter in [Filter::default(), expiring, search] {
        let from_digests = trend(&library, &filter);
        for entry in library.list().unwrap().entries {
            for name in ["digest-predictions.parquet", "digest-customers.parquet"] {
                let _ = std::fs::remove_file(entry.dir.join(name));
            }
        }
        let from_tables = trend(&library, &filter);
        assert_eq!(from_digests.months, from_tables.months);
        assert!(from_tables.skipped.is_empty());
        assert_eq!(from_digests.months.len(), 3);
        // the digests back, for the next filter
        for entry in library.list().unwrap().entries {
            let ds = library.load(entry.month, &LoadOptions::default(), &mut |_| {}).unwrap();
            let opts =
                KeepOptions { month: entry.month, replace: Replace::Replace, overrides: Vec::new(), sample: false };
            std::fs::remove_dir_all(&entry.dir).unwrap();
            library.keep(&ds, &opts).unwrap();
        }
    }
}

#[test]
fn streaks_months_in_act_now_and_first_seen_are_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path().join("library"));
    keep_all(&library, &write_months(dir.path()));
    let t = trend(&library, &Filter::default());
    let november = library.load(Month::parse("2026-11").unwrap(), &LoadOptions::default(), &mut |_| {}).unwrap();
    let session = ascent_viewer::engine::Session::new(std::sync::Arc::new(november), Rules::cloudascent(), as_of());
    let h = t.history_for(&session.data, &session.derived, Month::parse("2026-11").unwrap());
    let by_id = |id: &str| (0..session.data.customers.len()).find(|&c| session.data.customers.id.get(c) == id).unwrap();
    let act_now = ascent_viewer::engine::ClusterKey::ActNow;
    let seen = |c: usize| h.first_seen(c).map(|m| m.key());
    // (streak, months in Act now, first seen)
    for (id, streak, months, first) in [
        ("C1", 4, 4, "2026-08"),
        ("C2", 2, 2, "2026-08"),
        ("C3", 1, 2, "2026-08"),
        ("C5", 1, 0, "2026-10"),
        ("C6", 4, 4, "2026-08"),
    ] {
        let c = by_id(id);
        assert_eq!((h.streak(c), h.months_in(c, act_now), seen(c).as_deref()), (streak, months, Some(first)), "{id}");
    }
}

#[test]
fn the_command_line_keeps_lists_trends_and_filters_by_streak() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("library");
    let lib_arg = lib.to_str().unwrap();
    for (month, path) in write_months(dir.path()) {
        let out = cli()
            .args(["library", "add", path.to_str().unwrap(), "--month", &month.key(), "--library", lib_arg])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("kept in the library"));
    }
    // the same file again is recognised, under any month
    let again = cli()
        .args(["library", "add", dir.path().join("propensity-2026-11.csv").to_str().unwrap(), "--month", "2026-11"])
        .args(["--library", lib_arg])
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("already kept, as November 2026"));
    // other files for a month kept are refused without --force
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "Customer ID,Customer Name,Product,Fit,Intent\nC9,Nine,Azure,80,80\n").unwrap();
    let refused = cli()
        .args(["library", "add", other.to_str().unwrap(), "--month", "2026-11", "--library", lib_arg])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));

    let list = list_json(lib_arg);
    let months: Vec<&str> = list["months"].as_array().unwrap().iter().map(|m| m["month"].as_str().unwrap()).collect();
    assert_eq!(months, ["2026-08", "2026-09", "2026-10", "2026-11"]);
    assert_eq!(list["months"][0]["files"][0]["sha256"].as_str().unwrap().len(), 64);

    let trend = json_of(&["trend", "--library", lib_arg, "--from", "2026-09"]);
    assert_eq!(trend["months"], serde_json::json!(["2026-09", "2026-10", "2026-11"]));
    assert_eq!(trend["clusters"]["evaluate"], serde_json::json!([2, 1, 0]));
    assert_eq!(trend["new_customers"], serde_json::json!([null, 1, 0]));
    assert_eq!(trend["accounts_by_best_cluster"]["act_now"], serde_json::json!([3, 3, 3]));

    // in Act now for three months running in November: C1 and C6 (three predictions)
    let streak = json_of(&["summary", "--month", "2026-11", "--library", lib_arg, "--streak", "act-now:3"]);
    assert_eq!((streak["rows"].as_u64(), streak["customers"].as_u64()), (Some(3), Some(2)));
    let two = json_of(&["summary", "--month", "2026-11", "--library", lib_arg, "--streak", "act-now:2"]);
    assert_eq!(two["customers"].as_u64(), Some(3));
    let new = json_of(&["summary", "--month", "2026-10", "--library", lib_arg, "--new"]);
    assert_eq!(new["customers"].as_u64(), Some(1));

    // the accounts export gains the history columns
    let csv = dir.path().join("accounts.csv");
    let out = cli()
        .args(["export", "--month", "2026-11", "--library", lib_arg, "--accounts", "--format", "csv", "-o"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().trim_start_matches('\u{feff}').split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row = text.lines().find(|l| l.starts_with("C2,")).unwrap().split(',').collect::<Vec<_>>();
    assert_eq!(
        (row[at("Streak (months)")], row[at("Months in Act now")], row[at("First seen")]),
        ("2", "2", "2026-08")
    );

    // the report gains a trends page: the clusters over the months up to November
    let pdf = dir.path().join("report.pdf");
    let out = cli().args(["report", "--month", "2026-11", "--library", lib_arg, "-o"]).arg(&pdf).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 pages"));
    let text = pdf_extract::extract_text(&pdf).unwrap();
    assert!(text.contains("Trends: predictions per cluster"), "{text}");
    assert!(text.contains("4 months, August 2026 to November 2026"), "{text}");

    let removed = cli().args(["library", "remove", "2026-08", "--library", lib_arg]).output().unwrap();
    assert!(removed.status.success());
    let list = list_json(lib_arg);
    assert_eq!(list["months"].as_array().unwrap().len(), 3);
}

fn list_json(library: &str) -> serde_json::Value {
    let out = cli().args(["library", "list", "--json", "--library", library]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_month_from_the_library_is_the_month_from_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("library");
    let month = sample_workbook(dir.path(), 300);
    let insights = dir.path().join("insights");
    cli().args(["sample", "-o", insights.to_str().unwrap(), "--customers", "400"]).assert().success();
    for (paths, key) in [(vec![month.clone()], "2026-10"), (vec![insights.clone()], "2026-11")] {
        let mut add = cli();
        add.args(["library", "add"]).args(&paths).args(["--month", key, "--library", lib.to_str().unwrap()]);
        add.assert().success();
        let mut files: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
        files.push("--accounts");
        let from_files = json_of(&[&["summary"], files.as_slice()].concat());
        let from_library = json_of(&["summary", "--month", key, "--library", lib.to_str().unwrap(), "--accounts"]);
        assert_eq!(from_files, from_library, "{key}");
        // the same exports, byte for byte
        let (a, b) = (dir.path().join(format!("{key}-a.csv")), dir.path().join(format!("{key}-b.csv")));
        cli()
            .args(["export", "--format", "csv", "--as-of", "2026-11-24", "-o"])
            .arg(&a)
            .args(&paths)
            .assert()
            .success();
        cli()
            .args(["export", "--format", "csv", "--as-of", "2026-11-24", "--month", key, "--library"])
            .arg(&lib)
            .arg("-o")
            .arg(&b)
            .assert()
            .success();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "{key}");
    }
}

#[test]
fn every_cell_comes_back_with_its_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.xlsx");
    // Notes mixes numbers, texts, dates and blanks; Employees numbers and "N/A"
    write_xlsx(
        &path,
        &[(
            "Propensity model",
            vec![
                vec![
                    s("Customer ID"),
                    s("Customer Name"),
                    s("Product"),
                    s("Fit"),
                    s("Intent"),
                    s("Employees"),
                    s("Notes"),
                    s("Notes"),
                ],
                vec![s("1"), s("Alpha"), s("Azure"), N(80.0), N(80.0), N(120.0), N(1.5), s("x")],
                vec![s("2"), s("Beta"), s("Azure"), N(20.0), N(60.0), s("N/A"), s("call back"), B],
                vec![s("3"), s("Gamma"), s("Azure"), N(40.0), N(40.0), B, D(2026, 11, 30), s("")],
                vec![s("4"), s("Delta"), s("Azure"), N(60.0), N(90.0), N(3.0), B, s("y")],
            ],
        )],
    );
    let files = Dataset::load_paths(std::slice::from_ref(&path), &LoadOptions::default(), &mut |_| {}).unwrap();
    let library = Library::new(dir.path().join("library"));
    let month = Month::parse("2026-11").unwrap();
    let opts = KeepOptions { month, replace: Replace::Refuse, overrides: Vec::new(), sample: false };
    library.keep(&files, &opts).unwrap();
    let kept = library.load(month, &LoadOptions::default(), &mut |_| {}).unwrap();
    let (a, b) = (&files.tables[0], &kept.tables[0]);
    assert_eq!((a.headers.clone(), a.sheet.clone(), a.header_row), (b.headers.clone(), b.sheet.clone(), b.header_row));
    assert_eq!(a.sheet_rows, b.sheet_rows);
    for row in 0..a.rows() {
        for col in 0..a.headers.len() {
            assert_eq!(a.cell(row, col), b.cell(row, col), "row {row}, column {col}");
        }
    }
    assert_eq!(files.report.files[0].tables[0].unreadable.len(), kept.report.files[0].tables[0].unreadable.len());
}

#[test]
fn damaged_lying_and_foreign_entries_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path().join("library"));
    let months = write_months(dir.path());
    keep_all(&library, &months);
    let root = &library.root;
    // a Parquet file cut short, and its digest too
    let september = root.join("2026-09");
    let table = std::fs::read_dir(&september)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "parquet") && !p.to_string_lossy().contains("digest"))
        .unwrap();
    for path in [table, september.join("digest-predictions.parquet")] {
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    }
    let error = library.load(Month::parse("2026-09").unwrap(), &LoadOptions::default(), &mut |_| {}).unwrap_err();
    assert!(matches!(error, LibraryError::Damaged { .. }), "{error}");
    assert!(error.to_string().contains("2026-09"), "{error}");
    // a manifest that lies about its rows
    let manifest_path = root.join("2026-10").join("manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    std::fs::write(&manifest_path, manifest.replacen("\"rows\": 6", "\"rows\": 7", 1)).unwrap();
    let error = library.load(Month::parse("2026-10").unwrap(), &LoadOptions::default(), &mut |_| {}).unwrap_err();
    assert!(error.to_string().contains("manifest says 7 rows"), "{error}");
    // a foreign folder and a manifest naming another month
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::create_dir_all(root.join("2026-12")).unwrap();
    std::fs::write(root.join("2026-12").join("manifest.json"), manifest.replace("2026-10", "2026-07")).unwrap();
    let listing = library.list().unwrap();
    let damaged: Vec<&str> = listing.damaged.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(damaged, ["2026-12", "notes"]);
    assert_eq!(listing.entries.len(), 4);
    // the trend skips the month it cannot read and says which (October's digest is sound:
    // a trend reads it, not the table its manifest lies about)
    let t = trend(&library, &Filter::default());
    let shown: Vec<String> = t.months.iter().map(|m| m.month.key()).collect();
    assert_eq!(shown, ["2026-08", "2026-10", "2026-11"]);
    let skipped: Vec<String> = t.skipped.iter().map(|(m, _)| m.key()).collect();
    assert_eq!(skipped, ["2026-09"]);
}

#[test]
fn a_library_that_cannot_be_written_says_where() {
    let dir = tempfile::tempdir().unwrap();
    // the library's folder is a file: nothing can be written under it
    let blocked = dir.path().join("library");
    std::fs::write(&blocked, "not a folder").unwrap();
    let months = write_months(dir.path());
    let out = cli()
        .args(["library", "add", months[0].1.to_str().unwrap(), "--month", "2026-08", "--library"])
        .arg(&blocked)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(blocked.to_str().unwrap()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // and the source file is untouched
    assert!(std::fs::read_to_string(&months[0].1).unwrap().starts_with("Customer ID,"));
}

#[test]
fn the_month_is_read_from_the_data_where_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("api.csv");
    std::fs::write(
        &path,
        "Month,CustomerTenantId,CustomerName,M365Fit,M365Intent\n2026-11-01T00:00:00Z,T1,Alpha,80,80\n2026-11-01T00:00:00Z,T2,Beta,20,20\n",
    )
    .unwrap();
    let lib = dir.path().join("library");
    let out =
        cli().args(["library", "add", path.to_str().unwrap(), "--library", lib.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(lib.join("2026-11").join("manifest.json").exists());
    // without a Month column, the month must be named
    let plain = write_months(dir.path()).remove(0).1;
    let out =
        cli().args(["library", "add", plain.to_str().unwrap(), "--library", lib.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--month YYYY-MM"));
}

/// The Parquet files read by pyarrow, in a virtual environment made for the test (skipped
/// where Python is missing, as under Wine; CI has it).
#[test]
fn another_reader_reads_the_same_rows_and_columns() {
    if cfg!(windows) || std::env::var_os("ASCENT_SKIP_PYARROW").is_some() {
        return;
    }
    let Some(python) = pyarrow_python() else {
        assert!(std::env::var_os("CI").is_none(), "CI must read the library with pyarrow");
        eprintln!("no python3 with venv: skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path().join("library"));
    let month = sample_workbook(dir.path(), 200);
    let ds = Dataset::load_paths(std::slice::from_ref(&month), &LoadOptions::default(), &mut |_| {}).unwrap();
    let opts = KeepOptions {
        month: Month::parse("2026-11").unwrap(),
        replace: Replace::Refuse,
        overrides: Vec::new(),
        sample: false,
    };
    library.keep(&ds, &opts).unwrap();
    let entry = library.entry(opts.month).unwrap();
    let table = &entry.manifest.files[0].tables[0];
    let script = "import sys, pyarrow.parquet as pq\nt = pq.read_table(sys.argv[1])\nprint(t.num_rows)\nprint('\\t'.join(f.name for f in t.schema if b'ascent-viewer:cell-types-of' not in (f.metadata or {})))\nprint(t.column(1)[0].as_py())";
    let out =
        std::process::Command::new(&python).arg("-c").arg(script).arg(entry.dir.join(&table.parquet)).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0].parse::<usize>().unwrap(), ds.tables[0].rows());
    assert_eq!(
        lines[1].split('\t').collect::<Vec<_>>(),
        ds.tables[0].headers.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(lines[2], ds.tables[0].cell(0, 1).display());
}

/// A Python with pyarrow: target/pyarrow-venv, made on first use.
fn pyarrow_python() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyarrow-venv");
    let python = venv.join("bin/python");
    let ready = |p: &Path| {
        std::process::Command::new(p).args(["-c", "import pyarrow"]).output().is_ok_and(|o| o.status.success())
    };
    if ready(&python) {
        return Some(python);
    }
    let made = std::process::Command::new("python3").args(["-m", "venv"]).arg(&venv).status().ok()?;
    if !made.success() {
        return None;
    }
    let pip = std::process::Command::new(&python).args(["-m", "pip", "install", "--quiet", "pyarrow"]).status().ok()?;
    (pip.success() && ready(&python)).then_some(python)
}

/// What of a data set a screen or a file can ask about, written out to compare two loads.
fn everything_of(ds: &Dataset) -> Vec<String> {
    let names =
        |i: &ascent_viewer::engine::dataset::Interner| i.values().map(|(_, n)| n.to_string()).collect::<Vec<_>>();
    // which reader read each sheet is known where the downloads were read (the digest keeps
    // it), not where the month is rebuilt from its stored tables
    let mut report = ds.report.clone();
    report.files.iter_mut().for_each(|f| f.readers.clear());
    vec![
        serde_json::to_string(&report).unwrap(),
        format!("{:?}", ds.files),
        format!("{:?}", ds.tables),
        format!("{:?}", ds.predictions),
        format!("{:?}", ds.customers),
        format!("{:?}", (&ds.agreements.customer, &ds.agreements.id, &ds.agreements.end, &ds.agreements.revenue)),
        format!("{:?}", (&ds.agreements.open, &ds.agreements.expiring_flag, &ds.agreements.table, &ds.agreements.row)),
        format!("{:?}", [&ds.products, &ds.models, &ds.countries, &ds.areas, &ds.industries, &ds.verticals].map(names)),
        format!("{:?}", [&ds.cities, &ds.states, &ds.workloads].map(names)),
        format!("{:?}", (&ds.flag_names, ds.has_whitespace)),
        format!("{:?}", ds.columns),
        format!("{:?}", ds.row_customers),
        format!("{:?}", ds.facets),
    ]
}

/// A month opens from its digest (the builder skipped) as it is built again from its
/// tables, and with the load report its downloads gave: a Propensity column of levels
/// (the builder drops its mapping), renewals, workloads, flags, facets.
#[test]
fn a_month_opened_from_its_digest_is_the_month_built_from_its_tables() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path().join("library"));
    let insights = dir.path().join("insights");
    cli().args(["sample", "-o", insights.to_str().unwrap(), "--customers", "300"]).assert().success();
    let months = [
        (sample_workbook(dir.path(), 200), Month::new(2026, 9).unwrap()),
        (insights, Month::new(2026, 10).unwrap()),
        (fixture_2023(dir.path()), Month::new(2026, 11).unwrap()),
    ];
    for (path, month) in months {
        let from_files = Dataset::load_paths(&[path], &LoadOptions::default(), &mut |_| {}).unwrap();
        let opts = KeepOptions { month, replace: Replace::Refuse, overrides: Vec::new(), sample: false };
        library.keep(&from_files, &opts).unwrap();
        let entry = library.entry(month).unwrap();
        assert!(entry.dir.join(digest::REPORT_FILE).is_file());
        let opened = library.load(month, &LoadOptions::default(), &mut |_| {}).unwrap();
        let (sources, opts) = entry_sources(&entry, &LoadOptions::default()).unwrap();
        let built = Dataset::load(&sources, &opts, &mut |_| {}).unwrap();
        let (opened, built) = (everything_of(&opened), everything_of(&built));
        for (k, (a, b)) in opened.iter().zip(&built).enumerate() {
            if a != b {
                let at = a.chars().zip(b.chars()).position(|(x, y)| x != y).unwrap_or(0);
                let around = |s: &str| s.chars().skip(at.saturating_sub(300)).take(400).collect::<String>();
                panic!("{month:?}, part {k}: {}\n---\n{}", around(a), around(b));
            }
        }
        assert_eq!(opened[0], everything_of(&from_files)[0], "{month:?}");
    }
    // the 2023 fixture's Propensity levels are a column to filter on, not clusters
    let ds = library.load(Month::new(2026, 11).unwrap(), &LoadOptions::default(), &mut |_| {}).unwrap();
    assert!(ds.facets.iter().any(|f| f.header == "Propensity"));

    // an entry kept by an earlier release (no report, no row customers) is built again
    let entry = library.entry(Month::new(2026, 10).unwrap()).unwrap();
    let whole = everything_of(&library.load(entry.month, &LoadOptions::default(), &mut |_| {}).unwrap());
    for name in [digest::REPORT_FILE, digest::ROW_CUSTOMERS_FILE] {
        std::fs::remove_file(entry.dir.join(name)).unwrap();
    }
    let again = everything_of(&library.load(entry.month, &LoadOptions::default(), &mut |_| {}).unwrap());
    assert_eq!(whole, again);
}

/// Months kept by earlier releases open, and open the same (tests/data/library/README.md):
/// one built again from its tables, one opened from its digest.
#[test]
fn months_kept_by_earlier_releases_open_the_same() {
    let library = Library::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/library"));
    let (older, newer) = (Month::new(2026, 10).unwrap(), Month::new(2026, 11).unwrap());
    assert!(!library.entry(older).unwrap().dir.join(digest::REPORT_FILE).exists());
    assert!(library.entry(newer).unwrap().dir.join(digest::REPORT_FILE).exists());
    let open = |m| everything_of(&library.load(m, &LoadOptions::default(), &mut |_| {}).unwrap());
    let (older, newer) = (open(older), open(newer));
    assert_eq!(older, newer);
    // counted with Python's csv module: 39 distinct CustomerID over the five files, whose
    // rows are 28 + 16 + 34 + 12 + 20
    let listing = library.list().unwrap();
    assert_eq!(listing.entries.len(), 2);
    for entry in &listing.entries {
        let counts = entry.manifest.counts;
        assert_eq!((counts.tables, counts.rows, counts.customers), (5, 110, 39), "{:?}", entry.month);
    }
}
