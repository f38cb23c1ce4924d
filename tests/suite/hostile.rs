//! Crafted files that lie or break the rules (issue: no file can crash it): each ends with a
//! clear outcome, in bounded memory and time, without a panic or an abort. The files are
//! written here, a few lines of zip each.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use ascent_viewer::engine::load::error::Damage;
use ascent_viewer::engine::load::table::CellFault;
use ascent_viewer::engine::{Dataset, LoadError, LoadOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The command line's summary of one file, in English.
fn summary(path: &Path) -> std::process::Output {
    let mut cli = assert_cmd::Command::cargo_bin("ascent-viewer").unwrap();
    cli.arg("summary").arg(path).env("LANG", "en_US.UTF-8").output().unwrap()
}

fn load(path: &Path) -> Result<Dataset, LoadError> {
    keep(path);
    // every crafted workbook: the fast reader and calamine agree on it (#34)
    if path.extension().is_some_and(|e| e == "xlsx") {
        crate::fast_reader::same_by_both(path).unwrap();
    }
    Dataset::load_paths(&[path.to_path_buf()], &LoadOptions::default(), &mut |_| {})
}

/// With ASCENT_KEEP_CRAFTED=DIR, a copy of each crafted file goes there, to measure the
/// command line's time and peak memory on each (see the README).
fn keep(path: &Path) {
    if let Some(dir) = std::env::var_os("ASCENT_KEEP_CRAFTED")
        && let Some(name) = path.file_name()
        && path.is_file()
    {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(path, Path::new(&dir).join(name));
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"#;

/// A workbook whose sheets all point at `xl/worksheets/sheet1.xml` (`sheets` entries).
fn workbook(sheets: usize) -> (String, String) {
    let mut entries = String::new();
    let mut rels = String::new();
    for i in 1..=sheets {
        entries += &format!(r#"<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>"#);
        rels += &format!(
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#
        );
    }
    rels += r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    (workbook, rels)
}

/// Inline-string cell.
fn t(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// Number cell.
fn n(r: &str, v: f64) -> String {
    format!(r#"<c r="{r}"><v>{v}</v></c>"#)
}

fn sheet(rows: &[(u32, Vec<String>)]) -> String {
    let mut data = String::new();
    for (r, cells) in rows {
        data += &format!(r#"<row r="{r}">{}</row>"#, cells.concat());
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
    )
}

/// Writes an xlsx of one sheet (pointed at by `sheets` entries) and shared strings.
fn xlsx(path: &Path, sheet_xml: &str, shared_strings: &str, sheets: usize) {
    let (workbook, rels) = workbook(sheets);
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook.as_str()),
        ("xl/_rels/workbook.xml.rels", rels.as_str()),
        ("xl/worksheets/sheet1.xml", sheet_xml),
        ("xl/sharedStrings.xml", shared_strings),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap();
}

const NO_SHARED_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#;

/// Two customers, one prediction each, with every row's cells written right to left.
fn right_to_left(dir: &Path) -> PathBuf {
    let path = dir.join("right-to-left.xlsx");
    let rows = vec![
        (1, vec![t("D1", "Intent Score"), t("C1", "Fit Score"), t("B1", "Product"), t("A1", "Customer ID")]),
        (2, vec![n("D2", 80.0), n("C2", 80.0), t("B2", "Azure"), n("A2", 1.0)]),
        (3, vec![n("D3", 20.0), n("C3", 20.0), t("B3", "Azure"), n("A3", 2.0)]),
    ];
    xlsx(&path, &sheet(&rows), NO_SHARED_STRINGS, 1);
    path
}

#[test]
fn cells_out_of_column_order_load() {
    let dir = tempfile::tempdir().unwrap();
    let ds = load(&right_to_left(dir.path())).unwrap();
    // by hand: two rows, Azure each; fit and intent 80 (a1) and 20 (d4)
    assert_eq!(ds.predictions.len(), 2);
    assert_eq!(ds.tables[0].headers, ["Customer ID", "Product", "Fit Score", "Intent Score"]);
}

#[test]
fn a_column_past_excels_last_is_counted_outside_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far-column.xlsx");
    // XFE is one past XFD, Excel's last column
    let rows = vec![
        (
            1,
            vec![
                t("A1", "Customer ID"),
                t("B1", "Product"),
                t("C1", "Fit Score"),
                t("D1", "Intent Score"),
                t("XFE1", "Far"),
            ],
        ),
        (2, vec![n("A2", 1.0), t("B2", "Azure"), n("C2", 80.0), n("D2", 80.0), t("XFE2", "far away")]),
    ];
    xlsx(&path, &sheet(&rows), NO_SHARED_STRINGS, 1);
    let ds = load(&path).unwrap();
    assert_eq!(ds.predictions.len(), 1);
    assert_eq!(ds.tables[0].headers.len(), 4);
    assert_eq!(ds.tables[0].cells_outside, 2);
    // and the report says so
    let out = summary(&path);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("far-column.xlsx, sheet \"Sheet1\": 2 cells outside the table's columns"), "{text}");
}

fn shared_strings(unique_count: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="{unique_count}"><si><t>Azure</t></si></sst>"#
    )
}

fn damage_of(path: &Path) -> Damage {
    match load(path) {
        Err(LoadError::Damaged { detail, .. }) => detail,
        other => panic!("{}: {other:?}", path.display()),
    }
}

#[test]
fn a_shared_string_count_that_lies_is_refused_before_any_allocation() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![(1, vec![t("A1", "Customer ID"), t("B1", "Product"), t("C1", "Fit"), t("D1", "Intent")])];
    // ten billion strings (240 GB of room) or 2^62 (an overflow), declared in 170 bytes
    for count in ["10000000000", "4611686018427387904"] {
        let path = dir.path().join(format!("count-{count}.xlsx"));
        xlsx(&path, &sheet(&rows), &shared_strings(count), 1);
        assert_eq!(damage_of(&path), Damage::StringCount, "{count}");
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains(&format!("count-{count}.xlsx")) && err.contains("shared strings"), "{err}");
    }
    // a count a little off, as some producers write it, still loads
    let path = dir.path().join("count-off.xlsx");
    let rows = vec![
        (1, vec![t("A1", "Customer ID"), t("B1", "Product"), t("C1", "Fit Score"), t("D1", "Intent Score")]),
        (2, vec![n("A2", 1.0), r#"<c r="B2" t="s"><v>0</v></c>"#.to_string(), n("C2", 80.0), n("D2", 80.0)]),
    ];
    xlsx(&path, &sheet(&rows), &shared_strings("40"), 1);
    assert_eq!(load(&path).unwrap().predictions.len(), 1);
}

#[test]
fn a_thousand_sheets_on_one_part_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-part.xlsx");
    let rows = vec![(1, vec![t("A1", "Customer ID"), t("B1", "Product"), t("C1", "Fit"), t("D1", "Intent")])];
    xlsx(&path, &sheet(&rows), NO_SHARED_STRINGS, 1000);
    assert_eq!(damage_of(&path), Damage::SharedSheetPart);
}

/// Sets the uncompressed size the zip's central directory states for `part`.
fn declare_size(path: &Path, part: &str, size: u32) {
    let mut bytes = std::fs::read(path).unwrap();
    let name = part.as_bytes();
    let at = (0..bytes.len() - 46)
        .find(|&i| bytes[i..i + 4] == *b"PK\x01\x02" && bytes[i + 46..].starts_with(name))
        .unwrap();
    bytes[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_part_declaring_more_than_deflate_can_give_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = right_to_left(dir.path());
    declare_size(&path, "xl/worksheets/sheet1.xml", 4_000_000_000);
    assert_eq!(damage_of(&path), Damage::ImpossibleSize);
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("download.csv");
    crate::common::mkfifo(&fifo);
    for path in [fifo.as_path(), Path::new("/dev/zero"), Path::new("/dev/urandom")] {
        let started = std::time::Instant::now();
        let err = load(path).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::NotASpreadsheet { what: ascent_viewer::engine::load::error::FileKind::Special, .. }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("not a file"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}

#[test]
fn the_command_line_says_one_line_and_no_panic_text() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![(1, vec![t("A1", "Customer ID"), t("B1", "Product"), t("C1", "Fit"), t("D1", "Intent")])];
    let path = dir.path().join("lies.xlsx");
    xlsx(&path, &sheet(&rows), &shared_strings("4611686018427387904"), 1);
    let out = assert_cmd::Command::cargo_bin("ascent-viewer").unwrap().arg("summary").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("lies.xlsx") && !stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_csv_quote_that_never_closes_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("open-quote.csv");
    let mut text = String::from("Customer ID,Account Name,Product,Fit Score,Intent Score\n1,Contoso,Azure,80,80\n");
    text += "2,\"Fabrikam,Azure,80,80\n";
    for i in 3..1000 {
        text += &format!("{i},Name {i},Azure,80,80\n");
    }
    std::fs::write(&path, text).unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(damage_of(&path), Damage::OpenQuote(3));
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn utf16_without_a_byte_order_mark_reads_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Customer ID\tAccount Name\tProduct\tFit Score\tIntent Score\r\n1\tSociété\tAzure\t80\t80\r\n2\tMüller\tAzure\t20\t20\r\n";
    for (name, bytes) in [
        ("le.txt", text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()),
        ("be.txt", text.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let ds = load(&path).unwrap();
        // two rows, not three: no phantom row from a trailing NUL
        assert_eq!(ds.predictions.len(), 2, "{name}");
        assert_eq!(ds.customers.name.get(0), "Société", "{name}");
    }
}

#[test]
fn bad_cells_stay_local_and_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad-cells.xlsx");
    let header = vec![
        t("A1", "Customer ID"),
        t("B1", "Product"),
        t("C1", "Fit Score"),
        t("D1", "Intent Score"),
        t("E1", "Has AWS"),
    ];
    let rows = vec![
        (1, header),
        (
            2,
            vec![
                n("A2", 1.0),
                t("B2", "Azure"),
                n("C2", 80.0),
                n("D2", 80.0),
                r#"<c r="E2" t="b"><v>7</v></c>"#.into(),
            ],
        ),
        (3, vec![n("A3", 2.0), t("B3", "Azure"), r#"<c r="C3" t="n"><v>abc</v></c>"#.into(), n("D3", 80.0)]),
        (4, vec![n("A4", 3.0), r#"<c r="B4" t="s"><v>99</v></c>"#.into(), n("C4", 20.0), n("D4", 20.0)]),
        (5, vec![n("A5", 4.0), t("B5", "Azure"), n("C5", 20.0), n("D5", 20.0)]),
    ];
    xlsx(&path, &sheet(&rows), &shared_strings("1"), 1);
    let ds = load(&path).unwrap();
    // every row is there: the bad cells are empty in it, and named in the report
    assert_eq!(ds.tables[0].rows(), 4);
    let not_read = &ds.report.files[0].tables[0].cells_not_read;
    assert_eq!(not_read.count, 3);
    assert_eq!(
        not_read.examples,
        [
            ("E2".to_string(), CellFault::NotABoolean),
            ("C3".to_string(), CellFault::NotANumber),
            ("B4".to_string(), CellFault::NoSuchString)
        ]
    );
    let out = summary(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "bad-cells.xlsx, sheet \"Sheet1\": 3 cells could not be read (E2: a yes/no cell holding something else"
        ),
        "{text}"
    );
}

/// The corpus's small xls with its first DIMENSIONS record replaced by `dims` (rebuilt
/// with the cfb crate, as a crafted file would be).
fn xls_with_dimensions(out: &Path, first_row: u32, past_row: u32) -> Option<()> {
    use std::io::Read;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/calamine/xls_formula.xls");
    let mut container = cfb::CompoundFile::open(std::fs::File::open(src).ok()?).ok()?;
    let mut stream = Vec::new();
    container.open_stream("/Workbook").ok()?.read_to_end(&mut stream).ok()?;
    let mut at = 0;
    while at + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        if typ == 0x0200 && len == 14 {
            stream[at + 4..at + 8].copy_from_slice(&first_row.to_le_bytes());
            stream[at + 8..at + 12].copy_from_slice(&past_row.to_le_bytes());
            break;
        }
        at += 4 + len;
    }
    let mut crafted = cfb::CompoundFile::create(std::fs::File::create(out).unwrap()).unwrap();
    crafted.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    crafted.flush().unwrap();
    Some(())
}

#[test]
fn an_xls_declaring_billions_of_rows_or_a_first_row_after_the_last_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (first, past) in [(0, 4_000_000_000), (70_000, 10)] {
        let path = dir.path().join(format!("dims-{first}-{past}.xls"));
        if xls_with_dimensions(&path, first, past).is_none() {
            eprintln!("skipped: ../shared/corpus not found");
            return;
        }
        assert_eq!(damage_of(&path), Damage::Dimensions, "{first}..{past}");
    }
}

/// An xlsx of the right-to-left sheet whose shared strings are `strings`.
fn with_shared_strings(dir: &Path, name: &str, strings: &str) -> PathBuf {
    let path = dir.join(name);
    let rows = vec![(1, vec![t("A1", "Customer ID"), t("B1", "Product"), t("C1", "Fit"), t("D1", "Intent")])];
    xlsx(&path, &sheet(&rows), strings, 1);
    path
}

#[test]
fn a_shared_string_of_megabytes_is_refused_while_inflating() {
    let dir = tempfile::tempdir().unwrap();
    // Excel's longest text is 32,767 characters: a 2 MB one is no workbook's
    let huge = format!("<sst uniqueCount=\"1\"><si><t>{}</t></si></sst>", "a".repeat(2 << 20));
    let path = with_shared_strings(dir.path(), "huge-string.xlsx", &huge);
    assert!(std::fs::metadata(&path).unwrap().len() < 100_000, "a small file");
    assert_eq!(damage_of(&path), Damage::CellTooLong);
}

#[test]
fn tens_of_millions_of_shared_strings_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 34 million empty strings: over a gigabyte once calamine holds them
    let many = format!("<sst>{}</sst>", "<si/>".repeat(34_000_000));
    let path = with_shared_strings(dir.path(), "many-strings.xlsx", &many);
    assert_eq!(damage_of(&path), Damage::TooManyStrings);
}

#[test]
fn megabytes_of_white_space_between_rows_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gap.xlsx");
    let rows = vec![
        (1, vec![t("A1", "Customer ID"), t("B1", "Product"), t("C1", "Fit Score"), t("D1", "Intent Score")]),
        (2, vec![n("A2", 1.0), t("B2", "Azure"), n("C2", 80.0), n("D2", 80.0)]),
    ];
    let xml = sheet(&rows).replace("</row><row", &format!("</row>{}<row", " ".repeat(20 << 20)));
    xlsx(&path, &xml, NO_SHARED_STRINGS, 1);
    assert!(std::fs::metadata(&path).unwrap().len() < 200_000, "a small file");
    assert_eq!(damage_of(&path), Damage::CellTooLong);
}

#[test]
fn a_text_longer_than_excel_allows_is_cut_and_noted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-cell.xlsx");
    let long = "é".repeat(40_000);
    let rows = vec![
        (
            1,
            vec![
                t("A1", "Customer ID"),
                t("B1", "Account Name"),
                t("C1", "Product"),
                t("D1", "Fit Score"),
                t("E1", "Intent Score"),
            ],
        ),
        (2, vec![n("A2", 1.0), t("B2", &long), t("C2", "Azure"), n("D2", 80.0), n("E2", 80.0)]),
    ];
    xlsx(&path, &sheet(&rows), NO_SHARED_STRINGS, 1);
    let ds = load(&path).unwrap();
    assert_eq!(ds.customers.name.get(0).chars().count(), 32_767);
    let not_read = &ds.report.files[0].tables[0].cells_not_read;
    assert_eq!(not_read.examples, [("B2".to_string(), CellFault::TooLong)]);
}

#[test]
fn a_csv_line_longer_than_any_download_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-line.csv");
    let text = format!("Customer ID,Account Name,Product,Fit,Intent\n1,{},Azure,80,80\n", "x".repeat(17 << 20));
    std::fs::write(&path, text).unwrap();
    assert_eq!(damage_of(&path), Damage::LongLine(2));
}

/// An OpenDocument spreadsheet whose table is `rows` (table-row elements).
fn ods(path: &Path, rows: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Data">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    w.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.finish().unwrap();
}

const ODS_VALUE: &str =
    r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

#[test]
fn an_ods_of_repeated_rows_and_columns_is_refused_before_expanding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeats.ods");
    // one row of 16,384 values, repeated a million times: 16 billion cells from a few bytes
    let cell = ODS_VALUE.replace("<table:table-cell ", r#"<table:table-cell table:number-columns-repeated="16384" "#);
    ods(&path, &format!(r#"<table:table-row table:number-rows-repeated="1000000">{cell}</table:table-row>"#));
    assert!(std::fs::metadata(&path).unwrap().len() < 2_000);
    let err = load(&path).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("Data"), "{err}");
}

#[test]
fn an_ods_with_data_past_excels_last_row_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("past-the-last-row.ods");
    let rows = format!(
        r#"<table:table-row>{ODS_VALUE}</table:table-row><table:table-row table:number-rows-repeated="3000000"><table:table-cell/></table:table-row><table:table-row>{ODS_VALUE}</table:table-row>"#
    );
    ods(&path, &rows);
    assert_eq!(damage_of(&path), Damage::RowsPastLimit);
}

#[test]
fn the_memory_budget_refuses_a_file_with_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = right_to_left(dir.path());
    let out = assert_cmd::Command::cargo_bin("ascent-viewer")
        .unwrap()
        .args(["summary", "--max-memory", "100"])
        .arg(&path)
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("right-to-left.xlsx") && stderr.contains("more than 100 bytes of memory"), "{stderr}");
    assert!(stderr.contains("--max-memory"), "{stderr}");
}

#[test]
fn one_long_shared_string_used_in_thousands_of_cells_is_cut_in_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeated-long-string.xlsx");
    // 500 KB of text (under the 1 MB no real part exceeds) used by 4,100 rows: 2 GB of text
    // once copied into one column of one chunk, from a file of a few kilobytes
    let strings = format!("<sst uniqueCount=\"2\"><si><t>{}</t></si><si><t>Azure</t></si></sst>", "a".repeat(500_000));
    let header = vec![
        t("A1", "Customer ID"),
        t("B1", "Account Name"),
        t("C1", "Product"),
        t("D1", "Fit Score"),
        t("E1", "Intent Score"),
    ];
    let mut rows = vec![(1, header)];
    for r in 2..=4101u32 {
        let cells = vec![
            n(&format!("A{r}"), f64::from(r)),
            format!(r#"<c r="B{r}" t="s"><v>0</v></c>"#),
            format!(r#"<c r="C{r}" t="s"><v>1</v></c>"#),
            n(&format!("D{r}"), 80.0),
            n(&format!("E{r}"), 80.0),
        ];
        rows.push((r, cells));
    }
    xlsx(&path, &sheet(&rows), &strings, 1);
    assert!(std::fs::metadata(&path).unwrap().len() < 200_000, "a small file");
    let ds = load(&path).unwrap();
    assert_eq!(ds.predictions.len(), 4100);
    let not_read = &ds.report.files[0].tables[0].cells_not_read;
    assert_eq!(not_read.count, 4100);
    assert_eq!(not_read.examples[0], ("B2".to_string(), CellFault::TooLong));
}
