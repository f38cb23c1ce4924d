//! Exports: round trips through our own loader, an independent cell-level reader, the
//! refusals that keep the source safe, split sheets and CSV.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::dataset::Dimension;
use ascent_viewer::engine::{ClusterKey, Filter, MatrixCell, Session};
use ascent_viewer::output::export::{ExportError, ExportFormat, ExportOptions, SplitBy, export};
use calamine::{Data, Reader, open_workbook_auto};
use common::*;
use std::path::Path;

fn run(session: &Session, filter: &Filter, out: &Path, opts: &ExportOptions) -> Result<usize, ExportError> {
    let rows = filter.apply(&session.data, &session.derived);
    export(session, filter, &rows, out, opts, &mut |_, _| {}).map(|o| o.rows)
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb = open_workbook_auto(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn header_col(range: &calamine::Range<Data>, header: &str) -> usize {
    (0..range.width()).find(|c| range.get((0, *c)) == Some(&Data::String(header.into()))).unwrap()
}

#[test]
fn round_trip_of_a_long_source() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let session = common::session(&[src]);
    let out = dir.path().join("act-now.xlsx");
    let filter = Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() };
    assert_eq!(run(&session, &filter, &out, &ExportOptions::default()).unwrap(), 4);
    let again = common::session(std::slice::from_ref(&out));
    let (_, original) = session.filtered(&filter);
    let reread = again.whole();
    // rows 5, 6, 7, 13 of the fixture: a3, a2, a1, a2
    assert_eq!(reread.rows, 4);
    for cell in MatrixCell::all() {
        assert_eq!(reread.cell(cell), original.cell(cell), "cell {}", cell.name());
    }
    assert_eq!(reread.clusters, original.clusters);
    assert_eq!(reread.customers, original.customers);
    assert_eq!(reread.disagreements, original.disagreements);
    assert_eq!(reread.segments, original.segments);
    // the computed columns agree with the source's derived values, row by row
    let range = sheet(&out, "Targets");
    let cell_col = header_col(&range, "Cell");
    // the computed Cluster column is the last of that name (the source has its own)
    let cluster_col =
        (0..range.width()).rev().find(|c| range.get((0, *c)) == Some(&Data::String("Cluster".into()))).unwrap();
    let names: Vec<String> = (1..=4).map(|r| range.get((r, cell_col)).unwrap().to_string()).collect();
    assert_eq!(names, ["a3", "a2", "a1", "a2"]);
    for r in 1..=4 {
        assert_eq!(range.get((r, cluster_col)).unwrap().to_string(), "Act now");
    }
}

#[test]
fn round_trip_of_a_wide_source_gives_the_same_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::session(&[data_file("openpyxl-wide-merged.xlsx")]);
    let out = dir.path().join("all.xlsx");
    assert_eq!(run(&session, &Filter::default(), &out, &ExportOptions::default()).unwrap(), 5);
    let again = common::session(&[out]);
    let (a, b) = (session.whole(), again.whole());
    assert_eq!(again.data.report.files[0].tables[0].shape, ascent_viewer::engine::load::table::Shape::Long);
    assert_eq!((b.rows, b.customers), (a.rows, a.customers));
    assert_eq!(b.matrix, a.matrix);
    assert_eq!(b.clusters, a.clusters);
    // the workbook's own labels come back: one disagreement (W1 Azure "B")
    assert_eq!((b.disagreements, b.agreeing), (a.disagreements, a.agreeing));
    assert_eq!(b.segments, a.segments);
    assert_eq!(b.by(Dimension::Product).iter().sum::<usize>(), 5);
}

fn data_file(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

#[test]
fn an_independent_reader_sees_the_right_types() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("types.xlsx");
    write_xlsx(
        &src,
        &[(
            "Data",
            vec![
                vec![
                    s("Customer ID"),
                    s("Account Name"),
                    s("Product"),
                    s("Fit"),
                    s("Intent"),
                    s("Agreement ID"),
                    s("Agreement End Date"),
                    s("Note"),
                ],
                vec![
                    s("000123"),
                    s("=SUM(1,2)"),
                    s("Azure"),
                    N(80.0),
                    N(80.0),
                    s("K1"),
                    D(2027, 3, 15),
                    s("+33 1 23 45"),
                ],
                vec![N(1_000_000.0), s("@Contoso"), s("Azure"), N(60.5), N(10.0), s("K2"), D(2026, 7, 1), s("-")],
            ],
        )],
    );
    let session = common::session(std::slice::from_ref(&src));
    let out = dir.path().join("types-out.xlsx");
    run(&session, &Filter::default(), &out, &ExportOptions::default()).unwrap();
    let range = sheet(&out, "Targets");
    assert_eq!(range.get((1, 0)), Some(&Data::String("000123".into())));
    assert_eq!(range.get((2, 0)), Some(&Data::Float(1_000_000.0)));
    assert_eq!(range.get((1, 1)), Some(&Data::String("=SUM(1,2)".into())));
    assert_eq!(range.get((2, 1)), Some(&Data::String("@Contoso".into())));
    assert_eq!(range.get((1, 7)), Some(&Data::String("+33 1 23 45".into())));
    assert_eq!(range.get((1, 3)), Some(&Data::Float(80.0)));
    assert_eq!(range.get((2, 3)), Some(&Data::Float(60.5)));
    match range.get((1, 6)) {
        Some(Data::DateTime(dt)) => {
            assert!(dt.is_datetime());
            assert_eq!(dt.as_datetime().unwrap().date(), chrono::NaiveDate::from_ymd_opt(2027, 3, 15).unwrap());
        }
        other => panic!("expected a date, got {other:?}"),
    }
    // no formula anywhere
    let mut wb = open_workbook_auto(&out).unwrap();
    let formulas = wb.worksheet_formula("Targets").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    // the Summary and Rules sheets are there, the Rules sheet names the source
    let rules = sheet(&out, "Rules");
    let text: Vec<String> = rules.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(text.iter().any(|t| t.ends_with("types.xlsx")), "{text:?}");
    assert!(text.iter().any(|t| t == "CloudAscent defaults"));
    let summary = sheet(&out, "Summary");
    assert!(summary.used_cells().any(|(_, _, v)| *v == "SMC customers"));
    // the source is untouched
    assert_eq!(common::session(&[src]).whole().rows, 2);
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn never_writes_over_the_source_or_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let before = bytes(&src);
    let session = common::session(std::slice::from_ref(&src));
    let opts = ExportOptions { force: true, ..ExportOptions::default() };
    // the same file spelled three ways, even with --force
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let link = dir.path().join("link.xlsx");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&src, &link).unwrap();
    // a symbolic link needs a privilege on Windows: a hard link is the other name there
    #[cfg(windows)]
    std::fs::hard_link(&src, &link).unwrap();
    for spelling in [dir.path().join("./bands.xlsx"), sub.join("../bands.xlsx"), link.clone()] {
        let err = run(&session, &Filter::default(), &spelling, &opts).unwrap_err();
        assert!(matches!(err, ExportError::WouldOverwriteSource { .. }), "{spelling:?}: {err}");
        assert!(err.to_string().contains("bands.xlsx"));
    }
    // a relative spelling from the working directory (none on Windows, where the temporary
    // folder and the working directory are on different drives)
    #[cfg(unix)]
    {
        let cwd = std::env::current_dir().unwrap();
        let relative = pathdiff(&src, &cwd);
        let err = run(&session, &Filter::default(), &relative, &opts).unwrap_err();
        assert!(matches!(err, ExportError::WouldOverwriteSource { .. }));
    }
    // an existing output without force
    let out = dir.path().join("out.xlsx");
    std::fs::write(&out, b"keep me").unwrap();
    let err = run(&session, &Filter::default(), &out, &ExportOptions::default()).unwrap_err();
    assert!(matches!(err, ExportError::Exists { .. }));
    assert_eq!(bytes(&out), b"keep me");
    // with force it is replaced
    run(&session, &Filter::default(), &out, &opts).unwrap();
    assert_ne!(bytes(&out), b"keep me");
    // a folder that cannot be written: a clear error, nothing left behind
    #[cfg(unix)]
    {
        let err = run(&session, &Filter::default(), Path::new("/proc/ascent-out.xlsx"), &opts).unwrap_err();
        assert!(matches!(err, ExportError::Folder { .. }), "{err}");
    }
    let err = run(&session, &Filter::default(), &dir.path().join("missing/out.xlsx"), &opts).unwrap_err();
    assert!(matches!(err, ExportError::Folder { .. }), "{err}");
    // the source is byte-identical, and no temporary file is left
    assert_eq!(bytes(&src), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".ascent-export-"))
        .collect();
    assert!(leftovers.is_empty());
}

/// `path` relative to `base` ("../../tmp/x/bands.xlsx").
#[cfg(unix)]
fn pathdiff(path: &Path, base: &Path) -> std::path::PathBuf {
    let depth = base.components().count() - 1;
    let mut rel = std::path::PathBuf::new();
    for _ in 0..depth {
        rel.push("..");
    }
    rel.join(path.strip_prefix("/").unwrap())
}

#[test]
fn split_by_cluster_writes_one_sheet_per_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::session(&[fixture_bands(dir.path())]);
    let out = dir.path().join("split.xlsx");
    let opts = ExportOptions { split_by: Some(SplitBy::Cluster), ..ExportOptions::default() };
    run(&session, &Filter::default(), &out, &opts).unwrap();
    let wb = open_workbook_auto(&out).unwrap();
    // hand counts of fixture A: Act now 4, Evaluate 2, Nurture 3, Educate 3, Unscored 2
    assert_eq!(wb.sheet_names(), ["Act now", "Evaluate", "Nurture", "Educate", "Unscored", "Summary", "Rules"]);
    for (name, rows) in [("Act now", 4), ("Evaluate", 2), ("Nurture", 3), ("Educate", 3), ("Unscored", 2)] {
        assert_eq!(sheet(&out, name).height(), rows + 1, "{name}");
    }
    let out = dir.path().join("split-product.xlsx");
    let opts = ExportOptions { split_by: Some(SplitBy::Product), ..ExportOptions::default() };
    run(&session, &Filter::default(), &out, &opts).unwrap();
    let wb = open_workbook_auto(&out).unwrap();
    assert_eq!(&wb.sheet_names()[..3], ["Microsoft 365", "Azure", "Surface"]);
}

#[test]
fn csv_export_opens_in_excel_and_escapes_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("f.xlsx");
    write_xlsx(
        &src,
        &[(
            "Data",
            vec![
                vec![s("Customer ID"), s("Account Name"), s("Product"), s("Fit"), s("Intent")],
                vec![s("0042"), s("=HYPERLINK(\"x\")"), s("Azure"), N(80.0), N(20.0)],
                vec![N(7.0), s("Plain, Inc"), s("Azure"), N(80.0), N(80.0)],
            ],
        )],
    );
    let session = common::session(&[src]);
    let out = dir.path().join("list.csv");
    let opts = ExportOptions { format: ExportFormat::Csv, ..ExportOptions::default() };
    assert_eq!(run(&session, &Filter::default(), &out, &opts).unwrap(), 2);
    let raw = bytes(&out);
    assert!(raw.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(raw[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("Customer ID,Account Name,Product,Fit,Intent,Fit band"));
    assert!(
        lines[1].starts_with("0042,\"'=HYPERLINK(\"\"x\"\")\",Azure,80,20,High,Very low,c1,Nurture"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("7,\"Plain, Inc\",Azure,80,80,High,High,a1,Act now"), "{}", lines[2]);
    // split needs xlsx
    let opts =
        ExportOptions { format: ExportFormat::Csv, split_by: Some(SplitBy::Cluster), ..ExportOptions::default() };
    assert!(matches!(
        run(&session, &Filter::default(), &dir.path().join("x.csv"), &opts),
        Err(ExportError::SplitNeedsXlsx)
    ));
}

#[test]
fn several_files_add_a_source_file_column() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::session(&[fixture_renewals(dir.path()), fixture_azure(dir.path())]);
    let out = dir.path().join("both.xlsx");
    assert_eq!(run(&session, &Filter::default(), &out, &ExportOptions::default()).unwrap(), 3);
    let range = sheet(&out, "Targets");
    assert_eq!(range.get((0, 0)), Some(&Data::String("Source file".into())));
    // the union of columns: "Customer ID" and "Account Name" appear once
    let headers: Vec<String> = (0..range.width()).map(|c| range.get((0, c)).unwrap().to_string()).collect();
    assert_eq!(headers.iter().filter(|h| *h == "Customer ID").count(), 1);
    assert!(headers.contains(&"Agreement End Date".to_string()) && headers.contains(&"Azure Fit".to_string()));
    let files: Vec<String> = (1..=3).map(|r| range.get((r, 0)).unwrap().to_string()).collect();
    // the azure report's predictions come first in load order of prediction tables
    assert_eq!(files, ["azure.xlsx", "azure.xlsx", "renewals.xlsx"]);
}

/// A French export: sheet names, the Summary's labels and figures (real numbers and a real
/// date), the computed headers and values in French, the source's own headers untouched.
#[test]
fn a_french_export_reads_back_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let out = dir.path().join("cibles.xlsx");
    let status = assert_cmd::Command::cargo_bin("ascent-viewer")
        .unwrap()
        .args(["export", src.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--lang", "fr", "--cluster", "act-now", "--as-of", "2026-11-24"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let wb = open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["Cibles", "Synthèse", "Règles"]);
    let summary = sheet(&out, "Synthèse");
    let row_of = |label: &str| {
        summary
            .rows()
            .find(|r| r.first().is_some_and(|c| *c == label))
            .unwrap_or_else(|| panic!("no row {label}"))
            .to_vec()
    };
    // fixture A, Act now: rows 5, 6, 7 and 13 (customers 5, 6, 7, 13), of 13 customers
    let customers = row_of("Clients SMC");
    assert_eq!((&customers[1], &customers[2]), (&Data::Float(4.0), &Data::Float(13.0)));
    assert_eq!(row_of("Agir maintenant")[1], Data::Float(4.0));
    assert_eq!(row_of("Petite entreprise")[1], Data::Float(4.0));
    let as_of = row_of("Au");
    match &as_of[1] {
        Data::DateTime(d) => {
            assert_eq!(d.as_datetime().unwrap().date(), chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
        }
        other => panic!("the as-of date is not a date: {other:?}"),
    }
    assert_eq!(as_of[2].to_string(), "AF27");
    let targets = sheet(&out, "Cibles");
    let header: Vec<String> = targets.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[..3], ["Customer ID", "Account Name", "Product"]);
    for h in ["Niveau d'adéquation", "Niveau d'intention", "Case", "Cluster", "Cluster du classeur", "Segment"] {
        assert!(header.contains(&h.to_string()), "{h} missing from {header:?}");
    }
    // the source's own "Cluster" column comes first, the computed one after
    let cluster = header.iter().rposition(|h| h == "Cluster").unwrap();
    assert!(cluster > header_col(&targets, "Cluster"));
    assert!(targets.rows().skip(1).all(|r| r[cluster] == "Agir maintenant"));
    let band = header_col(&targets, "Niveau d'adéquation");
    let bands: Vec<String> = targets.rows().skip(1).map(|r| r[band].to_string()).collect();
    assert!(bands.iter().all(|b| b == "Élevé" || b == "Moyen"), "{bands:?}");
    let money = header_col(&targets, "Whitespace Revenue");
    assert!(targets.rows().skip(1).all(|r| matches!(r[money], Data::Float(_))));
}
