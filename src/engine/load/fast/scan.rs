//! The worksheet scanned straight from its inflated bytes: `<row>` and `<c>` found with
//! memchr, a cell's `r`, `s` and `t` read in place, a plain `<v>` turned into a cell without
//! an XML tokenizer. A cell holding more (a formula, an inline string, an entity) is read
//! through quick-xml as calamine reads it ([`super::cell`]); a construct outside the grammar
//! calamine's cell reader follows stops the scan ([`Stop::Unrecognised`]).

use memchr::{memchr, memchr3, memmem};
use std::sync::mpsc::Receiver;

use super::cell::{CellAttrs, Owned, Stop, plain_body_len, plain_value, slow_cell};
use super::parts::Book;
use crate::engine::load::table::{CellFault, SheetSink};

/// Room each block keeps before its bytes, where the scanner puts the end of the block
/// before (a cell cut in two) rather than copying the new block after it.
pub const HEADROOM: usize = 1 << 16;

/// Bytes a single tag or cell may take before the scan gives the sheet to calamine.
const LONGEST_ELEMENT: usize = 1 << 26;

/// Elements open inside `<sheetData>` at most before the scan gives the sheet to calamine.
const DEEPEST: usize = 1024;

/// An element open inside `<sheetData>`: a row, the common one, kept without its name.
enum Element {
    Row,
    Other(Box<[u8]>),
}

pub struct Scanner<'b> {
    book: &'b Book,
    blocks: Receiver<std::io::Result<Vec<u8>>>,
    buf: Vec<u8>,
    pos: usize,
    ended: bool,
    row: u32,
    col: u32,
    /// `</c>`, searched once per cell: its searcher built once
    close_cell: memmem::Finder<'static>,
}

impl<'b> Scanner<'b> {
    pub fn new(book: &'b Book, blocks: Receiver<std::io::Result<Vec<u8>>>) -> Self {
        Scanner {
            book,
            blocks,
            buf: Vec::new(),
            pos: 0,
            ended: false,
            row: 0,
            col: 0,
            close_cell: memmem::Finder::new(b"</c>"),
        }
    }

    /// More bytes after those not yet used; false at the end of the part.
    fn refill(&mut self) -> Result<bool, Stop> {
        if self.ended {
            return Ok(false);
        }
        let left = self.buf.len() - self.pos;
        if left > LONGEST_ELEMENT {
            return Err(Stop::Unrecognised);
        }
        match self.blocks.recv() {
            // the bytes not yet used go in the room the block keeps before its own: the block
            // itself is not copied
            Ok(Ok(mut block)) if left <= HEADROOM => {
                let start = HEADROOM - left;
                block[start..HEADROOM].copy_from_slice(&self.buf[self.pos..]);
                self.buf = block;
                self.pos = start;
                Ok(true)
            }
            Ok(Ok(block)) => {
                self.buf.drain(..self.pos);
                self.pos = 0;
                self.buf.extend_from_slice(&block[HEADROOM..]);
                Ok(true)
            }
            Ok(Err(_)) => Err(Stop::Unrecognised),
            Err(_) => {
                self.ended = true;
                Ok(false)
            }
        }
    }

    /// Where the tag starting at `self.pos` ends (its `>`), quotes respected, counted from
    /// `self.pos` (which stays right when more bytes are read: they come after it).
    fn tag_end(&mut self) -> Result<usize, Stop> {
        // most tags: the first `>` ends them, with their quotes paired before it
        let rest = &self.buf[self.pos + 1..];
        if let Some(i) = memchr(b'>', rest) {
            let inside = &rest[..i];
            if memchr(b'\'', inside).is_none() && memchr::memchr_iter(b'"', inside).count().is_multiple_of(2) {
                return Ok(i + 1);
            }
        }
        let mut from = 1;
        loop {
            let at = self.pos + from;
            match memchr3(b'>', b'"', b'\'', &self.buf[at..]) {
                Some(i) if self.buf[at + i] == b'>' => return Ok(from + i),
                Some(i) => {
                    let quote = self.buf[at + i];
                    match memchr(quote, &self.buf[at + i + 1..]) {
                        Some(close) => {
                            from += i + 1 + close + 1;
                            continue;
                        }
                        // the quote closes in bytes not read yet: from it again
                        None => from += i,
                    }
                }
                None => from = self.buf.len() - self.pos,
            }
            if !self.refill()? {
                return Err(Stop::Unrecognised);
            }
        }
    }

    /// Where `needle` starts, at or after `from`, counted from `self.pos`.
    fn find(&mut self, mut from: usize, needle: &[u8]) -> Result<usize, Stop> {
        loop {
            let found = if needle == b"</c>" {
                self.close_cell.find(&self.buf[self.pos + from..])
            } else {
                memmem::find(&self.buf[self.pos + from..], needle)
            };
            if let Some(i) = found {
                return Ok(from + i);
            }
            from = (self.buf.len() - self.pos).saturating_sub(needle.len() - 1).max(from);
            if !self.refill()? {
                return Err(Stop::Unrecognised);
            }
        }
    }

    /// Up to `<sheetData>`: the root must be an unprefixed `<worksheet`.
    fn skip_to_sheet_data(&mut self) -> Result<(), Stop> {
        let mut root_seen = false;
        loop {
            let Some(i) = self.next_lt()? else { return Err(Stop::Unrecognised) };
            self.pos = i;
            if self.skip_markup()? {
                continue;
            }
            let end = self.pos + self.tag_end()?;
            let name = tag_name(&self.buf[self.pos + 1..end]);
            if !is_plain_name(name) {
                return Err(Stop::Unrecognised);
            }
            if !root_seen {
                if name != b"worksheet" {
                    return Err(Stop::Unrecognised);
                }
                root_seen = true;
            } else if name == b"sheetData" {
                // an empty sheet (<sheetData/>) is calamine's to read
                if self.buf[end - 1] == b'/' {
                    return Err(Stop::Unrecognised);
                }
                self.pos = end + 1;
                return Ok(());
            }
            self.pos = end + 1;
        }
    }

    /// The next `<` from `self.pos`, reading more as needed; None at the end of the part.
    /// The text skipped on the way is nothing to the sheet, but an `&` in it is an entity the
    /// XML rules judge (a bare one makes the part ill-formed): calamine's then.
    fn next_lt(&mut self) -> Result<Option<usize>, Stop> {
        loop {
            let rest = &self.buf[self.pos..];
            let lt = memchr(b'<', rest);
            if memchr(b'&', &rest[..lt.unwrap_or(rest.len())]).is_some() {
                return Err(Stop::Unrecognised);
            }
            if let Some(i) = lt {
                return Ok(Some(self.pos + i));
            }
            self.pos = self.buf.len();
            if !self.refill()? {
                return Ok(None);
            }
        }
    }

    /// Comments, CDATA and processing instructions at `self.pos`, skipped whole (true).
    fn skip_markup(&mut self) -> Result<bool, Stop> {
        if self.buf.len() - self.pos >= 2 && !matches!(self.buf[self.pos + 1], b'!' | b'?') {
            return Ok(false);
        }
        while self.buf.len() - self.pos < 9 {
            if !self.refill()? {
                break;
            }
        }
        let rest = &self.buf[self.pos..];
        let close: &[u8] = if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<![CDATA[") {
            b"]]>"
        } else if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!") {
            // a DOCTYPE may declare entities: calamine's to read
            return Err(Stop::Unrecognised);
        } else {
            return Ok(false);
        };
        let end = self.find(2, close)?;
        self.pos += end + close.len();
        Ok(true)
    }

    /// Every cell of the sheet to `sink`, until `</sheetData>` or the sink has seen enough.
    pub fn scan(&mut self, sink: &mut SheetSink) -> Result<(), Stop> {
        self.skip_to_sheet_data()?;
        // the elements open inside <sheetData> (a cell is read whole, with its own)
        let mut open: Vec<Element> = Vec::new();
        loop {
            let Some(i) = self.next_lt()? else { return Err(Stop::Unrecognised) };
            self.pos = i;
            if self.skip_markup()? {
                continue;
            }
            if self.buf[self.pos..].starts_with(b"<c ") && self.quick_cell(sink)? {
                if sink.is_done() {
                    return Ok(());
                }
                continue;
            }
            let end = self.tag_end()?;
            let inner = &self.buf[self.pos + 1..self.pos + end];
            let self_closing = inner.last() == Some(&b'/');
            let name = tag_name(inner);
            if name == b"c" {
                self.cell(end, self_closing, sink)?;
                if sink.is_done() {
                    return Ok(());
                }
                continue;
            }
            if let Some(closed) = name.strip_prefix(b"/") {
                // an end tag closes the element opened last, as the XML rules calamine's reader
                // keeps say (anything else makes the part ill-formed: calamine's to judge)
                if inner.len() != name.len() {
                    return Err(Stop::Unrecognised);
                }
                match open.pop() {
                    None if closed == b"sheetData" => return Ok(()),
                    Some(Element::Row) if closed == b"row" => (self.row, self.col) = (self.row + 1, 0),
                    Some(Element::Other(opened)) if *opened == *closed => {}
                    _ => return Err(Stop::Unrecognised),
                }
            } else if name.contains(&b':') || !is_plain_name(name) {
                return Err(Stop::Unrecognised);
            } else if name == b"row" {
                if let Some(r) = raw_attrs(inner, b"r")? {
                    self.row = row_of(r).ok_or(Stop::Unrecognised)?;
                }
                if self_closing {
                    (self.row, self.col) = (self.row + 1, 0);
                } else {
                    open.push(Element::Row);
                }
            } else if !self_closing {
                open.push(Element::Other(name.into()));
            }
            if open.len() > DEEPEST {
                return Err(Stop::Unrecognised);
            }
            self.pos += end + 1;
        }
    }

    /// The cell at `self.pos` whose start tag ends `tag_end` bytes further.
    fn cell(&mut self, tag_end: usize, self_closing: bool, sink: &mut SheetSink) -> Result<(), Stop> {
        let (content_end, after) = if self_closing {
            (tag_end + 1, tag_end + 1)
        } else {
            let close = self.find(tag_end + 1, b"</c>")?;
            (close, close + 4)
        };
        let base = self.pos;
        let tag = &self.buf[base + 1..base + tag_end];
        let attrs = cell_attrs(tag)?;
        let (row, col) = match attrs.r {
            Some(r) => cell_position(r).ok_or(Stop::Unrecognised)?,
            None => (self.row, self.col),
        };
        let body = &self.buf[base + tag_end + 1..base + content_end];
        let read = match plain_value(self.book, body, &attrs) {
            Some(read) => read,
            None => slow_cell(self.book, &self.buf[base..base + after], attrs.s, attrs.t)?,
        };
        deliver((row, col), &mut self.col, read, sink)?;
        self.pos = base + after;
        Ok(())
    }

    /// The common cell, whole in the bytes read: `<c` with double-quoted attributes, then
    /// `<v>TEXT</v></c>`, `<is><t>TEXT</t></is></c>` or `</c>`. False (nothing done) for any
    /// other shape, which the general path reads.
    fn quick_cell(&mut self, sink: &mut SheetSink) -> Result<bool, Stop> {
        let rest = &self.buf[self.pos..];
        let mut attrs = CellAttrs::default();
        let mut i = 2;
        loop {
            while rest.get(i) == Some(&b' ') {
                i += 1;
            }
            match rest.get(i) {
                Some(b'>') => break,
                Some(b'/') | None => return Ok(false),
                Some(_) => {}
            }
            let Some(eq) = memchr(b'=', &rest[i..]) else { return Ok(false) };
            let key = &rest[i..i + eq];
            let open = i + eq + 1;
            if rest.get(open) != Some(&b'"') || key.iter().any(|b| b.is_ascii_whitespace() || *b == b'>') {
                return Ok(false);
            }
            let Some(len) = memchr(b'"', &rest[open + 1..]) else { return Ok(false) };
            let value = &rest[open + 1..open + 1 + len];
            match key {
                b"r" => attrs.r = Some(value),
                b"s" => attrs.s = Some(value),
                b"t" => attrs.t = Some(value),
                _ => {}
            }
            i = open + len + 2;
        }
        let body = &rest[i + 1..];
        let Some(len) = plain_body_len(body) else { return Ok(false) };
        let Some(read) = plain_value(self.book, &body[..len], &attrs) else { return Ok(false) };
        let used = len + b"</c>".len();
        let place = match attrs.r {
            Some(r) => cell_position(r).ok_or(Stop::Unrecognised)?,
            None => (self.row, self.col),
        };
        deliver(place, &mut self.col, read, sink)?;
        self.pos += i + 1 + used;
        Ok(true)
    }
}

/// A cell read at `(row, col)` to the sink, or counted as not read; the next cell without a
/// reference goes in the next column (after a fault, calamine's count stays).
fn deliver(
    (row, col): (u32, u32),
    next_col: &mut u32,
    read: Result<Owned<'_>, CellFault>,
    sink: &mut SheetSink,
) -> Result<(), Stop> {
    *next_col = col;
    match read {
        Ok(value) => {
            sink.push(row, col, value.cell()).map_err(Stop::TooManyCells)?;
            *next_col = col + 1;
        }
        Err(fault) => {
            if !sink.not_read(fault) {
                return Err(Stop::TooManyBadCells);
            }
        }
    }
    Ok(())
}

/// A name of ASCII letters, digits and `_-.:`, starting with a letter or `_` (an end tag's
/// `/` first): anything else, legal or not, is for calamine's XML reader to judge.
fn is_plain_name(name: &[u8]) -> bool {
    let name = name.strip_prefix(b"/").unwrap_or(name);
    name.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && name.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

/// An element's name: up to a space, `/` or the end.
fn tag_name(inner: &[u8]) -> &[u8] {
    let end = inner.iter().position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/')).unwrap_or(inner.len());
    // `</row>`: the slash belongs to the name
    if end == 0 && inner.first() == Some(&b'/') {
        let rest = &inner[1..];
        let n = rest.iter().position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/')).unwrap_or(rest.len());
        return &inner[..n + 1];
    }
    &inner[..end]
}

/// The value of attribute `name` in a start tag's inside, raw.
fn raw_attrs<'a>(inner: &'a [u8], name: &[u8]) -> Result<Option<&'a [u8]>, Stop> {
    let mut found = None;
    each_attr(inner, |key, value| {
        if key == name {
            found = Some(value);
        }
    })?;
    Ok(found)
}

fn cell_attrs(inner: &[u8]) -> Result<CellAttrs<'_>, Stop> {
    let mut attrs = CellAttrs::default();
    each_attr(inner, |key, value| match key {
        b"r" => attrs.r = Some(value),
        b"s" => attrs.s = Some(value),
        b"t" => attrs.t = Some(value),
        _ => {}
    })?;
    Ok(attrs)
}

/// Each `key="value"` of a start tag's inside (its name first, a `/` last).
fn each_attr<'a>(inner: &'a [u8], mut each: impl FnMut(&'a [u8], &'a [u8])) -> Result<(), Stop> {
    let name_end = inner.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(inner.len());
    let mut i = name_end;
    let n = inner.len();
    loop {
        while i < n && inner[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n || (inner[i] == b'/' && i + 1 == n) {
            return Ok(());
        }
        let key_start = i;
        while i < n && inner[i] != b'=' && !inner[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &inner[key_start..i];
        while i < n && inner[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n || inner[i] != b'=' {
            return Err(Stop::Unrecognised);
        }
        i += 1;
        while i < n && inner[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *inner.get(i).ok_or(Stop::Unrecognised)?;
        if quote != b'"' && quote != b'\'' {
            return Err(Stop::Unrecognised);
        }
        let len = memchr(quote, &inner[i + 1..]).ok_or(Stop::Unrecognised)?;
        each(key, &inner[i + 1..i + 1 + len]);
        i += len + 2;
    }
}

/// "B12" to (11, 1), as calamine reads a reference; None where it is not one.
fn cell_position(r: &[u8]) -> Option<(u32, u32)> {
    let (row, col) = reference(r)?;
    Some((row, col?))
}

fn row_of(r: &[u8]) -> Option<u32> {
    reference(r).map(|(row, _)| row)
}

fn reference(r: &[u8]) -> Option<(u32, Option<u32>)> {
    let (mut col, mut row) = (0u32, 0u32);
    let mut i = 0;
    while i < r.len() {
        match r[i] {
            c @ b'A'..=b'Z' => col = col.wrapping_mul(26).wrapping_add(u32::from(c - b'A') + 1),
            c @ b'a'..=b'z' => col = col.wrapping_mul(26).wrapping_add(u32::from(c - b'a') + 1),
            c @ b'0'..=b'9' => {
                row = u32::from(c - b'0');
                i += 1;
                break;
            }
            _ => return None,
        }
        i += 1;
    }
    for &c in &r[i..] {
        if !c.is_ascii_digit() {
            return None;
        }
        row = row.wrapping_mul(10).wrapping_add(u32::from(c - b'0'));
    }
    Some((row.checked_sub(1)?, col.checked_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_as_calamine_reads_them() {
        assert_eq!(cell_position(b"A1"), Some((0, 0)));
        assert_eq!(cell_position(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_position(b"b12"), Some((11, 1)));
        assert_eq!(cell_position(b"12"), None);
        assert_eq!(cell_position(b"A0"), None);
        assert_eq!(row_of(b"7"), Some(6));
        assert_eq!(cell_position(b"A-1"), None);
    }

    #[test]
    fn attributes_in_either_quote_with_spaces() {
        let attrs = cell_attrs(b"c r=\"B2\"  s = '3' t=\"s\" cm=\"1\"/").unwrap();
        assert_eq!((attrs.r, attrs.s, attrs.t), (Some(&b"B2"[..]), Some(&b"3"[..]), Some(&b"s"[..])));
        assert!(cell_attrs(b"c r=B2").is_err());
        assert_eq!(tag_name(b"/row"), b"/row");
        assert_eq!(tag_name(b"row r=\"1\""), b"row");
        assert_eq!(tag_name(b"c/"), b"c");
    }
}
