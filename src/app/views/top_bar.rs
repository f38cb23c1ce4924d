//! The menu bar and the line under it: file, sheet, as-of date, rules, theme.

use crate::output::messages::Words;
use eframe::egui;

use super::super::command::AppCommand;
use super::super::settings::ThemeChoice;
use super::super::state::{AppState, UiState};
use super::super::tasks::DialogKind;
use super::super::tokens;
use crate::engine::Rules;
use crate::output::i18n::{self, LANGUAGES, t, tr};

pub fn top_bar_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(tr("menu.file"), |ui| file_menu_ui(ui, state, ui_state, cmds));
        ui.menu_button(tr("menu.view"), |ui| view_menu_ui(ui, state, ui_state, cmds));
        ui.menu_button(tr("menu.rules"), |ui| rules_menu_ui(ui, state, ui_state, cmds));
        ui.menu_button(tr("menu.help"), |ui| {
            if ui.add(egui::Button::new(tr("menu.help_contents")).shortcut_text("F1")).clicked() {
                ui_state.show_help = true;
            }
            if ui.button(tr("menu.about")).clicked() {
                ui_state.show_about = true;
            }
        });
    });
    let Some(month) = &state.month else { return };
    let d = &month.session.derived;
    // the right-hand group's width from the last frame: the title takes the room left of it,
    // and every widget is added in reading order, so Tab goes Open…, the title, As of, Rules
    let right_id = egui::Id::unique("top_bar_right_width");
    let [right_width] = super::sizes::last_frame(ui.ctx(), right_id).unwrap_or([RIGHT_GUESS]);
    ui.horizontal(|ui| {
        // narrow windows (1024 px, French): the theme stays in View > Theme, the fiscal
        // year's dates go to its tooltip, so the date and the rules keep their room
        let compact = ui.available_width() < COMPACT_BELOW;
        if ui.button(tr("top.open")).on_hover_text(tr("tip.open_files")).clicked() {
            cmds.push(AppCommand::OpenDialog(DialogKind::OpenFiles));
        }
        if month.is_sample {
            ui.label(egui::RichText::new(tr("top.sample")).strong().color(tokens::sample_badge(ui.visuals())))
                .on_hover_text(tr("tip.sample"));
        }
        month_name_ui(ui, state, month, compact);
        let title_width = (ui.available_width() - right_width - ui.spacing().item_spacing.x).max(0.0);
        let height = ui.spacing().interact_size.y;
        ui.allocate_ui_with_layout(
            egui::vec2(title_width, height),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(title_width);
                files_title_ui(ui, state, ui_state, month, cmds);
            },
        );
        let right_start = ui.cursor().min.x;
        as_of_ui(ui, ui_state, d, cmds);
        ui.separator();
        let fiscal_year = t!(
            "top.fiscal_year",
            fy = d.fiscal_year.words(),
            start = i18n::format_date(d.fiscal_year.start),
            end = i18n::format_date(d.fiscal_year.end)
        );
        if compact {
            ui.weak(d.fiscal_year.words()).on_hover_text(fiscal_year);
        } else {
            ui.weak(fiscal_year);
        }
        ui.separator();
        if ui.link(t!("top.rules", name = i18n::rules_name(&d.rules))).on_hover_text(tr("tip.rules")).clicked() {
            ui_state.show_rules = true;
        }
        if !compact {
            ui.separator();
            theme_switch_ui(ui, state, cmds);
        }
        let used = ui.min_rect().max.x - right_start;
        let why = "the top bar's right-hand group changed width";
        super::sizes::keep_measure(ui.ctx(), right_id, [right_width], [used], why);
    });
    if ui_state.as_of_error {
        // a line of its own under the bar: whole at any width
        ui.colored_label(
            tokens::warning(ui.visuals()),
            t!("top.bad_date", hint = i18n::date_hint(), date = i18n::format_date(d.as_of)),
        );
    }
}

/// The month on screen by name ("November 2026"), its files in the tooltip; on a narrow
/// window with the Months strip in the top bar, the strip's selected month names it.
fn month_name_ui(ui: &mut egui::Ui, state: &AppState, month: &super::super::state::Month, compact: bool) {
    let named_by_strip =
        compact && !state.library.listing.entries.is_empty() && !super::months::strip_has_row(ui.ctx());
    if let Some(shown) = state.library.shown.filter(|_| !named_by_strip) {
        let files: Vec<&str> = month.session.data.files.iter().map(|f| f.name.as_str()).collect();
        ui.strong(crate::output::library::month_name(shown)).on_hover_text(files.join("\n"));
    }
}

/// Below this width the top bar keeps only what is needed (see `top_bar_ui`).
const COMPACT_BELOW: f32 = 1200.0;
/// The right-hand group's width before it was first measured (the first frame is redrawn).
const RIGHT_GUESS: f32 = 480.0;

/// The files' names (or, with a library, its months) in the room left of the date and rules.
fn files_title_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    ui_state: &mut UiState,
    month: &super::super::state::Month,
    cmds: &mut Vec<AppCommand>,
) {
    // with a library: its months in the room the files' names had (they are in the month's
    // tooltip)
    if !state.library.listing.entries.is_empty() && !super::months::strip_has_row(ui.ctx()) {
        super::months::months_strip_ui(ui, state, ui_state, super::months::StripPlace::TopBar, cmds);
        return;
    }
    let files = &month.session.data.files;
    let title = if files.len() > 1 {
        t!("top.files", count = files.len(), first = files[0].name.clone()).into_owned()
    } else {
        month.title.clone()
    };
    let sheets: Vec<String> = month
        .session
        .data
        .report
        .files
        .iter()
        .flat_map(|f| f.tables.iter().map(move |t| format!("{} / {}", f.path, t.sheet)))
        .collect();
    ui.add(egui::Label::new(egui::RichText::new(title).strong()).truncate())
        .on_hover_text(t!("tip.sheets", sheets = sheets.join("\n")));
}

/// "As of" and its date field; a date is taken when complete or when the field loses focus.
fn as_of_ui(ui: &mut egui::Ui, ui_state: &mut UiState, d: &crate::engine::Derived, cmds: &mut Vec<AppCommand>) {
    let as_of_label = ui.label(tr("top.as_of"));
    let response =
        ui.add(egui::TextEdit::singleline(&mut ui_state.as_of_text).desired_width(92.0).hint_text(i18n::date_hint()));
    let response = response.labelled_by(as_of_label.id).on_hover_text(tr("tip.as_of"));
    let parsed = i18n::parse_date(&ui_state.as_of_text);
    if response.lost_focus() || (response.changed() && parsed.is_some() && ui_state.as_of_text.trim().len() == 10) {
        match parsed {
            Some(date) => {
                ui_state.as_of_error = false;
                if date != d.as_of {
                    cmds.push(AppCommand::SetAsOf(date));
                }
            }
            // the text stays for the user to correct, and says why it was not taken
            None if response.lost_focus() => ui_state.as_of_error = true,
            None => {}
        }
    }
}

fn file_menu_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    if ui
        .add(egui::Button::new(tr("menu.open_files")).shortcut_text("Ctrl+O"))
        .on_hover_text(tr("tip.open_files"))
        .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::OpenFiles));
    }
    if ui
        .add(egui::Button::new(tr("menu.open_folder")).shortcut_text("Ctrl+Alt+O"))
        .on_hover_text(tr("tip.open_folder"))
        .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::OpenFolder));
    }
    if ui.button(tr("menu.open_sample")).on_hover_text(tr("tip.open_sample")).clicked() {
        cmds.push(AppCommand::OpenSample);
    }
    ui.menu_button(tr("menu.recent"), |ui| {
        if state.settings.recent.is_empty() {
            ui.weak(tr("menu.recent_none"));
        }
        for paths in &state.settings.recent {
            let label = paths
                .iter()
                .map(|p| {
                    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
                })
                .collect::<Vec<_>>()
                .join(", ");
            let full = paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("\n");
            if ui.button(label).on_hover_text(full).clicked() {
                cmds.push(AppCommand::OpenPaths(paths.clone()));
            }
        }
    });
    library_menu_ui(ui, state, ui_state);
    ui.separator();
    let can_compare = state.month.is_some() && state.comparing.is_none();
    if ui
        .add_enabled(can_compare, egui::Button::new(tr("menu.compare_with")).shortcut_text("Ctrl+Shift+O"))
        .on_hover_text(tr("tip.compare_with"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Month))
        .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::CompareFiles));
    }
    if ui
        .add_enabled(can_compare, egui::Button::new(tr("menu.compare_with_folder")))
        .on_hover_text(tr("tip.compare_with"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Month))
        .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::CompareFolder));
    }
    if ui
        .add_enabled(state.compare.is_some() && state.comparing.is_none(), egui::Button::new(tr("compare.swap")))
        .on_hover_text(tr("tip.swap_months"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Comparison))
        .clicked()
    {
        cmds.push(AppCommand::SwapMonths);
    }
    if ui
        .add_enabled(state.compare.is_some(), egui::Button::new(tr("compare.close")))
        .on_hover_text(tr("tip.close_comparison"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Comparison))
        .clicked()
    {
        cmds.push(AppCommand::CloseComparison);
    }
    ui.separator();
    let can_save = state.month.is_some() && state.exporting.is_none();
    if ui
        .add_enabled(can_save, egui::Button::new(tr("menu.save_targets")).shortcut_text("Ctrl+S"))
        .on_hover_text(tr("tip.save_targets"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Month))
        .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::SaveTargets));
    }
    if ui
        .add_enabled(
            state.compare.is_some() && state.exporting.is_none(),
            egui::Button::new(tr("menu.save_movers")).shortcut_text("Ctrl+Shift+S"),
        )
        .on_hover_text(tr("tip.save_movers"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Comparison))
        .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::SaveMovers));
    }
    save_report_ui(ui, state, can_save, cmds);
    ui.separator();
    if ui.add(egui::Button::new(tr("menu.quit")).shortcut_text("Ctrl+Q")).clicked() {
        cmds.push(AppCommand::Quit);
    }
}

/// File > Library... (Ctrl+L) and Trends (Ctrl+T).
fn library_menu_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState) {
    if ui.add(egui::Button::new(tr("menu.library")).shortcut_text("Ctrl+L")).on_hover_text(tr("tip.library")).clicked()
    {
        ui_state.show_library = true;
    }
    let trends = egui::Button::new(tr("menu.trends")).shortcut_text("Ctrl+T");
    if ui
        .add_enabled(state.library.listing.entries.len() > 1, trends)
        .on_hover_text(tr("tip.trends"))
        .on_disabled_hover_text(tr("disabled.trends"))
        .clicked()
    {
        ui_state.show_trends = true;
    }
}

/// File > Save report as PDF (Ctrl+P).
fn save_report_ui(ui: &mut egui::Ui, state: &AppState, can_save: bool, cmds: &mut Vec<AppCommand>) {
    let button = egui::Button::new(tr("menu.save_report")).shortcut_text("Ctrl+P");
    if ui
        .add_enabled(can_save && state.reporting.is_none(), button)
        .on_hover_text(tr("tip.save_report"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Month))
        .clicked()
    {
        cmds.push(AppCommand::OpenDialog(DialogKind::SaveReport));
    }
}

fn view_menu_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let has_month = state.month.is_some();
    super::saved_views::views_menu_ui(ui, state, ui_state, cmds);
    ui.separator();
    if ui
        .add_enabled(has_month, egui::Button::new(tr("menu.load_report")))
        .on_hover_text(tr("tip.load_report"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Month))
        .clicked()
    {
        ui_state.show_report = true;
    }
    if ui
        .add_enabled(has_month, egui::Button::new(tr("menu.columns")))
        .on_hover_text(tr("tip.columns"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Month))
        .clicked()
    {
        ui_state.show_columns = true;
    }
    if ui
        .add_enabled(has_month || state.failure.is_some(), egui::Button::new(tr("menu.mapping")))
        .on_hover_text(tr("tip.mapping"))
        .on_disabled_hover_text(disabled_reason(state, Needs::Month))
        .clicked()
    {
        ui_state.show_mapping = true;
    }
    ui.separator();
    ui.menu_button(tr("menu.language"), |ui| {
        let current = i18n::language();
        for (code, name) in LANGUAGES {
            if ui.radio(current == code, name).clicked() {
                cmds.push(AppCommand::SetLanguage(code.to_string()));
            }
        }
    });
    ui.menu_button(tr("menu.memory_limit"), |ui| {
        ui.weak(tr("menu.memory_limit.what"));
        let automatic = crate::engine::load::default_max_bytes() >> 30;
        let current = state.settings.memory_limit_gb;
        let label = t!("menu.memory_limit.automatic", gb = automatic.max(1));
        if ui.radio(current.is_none(), label).clicked() {
            cmds.push(AppCommand::SetMemoryLimit(None));
        }
        for gb in [1, 2, 4, 8, 16, 32] {
            if ui.radio(current == Some(gb), t!("menu.memory_limit.gb", gb = gb)).clicked() {
                cmds.push(AppCommand::SetMemoryLimit(Some(gb)));
            }
        }
    });
    ui.menu_button(tr("menu.renderer"), |ui| renderer_menu_ui(ui, state, cmds));
    ui.menu_button(tr("menu.theme"), |ui| {
        for (choice, key) in [
            (ThemeChoice::System, "theme.system"),
            (ThemeChoice::Light, "theme.light"),
            (ThemeChoice::Dark, "theme.dark"),
        ] {
            if ui.radio(state.settings.theme == choice, tr(key)).clicked() {
                cmds.push(AppCommand::SetTheme(choice));
            }
        }
    });
}

/// View > Renderer: Automatic, or one of this build's renderers; from the next start.
fn renderer_menu_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    use super::super::renderer::{self, RendererChoice};
    ui.weak(tr("menu.renderer.what"));
    let current = state.settings.renderer;
    if ui.radio(current == RendererChoice::Automatic, tr("menu.renderer.automatic")).clicked() {
        cmds.push(AppCommand::SetRenderer(RendererChoice::Automatic));
    }
    for r in renderer::BUILT {
        let choice = RendererChoice::from(*r);
        if ui.radio(current == choice, r.words()).clicked() {
            cmds.push(AppCommand::SetRenderer(choice));
        }
    }
}

fn rules_menu_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    if ui.add(egui::Button::new(tr("menu.edit_rules")).shortcut_text("Ctrl+R")).clicked() {
        ui_state.show_rules = true;
    }
    ui.menu_button(tr("menu.built_in_rules"), |ui| {
        for rules in Rules::built_in() {
            let selected = state.settings.rules == rules;
            if ui.radio(selected, i18n::rules_name(&rules)).clicked() {
                cmds.push(AppCommand::SetRules(rules));
            }
        }
    });
    if ui.button(tr("menu.load_rules")).clicked() {
        cmds.push(AppCommand::OpenDialog(DialogKind::LoadRules));
    }
    if ui.button(tr("menu.save_rules")).clicked() {
        cmds.push(AppCommand::OpenDialog(DialogKind::SaveRules));
    }
    if ui.button(tr("menu.reset_rules")).clicked() {
        cmds.push(AppCommand::SetRules(Rules::default()));
    }
}

fn theme_switch_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let current = state.settings.theme;
    for (choice, key) in [
        (ThemeChoice::System, "theme.system_short"),
        (ThemeChoice::Light, "theme.light"),
        (ThemeChoice::Dark, "theme.dark"),
    ] {
        if ui.selectable_label(current == choice, tr(key)).on_hover_text(tr("tip.theme")).clicked() {
            cmds.push(AppCommand::SetTheme(choice));
        }
    }
}

/// What a command needs before it can run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    Month,
    Comparison,
}

/// Why a menu command is greyed out, shown on hover.
fn disabled_reason(state: &AppState, needs: Needs) -> String {
    if state.exporting.is_some() {
        tr("disabled.saving")
    } else if state.comparing.is_some() || state.loading.is_some() {
        tr("disabled.loading")
    } else if state.month.is_none() {
        tr("disabled.no_month")
    } else if needs == Needs::Comparison && state.compare.is_none() {
        tr("disabled.no_comparison")
    } else {
        String::new()
    }
}
