//! Text as calamine reads it: Excel's `_xHHHH_` escapes, rich text runs joined (phonetic
//! runs left out), and one cell read through quick-xml where the scanner met more than a plain
//! `<v>` (a formula, an inline string, an entity). Mirrors calamine 0.38 (MIT) so that both
//! readers give the same cells; `tests/suite/fast_reader.rs` compares them.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};
use std::borrow::Cow;

/// A quick-xml reader configured as calamine's.
pub fn xml_reader(bytes: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(bytes);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// Why a text could not be read as calamine would.
#[derive(Debug)]
pub struct NotRead;

impl From<quick_xml::Error> for NotRead {
    fn from(_: quick_xml::Error) -> Self {
        NotRead
    }
}

const ESCAPE_LENGTH: usize = 7;

/// Excel's escapes: "_x000D_" is a carriage return (a UTF-16 unit, surrogate pairs joined),
/// "_x005F_x000D_" the literal text.
pub fn unescape_excel(original: &str) -> Cow<'_, str> {
    let Some((mut index, mut unit)) = find_escape(original, 0) else {
        return Cow::Borrowed(original);
    };
    let mut unescaped = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        unescaped.push_str(&original[copied..index]);
        index += ESCAPE_LENGTH;
        match unit {
            0xD800..=0xDBFF => match parse_escape(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    unescaped.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += ESCAPE_LENGTH;
                }
                _ => unescaped.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => unescaped.push(char::REPLACEMENT_CHARACTER),
            _ => unescaped.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find_escape(original, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    unescaped.push_str(&original[copied..]);
    Cow::Owned(unescaped)
}

fn find_escape(original: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = memchr::memchr(b'_', original.as_bytes().get(start..)?) {
        let index = start + offset;
        if let Some(unit) = parse_escape(original, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_escape(original: &str, index: usize) -> Option<u16> {
    let bytes = original.as_bytes().get(index..index + ESCAPE_LENGTH)?;
    if bytes[0] != b'_' || bytes[1] != b'x' || bytes[6] != b'_' {
        return None;
    }
    let hex = &bytes[2..6];
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

/// The text of a plain `<t>TEXT` or `<t xml:space="preserve">TEXT` (its `</t>` cut off, as
/// in an inline string or a shared string), as calamine reads it: trimmed unless its space is
/// preserved, Excel's escapes read. None where TEXT holds markup, an entity or a carriage
/// return, which the XML rules must read.
pub fn plain_text(t: &str) -> Option<Cow<'_, str>> {
    let (text, preserve) = match t.strip_prefix("<t>") {
        Some(text) => (text, false),
        None => (t.strip_prefix("<t xml:space=\"preserve\">")?, true),
    };
    if text.contains(['<', '&', '\r']) {
        return None;
    }
    Some(unescape_excel(if preserve { text } else { text.trim_matches([' ', '\t', '\n']) }))
}

/// An entity or character reference, as calamine resolves it.
pub fn push_entity(entity: &BytesRef<'_>, out: &mut String) -> Result<(), NotRead> {
    let name: &str = entity;
    if let Some(text) = quick_xml::escape::resolve_xml_entity(name) {
        out.push_str(text);
        return Ok(());
    }
    match entity.resolve_char_ref()? {
        Some(c) => {
            out.push(c);
            Ok(())
        }
        None => Err(NotRead),
    }
}

/// The text of an `<si>` or `<is>` whose start was just read, up to its end `closing`: plain
/// or rich (runs joined), phonetic runs left out; None where it holds no text at all.
pub fn read_rich(xml: &mut Reader<&[u8]>, closing: &str) -> Result<Option<String>, NotRead> {
    let mut rich: Option<String> = None;
    let mut phonetic = false;
    loop {
        match xml.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == "r" && rich.is_none() => rich = Some(String::new()),
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing => return Ok(Some(rich.unwrap_or_default())),
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = space_preserved(&e)?;
                let mut value = String::new();
                loop {
                    match xml.read_event()? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => push_entity(&r, &mut value)?,
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err(NotRead),
                        _ => (),
                    }
                }
                let value = if preserve {
                    unescape_excel(&value).into_owned()
                } else {
                    unescape_excel(value.trim_matches([' ', '\t', '\r', '\n'])).into_owned()
                };
                match &mut rich {
                    Some(s) => s.push_str(&value),
                    None => rich = Some(value),
                }
            }
            Event::Eof => return Err(NotRead),
            _ => (),
        }
    }
}

/// Whether a `<t>` keeps its spaces, its attributes read up to `xml:space` as calamine reads
/// them (one it cannot read before that makes the part calamine's).
fn space_preserved(t: &quick_xml::events::BytesStart<'_>) -> Result<bool, NotRead> {
    for a in t.attributes() {
        let a = a.map_err(|_| NotRead)?;
        if a.key.as_ref() == "xml:space" {
            return Ok(a.value.as_ref() == "preserve");
        }
    }
    Ok(false)
}

/// The text of a `<v>` whose start was just read, entities resolved.
pub fn read_v_text(xml: &mut Reader<&[u8]>) -> Result<String, NotRead> {
    let mut value = String::new();
    loop {
        match xml.read_event()? {
            Event::Text(t) => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => push_entity(&r, &mut value)?,
            Event::End(e) if e.local_name().as_ref() == "v" => return Ok(value),
            Event::Eof => return Err(NotRead),
            _ => (),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_as_excel_writes_them() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDCF7_"), "📷");
        assert_eq!(unescape_excel("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_excel("plain_x00G1_"), "plain_x00G1_");
    }

    #[test]
    fn rich_text_runs_join_and_phonetic_runs_stay_out() {
        let xml = "<si><r><t>Wood</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">grove </t></r>\
                   <rPh><t>ウッド</t></rPh></si>";
        let mut reader = xml_reader(xml);
        reader.read_event().unwrap();
        assert_eq!(read_rich(&mut reader, "si").unwrap().as_deref(), Some("Woodgrove "));
        let mut reader = xml_reader("<si><t> a &amp; b </t></si>");
        reader.read_event().unwrap();
        assert_eq!(read_rich(&mut reader, "si").unwrap().as_deref(), Some("a & b"));
    }
}
