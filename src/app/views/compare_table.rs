//! The table of a comparison: one line per matched prediction (or new, or gone), with the
//! cluster, fit and intent before and after joined by an arrow, and the direction.

use eframe::egui::{self, Sense};

use super::super::command::AppCommand;
use super::super::rows::{chosen_columns, header_text, score_text, scores, session_cell_text, shown};
use super::super::state::CompareState;
use super::super::state::{AppState, Month, SortColumn};
use super::super::tokens;
use super::table::{customer_table, sort_header_ui};
use crate::engine::compare::{Comparison, Direction};
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

/// A small arrow pointing right, between a before and an after value.
pub(super) fn arrow_ui(ui: &mut egui::Ui, color: egui::Color32) {
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
pub(super) fn direction_ui(ui: &mut egui::Ui, direction: Direction, text: &str) {
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
    if super::table::empty_ui(ui, pairs.len(), cmds) {
        return;
    }
    let arrow_color = ui.visuals().weak_text_color();
    egui::ScrollArea::horizontal().id_salt("compare_table_h").auto_shrink([false, false]).show(ui, |ui| {
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
        // "*": a cluster taken from the workbook, as in the month's own table
        let workbook_names = ClusterKey::ALL.map(|k| format!("{} *", i18n::cluster_name(k)));
        let cluster_names = [cluster_names, workbook_names];
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
                    let click = AppCommand::SetSort(*column);
                    header.col(|ui| sort_header_ui(ui, text, *column, state.sort, click, cmds));
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
                                cluster_pair_ui(ui, cmp, (before, after), &cluster_names, (&new_text, &gone_text));
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
                                segment_pair_ui(ui, cmp, (before, after), (session, i), &segment_names)
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
    });
}

/// The cluster before -> after of a pair ("New" or "Gone" on the missing side).
fn cluster_pair_ui(
    ui: &mut egui::Ui,
    cmp: &Comparison,
    (before, after): (Option<usize>, Option<usize>),
    names: &[[String; 5]; 2],
    (new_text, gone_text): (&str, &str),
) {
    let side = |ui: &mut egui::Ui, s: &crate::engine::Session, row: Option<usize>, none: &str| match row {
        Some(r) => {
            let key = s.derived.cluster_key(r);
            let (dot, _) = ui.allocate_exact_size(egui::Vec2::splat(9.0), Sense::hover());
            ui.painter().circle_filled(dot.center(), 4.0, tokens::cluster_color(key));
            let from_workbook = usize::from(s.derived.source[r] == crate::engine::rules::ClusterSource::Workbook);
            ui.add(egui::Label::new(names[from_workbook][key.index()].as_str()).selectable(false));
        }
        None => {
            ui.add(egui::Label::new(egui::RichText::new(none).weak()).selectable(false));
        }
    };
    side(ui, &cmp.before, before, new_text);
    arrow_ui(ui, ui.visuals().weak_text_color());
    side(ui, &cmp.after, after, gone_text);
}

/// The segment of a pair's customer, before -> after where it changed.
fn segment_pair_ui(
    ui: &mut egui::Ui,
    cmp: &Comparison,
    (before, after): (Option<usize>, Option<usize>),
    (session, i): (&crate::engine::Session, usize),
    names: &[String; 5],
) {
    let seg = |s: &crate::engine::Session, r: usize| s.derived.segment[s.data.predictions.customer[r] as usize];
    match (before, after) {
        (Some(b), Some(a)) if seg(&cmp.before, b) != seg(&cmp.after, a) => {
            ui.add(egui::Label::new(names[seg(&cmp.before, b).index()].as_str()).selectable(false));
            arrow_ui(ui, ui.visuals().weak_text_color());
            ui.add(egui::Label::new(names[seg(&cmp.after, a).index()].as_str()).selectable(false));
        }
        _ => {
            ui.add(egui::Label::new(names[seg(session, i).index()].as_str()).truncate().selectable(false));
        }
    }
}
