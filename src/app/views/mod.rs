//! The views: functions that draw the state and return commands. None mutates the model.

pub mod accounts;
pub mod cards;
pub mod charts;
pub mod compare_table;
pub mod dashboard;
pub mod details;
pub mod filters;
pub mod matrix;
pub mod months;
pub mod saved_views;
pub mod sizes;
pub mod table;
pub mod toolbar;
pub mod top_bar;
pub mod transitions;
pub mod trends;
pub mod windows;

use super::smoke;
use super::state::NoticeKind;
use eframe::egui;

use super::accounts::TableLines;
use super::command::AppCommand;
use super::state::{AppState, UiState};
use super::tokens;
use crate::output::i18n::{t, tr};

/// Whether the details of a selected row sit in a panel beside the dashboard (wide windows)
/// rather than float over the table.
pub fn details_beside(ctx: &egui::Context) -> bool {
    ctx.content_rect().width() >= tokens::DETAILS_BESIDE_MIN_WIDTH
}

/// Where the table starts this frame, for the floating details to cover it.
fn table_top_id() -> egui::Id {
    egui::Id::unique("table_top")
}

/// The whole window.
pub fn app_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    egui::Panel::top("top_bar").show(ui, |ui| top_bar::top_bar_ui(ui, state, ui_state, cmds));
    if state.month.is_some() && !state.library.listing.entries.is_empty() && months::strip_has_row(ui.ctx()) {
        egui::Panel::top("months_strip").show(ui, |ui| {
            months::months_strip_ui(ui, state, ui_state, months::StripPlace::Row, cmds);
        });
    }
    egui::Panel::bottom("status_bar").show(ui, |ui| status_ui(ui, state, cmds));
    if let Some(month) = &state.month {
        egui::Panel::left("filters")
            .default_size(tokens::FILTER_PANEL_WIDTH)
            .size_range(180.0..=tokens::FILTER_PANEL_WIDTH * 1.8)
            .resizable(true)
            .show(ui, |ui| filters::filters_ui(ui, state, month, ui_state, cmds));
        let details_beside = details_beside(ui.ctx());
        let selected = selected_details(state);
        if let Some(selected) = selected
            && details_beside
        {
            egui::Panel::right("details")
                .default_size(tokens::DETAILS_PANEL_WIDTH)
                .size_range(260.0..=tokens::DETAILS_PANEL_WIDTH * 1.6)
                .resizable(true)
                .show(ui, |ui| details_of(ui, state, month, selected, cmds));
        }
        egui::CentralPanel::default().show(ui, |ui| central_ui(ui, state, month, ui_state, cmds));
        if let Some(selected) = selected.filter(|_| !details_beside) {
            details_window_ui(ui, state, month, selected, cmds);
        }
    } else {
        egui::CentralPanel::default().show(ui, |ui| welcome_ui(ui, state, ui_state, cmds));
    }
    windows::windows_ui(ui, state, ui_state, cmds);
    months::keep_prompt_ui(ui, state, ui_state, cmds);
    months::library_window_ui(ui, state, ui_state, cmds);
    trends::trends_window_ui(ui, state, ui_state, cmds);
    saved_views::save_view_window_ui(ui, state, ui_state, cmds);
    file_dialog_ui(ui, ui_state, cmds);
}

/// The app's own file dialog, when open: its choice becomes the command the system's would have given.
fn file_dialog_ui(ui: &mut egui::Ui, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let Some(dialog) = ui_state.file_dialog.as_mut() else { return };
    match dialog.show(ui.ctx()) {
        super::file_dialog::DialogOutcome::Open => {}
        super::file_dialog::DialogOutcome::Cancelled => ui_state.file_dialog = None,
        super::file_dialog::DialogOutcome::Chosen(paths) => {
            ui_state.last_dir = paths.first().and_then(|p| p.parent()).map(std::path::Path::to_path_buf);
            cmds.extend(AppCommand::chosen(dialog.kind, paths));
            ui_state.file_dialog = None;
        }
    }
}

/// What the details show: a prediction, or an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Selected {
    Prediction(u32),
    /// A customer of the month on screen.
    Account(u32),
}

/// The selection of the table mode in force.
fn selected_details(state: &AppState) -> Option<Selected> {
    match state.settings.table_mode {
        TableLines::Predictions => state.selected.map(Selected::Prediction),
        TableLines::Accounts => state.selected_account.map(Selected::Account),
    }
}

/// The selected prediction's details (in a comparison with its partner in the month
/// before), or the selected account's.
fn details_of(
    ui: &mut egui::Ui,
    state: &AppState,
    month: &super::state::Month,
    selected: Selected,
    cmds: &mut Vec<AppCommand>,
) {
    let selected = match selected {
        Selected::Prediction(i) => i,
        Selected::Account(customer) => {
            // in a comparison, as the month on screen sees the account
            return accounts::account_details_ui(ui, month, &state.accounts.accounts, customer, cmds);
        }
    };
    // in a comparison pair k of an after prediction is k itself (see Comparison::new)
    let before = state.compare.as_ref().map(|c| {
        let partner = c.cmp.before_row.get(selected as usize).copied();
        (&c.cmp.before, partner.filter(|&b| b != crate::engine::compare::NONE).map(|b| b as usize))
    });
    details::details_ui(ui, month, selected, before, cmds);
}

/// On windows too narrow for a panel beside the dashboard, the details float over the
/// table's right side: the cards, matrix and charts keep their room.
fn details_window_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    month: &super::state::Month,
    selected: Selected,
    cmds: &mut Vec<AppCommand>,
) {
    let screen = ui.ctx().content_rect();
    // over the table alone, never the cards nor the matrix (the table keeps eight rows, so
    // this is room for as many fields); it can be moved, and Esc or × closes it
    let table_top = ui.ctx().data(|d| d.get_temp::<f32>(table_top_id())).unwrap_or(screen.center().y);
    let height = (screen.bottom() - 40.0 - table_top).max(120.0);
    egui::Window::new(tr("details.title"))
        .id(egui::Id::unique("details_window"))
        .title_bar(false)
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .default_pos(screen.right_bottom() + egui::vec2(-8.0, -36.0))
        .fixed_size([tokens::DETAILS_PANEL_WIDTH.min(screen.width() * 0.45), height])
        .show(ui.ctx(), |ui| details_of(ui, state, month, selected, cmds));
}

/// The month: banners, the dashboard (scrolling within its share of the height when it
/// does not fit), the chips and toolbar, and the table.
fn central_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    month: &super::state::Month,
    ui_state: &mut UiState,
    cmds: &mut Vec<AppCommand>,
) {
    if let Some(failure) = &state.failure {
        failure_banner_ui(ui, failure, ui_state, cmds);
    }
    if let Some(c) = &state.compare {
        compare_banner_ui(ui, month, c, state, cmds);
    }
    let room = ui.available_height();
    // the chips and the toolbar as tall as last frame (they wrap on narrow windows)
    let between_id = egui::Id::unique("between_dashboard_and_table");
    let [between] = sizes::last_frame(ui.ctx(), between_id).unwrap_or([60.0]);
    // the charts grow into two thirds of the room, and never into the table's eight rows
    // (five in a window under 768 points tall, where the matrix would not stay whole)
    let table_min =
        if room >= tokens::ROOM_FOR_EIGHT_ROWS { tokens::TABLE_MIN_HEIGHT } else { tokens::TABLE_SHORT_HEIGHT };
    let most = (room * 0.64).min(room - between - table_min).max(150.0);
    egui::ScrollArea::both().id_salt("dashboard").max_height(most).auto_shrink([false, true]).show(ui, |ui| {
        let cards = ui.scope(|ui| {
            if state.compare.is_some() {
                let v = &state.compare_view;
                cards::compare_cards_ui(ui, &v.before_summary, &v.after_summary);
            } else {
                cards::cards_ui(ui, &state.view.summary, &state.view.whole);
            }
        });
        smoke::place(ui, smoke::Part::Cards, cards.response.rect);
        ui.add_space(tokens::SPACING / 2.0);
        matrix::cluster_buttons_ui(ui, &state.view.summary, state, cmds);
        ui.add_space(tokens::SPACING);
        dashboard::dashboard_ui(ui, month, state, cmds, most);
        crate::app::focus::keep_in_view(ui, crate::app::focus::Nesting::Outermost);
    });
    let dashboard_bottom = ui.cursor().top();
    ui.add_space(tokens::SPACING / 2.0);
    filters::chips_ui(ui, state, cmds);
    toolbar::toolbar_ui(ui, state, ui_state, cmds);
    ui.separator();
    let top = ui.cursor().top();
    sizes::keep_measure(ui.ctx(), between_id, [between], [top - dashboard_bottom], "the table's room changed");
    ui.ctx().data_mut(|d| d.insert_temp(table_top_id(), top));
    let table = egui::Rect::from_min_max(egui::pos2(ui.max_rect().left(), top), ui.max_rect().right_bottom());
    smoke::place(ui, smoke::Part::Table, table);
    match (&state.compare, state.settings.table_mode) {
        (Some(_), TableLines::Accounts) => accounts::account_moves_ui(ui, state, cmds),
        (Some(c), TableLines::Predictions) => compare_table::compare_table_ui(ui, month, c, state, cmds),
        (None, TableLines::Accounts) => accounts::accounts_table_ui(ui, month, state, cmds),
        (None, TableLines::Predictions) => table::table_ui(ui, month, state, cmds),
    }
}

/// Which months are compared, and how to leave the comparison.
fn compare_banner_ui(
    ui: &mut egui::Ui,
    month: &super::state::Month,
    c: &super::state::CompareState,
    state: &AppState,
    cmds: &mut Vec<AppCommand>,
) {
    egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.0, tokens::accent(ui.visuals()))).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(tokens::accent(ui.visuals()), tr("compare.banner"));
            let after = super::files::short_title(&month.session.data);
            let files =
                |d: &crate::engine::Dataset| d.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>().join("\n");
            ui.label(t!("compare.banner_months", before = c.before_title.clone(), after = after)).on_hover_text(
                format!(
                    "{}:\n{}\n\n{}:\n{}",
                    tr("compare.before"),
                    files(&c.cmp.before.data),
                    tr("compare.after"),
                    files(&month.session.data)
                ),
            );
            ui.weak(t!(
                "compare.banner_pairs",
                shown = crate::output::i18n::format_count(state.compare_view.pairs.len()),
                total = crate::output::i18n::format_count(c.cmp.len())
            ));
            // in the flow, after the words (on the next line where they would not fit), never
            // over them
            if ui.button(tr("compare.swap")).on_hover_text(tr("tip.swap_months")).clicked() {
                cmds.push(AppCommand::SwapMonths);
            }
            if ui.button(tr("compare.close")).on_hover_text(tr("tip.close_comparison")).clicked() {
                cmds.push(AppCommand::CloseComparison);
            }
        });
    });
}

fn failure_banner_ui(
    ui: &mut egui::Ui,
    failure: &super::state::LoadFailure,
    ui_state: &mut UiState,
    cmds: &mut Vec<AppCommand>,
) {
    egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.0, tokens::warning(ui.visuals()))).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.small_button("×").on_hover_text(tr("failure.dismiss")).clicked() {
                cmds.push(AppCommand::DismissFailure);
            }
            ui.colored_label(tokens::warning(ui.visuals()), tr("failure.title"));
            ui.label(&failure.message);
            map_columns_button(ui, failure, ui_state);
        });
    });
}

/// "Map columns…", where headers were seen that a mapping could use (not for a file that
/// is no spreadsheet, nor for an empty folder).
fn map_columns_button(ui: &mut egui::Ui, failure: &super::state::LoadFailure, ui_state: &mut UiState) {
    if !failure.headers_seen.is_empty()
        && ui.button(tr("failure.map_columns")).on_hover_text(tr("failure.map_columns_tip")).clicked()
    {
        ui_state.show_mapping = true;
    }
}

/// Before any month is loaded: the load in progress, or what went wrong, and how to open files.
fn welcome_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading(tr("app.title"));
        ui.add_space(tokens::SPACING);
        if let Some(task) = &state.loading {
            ui.label(&task.label);
            ui.add(egui::ProgressBar::new(task.progress).show_percentage().desired_width(320.0));
            ui.label(&task.detail);
        } else if let Some(failure) = &state.failure {
            ui.colored_label(tokens::warning(ui.visuals()), tr("failure.title"));
            ui.add(egui::Label::new(&failure.message).wrap());
            ui.add_space(tokens::SPACING);
            map_columns_button(ui, failure, ui_state);
        } else {
            ui.label(tr("welcome.text"));
        }
        ui.add_space(tokens::SPACING * 2.0);
        ui.horizontal(|ui| {
            ui.add_space((ui.available_width() - 420.0).max(0.0) / 2.0);
            if ui.button(tr("menu.open_files")).on_hover_text(tr("tip.open_files")).clicked() {
                cmds.push(AppCommand::OpenDialog(super::tasks::DialogKind::OpenFiles));
            }
            if ui.button(tr("menu.open_folder")).on_hover_text(tr("tip.open_folder")).clicked() {
                cmds.push(AppCommand::OpenDialog(super::tasks::DialogKind::OpenFolder));
            }
            if ui.button(tr("menu.open_sample")).on_hover_text(tr("tip.open_sample")).clicked() {
                cmds.push(AppCommand::OpenSample);
            }
        });
        ui.add_space(tokens::SPACING);
        ui.weak(tr("welcome.drop"));
    });
}

/// Progress of background work and notices. The month's counts keep their place on the
/// right; a notice too long for what is left is cut, with the whole text on hover.
fn status_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(month) = &state.month {
                let d = &month.session.data;
                ui.weak(t!(
                    &crate::output::i18n::plural("status.loaded", d.files.len()),
                    rows = crate::output::i18n::format_count(d.predictions.len()),
                    customers = crate::output::i18n::format_count(d.customers.len()),
                    files = d.files.len()
                ));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                work_ui(ui, state);
                notices_ui(ui, state, cmds);
            });
        });
    });
}

/// Background work under way, with its progress.
fn work_ui(ui: &mut egui::Ui, state: &AppState) {
    let tasks = [
        state.loading.as_ref().map(task_view),
        state.comparing.as_ref().map(task_view),
        state.exporting.as_ref().map(task_view),
        state.reporting.as_ref().map(task_view),
    ];
    for (label, progress, detail) in tasks.into_iter().flatten() {
        ui.spinner();
        ui.label(label);
        ui.add(egui::ProgressBar::new(progress).show_percentage().desired_width(160.0));
        if !detail.is_empty() {
            ui.weak(detail);
        }
        ui.separator();
    }
    if state.dialog.is_some() {
        ui.spinner();
        ui.label(tr("status.dialog"));
        ui.separator();
    }
}

fn task_view<T>(task: &super::tasks::Task<T>) -> (&str, f32, &str) {
    (&task.label, task.progress, &task.detail)
}

/// The last two notices, newest first, each with its dismiss button.
fn notices_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    for (i, notice) in state.notices.iter().enumerate().rev().take(2) {
        if ui.small_button("×").on_hover_text(tr("tip.dismiss")).clicked() {
            cmds.push(AppCommand::DismissNotice(i));
        }
        let text = egui::RichText::new(&notice.text);
        let text = if notice.kind == NoticeKind::Problem { text.color(tokens::warning(ui.visuals())) } else { text };
        ui.add(egui::Label::new(text).truncate()).on_hover_text(&notice.text);
    }
}

/// The window icon: the same picture as the desktop icon (packaging/icons).
pub fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../../packaging/icons/256x256.png")).unwrap_or_default()
}
