//! The table of a comparison: one line per matched prediction (or new, or gone), with the
//! cluster, fit and intent before and after joined by an arrow, and the direction.

use eframe::egui::{self, Sense};
use std::cmp::Ordering;

use super::super::compare::CompareState;
use super::super::{AppCommand, AppState, Month, Sort, SortColumn, tokens};
use super::table::{chosen_columns, customer_table, header_text, score_text, session_cell_text, sort_header_ui};
use crate::engine::compare::{Comparison, Direction};
use crate::engine::dataset::ScoreState;
use crate::engine::{ClusterKey, Segment};
use crate::output::i18n::{self, tr};

const KEY_COLUMNS: [SortColumn; 9] = [
    SortColumn::Customer,
    SortColumn::CustomerId,
    SortColumn::Product,
    SortColumn::Cluster,
    SortColumn::Direction,
    SortColumn::Fit,
    SortColumn::Intent,
    SortColumn::Segment,
    SortColumn::Country,
];

/// The prediction a line shows its customer and source columns from: after, else before.
fn shown(cmp: &Comparison, k: usize) -> (bool, usize) {
    match cmp.rows(k) {
        (_, Some(j)) => (true, j),
        (Some(i), None) => (false, i),
        (None, None) => (true, 0),
    }
}

/// A score's change after - before, when both are numbers.
fn change(cmp: &Comparison, k: usize, fit: bool) -> Option<f64> {
    let (Some(i), Some(j)) = cmp.rows(k) else { return None };
    let (b, a) = (scores(&cmp.before, fit), scores(&cmp.after, fit));
    (b.state[i] == ScoreState::Number && a.state[j] == ScoreState::Number).then(|| a.value[j] - b.value[i])
}

fn scores(s: &crate::engine::Session, fit: bool) -> &crate::engine::dataset::ScoreColumn {
    if fit { &s.data.predictions.fit } else { &s.data.predictions.intent }
}

/// Orders pairs by a column (stable; ties keep the comparison's order).
pub fn sort_pairs(month: &Month, cmp: &Comparison, pairs: &mut [u32], sort: Sort) {
    let number = |k: usize| -> f64 {
        match sort.column {
            SortColumn::Cluster => {
                let (r, c) = cmp.transition_cell(k);
                (r * 6 + c) as f64
            }
            SortColumn::Direction => cmp.direction(k).rank() as f64,
            SortColumn::Fit => change(cmp, k, true).unwrap_or(f64::NEG_INFINITY),
            SortColumn::Intent => change(cmp, k, false).unwrap_or(f64::NEG_INFINITY),
            SortColumn::Whitespace => {
                let (after, i) = shown(cmp, k);
                let v = if after { cmp.after.data.predictions.whitespace[i] } else { f64::NAN };
                if v.is_nan() { f64::NEG_INFINITY } else { v }
            }
            _ => 0.0,
        }
    };
    match sort.column {
        SortColumn::Cluster | SortColumn::Direction | SortColumn::Fit | SortColumn::Intent | SortColumn::Whitespace => {
            pairs.sort_by(|a, b| number(*a as usize).partial_cmp(&number(*b as usize)).unwrap_or(Ordering::Equal));
        }
        _ => {
            let mut buf = String::new();
            pairs.sort_by_cached_key(|k| {
                let (after, i) = shown(cmp, *k as usize);
                let session = if after { &cmp.after } else { &cmp.before };
                session_cell_text(session, &month.columns, i, sort.column, &mut buf);
                crate::engine::text::fold_search(&buf)
            });
        }
    }
    if sort.descending {
        pairs.reverse();
    }
}

/// A small arrow pointing right, between a before and an after value.
fn arrow_ui(ui: &mut egui::Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::Vec2::new(14.0, 10.0), Sense::hover());
    let c = rect.center();
    let stroke = egui::Stroke::new(1.3, color);
    ui.painter().line_segment([c + egui::vec2(-6.0, 0.0), c + egui::vec2(4.0, 0.0)], stroke);
    ui.painter().add(egui::Shape::convex_polygon(
        vec![c + egui::vec2(6.0, 0.0), c + egui::vec2(2.0, -3.5), c + egui::vec2(2.0, 3.5)],
        color,
        egui::Stroke::NONE,
    ));
}

/// A triangle up (green), down (red), or a dot (new, gone, unchanged), then the word.
fn direction_ui(ui: &mut egui::Ui, direction: Direction, text: &str) {
    let color = tokens::direction_color(direction);
    let (rect, _) = ui.allocate_exact_size(egui::Vec2::splat(10.0), Sense::hover());
    let c = rect.center();
    let points = match direction {
        Direction::Up => vec![c + egui::vec2(-4.0, 3.0), c + egui::vec2(4.0, 3.0), c + egui::vec2(0.0, -4.0)],
        Direction::Down => vec![c + egui::vec2(-4.0, -3.0), c + egui::vec2(4.0, -3.0), c + egui::vec2(0.0, 4.0)],
        _ => Vec::new(),
    };
    if points.is_empty() {
        ui.painter().circle_filled(c, 3.0, color);
    } else {
        ui.painter().add(egui::Shape::convex_polygon(points, color, egui::Stroke::NONE));
    }
    ui.add(egui::Label::new(text).truncate().selectable(false));
}

pub fn compare_table_ui(
    ui: &mut egui::Ui,
    month: &Month,
    c: &CompareState,
    state: &AppState,
    cmds: &mut Vec<AppCommand>,
) {
    let cmp = &c.cmp;
    let mut columns: Vec<SortColumn> = KEY_COLUMNS.to_vec();
    if cmp.after.data.has_whitespace {
        columns.push(SortColumn::Whitespace);
    }
    columns.extend(chosen_columns(month, &state.settings.columns).into_iter().map(SortColumn::Source));
    let pairs = &state.compare_view.pairs;
    let arrow_color = ui.visuals().weak_text_color();
    let builder = customer_table(ui, "compare_table", &columns, |column| match column {
        SortColumn::Customer => 190.0,
        SortColumn::Cluster => 220.0,
        SortColumn::Fit | SortColumn::Intent => 96.0,
        SortColumn::Segment => 170.0,
        SortColumn::Direction => 90.0,
        _ => 100.0,
    });
    // translated once per frame, not per row
    let directions = Direction::ALL.map(crate::output::movers::direction_name);
    let (new_text, gone_text) = (tr("compare.new"), tr("compare.gone"));
    let cluster_names = ClusterKey::ALL.map(i18n::cluster_name);
    let segment_names = Segment::ALL.map(i18n::segment_name);
    let (mut buf, mut before_buf) = (String::new(), String::new());
    builder
        .header(tokens::ROW_HEIGHT + 2.0, |mut header| {
            for column in &columns {
                let text = match column {
                    SortColumn::Cluster => tr("table.cluster_before_after"),
                    SortColumn::Fit => tr("table.fit_before_after"),
                    SortColumn::Intent => tr("table.intent_before_after"),
                    _ => header_text(month, *column),
                };
                header.col(|ui| sort_header_ui(ui, text, *column, state, cmds));
            }
        })
        .body(|body| {
            body.rows(tokens::ROW_HEIGHT, pairs.len(), |mut row| {
                let k = pairs[row.index()] as usize;
                let (before, after) = cmp.rows(k);
                let (is_after, i) = shown(cmp, k);
                let session = if is_after { &cmp.after } else { &cmp.before };
                let source_columns = if is_after { &month.columns } else { &c.before_columns };
                row.set_selected(after.is_some() && state.selected == after.map(|j| j as u32));
                let mut clicked = false;
                for column in &columns {
                    let (_, response) = row.col(|ui| match column {
                        SortColumn::Cluster => {
                            let side = |ui: &mut egui::Ui,
                                        s: &crate::engine::Session,
                                        row: Option<usize>,
                                        none: &str| {
                                match row {
                                    Some(r) => {
                                        let key = s.derived.cluster_key(r);
                                        let (dot, _) = ui.allocate_exact_size(egui::Vec2::splat(9.0), Sense::hover());
                                        ui.painter().circle_filled(dot.center(), 4.0, tokens::cluster_color(key));
                                        ui.add(egui::Label::new(cluster_names[key.index()].as_str()).selectable(false));
                                    }
                                    None => {
                                        ui.add(egui::Label::new(egui::RichText::new(none).weak()).selectable(false));
                                    }
                                }
                            };
                            side(ui, &cmp.before, before, &new_text);
                            arrow_ui(ui, arrow_color);
                            side(ui, &cmp.after, after, &gone_text);
                        }
                        SortColumn::Direction => {
                            let d = cmp.direction(k);
                            direction_ui(ui, d, &directions[d.rank()]);
                        }
                        SortColumn::Fit | SortColumn::Intent => {
                            let fit = *column == SortColumn::Fit;
                            let score = |s: &crate::engine::Session, r: Option<usize>, out: &mut String| {
                                out.clear();
                                if let Some(r) = r {
                                    let p = scores(s, fit);
                                    score_text(p.value[r], p.state[r], out);
                                }
                            };
                            score(&cmp.before, before, &mut before_buf);
                            score(&cmp.after, after, &mut buf);
                            ui.add(egui::Label::new(before_buf.as_str()).selectable(false));
                            arrow_ui(ui, arrow_color);
                            ui.add(egui::Label::new(buf.as_str()).selectable(false));
                        }
                        SortColumn::Segment => {
                            let seg = |s: &crate::engine::Session, r: usize| {
                                s.derived.segment[s.data.predictions.customer[r] as usize]
                            };
                            match (before, after) {
                                (Some(b), Some(a)) if seg(&cmp.before, b) != seg(&cmp.after, a) => {
                                    ui.add(
                                        egui::Label::new(segment_names[seg(&cmp.before, b).index()].as_str())
                                            .selectable(false),
                                    );
                                    arrow_ui(ui, arrow_color);
                                    ui.add(
                                        egui::Label::new(segment_names[seg(&cmp.after, a).index()].as_str())
                                            .selectable(false),
                                    );
                                }
                                _ => {
                                    ui.add(
                                        egui::Label::new(segment_names[seg(session, i).index()].as_str())
                                            .truncate()
                                            .selectable(false),
                                    );
                                }
                            }
                        }
                        _ => {
                            session_cell_text(session, source_columns, i, *column, &mut buf);
                            ui.add(egui::Label::new(buf.as_str()).truncate().selectable(false));
                        }
                    });
                    clicked |= response.clicked();
                }
                if (clicked || row.response().clicked())
                    && let Some(j) = after
                {
                    let already = state.selected == Some(j as u32);
                    cmds.push(AppCommand::Select(if already { None } else { Some(j as u32) }));
                }
            });
        });
}
