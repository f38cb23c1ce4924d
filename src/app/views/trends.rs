//! The Trends window: predictions per cluster and customers per segment over the library's
//! months (hover for the figure, click a month to open it), and the cards with their change
//! since the month before and a small line of the last months.

use eframe::egui;
use egui_plot::{Corner, GridMark, HoverPosition, Legend, Line, Plot, PlotPoints};

use super::super::command::AppCommand;
use super::super::state::{AppState, UiState};
use super::super::tokens;
use super::months::short_month;
use crate::engine::trend::MonthFigures;
use crate::engine::{ClusterKey, Segment};
use crate::output::i18n::{self, t, tr};
use crate::output::library::month_name;

pub fn trends_window_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let ctx = ui.ctx().clone();
    let mut open = ui_state.show_trends;
    egui::Window::new(tr("trends.title"))
        .id(egui::Id::unique("trends_window"))
        .open(&mut open)
        .collapsible(false)
        .default_size([760.0, 560.0])
        .vscroll(true)
        .show(&ctx, |ui| trends_body(ui, state, cmds));
    ui_state.show_trends = open;
}

fn trends_body(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let lib = &state.library;
    let Some(trend) = &lib.trend else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr("trend.working"));
        });
        return;
    };
    let months = &trend.months;
    if months.len() < 2 {
        ui.label(tr("trends.one_month"));
        return;
    }
    let first_last = (months.first().map(|m| month_name(m.month)), months.last().map(|m| month_name(m.month)));
    ui.label(t!(
        "trends.heading",
        count = months.len(),
        from = first_last.0.unwrap_or_default(),
        to = first_last.1.unwrap_or_default()
    ));
    if lib.trend_key.as_ref().is_some_and(|k| !k.filter.is_empty()) {
        ui.weak(t!("trends.filtered", filter = crate::output::export::describe_filter(&state.filter)));
    }
    for (month, why) in &trend.skipped {
        ui.colored_label(
            tokens::warning(ui.visuals()),
            t!("trends.skipped", month = month.key(), why = why.to_string()),
        );
    }
    if lib.trend_task.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak(tr("trend.working"));
        });
    }
    cards_ui(ui, months);
    ui.add_space(tokens::SPACING);
    ui.strong(tr("trends.clusters"));
    let series: Vec<(String, egui::Color32, Vec<usize>)> = ClusterKey::ALL
        .iter()
        .map(|k| {
            (i18n::cluster_name(*k), tokens::cluster_color(*k), months.iter().map(|m| m.clusters[k.index()]).collect())
        })
        .collect();
    lines_ui(ui, "trend_clusters", months, &series, cmds);
    ui.add_space(tokens::SPACING);
    ui.strong(tr("trends.segments"));
    let series: Vec<(String, egui::Color32, Vec<usize>)> = Segment::ALL
        .iter()
        .map(|s| {
            (i18n::segment_name(*s), tokens::segment_color(*s), months.iter().map(|m| m.segments[s.index()]).collect())
        })
        .collect();
    lines_ui(ui, "trend_segments", months, &series, cmds);
}

/// Lines over the months, named and coloured; a click opens the month nearest.
fn lines_ui(
    ui: &mut egui::Ui,
    id: &str,
    months: &[MonthFigures],
    series: &[(String, egui::Color32, Vec<usize>)],
    cmds: &mut Vec<AppCommand>,
) {
    let labels: Vec<String> = months.iter().map(|m| short_month(m.month)).collect();
    let axis_labels = labels.clone();
    let hover_labels = labels.clone();
    let response = Plot::new(id)
        .height(200.0)
        .legend(Legend::default().follow_insertion_order(true).position(Corner::LeftBottom))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        .x_grid_spacer(|input| {
            let (from, to) = input.bounds;
            (from.ceil().max(0.0) as usize..=to.floor().max(0.0) as usize)
                .map(|i| GridMark { value: i as f64, step_size: 1.0 })
                .collect()
        })
        .x_axis_formatter(move |mark, _| axis_labels.get(mark.value as usize).cloned().unwrap_or_default())
        .y_axis_formatter(|mark, _| i18n::format_count(mark.value.max(0.0) as usize))
        .label_formatter(move |position| match position {
            HoverPosition::NearDataPoint { plot_name, position, .. } => {
                let month = hover_labels.get(position.x.round().max(0.0) as usize).cloned().unwrap_or_default();
                let count = i18n::format_count(position.y.max(0.0) as usize);
                Some(i18n::labelled(&format!("{plot_name} · {month}"), &count))
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            for (name, color, values) in series {
                let points: PlotPoints = values.iter().enumerate().map(|(i, v)| [i as f64, *v as f64]).collect();
                plot.line(Line::new(name.clone(), points).color(*color).width(2.0));
            }
            plot.pointer_coordinate()
        });
    if response.response.clicked()
        && let Some(at) = response.inner
        && let Some(figures) = months.get(at.x.round().max(0.0) as usize)
    {
        cmds.push(AppCommand::OpenLibraryMonth(figures.month));
    }
    response.response.on_hover_text(tr("tip.trend_click"));
}

/// A card per figure: the last month's, its change since the month before, and a small line.
fn cards_ui(ui: &mut egui::Ui, months: &[MonthFigures]) {
    let cards: [(String, Vec<f64>, bool); 5] = [
        (tr("card.customers"), months.iter().map(|m| m.customers as f64).collect(), false),
        (tr("trends.act_now"), months.iter().map(|m| m.clusters[0] as f64).collect(), false),
        (tr("trends.new"), months.iter().map(|m| m.new_customers.unwrap_or(0) as f64).collect(), false),
        (tr("trends.gone"), months.iter().map(|m| m.gone_customers.unwrap_or(0) as f64).collect(), false),
        (tr("card.expiring_revenue"), months.iter().map(|m| m.cards.expiring_revenue).collect(), true),
    ];
    ui.horizontal_wrapped(|ui| {
        for (label, values, money) in cards {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(128.0);
                ui.vertical(|ui| card_ui(ui, &label, &values, money));
            });
        }
    });
}

fn card_ui(ui: &mut egui::Ui, label: &str, values: &[f64], money: bool) {
    let shown = |v: f64| if money { i18n::format_usd_short(v) } else { i18n::format_count(v.max(0.0) as usize) };
    ui.weak(label);
    let last = values.last().copied().unwrap_or(0.0);
    ui.heading(shown(last));
    if let [.., before, now] = values {
        let change = now - before;
        let text = if change >= 0.0 { format!("+{}", shown(change)) } else { format!("−{}", shown(-change)) };
        ui.weak(t!("trends.since", change = text));
    }
    sparkline_ui(ui, values);
}

/// The last months as a small line.
fn sparkline_ui(ui: &mut egui::Ui, values: &[f64]) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(120.0, 24.0), egui::Sense::hover());
    let recent = &values[values.len().saturating_sub(12)..];
    let (low, high) = recent.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    if recent.len() < 2 {
        return;
    }
    let span = (high - low).max(1e-9);
    let step = rect.width() / (recent.len() - 1) as f32;
    let points: Vec<egui::Pos2> = recent
        .iter()
        .enumerate()
        .map(|(i, v)| {
            egui::pos2(rect.left() + step * i as f32, rect.bottom() - ((v - low) / span) as f32 * rect.height())
        })
        .collect();
    ui.painter().add(egui::Shape::line(points, egui::Stroke::new(1.5, tokens::accent(ui.visuals()))));
}
