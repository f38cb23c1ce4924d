//! The selected prediction: why it is in its cluster, the computed fields, every source
//! field, and the customer's agreements.

use eframe::egui;

use super::super::command::AppCommand;
use super::super::state::Month;
use super::super::tokens;
use crate::engine::Session;
use crate::engine::dataset::{ScoreState, WHOLE_ROW};
use crate::engine::derive::Agreement;
use crate::engine::load::fields::workload_items;
use crate::engine::rules::ClusterSource;
use crate::output::i18n::{self, Cents, t, tr};

fn score_words(value: f64, state: ScoreState) -> String {
    match state {
        ScoreState::Number => i18n::format_number(value, if value.fract() == 0.0 { 0 } else { 1 }),
        ScoreState::Label(b) => i18n::band_name(b),
        other => tr(&format!("unreadable.{}", other.unreadable().map(|u| u.key()).unwrap_or("missing"))),
    }
}

/// "fit 78 = High, intent 41 = Low, H/L = b1, Evaluate".
pub fn why(session: &Session, i: usize) -> String {
    let ds = &session.data;
    let d = &session.derived;
    let p = &ds.predictions;
    let fit = score_words(p.fit.value[i], p.fit.state[i]);
    let intent = score_words(p.intent.value[i], p.intent.state[i]);
    match (d.source[i], d.matrix_cell(i)) {
        (ClusterSource::Recomputed, Some(cell)) => t!(
            "details.why",
            fit = fit,
            fit_band = i18n::band_name(cell.fit()),
            intent = intent,
            intent_band = i18n::band_name(cell.intent()),
            code = cell.describe(),
            cell = cell.name(),
            cluster = i18n::cluster_name(d.cluster_key(i))
        )
        .into_owned(),
        (ClusterSource::Workbook, _) => {
            t!("details.why_workbook", fit = fit, intent = intent, cluster = i18n::cluster_name(d.cluster_key(i)))
                .into_owned()
        }
        _ => t!("details.why_unscored", fit = fit, intent = intent).into_owned(),
    }
}

/// `before`: in a comparison, the month before and this prediction's partner there (None: new).
pub fn details_ui(
    ui: &mut egui::Ui,
    month: &Month,
    i: u32,
    before: Option<(&Session, Option<usize>)>,
    cmds: &mut Vec<AppCommand>,
) {
    let i = i as usize;
    let ds = &month.session.data;
    let d = &month.session.derived;
    let p = &ds.predictions;
    if i >= p.len() {
        return;
    }
    let c = p.customer[i] as usize;
    ui.horizontal(|ui| {
        let name = ds.customers.name.get(c);
        ui.heading(if name.is_empty() { tr("details.no_name") } else { name.to_string() });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("×").on_hover_text(tr("tip.close_details")).clicked() {
                cmds.push(AppCommand::Select(None));
            }
        });
    });
    let key = d.cluster_key(i);
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(egui::Vec2::splat(12.0), egui::Sense::hover());
        ui.painter().circle_filled(r.center(), 6.0, tokens::cluster_color(key));
        ui.strong(format!("{} · {}", ds.products.name(p.product[i]), i18n::cluster_name(key)));
    });
    ui.add(egui::Label::new(why(&month.session, i)).wrap());
    if d.agreement[i] == Agreement::Disagrees {
        ui.colored_label(tokens::warning(ui.visuals()), tr("details.disagrees"));
    }
    if let Some((session, partner)) = before {
        ui.add_space(4.0);
        ui.weak(tr("details.month_before"));
        match partner {
            Some(b) => {
                let key = session.derived.cluster_key(b);
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(egui::Vec2::splat(10.0), egui::Sense::hover());
                    ui.painter().circle_filled(r.center(), 5.0, tokens::cluster_color(key));
                    ui.label(i18n::cluster_name(key));
                });
                ui.add(egui::Label::new(why(session, b)).wrap());
            }
            None => {
                ui.label(tr("details.new_this_month"));
            }
        }
    }
    ui.separator();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        computed_ui(ui, &month.session, i);
        source_fields_ui(ui, ds, i);
        workloads_ui(ui, ds, c);
        agreements_ui(ui, &month.session, c);
    });
}

/// The customer's Azure workloads in use and recommended next, as lists with their counts.
fn workloads_ui(ui: &mut egui::Ui, ds: &crate::engine::Dataset, c: usize) {
    let customers = &ds.customers;
    let lists = [
        ("field.existing_workloads", customers.existing_workloads[c], customers.existing_workload_count[c]),
        ("field.recommended_workloads", customers.recommended_workloads[c], customers.recommended_workload_count[c]),
    ];
    if lists.iter().all(|(_, code, count)| *code == 0 && count.is_nan()) {
        return;
    }
    egui::CollapsingHeader::new(tr("details.workloads")).default_open(true).show(ui, |ui| {
        for (key, code, count) in lists {
            let items: Vec<&str> = workload_items(ds.workloads.name(code)).collect();
            // the download's own count where it has one, else the list's length
            let count = if count.is_nan() { items.len() as f64 } else { count };
            ui.label(egui::RichText::new(format!("{} ({})", tr(key), i18n::format_number(count, 0))).strong());
            if items.is_empty() {
                ui.weak("—");
            }
            for item in items {
                ui.label(format!("• {item}"));
            }
        }
    });
}

/// The figures computed for the prediction and its customer.
fn computed_ui(ui: &mut egui::Ui, session: &Session, i: usize) {
    let ds = &session.data;
    let d = &session.derived;
    let c = ds.predictions.customer[i] as usize;
    egui::CollapsingHeader::new(tr("details.computed")).default_open(true).show(ui, |ui| {
        egui::Grid::new("computed").num_columns(2).min_col_width(120.0).striped(true).show(ui, |ui| {
            let mut row = |k: String, v: String| {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            };
            row(tr("table.segment"), {
                let mut s = i18n::segment_name(d.segment[c]);
                if d.segment_from_workbook[c] {
                    s.push_str(&format!(" ({})", tr("details.from_workbook")));
                }
                s
            });
            let employees = ds.customers.employees[c];
            row(tr("field.employees"), if employees.is_nan() { "—".into() } else { i18n::format_number(employees, 0) });
            let azure = ds.customers.azure_potential[c];
            row(
                tr("field.azure_potential"),
                if azure.is_nan() { "—".into() } else { i18n::format_usd(azure, Cents::Hide) },
            );
            if d.is_top_compute[c] && d.is_top_user[c] {
                row(tr("details.both_top"), tr("export.yes"));
            }
            row(
                tr("table.cell"),
                d.matrix_cell(i).map(|c| format!("{} ({})", c.name(), c.describe())).unwrap_or("—".into()),
            );
            row(
                tr("export.col.cluster_source"),
                tr(match d.source[i] {
                    ClusterSource::Recomputed => "export.source.recomputed",
                    ClusterSource::Workbook => "export.source.workbook",
                    ClusterSource::Unscored => "export.source.unscored",
                }),
            );
            let expiring = d.customer_expiring[c];
            row(tr("details.expiring"), tr(if expiring { "export.yes" } else { "export.no" }));
        });
    });
}

/// Every column of the prediction's source row, its product group's in bold.
fn source_fields_ui(ui: &mut egui::Ui, ds: &crate::engine::Dataset, i: usize) {
    let p = &ds.predictions;
    let t = p.table[i] as usize;
    let table = &ds.tables[t];
    let file = &ds.files[table.file];
    let source_title = t!(
        "details.source",
        file = file.name.clone(),
        sheet = table.sheet.clone(),
        row = table.excel_row(p.row[i] as usize)
    );
    egui::CollapsingHeader::new(tr("details.source_fields")).default_open(true).show(ui, |ui| {
        ui.add(egui::Label::new(egui::RichText::new(source_title).weak()).wrap());
        {
            let group_cols: Vec<usize> = if p.group[i] == WHOLE_ROW {
                Vec::new()
            } else {
                table
                    .mapping
                    .groups
                    .get(p.group[i] as usize)
                    .map(|g| [g.fit, g.intent, g.cluster].into_iter().flatten().collect())
                    .unwrap_or_default()
            };
            // the name above its value, both wrapped: long names ("Top Unmanaged - Compute
            // Customer Flag") are read whole at any panel width
            for (col, header) in table.headers.iter().enumerate() {
                let value = i18n::format_cell(&table.cell(p.row[i] as usize, col));
                let name = egui::RichText::new(header).weak();
                ui.add(egui::Label::new(if group_cols.contains(&col) { name.strong() } else { name }).wrap());
                ui.add(egui::Label::new(if value.is_empty() { "—".to_string() } else { value }).wrap());
                ui.add_space(2.0);
            }
        }
    });
}

/// The customer's agreements: id, end date, revenue, expiring this fiscal year, open.
pub(super) fn agreements_ui(ui: &mut egui::Ui, session: &Session, c: usize) {
    let ds = &session.data;
    let d = &session.derived;
    let agreements = ds.agreements.of_customer(c);
    if !agreements.is_empty() {
        egui::CollapsingHeader::new(t!("details.agreements", count = agreements.len())).default_open(true).show(
            ui,
            |ui| {
                egui::Grid::new("agreements").num_columns(3).striped(true).show(ui, |ui| {
                    for a in agreements.iter().map(|&a| a as usize) {
                        let id = ds.agreements.id.get(a);
                        ui.label(if id.is_empty() { "—" } else { id });
                        ui.label(ds.agreements.end[a].map(i18n::format_date).unwrap_or_else(|| "—".into()));
                        let revenue = ds.agreements.revenue[a];
                        let mut text =
                            if revenue.is_nan() { "—".into() } else { i18n::format_usd(revenue, Cents::Hide) };
                        if d.agreement_expiring[a] {
                            text.push_str(&format!(" · {}", tr("details.expiring_fy")));
                        }
                        if ds.agreements.open[a] {
                            text.push_str(&format!(" · {}", tr("details.open")));
                        }
                        ui.label(text);
                        ui.end_row();
                    }
                });
            },
        );
    }
}
