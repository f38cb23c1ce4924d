//! The fast xlsx reader against calamine (#34): a sheet whose `<sheetData>` content, shared
//! strings and styles come from the fuzzer, read by both; they must give the same tables,
//! cells, cells not read and errors. A sheet the fast reader does not read whole goes to
//! calamine, so any difference is a finding.
#![no_main]

use ascent_viewer::engine::load::read::read_file;
use ascent_viewer::engine::load::report::XlsxReader;
use ascent_viewer::engine::load::table::DetectOptions;
use ascent_viewer::engine::{LoadOptions, Source};
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::sync::Arc;

fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in parts {
        let _ = w.start_file(*name, zip::write::SimpleFileOptions::default());
        let _ = w.write_all(content);
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The fuzzer's bytes split in four at 0xFF bytes: the sheet data, the shared strings'
/// `<si>`s, the styles' `<xf>`s, the `<sst>` tag's attributes; a header row first, so that a
/// table is found.
fn workbook(data: &[u8]) -> Vec<u8> {
    let mut parts = data.split(|b| *b == 0xFF);
    let (rows, strings, xfs) = (parts.next().unwrap_or(&[]), parts.next().unwrap_or(&[]), parts.next().unwrap_or(&[]));
    let sst_attributes = parts.next().unwrap_or(&[]);
    let header = br#"<row r="1"><c r="A1" t="inlineStr"><is><t>Customer ID</t></is></c><c r="B1" t="inlineStr"><is><t>Product</t></is></c><c r="C1" t="inlineStr"><is><t>Fit Score</t></is></c><c r="D1" t="inlineStr"><is><t>Intent Score</t></is></c></row>"#;
    let sheet = [
        &br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#[..],
        header,
        rows,
        b"</sheetData></worksheet>",
    ]
    .concat();
    let sst = [
        &br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#[..],
        sst_attributes,
        br#"><si><t>Azure</t></si>"#,
        strings,
        b"</sst>",
    ]
    .concat();
    let styles = [&br#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/>"#[..], xfs, b"</cellXfs></styleSheet>"].concat();
    zip(&[
        ("[Content_Types].xml", br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#),
        ("_rels/.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", &sheet),
        ("xl/sharedStrings.xml", &sst),
        ("xl/styles.xml", &styles),
    ])
}

fn read_as(bytes: &Arc<[u8]>, reader: XlsxReader) -> String {
    let opts = DetectOptions { xlsx_reader: reader, max_cells: 200_000, ..LoadOptions::default().detect };
    let source = Source::Memory { name: "fuzz.xlsx".into(), bytes: bytes.clone() };
    match read_file(&source, 0, &opts) {
        Err(e) => format!("error: {e}"),
        Ok(read) => {
            let mut out = String::new();
            for t in &read.tables {
                out += &format!("{} {} {:?} {} {} {:?}\n", t.header_row, t.first_col, t.headers, t.blank_rows, t.cells_outside, t.not_read);
                for row in 0..t.rows() {
                    let cells: Vec<String> = (0..t.headers.len()).map(|c| format!("{:?}", t.cell(row, c))).collect();
                    out += &format!("{} {}\n", t.sheet_rows[row], cells.join("|"));
                }
            }
            out + &format!("{:?}", read.skipped)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let bytes: Arc<[u8]> = workbook(data).into();
    let (fast, calamine) = (read_as(&bytes, XlsxReader::Automatic), read_as(&bytes, XlsxReader::Calamine));
    assert_eq!(fast, calamine, "the readers differ on {:?}", String::from_utf8_lossy(data));
});
