//! Workbook containers checked before calamine trusts what they declare.
//!
//! calamine reserves memory from counts a file states (an xlsx's shared strings'
//! `uniqueCount`, an xls sheet's DIMENSIONS record) and reads a sheet part once per sheet
//! entry. A crafted file can state billions of strings or rows in a few bytes (the process
//! aborts on the allocation, which no `catch_unwind` catches) or point a thousand sheet
//! entries at one large part. The xlsx checks read only the zip's directory and the first
//! bytes of small parts; the xls check walks the record headers of the workbook stream.

use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek};

use super::error::Damage;

/// Deflate's best ratio is about 1032:1; no real part beats it.
const DEFLATE_MAX_RATIO: u64 = 1032;

/// The fewest bytes one shared string takes in the XML (`<si/>`).
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// Counts calamine may reserve room for without harm (about 100 MB), whatever the part's
/// size: some producers state the count of uses rather than of distinct strings.
const HARMLESS_STRING_COUNT: u64 = 4_000_000;

/// What is read of a part to find a count in its first element.
const HEAD_BYTES: u64 = 64 * 1024;

/// Why an xlsx package is refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum PackageProblem {
    Damaged(Damage),
    /// The shared strings calamine would hold take more than the memory budget.
    OverBudget,
}

impl From<Damage> for PackageProblem {
    fn from(d: Damage) -> PackageProblem {
        PackageProblem::Damaged(d)
    }
}

/// Checks an xlsx package. A zip that cannot be opened is left to calamine, which says why.
/// `max_bytes` is the memory budget of the load (0: none); the shared strings calamine will
/// hold count against it.
pub(super) fn check_xlsx(input: impl Read + Seek, max_bytes: u64) -> Result<(), PackageProblem> {
    let Ok(mut zip) = zip::ZipArchive::new(input) else { return Ok(()) };
    let mut sizes = HashMap::new();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else { continue };
        let plausible = entry.compressed_size().saturating_mul(DEFLATE_MAX_RATIO).saturating_add(HEAD_BYTES);
        if entry.size() > plausible {
            return Err(Damage::ImpossibleSize.into());
        }
        if let Ok(name) = entry.name() {
            sizes.insert(name.into_owned(), (entry.size(), entry.compressed_size().max(1)));
        }
    }
    if let Some(&(size, _)) = sizes.get("xl/sharedStrings.xml") {
        // calamine keeps every shared string: read them once here, in bounded memory
        let scan = scan_part(&mut zip, "xl/sharedStrings.xml")?;
        let impossible = |n: u64| n > HARMLESS_STRING_COUNT && n > size / MIN_SHARED_STRING_BYTES;
        if declared_unique_count(&scan.head).is_some_and(impossible) {
            return Err(Damage::StringCount.into());
        }
        let kept = scan.elements.saturating_mul(STRING_OVERHEAD).saturating_add(scan.bytes);
        if kept > MAX_SHARED_STRINGS_BYTES {
            return Err(Damage::TooManyStrings.into());
        }
        if max_bytes > 0 && kept > max_bytes {
            return Err(PackageProblem::OverBudget);
        }
    }
    // a sheet part far more compressed than any real sheet: look for the gap that gives it
    let suspicious: Vec<&String> = sizes
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .filter(|(_, (size, packed))| *size > SUSPICIOUS_PART_BYTES && size / packed > SUSPICIOUS_RATIO)
        .map(|(n, _)| n)
        .collect();
    for name in suspicious {
        scan_part(&mut zip, name)?;
    }
    Ok(check_sheet_parts(&mut zip)?)
}

/// The longest stretch of a real part without a `<`: a cell of 32,767 characters escaped at
/// worst (`&amp;` for each) is 160 KB.
const MAX_RUN_BYTES: u64 = 1 << 20;

/// What calamine keeps per shared string besides its text.
const STRING_OVERHEAD: u64 = 32;

/// No real download's shared strings come near this.
const MAX_SHARED_STRINGS_BYTES: u64 = 1 << 30;

/// Real sheet XML compresses about ten to one; a part above this ratio and size is read
/// once here before calamine buffers what it holds.
const SUSPICIOUS_RATIO: u64 = 100;
const SUSPICIOUS_PART_BYTES: u64 = 16 << 20;

/// What a streamed read of a part found.
struct PartScan {
    /// Elements opened (`<` followed by a letter).
    elements: u64,
    /// Bytes outside tags (text and white space).
    bytes: u64,
    /// The part's first bytes, where its root element states its counts.
    head: Vec<u8>,
}

/// Inflates a part in 64 KB steps, refusing a stretch without `<` longer than any real
/// cell: a single huge text or gap would otherwise be held whole by the XML reader.
fn scan_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<PartScan, Damage> {
    let Ok(mut entry) = zip.by_name(name) else { return Ok(PartScan { elements: 0, bytes: 0, head: Vec::new() }) };
    let mut head = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let (mut run, mut elements, mut bytes, mut in_tag, mut after_lt) = (0u64, 0u64, 0u64, false, false);
    loop {
        let n = match entry.read(&mut buf) {
            Ok(0) | Err(_) => break, // a damaged part: calamine says so
            Ok(n) => n,
        };
        let room = (HEAD_BYTES as usize).saturating_sub(head.len());
        head.extend_from_slice(&buf[..n.min(room)]);
        // from one `<` or `>` to the next (memchr): the bytes between them count at once
        let chunk = &buf[..n];
        let mut at = 0;
        loop {
            let next = memchr::memchr2(b'<', b'>', &chunk[at..]).map(|i| at + i);
            let plain = next.unwrap_or(n) - at;
            if plain > 0 {
                if after_lt && chunk[at].is_ascii_alphabetic() {
                    elements += 1;
                }
                after_lt = false;
                run += plain as u64;
                if !in_tag {
                    bytes += plain as u64;
                }
                if run > MAX_RUN_BYTES {
                    return Err(Damage::CellTooLong);
                }
            }
            let Some(i) = next else { break };
            if chunk[i] == b'<' {
                run = 0;
                in_tag = true;
                after_lt = true;
            } else {
                in_tag = false;
                after_lt = false;
            }
            at = i + 1;
        }
    }
    Ok(PartScan { elements, bytes, head })
}

fn read_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str, limit: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Ok(entry) = zip.by_name(name) {
        let _ = entry.take(limit).read_to_end(&mut bytes);
    }
    bytes
}

/// The `uniqueCount` of the `<sst>` element, if it states one.
fn declared_unique_count(head: &[u8]) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let attr = e.try_get_attribute("uniqueCount").ok().flatten()?;
                return attr.value.trim().parse().ok();
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => buf.clear(),
        }
    }
}

/// Refuses a workbook two of whose sheets are one part: real files never do it, and a
/// thousand entries pointing at one large part would read it a thousand times.
fn check_sheet_parts<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), Damage> {
    // both parts are small in any real workbook (a few KB per sheet)
    const LIMIT: u64 = 16 << 20;
    let workbook = read_part(zip, "xl/workbook.xml", LIMIT);
    let rels = read_part(zip, "xl/_rels/workbook.xml.rels", LIMIT);
    let targets = relationship_targets(&rels);
    let mut seen = std::collections::HashSet::new();
    for id in sheet_relationship_ids(&workbook) {
        if let Some(target) = targets.get(&id)
            && !seen.insert(target.trim_start_matches('/').trim_start_matches("xl/").to_string())
        {
            return Err(Damage::SharedSheetPart);
        }
    }
    Ok(())
}

/// The relationship id of each `<sheet>` of the workbook, in order.
fn sheet_relationship_ids(xml: &[u8]) -> Vec<String> {
    elements(xml, "sheet", |e| {
        e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "id").map(|a| attr_text(&a.value))
    })
}

/// Relationship id -> target.
fn relationship_targets(xml: &[u8]) -> HashMap<String, String> {
    elements(xml, "Relationship", |e| {
        let get = |name: &str| {
            e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| attr_text(&a.value))
        };
        Some((get("Id")?, get("Target")?))
    })
    .into_iter()
    .collect()
}

fn attr_text(value: &str) -> String {
    value.to_string()
}

/// What `take` gives for each element named `name` (a local name), in document order.
fn elements<T>(xml: &[u8], name: &str, take: impl Fn(&quick_xml::events::BytesStart) -> Option<T>) -> Vec<T> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == name => out.extend(take(&e)),
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
        buf.clear();
    }
}

/// What an OpenDocument spreadsheet's tables would become once calamine expands them.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum OdsProblem {
    /// A table would expand to more cells than the limit (repeated rows and columns).
    TooManyCells { sheet: String },
    /// A table holds data past Excel's last row, which calamine drops.
    RowsPastLimit,
}

const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// One table's extent while `content.xml` streams by.
#[derive(Default)]
struct OdsTable {
    name: String,
    rows: u64,
    first_content_row: Option<u64>,
    past_content_row: u64,
    width: u64,
    /// The row being read: its repeats, columns so far, and columns up to its last value.
    row_repeats: u64,
    row_cols: u64,
    row_content_cols: u64,
}

impl OdsTable {
    fn cell(&mut self, repeats: u64, has_value: bool) {
        self.row_cols = (self.row_cols + repeats).min(ODS_MAX_COLUMNS);
        if has_value {
            self.row_content_cols = self.row_cols;
        }
    }

    fn end_row(&mut self) -> Result<(), OdsProblem> {
        if self.row_content_cols > 0 {
            if self.rows + 1 > ODS_MAX_ROWS {
                return Err(OdsProblem::RowsPastLimit);
            }
            self.first_content_row.get_or_insert(self.rows);
            self.past_content_row = (self.rows + self.row_repeats).min(ODS_MAX_ROWS);
            self.width = self.width.max(self.row_content_cols);
        }
        self.rows = self.rows.saturating_add(self.row_repeats);
        (self.row_repeats, self.row_cols, self.row_content_cols) = (1, 0, 0);
        Ok(())
    }

    /// The cells calamine's range of this table holds.
    fn expanded_cells(&self) -> u64 {
        let first = self.first_content_row.unwrap_or(self.past_content_row);
        (self.past_content_row - first).saturating_mul(self.width)
    }
}

/// Streams an ODS's `content.xml`, refusing a table that would expand past `max_cells`
/// (an 898-byte file can state billions) or hold data past Excel's last row.
pub(super) fn check_ods(input: impl Read + Seek, max_cells: u64) -> Result<(), OdsProblem> {
    let Ok(mut zip) = zip::ZipArchive::new(input) else { return Ok(()) };
    let Ok(entry) = zip.by_name("content.xml") else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry.take(8 << 30)));
    let mut buf = Vec::new();
    let mut table = OdsTable::default();
    let count = |e: &quick_xml::events::BytesStart, attr: &str| -> u64 {
        e.try_get_attribute(attr).ok().flatten().and_then(|a| a.value.trim().parse().ok()).unwrap_or(1).max(1)
    };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) => return Ok(()), // calamine says what is wrong
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                let name = e.try_get_attribute("table:name").ok().flatten().map(|a| a.value.to_string());
                table = OdsTable { name: name.unwrap_or_default(), row_repeats: 1, ..OdsTable::default() };
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                table.row_repeats = count(&e, "table:number-rows-repeated");
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                table.row_repeats = count(&e, "table:number-rows-repeated");
                table.end_row()?;
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => table.end_row()?,
            Event::Start(e) | Event::Empty(e)
                if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                let has_value = e.try_get_attribute("office:value-type").ok().flatten().is_some();
                table.cell(count(&e, "table:number-columns-repeated"), has_value);
            }
            Event::End(e) if e.name().as_ref() == "table:table" && table.expanded_cells() > max_cells => {
                return Err(OdsProblem::TooManyCells { sheet: std::mem::take(&mut table.name) });
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Excel 97-2003's largest sheet: 65,536 rows of 256 columns.
const XLS_MAX_CELLS: u64 = 65_536 * 256;

const BIFF_DIMENSIONS: u16 = 0x0200;
const BIFF_FILEPASS: u16 = 0x002F;

/// Checks the DIMENSIONS records of an xls workbook stream: a first row after the last, or
/// more cells than the format holds, is a lie calamine would reserve memory for. A container
/// that cannot be read is left to calamine, which says why.
pub(super) fn check_xls(bytes: &[u8]) -> Result<(), Damage> {
    let Ok(mut container) = cfb::CompoundFile::open(Cursor::new(bytes)) else { return Ok(()) };
    let mut stream = Vec::new();
    let opened = container.open_stream("/Workbook").or_else(|_| container.open_stream("/Book"));
    let Ok(s) = opened else { return Ok(()) };
    if s.take(MAX_XLS_STREAM).read_to_end(&mut stream).is_err() {
        return Ok(());
    }
    let mut at = 0;
    while at + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let Some(data) = stream.get(at + 4..at + 4 + len) else { break };
        match typ {
            // encrypted: the records' contents are not readable; calamine says so
            BIFF_FILEPASS => return Ok(()),
            BIFF_DIMENSIONS if !plausible_dimensions(data) => return Err(Damage::Dimensions),
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

/// The workbook stream is read whole by calamine too; this bounds what the check reads.
const MAX_XLS_STREAM: u64 = 1 << 30;

/// Whether a DIMENSIONS record (BIFF8's 14 bytes, or BIFF5's 10) is one a real sheet has,
/// read as calamine reads it.
fn plausible_dimensions(r: &[u8]) -> bool {
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([r[i], r[i + 1]]));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]));
    let (first_row, past_row, mut first_col, past_col) = match r.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        // calamine refuses other lengths itself
        _ => return true,
    };
    if first_col > 0xFF || past_col < first_col {
        first_col = 0;
    }
    if past_row == 0 || past_col == 0 {
        return true;
    }
    if past_row - 1 < first_row {
        return false;
    }
    let rows = past_row - first_row;
    let cols = past_col - first_col;
    rows.saturating_mul(cols) <= XLS_MAX_CELLS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dimensions(first_row: u32, past_row: u32, first_col: u16, past_col: u16) -> Vec<u8> {
        let mut r = Vec::new();
        r.extend(first_row.to_le_bytes());
        r.extend(past_row.to_le_bytes());
        r.extend(first_col.to_le_bytes());
        r.extend(past_col.to_le_bytes());
        r.extend([0, 0]);
        r
    }

    #[test]
    fn real_dimensions_pass_and_lies_do_not() {
        assert!(plausible_dimensions(&dimensions(0, 14, 0, 8)));
        assert!(plausible_dimensions(&dimensions(0, 65_536, 0, 256)));
        assert!(plausible_dimensions(&dimensions(0, 0, 0, 0)), "an empty sheet");
        assert!(!plausible_dimensions(&dimensions(0, 4_000_000_000, 0, 256)), "billions of rows");
        assert!(!plausible_dimensions(&dimensions(70_000, 10, 0, 4)), "a first row after the last");
    }

    #[test]
    fn reads_the_declared_count() {
        assert_eq!(declared_unique_count(br#"<?xml version="1.0"?><sst count="9" uniqueCount="3">"#), Some(3));
        assert_eq!(declared_unique_count(br#"<x:sst uniqueCount=" 12 "/>"#), Some(12));
        assert_eq!(declared_unique_count(b"<sst>"), None);
        assert_eq!(declared_unique_count(b"<sst uniqueCount=\"lots\">"), None);
    }

    #[test]
    fn maps_sheets_to_their_parts() {
        let wb = br#"<workbook xmlns:r="r"><sheets><sheet name="A" r:id="rId1"/><sheet name="B" r:id="rId2"/></sheets></workbook>"#;
        assert_eq!(sheet_relationship_ids(wb), ["rId1", "rId2"]);
        let rels = br#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#;
        assert_eq!(relationship_targets(rels).get("rId1").map(String::as_str), Some("worksheets/sheet1.xml"));
    }
}
