//! Delimited text (CSV from the API, TSV from the download hub) read as a stream: the
//! encoding told from the first bytes (or, for 8-bit text, from one pass over the file), a
//! pass that refuses unclosed quotes and endless records, then the csv reader over the
//! decoded stream. Memory stays bounded whatever the file's size.

use encoding_rs::Encoding;
use encoding_rs_io::DecodeReaderBytesBuilder;
use std::io::Read;
use std::path::Path;

use super::error::{Damage, LoadError};
use super::input::Opened;
use super::table::{DetectOptions, SheetEvent, SheetSink};
use super::value::cell_from_csv_field;

/// Bytes of decoded text the delimiter is told from (its first 40 lines at most).
const SNIFF_BYTES: u64 = 64 * 1024;

pub(super) fn read_delimited(
    name: &str,
    ext: &str,
    opened: &Opened,
    file_index: usize,
    opts: &DetectOptions,
    emit: &mut dyn FnMut(SheetEvent),
) -> Result<(), LoadError> {
    let io = |e| LoadError::io(name, e);
    let text = || -> std::io::Result<_> { Ok(opened.reader()?.take(opened.len)) };
    let encoding = text_encoding(&opened.head, || is_utf8(text()?)).map_err(io)?;
    let mut head = Vec::new();
    decoded(text().map_err(io)?, encoding).take(SNIFF_BYTES).read_to_end(&mut head).map_err(io)?;
    let delimiter = sniff_delimiter(&String::from_utf8_lossy(&head), ext);
    check_stream(decoded(text().map_err(io)?, encoding), delimiter)
        .map_err(|detail| LoadError::Damaged { path: name.into(), detail })?;
    let sheet =
        Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| name.to_string());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(decoded(text().map_err(io)?, encoding));
    let mut sink = SheetSink::new(opts, file_index, &sheet, emit);
    let mut record = csv::StringRecord::new();
    let mut row: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(u64::from(row) + 1);
                return Err(LoadError::Damaged { path: name.into(), detail: Damage::TextLine(line) });
            }
        }
        for (col, field) in record.iter().enumerate() {
            sink.push(row, col as u32, cell_from_csv_field(field))
                .map_err(|t| LoadError::over_limit(name, &sheet, t))?;
        }
        if sink.is_done() {
            break;
        }
        row += 1;
    }
    sink.finish();
    Ok(())
}

/// The encodings Excel writes text in: UTF-8 (with or without BOM), UTF-16 (with or without
/// BOM), else the Windows code page of Western Europe. `whole_is_utf8` is asked only when
/// the first bytes do not tell.
fn text_encoding(
    head: &[u8],
    whole_is_utf8: impl FnOnce() -> std::io::Result<bool>,
) -> std::io::Result<&'static Encoding> {
    Ok(if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        encoding_rs::UTF_8
    } else if head.starts_with(&[0xFF, 0xFE]) {
        encoding_rs::UTF_16LE
    } else if head.starts_with(&[0xFE, 0xFF]) {
        encoding_rs::UTF_16BE
    } else if let Some(encoding) = utf16_without_bom(head) {
        encoding
    } else if whole_is_utf8()? {
        encoding_rs::UTF_8
    } else {
        encoding_rs::WINDOWS_1252
    })
}

/// The text as UTF-8, its byte-order mark removed; bytes that are not text in the
/// encoding become U+FFFD.
fn decoded(reader: impl Read, encoding: &'static Encoding) -> impl Read {
    DecodeReaderBytesBuilder::new().encoding(Some(encoding)).strip_bom(true).build(reader)
}

/// Whether every byte of the stream is UTF-8, read 64 KB at a time.
fn is_utf8(mut reader: impl Read) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut carried = 0;
    loop {
        let n = reader.read(&mut buf[carried..])?;
        if n == 0 {
            return Ok(carried == 0);
        }
        let filled = carried + n;
        carried = match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => 0,
            // a character cut by the end of the buffer: carried into the next read
            Err(e) if e.error_len().is_none() => {
                buf.copy_within(e.valid_up_to()..filled, 0);
                filled - e.valid_up_to()
            }
            Err(_) => return Ok(false),
        };
    }
}

/// UTF-16 written without a byte-order mark: most characters of a CSV are ASCII, so one
/// byte of most pairs is zero (the second in little-endian, the first in big-endian). Text
/// in any 8-bit encoding has no zero bytes at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut little, mut big) = (0, 0);
    for pair in sample.chunks_exact(2) {
        match (pair[0], pair[1]) {
            (a, 0) if a != 0 => little += 1,
            (0, b) if b != 0 => big += 1,
            _ => {}
        }
    }
    if little * 10 >= pairs * 6 {
        Some(encoding_rs::UTF_16LE)
    } else if big * 10 >= pairs * 6 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// A CSV line (a record, quoted line breaks included) longer than this is no download's.
const MAX_LINE_BYTES: usize = 16 << 20;

/// Refuses a text whose quote never closes, or a record longer than any download's: the csv
/// reader would hold the rest of the file, or the whole record, as one. Quotes count only at
/// the start of a field, as in the reader; a doubled quote inside a quoted field is a quote.
struct LineCheck {
    delimiter: u8,
    line: u64,
    /// The line where the open quote opened.
    opened: u64,
    since_record: usize,
    in_quotes: bool,
    field_start: bool,
    /// A quote inside quotes: it closes them unless the next byte is a quote too.
    quote_pending: bool,
}

impl LineCheck {
    fn new(delimiter: u8) -> LineCheck {
        LineCheck {
            delimiter,
            line: 1,
            opened: 0,
            since_record: 0,
            in_quotes: false,
            field_start: true,
            quote_pending: false,
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), Damage> {
        for &b in bytes {
            self.since_record += 1;
            if self.since_record > MAX_LINE_BYTES {
                return Err(Damage::LongLine(if self.in_quotes { self.opened } else { self.line }));
            }
            if self.quote_pending {
                self.quote_pending = false;
                if b == b'"' {
                    continue;
                }
                self.in_quotes = false;
            }
            if self.in_quotes {
                match b {
                    b'"' => self.quote_pending = true,
                    b'\n' => self.line += 1,
                    _ => {}
                }
            } else if b == b'"' && self.field_start {
                self.in_quotes = true;
                self.opened = self.line;
                self.field_start = false;
            } else if b == b'\n' {
                self.line += 1;
                self.field_start = true;
                self.since_record = 0;
            } else {
                self.field_start = b == self.delimiter || (b == b'\r' && self.field_start);
            }
        }
        Ok(())
    }

    fn finish(&self) -> Result<(), Damage> {
        if self.in_quotes && !self.quote_pending { Err(Damage::OpenQuote(self.opened)) } else { Ok(()) }
    }
}

/// [`LineCheck`] over a stream, 64 KB at a time. A stream that fails to read is left to the
/// csv reader, which says where.
fn check_stream(mut text: impl Read, delimiter: u8) -> Result<(), Damage> {
    let mut check = LineCheck::new(delimiter);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match text.read(&mut buf) {
            Ok(0) | Err(_) => return check.finish(),
            Ok(n) => check.feed(&buf[..n])?,
        }
    }
}

/// The delimiter used most on the first lines, outside quotes: comma, semicolon or tab.
pub fn sniff_delimiter(text: &str, ext: &str) -> u8 {
    let mut counts = [0usize; 3];
    for line in text.lines().take(40) {
        let mut in_quotes = false;
        for b in line.bytes() {
            match b {
                b'"' => in_quotes = !in_quotes,
                b',' if !in_quotes => counts[0] += 1,
                b';' if !in_quotes => counts[1] += 1,
                b'\t' if !in_quotes => counts[2] += 1,
                _ => {}
            }
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], *i)).unwrap_or(0);
    if counts[best] == 0 {
        return if ext == "tsv" { b'\t' } else { b',' };
    }
    [b',', b';', b'\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the loader makes of a file's bytes, read through a reader that hands out at most
    /// `step` bytes a call (so characters and quotes fall across reads).
    fn decode_text(bytes: &[u8], step: usize) -> String {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let encoding = text_encoding(bytes, || is_utf8(Trickle(bytes, step))).unwrap();
        let mut out = String::new();
        decoded(Trickle(bytes, step), encoding).read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3", "csv"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3", "txt"), b'\t');
        assert_eq!(sniff_delimiter("a,b,\"c;d\"\n1,2,3", "csv"), b',');
        assert_eq!(sniff_delimiter("single", "tsv"), b'\t');
    }

    #[test]
    fn decodes_excel_text_encodings() {
        for step in [1, 2, 3, 4096] {
            assert_eq!(decode_text(b"\xEF\xBB\xBFcaf\xC3\xA9", step), "café");
            assert_eq!(decode_text(b"caf\xC3\xA9 \xE2\x82\xAC", step), "café €", "UTF-8 cut at {step}");
            assert_eq!(decode_text(b"caf\xE9", step), "café");
            let utf16: Vec<u8> =
                [0xFF, 0xFE].into_iter().chain("é,1".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
            assert_eq!(decode_text(&utf16, step), "é,1");
            let no_bom: Vec<u8> = "Customer ID,Fit\r\n1,80\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            assert_eq!(decode_text(&no_bom, step), "Customer ID,Fit\r\n1,80\r\n");
            let big: Vec<u8> = "Customer ID,Fit\r\n".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
            assert_eq!(decode_text(&big, step), "Customer ID,Fit\r\n");
        }
    }

    fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
        // fed whole, and a byte at a time: a doubled quote may fall across two reads
        let whole = check_stream(text.as_bytes(), delimiter);
        let mut check = LineCheck::new(delimiter);
        let bytewise = text.as_bytes().iter().try_for_each(|b| check.feed(&[*b])).and_then(|()| check.finish());
        assert_eq!(whole, bytewise);
        match whole {
            Err(Damage::OpenQuote(line)) => Some(line),
            _ => None,
        }
    }

    #[test]
    fn finds_the_quote_that_never_closes() {
        assert_eq!(unclosed_quote("a,b\n1,\"x\"\n2,\"y\"\"z\"\n", b','), None);
        assert_eq!(unclosed_quote("a,b\n1,\"two\nlines\"\n2,3\n", b','), None);
        assert_eq!(unclosed_quote("a,b\n1,x\n2,\"open\n3,4\n5,6\n", b','), Some(3));
        // a quote inside a field is a character, as the reader takes it
        assert_eq!(unclosed_quote("a,b\n1,5\" screen\n", b','), None);
        assert_eq!(unclosed_quote("a;b\r\n1;\"x\r\n", b';'), Some(2));
        // a field ending the file on a doubled quote is still open; one closed at the end is not
        assert_eq!(unclosed_quote("a\n\"x\"\"", b','), Some(2));
        assert_eq!(unclosed_quote("a\n\"x\"", b','), None);
    }
}
