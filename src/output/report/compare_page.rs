//! The report's second page when two months are compared: both months' cards, the
//! transition table and the biggest moves.

use super::canvas::{Align, Canvas, INK, MUTED, RULE};
use super::input::Compared;
use super::overview::{MARGIN, SMALL_PT, TABLE_PT, footer};
use crate::engine::Filter;
use crate::engine::compare::{Comparison, MoveFilter};
use crate::engine::query::{self, ViewOrder};
use crate::output::i18n::{self, t, tr};
use crate::output::movers::{counts_line, direction_rgb, move_name, transition_col_name, transition_row_name};
use crate::output::summary_text::card_rows;

/// How many moves the page lists.
pub const MOVES_LISTED: usize = 25;

pub fn draw(
    c: &mut Canvas<'_, '_>,
    compared: Compared<'_>,
    (filter, order): (&Filter, ViewOrder),
    (width, height): (f32, f32),
    page: (usize, usize),
) {
    let Compared { cmp, pairs, moves } = compared;
    let inner = width - 2.0 * MARGIN;
    let mut y = MARGIN + 14.0;
    c.text_in((MARGIN, y), 17.0, INK, &tr("report_pdf.compare_title"), inner, Align::Left);
    y += 15.0;
    let months = t!("report_pdf.months", before = file_names(&cmp.before.data), after = file_names(&cmp.after.data))
        .into_owned();
    c.text_in((MARGIN, y), 8.0, MUTED, &months, inner, Align::Left);
    // as the app's cards and `compare`: the movers chosen, else each month's filter
    let (before, after) = query::comparison_cards(cmp, moves, pairs, || query::filtered_summaries(cmp, filter));
    let half = inner * 0.42;
    y = cards_table(c, &card_rows(&before, &after), MARGIN, y + 22.0, half);
    let transitions = cmp.transitions(pairs);
    let ty = transition_table(c, &transitions, MARGIN, y + 20.0, half);
    c.text_in((MARGIN, ty + 14.0), 8.0, INK, &counts_line(&transitions), half, Align::Left);
    let before_columns = query::matching_columns(&cmp.after.data.columns, &cmp.before);
    let moved = query::biggest_moves(cmp, (&cmp.after.data.columns, &before_columns), pairs, order.predictions);
    biggest_moves_list(c, cmp, &moved, MARGIN + half + 30.0, MARGIN + 51.0, inner - half - 30.0);
    footer(c, width, height, Some(page));
}

fn file_names(data: &crate::engine::Dataset) -> String {
    data.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
}

fn cards_table(c: &mut Canvas<'_, '_>, rows: &[(String, String, String); 4], x: f32, y: f32, w: f32) -> f32 {
    let cols = [x, x + w * 0.72, x + w];
    c.text(cols[1], y, TABLE_PT, MUTED, &tr("compare.before"), Align::Right);
    c.text(cols[2], y, TABLE_PT, MUTED, &tr("compare.after"), Align::Right);
    let mut ry = y;
    for (label, before, after) in rows {
        ry += 14.0;
        c.text_in((cols[0], ry), TABLE_PT, INK, label, w * 0.5, Align::Left);
        c.text(cols[1], ry, TABLE_PT, INK, before, Align::Right);
        c.text(cols[2], ry, TABLE_PT, INK, after, Align::Right);
    }
    ry
}

/// Rows: the cluster before (or new); columns: after (or gone); cells coloured by direction.
fn transition_table(c: &mut Canvas<'_, '_>, t: &crate::engine::compare::Transitions, x: f32, y: f32, w: f32) -> f32 {
    c.text_in((x, y), 10.5, INK, &tr("report_pdf.transitions"), w, Align::Left);
    c.line(x, y + 4.0, x + w, y + 4.0, RULE);
    let label_w = w * 0.22;
    let cell_w = (w - label_w) / 6.0;
    let cell_h = 22.0;
    let top = y + 26.0;
    c.text(x, top - 6.0, SMALL_PT, MUTED, &tr("report_pdf.before_after"), Align::Left);
    for col in 0..6 {
        let cx = x + label_w + (col as f32 + 0.5) * cell_w;
        c.text_in((cx, top - 6.0), SMALL_PT, INK, &transition_col_name(col), cell_w - 2.0, Align::Center);
    }
    for row in 0..6 {
        let cy = top + row as f32 * cell_h;
        c.text_in((x, cy + cell_h / 2.0 + 3.0), 8.0, INK, &transition_row_name(row), label_w - 4.0, Align::Left);
        for col in 0..6 {
            let cx = x + label_w + col as f32 * cell_w;
            let n = t.cells[row][col].0;
            let shade = direction_rgb(MoveFilter::direction_of(row, col));
            c.rect(cx + 1.0, cy + 1.0, cell_w - 2.0, cell_h - 2.0, if n == 0 { 0xFAFAFA } else { shade });
            let figure = i18n::format_count(n);
            c.text_in(
                (cx + cell_w / 2.0, cy + cell_h / 2.0 + 3.0),
                TABLE_PT,
                INK,
                &figure,
                cell_w - 4.0,
                Align::Center,
            );
        }
    }
    top + 6.0 * cell_h
}

/// The moves listed: `moved` in order (see `query::biggest_moves`).
fn biggest_moves_list(c: &mut Canvas<'_, '_>, cmp: &Comparison, moved: &[u32], x: f32, y: f32, w: f32) {
    let shown = moved.len().min(MOVES_LISTED);
    let title =
        t!("report_pdf.biggest_moves", shown = i18n::format_count(shown), count = i18n::format_count(moved.len()));
    c.text_in((x, y), 10.5, INK, &title, w, Align::Left);
    c.line(x, y + 4.0, x + w, y + 4.0, RULE);
    let cols = [x, x + w * 0.42, x + w * 0.68];
    let mut ry = y + 16.0;
    c.text(cols[0], ry, TABLE_PT, MUTED, &tr("report_pdf.col_customer"), Align::Left);
    c.text(cols[1], ry, TABLE_PT, MUTED, &tr("report_pdf.col_product"), Align::Left);
    c.text(cols[2], ry, TABLE_PT, MUTED, &tr("report_pdf.col_move"), Align::Left);
    let a = &cmp.after.data;
    for &k in moved.iter().take(shown) {
        ry += 13.2;
        let j = cmp.after_row[k as usize] as usize;
        let (row, col) = cmp.transition_cell(k as usize);
        let direction = cmp.direction(k as usize);
        c.rect(x - 2.0, ry - 9.0, w + 4.0, 13.2, direction_rgb(direction));
        let customer = crate::output::accounts::account_name(a, a.predictions.customer[j] as usize);
        c.text_in((cols[0], ry), TABLE_PT, INK, customer, cols[1] - cols[0] - 4.0, Align::Left);
        c.text_in(
            (cols[1], ry),
            TABLE_PT,
            INK,
            a.products.name(a.predictions.product[j]),
            cols[2] - cols[1] - 4.0,
            Align::Left,
        );
        c.text_in((cols[2], ry), TABLE_PT, INK, &move_name(row, col), x + w - cols[2], Align::Left);
    }
    if moved.is_empty() {
        c.text(x, ry + 14.0, 8.0, MUTED, &tr("report_pdf.no_moves"), Align::Left);
    }
}
