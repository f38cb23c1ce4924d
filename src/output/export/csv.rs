//! The Targets rows as UTF-8 CSV for any program (BOM, CRLF, formulas defused).

use super::columns::{Columns, Labels, Value, computed_value};
use std::io::Write;

use crate::engine::Session;
use crate::engine::load::value::{Cell, format_general};

/// Text that Excel would take for a formula (OWASP's CSV injection list: a tab or a
/// carriage return first also reaches the formula parser).
pub(crate) fn looks_like_formula(text: &str) -> bool {
    matches!(text.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// A text as a CSV cell: control characters other than tabs and line breaks dropped (a NUL
/// ends the text for many readers, ESC and BEL drive the terminal it is printed to), and a
/// text Excel would take for a formula defused with a leading apostrophe.
pub(crate) fn csv_text(text: &str) -> String {
    let clean: String = if text.chars().any(is_dropped) {
        text.chars().filter(|c| !is_dropped(*c)).collect()
    } else {
        text.to_string()
    };
    if looks_like_formula(&clean) { format!("'{clean}") } else { clean }
}

fn is_dropped(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// A CSV writer as Excel on Windows writes them: UTF-8 with a BOM, CRLF line ends.
pub(crate) fn csv_writer(file: &std::fs::File) -> std::io::Result<csv::Writer<std::io::BufWriter<&std::fs::File>>> {
    let mut buffered = std::io::BufWriter::new(file);
    buffered.write_all(b"\xEF\xBB\xBF")?;
    Ok(csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(buffered))
}

/// A CSV error as the I/O error behind it (a full disk stays a full disk).
pub(crate) fn to_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

pub(crate) fn write_csv(
    session: &Session,
    rows: &[u32],
    file: &std::fs::File,
    progress: &mut dyn FnMut(usize, usize),
) -> std::io::Result<()> {
    let ds = &session.data;
    let cols = Columns::plan(ds);
    let labels = Labels::new();
    let mut w = csv_writer(file)?;
    // every text cell goes through `safe`: headers and file names come from the user's files too
    let safe = csv_text;
    let header: Vec<String> = cols.header_row().iter().map(|h| safe(h.as_ref())).collect();
    w.write_record(&header).map_err(to_io)?;
    let mut record: Vec<String> = vec![String::new(); cols.width()];
    for (n, &i) in rows.iter().enumerate() {
        let i = i as usize;
        let t = ds.predictions.table[i] as usize;
        let row = ds.predictions.row[i] as usize;
        let table = &ds.tables[t];
        record.iter_mut().for_each(String::clear);
        let offset = usize::from(cols.source_file);
        if cols.source_file {
            record[0] = safe(&ds.files[table.file].name);
        }
        for (c, out) in cols.map[t].iter().enumerate() {
            // as Excel shows it; a text that Excel would take for a formula is defused
            record[offset + out] = match table.cell(row, c) {
                Cell::Text(s) => safe(s),
                other => other.display(),
            };
        }
        let base = offset + cols.headers.len();
        for (k, what) in cols.computed.iter().enumerate() {
            record[base + k] = match computed_value(session, &labels, i, *what) {
                Value::Empty => String::new(),
                Value::Number(v) => format_general(v),
                Value::Text(s) => safe(s),
            };
        }
        w.write_record(&record).map_err(to_io)?;
        if n % 10_000 == 0 {
            progress(n, rows.len());
        }
    }
    w.flush()?;
    progress(rows.len(), rows.len());
    Ok(())
}
