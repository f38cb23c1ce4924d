//! The transition view of a comparison, drawn like the matrix: rows are the cluster before
//! (or new), columns the cluster after (or gone); a click shows those movers, Ctrl-click
//! adds them to the ones shown.

use super::super::command::Pick;
use eframe::egui::{self, Align2, FontId, Sense, Stroke, Vec2};

use super::super::command::AppCommand;
use super::super::state::AppState;
use super::super::state::CompareState;
use super::super::tokens;
use super::sizes::Sizes;
use crate::engine::compare::{GONE_COL, MoveFilter, NEW_ROW};
use crate::output::i18n::{self, Cents, t, tr};
use crate::output::movers::{counts_line, move_name, transition_col_name, transition_row_name};

pub fn transitions_ui(
    ui: &mut egui::Ui,
    c: &CompareState,
    state: &AppState,
    cmds: &mut Vec<AppCommand>,
    sizes: &Sizes,
) {
    let t = &state.compare_view.transitions;
    let has_revenue = c.cmp.after.data.has_whitespace;
    // the shade follows the moves: unchanged predictions (the diagonal) would outshine them
    let max = (0..6)
        .flat_map(|r| (0..6).map(move |c| (r, c)))
        .filter(|&(r, c)| r != c)
        .map(|(r, c)| t.cells[r][c].0)
        .max()
        .unwrap_or(0)
        .max(1);
    let size = Vec2::new(sizes.transition_cell, sizes.transition_cell * if has_revenue { 0.62 } else { 0.5 });
    ui.vertical(|ui| {
        ui.set_max_width(sizes.transition_cell * 6.0 + 110.0);
        ui.strong(tr("compare.transitions_title"));
        egui::Grid::new("transitions").spacing(Vec2::splat(3.0)).show(ui, |ui| {
            ui.small(tr("compare.before_after"));
            for col in 0..6 {
                ui.vertical_centered(|ui| {
                    ui.set_width(sizes.transition_cell);
                    // a word a line, never broken inside ("Agir / maintenant", not "maintena/nt")
                    let words = transition_col_name(col).replace(' ', "\n");
                    ui.add(egui::Label::new(egui::RichText::new(words).small()).wrap_mode(egui::TextWrapMode::Extend));
                });
            }
            ui.end_row();
            for row in 0..6 {
                ui.small(transition_row_name(row));
                for col in 0..6 {
                    if row == NEW_ROW && col == GONE_COL {
                        ui.allocate_exact_size(size, Sense::hover());
                        continue;
                    }
                    let (count, revenue) = t.cells[row][col];
                    let direction = MoveFilter::direction_of(row, col);
                    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
                    let selected = c.moves.cells.contains(&(row as u8, col as u8));
                    let dimmed = !c.moves.cells.is_empty() && !selected;
                    let share = if row == col { 0.15 } else { count as f32 / max as f32 };
                    let fill = tokens::transition_fill(direction, share, dimmed, ui.visuals());
                    let painter = ui.painter();
                    painter.rect_filled(rect, 4.0, fill);
                    if selected || response.hovered() {
                        painter.rect_stroke(
                            rect,
                            4.0,
                            Stroke::new(2.0, ui.visuals().strong_text_color()),
                            egui::StrokeKind::Inside,
                        );
                    }
                    if response.has_focus() {
                        let ring = tokens::focus_stroke(ui.visuals());
                        painter.rect_stroke(rect.expand(2.0), 5.0, ring, egui::StrokeKind::Outside);
                    }
                    let text_color = tokens::text_on(fill);
                    let count_at = if has_revenue { rect.center() - Vec2::new(0.0, 6.0) } else { rect.center() };
                    painter.text(
                        count_at,
                        Align2::CENTER_CENTER,
                        i18n::format_count(count),
                        FontId::proportional(tokens::TEXT_CELL),
                        text_color,
                    );
                    if has_revenue && count > 0 {
                        painter.text(
                            rect.center_bottom() - Vec2::new(0.0, 3.0),
                            Align2::CENTER_BOTTOM,
                            i18n::format_usd_short(revenue),
                            FontId::proportional(tokens::TEXT_SMALL),
                            text_color,
                        );
                    }
                    // the label names the move; counts go to the description and the tooltip
                    let label = move_name(row, col);
                    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
                    let mut tip = format!(
                        "{label}\n{}",
                        t!(
                            "compare.cell_tip",
                            count = i18n::format_count(count),
                            direction = crate::output::movers::direction_name(direction)
                        )
                    );
                    if has_revenue {
                        tip.push_str(&format!(
                            "\n{}",
                            t!("compare.cell_revenue", value = i18n::format_usd(revenue, Cents::Hide))
                        ));
                    }
                    tip.push_str(&format!("\n{}", tr("tip.transition_click")));
                    if response.on_hover_text(tip).clicked() {
                        cmds.push(AppCommand::ToggleMove(row as u8, col as u8, Pick::of(ui)));
                    }
                }
                ui.end_row();
            }
        });
        ui.add_space(4.0);
        all_moves_ui(ui, c, t, cmds);
        // on as many lines as it takes under the table, never cut at its edge
        ui.add(egui::Label::new(egui::RichText::new(counts_line(t)).small()).wrap());
    });
}

/// "All moves up (n)", "All moves down (n)" and clearing the moves chosen.
fn all_moves_ui(
    ui: &mut egui::Ui,
    c: &CompareState,
    t: &crate::engine::compare::Transitions,
    cmds: &mut Vec<AppCommand>,
) {
    ui.horizontal_wrapped(|ui| {
        for (up, count, key) in [(true, t.moved_up, "compare.all_up"), (false, t.moved_down, "compare.all_down")] {
            let on = if up { c.moves.up } else { c.moves.down };
            let text = t!(key, count = i18n::format_count(count)).into_owned();
            if ui.selectable_label(on, text).on_hover_text(tr("tip.all_moves")).clicked() {
                cmds.push(AppCommand::ToggleMovedUp(up));
            }
        }
        if !c.moves.is_empty() && ui.button(tr("compare.clear_moves")).clicked() {
            cmds.push(AppCommand::ClearMoves);
        }
    });
}
