//! The movers workbook of a comparison: one line per prediction that moved (up, down, new
//! or gone) with the after row's source columns (the before row's for gone predictions)
//! and both months' cluster, cell, fit, intent and segment; a Transitions sheet coloured
//! by direction; the Rules sheet. Written like a target list: temporary file, renamed.

use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

use super::export::{
    Columns, ExportError, ExportOutcome, Formats, Labels, check_target, describe_filter, number_width, put_in_place,
    save_workbook, stage, write_rules,
};
use crate::engine::compare::{Comparison, Direction, GONE_COL, MoveFilter, NEW_ROW, Transitions};
use crate::engine::dataset::ScoreState;
use crate::engine::filter::Filter;
use crate::engine::rules::ClusterKey;
use crate::output::i18n::{self, t, tr};

/// Fill colours of the transition table and the direction column.
pub fn direction_rgb(direction: Direction) -> u32 {
    match direction {
        Direction::Up => 0xC8E6C9,
        Direction::Down => 0xFFCDD2,
        Direction::Unchanged => 0xF0F0F0,
        Direction::New => 0xBBDEFB,
        Direction::Gone => 0xE0E0E0,
    }
}

pub fn direction_name(direction: Direction) -> String {
    tr(&format!("compare.direction.{}", direction.key()))
}

/// The name of a transition-table row (cluster before, or new) and column (after, or gone).
pub fn transition_row_name(row: usize) -> String {
    if row == NEW_ROW { tr("compare.new") } else { i18n::cluster_name(ClusterKey::ALL[row]) }
}

pub fn transition_col_name(col: usize) -> String {
    if col == GONE_COL { tr("compare.gone") } else { i18n::cluster_name(ClusterKey::ALL[col]) }
}

/// A transition cell in words: "Evaluate -> Act now", "New -> Nurture".
pub fn move_name(row: usize, col: usize) -> String {
    t!("compare.cell", from = transition_row_name(row), to = transition_col_name(col)).into_owned()
}

/// The counts by direction in one line: "Moved up: 3; moved down: 1; ...".
pub fn counts_line(t: &Transitions) -> String {
    t!(
        "compare.counts",
        up = i18n::format_count(t.moved_up),
        down = i18n::format_count(t.moved_down),
        same = i18n::format_count(t.unchanged),
        new = i18n::format_count(t.new),
        gone = i18n::format_count(t.gone)
    )
    .into_owned()
}

/// The move filter in words ("" when it keeps everything).
pub fn describe_moves(moves: &MoveFilter) -> String {
    let mut parts = Vec::new();
    if moves.up {
        parts.push(tr("compare.moved_up"));
    }
    if moves.down {
        parts.push(tr("compare.moved_down"));
    }
    for &(r, c) in &moves.cells {
        parts.push(move_name(r as usize, c as usize));
    }
    parts.join(", ")
}

/// The pairs a movers workbook lists: those that moved (unchanged ones are only counted).
pub fn moved_pairs(cmp: &Comparison, pairs: &[u32]) -> Vec<u32> {
    pairs.iter().copied().filter(|&k| cmp.direction(k as usize) != Direction::Unchanged).collect()
}

/// Writes the movers workbook of `pairs` (a comparison's pairs after the filter and the
/// move filter); the Transitions sheet counts all of them, unchanged ones included.
pub fn export_movers(
    cmp: &Comparison,
    filter: &Filter,
    moves: &MoveFilter,
    pairs: &[u32],
    out: &Path,
    force: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportOutcome, ExportError> {
    // neither month's files may be written over
    check_target(&cmp.before.data, out, force)?;
    let dir = check_target(&cmp.after.data, out, force)?;
    let staged = stage(&dir)?;
    let movers = moved_pairs(cmp, pairs);
    let mut wb = save_workbook(|| build(cmp, filter, moves, pairs, &movers, progress), &staged, &dir, out)?;
    let sheets = wb.worksheets().iter().map(|w| w.name()).collect();
    put_in_place(staged, &dir, out, force)?;
    Ok(ExportOutcome {
        path: out.to_path_buf(),
        rows: movers.len(),
        lines: crate::engine::view::TableLines::Predictions,
        sheets,
    })
}

fn build(
    cmp: &Comparison,
    filter: &Filter,
    moves: &MoveFilter,
    pairs: &[u32],
    movers: &[u32],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Workbook, XlsxError> {
    let formats = Formats::new();
    let labels = Labels::new();
    let mut description = describe_filter(filter);
    let moves_text = describe_moves(moves);
    if !moves_text.is_empty() {
        description = format!(
            "{description}{}{}",
            tr("account.separator"),
            crate::output::i18n::labelled(&tr("compare.moves"), &moves_text)
        );
    }
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(tr("movers.title"))
            .set_subject(&description)
            .set_author(format!("Ascent Viewer {}", env!("CARGO_PKG_VERSION"))),
    );
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(tr("movers.sheet.movers"))?;
    write_movers(ws, cmp, &labels, &formats, movers, progress)?;
    let ws = wb.add_worksheet();
    ws.set_name(tr("movers.sheet.transitions"))?;
    write_transitions(ws, cmp, &cmp.transitions(pairs), &formats)?;
    let ws = wb.add_worksheet();
    ws.set_name(tr("export.sheet.rules"))?;
    let mut r = write_rules(ws, &cmp.after, &description, movers.len(), &formats)?;
    r += 1;
    ws.write_string_with_format(r, 0, tr("movers.before_files"), &formats.bold)?;
    for file in &cmp.before.data.report.files {
        ws.write_string(r, 1, &file.path)?;
        r += 1;
    }
    progress(movers.len(), movers.len());
    Ok(wb)
}

/// The computed columns after the source ones.
const COMPUTED: [&str; 14] = [
    "export.col.product",
    "movers.col.cluster_before",
    "movers.col.cluster_after",
    "movers.col.cell_before",
    "movers.col.cell_after",
    "movers.col.fit_before",
    "movers.col.fit_after",
    "movers.col.fit_change",
    "movers.col.intent_before",
    "movers.col.intent_after",
    "movers.col.intent_change",
    "movers.col.segment_before",
    "movers.col.segment_after",
    "movers.col.direction",
];

/// A score as a number, a band label, or nothing.
enum Score<'a> {
    Number(f64),
    Label(&'a str),
    Empty,
}

fn score<'a>(labels: &'a Labels, value: f64, state: ScoreState) -> Score<'a> {
    match state {
        ScoreState::Number => Score::Number(value),
        ScoreState::Label(b) => Score::Label(&labels.bands[b.index()]),
        _ => Score::Empty,
    }
}

fn write_movers(
    ws: &mut Worksheet,
    cmp: &Comparison,
    labels: &Labels,
    formats: &Formats,
    movers: &[u32],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), XlsxError> {
    let datasets = [&*cmp.after.data, &*cmp.before.data];
    let cols = Columns::plan_many(&datasets);
    let mut headers = cols.source_headers();
    let base = headers.len();
    headers.extend(COMPUTED.iter().map(|k| tr(k)));
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &formats.header)?;
    }
    cols.set_formats(ws, formats)?;
    let change = Format::new().set_num_format("+0.0;-0.0;0");
    // by rank, translated once
    let fills = Direction::ALL.map(|d| Format::new().set_background_color(Color::RGB(direction_rgb(d))));
    let directions = Direction::ALL.map(direction_name);
    for (n, &k) in movers.iter().enumerate() {
        let r = n as u32 + 1;
        let k = k as usize;
        let (before, after) = cmp.rows(k);
        // the after row's source columns; a gone prediction has only its before row
        let (nth, session, i) = match (after, before) {
            (Some(j), _) => (0, &cmp.after, j),
            (None, Some(i)) => (1, &cmp.before, i),
            (None, None) => continue,
        };
        let ds = &session.data;
        let t = ds.predictions.table[i] as usize;
        let row = ds.predictions.row[i] as usize;
        cols.write_source_row(ws, r, ds, cols.table_map(&datasets, nth, t), t, row, formats, &mut widths)?;
        let mut text = |ws: &mut Worksheet, c: usize, s: &str| -> Result<(), XlsxError> {
            if !s.is_empty() {
                ws.write_string(r, c as u16, s)?;
                widths[c] = widths[c].max(s.chars().count());
            }
            Ok(())
        };
        text(ws, base, ds.products.name(ds.predictions.product[i]))?;
        let cluster = |s: &crate::engine::Session, row: Option<usize>| {
            row.map(|i| labels.clusters[s.derived.cluster[i] as usize].as_str()).unwrap_or("")
        };
        text(ws, base + 1, cluster(&cmp.before, before))?;
        text(ws, base + 2, cluster(&cmp.after, after))?;
        let cell = |s: &crate::engine::Session, row: Option<usize>| {
            row.and_then(|i| s.derived.matrix_cell(i)).map(|c| c.name()).unwrap_or("")
        };
        text(ws, base + 3, cell(&cmp.before, before))?;
        text(ws, base + 4, cell(&cmp.after, after))?;
        let scores = |s: &crate::engine::Session, row: Option<usize>, fit: bool| match row {
            Some(i) => {
                let column = if fit { &s.data.predictions.fit } else { &s.data.predictions.intent };
                score(labels, column.value[i], column.state[i])
            }
            None => Score::Empty,
        };
        for (c, fit) in [(base + 5, true), (base + 8, false)] {
            let (b, a) = (scores(&cmp.before, before, fit), scores(&cmp.after, after, fit));
            for (offset, value) in [(0, &b), (1, &a)] {
                match value {
                    Score::Number(v) => {
                        ws.write_number(r, (c + offset) as u16, *v)?;
                    }
                    Score::Label(s) => text(ws, c + offset, s)?,
                    Score::Empty => {}
                }
            }
            if let (Score::Number(b), Score::Number(a)) = (b, a) {
                ws.write_number_with_format(r, (c + 2) as u16, a - b, &change)?;
            }
        }
        let segment = |s: &crate::engine::Session, row: Option<usize>| {
            row.map(|i| labels.segments[s.derived.segment[s.data.predictions.customer[i] as usize].index()].as_str())
                .unwrap_or("")
        };
        text(ws, base + 11, segment(&cmp.before, before))?;
        text(ws, base + 12, segment(&cmp.after, after))?;
        let direction = cmp.direction(k);
        let d = direction.rank();
        ws.write_string_with_format(r, (base + 13) as u16, &directions[d], &fills[d])?;
        if n % 10_000 == 0 {
            progress(n, movers.len());
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let w = if c > base + 4 && c < base + 11 { (*w).max(number_width(100.0) + 2) } else { *w };
        ws.set_column_width(c as u16, w.min(50) as f64 + 1.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, movers.len().max(1) as u32, (headers.len() - 1) as u16)?;
    Ok(())
}

/// The transition table twice (predictions, then whitespace revenue after), each cell
/// filled by its direction, with totals, and the counts by direction under it.
fn write_transitions(ws: &mut Worksheet, cmp: &Comparison, t: &Transitions, f: &Formats) -> Result<(), XlsxError> {
    ws.set_column_width(0, 26)?;
    for c in 1..=7 {
        ws.set_column_width(c, 16)?;
    }
    ws.write_string_with_format(0, 0, tr("movers.transitions_title"), &f.title)?;
    let before_files: Vec<&str> = cmp.before.data.files.iter().map(|f| f.name.as_str()).collect();
    let after_files: Vec<&str> = cmp.after.data.files.iter().map(|f| f.name.as_str()).collect();
    ws.write_string(1, 0, crate::output::i18n::labelled(&tr("compare.before"), &before_files.join(", ")))?;
    ws.write_string(2, 0, crate::output::i18n::labelled(&tr("compare.after"), &after_files.join(", ")))?;
    let has_revenue = cmp.after.data.has_whitespace;
    let mut top = 4u32;
    let tables: &[(&str, bool)] = if has_revenue {
        &[("movers.table_count", false), ("movers.table_revenue", true)]
    } else {
        &[("movers.table_count", false)]
    };
    for &(title, revenue) in tables {
        ws.write_string_with_format(top, 0, tr(title), &f.bold)?;
        top += 1;
        let number = if revenue { f.money.clone() } else { Format::new().set_num_format("#,##0") };
        ws.write_string_with_format(top, 0, tr("movers.before_after"), &f.header)?;
        for c in 0..6 {
            ws.write_string_with_format(top, 1 + c as u16, transition_col_name(c), &f.header)?;
        }
        ws.write_string_with_format(top, 7, tr("movers.total"), &f.header)?;
        let value = |r: usize, c: usize| if revenue { t.cells[r][c].1 } else { t.cells[r][c].0 as f64 };
        for r in 0..6 {
            let y = top + 1 + r as u32;
            ws.write_string_with_format(y, 0, transition_row_name(r), &f.header)?;
            for c in 0..6 {
                let fill = if r == NEW_ROW && c == GONE_COL {
                    Format::new()
                } else {
                    Format::new().set_background_color(Color::RGB(direction_rgb(MoveFilter::direction_of(r, c))))
                };
                let format = number.clone().merge(&fill).set_border(FormatBorder::Thin).set_align(FormatAlign::Right);
                if r == NEW_ROW && c == GONE_COL {
                    ws.write_blank(y, 1 + c as u16, &format)?;
                } else {
                    ws.write_number_with_format(y, 1 + c as u16, value(r, c), &format)?;
                }
            }
            let total: f64 = (0..6).map(|c| value(r, c)).sum();
            ws.write_number_with_format(y, 7, total, &number.clone().set_bold())?;
        }
        let y = top + 7;
        ws.write_string_with_format(y, 0, tr("movers.total"), &f.header)?;
        for c in 0..6 {
            let total: f64 = (0..6).map(|r| value(r, c)).sum();
            ws.write_number_with_format(y, 1 + c as u16, total, &number.clone().set_bold())?;
        }
        let all: f64 = (0..6).flat_map(|r| (0..6).map(move |c| (r, c))).map(|(r, c)| value(r, c)).sum();
        ws.write_number_with_format(y, 7, all, &number.clone().set_bold())?;
        top = y + 2;
    }
    ws.write_string_with_format(top, 0, tr("movers.by_direction"), &f.bold)?;
    for (n, (direction, count)) in [
        (Direction::Up, t.moved_up),
        (Direction::Down, t.moved_down),
        (Direction::Unchanged, t.unchanged),
        (Direction::New, t.new),
        (Direction::Gone, t.gone),
    ]
    .into_iter()
    .enumerate()
    {
        let y = top + 1 + n as u32;
        let fill = Format::new().set_background_color(Color::RGB(direction_rgb(direction)));
        ws.write_string_with_format(y, 0, direction_name(direction), &fill)?;
        ws.write_number(y, 1, count as f64)?;
    }
    Ok(())
}
