//! The clickable 4x4 fit x intent matrix and the cluster legend buttons.

use super::super::command::Pick;
use eframe::egui::{self, Align2, FontId, Sense, Stroke, Vec2};

use super::super::command::AppCommand;
use super::super::state::{AppState, Month};
use super::super::tokens;
use super::sizes::Sizes;
use crate::engine::{Band, ClusterKey, MatrixCell, Summary};
use crate::output::i18n::{self, Cents, t, tr};

/// A cell's height: room for its name and share, its count, and its revenue when there is one.
pub fn cell_height(cell: f32, has_revenue: bool) -> f32 {
    cell * if has_revenue { 0.8 } else { 0.62 }
}

pub fn matrix_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, cmds: &mut Vec<AppCommand>, sizes: &Sizes) {
    let summary = &state.view.summary;
    let has_revenue = month.session.data.has_whitespace;
    let max_rows = summary.matrix.iter().map(|c| c.rows).max().unwrap_or(0).max(1);
    let side = sizes.cell;
    ui.vertical(|ui| {
        // the legend below wraps to the grid's width rather than widening the column
        ui.set_max_width(side * 4.0 + 90.0);
        ui.strong(tr("matrix.title")).on_hover_text(tr("matrix.axes"));
        let grid = egui::Grid::new("matrix").spacing(Vec2::splat(3.0)).show(ui, |ui| {
            ui.label("");
            for intent in Band::ALL {
                ui.vertical_centered(|ui| {
                    ui.set_width(side);
                    ui.small(i18n::band_name(intent));
                });
            }
            ui.end_row();
            for fit in Band::ALL {
                ui.small(i18n::band_name(fit));
                for intent in Band::ALL {
                    let cell = MatrixCell::new(fit, intent);
                    let size = Vec2::new(side, cell_height(side, has_revenue));
                    if cell_ui(ui, month, state, cell, size, max_rows).clicked() {
                        cmds.push(AppCommand::ToggleCell(cell, Pick::of(ui)));
                    }
                }
                ui.end_row();
            }
        });
        crate::app::smoke::place(ui, crate::app::smoke::Part::Matrix, grid.response.rect);
        shading_legend_ui(ui, has_revenue);
    });
}

/// The id of a matrix cell's widget: stable, so tests and screen readers find it.
pub fn cell_id(cell: MatrixCell) -> egui::Id {
    egui::Id::unique(("matrix_cell", cell.name()))
}

/// One cell: its name and share of the predictions shown, its count, its revenue; a ring
/// when focused, an outline when selected or hovered.
fn cell_ui(
    ui: &mut egui::Ui,
    month: &Month,
    state: &AppState,
    cell: MatrixCell,
    size: Vec2,
    max_rows: usize,
) -> egui::Response {
    let summary = &state.view.summary;
    let stat = summary.cell(cell);
    let key = ClusterKey::from_cluster(Some(month.session.derived.rules.cluster_of(cell)));
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let response = ui.interact(rect, cell_id(cell), Sense::click());
    let selected = state.filter.cells.contains(&cell);
    let dimmed = !state.filter.cells.is_empty() && !selected;
    let fill = tokens::cell_fill(key, stat.rows as f32 / max_rows as f32, dimmed, ui.visuals());
    let painter = ui.painter();
    painter.rect_filled(rect, 4.0, fill);
    if selected || response.hovered() {
        let stroke = Stroke::new(2.0, ui.visuals().strong_text_color());
        painter.rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
    }
    if response.has_focus() {
        painter.rect_stroke(rect.expand(2.0), 5.0, tokens::focus_stroke(ui.visuals()), egui::StrokeKind::Outside);
    }
    let text_color = tokens::text_on(fill);
    let small = FontId::proportional(tokens::TEXT_SMALL);
    let top = rect.top() + 3.0;
    painter.text(egui::pos2(rect.left() + 5.0, top), Align2::LEFT_TOP, cell.name(), small.clone(), text_color);
    let shown: usize = summary.matrix.iter().map(|c| c.rows).sum();
    let share = i18n::format_percent(stat.rows, shown);
    painter.text(egui::pos2(rect.right() - 4.0, top), Align2::RIGHT_TOP, &share, small.clone(), text_color);
    let count_at = if month.session.data.has_whitespace {
        rect.center() + Vec2::new(0.0, 1.0)
    } else {
        rect.center() + Vec2::new(0.0, 6.0)
    };
    painter.text(
        count_at,
        Align2::CENTER_CENTER,
        i18n::format_count(stat.rows),
        FontId::proportional(tokens::TEXT_CELL),
        text_color,
    );
    if month.session.data.has_whitespace {
        let revenue = i18n::format_usd_short(stat.whitespace_revenue);
        painter.text(rect.center_bottom() - Vec2::new(0.0, 3.0), Align2::CENTER_BOTTOM, revenue, small, text_color);
    }
    let label = t!(
        "matrix.cell",
        cell = cell.name(),
        fit = i18n::band_name(cell.fit()),
        intent = i18n::band_name(cell.intent()),
        cluster = i18n::cluster_name(key),
        rows = i18n::format_count(stat.rows)
    )
    .into_owned();
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, label.clone()));
    let mut tip = format!("{label}\n{}", t!("matrix.share", share = share));
    if month.session.data.has_whitespace {
        tip.push_str(&format!(
            "\n{}",
            t!("matrix.revenue", value = i18n::format_usd(stat.whitespace_revenue, Cents::Hide))
        ));
    }
    tip.push_str(&format!("\n{}", tr("tip.matrix_click")));
    response.on_hover_text(tip)
}

/// What the shading and the figures say: the cluster's colour, stronger with more
/// predictions; the share; the revenue.
fn shading_legend_ui(ui: &mut egui::Ui, has_revenue: bool) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.small(tr("matrix.legend_fewer"));
        let visuals = ui.visuals().clone();
        for step in 0..5 {
            let (r, _) = ui.allocate_exact_size(Vec2::new(14.0, 12.0), Sense::hover());
            let fill = tokens::cell_fill(ClusterKey::Evaluate, step as f32 / 4.0, false, &visuals);
            ui.painter().rect_filled(r, 2.0, fill);
        }
        ui.small(tr("matrix.legend_more"));
        ui.small(tr(if has_revenue { "matrix.legend_revenue" } else { "matrix.legend" }));
    });
}

/// A button per cluster with its predictions, filled when it filters: a strip above the
/// charts, on one line where the width allows.
/// The cluster buttons: each cluster's predictions under the filter, and with two months
/// compared the month before's beside them ("Act now 1,580 → 1,611").
pub fn cluster_buttons_ui(ui: &mut egui::Ui, summary: &Summary, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let before = state.compare.as_ref().map(|_| &state.compare_view.filter_before_summary);
    ui.horizontal_wrapped(|ui| {
        for key in ClusterKey::ALL {
            let stat = summary.cluster(key);
            let selected = state.filter.clusters.contains(&key);
            let count = match before {
                Some(b) => format!("{} → {}", i18n::format_count(b.cluster(key).rows), i18n::format_count(stat.rows)),
                None => i18n::format_count(stat.rows),
            };
            let text = egui::RichText::new(format!("{} {count}", i18n::cluster_name(key))).color(if selected {
                tokens::text_on(tokens::cluster_color(key))
            } else {
                ui.visuals().text_color()
            });
            let mut button = egui::Button::new(text).selected(selected);
            if selected {
                button = button.fill(tokens::cluster_color(key));
            } else {
                button = button.stroke(Stroke::new(1.5, tokens::cluster_color(key)));
            }
            let mut tip = tr(&format!("help.cluster.{}", key.key()));
            if stat.from_workbook > 0 {
                tip.push_str(&format!(
                    "\n{}",
                    t!("report.from_workbook", count = i18n::format_count(stat.from_workbook))
                ));
            }
            let response = ui.add(button).on_hover_text(tip);
            if response.has_focus() {
                // its own cluster-coloured edge hides egui's: the accent ring goes around it
                let ring = tokens::focus_stroke(ui.visuals());
                ui.painter().rect_stroke(response.rect.expand(2.0), 6.0, ring, egui::StrokeKind::Outside);
            }
            if response.clicked() {
                cmds.push(AppCommand::ToggleCluster(key, Pick::of(ui)));
            }
        }
    });
}
