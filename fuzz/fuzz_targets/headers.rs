//! Header matching and table detection on any grid of text: each line a row, cells split
//! by tabs. Nothing may panic.
#![no_main]

use ascent_viewer::engine::load::fields::split_group_header;
use ascent_viewer::engine::load::read::TableCollector;
use ascent_viewer::engine::load::table::{DetectOptions, SheetSink, map_headers};
use ascent_viewer::engine::load::value::Cell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let rows: Vec<Vec<&str>> = text.lines().take(64).map(|l| l.split('\t').take(64).collect()).collect();
    if let Some(first) = rows.first() {
        let headers: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        let mapping = map_headers(&headers, &[]);
        let _ = (mapping.shape(), mapping.score());
        for h in &headers {
            let _ = split_group_header(h);
        }
    }
    let opts = DetectOptions { max_cells: 10_000, ..DetectOptions::default() };
    let mut collector = TableCollector::default();
    let mut emit = |e| collector.take(e);
    let mut sink = SheetSink::new(&opts, 0, "fuzz", &mut emit);
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if sink.push(r as u32, c as u32, Cell::Text(cell)).is_err() {
                return;
            }
        }
    }
    sink.finish();
    for table in &collector.tables {
        for row in 0..table.rows() {
            for col in 0..table.headers.len() {
                let _ = table.cell(row, col);
            }
        }
    }
});
