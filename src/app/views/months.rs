//! The Months strip (every month of the library: a click shows it, Shift+click compares
//! it with the month on screen), the question "which month is this?" for files opened,
//! and the Library window (months, sizes, files, remove, open the folder).

use eframe::egui;

use super::super::command::AppCommand;
use super::super::library_state::{KeepPrompt, LibraryKind};
use super::super::state::{AppState, UiState};
use super::super::tokens;
use crate::engine::library::{Month, Replace};
use crate::output::i18n::{self, t, tr};
use crate::output::library::month_name;

/// "Nov 2026", "nov. 2026".
pub fn short_month(month: Month) -> String {
    t!("month.short_name", month = tr(&format!("month.short.{}", month.month)), year = month.year).into_owned()
}

/// Where the Months strip is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StripPlace {
    /// A row of its own under the top bar, where the window is tall enough.
    Row,
    /// In the top bar, in the room the files' names had (they are in the month's tooltip).
    TopBar,
}

/// Windows at least this tall (points) give the Months strip a row of its own.
pub const STRIP_ROW_MIN_HEIGHT: f32 = 820.0;

/// Whether the window is tall enough for the strip's own row.
pub fn strip_has_row(ctx: &egui::Context) -> bool {
    ctx.content_rect().height() >= STRIP_ROW_MIN_HEIGHT
}

/// The library's months, the one on screen selected, with Trends and Library.
pub fn months_strip_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    ui_state: &mut UiState,
    place: StripPlace,
    cmds: &mut Vec<AppCommand>,
) {
    match place {
        StripPlace::Row => {
            ui.horizontal(|ui| {
                ui.weak(tr("months.title")).on_hover_text(tr("tip.months"));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    strip_buttons_ui(ui, state, ui_state);
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| months_ui(ui, state, cmds));
                });
            });
        }
        StripPlace::TopBar => {
            strip_buttons_ui(ui, state, ui_state);
            months_ui(ui, state, cmds);
        }
    }
}

fn strip_buttons_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState) {
    let lib = &state.library;
    let trends = ui.add_enabled(lib.listing.entries.len() > 1, egui::Button::new(tr("months.trends")).small());
    if trends.on_hover_text(tr("tip.trends")).on_disabled_hover_text(tr("disabled.trends")).clicked() {
        ui_state.show_trends = !ui_state.show_trends;
    }
    if ui.add(egui::Button::new(tr("months.library")).small()).on_hover_text(tr("tip.library")).clicked() {
        ui_state.show_library = true;
    }
    let working = [
        lib.trend_task.as_ref().map(|t| &t.label),
        lib.keeping.as_ref().map(|t| &t.label),
        lib.listing_task.as_ref().map(|t| &t.label),
    ];
    if let Some(label) = working.into_iter().flatten().next() {
        ui.add(egui::Spinner::new()).on_hover_text(label);
    }
}

/// The months, scrolled in the room there is, the latest in view.
fn months_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let compared = state.compare.as_ref().and_then(|c| c.before_request.library_month);
    // no room left (a narrow window): the months are under File > Library and Alt+arrows
    let room = ui.available_width() - 4.0;
    if room < 60.0 {
        return;
    }
    // whole buttons only: the shown month, then newer ones, then older ones, while they fit
    // (the others are a click on Library… or Alt+arrows away)
    let gap = 2.0;
    let padding = ui.spacing().button_padding.x * 2.0;
    let widths: Vec<f32> = state
        .library
        .listing
        .entries
        .iter()
        .map(|entry| {
            let galley = ui.painter().layout_no_wrap(
                short_month(entry.month),
                egui::TextStyle::Button.resolve(ui.style()),
                egui::Color32::PLACEHOLDER,
            );
            galley.size().x + padding
        })
        .collect();
    let shown = state.library.listing.entries.iter().position(|e| Some(e.month) == state.library.shown);
    let visible = visible_months(&widths, shown, room, gap);
    if let (true, Some(month)) = (visible.is_empty(), state.library.shown) {
        // not even its button fits: the shown month's name, cut with an ellipsis, whole on hover
        ui.add(egui::Label::new(egui::RichText::new(short_month(month)).strong()).truncate())
            .on_hover_text(month_name(month));
        return;
    }
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = gap;
        for entry in &state.library.listing.entries[visible] {
            month_button_ui(ui, state, entry.month, compared, cmds);
        }
    });
}

/// The months whose buttons (`widths`, oldest first) fit `room` whole: from the shown one (or
/// the newest), newer ones first, then older ones.
fn visible_months(widths: &[f32], shown: Option<usize>, room: f32, gap: f32) -> std::ops::Range<usize> {
    let Some(last) = widths.len().checked_sub(1) else { return 0..0 };
    let from = shown.unwrap_or(last).min(last);
    if widths[from] > room {
        return from..from;
    }
    let (mut start, mut end, mut used) = (from, from + 1, widths[from]);
    while end < widths.len() && used + gap + widths[end] <= room {
        used += gap + widths[end];
        end += 1;
    }
    while start > 0 && used + gap + widths[start - 1] <= room {
        start -= 1;
        used += gap + widths[start];
    }
    start..end
}

fn month_button_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    month: Month,
    compared: Option<Month>,
    cmds: &mut Vec<AppCommand>,
) {
    let shown = state.library.shown == Some(month);
    let before = compared == Some(month);
    let mut text = egui::RichText::new(short_month(month));
    if before {
        text = text.italics();
    }
    let tip = if before {
        t!("tip.month_compared", month = month_name(month))
    } else {
        t!("tip.month", month = month_name(month))
    };
    let response = ui.selectable_label(shown || before, text).on_hover_text(tip);
    if response.clicked() && !shown {
        if ui.input(|i| i.modifiers.shift) && state.month.is_some() {
            cmds.push(AppCommand::CompareLibraryMonth(month));
        } else {
            cmds.push(AppCommand::OpenLibraryMonth(month));
        }
    }
}

/// "Which month is this?": files opened whose data does not say.
pub fn keep_prompt_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let Some(prompt) = &state.library.prompt else { return };
    let ctx = ui.ctx().clone();
    egui::Window::new(tr("keep.title"))
        .id(egui::Id::unique("keep_prompt"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -40.0))
        .show(&ctx, |ui| keep_prompt_body(ui, state, prompt, ui_state, cmds));
}

fn keep_prompt_body(
    ui: &mut egui::Ui,
    state: &AppState,
    prompt: &KeepPrompt,
    ui_state: &mut UiState,
    cmds: &mut Vec<AppCommand>,
) {
    ui.label(tr("keep.question"));
    if ui_state.keep_month_text.is_empty() {
        ui_state.keep_month_text = prompt.month_text.clone();
    }
    let typed = Month::parse(&ui_state.keep_month_text).filter(|m| m.key() == ui_state.keep_month_text.trim());
    ui.horizontal(|ui| {
        let label = ui.label(tr("keep.month"));
        ui.add(egui::TextEdit::singleline(&mut ui_state.keep_month_text).desired_width(80.0).hint_text("YYYY-MM"))
            .labelled_by(label.id)
            .on_hover_text(tr("tip.keep_month"));
        match typed {
            Some(month) => ui.weak(month_name(month)),
            None => ui.colored_label(tokens::warning(ui.visuals()), tr("keep.not_a_month")),
        };
    });
    let replaces = typed.is_some_and(|m| state.library.listing.entry(m).is_some());
    if replaces {
        ui.colored_label(tokens::warning(ui.visuals()), tr("keep.replaces"));
    }
    ui.horizontal(|ui| {
        let label = if replaces { tr("keep.replace") } else { tr("keep.keep") };
        if ui.add_enabled(typed.is_some(), egui::Button::new(label)).clicked()
            && let Some(month) = typed
        {
            let replace = if replaces { Replace::Replace } else { Replace::Refuse };
            cmds.push(AppCommand::KeepMonth(month, replace));
            ui_state.keep_month_text.clear();
        }
        if ui.button(tr("keep.not_now")).on_hover_text(tr("tip.keep_not_now")).clicked() {
            cmds.push(AppCommand::DismissKeep);
            ui_state.keep_month_text.clear();
        }
    });
    let mut keep = state.settings.keep_in_library;
    if ui.checkbox(&mut keep, tr("keep.always")).on_hover_text(tr("tip.keep_always")).changed() {
        cmds.push(AppCommand::SetKeepInLibrary(keep));
    }
}

/// The Library window: the months kept, their sizes and files; remove one; open the folder.
pub fn library_window_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let ctx = ui.ctx().clone();
    let mut open = ui_state.show_library;
    egui::Window::new(tr("library.title"))
        .id(egui::Id::unique("library_window"))
        .open(&mut open)
        .collapsible(false)
        .default_size([560.0, 420.0])
        .vscroll(true)
        .show(&ctx, |ui| library_body(ui, state, ui_state, cmds));
    ui_state.show_library = open;
}

fn library_body(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let lib = &state.library;
    let root = lib.library(lib.active).map(|l| l.root.display().to_string()).unwrap_or_default();
    ui.horizontal(|ui| {
        ui.weak(t!("library.heading", path = root));
        if ui.small_button(tr("library.open_folder")).on_hover_text(tr("tip.library_folder")).clicked() {
            cmds.push(AppCommand::OpenLibraryFolder);
        }
        if lib.active == LibraryKind::User
            && ui.small_button(tr("library.change_folder")).on_hover_text(tr("tip.library_change_folder")).clicked()
        {
            cmds.push(AppCommand::OpenDialog(crate::app::tasks::DialogKind::LibraryFolder));
        }
    });
    if lib.active == LibraryKind::Sample {
        ui.colored_label(tokens::sample_badge(ui.visuals()), tr("library.sample_note"));
    }
    let mut keep = state.settings.keep_in_library;
    if ui.checkbox(&mut keep, tr("keep.always")).on_hover_text(tr("tip.keep_always")).changed() {
        cmds.push(AppCommand::SetKeepInLibrary(keep));
    }
    ui.separator();
    if lib.listing.entries.is_empty() {
        ui.label(tr("library.empty_app"));
    }
    egui::Grid::new("library_months").num_columns(5).striped(true).spacing([12.0, 6.0]).show(ui, |ui| {
        for entry in lib.listing.entries.iter().rev() {
            let m = &entry.manifest;
            ui.strong(month_name(entry.month));
            ui.label(i18n::format_bytes(entry.bytes));
            ui.label(t!(
                &i18n::plural("library.predictions", m.counts.predictions),
                count = i18n::format_count(m.counts.predictions)
            ));
            let files: Vec<&str> = m.files.iter().map(|f| f.name.as_str()).collect();
            ui.label(t!(&i18n::plural("library.files", files.len()), count = files.len()))
                .on_hover_text(files.join("\n"));
            ui.horizontal(|ui| {
                if ui.small_button(tr("library.open")).clicked() {
                    cmds.push(AppCommand::OpenLibraryMonth(entry.month));
                }
                if lib.active == LibraryKind::User {
                    let armed = ui_state.removing_month == Some(entry.month);
                    let label = if armed { tr("library.remove_confirm") } else { tr("library.remove") };
                    if ui.small_button(label).on_hover_text(tr("tip.library_remove")).clicked() {
                        if armed {
                            cmds.push(AppCommand::RemoveLibraryMonth(entry.month));
                            ui_state.removing_month = None;
                        } else {
                            ui_state.removing_month = Some(entry.month);
                        }
                    }
                }
            });
            ui.end_row();
        }
    });
    for (name, damage) in &lib.listing.damaged {
        use crate::output::messages::Words;
        ui.colored_label(tokens::warning(ui.visuals()), t!("library.damaged", entry = name, detail = damage.words()));
    }
}

#[cfg(test)]
mod tests {
    use super::visible_months;

    #[test]
    fn whole_buttons_from_the_shown_month_newer_first() {
        let widths = [60.0; 6];
        // room for two (60 + 2 + 60): the shown month and the next newer one
        assert_eq!(visible_months(&widths, Some(2), 122.0, 2.0), 2..4);
        // the newest shown: the older ones before it
        assert_eq!(visible_months(&widths, Some(5), 190.0, 2.0), 3..6);
        // nothing shown (a month outside the library): from the newest
        assert_eq!(visible_months(&widths, None, 130.0, 2.0), 4..6);
        // not even the shown one fits: none, rather than a cut button
        assert_eq!(visible_months(&widths, Some(1), 50.0, 2.0), 1..1);
        assert_eq!(visible_months(&[], None, 500.0, 2.0), 0..0);
    }
}
