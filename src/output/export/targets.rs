//! The Targets sheet: one line per prediction.

use super::columns::{Columns, Formats, Labels, Value, computed_value, number_width};
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::engine::Session;

pub(crate) const MAX_WIDTH: usize = 50;

pub(crate) fn write_targets(
    ws: &mut Worksheet,
    session: &Session,
    cols: &Columns,
    labels: &Labels,
    formats: &Formats,
    rows: &[u32],
    progress: &mut dyn FnMut(usize),
) -> Result<(), XlsxError> {
    let ds = &session.data;
    let headers = cols.header_row();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &formats.header)?;
    }
    cols.set_formats(ws, formats)?;
    for (n, &i) in rows.iter().enumerate() {
        let r = n as u32 + 1;
        let i = i as usize;
        let t = ds.predictions.table[i] as usize;
        let row = ds.predictions.row[i] as usize;
        let base = cols.write_source_row(ws, r, ds, &cols.map[t], t, row, formats, &mut widths)?;
        for (k, what) in cols.computed.iter().enumerate() {
            let col = base + k;
            match computed_value(session, labels, i, *what) {
                Value::Empty => {}
                Value::Number(v) => {
                    ws.write_number(r, col as u16, v)?;
                    widths[col] = widths[col].max(number_width(v));
                }
                Value::Text(s) => {
                    ws.write_string(r, col as u16, s)?;
                    widths[col] = widths[col].max(s.chars().count());
                }
            }
        }
        if n % 10_000 == 0 {
            progress(n);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).min(MAX_WIDTH) as f64 + 1.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_row = rows.len().max(1) as u32;
    ws.autofilter(0, 0, last_row, (headers.len().max(1) - 1) as u16)?;
    Ok(())
}
