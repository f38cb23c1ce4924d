//! The clickable 4x4 fit x intent matrix and the cluster legend buttons.

use super::super::command::Pick;
use eframe::egui::{self, Align2, FontId, Sense, Stroke, Vec2};

use super::super::command::AppCommand;
use super::super::state::{AppState, Month};
use super::super::tokens;
use crate::engine::{Band, ClusterKey, MatrixCell, Summary};
use crate::output::i18n::{self, Cents, t, tr};

pub fn matrix_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let summary = &state.view.summary;
    let rules = &month.session.derived.rules;
    let has_revenue = month.session.data.has_whitespace;
    let max_rows = summary.matrix.iter().map(|c| c.rows).max().unwrap_or(0).max(1);
    ui.vertical(|ui| {
        // the legend below wraps to the grid's width rather than widening the column
        ui.set_max_width(tokens::MATRIX_CELL * 4.0 + 80.0);
        ui.strong(tr("matrix.title"));
        egui::Grid::new("matrix").spacing(Vec2::splat(3.0)).show(ui, |ui| {
            ui.label("");
            for intent in Band::ALL {
                ui.vertical_centered(|ui| {
                    ui.set_width(tokens::MATRIX_CELL);
                    ui.small(i18n::band_name(intent));
                });
            }
            ui.end_row();
            for fit in Band::ALL {
                ui.small(i18n::band_name(fit));
                for intent in Band::ALL {
                    let cell = MatrixCell::new(fit, intent);
                    let stat = summary.cell(cell);
                    let key = ClusterKey::from_cluster(Some(rules.cluster_of(cell)));
                    let size =
                        Vec2::new(tokens::MATRIX_CELL, tokens::MATRIX_CELL * if has_revenue { 0.76 } else { 0.62 });
                    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
                    let selected = state.filter.cells.contains(&cell);
                    let dimmed = !state.filter.cells.is_empty() && !selected;
                    let mut fill = tokens::cell_fill(key, stat.rows as f32 / max_rows as f32, ui.visuals());
                    if dimmed {
                        fill = fill.gamma_multiply(0.45);
                    }
                    let painter = ui.painter();
                    painter.rect_filled(rect, 4.0, fill);
                    if selected || response.hovered() {
                        let stroke = Stroke::new(2.0, ui.visuals().strong_text_color());
                        painter.rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
                    }
                    let text_color = tokens::text_on(fill);
                    painter.text(
                        rect.left_top() + Vec2::new(5.0, 3.0),
                        Align2::LEFT_TOP,
                        cell.name(),
                        FontId::proportional(11.0),
                        text_color,
                    );
                    painter.text(
                        rect.center() + Vec2::new(0.0, 2.0),
                        Align2::CENTER_CENTER,
                        i18n::format_count(stat.rows),
                        FontId::proportional(15.0),
                        text_color,
                    );
                    if has_revenue {
                        painter.text(
                            rect.center_bottom() - Vec2::new(0.0, 3.0),
                            Align2::CENTER_BOTTOM,
                            i18n::format_usd_short(stat.whitespace_revenue),
                            FontId::proportional(10.0),
                            text_color,
                        );
                    }
                    let label = t!(
                        "matrix.cell",
                        cell = cell.name(),
                        fit = i18n::band_name(fit),
                        intent = i18n::band_name(intent),
                        cluster = i18n::cluster_name(key),
                        rows = i18n::format_count(stat.rows)
                    )
                    .into_owned();
                    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
                    let mut tip = label.clone();
                    if has_revenue {
                        tip.push_str(&format!(
                            "\n{}",
                            t!("matrix.revenue", value = i18n::format_usd(stat.whitespace_revenue, Cents::Hide))
                        ));
                    }
                    tip.push_str(&format!("\n{}", tr("tip.matrix_click")));
                    let response = response.on_hover_text(tip);
                    if response.clicked() {
                        cmds.push(AppCommand::ToggleCell(cell, Pick::of(ui)));
                    }
                }
                ui.end_row();
            }
        });
        ui.small(tr("matrix.axes"));
        ui.add_space(4.0);
        cluster_buttons_ui(ui, summary, state, cmds);
    });
}

/// A button per cluster with its predictions, filled when it filters.
fn cluster_buttons_ui(ui: &mut egui::Ui, summary: &Summary, state: &AppState, cmds: &mut Vec<AppCommand>) {
    ui.horizontal_wrapped(|ui| {
        for key in ClusterKey::ALL {
            let stat = summary.cluster(key);
            let selected = state.filter.clusters.contains(&key);
            let text = egui::RichText::new(format!("{} {}", i18n::cluster_name(key), i18n::format_count(stat.rows)))
                .color(if selected { tokens::text_on(tokens::cluster_color(key)) } else { ui.visuals().text_color() });
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
            if ui.add(button).on_hover_text(tip).clicked() {
                cmds.push(AppCommand::ToggleCluster(key, Pick::of(ui)));
            }
        }
    });
}
