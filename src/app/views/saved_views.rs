//! Saved views on screen: the list in the side panel (click to apply; right-click to
//! rename, move, share or delete), the View menu's entries and the "Save view as" window.

use eframe::egui;

use super::super::command::{AppCommand, Shift};
use super::super::state::{AppState, UiState};
use super::super::tasks::DialogKind;
use crate::output::i18n::{t, tr};
use crate::output::views::view_name;

/// The shortcut of the `i`th view: Ctrl+1 to Ctrl+9.
pub fn shortcut_text(i: usize) -> Option<String> {
    (i < 9).then(|| format!("Ctrl+{}", i + 1))
}

/// Whether the screen shows view `i`'s filter.
fn is_shown(state: &AppState, i: usize) -> bool {
    let Some(view) = state.settings.views.get(i) else { return false };
    let Some(month) = &state.month else { return false };
    !view.filter.is_empty() && view.fit_to(&[&month.session.data]).view.filter == state.filter
}

pub fn views_list_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let views = &state.settings.views;
    let title = t!("views.title", count = views.len()).into_owned();
    egui::CollapsingHeader::new(title).id_salt("saved_views").default_open(true).show(ui, |ui| {
        if views.is_empty() {
            ui.weak(tr("views.none"));
        }
        for i in 0..views.len() {
            view_row_ui(ui, state, ui_state, i, cmds);
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button(tr("views.save_as")).on_hover_text(tr("tip.save_view")).clicked() {
                open_save_window(ui_state);
            }
            if ui.button(tr("views.import")).on_hover_text(tr("tip.import_view")).clicked() {
                cmds.push(AppCommand::OpenDialog(DialogKind::ImportView));
            }
        });
    });
}

fn open_save_window(ui_state: &mut UiState) {
    ui_state.view_name.clear();
    ui_state.show_save_view = true;
}

fn view_row_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, i: usize, cmds: &mut Vec<AppCommand>) {
    let views = &state.settings.views;
    if let Some((renaming, text)) = &mut ui_state.renaming_view
        && *renaming == i
    {
        let edit = ui.add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY));
        edit.request_focus();
        if ui.input(|inp| inp.key_pressed(egui::Key::Enter)) {
            cmds.push(AppCommand::RenameView(i, text.clone()));
            ui_state.renaming_view = None;
        } else if edit.lost_focus() {
            ui_state.renaming_view = None;
        }
        return;
    }
    let name = view_name(&views[i]);
    // the whole name, on two lines where the panel is narrow: names tell views apart
    let mut button = egui::Button::selectable(is_shown(state, i), name.clone()).wrap();
    if let Some(keys) = shortcut_text(i) {
        button = button.shortcut_text(keys);
    }
    let response = ui
        .add_enabled(state.month.is_some(), button)
        .on_hover_text(format!("{name}\n{}", tr("tip.apply_view")))
        .on_disabled_hover_text(tr("disabled.no_month"));
    if response.clicked() {
        cmds.push(AppCommand::ApplyView(i));
    }
    response.context_menu(|ui| {
        if ui.button(tr("views.rename")).clicked() {
            ui_state.renaming_view = Some((i, name.clone()));
        }
        if ui.add_enabled(i > 0, egui::Button::new(tr("views.move_up"))).clicked() {
            cmds.push(AppCommand::MoveView(i, Shift::Up));
        }
        if ui.add_enabled(i + 1 < views.len(), egui::Button::new(tr("views.move_down"))).clicked() {
            cmds.push(AppCommand::MoveView(i, Shift::Down));
        }
        if ui.button(tr("views.export")).clicked() {
            cmds.push(AppCommand::OpenDialog(DialogKind::ExportView(i)));
        }
        ui.separator();
        if ui.button(tr("views.delete")).clicked() {
            cmds.push(AppCommand::DeleteView(i));
        }
    });
}

/// The View menu's part: save, import, and each view with its shortcut.
pub fn views_menu_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    if ui.add_enabled(state.month.is_some(), egui::Button::new(tr("views.save_as"))).clicked() {
        open_save_window(ui_state);
    }
    if ui.button(tr("views.import")).clicked() {
        cmds.push(AppCommand::OpenDialog(DialogKind::ImportView));
    }
    ui.menu_button(tr("views.apply_menu"), |ui| {
        for (i, view) in state.settings.views.iter().enumerate() {
            let mut button = egui::Button::new(view_name(view));
            if let Some(keys) = shortcut_text(i) {
                button = button.shortcut_text(keys);
            }
            if ui.add_enabled(state.month.is_some(), button).clicked() {
                cmds.push(AppCommand::ApplyView(i));
            }
        }
    });
}

/// "Save view as...": a name, then Save (or Enter).
pub fn save_view_window_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let ctx = ui.ctx().clone();
    let mut open = ui_state.show_save_view;
    let mut done = false;
    egui::Window::new(tr("views.save_title"))
        .id(egui::Id::unique("save_view_window"))
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .show(&ctx, |ui| {
            ui.label(tr("views.save_hint"));
            let label = ui.label(tr("views.name"));
            let edit = ui.add(egui::TextEdit::singleline(&mut ui_state.view_name).desired_width(280.0));
            let edit = edit.labelled_by(label.id);
            if !edit.has_focus() && ui_state.view_name.is_empty() {
                edit.request_focus();
            }
            let name = ui_state.view_name.trim().to_string();
            let taken = state.settings.views.iter().any(|v| view_name(v) == name);
            if taken {
                ui.weak(tr("views.name_taken"));
            }
            ui.horizontal(|ui| {
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let save =
                    ui.add_enabled(!name.is_empty() && state.month.is_some(), egui::Button::new(tr("views.save")));
                if (save.clicked() || enter) && !name.is_empty() {
                    cmds.push(AppCommand::SaveViewAs(name.clone()));
                    done = true;
                }
                if ui.button(tr("views.cancel")).clicked() {
                    done = true;
                }
            });
        });
    ui_state.show_save_view = open && !done;
}
