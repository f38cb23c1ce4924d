//! Workbooks that lie about their sizes: an xlsx whose shared-string count, cell
//! references, sheet entries, row and cell repeats (ODS) and declared part sizes come from
//! the fuzzer. The loader must answer (a data set, or an error) in bounded memory, never
//! abort on an allocation or panic.
#![no_main]

use ascent_viewer::engine::{Dataset, LoadOptions, Source};
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::sync::Arc;

fn number(data: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    for (i, x) in b.iter_mut().enumerate() {
        *x = data.get(at + i).copied().unwrap_or(0);
    }
    u64::from_le_bytes(b)
}

fn zip(parts: &[(&str, String)], declared: Option<(usize, u32)>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in parts {
        let _ = w.start_file(*name, zip::write::SimpleFileOptions::default());
        let _ = w.write_all(content.as_bytes());
    }
    let Ok(cursor) = w.finish() else { return Vec::new() };
    let mut bytes = cursor.into_inner();
    // a central directory entry stating another uncompressed size
    if let Some((which, size)) = declared {
        let entries: Vec<usize> = (0..bytes.len().saturating_sub(4)).filter(|&i| bytes[i..i + 4] == *b"PK\x01\x02").collect();
        if let Some(&at) = entries.get(which % entries.len().max(1))
            && at + 28 <= bytes.len()
        {
            bytes[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
        }
    }
    bytes
}

fn xlsx(data: &[u8]) -> Vec<u8> {
    let count = number(data, 1);
    let sheets = 1 + (number(data, 9) % 40) as usize;
    let col = number(data, 17) % 20_000;
    let row = number(data, 25) % 2_000_000;
    let col_letters = {
        let (mut c, mut s) = (col + 1, String::new());
        while c > 0 {
            s.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
            c = (c - 1) / 26;
        }
        s
    };
    let mut entries = String::new();
    let mut rels = String::new();
    for i in 1..=sheets {
        entries += &format!(r#"<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>"#);
        rels += &format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#);
    }
    rels += r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#;
    let sheet = format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:{col_letters}{row}"/><sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>Product</t></is></c><c r="A1" t="inlineStr"><is><t>Customer ID</t></is></c><c r="C1" t="inlineStr"><is><t>Fit</t></is></c><c r="D1" t="inlineStr"><is><t>Intent</t></is></c></row><row r="{row}"><c r="{col_letters}{row}" t="s"><v>{}</v></c><c r="A{row}"><v>1</v></c></row></sheetData></worksheet>"#,
        number(data, 33) % 4
    );
    let parts = [
        ("[Content_Types].xml", r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", format!(r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#)),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", format!(r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{count}"><si><t>Azure</t></si><si><t>x</t></si></sst>"#)),
    ];
    let declared = (data.get(41).copied().unwrap_or(0) & 1 == 1).then(|| (number(data, 42) as usize, number(data, 50) as u32));
    zip(&parts, declared)
}

fn ods(data: &[u8]) -> Vec<u8> {
    let rows = number(data, 1) % 10_000_000_000;
    let cols = number(data, 9) % 100_000;
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="T"><table:table-row><table:table-cell office:value-type="string"><text:p>Customer ID</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Product</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Fit</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Intent</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[("mimetype", "application/vnd.oasis.opendocument.spreadsheet".to_string()), ("content.xml", content)], None)
}

fuzz_target!(|data: &[u8]| {
    let Some(&kind) = data.first() else { return };
    let (ext, bytes) = if kind & 1 == 0 { ("xlsx", xlsx(data)) } else { ("ods", ods(data)) };
    let source = Source::Memory { name: format!("lies.{ext}"), bytes: Arc::from(bytes) };
    let mut opts = LoadOptions::default();
    opts.detect.max_cells = 2_000_000;
    opts.detect.max_bytes = 256 << 20;
    let _ = Dataset::load(&[(source, ascent_viewer::engine::load::read::Origin::Named)], &opts, &mut |_| {});
});
