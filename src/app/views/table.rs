//! The customer table: the filtered predictions, key columns first and chosen source
//! columns after, sortable, with virtual scrolling (only visible rows are formatted).

use eframe::egui::{self, Sense};
use egui_extras::{Column, TableBuilder};

use super::super::command::AppCommand;
use super::super::rows::{cell_text, chosen_columns, header_text, key_columns};
use super::super::state::{AppState, Month, SortColumn};
use super::super::tokens;
use crate::engine::query::TableOrder;
use crate::output::i18n::tr;

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
pub(super) fn customer_table<'a, C: Copy>(
    ui: &'a mut egui::Ui,
    id: &str,
    columns: &[C],
    width: impl Fn(C) -> f32,
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

/// A header cell that sorts by its column (`click` asks for it), with an arrow when the
/// table is sorted by it.
pub(super) fn sort_header_ui<C: Copy + PartialEq>(
    ui: &mut egui::Ui,
    text: String,
    column: C,
    sort: Option<TableOrder<C>>,
    click: AppCommand,
    cmds: &mut Vec<AppCommand>,
) {
    let response =
        ui.add(egui::Button::new(egui::RichText::new(text).strong()).frame(false)).on_hover_text(tr("tip.sort"));
    if let Some(sort) = sort.filter(|s| s.column == column) {
        sort_arrow_ui(ui, sort.descending);
    }
    if response.clicked() {
        cmds.push(click);
    }
}

/// An empty result says so, and how to get rows back. True when there was nothing to show.
pub(super) fn empty_ui(ui: &mut egui::Ui, rows: usize, cmds: &mut Vec<AppCommand>) -> bool {
    if rows > 0 {
        return false;
    }
    ui.vertical_centered(|ui| {
        ui.add_space(tokens::SPACING * 3.0);
        ui.heading(tr("table.empty"));
        ui.add_space(tokens::SPACING);
        if ui.button(tr("table.clear_filters")).clicked() {
            cmds.push(AppCommand::ClearFilter);
        }
    });
    true
}

pub fn table_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, cmds: &mut Vec<AppCommand>) {
    if empty_ui(ui, state.view.rows.len(), cmds) {
        return;
    }
    // wide tables scroll sideways (Shift+wheel, a horizontal wheel, or the bar)
    egui::ScrollArea::horizontal().id_salt("customer_table_h").auto_shrink([false, false]).show(ui, |ui| {
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
                    let click = AppCommand::SetSort(*column);
                    header.col(|ui| sort_header_ui(ui, header_text(month, *column), *column, state.sort, click, cmds));
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
    });
}
