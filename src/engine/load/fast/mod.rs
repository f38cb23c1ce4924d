//! The fast reader of plain xlsx worksheets (#34). calamine stays the reader of record: a
//! workbook whose parts this reader does not know, and a sheet with anything outside the
//! grammar of calamine's cell reader, are read by calamine, decided before any row of the
//! sheet is kept (the caller holds a sheet's rows until its scan ends).
//!
//! A sheet is inflated on a thread of its own while this one scans it ([`scan`]); the shared
//! strings are decoded once ([`parts`]).

pub mod cell;
pub mod parts;
pub mod scan;
mod text;

use std::io::Read;
use std::sync::mpsc::sync_channel;

use self::cell::Stop;
use self::parts::Book;
use self::scan::{HEADROOM, Scanner};
use super::input::Input;
use super::table::SheetSink;

/// Inflated bytes handed from the inflating thread to the scanner at a time.
const BLOCK: usize = 1 << 20;
/// Blocks inflated ahead of the scanner (bounded: the memory stays a few blocks).
const BLOCKS_AHEAD: usize = 4;

fn not_utf8() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8")
}

/// Reads the part `path` of the package `input` into `sink`.
pub fn read_sheet(book: &Book, input: Input, path: &str, sink: &mut SheetSink) -> Result<(), Stop> {
    let entry = book.entry(path).ok_or(Stop::Unrecognised)?.to_string();
    let (send, blocks) = sync_channel::<std::io::Result<Vec<u8>>>(BLOCKS_AHEAD);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let inflate = || -> std::io::Result<()> {
                let mut zip = zip::ZipArchive::new(input).map_err(std::io::Error::other)?;
                let mut part = zip.by_name(&entry).map_err(std::io::Error::other)?;
                // every byte is checked to be UTF-8 here, beside the scan: a part that is not is
                // calamine's to judge (its reader refuses it); a character cut by the end of a
                // block is checked with the next, its first bytes put in the next block's headroom
                let mut cut = [0u8; 3];
                let mut cut_len = 0;
                loop {
                    let mut block = vec![0; HEADROOM + BLOCK];
                    let mut filled = HEADROOM;
                    while filled < block.len() {
                        match part.read(&mut block[filled..])? {
                            0 => break,
                            n => filled += n,
                        }
                    }
                    if filled == HEADROOM {
                        return if cut_len == 0 { Ok(()) } else { Err(not_utf8()) };
                    }
                    block.truncate(filled);
                    let from = HEADROOM - cut_len;
                    block[from..HEADROOM].copy_from_slice(&cut[..cut_len]);
                    cut_len = match std::str::from_utf8(&block[from..]) {
                        Ok(_) => 0,
                        Err(e) if e.error_len().is_none() => block.len() - from - e.valid_up_to(),
                        Err(_) => return Err(not_utf8()),
                    };
                    cut[..cut_len].copy_from_slice(&block[block.len() - cut_len..]);
                    if send.send(Ok(block)).is_err() {
                        // the scanner stopped: no more is needed
                        return Ok(());
                    }
                }
            };
            if let Err(e) = inflate() {
                let _ = send.send(Err(e));
            }
        });
        let mut scanner = Scanner::new(book, blocks);
        scanner.scan(sink)
        // the scanner (and its receiver) dropped here: the inflating thread ends
    })
}
