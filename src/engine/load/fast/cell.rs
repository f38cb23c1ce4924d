//! A cell's parts (its type, style and content) read into a cell as calamine reads them:
//! plain contents (a `<v>` value, an inline string, nothing) from the bytes, any other through
//! quick-xml the way calamine's cell reader does ([`slow_cell`]). The functions the scanner
//! calls for every cell are `#[inline]`: from another module (another codegen unit) they
//! would not be, and the long workbook took 5% longer.

use memchr::{memchr, memchr3};

use super::parts::{Book, NumberShape};
use super::text::{NotRead, plain_text, read_rich, read_v_text, unescape_excel, xml_reader};
use crate::engine::load::table::{CellFault, TooManyCells};
use crate::engine::load::value::{Cell, ErrorCode};

/// Why a scan ended before `</sheetData>`.
#[derive(Debug)]
pub enum Stop {
    /// Something the scanner does not read as calamine would: calamine reads the sheet.
    Unrecognised,
    TooManyCells(TooManyCells),
    TooManyBadCells,
}

impl From<NotRead> for Stop {
    fn from(_: NotRead) -> Self {
        Stop::Unrecognised
    }
}

/// A cell's attributes as written (raw, as calamine reads them).
#[derive(Default)]
pub(super) struct CellAttrs<'a> {
    pub r: Option<&'a [u8]>,
    pub s: Option<&'a [u8]>,
    pub t: Option<&'a [u8]>,
}

/// A cell's value, borrowed from the part or the shared strings, or owned.
pub(super) enum Owned<'a> {
    Borrowed(Cell<'a>),
    Text(String),
}

impl Owned<'_> {
    #[inline]
    pub fn cell(&self) -> Cell<'_> {
        match self {
            Owned::Borrowed(c) => *c,
            Owned::Text(s) => Cell::Text(s),
        }
    }
}

/// A plain content's cell: empty, a `<v>` value ([`plain_v`]; a formula's cached text may hold
/// Excel's escapes, so `t="str"` is not plain) or an inline string ([`plain_inline`]). None
/// for any other content, which the XML rules read ([`slow_cell`]).
#[inline]
pub(super) fn plain_value<'a>(
    book: &'a Book,
    body: &'a [u8],
    attrs: &CellAttrs<'_>,
) -> Option<Result<Owned<'a>, CellFault>> {
    if body.is_empty() {
        return Some(Ok(Owned::Borrowed(Cell::Empty)));
    }
    if attrs.t != Some(b"str")
        && let Some(v) = plain_v(body)
    {
        return Some(fast_value(book, v, attrs.s, attrs.t).map(Owned::Borrowed));
    }
    plain_inline(body).map(Ok)
}

/// How long the content at the start of `body` is, where it has a plain shape (`<v>TEXT</v>`,
/// `<is><t>TEXT</t></is>` or nothing) and the cell's `</c>` follows: found from the shape
/// with one memchr, not a search for `</c>`.
#[inline]
pub(super) fn plain_body_len(body: &[u8]) -> Option<usize> {
    let (open, close): (&[u8], &[u8]) = if body.starts_with(b"<v>") {
        (b"<v>", b"</v>")
    } else if body.starts_with(b"<is><t>") {
        (b"<is><t>", b"</t></is>")
    } else {
        (b"", b"")
    };
    let text = if open.is_empty() { 0 } else { memchr(b'<', &body[open.len()..])? };
    let end = open.len() + text + close.len();
    (body.get(open.len() + text..end)? == close && body.get(end..end + 4)? == b"</c>").then_some(end)
}

/// The text of a content that is exactly `<v>TEXT</v>`, TEXT with no markup, entity nor
/// carriage return (those need the XML rules).
#[inline]
fn plain_v(body: &[u8]) -> Option<&[u8]> {
    let v = body.strip_prefix(b"<v>")?.strip_suffix(b"</v>")?;
    if memchr3(b'<', b'&', b'\r', v).is_some() || !v.is_ascii() { None } else { Some(v) }
}

/// The text of a content that is exactly `<is><t>TEXT</t></is>` (an inline string, as
/// writers in constant memory write every text), TEXT with no markup, entity nor carriage
/// return: trimmed unless its space is preserved, Excel's escapes read.
#[inline]
fn plain_inline(body: &[u8]) -> Option<Owned<'_>> {
    let t = body.strip_prefix(b"<is>")?.strip_suffix(b"</t></is>")?;
    Some(match plain_text(std::str::from_utf8(t).ok()?)? {
        std::borrow::Cow::Borrowed(text) => Owned::Borrowed(Cell::Text(text)),
        std::borrow::Cow::Owned(text) => Owned::Text(text),
    })
}

/// A run of digits as a number, or 0 (calamine's reading of style and string indices).
#[inline]
fn index_or_zero(text: &[u8]) -> usize {
    let mut n: usize = 0;
    for &b in text {
        if !b.is_ascii_digit() {
            return 0;
        }
        match n.checked_mul(10).and_then(|n| n.checked_add(usize::from(b - b'0'))) {
            Some(next) => n = next,
            None => return 0,
        }
    }
    n
}

/// A plain `<v>`'s cell for type `t` and style `s`.
#[inline]
fn fast_value<'a>(book: &'a Book, v: &'a [u8], s: Option<&[u8]>, t: Option<&[u8]>) -> Result<Cell<'a>, CellFault> {
    match t {
        Some(b"s") => {
            if v.is_empty() {
                return Ok(Cell::Empty);
            }
            book.strings.get(index_or_zero(v)).map(Cell::Text).ok_or(CellFault::NoSuchString)
        }
        Some(b"n") | None => number(book, v, s, t.is_none()),
        Some(b"b") => boolean(v),
        Some(b"e") => error_cell(v),
        Some(b"d") => std::str::from_utf8(v).map(Cell::Text).map_err(|_| CellFault::UnknownType),
        Some(b"inlineStr" | b"is") => Ok(Cell::Empty),
        Some(_) => Err(CellFault::UnknownType),
    }
}

#[inline]
fn number<'a>(book: &Book, v: &'a [u8], s: Option<&[u8]>, untyped: bool) -> Result<Cell<'a>, CellFault> {
    if v.is_empty() {
        return Ok(Cell::Empty);
    }
    match fast_float2::parse::<f64, _>(v) {
        Ok(n) => {
            let shape = match s {
                Some(s) => book.shapes.get(index_or_zero(s)).copied(),
                None => Some(NumberShape::Plain),
            };
            Ok(match shape {
                Some(NumberShape::DateTime) => crate::engine::load::value::datetime_cell(
                    &calamine::ExcelDateTime::new(n, calamine::ExcelDateTimeType::DateTime, book.is_1904),
                ),
                _ => Cell::Number(n),
            })
        }
        Err(_) if untyped => std::str::from_utf8(v).map(Cell::Text).map_err(|_| CellFault::NotANumber),
        Err(_) => Err(CellFault::NotANumber),
    }
}

#[inline]
fn boolean<'a>(v: &[u8]) -> Result<Cell<'a>, CellFault> {
    let v = v.trim_ascii();
    if v.is_empty() {
        Ok(Cell::Empty)
    } else if v == b"0" || v.eq_ignore_ascii_case(b"false") {
        Ok(Cell::Bool(false))
    } else if v == b"1" || v.eq_ignore_ascii_case(b"true") {
        Ok(Cell::Bool(true))
    } else {
        Err(CellFault::NotABoolean)
    }
}

fn error_cell<'a>(v: &[u8]) -> Result<Cell<'a>, CellFault> {
    Ok(Cell::Error(match v {
        b"#DIV/0!" => ErrorCode::Div0,
        b"#N/A" => ErrorCode::NotAvailable,
        b"#NAME?" => ErrorCode::Name,
        b"#NULL!" => ErrorCode::Null,
        b"#NUM!" => ErrorCode::Num,
        b"#REF!" => ErrorCode::Ref,
        b"#VALUE!" => ErrorCode::Value,
        _ => return Err(CellFault::UnknownError),
    }))
}

/// A cell with more than a plain `<v>`, read as calamine reads it: each child in turn sets
/// the value (`<f>` and an inline string's `<v>` to nothing), an unknown child stops.
pub(super) fn slow_cell<'a>(
    book: &'a Book,
    element: &[u8],
    s: Option<&[u8]>,
    t: Option<&[u8]>,
) -> Result<Result<Owned<'a>, CellFault>, Stop> {
    let mut xml = xml_reader(std::str::from_utf8(element).map_err(|_| Stop::Unrecognised)?);
    // the cell's own start
    xml.read_event().map_err(NotRead::from)?;
    let mut value: Result<Owned<'a>, CellFault> = Ok(Owned::Borrowed(Cell::Empty));
    loop {
        match xml.read_event().map_err(NotRead::from)? {
            quick_xml::events::Event::Start(e) => {
                value = match e.local_name().as_ref() {
                    "is" => {
                        Ok(read_rich(&mut xml, e.name().as_ref())?.map_or(Owned::Borrowed(Cell::Empty), Owned::Text))
                    }
                    "v" if matches!(t, Some(b"inlineStr" | b"is")) => {
                        xml.read_to_end(e.name()).map_err(NotRead::from)?;
                        Ok(Owned::Borrowed(Cell::Empty))
                    }
                    "v" => v_value(book, &mut xml, e.name(), s, t)?,
                    "f" => {
                        xml.read_to_end(e.name()).map_err(NotRead::from)?;
                        Ok(Owned::Borrowed(Cell::Empty))
                    }
                    _ => return Err(Stop::Unrecognised),
                };
                if value.is_err() {
                    // calamine stops at the faulty value and reads on from there as between
                    // cells: the rest must be the cell's end alone, else the sheet is calamine's
                    let rest = usize::try_from(xml.buffer_position()).ok().and_then(|at| element.get(at..));
                    return match rest.and_then(|rest| rest.strip_suffix(b"</c>")) {
                        Some(gap) if !gap.iter().any(|b| matches!(b, b'<' | b'&')) => Ok(value),
                        _ => Err(Stop::Unrecognised),
                    };
                }
            }
            quick_xml::events::Event::End(e) if e.local_name().as_ref() == "c" => return Ok(value),
            quick_xml::events::Event::Eof => return Err(Stop::Unrecognised),
            _ => {}
        }
    }
}

/// A `<v>` read through the XML rules: the types that are plain ASCII from their first text
/// as written, the others with entities resolved.
fn v_value<'a>(
    book: &'a Book,
    xml: &mut quick_xml::Reader<&[u8]>,
    name: quick_xml::name::QName<'_>,
    s: Option<&[u8]>,
    t: Option<&[u8]>,
) -> Result<Result<Owned<'a>, CellFault>, Stop> {
    if matches!(t, Some(b"n" | b"s" | b"b" | b"e") | None) {
        let text = match xml.read_event().map_err(NotRead::from)? {
            quick_xml::events::Event::Text(text) => text.as_bytes().to_vec(),
            quick_xml::events::Event::End(end) if end.name() == name => return Ok(Ok(Owned::Borrowed(Cell::Empty))),
            quick_xml::events::Event::Eof => return Err(Stop::Unrecognised),
            _ => Vec::new(),
        };
        xml.read_to_end(name).map_err(NotRead::from)?;
        return Ok(match fast_value(book, &text, s, t) {
            Ok(Cell::Text(text)) => Ok(Owned::Text(text.to_string())),
            Ok(Cell::Number(n)) => Ok(Owned::Borrowed(Cell::Number(n))),
            Ok(Cell::Date(d)) => Ok(Owned::Borrowed(Cell::Date(d))),
            Ok(Cell::Bool(b)) => Ok(Owned::Borrowed(Cell::Bool(b))),
            Ok(Cell::Error(e)) => Ok(Owned::Borrowed(Cell::Error(e))),
            Ok(Cell::Empty) => Ok(Owned::Borrowed(Cell::Empty)),
            Err(fault) => Err(fault),
        });
    }
    let text = read_v_text(xml)?;
    Ok(match t {
        Some(b"str") => Ok(Owned::Text(unescape_excel(&text).into_owned())),
        Some(b"d") => Ok(Owned::Text(text)),
        _ => Err(CellFault::UnknownType),
    })
}
