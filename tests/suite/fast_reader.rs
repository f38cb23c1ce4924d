//! The fast xlsx reader against calamine, the reader of record (#34): on every workbook of the
//! corpus, the fixtures, the samples of every layout and hand-made sheets of each cell type
//! and escape, both give the same tables, cells, skipped sheets and errors; the load report
//! says which reader read each sheet.

use ascent_viewer::engine::load::read::{read_file, read_streaming};
use ascent_viewer::engine::load::report::{SheetReader, XlsxReader};
use ascent_viewer::engine::load::table::{DetectOptions, SheetEvent};
use ascent_viewer::engine::sample::{Layout, SampleOptions, write_sample};
use ascent_viewer::engine::{Dataset, LoadOptions, Source};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Everything a read gives, in words: each table's place, header and cells, the cells not
/// read, the sheets skipped, or the error.
fn read_as(path: &Path, reader: XlsxReader) -> String {
    let opts = DetectOptions { xlsx_reader: reader, ..LoadOptions::default().detect };
    match read_file(&Source::Path(path.to_path_buf()), 0, &opts) {
        Err(e) => format!("error: {e}"),
        Ok(read) => {
            let mut out = format!("{:?}\n", read.format);
            for t in &read.tables {
                out += &format!(
                    "{} at {},{} {:?} blank {} outside {} not read {:?}\n",
                    t.sheet, t.header_row, t.first_col, t.headers, t.blank_rows, t.cells_outside, t.not_read
                );
                for row in 0..t.rows() {
                    let cells: Vec<String> = (0..t.headers.len()).map(|c| format!("{:?}", t.cell(row, c))).collect();
                    out += &format!("{} {}\n", t.sheet_rows[row], cells.join("|"));
                }
            }
            for s in &read.skipped {
                out += &format!("skipped {s:?}\n");
            }
            out
        }
    }
}

/// The two readers agree on `path`; the first difference otherwise.
pub fn same_by_both(path: &Path) -> Result<(), String> {
    let (fast, calamine) = (read_as(path, XlsxReader::Automatic), read_as(path, XlsxReader::Calamine));
    if fast == calamine {
        return Ok(());
    }
    let line = fast.lines().zip(calamine.lines()).find(|(a, b)| a != b);
    Err(format!("{}: fast and calamine differ: {line:?}", path.display()))
}

fn workbooks_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            workbooks_under(&path, out);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm")) {
            out.push(path);
        }
    }
}

#[test]
fn the_corpus_and_fixtures_read_the_same_by_both_readers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    workbooks_under(&root.join("../shared/corpus"), &mut files);
    workbooks_under(&root.join("tests/data"), &mut files);
    workbooks_under(&root.join("assets"), &mut files);
    let dir = tempfile::tempdir().unwrap();
    for (k, layout) in [Layout::Insights2021, Layout::Workbook].into_iter().enumerate() {
        let opts = SampleOptions { layout, customers: 300, seed: 7 + k as u64, ..SampleOptions::default() };
        files.extend(write_sample(&dir.path().join(format!("{layout:?}")), &opts).unwrap());
    }
    let failures: Vec<String> = files.iter().filter_map(|f| same_by_both(f).err()).collect();
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), files.len(), failures.join("\n"));
    assert!(files.len() > 20, "{} workbooks", files.len());
    let withdrawn: Vec<String> = files
        .iter()
        .filter(|f| {
            let mut any = false;
            let _ = read_streaming(&Source::Path(f.to_path_buf()), 0, &LoadOptions::default().detect, &mut |e| {
                any |= matches!(e, SheetEvent::Withdrawn)
            });
            any
        })
        .map(|f| f.display().to_string())
        .collect();
    // none of these makes the fast reader withdraw rows it handed on (after which a load
    // starts over): what it gives up on, it gives up on before the header row is found
    assert!(withdrawn.is_empty(), "withdrawn in {withdrawn:?}");
}

/// Every workbook the suite's own fixture builders write (the loader, rules, export and
/// comparison tests read these): the fast reader reads them as calamine does, so those
/// tests hold for both readers.
#[test]
fn the_suite_fixtures_read_the_same_by_both_readers() {
    use crate::common;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (october, november) = common::two_months(d);
    let files = [
        common::fixture_bands(d),
        common::fixture_segments(d),
        common::fixture_renewals(d),
        common::fixture_azure(d),
        common::fixture_french(d),
        october,
        november,
        common::sample_workbook(&d.join("sample"), 120),
    ];
    for path in &files {
        assert!(read_as(path, XlsxReader::Automatic).lines().count() > 3, "{} read nothing", path.display());
        same_by_both(path).unwrap();
    }
    // and the fast reader, not calamine, read them (rust_xlsxwriter writes plain sheets)
    let ds = Dataset::load_paths(&files, &LoadOptions::default(), &mut |_| {}).unwrap();
    let by_fast = ds.report.files.iter().flat_map(|f| &f.readers).filter(|r| r.reader == SheetReader::Fast).count();
    let all = ds.report.files.iter().map(|f| f.readers.len()).sum::<usize>();
    assert!(all >= files.len() && by_fast == all, "{by_fast} of {all} sheets read by the fast reader");
}

/// A workbook of one sheet whose `<sheetData>` is `rows`, with `strings` shared and a date
/// style (s="1").
fn hand_made(dir: &Path, name: &str, strings: &str, rows: &str) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data &amp; more" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_string()),
        ("xl/styles.xml", r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="46"/></cellXfs></styleSheet>"#.to_string()),
        ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#)),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F9"/><sheetData>{rows}</sheetData></worksheet>"#)),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    path
}

/// The workbook at `path` with its part `name` replaced by `text`.
fn with_part(path: &Path, name: &str, text: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut old = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..old.len() {
        let mut entry = old.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        zip.start_file(entry_name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(if entry_name == name { text.as_bytes() } else { &content }).unwrap();
    }
    zip.finish().unwrap();
}

const HEADER: &str = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>"#;
const STRINGS: &str = "<si><t>Customer ID</t></si><si><t>Account Name</t></si><si><t>Product</t></si>\
    <si><t>Fit Score</t></si><si><t>Intent Score</t></si><si><t>Notes</t></si>\
    <si><r><t>Wood</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">grove &amp; Co </t></r><rPh><t>ウッド</t></rPh></si>\
    <si><t>Line_x000D_break _x005F_x000D_ \u{1F600}</t></si><si/><si><t>Azure</t></si>";

/// Each cell type, escape and odd shape, read by the fast reader (not handed to calamine),
/// cell for cell as calamine reads it.
#[test]
fn each_cell_type_and_escape_as_calamine_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        // shared, rich and escaped strings; numbers plain, as text, with an exponent
        r#"<row r="2"><c r="A2"><v>101</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" t="s"><v>9</v></c><c r="D2"><v>7.5E1</v></c><c r="E2" t="n"><v>40</v></c><c r="F2" t="s"><v>7</v></c></row>"#,
        // inline strings, a formula's cached text with an entity and an escape, booleans, errors
        r#"<row r="3"><c r="A3" t="str"><f>1+1</f><v>102</v></c><c r="B3" t="inlineStr"><is><t>Fabrikam &lt;Ltd&gt;</t></is></c><c r="C3" t="s"><v>9</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="b"><v>1</v></c><c r="F3" t="str"><v>a &amp; b_x000D_</v></c></row>"#,
        // no r attributes (positions counted), self-closing cells, a date and a duration
        r#"<row><c><v>103</v></c><c t="s"><v>6</v></c><c/><c s="1"><v>45839.5</v></c><c s="2"><v>1.25</v></c><c t="d"><v>2026-11-24T00:00:00</v></c></row>"#,
        // faults calamine counts and reads on after: a missing string, a bad number, an unknown type and error
        r#"<row r="6"><c r="A6"><v>104</v></c><c r="B6" t="s"><v>99</v></c><c r="C6" t="n"><v>x1</v></c><c r="D6" t="q"><v>1</v></c><c r="E6" t="e"><v>#OOPS</v></c><c r="F6"><v>not a number</v></c></row>"#,
        // a comment, CRLF in a cached text, a character reference, single quotes
        r#"<!-- a note <c r="Z9"><v>1</v></c> --><row r='7'><c r='A7'><v>105</v></c><c r="B7" t="str"><v>two&#10;lines&#13;</v></c><c r="C7" t="s"><v>9</v></c><c r="D7"><v>  </v></c><c r="E7" t="b"><v>false</v></c><c r="F7" t="inlineStr"><is><r><t>rich</t></r><r><t> inline</t></r></is></c></row>"#,
    ]
    .concat();
    let path = hand_made(dir.path(), "cells.xlsx", STRINGS, &format!("{HEADER}{rows}"));
    same_by_both(&path).unwrap();
    let fast = read_as(&path, XlsxReader::Automatic);
    // read whole by the fast reader, and something to compare: the rich string joined
    assert!(fast.contains("Woodgrove & Co "), "{fast}");
    assert!(fast.contains("Line\\rbreak _x000D_ \u{1F600}"), "{fast}");
    let ds = Dataset::load_paths(std::slice::from_ref(&path), &LoadOptions::default(), &mut |_| {}).unwrap();
    let readers = &ds.report.files[0].readers;
    assert_eq!(readers.len(), 1);
    assert_eq!((readers[0].sheet.as_str(), readers[0].reader), ("Data & more", SheetReader::Fast));
    // --reader calamine: calamine says it read it
    let opts = LoadOptions {
        detect: DetectOptions { xlsx_reader: XlsxReader::Calamine, ..LoadOptions::default().detect },
        ..LoadOptions::default()
    };
    let ds = Dataset::load_paths(std::slice::from_ref(&path), &opts, &mut |_| {}).unwrap();
    assert_eq!(ds.report.files[0].readers[0].reader, SheetReader::Calamine);
    // the command line says it, in both languages, and --reader calamine changes it
    let said = |args: &[&str]| {
        let out = crate::common::cli().arg("summary").arg(&path).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(said(&["--lang", "en"]).contains("sheets read by the fast reader: Data & more"));
    assert!(said(&["--lang", "fr"]).contains("feuilles lues par le lecteur rapide : Data & more"));
    assert!(said(&["--lang", "en", "--reader", "calamine"]).contains("sheets read by calamine: Data & more"));
}

/// What the fast reader does not read as calamine would goes to calamine, with nothing of
/// the fast reader's kept: a prefixed worksheet, a DOCTYPE, an unknown element in a cell.
#[test]
fn sheets_outside_the_fast_grammar_are_calamines() {
    let dir = tempfile::tempdir().unwrap();
    let row = r#"<row r="2"><c r="A2"><v>101</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" t="s"><v>9</v></c><c r="D2"><v>80</v></c><c r="E2"><v>40</v></c></row>"#;
    // an unknown element in the last cell: the rows before it were scanned, then dropped
    let odd = format!(r#"{HEADER}{row}<row r="3"><c r="A3"><v>1</v><x>?</x></c></row>"#);
    let path = hand_made(dir.path(), "odd.xlsx", STRINGS, &odd);
    same_by_both(&path).unwrap();
    let ds = Dataset::load_paths(&[path], &LoadOptions::default(), &mut |_| {});
    if let Ok(ds) = ds {
        assert_eq!(ds.report.files[0].readers[0].reader, SheetReader::Calamine);
    }
    // the `readers` fuzz target's first finding: a stray `</si>` between two shared strings,
    // which calamine's reader refuses, was skipped by the fast one
    let path = hand_made(dir.path(), "stray.xlsx", &format!("{STRINGS}<t>b</t></si>"), &format!("{HEADER}{row}"));
    same_by_both(&path).unwrap();
    // the second finding: rows listed out of order, one twice, outnumbered the span they
    // cover, and the count of blank rows went below zero (a panic with overflow checks, a huge
    // count without); both readers now count none
    let rows = r#"<row r="3"><c r="A3"><v>3</v></c><c r="B3" t="s"><v>9</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="B2" t="s"><v>9</v></c></row><row r="3"><c r="D3"><v>50</v></c></row>"#;
    let path = hand_made(dir.path(), "unordered.xlsx", STRINGS, &format!("{HEADER}{rows}"));
    same_by_both(&path).unwrap();
    let ds = Dataset::load_paths(std::slice::from_ref(&path), &LoadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(ds.tables[0].blank_rows, 0);
    // the third: a tag whose name is not text swallowed the cell after it in a quoted run;
    // calamine's reader refuses the part, and now both do
    let rows = "<\u{86}\u{c2}2\"><c r=\" r=\"A4=\" r=\"A2\">A22<>";
    let path = hand_made(dir.path(), "badname.xlsx", STRINGS, &format!("{HEADER}{rows}"));
    same_by_both(&path).unwrap();
    // the fourth: a bare `&` in the text between two rows, which makes the part ill-formed
    let path = hand_made(dir.path(), "ampersand.xlsx", STRINGS, &format!("{HEADER}{row},r,ruomnu&omnFm"));
    same_by_both(&path).unwrap();
    // the fifth (session 15): an end tag that closes no open element (`</f>` after a row),
    // and an element left open at `</sheetData>`; calamine's reader refuses both parts
    let stray = "<row r=\"2\"><c r=\"A2\"><v>7</v></c></row>,ru</f><v>a_x000D_b</v></c></row><row><oruo>nF";
    for (k, rows) in [
        stray,
        r#"<row r="2"><c r="A2"><v>7</v></c><note></row>"#,
        r#"<row r="2"><c r="A2"><v>7</v></c></row ><x></x>"#,
    ]
    .into_iter()
    .enumerate()
    {
        let path = hand_made(dir.path(), &format!("nesting{k}.xlsx"), STRINGS, &format!("{HEADER}{rows}"));
        same_by_both(&path).unwrap();
    }
    // the sixth: a styles part with an element left open (calamine refuses the workbook), and
    // shared strings whose `<sst>` tag calamine cannot read or does not know
    let rows = r#"<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>9</v></c></row>"#;
    let styles = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs><xf numFmtId="0"/>%<v  ww</cellXfs></styleSheet>"#;
    let strings = STRINGS;
    let parts = [
        ("xl/styles.xml", styles.to_string()),
        ("xl/sharedStrings.xml", format!("<sst a=b>{strings}</sst>")),
        ("xl/sharedStrings.xml", format!("<sstx>{strings}</sstx>")),
        ("xl/sharedStrings.xml", format!(r#"<sst a="1" a="2">{strings}</sst>"#)),
        // the ninth finding: an `=` without a name, which calamine's own attribute reader refuses
        ("xl/sharedStrings.xml", format!("<sst xmlns=\"x\"\t=r=\"A2\">\u{1}C><>1>{strings}</sst>")),
        ("xl/sharedStrings.xml", format!(r#"<sst xmlns="x" =r="A2">{strings}</sst>"#)),
    ];
    for (k, (part, text)) in parts.iter().enumerate() {
        let path = hand_made(dir.path(), &format!("part{k}.xlsx"), STRINGS, &format!("{HEADER}{rows}"));
        with_part(&path, part, text);
        same_by_both(&path).unwrap();
    }
    // the seventh: a `<t>` whose attributes calamine cannot read before `xml:space` (it
    // refuses the part), in shared and inline strings; after `xml:space`, it reads on
    for (k, t) in ["<t a=b>", "<t  &amp; b <", "<t xml:space=\"preserve\" a=b>"].into_iter().enumerate() {
        let strings = format!("{STRINGS}<si>{t} a &amp; b </t></si>");
        let rows = format!(
            r#"<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>10</v></c><c r="C2" t="inlineStr"><is>{t}x</t></is></c></row>"#
        );
        let path = hand_made(dir.path(), &format!("t{k}.xlsx"), &strings, &format!("{HEADER}{rows}"));
        same_by_both(&path).unwrap();
    }
    // the eighth: after a faulty value, calamine reads the rest of the cell as between cells
    // (a `<c` there is a cell of its own); a faulty value with only the cell's end after it
    // stays the fast reader's
    let rows = r#"<row r="2"><c r="A2"><v>7</v></c><c t="e">#N<v>/A</v><;/c><c t="b"><v>teur</v></c></row>"#;
    let path = hand_made(dir.path(), "after_fault.xlsx", STRINGS, &format!("{HEADER}{rows}"));
    same_by_both(&path).unwrap();
    let rows = r#"<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="e"><f>1/0</f><v>#OOPS</v> </c></row>"#;
    let path = hand_made(dir.path(), "fault.xlsx", STRINGS, &format!("{HEADER}{rows}"));
    same_by_both(&path).unwrap();
    let ds = Dataset::load_paths(&[path], &LoadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(ds.report.files[0].readers[0].reader, SheetReader::Fast);
    // well nested unknown elements stay the fast reader's
    let rows = r#"<row r="2"><c r="A2"><v>7</v></c><extLst><ext><x/></ext></extLst></row>"#;
    let path = hand_made(dir.path(), "nested.xlsx", STRINGS, &format!("{HEADER}{rows}"));
    same_by_both(&path).unwrap();
    let ds = Dataset::load_paths(&[path], &LoadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(ds.report.files[0].readers[0].reader, SheetReader::Fast);
    // a long sheet, its last cell prefixed: calamine reads it, each row once
    let mut rows = String::from(HEADER);
    for r in 2..10_000 {
        rows += &format!(
            r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="s"><v>6</v></c><c r="C{r}" t="s"><v>9</v></c><c r="D{r}"><v>80</v></c><c r="E{r}"><v>40</v></c></row>"#
        );
    }
    rows += r#"<row r="10000"><x:c r="A10000"><v>1</v></x:c></row>"#;
    let path = hand_made(dir.path(), "prefixed.xlsx", STRINGS, &rows);
    same_by_both(&path).unwrap();
    // the fast reader handed rows on before it met the prefix: it withdrew them, and calamine
    // read the sheet
    let mut events = Vec::new();
    read_streaming(&Source::Path(path.clone()), 0, &LoadOptions::default().detect, &mut |e| {
        events.push(match e {
            SheetEvent::ReadBy(r) => format!("{:?}", r.reader),
            SheetEvent::Start(_) => "start".into(),
            SheetEvent::Rows(_) => "rows".into(),
            SheetEvent::End { .. } => "end".into(),
            SheetEvent::Skipped(_) => "skipped".into(),
            SheetEvent::Withdrawn => "withdrawn".into(),
        })
    })
    .unwrap();
    events.dedup();
    assert_eq!(events, ["Fast", "start", "rows", "withdrawn", "Calamine", "start", "rows", "end"]);
    // the data set started over, the sheet's rows held until the scan's end: one reader said
    let ds = Dataset::load_paths(&[path], &LoadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(ds.report.files[0].readers.len(), 1);
    assert_eq!(ds.report.files[0].readers[0].reader, SheetReader::Calamine);
    // rows 2 to 9999, and calamine reads the prefixed cell by its local name: row 10000
    assert_eq!(ds.predictions.len(), 9_999);
}
