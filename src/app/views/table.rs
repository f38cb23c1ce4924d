//! The customer table: the filtered predictions, key columns first and chosen source
//! columns after, sortable, with virtual scrolling (only visible rows are formatted).

use eframe::egui::{self, Sense};
use egui_extras::{Column, TableBuilder};
use std::cmp::Ordering;

use super::super::{AppCommand, AppState, Month, Sort, SortColumn, tokens};
use crate::engine::Session;
use crate::engine::dataset::ScoreState;
use crate::engine::dataset::SourceColumn;
use crate::engine::derive::Agreement;
use crate::engine::load::value::Cell;
use crate::engine::rules::ClusterSource;
use crate::output::i18n::{self, tr};

/// The key columns, in order.
fn key_columns(month: &Month) -> Vec<SortColumn> {
    let mut cols = vec![
        SortColumn::Customer,
        SortColumn::CustomerId,
        SortColumn::Product,
        SortColumn::Cluster,
        SortColumn::Cell,
        SortColumn::Fit,
        SortColumn::Intent,
        SortColumn::Segment,
        SortColumn::Country,
    ];
    if month.session.data.has_whitespace {
        cols.push(SortColumn::Whitespace);
    }
    cols
}

pub(super) fn header_text(month: &Month, column: SortColumn) -> String {
    match column {
        SortColumn::Customer => tr("table.customer"),
        SortColumn::CustomerId => tr("table.customer_id"),
        SortColumn::Product => tr("table.product"),
        SortColumn::Cluster => tr("table.cluster"),
        SortColumn::Cell => tr("table.cell"),
        SortColumn::Fit => tr("table.fit"),
        SortColumn::Intent => tr("table.intent"),
        SortColumn::Segment => tr("table.segment"),
        SortColumn::Country => tr("table.country"),
        SortColumn::Whitespace => tr("table.whitespace"),
        SortColumn::Direction => tr("table.direction"),
        SortColumn::Source(i) => month.columns.get(i).map(|c| c.header.clone()).unwrap_or_default(),
    }
}

/// The extra source columns chosen, as indices into the month's columns.
pub fn chosen_columns(month: &Month, chosen: &[String]) -> Vec<usize> {
    chosen.iter().filter_map(|h| month.columns.iter().position(|c| &c.header == h)).collect()
}

pub(super) fn score_text(value: f64, state: ScoreState, out: &mut String) {
    use std::fmt::Write;
    match state {
        ScoreState::Number => {
            let _ = write!(out, "{}", i18n::format_number(value, if value.fract() == 0.0 { 0 } else { 1 }));
        }
        ScoreState::Label(b) => out.push_str(&i18n::band_name(b)),
        _ => out.push('—'),
    }
}

/// The text of one table cell, written into a reused buffer.
fn cell_text(month: &Month, i: usize, column: SortColumn, out: &mut String) {
    session_cell_text(&month.session, &month.columns, i, column, out);
}

/// The text of a cell of prediction `i` of a session whose source columns are `columns`.
pub(super) fn session_cell_text(
    session: &Session,
    columns: &[SourceColumn],
    i: usize,
    column: SortColumn,
    out: &mut String,
) {
    out.clear();
    let ds = &session.data;
    let d = &session.derived;
    let p = &ds.predictions;
    let c = p.customer[i] as usize;
    match column {
        SortColumn::Customer => out.push_str(ds.customers.name.get(c)),
        SortColumn::CustomerId => out.push_str(ds.customers.id.get(c)),
        SortColumn::Product => out.push_str(ds.products.name(p.product[i])),
        SortColumn::Cluster => {
            out.push_str(&i18n::cluster_name(d.cluster_key(i)));
            // "*": taken from the workbook; "≠": the workbook says otherwise (see the help)
            if d.source[i] == ClusterSource::Workbook {
                out.push_str(" *");
            }
            if d.agreement[i] == Agreement::Disagrees {
                out.push_str(" ≠");
            }
        }
        SortColumn::Cell => out.push_str(d.matrix_cell(i).map(|c| c.name()).unwrap_or("—")),
        SortColumn::Fit => score_text(p.fit.value[i], p.fit.state[i], out),
        SortColumn::Intent => score_text(p.intent.value[i], p.intent.state[i], out),
        SortColumn::Segment => out.push_str(&i18n::segment_name(d.segment[c])),
        SortColumn::Country => out.push_str(ds.countries.name(ds.customers.country[c])),
        SortColumn::Whitespace => {
            let v = p.whitespace[i];
            if !v.is_nan() {
                out.push_str(&i18n::format_usd(v, false));
            }
        }
        // a comparison's own column: see compare_table
        SortColumn::Direction => {}
        SortColumn::Source(k) => {
            let t = p.table[i] as usize;
            if let Some(Some(col)) = columns.get(k).map(|c| c.per_table[t]) {
                let cell = ds.tables[t].cell(p.row[i] as usize, col);
                match cell {
                    Cell::Text(s) => out.push_str(s),
                    Cell::Empty => {}
                    other => out.push_str(&i18n::format_cell(&other)),
                }
            }
        }
    }
}

/// Sorts prediction indices by a column (stable, so ties keep the source order).
pub fn sort_rows(month: &Month, rows: &mut [u32], sort: Sort) {
    let ds = &month.session.data;
    let d = &month.session.derived;
    let p = &ds.predictions;
    let number = |i: usize| -> f64 {
        match sort.column {
            SortColumn::Fit => {
                if p.fit.state[i] == ScoreState::Number {
                    p.fit.value[i]
                } else {
                    f64::NEG_INFINITY
                }
            }
            SortColumn::Intent => {
                if p.intent.state[i] == ScoreState::Number {
                    p.intent.value[i]
                } else {
                    f64::NEG_INFINITY
                }
            }
            SortColumn::Whitespace => {
                if p.whitespace[i].is_nan() {
                    f64::NEG_INFINITY
                } else {
                    p.whitespace[i]
                }
            }
            SortColumn::Cluster => f64::from(d.cluster[i]),
            SortColumn::Cell => f64::from(d.cell[i]),
            SortColumn::Segment => d.segment[p.customer[i] as usize].index() as f64,
            _ => 0.0,
        }
    };
    match sort.column {
        SortColumn::Fit
        | SortColumn::Intent
        | SortColumn::Whitespace
        | SortColumn::Cluster
        | SortColumn::Cell
        | SortColumn::Segment => {
            rows.sort_by(|a, b| number(*a as usize).partial_cmp(&number(*b as usize)).unwrap_or(Ordering::Equal));
        }
        _ => {
            let mut buf = String::new();
            rows.sort_by_cached_key(|i| {
                cell_text(month, *i as usize, sort.column, &mut buf);
                crate::engine::text::fold_search(&buf)
            });
        }
    }
    if sort.descending {
        rows.reverse();
    }
}

/// A small painted triangle: up for ascending, down for descending.
fn sort_arrow_ui(ui: &mut egui::Ui, descending: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::Vec2::new(10.0, 10.0), Sense::hover());
    let c = rect.center();
    let color = ui.visuals().strong_text_color();
    let points = if descending {
        vec![c + egui::vec2(-4.0, -2.5), c + egui::vec2(4.0, -2.5), c + egui::vec2(0.0, 3.0)]
    } else {
        vec![c + egui::vec2(-4.0, 2.5), c + egui::vec2(4.0, 2.5), c + egui::vec2(0.0, -3.0)]
    };
    ui.painter().add(egui::Shape::convex_polygon(points, color, egui::Stroke::NONE));
}

/// A table drawn like the customer table: striped, resizable, rows clicked whole, the last
/// column taking the rest of the width.
pub(super) fn customer_table<'a>(
    ui: &'a mut egui::Ui,
    id: &str,
    columns: &[SortColumn],
    width: impl Fn(SortColumn) -> f32,
) -> TableBuilder<'a> {
    let mut builder = TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .min_scrolled_height(120.0);
    for (k, column) in columns.iter().enumerate() {
        builder = builder.column(if k + 1 == columns.len() {
            Column::remainder().at_least(60.0)
        } else {
            Column::initial(width(*column)).at_least(40.0).clip(true)
        });
    }
    builder
}

/// A header cell that sorts by its column, with an arrow when it does.
pub(super) fn sort_header_ui(
    ui: &mut egui::Ui,
    text: String,
    column: SortColumn,
    state: &AppState,
    cmds: &mut Vec<AppCommand>,
) {
    let response =
        ui.add(egui::Button::new(egui::RichText::new(text).strong()).frame(false)).on_hover_text(tr("tip.sort"));
    if let Some(sort) = state.sort.filter(|s| s.column == column) {
        sort_arrow_ui(ui, sort.descending);
    }
    if response.clicked() {
        cmds.push(AppCommand::SetSort(column));
    }
}

pub fn table_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let mut columns = key_columns(month);
    columns.extend(chosen_columns(month, &state.settings.columns).into_iter().map(SortColumn::Source));
    let rows = &state.view.rows;
    let builder = customer_table(ui, "customer_table", &columns, |column| match column {
        SortColumn::Customer => 200.0,
        SortColumn::Cluster => 120.0,
        SortColumn::Cell | SortColumn::Fit | SortColumn::Intent => 56.0,
        SortColumn::Segment => 170.0,
        _ => 110.0,
    });
    let mut buf = String::new();
    builder
        .header(tokens::ROW_HEIGHT + 2.0, |mut header| {
            for column in &columns {
                header.col(|ui| sort_header_ui(ui, header_text(month, *column), *column, state, cmds));
            }
        })
        .body(|body| {
            body.rows(tokens::ROW_HEIGHT, rows.len(), |mut row| {
                let i = rows[row.index()];
                row.set_selected(state.selected == Some(i));
                let mut clicked = false;
                for column in &columns {
                    let (_, response) = row.col(|ui| {
                        cell_text(month, i as usize, *column, &mut buf);
                        if *column == SortColumn::Cluster {
                            let key = month.session.derived.cluster_key(i as usize);
                            let (r, _) = ui.allocate_exact_size(egui::Vec2::splat(9.0), Sense::hover());
                            ui.painter().circle_filled(r.center(), 4.0, tokens::cluster_color(key));
                        }
                        ui.add(egui::Label::new(buf.as_str()).truncate().selectable(false));
                    });
                    clicked |= response.clicked();
                }
                if clicked || row.response().clicked() {
                    let already = state.selected == Some(i);
                    cmds.push(AppCommand::Select(if already { None } else { Some(i) }));
                }
            });
        });
}
