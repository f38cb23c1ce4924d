//! The workbook's small parts, read as calamine reads them: which sheets there are and where,
//! the 1904 date system, which styles are dates, and the shared strings. Anything unusual
//! (another workbook path, a strict-schema package, a sheet type calamine would refuse)
//! sends the whole file to calamine ([`Unrecognised`]).

use quick_xml::escape::unescape;
use quick_xml::events::Event;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::io::{Read, Seek};
use zip::ZipArchive;

use super::text::{NotRead, plain_text, read_rich, xml_reader};

/// Why calamine reads rather than the fast reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unrecognised {
    /// A workbook part (relationships, workbook, styles, shared strings) read otherwise.
    Part,
}

/// How a style shows a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberShape {
    Plain,
    DateTime,
    Duration,
}

/// A worksheet of the workbook and its part in the package.
#[derive(Clone, Debug)]
pub struct SheetPart {
    pub name: String,
    pub path: String,
    pub is_worksheet: bool,
}

/// The shared strings one after the other in one text: no allocation for each of a
/// workbook's hundreds of thousands of names.
#[derive(Debug, Default)]
pub struct SharedStrings {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<u32>,
}

impl SharedStrings {
    /// Room for the strings of a part of `part_len` bytes (their text is never longer).
    fn for_part(part_len: usize) -> Self {
        SharedStrings { text: String::with_capacity(part_len), ends: Vec::new() }
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        self.text.get(start..end)
    }

    /// A string after the others (a text past 4 GB is calamine's to refuse).
    fn push(&mut self, s: &str) -> Result<(), NotRead> {
        self.text.push_str(s);
        self.ends.push(u32::try_from(self.text.len()).map_err(|_| NotRead)?);
        Ok(())
    }

    fn done(mut self) -> Self {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self
    }
}

/// What every sheet's cells need from the workbook.
#[derive(Debug, Default)]
pub struct Book {
    pub sheets: Vec<SheetPart>,
    pub strings: SharedStrings,
    pub shapes: Vec<NumberShape>,
    pub is_1904: bool,
    /// The zip's entry names by their lower-case form (parts are found regardless of case).
    entries: HashMap<String, String>,
}

impl From<NotRead> for Unrecognised {
    fn from(_: NotRead) -> Self {
        Unrecognised::Part
    }
}

impl Book {
    pub fn open<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<Book, Unrecognised> {
        let entries: HashMap<String, String> =
            zip.file_names().flatten().map(|n| (n.to_ascii_lowercase(), n.into_owned())).collect();
        let mut book = Book { entries, ..Book::default() };
        let package = book.part(zip, "_rels/.rels")?.ok_or(Unrecognised::Part)?;
        if !workbook_is_standard(&package)? {
            return Err(Unrecognised::Part);
        }
        let rels = book.part(zip, "xl/_rels/workbook.xml.rels")?.ok_or(Unrecognised::Part)?;
        let workbook = book.part(zip, "xl/workbook.xml")?.ok_or(Unrecognised::Part)?;
        if workbook.contains("purl.oclc.org/ooxml/sp") {
            // the strict schema: calamine's own way
            return Err(Unrecognised::Part);
        }
        (book.sheets, book.is_1904) = sheets(&workbook, &relationships(&rels)?)?;
        if let Some(styles) = book.part(zip, "xl/styles.xml")? {
            book.shapes = number_shapes(&styles)?;
        }
        if let Some(strings) = book.part(zip, "xl/sharedStrings.xml")? {
            book.strings = shared_strings(&strings)?;
        }
        Ok(book)
    }

    /// The entry named `path` (any case), if the package has it.
    pub fn entry(&self, path: &str) -> Option<&str> {
        self.entries.get(&path.to_ascii_lowercase()).map(String::as_str)
    }

    /// The part `path` as text (a part in another encoding than UTF-8 is calamine's).
    fn part<R: Read + Seek>(&self, zip: &mut ZipArchive<R>, path: &str) -> Result<Option<String>, Unrecognised> {
        let Some(name) = self.entry(path) else { return Ok(None) };
        let mut file = zip.by_name(name).map_err(|_| Unrecognised::Part)?;
        let mut text = String::with_capacity(usize::try_from(file.size()).unwrap_or(0).min(1 << 26));
        file.read_to_string(&mut text).map_err(|_| Unrecognised::Part)?;
        Ok(Some(text))
    }
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.into_owned())
}

/// The package's main part is xl/workbook.xml, where calamine looks by default.
fn workbook_is_standard(package: &str) -> Result<bool, NotRead> {
    let mut xml = xml_reader(package);
    loop {
        match xml.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                if kind.ends_with("/relationships/officeDocument") {
                    let target = attr(&e, "Target").unwrap_or_default();
                    let target = target.strip_prefix('/').unwrap_or(&target);
                    return Ok(target.eq_ignore_ascii_case("xl/workbook.xml"));
                }
            }
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

/// Relationship ids to (target, type).
fn relationships(rels: &str) -> Result<HashMap<String, (String, String)>, NotRead> {
    let mut xml = xml_reader(rels);
    let mut out = HashMap::default();
    loop {
        match xml.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                if let Some(id) = attr(&e, "Id") {
                    out.insert(id, (attr(&e, "Target").unwrap_or_default(), attr(&e, "Type").unwrap_or_default()));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The sheets in the workbook's order, and whether dates count from 1904.
fn sheets(workbook: &str, rels: &HashMap<String, (String, String)>) -> Result<(Vec<SheetPart>, bool), Unrecognised> {
    let mut xml = xml_reader(workbook);
    let (mut sheets, mut is_1904) = (Vec::new(), false);
    loop {
        match xml.read_event().map_err(NotRead::from)? {
            Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                if let Some(v) = attr(&e, "date1904") {
                    is_1904 = v == "1" || v == "true";
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                let mut name = None;
                let mut id = None;
                for a in e.attributes() {
                    let a = a.map_err(|_| Unrecognised::Part)?;
                    match a.key.as_ref() {
                        "name" => name = Some(unescape(&a.value).map_err(|_| Unrecognised::Part)?.into_owned()),
                        "state" if !matches!(a.value.as_ref(), "visible" | "hidden" | "veryHidden") => {
                            return Err(Unrecognised::Part);
                        }
                        key if key == "id" || key.ends_with(":id") => id = Some(a.value.into_owned()),
                        _ => {}
                    }
                }
                let (target, kind) = id.and_then(|id| rels.get(&id)).ok_or(Unrecognised::Part)?;
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                let is_worksheet = match kind.rsplit('/').next() {
                    Some("worksheet") => true,
                    Some("chartsheet" | "dialogsheet") => false,
                    _ => return Err(Unrecognised::Part),
                };
                sheets.push(SheetPart { name: name.unwrap_or_default(), path, is_worksheet });
            }
            Event::Eof => return Ok((sheets, is_1904)),
            _ => {}
        }
    }
}

/// Per cell style (cellXfs), how it shows a number. calamine reads the whole part, and
/// refuses the workbook on an element left open, an attribute it cannot read or an entity
/// it cannot expand anywhere in it: a part short of well-formed everywhere is calamine's.
fn number_shapes(styles: &str) -> Result<Vec<NumberShape>, NotRead> {
    let mut xml = xml_reader(styles);
    let mut formats: HashMap<String, String> = HashMap::default();
    let mut shapes = Vec::new();
    let mut in_cell_xfs = false;
    let mut open: Vec<String> = Vec::new();
    loop {
        match xml.read_event()? {
            Event::Start(e) => {
                every_attribute_read(&e)?;
                open.push(e.name().as_ref().to_string());
                match e.local_name().as_ref() {
                    "numFmt" => {
                        if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                            formats.insert(id, unescape(&code).map_err(|_| NotRead)?.into_owned());
                        }
                    }
                    "cellXfs" => in_cell_xfs = true,
                    "xf" if in_cell_xfs => {
                        shapes.push(attr(&e, "numFmtId").map_or(NumberShape::Plain, |id| match formats.get(&id) {
                            Some(code) => custom_shape(code),
                            None => builtin_shape(&id),
                        }));
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if open.pop().as_deref() != Some(e.name().as_ref()) {
                    return Err(NotRead);
                }
                if e.local_name().as_ref() == "cellXfs" {
                    in_cell_xfs = false;
                }
            }
            Event::Eof if open.is_empty() => return Ok(shapes),
            Event::Eof => return Err(NotRead),
            _ => {}
        }
    }
}

/// Each attribute of `e` well written, and its value's entities known.
fn every_attribute_read(e: &quick_xml::events::BytesStart<'_>) -> Result<(), NotRead> {
    for a in e.attributes() {
        let a = a.map_err(|_| NotRead)?;
        unescape(&a.value).map_err(|_| NotRead)?;
    }
    Ok(())
}

/// Excel's built-in formats that show dates and times (ECMA-376 18.8.30, and the East Asian
/// ones), as calamine classes them.
fn builtin_shape(id: &str) -> NumberShape {
    // the id as written: "014" or "+14" is no built-in format
    let exact = id.parse::<u32>().ok().filter(|n| n.to_string() == id);
    match exact {
        Some(14..=22 | 27..=36 | 45 | 47 | 50..=58) => NumberShape::DateTime,
        Some(46) => NumberShape::Duration,
        _ => NumberShape::Plain,
    }
}

/// A custom format's first section: a date or time where it has a date or time token outside
/// quotes and brackets, a duration where it starts with [h], [m] or [s] (calamine's reading).
pub fn custom_shape(format: &str) -> NumberShape {
    let (mut escaped, mut quoted, mut ap, mut hms) = (false, false, false, false);
    let mut brackets = 0u8;
    let mut prev = ' ';
    for s in format.chars() {
        match (s, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => quoted = true,
            (';', ..) => return NumberShape::Plain,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumberShape::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberShape::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberShape::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberShape::Plain
}

/// The shared strings in order. Plain ones (`<si><t>TEXT</t></si>`) are cut straight from
/// the part; a part with any other markup between them (comments, CDATA, prefixes) is read
/// whole through quick-xml, each rich or odd `<si>` through it anyway.
fn shared_strings(part: &str) -> Result<SharedStrings, NotRead> {
    if part.contains("<!--") || part.contains("<![CDATA[") || part.contains(":si") || part.contains("<!DOCTYPE") {
        return shared_strings_xml(part);
    }
    let bytes = part.as_bytes();
    let open = memchr::memmem::Finder::new("<si");
    let close = memchr::memmem::Finder::new("</si>");
    let Some(start) = memchr::memmem::find(bytes, b"<sst") else { return Err(NotRead) };
    let Some(mut at) = memchr::memchr(b'>', &bytes[start..]).map(|i| start + i + 1) else { return Err(NotRead) };
    // `<sst` itself, its attributes read as calamine reads them (another name, or a `>` in
    // a quoted value: the XML way)
    if !matches!(bytes.get(start + 4), Some(b' ' | b'\t' | b'\r' | b'\n' | b'>')) || !sst_tag_read(&part[start..at])? {
        return shared_strings_xml(part);
    }
    let mut strings = SharedStrings::for_part(part.len());
    // between two strings, nothing but spaces: any markup there (a stray end tag, another
    // element) is read the XML way, where calamine's reader would see it too
    let markup_in = |gap: &[u8]| memchr::memchr(b'<', gap).is_some();
    while let Some(i) = open.find(&bytes[at..]) {
        let si = at + i;
        if markup_in(&bytes[at..si]) {
            return shared_strings_xml(part);
        }
        match bytes.get(si + 3) {
            Some(b'/') if bytes.get(si + 4) == Some(&b'>') => {
                strings.push("")?;
                at = si + 5;
            }
            Some(b'>') => {
                let end = si + close.find(&bytes[si..]).ok_or(NotRead)? + 5;
                strings.push(&one_string(&part[si..end])?)?;
                at = end;
            }
            _ => return shared_strings_xml(part),
        }
    }
    if part[at..].trim() != "</sst>" {
        return shared_strings_xml(part);
    }
    Ok(strings.done())
}

/// The `<sst ...>` tag `tag` whole (true: a `>` in a quoted value ends it later), its
/// attributes readable.
fn sst_tag_read(tag: &str) -> Result<bool, NotRead> {
    match xml_reader(tag).read_event() {
        Ok(Event::Start(e)) => plain_attributes(&e).map(|()| true),
        _ => Ok(false),
    }
}

/// The attributes of `e` plain `name="value"` pairs (calamine reads them by rules of its own:
/// anything else is its to judge).
fn plain_attributes(e: &quick_xml::events::BytesStart<'_>) -> Result<(), NotRead> {
    every_attribute_read(e)?;
    let mut rest = e.attributes_raw().as_bytes();
    loop {
        rest = rest.trim_ascii_start();
        if rest.is_empty() || rest == b"/" {
            return Ok(());
        }
        let name =
            rest.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-' | b'.')).count();
        if name == 0 || !rest[0].is_ascii_alphabetic() || rest.get(name..name + 2) != Some(b"=\"") {
            return Err(NotRead);
        }
        let value = &rest[name + 2..];
        let end = memchr::memchr(b'"', value).ok_or(NotRead)?;
        rest = &value[end + 1..];
    }
}

/// One `<si>...</si>`: plain text cut out (trimmed unless its space is preserved, Excel's
/// escapes read), anything else read as calamine reads it.
fn one_string(si: &str) -> Result<Cow<'_, str>, NotRead> {
    let inner = si.strip_prefix("<si>").and_then(|s| s.strip_suffix("</t></si>"));
    if let Some(text) = inner.and_then(plain_text) {
        return Ok(text);
    }
    let mut xml = xml_reader(si);
    let text = match xml.read_event()? {
        Event::Start(e) => read_rich(&mut xml, e.name().as_ref())?.unwrap_or_default(),
        _ => return Err(NotRead),
    };
    // the string ends where the part's `</si>` is (not at a nested one): else the whole part
    // is calamine's to read
    match xml.read_event()? {
        Event::Eof => Ok(Cow::Owned(text)),
        _ => Err(NotRead),
    }
}

/// The shared strings read through quick-xml, as calamine reads them.
fn shared_strings_xml(part: &str) -> Result<SharedStrings, NotRead> {
    let mut xml = xml_reader(part);
    let mut strings = SharedStrings::for_part(part.len());
    loop {
        match xml.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == "sst" => {
                plain_attributes(&e)?;
                let count = attr(&e, "uniqueCount").and_then(|c| c.parse::<usize>().ok());
                // a declared count is a hint, not a promise: at most what the part could hold
                strings.ends.reserve(count.unwrap_or(0).min(part.len() / 8));
            }
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                if let Some(s) = read_rich(&mut xml, e.name().as_ref())? {
                    strings.push(&s)?;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "sst" => return Ok(strings.done()),
            Event::Eof => return Err(NotRead),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_as_calamine_classes_them() {
        for (code, shape) in [
            ("yyyy-mm-dd", NumberShape::DateTime),
            ("DD/MM/YY", NumberShape::DateTime),
            ("H:MM:SS;@", NumberShape::DateTime),
            ("[h]:mm:ss", NumberShape::Duration),
            ("#,##0.0####\" YMD\"", NumberShape::Plain),
            ("\"$\"#,##0_);[Red](\"$\"#,##0)", NumberShape::Plain),
            ("0.00%", NumberShape::Plain),
        ] {
            assert_eq!(custom_shape(code), shape, "{code}");
        }
        assert_eq!(builtin_shape("14"), NumberShape::DateTime);
        assert_eq!(builtin_shape("46"), NumberShape::Duration);
        assert_eq!(builtin_shape("0"), NumberShape::Plain);
        assert_eq!(builtin_shape("014"), NumberShape::Plain);
    }
}
