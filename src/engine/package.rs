//! The zip package of an xlsx, checked before calamine trusts what it declares.
//!
//! calamine reserves memory from counts a file states (the shared strings' `uniqueCount`)
//! and reads a sheet part once per sheet entry. A crafted file can state billions of strings
//! in a few bytes (the process aborts on the allocation, which no `catch_unwind` catches) or
//! point a thousand sheet entries at one large part. These checks read only the zip's
//! directory and the first bytes of two small parts, so they cost nothing on real files.

use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::{Cursor, Read};

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

/// Checks an xlsx package. A zip that cannot be opened is left to calamine, which says why.
pub(super) fn check_xlsx(bytes: &[u8]) -> Result<(), Damage> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let mut sizes = HashMap::new();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else { continue };
        let plausible = entry.compressed_size().saturating_mul(DEFLATE_MAX_RATIO).saturating_add(HEAD_BYTES);
        if entry.size() > plausible {
            return Err(Damage::ImpossibleSize);
        }
        if let Ok(name) = entry.name() {
            sizes.insert(name.into_owned(), entry.size());
        }
    }
    if let Some(&size) = sizes.get("xl/sharedStrings.xml") {
        let head = read_head(&mut zip, "xl/sharedStrings.xml");
        let impossible = |n: u64| n > HARMLESS_STRING_COUNT && n > size / MIN_SHARED_STRING_BYTES;
        if declared_unique_count(&head).is_some_and(impossible) {
            return Err(Damage::StringCount);
        }
    }
    check_sheet_parts(&mut zip)
}

fn read_head(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Vec<u8> {
    let mut head = Vec::new();
    if let Ok(entry) = zip.by_name(name) {
        // a damaged part reads short: calamine reports the damage itself
        let _ = entry.take(HEAD_BYTES).read_to_end(&mut head);
    }
    head
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64) -> Vec<u8> {
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
fn check_sheet_parts(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), Damage> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
