//! Hostile and odd inputs, each with a clear outcome; the user's files never at risk.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::{ClusterKey, Dataset, Filter, LoadError, LoadOptions, Source};
use ascent_viewer::output::export::{ExportFormat, ExportOptions, SplitBy, export};
use common::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn load(path: &Path) -> Result<Dataset, LoadError> {
    Dataset::load_paths(&[path.to_path_buf()], &LoadOptions::default(), &mut |_| {})
}

fn data_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn corpus_file(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus").join(name);
    p.exists().then_some(p)
}

#[test]
fn empty_wrong_type_and_truncated_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(load(&empty), Err(LoadError::Empty { .. })));
    let png = dir.path().join("picture.xlsx");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n0000").unwrap();
    let err = load(&png).unwrap_err();
    assert!(matches!(err, LoadError::NotASpreadsheet { .. }) && err.to_string().contains("PNG"), "{err}");
    let csv = dir.path().join("really-a.xlsx");
    std::fs::write(&csv, b"Customer ID,Product,Fit\n1,Azure,80\n").unwrap();
    assert!(load(&csv).unwrap_err().to_string().contains("rename it to .csv"));
    let good = fixture_bands(dir.path());
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = load(&cut).unwrap_err();
    assert!(matches!(err, LoadError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("cut.xlsx") && err.to_string().contains("damaged"));
}

#[test]
fn password_protected_workbooks_say_so() {
    for name in ["calamine/pass_protected.xlsx", "calamine/pass_protected.xlsb", "calamine/issue_385.xls"] {
        let Some(path) = corpus_file(name) else { continue };
        let err = load(&path).unwrap_err();
        assert!(matches!(err, LoadError::Password { .. }), "{name}: {err}");
        assert!(err.to_string().contains("password protected"));
    }
}

/// Rewrites the declared dimension of the first worksheet of an xlsx.
fn with_dimension(src: &Path, out: &Path, dimension: &str) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(content).unwrap();
            let start = text.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
            let end = start + text[start..].find('"').unwrap();
            content = format!("{}{dimension}{}", &text[..start], &text[end..]).into_bytes();
        }
        writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(&content).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn a_huge_declared_dimension_with_few_cells_loads() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let out = dir.path().join("huge-dimension.xlsx");
    with_dimension(&src, &out, "A1:XFD1048576");
    let ds = load(&out).unwrap();
    assert_eq!(ds.predictions.len(), 14);
}

#[test]
fn a_sheet_over_the_cell_limit_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let mut opts = LoadOptions::default();
    opts.detect.max_cells = 50;
    let err = Dataset::load_paths(&[src], &opts, &mut |_| {}).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { limit: 50, .. }), "{err}");
    assert!(err.to_string().contains("50 cells") && err.to_string().contains("--max-cells"));
}

#[test]
fn sixteen_thousand_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide-columns.xlsx");
    let mut header = vec![s("Customer ID"), s("Product"), s("Fit"), s("Intent")];
    let mut row = vec![N(1.0), s("Azure"), N(80.0), N(80.0)];
    for c in 4..16_384 {
        header.push(Own(format!("Extra {c}")));
        row.push(N(c as f64));
    }
    write_xlsx(&path, &[("Data", vec![header, row])]);
    let ds = load(&path).unwrap();
    assert_eq!(ds.tables[0].headers.len(), 16_384);
    assert_eq!(ds.predictions.len(), 1);
    assert_eq!(ds.tables[0].column_letter(16_383), "XFD");
}

#[test]
fn header_only_duplicated_headers_two_sheets_and_blank_scores() {
    let dir = tempfile::tempdir().unwrap();
    // header only: an error naming the file, not a dashboard of zeros (#33)
    let path = dir.path().join("header-only.xlsx");
    write_xlsx(&path, &[("Data", vec![vec![s("Customer ID"), s("Product"), s("Fit Score"), s("Intent Score")]])]);
    let err = Dataset::load_paths(std::slice::from_ref(&path), &LoadOptions::default(), &mut |_| {}).unwrap_err();
    assert!(matches!(&err, LoadError::NoRows { paths } if paths[0].ends_with("header-only.xlsx")), "{err:?}");
    let out = cli().arg("summary").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("header-only.xlsx: the header row is there, but no data row")
    );
    // duplicated headers: the first "Fit Score" is the fit, the second is kept as a column
    let path = dir.path().join("duplicated.xlsx");
    write_xlsx(
        &path,
        &[(
            "Data",
            vec![
                vec![s("Customer ID"), s("Product"), s("Fit Score"), s("Intent Score"), s("Fit Score")],
                vec![N(1.0), s("Azure"), N(80.0), N(80.0), N(10.0)],
            ],
        )],
    );
    let dup = session(std::slice::from_ref(&path));
    assert_eq!(dup.whole().cell(ascent_viewer::engine::MatrixCell::from_name("a1").unwrap()).rows, 1);
    let columns: Vec<String> = dup.data.source_columns().into_iter().map(|c| c.header).collect();
    assert_eq!(columns, ["Customer ID", "Product", "Fit Score", "Intent Score", "Fit Score (2)"]);
    // two data sheets: both are read
    let path = dir.path().join("two-sheets.xlsx");
    let sheet = |id: f64| {
        vec![vec![s("Customer ID"), s("Product"), s("Fit"), s("Intent")], vec![N(id), s("Azure"), N(80.0), N(20.0)]]
    };
    write_xlsx(&path, &[("North", sheet(1.0)), ("South", sheet(2.0))]);
    let two = session(std::slice::from_ref(&path));
    assert_eq!(two.data.report.files[0].tables.len(), 2);
    assert_eq!((two.whole().rows, two.whole().customers), (2, 2));
    // every score blank: unscored, or the workbook's cluster; still reconciling
    let path = dir.path().join("blank-scores.xlsx");
    write_xlsx(
        &path,
        &[(
            "Data",
            vec![
                vec![s("Customer ID"), s("Product"), s("Fit"), s("Intent"), s("Cluster")],
                vec![N(1.0), s("Azure"), B, B, s("Evaluate")],
                vec![N(2.0), s("Azure"), B, B, B],
                vec![N(3.0), s("Azure"), B, B, B],
            ],
        )],
    );
    let s3 = session_of(&path);
    assert_eq!((s3.rows, s3.from_workbook_rows, s3.unscored_rows), (3, 1, 2));
    s3.reconcile().unwrap();
}

fn session_of(path: &Path) -> ascent_viewer::engine::Summary {
    session(&[path.to_path_buf()]).whole()
}

#[test]
fn dates_in_the_1904_system_and_before_1900() {
    let session = session(&[data_file("openpyxl-1904.xlsx")]);
    let s = session.whole();
    // as of 2026-11-24 (FY27): M1 (30 June 2027, 100, Open Value) and M3 (1 July 2026, 400)
    assert_eq!(
        (s.cards.expiring_agreements, s.cards.expiring_revenue, s.cards.open_expiring_revenue),
        (2, 500.0, 100.0)
    );
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day);
    assert_eq!(session.data.agreements.end, [d(2027, 6, 30), d(2026, 6, 30), d(2026, 7, 1), d(1899, 12, 31)]);
}

/// A cheap fingerprint of a file's bytes (the comparison below is of the bytes themselves).
fn hash(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn the_source_is_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let sources = [fixture_bands(dir.path()), fixture_renewals(dir.path()), fixture_csv(dir.path())];
    let before: Vec<Vec<u8>> = sources.iter().map(|p| hash(p)).collect();
    let session = session(&sources);
    let filter = Filter { clusters: [ClusterKey::ActNow, ClusterKey::Nurture].into(), ..Filter::default() };
    let (rows, _) = session.filtered(&filter);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let kinds = [
        ("a.xlsx", ExportOptions::default()),
        ("b.xlsx", ExportOptions { split_by: Some(SplitBy::Segment), ..ExportOptions::default() }),
        ("c.csv", ExportOptions { format: ExportFormat::Csv, ..ExportOptions::default() }),
    ];
    for (name, opts) in kinds {
        export(&session, &filter, &rows, &out.join(name), &opts, &mut |_, _| {}).unwrap();
    }
    // failed exports: onto a source, into a missing folder
    let force = ExportOptions { force: true, ..ExportOptions::default() };
    assert!(export(&session, &filter, &rows, &sources[0], &force, &mut |_, _| {}).is_err());
    assert!(export(&session, &filter, &rows, &dir.path().join("no/such/x.xlsx"), &force, &mut |_, _| {}).is_err());
    let after: Vec<Vec<u8>> = sources.iter().map(|p| hash(p)).collect();
    assert!(before == after, "a source file changed");
}

#[test]
fn a_killed_export_leaves_the_old_file_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_ascent-viewer");
    let src = sample_workbook(dir.path(), 6000);
    let target = dir.path().join("targets.xlsx");
    for existing in [false, true] {
        if existing {
            std::fs::write(&target, b"the old list").unwrap();
        }
        let mut child = std::process::Command::new(bin)
            .args(["export", src.to_str().unwrap(), "-o", target.to_str().unwrap(), "--force", "--as-of", "2026-11-24"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // wait until the export has started writing its temporary file, then kill it
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(60) {
            let writing = std::fs::read_dir(dir.path())
                .unwrap()
                .filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().starts_with(".ascent-export-"));
            if writing || child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let _ = child.kill();
        let _ = child.wait();
        match std::fs::read(&target) {
            Err(_) => assert!(!existing, "the old file disappeared"),
            Ok(bytes) if bytes == b"the old list" => assert!(existing),
            // the export finished before the kill: then it is a whole workbook
            Ok(_) => {
                load(&target).unwrap();
            }
        }
    }
}

#[test]
fn whole_loader_from_bytes_never_panics_on_mangled_input() {
    // every prefix length class and some flipped bytes of a real workbook
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture_bands(dir.path())).unwrap();
    let mut variants: Vec<Vec<u8>> = Vec::new();
    for cut in [1, 4, 30, 100, 1000, bytes.len() - 22, bytes.len() - 1] {
        variants.push(bytes[..cut.min(bytes.len())].to_vec());
    }
    for k in 0..64 {
        let mut v = bytes.clone();
        let at = (k * 7919) % v.len();
        v[at] ^= 0x5A;
        variants.push(v);
    }
    for (i, v) in variants.into_iter().enumerate() {
        let source = Source::Memory { name: format!("mangled-{i}.xlsx"), bytes: Arc::from(v) };
        // either outcome is fine; what matters is an answer
        let _ = Dataset::load(
            &[(source, ascent_viewer::engine::load::read::Origin::Named)],
            &LoadOptions::default(),
            &mut |_| {},
        );
    }
}

/// Inputs the fuzzers found (tests/data/fuzz, first byte = format as in fuzz/fuzz_targets/loader.rs):
/// each loads or fails cleanly, and a loaded one reconciles.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let Some((&kind, rest)) = bytes.split_first() else { continue };
        let ext = ["xlsx", "xls", "xlsb", "ods", "csv"][kind as usize % 5];
        let source = Source::Memory { name: format!("finding.{ext}"), bytes: Arc::from(rest) };
        if let Ok(data) = Dataset::load(
            &[(source, ascent_viewer::engine::load::read::Origin::Named)],
            &LoadOptions::default(),
            &mut |_| {},
        ) {
            let session =
                ascent_viewer::engine::Session::new(Arc::new(data), ascent_viewer::engine::Rules::default(), as_of());
            session.whole().reconcile().unwrap();
        }
        seen += 1;
    }
    assert!(seen >= 1);
}
