//! The segment pie (painted: egui_plot has none) and the bar charts of rows and revenue
//! per cluster (egui_plot).

use super::super::command::Pick;
use eframe::egui::{self, Color32, Pos2, Sense, Shape, Stroke, Vec2};
use egui_plot::{Bar, BarChart, GridMark, Plot};
use std::f32::consts::TAU;

use super::super::command::AppCommand;
use super::super::settings::PieMetric;
use super::super::state::{AppState, Month};
use super::super::tokens;
use super::sizes::Sizes;
use crate::engine::{ClusterKey, Segment};
use crate::output::i18n::{self, t, tr};

/// The arc of one slice, as points from `start` to `end`, one every few degrees.
fn arc(center: Pos2, radius: f32, start: f32, end: f32) -> Vec<Pos2> {
    let steps = (((end - start) / TAU) * 128.0).ceil().max(2.0) as usize;
    (0..=steps).map(|k| center + radius * Vec2::angled(start + (end - start) * k as f32 / steps as f32)).collect()
}

/// A slice as one mesh (a fan from the centre, so no seam shows inside it) and its rim
/// drawn anti-aliased.
fn slice_shapes(center: Pos2, radius: f32, start: f32, end: f32, color: Color32) -> [Shape; 2] {
    let rim = arc(center, radius, start, end);
    let mut mesh = egui::Mesh::default();
    mesh.colored_vertex(center, color);
    for p in &rim {
        mesh.colored_vertex(*p, color);
    }
    for k in 1..rim.len() as u32 {
        mesh.add_triangle(0, k, k + 1);
    }
    [Shape::mesh(mesh), Shape::line(rim, Stroke::new(1.0, color))]
}

/// The id of a pie slice's widget.
pub fn slice_id(segment: Segment) -> egui::Id {
    egui::Id::unique(("pie_slice", segment.index()))
}

/// The metric shown: revenue only where the files have some.
fn metric_of(month: &Month, state: &AppState) -> PieMetric {
    if month.session.data.has_whitespace { state.settings.pie_metric } else { PieMetric::Customers }
}

fn pie_values(month: &Month, state: &AppState) -> Vec<(Segment, f64)> {
    let summary = &state.view.summary;
    Segment::ALL
        .iter()
        .map(|s| {
            let v = match metric_of(month, state) {
                PieMetric::Customers => summary.segment(*s) as f64,
                PieMetric::Revenue => summary.segment_revenue[s.index()],
            };
            (*s, v)
        })
        .collect()
}

/// The legend's width beside the pie: its longest line.
pub fn pie_legend_width(ui: &egui::Ui, month: &Month, state: &AppState) -> f32 {
    let values = pie_values(month, state);
    let total: f64 = values.iter().map(|(_, v)| v).sum();
    let metric = metric_of(month, state);
    values
        .iter()
        .map(|(s, v)| {
            let text: egui::WidgetText = legend_text(*s, *v, total, metric).into();
            text.into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Button).size().x
        })
        .fold(0.0, f32::max)
        + 40.0
}

fn legend_text(segment: Segment, value: f64, total: f64, metric: PieMetric) -> String {
    format!("{}  {}  {}", i18n::segment_name(segment), format_value(value, metric), percent(value, total))
}

/// Customers or revenue; revenue is offered only when the files have some, and says why not.
fn metric_toggle_ui(ui: &mut egui::Ui, month: &Month, metric: PieMetric, cmds: &mut Vec<AppCommand>) {
    ui.horizontal(|ui| {
        ui.strong(tr("pie.title"));
        let has_revenue = month.session.data.has_whitespace;
        if !has_revenue {
            ui.weak(tr("pie.customers_only")).on_hover_text(tr("tip.no_revenue"));
            return;
        }
        for (m, key) in [(PieMetric::Customers, "pie.customers"), (PieMetric::Revenue, "pie.revenue")] {
            if ui.add(egui::Button::selectable(metric == m, tr(key))).on_hover_text(tr("tip.pie_metric")).clicked() {
                cmds.push(AppCommand::SetPieMetric(m));
            }
        }
    });
}

pub fn pie_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, cmds: &mut Vec<AppCommand>, sizes: &Sizes) {
    let metric = metric_of(month, state);
    let values = pie_values(month, state);
    let total: f64 = values.iter().map(|(_, v)| v).sum();
    ui.vertical(|ui| {
        metric_toggle_ui(ui, month, metric, cmds);
        ui.horizontal_top(|ui| {
            let size = Vec2::splat(sizes.pie);
            let (rect, response) = ui.allocate_exact_size(size, Sense::click());
            let center = rect.center();
            let radius = size.x / 2.0 - 4.0;
            let hover_angle = response.hover_pos().and_then(|p| {
                let d = p - center;
                (d.length() <= radius).then(|| d.y.atan2(d.x).rem_euclid(TAU))
            });
            if total <= 0.0 {
                ui.painter().circle_stroke(center, radius, Stroke::new(1.0, ui.visuals().weak_text_color()));
            }
            let mut hovered: Option<Segment> = None;
            let mut start = -TAU / 4.0;
            for (segment, value) in &values {
                if total <= 0.0 || *value <= 0.0 {
                    continue;
                }
                let end = start + (*value / total) as f32 * TAU;
                let is_hovered = hover_angle.is_some_and(|h| {
                    let h = if h < start { h + TAU } else { h };
                    h >= start && h < end
                });
                if is_hovered {
                    hovered = Some(*segment);
                }
                if slice_ui(
                    ui,
                    state,
                    (*segment, start, end),
                    center,
                    radius,
                    is_hovered,
                    slice_label(*segment, &values, total, metric),
                    cmds,
                ) {
                    hovered = Some(*segment);
                }
                start = end;
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

/// One slice, painted, and a widget of its own (Tab reaches it, Space or Enter toggles it,
/// screen readers name it) with a ring when focused. Returns whether it is hovered.
#[allow(clippy::too_many_arguments)] // the slice's geometry and state, drawn in one place
fn slice_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    (segment, start, end): (Segment, f32, f32),
    center: Pos2,
    radius: f32,
    is_hovered: bool,
    label: String,
    cmds: &mut Vec<AppCommand>,
) -> bool {
    let selected = state.filter.segments.contains(&segment);
    let mut color = tokens::segment_color(segment);
    if !state.filter.segments.is_empty() && !selected {
        color = color.gamma_multiply(0.35);
    }
    let r = if is_hovered || selected { radius } else { radius - 4.0 };
    let painter = ui.painter().clone();
    painter.extend(slice_shapes(center, r, start, end, color));
    let anchor = center + radius * 0.6 * Vec2::angled((start + end) / 2.0);
    let slice = ui.interact(egui::Rect::from_center_size(anchor, Vec2::splat(14.0)), slice_id(segment), Sense::click());
    slice.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, label.clone()));
    if slice.has_focus() {
        let mut outline = arc(center, r + 2.0, start, end);
        outline.push(center);
        painter.add(Shape::closed_line(outline, tokens::focus_stroke(ui.visuals())));
    }
    if slice.clicked() {
        cmds.push(AppCommand::ToggleSegment(segment, Pick::of(ui)));
    }
    slice.hovered()
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

/// Grid marks at a round step (1, 2 or 5 times a power of ten, at least `min_step`) about
/// 34 px apart on a plot `height` px tall: every mark gets its label, whatever the range
/// (egui_plot's own powers of ten leave a short plot of 0 to 75,000 with "0" alone).
fn round_marks(bounds: (f64, f64), height: f32, min_step: f64) -> Vec<GridMark> {
    let (low, high) = bounds;
    let range = (high - low).abs().max(f64::EPSILON);
    let count = f64::from((height / 34.0).floor().clamp(2.0, 8.0));
    let raw = range / count;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    let step = step.max(min_step);
    let (first, last) = ((low / step).ceil() as i64, (high / step).floor() as i64);
    (first..=last).map(|k| GridMark { value: k as f64 * step, step_size: step }).collect()
}

/// An axis label: whole numbers only (a count has no half), in the language's format.
fn count_tick(value: f64) -> String {
    if value < 0.0 || value.fract().abs() > 1e-9 { String::new() } else { i18n::format_count(value as usize) }
}

/// An amount axis label with as many decimals as the step between labels needs.
fn amount_tick(value: f64, step: f64) -> String {
    if value < 0.0 {
        return String::new();
    }
    i18n::format_usd_axis(value, step)
}

/// Rows and whitespace revenue per cluster.
pub fn cluster_bars_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, sizes: &Sizes) {
    let summary = &state.view.summary;
    let has_revenue = month.session.data.has_whitespace;
    let width = sizes.bars_width;
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
        let height = if has_revenue { (sizes.plot_height - 40.0) / 2.0 } else { sizes.plot_height - 20.0 }.max(100.0);
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
                // an empty chart still has a scale: 0 to 1, not 0 to 0
                .include_y(0.0)
                .include_y(1.0)
        };
        let rows = BarChart::new(tr("bars.rows"), bars(&|k| summary.cluster(k).rows as f64)).color(Color32::GRAY);
        plot("cluster_rows", tr("bars.rows"))
            .y_grid_spacer(move |input| round_marks(input.bounds, height, 1.0))
            .y_axis_formatter(|mark, _| count_tick(mark.value))
            .show(ui, |plot| plot.bar_chart(rows));
        if has_revenue {
            let revenue = BarChart::new(tr("bars.revenue"), bars(&|k| summary.cluster(k).whitespace_revenue));
            plot("cluster_revenue", tr("bars.revenue"))
                .y_grid_spacer(move |input| round_marks(input.bounds, height, 1.0))
                .y_axis_formatter(|mark, _| amount_tick(mark.value, mark.step_size))
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

/// A colour swatch and its name as one widget, so a wrapping legend never parts them; the
/// name is in the text colour (a colour as text would be unreadable on one theme or the other).
pub fn swatch_ui(ui: &mut egui::Ui, color: Color32, name: impl Into<egui::WidgetText>) {
    let galley = name.into().into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Small);
    let size = egui::Vec2::new(16.0 + galley.size().x + 8.0, galley.size().y.max(12.0));
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let swatch = egui::Rect::from_center_size(egui::pos2(rect.left() + 6.0, rect.center().y), egui::Vec2::splat(10.0));
    ui.painter().rect_filled(swatch, 2.0, color);
    let text_color = ui.visuals().text_color();
    ui.painter().galley(egui::pos2(rect.left() + 16.0, rect.center().y - galley.size().y / 2.0), galley, text_color);
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
                let text = legend_text(*segment, *value, total, metric);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_marks_label_a_short_plot_of_a_large_range() {
        // 0 to 75,000 on 100 px: two marks, a step of 50,000 (worked out by hand)
        let marks: Vec<f64> = round_marks((0.0, 75_000.0), 100.0, 1.0).iter().map(|m| m.value).collect();
        assert_eq!(marks, [0.0, 50_000.0]);
        // 0 to 1,816 on 200 px: five marks at most, every 500
        let marks: Vec<f64> = round_marks((0.0, 1_816.0), 200.0, 1.0).iter().map(|m| m.value).collect();
        assert_eq!(marks, [0.0, 500.0, 1_000.0, 1_500.0]);
        // an empty result (0 to 1): whole steps only
        let marks: Vec<f64> = round_marks((0.0, 1.0), 200.0, 1.0).iter().map(|m| m.value).collect();
        assert_eq!(marks, [0.0, 1.0]);
    }
}
