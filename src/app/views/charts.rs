//! The segment pie (painted: egui_plot has none) and the bar charts of rows and revenue
//! per cluster (egui_plot).

use super::super::command::Pick;
use eframe::egui::{self, Color32, Pos2, Sense, Shape, Stroke, Vec2};
use egui_plot::{Bar, BarChart, Plot};
use std::f32::consts::TAU;

use super::super::command::AppCommand;
use super::super::settings::PieMetric;
use super::super::state::{AppState, Month};
use super::super::tokens;
use crate::engine::{ClusterKey, Segment};
use crate::output::i18n::{self, t, tr};

/// Wedge points of one slice, in pieces of at most 90 degrees (convex polygons).
fn wedges(center: Pos2, radius: f32, start: f32, end: f32) -> Vec<Vec<Pos2>> {
    let mut out = Vec::new();
    let mut a = start;
    while a < end - 1e-4 {
        let b = (a + TAU / 4.0).min(end);
        let steps = (((b - a) / TAU) * 96.0).ceil().max(2.0) as usize;
        let mut points = vec![center];
        for k in 0..=steps {
            let angle = a + (b - a) * k as f32 / steps as f32;
            points.push(center + radius * Vec2::angled(angle));
        }
        out.push(points);
        a = b;
    }
    out
}

pub fn pie_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let summary = &state.view.summary;
    let metric = state.settings.pie_metric;
    let values: Vec<(Segment, f64)> = Segment::ALL
        .iter()
        .map(|s| {
            let v = match metric {
                PieMetric::Customers => summary.segment(*s) as f64,
                PieMetric::Revenue => summary.segment_revenue[s.index()],
            };
            (*s, v)
        })
        .collect();
    let total: f64 = values.iter().map(|(_, v)| v).sum();
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            ui.strong(tr("pie.title"));
            let has_revenue = month.session.data.has_whitespace;
            for (m, key) in [(PieMetric::Customers, "pie.customers"), (PieMetric::Revenue, "pie.revenue")] {
                let enabled = m == PieMetric::Customers || has_revenue;
                if ui
                    .add_enabled(enabled, egui::Button::selectable(metric == m, tr(key)))
                    .on_hover_text(tr("tip.pie_metric"))
                    .on_disabled_hover_text(tr("tip.no_revenue"))
                    .clicked()
                {
                    cmds.push(AppCommand::SetPieMetric(m));
                }
            }
        });
        ui.horizontal_top(|ui| {
            let size = Vec2::splat(tokens::PIE_SIZE);
            let (rect, response) = ui.allocate_exact_size(size, Sense::click());
            let center = rect.center();
            let radius = size.x / 2.0 - 4.0;
            let painter = ui.painter_at(rect);
            let hover_angle = response.hover_pos().and_then(|p| {
                let d = p - center;
                (d.length() <= radius).then(|| d.y.atan2(d.x).rem_euclid(TAU))
            });
            let mut start = -TAU / 4.0;
            let mut hovered: Option<Segment> = None;
            let mut slices: Vec<(Segment, f32, f32)> = Vec::new();
            if total <= 0.0 {
                painter.circle_stroke(center, radius, Stroke::new(1.0, ui.visuals().weak_text_color()));
            }
            for (segment, value) in &values {
                if total <= 0.0 || *value <= 0.0 {
                    continue;
                }
                let sweep = (*value / total) as f32 * TAU;
                let end = start + sweep;
                let selected = state.filter.segments.contains(segment);
                let is_hovered = hover_angle.is_some_and(|h| {
                    let h = if h < start { h + TAU } else { h };
                    h >= start && h < end
                });
                if is_hovered {
                    hovered = Some(*segment);
                }
                let mut color = tokens::segment_color(*segment);
                if !state.filter.segments.is_empty() && !selected {
                    color = color.gamma_multiply(0.35);
                }
                let r = if is_hovered || selected { radius } else { radius - 4.0 };
                for points in wedges(center, r, start, end) {
                    painter.add(Shape::convex_polygon(points, color, Stroke::new(1.0, color)));
                }
                slices.push((*segment, start, end));
                start = end;
            }
            // each slice is also a widget of its own, for screen readers and tests
            for (segment, a, b) in &slices {
                let mid = (a + b) / 2.0;
                let anchor = center + radius * 0.6 * Vec2::angled(mid);
                let id = ui.scope_id().with(("pie_slice", segment.index()));
                let slice = ui.interact(egui::Rect::from_center_size(anchor, Vec2::splat(14.0)), id, Sense::click());
                let label = slice_label(*segment, &values, total, metric);
                slice.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
                if slice.clicked() {
                    cmds.push(AppCommand::ToggleSegment(*segment, Pick::of(ui)));
                }
                if slice.hovered() {
                    hovered = Some(*segment);
                }
            }
            if let Some(segment) = hovered {
                let label = slice_label(segment, &values, total, metric);
                response.clone().on_hover_text_at_pointer(format!("{label}\n{}", tr("tip.pie_click")));
                if response.clicked() {
                    cmds.push(AppCommand::ToggleSegment(segment, Pick::of(ui)));
                }
            }
            pie_legend_ui(ui, &values, total, state, cmds);
        });
    });
}

fn format_value(v: f64, metric: PieMetric) -> String {
    match metric {
        PieMetric::Customers => i18n::format_count(v as usize),
        PieMetric::Revenue => i18n::format_usd_short(v),
    }
}

fn percent(v: f64, total: f64) -> String {
    if total <= 0.0 {
        return "—".into();
    }
    i18n::format_percent((v * 1000.0) as usize, (total * 1000.0) as usize)
}

fn slice_label(segment: Segment, values: &[(Segment, f64)], total: f64, metric: PieMetric) -> String {
    let v = values.iter().find(|(s, _)| *s == segment).map(|(_, v)| *v).unwrap_or(0.0);
    t!("pie.slice", segment = i18n::segment_name(segment), value = format_value(v, metric), share = percent(v, total))
        .into_owned()
}

/// Rows and whitespace revenue per cluster.
pub fn cluster_bars_ui(ui: &mut egui::Ui, month: &Month, state: &AppState) {
    let summary = &state.view.summary;
    let has_revenue = month.session.data.has_whitespace;
    // in the scrolling charts row there is always room for a readable chart
    let width = ui.available_width().clamp(200.0, 420.0);
    ui.vertical(|ui| {
        ui.set_width(width);
        ui.strong(tr("bars.title"));
        let bars = |value: &dyn Fn(ClusterKey) -> f64| -> Vec<Bar> {
            ClusterKey::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    Bar::new(i as f64, value(*k))
                        .name(i18n::cluster_name(*k))
                        .fill(tokens::cluster_color(*k))
                        .width(0.7)
                })
                .collect()
        };
        let height = if has_revenue { 110.0 } else { 200.0 };
        let plot = |id: &str, label: String| {
            Plot::new(id)
                .height(height)
                .width(width)
                .allow_zoom(false)
                .allow_drag(false)
                .allow_scroll(false)
                .show_grid([false, true])
                // the names go in the legend below: under narrow bars they would not fit
                .show_axes([false, true])
                .y_axis_label(label)
        };
        let rows = BarChart::new(tr("bars.rows"), bars(&|k| summary.cluster(k).rows as f64)).color(Color32::GRAY);
        plot("cluster_rows", tr("bars.rows"))
            .y_axis_formatter(|mark, _| i18n::format_count(mark.value.max(0.0) as usize))
            .show(ui, |plot| plot.bar_chart(rows));
        if has_revenue {
            let revenue = BarChart::new(tr("bars.revenue"), bars(&|k| summary.cluster(k).whitespace_revenue));
            plot("cluster_revenue", tr("bars.revenue"))
                .y_axis_formatter(|mark, _| i18n::format_usd_short(mark.value))
                .show(ui, |plot| plot.bar_chart(revenue));
        }
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for key in ClusterKey::ALL {
                swatch_ui(ui, tokens::cluster_color(key), i18n::cluster_name(key));
            }
        });
    });
}

/// A colour swatch and its name as one widget, so a wrapping legend never parts them.
fn swatch_ui(ui: &mut egui::Ui, color: Color32, name: String) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let text_color = ui.visuals().text_color();
    let galley = ui.painter().layout_no_wrap(name, font, text_color);
    let size = egui::Vec2::new(14.0 + galley.size().x + 8.0, galley.size().y.max(10.0));
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let swatch = egui::Rect::from_center_size(egui::pos2(rect.left() + 5.0, rect.center().y), egui::Vec2::splat(8.0));
    ui.painter().rect_filled(swatch, 2.0, color);
    ui.painter().galley(egui::pos2(rect.left() + 14.0, rect.center().y - galley.size().y / 2.0), galley, text_color);
}

/// The segments beside the pie: colour, name, value and share, each a toggle.
fn pie_legend_ui(
    ui: &mut egui::Ui,
    values: &[(Segment, f64)],
    total: f64,
    state: &AppState,
    cmds: &mut Vec<AppCommand>,
) {
    let metric = state.settings.pie_metric;
    let summary = &state.view.summary;
    ui.vertical(|ui| {
        for (segment, value) in values {
            let color = tokens::segment_color(*segment);
            let selected = state.filter.segments.contains(segment);
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
                ui.painter().rect_filled(r, 2.0, color);
                let text = format!(
                    "{}  {}  {}",
                    i18n::segment_name(*segment),
                    format_value(*value, metric),
                    percent(*value, total)
                );
                if ui.selectable_label(selected, text).on_hover_text(tr("tip.segment_legend")).clicked() {
                    cmds.push(AppCommand::ToggleSegment(*segment, Pick::of(ui)));
                }
            });
        }
        if summary.segments_from_workbook > 0 {
            ui.weak(t!("pie.from_workbook", count = i18n::format_count(summary.segments_from_workbook)));
        }
    });
}
