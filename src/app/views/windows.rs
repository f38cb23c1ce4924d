//! Windows over the main screen: rules editor, load report, column mapping, column
//! chooser, help and about.

use crate::output::messages::Words;
use eframe::egui;

use super::super::command::AppCommand;
use super::super::state::{AppState, ExportChoice, UiState};
use super::super::tasks::DialogKind;
use super::super::tokens;
use crate::engine::load::fields::Field;
use crate::engine::load::report::IssueKind;
use crate::engine::view::TableLines;
use crate::engine::{Band, Cluster, ClusterKey, MatrixCell, Rules};
use crate::output::export::{CrmPreset, SplitBy};
use crate::output::i18n::{self, t, tr};

/// A window centred on the screen the first time it opens (later where the user left it).
fn centred(title: String, id: &str, ctx: &egui::Context) -> egui::Window<'static> {
    egui::Window::new(title)
        .id(egui::Id::unique(id))
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .collapsible(false)
}

/// A window on the right, under the top bar, the first time it opens: beside the matrix and
/// the messages it is about, not over them.
fn on_the_right(title: String, id: &str, ctx: &egui::Context) -> egui::Window<'static> {
    egui::Window::new(title)
        .id(egui::Id::unique(id))
        .pivot(egui::Align2::RIGHT_TOP)
        .default_pos(ctx.content_rect().right_top() + egui::vec2(-12.0, 48.0))
        .collapsible(false)
}

pub fn windows_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let ctx = ui.ctx().clone();
    // beside the matrix it changes live (under its link, on the right), not over it
    let mut open = ui_state.show_rules;
    on_the_right(tr("rules.title"), "rules_window", &ctx)
        .open(&mut open)
        .resizable(false)
        .default_width(460.0)
        .show(&ctx, |ui| rules_ui(ui, state, ui_state, cmds));
    ui_state.show_rules = open;

    let mut open = ui_state.show_report;
    centred(tr("report_window.title"), "report_window", &ctx)
        .open(&mut open)
        .default_size([720.0, 520.0])
        .vscroll(true)
        .show(&ctx, |ui| report_ui(ui, state));
    ui_state.show_report = open;

    // beside what it is about (the error and its buttons), not over it
    let mut open = ui_state.show_mapping;
    on_the_right(tr("mapping.title"), "mapping_window", &ctx)
        .open(&mut open)
        .default_width(480.0)
        .vscroll(true)
        .show(&ctx, |ui| mapping_ui(ui, state, ui_state, cmds));
    ui_state.show_mapping = ui_state.show_mapping && open;

    let mut open = ui_state.show_columns;
    // its pivot stays at its top left every frame (egui keeps a window's position by its pivot):
    // under its button when opened there, else centred
    let size = egui::vec2(320.0, 420.0);
    let mut columns = egui::Window::new(tr("columns.title"))
        .id(egui::Id::unique("columns_window"))
        .default_pos(ctx.content_rect().center() - size / 2.0)
        .collapsible(false)
        .open(&mut open)
        .default_width(size.x)
        .default_height(size.y)
        .vscroll(true);
    if let Some(at) = ui_state.columns_at.take() {
        // under its button, the frame it is opened there (from the View menu: centred)
        columns = columns.current_pos(at);
    }
    columns.show(&ctx, |ui| columns_ui(ui, state, cmds));
    ui_state.show_columns = open;

    let mut open = ui_state.show_help;
    centred(tr("help.title"), "help_window", &ctx)
        .open(&mut open)
        .default_width(600.0)
        .default_height(560.0)
        .vscroll(true)
        .show(&ctx, help_ui);
    ui_state.show_help = open;

    let mut open = ui_state.show_about;
    centred(tr("about.title"), "about_window", &ctx).open(&mut open).resizable(false).show(&ctx, |ui| {
        ui.heading(format!("Ascent Viewer {}", env!("CARGO_PKG_VERSION")));
        ui.label(tr("about.text"));
        if let Some(d) = &state.drawing {
            ui.add_space(tokens::SPACING);
            let key = if d.software { "about.drawing_software" } else { "about.drawing" };
            ui.label(t!(key, renderer = d.renderer.words(), api = d.api.clone(), adapter = d.adapter.clone()));
        }
    });
    ui_state.show_about = open;
    ui_state.track_windows();
}

fn rules_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    let current = &state.settings.rules;
    let mut rules = current.clone();
    ui.label(t!("rules.in_force", name = i18n::rules_name(current)));
    ui.add_space(tokens::SPACING);
    ui.strong(tr("rules.bands"));
    egui::Grid::new("band_rules").num_columns(2).show(ui, |ui| {
        for (key, value, tip) in [
            ("export.band_high", &mut rules.bands.high, "tip.band_high"),
            ("export.band_medium", &mut rules.bands.medium, "tip.band_medium"),
            ("export.band_low", &mut rules.bands.low, "tip.band_low"),
        ] {
            let label = ui.label(tr(key));
            ui.add(number_field(value, 0.0..=100.0, 0.5, false)).labelled_by(label.id).on_hover_text(tr(tip));
            ui.end_row();
        }
    });
    ui.add_space(tokens::SPACING);
    ui.strong(tr("rules.segments"));
    egui::Grid::new("segment_rules").num_columns(2).show(ui, |ui| {
        let label = ui.label(tr("export.seg_azure"));
        ui.add(number_field(&mut rules.segments.azure_potential_over, 0.0..=1e9, 100.0, true)).labelled_by(label.id);
        ui.end_row();
        let label = ui.label(tr("export.seg_user"));
        ui.add(number_field(&mut rules.segments.user_based_employees_from, 1.0..=1e6, 1.0, false))
            .labelled_by(label.id);
        ui.end_row();
        let label = ui.label(tr("export.seg_mid"));
        ui.add(number_field(&mut rules.segments.mid_size_employees_from, 0.0..=1e6, 1.0, false)).labelled_by(label.id);
        ui.end_row();
    });
    ui.add_space(tokens::SPACING);
    ui.strong(tr("export.cell_map"));
    ui.weak(tr("rules.map_hint"));
    egui::Grid::new("cell_map").spacing([3.0, 3.0]).show(ui, |ui| {
        ui.label("");
        for intent in Band::ALL {
            ui.small(i18n::band_name(intent));
        }
        ui.end_row();
        for fit in Band::ALL {
            ui.small(i18n::band_name(fit));
            for intent in Band::ALL {
                let cell = MatrixCell::new(fit, intent);
                let cluster = rules.cluster_of(cell);
                let key = ClusterKey::from_cluster(Some(cluster));
                let fill = tokens::cluster_color(key);
                let label = format!("{} {}", cell.name(), i18n::cluster_name(key));
                let button = egui::Button::new(egui::RichText::new(&label).color(tokens::text_on(fill)).small())
                    .fill(fill)
                    .min_size([96.0, 24.0].into());
                let response = ui.add(button).on_hover_text(tr("tip.cell_map"));
                if response.clicked() {
                    // cycle Act now -> Evaluate -> Nurture -> Educate
                    let next = Cluster::from_index((cluster.index() + 1) % 4).unwrap_or(Cluster::ActNow);
                    rules.matrix.set(cell, next);
                }
                if response.secondary_clicked() {
                    let prev = Cluster::from_index((cluster.index() + 3) % 4).unwrap_or(Cluster::ActNow);
                    rules.matrix.set(cell, prev);
                }
            }
            ui.end_row();
        }
    });
    if !rules.is_monotone() {
        ui.colored_label(tokens::warning(ui.visuals()), tr("rules.not_monotone"));
    }
    if rules != *current {
        match rules.validate() {
            Err(problem) => {
                ui.colored_label(tokens::warning(ui.visuals()), problem.words());
            }
            Ok(()) => {
                // an edited built-in set is no longer that set
                if Rules::built_in().iter().any(|b| b.name == rules.name) {
                    rules.name = tr("rules.custom_name");
                }
                cmds.push(AppCommand::SetRules(rules));
            }
        }
    }
    ui.add_space(tokens::SPACING);
    rules_buttons_ui(ui, state, ui_state, cmds);
}

/// Reset (with its undo), load and save.
fn rules_buttons_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    ui.horizontal(|ui| {
        if ui.button(tr("menu.reset_rules")).on_hover_text(tr("tip.reset_rules")).clicked() {
            ui_state.rules_before_reset = Some(state.settings.rules.clone());
            cmds.push(AppCommand::SetRules(Rules::default()));
        }
        if let Some(before) = &ui_state.rules_before_reset
            && ui
                .button(tr("rules.undo_reset"))
                .on_hover_text(t!("tip.undo_reset", name = i18n::rules_name(before)))
                .clicked()
        {
            cmds.push(AppCommand::SetRules(before.clone()));
            ui_state.rules_before_reset = None;
        }
        if ui.button(tr("menu.load_rules")).clicked() {
            cmds.push(AppCommand::OpenDialog(DialogKind::LoadRules));
        }
        if ui.button(tr("menu.save_rules")).clicked() {
            cmds.push(AppCommand::OpenDialog(DialogKind::SaveRules));
        }
    });
}

fn report_ui(ui: &mut egui::Ui, state: &AppState) {
    let Some(month) = &state.month else { return };
    let report = &month.session.data.report;
    for file in &report.files {
        ui.heading(&file.path);
        for table in &file.tables {
            ui.label(t!(
                "report.table_line",
                sheet = table.sheet.clone(),
                row = table.header_row,
                shape = tr(&format!("shape.{}", table.shape.key())),
                rows = i18n::format_count(table.rows)
            ));
            if !table.products.is_empty() {
                ui.label(i18n::labelled(&tr("filters.products"), &table.products.join(", ")));
            }
            egui::CollapsingHeader::new(tr("report_window.mapping")).id_salt((&file.path, &table.sheet, "map")).show(
                ui,
                |ui| {
                    egui::Grid::new((&file.path, &table.sheet, "grid")).striped(true).show(ui, |ui| {
                        for m in &table.mapping {
                            ui.label(i18n::field_name(m.field));
                            ui.label(format!("{} ({})", m.header, m.column));
                            ui.end_row();
                        }
                        for g in &table.groups {
                            ui.label(&g.product);
                            let parts: Vec<String> =
                                [&g.fit, &g.intent, &g.cluster].iter().filter_map(|x| (*x).clone()).collect();
                            ui.label(parts.join(", "));
                            ui.end_row();
                        }
                    });
                    if !table.flag_columns.is_empty() {
                        ui.label(i18n::labelled(&tr("filters.flags"), &table.flag_columns.join(", ")));
                    }
                    if !table.other_columns.is_empty() {
                        ui.weak(i18n::labelled(&tr("report_window.other"), &table.other_columns.join(", ")));
                    }
                },
            );
            for scaled in &table.scaled_from_fraction {
                ui.label(t!("report.scaled", columns = scaled.clone()));
            }
            if let Some(rule) = table.open_rule {
                ui.label(rule.words());
            }
            if table.cells_outside > 0 {
                ui.weak(crate::output::summary_text::cells_outside_line(&file.path, &table.sheet, table.cells_outside));
            }
            if table.cells_not_read.count > 0 {
                ui.colored_label(
                    tokens::warning(ui.visuals()),
                    crate::output::summary_text::cells_not_read_line(&file.path, &table.sheet, &table.cells_not_read),
                );
            } else if table.unreadable.iter().all(|i| i.kind == IssueKind::NoValue) {
                ui.weak(tr("report_window.all_read"));
            }
            for issue in &table.unreadable {
                let examples: Vec<String> = issue
                    .examples
                    .iter()
                    .map(|e| format!("{} \"{}\" ({})", e.cell, e.value, tr(&format!("unreadable.{}", e.reason.key()))))
                    .collect();
                let line = format!(
                    "{} ({}): {} · {}",
                    issue.header,
                    issue.column,
                    i18n::format_count(issue.count),
                    examples.join(", ")
                );
                // "N/A" is expected in downloads: information in grey; only real problems in red
                match issue.kind {
                    IssueKind::Problem => ui.colored_label(tokens::warning(ui.visuals()), line),
                    IssueKind::NoValue => ui.weak(line),
                };
            }
            ui.separator();
        }
        for skipped in &file.skipped_sheets {
            ui.weak(t!("report.skipped_sheet", sheet = skipped.sheet.clone(), reason = skipped.words()));
        }
        for line in crate::output::summary_text::readers_lines(file) {
            ui.weak(line);
        }
    }
    for s in &report.skipped_files {
        ui.weak(t!("report.skipped_file", path = s.path.clone()));
    }
    for r in &report.repeated_files {
        ui.weak(t!("report.repeated_file", path = r.path.clone(), same_as = r.same_as.clone()));
    }
}

fn mapping_ui(ui: &mut egui::Ui, state: &AppState, ui_state: &mut UiState, cmds: &mut Vec<AppCommand>) {
    // the headers to choose from: the loaded tables', or those seen where nothing was found
    let mut headers: Vec<String> = Vec::new();
    let mut current: Vec<(Field, String)> = Vec::new();
    if let Some(failure) = &state.failure {
        headers = failure.headers_seen.clone();
        ui.colored_label(tokens::warning(ui.visuals()), tr("mapping.missing"));
    } else if let Some(month) = &state.month {
        for table in &month.session.data.tables {
            for h in &table.headers {
                if !headers.contains(h) {
                    headers.push(h.clone());
                }
            }
            for (f, c) in &table.mapping.fields {
                if !current.iter().any(|(g, _)| g == f) {
                    current.push((*f, table.headers[*c].clone()));
                }
            }
        }
        let has_customer = current.iter().any(|(f, _)| matches!(f, Field::CustomerId | Field::CustomerName));
        if !has_customer {
            ui.colored_label(tokens::warning(ui.visuals()), tr("mapping.no_customer"));
        }
    }
    ui.label(tr("mapping.explain"));
    ui.add_space(tokens::SPACING);
    egui::Grid::new("mapping_grid").num_columns(2).striped(true).show(ui, |ui| {
        for field in Field::ALL {
            let label = ui.label(i18n::field_name(field));
            let chosen = ui_state.mapping.iter().find(|(f, _)| *f == field).map(|(_, h)| h.clone());
            let detected = current.iter().find(|(f, _)| *f == field).map(|(_, h)| h.clone());
            let shown = match (&chosen, &detected) {
                (Some(h), _) => h.clone(),
                (None, Some(h)) => t!("mapping.detected", header = h.clone()).into_owned(),
                (None, None) => tr("mapping.none"),
            };
            egui::ComboBox::from_id_salt(("map", field.key()))
                .selected_text(shown)
                .width(260.0)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(chosen.is_none(), tr("mapping.automatic")).clicked() {
                        ui_state.mapping.retain(|(f, _)| *f != field);
                    }
                    for h in &headers {
                        if ui.selectable_label(chosen.as_deref() == Some(h), h).clicked() {
                            ui_state.mapping.retain(|(f, _)| *f != field);
                            ui_state.mapping.push((field, h.clone()));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        }
    });
    ui.add_space(tokens::SPACING);
    ui.horizontal(|ui| {
        let label = ui.label(tr("mapping.sheet"));
        ui.add(
            egui::TextEdit::singleline(&mut ui_state.mapping_sheet)
                .desired_width(140.0)
                .hint_text(tr("mapping.auto_hint")),
        )
        .labelled_by(label.id);
        let label = ui.label(tr("mapping.header_row"));
        ui.add(
            egui::TextEdit::singleline(&mut ui_state.mapping_header_row)
                .desired_width(50.0)
                .hint_text(tr("mapping.auto_hint")),
        )
        .labelled_by(label.id);
    });
    let header_row = ui_state.mapping_header_row.trim().parse::<u32>().ok().filter(|n| *n >= 1);
    let bad_row = !ui_state.mapping_header_row.trim().is_empty() && header_row.is_none();
    if bad_row {
        ui.colored_label(tokens::warning(ui.visuals()), tr("mapping.bad_row"));
    }
    ui.add_space(tokens::SPACING);
    let can_reload = (state.month.is_some() || state.failure.is_some()) && state.loading.is_none() && !bad_row;
    if ui
        .add_enabled(can_reload, egui::Button::new(tr("mapping.reload")))
        .on_hover_text(tr("tip.mapping_reload"))
        .clicked()
    {
        let sheet = Some(ui_state.mapping_sheet.trim().to_string()).filter(|s| !s.is_empty());
        cmds.push(AppCommand::Reload { overrides: ui_state.mapping.clone(), sheet, header_row });
    }
}

fn columns_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let Some(month) = &state.month else { return };
    ui.label(tr("columns.explain"));
    let mut chosen = state.settings.columns.clone();
    let mut changed = false;
    for (k, column) in month.columns.iter().enumerate() {
        // a column a key column already shows is ticked, and greyed: it is always there
        if let Some(key) = month.shown_as(k) {
            let mut on = true;
            ui.add_enabled(false, egui::Checkbox::new(&mut on, &column.header))
                .on_disabled_hover_text(t!("columns.shown_as", column = crate::app::rows::header_text(month, key)));
            continue;
        }
        let mut on = chosen.contains(&column.header);
        if ui.checkbox(&mut on, &column.header).changed() {
            if on {
                chosen.push(column.header.clone());
            } else {
                chosen.retain(|c| c != &column.header);
            }
            changed = true;
        }
    }
    if changed {
        cmds.push(AppCommand::SetColumns(chosen));
    }
    if ui.button(tr("columns.none")).clicked() {
        cmds.push(AppCommand::SetColumns(Vec::new()));
    }
}

fn help_ui(ui: &mut egui::Ui) {
    ui.heading(tr("help.shortcuts"));
    egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
        for (keys, what) in [
            ("Ctrl+O", "help.key.open"),
            ("Ctrl+Alt+O", "help.key.open_folder"),
            ("Ctrl+Shift+O", "help.key.compare"),
            ("Ctrl+S", "help.key.save"),
            ("Ctrl+Shift+S", "help.key.save_movers"),
            ("Ctrl+P", "help.key.report"),
            ("Ctrl+1 … Ctrl+9", "help.key.views"),
            ("Ctrl+Z", "help.key.undo_view"),
            ("Ctrl+F", "help.key.find"),
            ("Ctrl+R", "help.key.rules"),
            ("Ctrl+T", "help.key.trends"),
            ("Ctrl+L", "help.key.library"),
            ("Alt+← / Alt+→", "help.key.months"),
            ("Esc", "help.key.clear"),
            ("Ctrl+click", "help.key.add"),
            ("Tab / Shift+Tab", "help.key.tab"),
            ("← → ↑ ↓", "help.key.arrows"),
            ("Space / Enter", "help.key.space"),
            ("Ctrl+Plus / Ctrl+Minus", "help.key.zoom"),
            ("Ctrl+0", "help.key.zoom_reset"),
            ("Shift+wheel", "help.key.hscroll"),
            ("F1", "help.key.help"),
            ("Ctrl+Q", "help.key.quit"),
        ] {
            ui.monospace(keys);
            ui.label(tr(what));
            ui.end_row();
        }
    });
    ui.add_space(tokens::SPACING);
    ui.heading(tr("help.clusters"));
    for key in
        [ClusterKey::ActNow, ClusterKey::Evaluate, ClusterKey::Nurture, ClusterKey::Educate, ClusterKey::Unscored]
    {
        ui.horizontal_wrapped(|ui| {
            super::charts::swatch_ui(
                ui,
                tokens::cluster_color(key),
                egui::RichText::new(i18n::cluster_name(key)).strong(),
            );
            ui.label(tr(&format!("help.cluster.{}", key.key())));
        });
    }
    ui.add_space(tokens::SPACING);
    ui.heading(tr("help.segments"));
    for segment in crate::engine::Segment::ALL {
        ui.horizontal_wrapped(|ui| {
            super::charts::swatch_ui(
                ui,
                tokens::segment_color(segment),
                egui::RichText::new(i18n::segment_name(segment)).strong(),
            );
            ui.label(tr(&format!("help.segment.{}", segment.key())));
        });
    }
    ui.add_space(tokens::SPACING);
    ui.label(tr("help.matrix"));
    ui.add_space(tokens::SPACING);
    ui.heading(tr("help.accounts_title"));
    ui.label(tr("help.accounts"));
    ui.add_space(tokens::SPACING);
    ui.heading(tr("help.compare_title"));
    ui.label(tr("help.compare"));
    ui.add_space(tokens::SPACING);
    ui.heading(tr("help.drawing_title"));
    ui.label(tr("help.drawing"));
}

/// Export options shown next to the save command.
pub fn export_choice_ui(ui: &mut egui::Ui, choice: ExportChoice, cmds: &mut Vec<AppCommand>) {
    let mut next = choice;
    lines_choice_ui(ui, &mut next);
    let label = ui.label(tr("export_opts.split"));
    // a CSV file holds one table and an accounts list one sheet: the split is off then, and says so
    let split_possible = !choice.csv && choice.lines == TableLines::Predictions;
    ui.add_enabled_ui(split_possible, |ui| {
        egui::ComboBox::from_id_salt("split_by")
            // on one line: the toolbar wraps the whole control to the next line instead
            .wrap_mode(egui::TextWrapMode::Extend)
            .selected_text(match choice.split_by {
                None => tr("export_opts.no_split"),
                Some(SplitBy::Cluster) => tr("export_opts.by_cluster"),
                Some(SplitBy::Segment) => tr("export_opts.by_segment"),
                Some(SplitBy::Product) => tr("export_opts.by_product"),
            })
            .show_ui(ui, |ui| {
                for (value, key) in [
                    (None, "export_opts.no_split"),
                    (Some(SplitBy::Cluster), "export_opts.by_cluster"),
                    (Some(SplitBy::Segment), "export_opts.by_segment"),
                    (Some(SplitBy::Product), "export_opts.by_product"),
                ] {
                    ui.selectable_value(&mut next.split_by, value, tr(key));
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(tr("tip.split"))
            .on_disabled_hover_text(tr("tip.split_csv"));
    });
    // a CRM preset is always CSV
    ui.add_enabled_ui(choice.crm.is_none(), |ui| {
        ui.checkbox(&mut next.csv, tr("export_opts.csv")).on_hover_text(tr("tip.csv"));
    });
    if next != choice {
        cmds.push(AppCommand::SetExportChoice(next));
    }
}

/// What a line of the saved list is: a prediction, an account, or an account shaped for a CRM.
fn lines_choice_ui(ui: &mut egui::Ui, next: &mut ExportChoice) {
    let name = |choice: (TableLines, Option<CrmPreset>)| match choice {
        (_, Some(crm)) => t!("export_opts.crm", crm = crm.name()).into_owned(),
        (TableLines::Accounts, None) => tr("export_opts.accounts"),
        (TableLines::Predictions, None) => tr("export_opts.predictions"),
    };
    let label = ui.label(tr("export_opts.lines"));
    let mut options = vec![(TableLines::Predictions, None), (TableLines::Accounts, None)];
    options.extend(CrmPreset::ALL.map(|crm| (TableLines::Accounts, Some(crm))));
    egui::ComboBox::from_id_salt("export_lines")
        .wrap_mode(egui::TextWrapMode::Extend)
        .selected_text(name((next.lines, next.crm)))
        .show_ui(ui, |ui| {
            for option in options {
                if ui.selectable_label((next.lines, next.crm) == option, name(option)).clicked() {
                    (next.lines, next.crm) = option;
                }
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text(tr("tip.export_lines"));
}

/// A rule's number as the rest of the app writes it ("75", "74.5", "$10,000", "10 000 $US"),
/// and read back however it is typed ("10000", "$10,000", "10 000").
fn number_field(value: &mut f64, range: std::ops::RangeInclusive<f64>, speed: f64, money: bool) -> egui::DragValue<'_> {
    egui::DragValue::new(value)
        .range(range)
        .speed(speed)
        .custom_formatter(move |v, _| {
            if money {
                crate::output::i18n::format_usd(v, crate::output::i18n::Cents::Hide)
            } else {
                crate::output::i18n::format_number(v, usize::from(v.fract() != 0.0))
            }
        })
        .custom_parser(|text| crate::engine::load::value::parse_number_text(text).map(|p| p.value))
}
