//! The line above the table: what the table lists, saving the target list with its options,
//! the columns and the load report. Its groups of controls go on as many rows as the width
//! needs, a group never split across two.

use eframe::egui;

use super::super::command::AppCommand;
use super::super::state::{AppState, UiState};
use super::super::tasks::DialogKind;
use super::super::tokens;
use super::{accounts, windows};
use crate::output::i18n::{format_count, plural, t, tr};

/// A group of controls kept together on one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    /// Predictions or Accounts, and the save buttons.
    Save,
    /// Lines, sheets and CSV: how the list is written.
    Options,
    /// Columns… and Load report.
    Panels,
    /// The counts of values missing or unreadable.
    Counts,
}

const GROUPS: [Group; 4] = [Group::Save, Group::Options, Group::Panels, Group::Counts];

/// The room a separator between two groups takes.
const SEPARATOR: f32 = 12.0;

pub fn toolbar_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let id = egui::Id::unique("toolbar_group_widths");
    let widths: [f32; 4] = super::sizes::last_frame(ui.ctx(), id).unwrap_or([0.0; 4]);
    let mut measured = widths;
    for row in rows(&widths, ui.available_width(), ui.spacing().item_spacing.x) {
        ui.horizontal(|ui| {
            for (k, &i) in row.iter().enumerate() {
                // no line before a group with nothing to show (no counts)
                if k > 0 && widths[i] > 0.0 {
                    ui.separator();
                }
                let group = ui.horizontal(|ui| group_ui(ui, GROUPS[i], state, ui_state, cmds));
                measured[i] = group.response.rect.width();
            }
        });
    }
    super::sizes::keep_measure(ui.ctx(), id, widths, measured, "the toolbar's groups changed width");
}

/// The groups (indices into [`GROUPS`]) row by row for `room` points across, from their widths.
fn rows(widths: &[f32; 4], room: f32, spacing: f32) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = 0.0;
    for (i, &w) in widths.iter().enumerate() {
        let gap = SEPARATOR + spacing * 2.0;
        match rows.last_mut() {
            Some(row) if used + gap + w <= room => {
                row.push(i);
                used += gap + w;
            }
            _ => {
                rows.push(vec![i]);
                used = w;
            }
        }
    }
    rows
}

fn group_ui(ui: &mut egui::Ui, group: Group, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    match group {
        Group::Save => save_ui(ui, state, cmds),
        Group::Options => windows::export_choice_ui(ui, state.export_choice, cmds),
        Group::Panels => {
            let columns = ui.button(tr("menu.columns")).on_hover_text(tr("tip.columns"));
            if columns.clicked() {
                ui_state.show_columns = true;
                ui_state.columns_at = Some(columns.rect.left_bottom() + egui::vec2(0.0, 4.0));
            }
            if ui.button(tr("menu.load_report")).on_hover_text(tr("tip.load_report")).clicked() {
                ui_state.show_report = true;
            }
        }
        Group::Counts => counts_ui(ui, state),
    }
}

fn save_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    accounts::table_mode_ui(ui, state, cmds);
    ui.separator();
    let can_save = state.exporting.is_none() && state.dialog.is_none();
    if ui
        .add_enabled(can_save, egui::Button::new(tr("menu.save_targets")).shortcut_text("Ctrl+S"))
        .on_hover_text(tr("tip.save_targets"))
        .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::SaveTargets));
    }
    if state.compare.is_some()
        && ui
            .add_enabled(can_save, egui::Button::new(tr("menu.save_movers")).shortcut_text("Ctrl+Shift+S"))
            .on_hover_text(tr("tip.save_movers"))
            .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::SaveMovers));
    }
}

/// How many values the month has not (N/A) and could not read, in grey where expected.
fn counts_ui(ui: &mut egui::Ui, state: &AppState) {
    let Some(month) = &state.month else { return };
    let report = &month.session.data.report;
    let no_value = report.no_value_total();
    if no_value > 0 {
        let text = t!(&plural("toolbar.no_value", no_value), count = format_count(no_value));
        ui.add(egui::Label::new(egui::RichText::new(text).weak()).wrap_mode(egui::TextWrapMode::Extend))
            .on_hover_text(tr("tip.no_value"));
    }
    let issues = report.unreadable_total();
    if issues > 0 {
        let text = t!(&plural("toolbar.unreadable", issues), count = format_count(issues));
        // the sample carries one on purpose, as downloads sometimes do: said so, in grey
        let (text, tip) = if month.is_sample {
            (
                egui::RichText::new(format!("{text} {}", tr("toolbar.sample_on_purpose"))).weak(),
                tr("tip.sample_unreadable"),
            )
        } else {
            (egui::RichText::new(text).color(tokens::warning(ui.visuals())), tr("tip.unreadable"))
        };
        ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend)).on_hover_text(tip);
    }
}

#[cfg(test)]
mod tests {
    use super::rows;

    #[test]
    fn groups_fill_rows_and_are_never_split() {
        // with spacing 8, a group after another takes 12 + 16 = 28 more
        assert_eq!(rows(&[300.0, 300.0, 200.0, 100.0], 2000.0, 8.0), vec![vec![0, 1, 2, 3]]);
        // 300 + 28 + 300 = 628 fits 700; + 28 + 200 does not
        assert_eq!(rows(&[300.0, 300.0, 200.0, 100.0], 700.0, 8.0), vec![vec![0, 1], vec![2, 3]]);
        // a group wider than the room has a row of its own
        assert_eq!(rows(&[300.0, 900.0, 200.0, 100.0], 700.0, 8.0), vec![vec![0], vec![1], vec![2, 3]]);
    }
}
