//! The table's accounts mode: the toggle above the table, one line per customer (its best
//! cluster, products per cluster, strongest scores, expiring revenue), with two months its
//! best cluster before and after, and the details of a selected account.

use eframe::egui::{self, Sense};

use super::super::accounts::{ACCOUNT_COLUMNS, TableLines};
use super::super::command::AppCommand;
use super::super::state::{AppState, Month};
use super::super::tokens;
use super::compare_table::{arrow_ui, direction_ui};
use super::table::{customer_table, empty_ui, sort_header_ui};
use crate::engine::ClusterKey;
use crate::engine::accounts::Accounts;
use crate::engine::compare::{Direction, NONE};
use crate::output::accounts::{AccountColumn, description};
use crate::output::i18n::{self, t, tr};

/// Predictions or accounts: two buttons side by side, the one in force selected.
pub fn table_mode_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let mode = state.settings.table_mode;
    for (value, key, tip) in [
        (TableLines::Predictions, "table.mode.predictions", "tip.mode.predictions"),
        (TableLines::Accounts, "table.mode.accounts", "tip.mode.accounts"),
    ] {
        if ui.selectable_label(mode == value, tr(key)).on_hover_text(tr(tip)).clicked() && mode != value {
            cmds.push(AppCommand::SetTableLines(value));
        }
    }
}

fn width(column: AccountColumn) -> f32 {
    match column {
        AccountColumn::Name => 200.0,
        AccountColumn::BestCluster => 130.0,
        AccountColumn::ProductsByCluster => 260.0,
        AccountColumn::Fit | AccountColumn::Intent => 120.0,
        AccountColumn::Segment => 170.0,
        _ => 110.0,
    }
}

/// A column of the accounts table: an account's, or its history strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Account(AccountColumn),
    History,
}

fn column_width(column: Column) -> f32 {
    match column {
        Column::Account(column) => width(column),
        Column::History => 12.0 * HISTORY_MONTHS as f32 + 8.0,
    }
}

/// The months the history strip shows, the last ones.
const HISTORY_MONTHS: usize = 12;

/// One square per month, oldest first, in the colour of the customer's best cluster that
/// month (an outline where it was not in the month).
fn history_strip_ui(
    ui: &mut egui::Ui,
    history: &crate::engine::history::CustomerHistory,
    customer: usize,
    names: &[String; 5],
) {
    let months: Vec<_> = history.best_by_month(customer).collect();
    let shown = &months[months.len().saturating_sub(HISTORY_MONTHS)..];
    let (rect, response) = ui.allocate_exact_size(egui::vec2(12.0 * shown.len() as f32, 12.0), Sense::hover());
    let painter = ui.painter();
    let absent = ui.visuals().weak_text_color();
    for (i, (_, best)) in shown.iter().enumerate() {
        let square =
            egui::Rect::from_min_size(rect.left_top() + egui::vec2(12.0 * i as f32, 1.0), egui::vec2(10.0, 10.0));
        match best {
            Some(key) => painter.rect_filled(square, 2.0, tokens::cluster_color(*key)),
            None => painter.rect_stroke(square, 2.0, egui::Stroke::new(1.0, absent), egui::StrokeKind::Inside),
        };
    }
    response.on_hover_ui(|ui| {
        for (month, best) in shown {
            let what = best.map_or_else(|| tr("account.history.absent"), |k| names[k.index()].clone());
            ui.label(crate::output::i18n::labelled(&crate::output::library::month_name(*month), &what));
        }
    });
}

/// A coloured dot and the cluster's name, or a dash for an account without predictions.
fn best_ui(ui: &mut egui::Ui, best: Option<ClusterKey>, names: &[String; 5]) {
    match best {
        Some(key) => {
            let (r, _) = ui.allocate_exact_size(egui::Vec2::splat(9.0), Sense::hover());
            ui.painter().circle_filled(r.center(), 4.0, tokens::cluster_color(key));
            ui.add(egui::Label::new(names[key.index()].as_str()).truncate().selectable(false));
        }
        None => {
            ui.add(egui::Label::new(egui::RichText::new(tr("account.no_best")).weak()).selectable(false))
                .on_hover_text(tr("tip.account.no_best"));
        }
    }
}

/// The accounts of the filter, virtual-scrolled: only the visible lines are written out.
pub fn accounts_table_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let view = &state.accounts;
    if empty_ui(ui, view.order.len(), cmds) {
        return;
    }
    let session = &month.session;
    let names = ClusterKey::ALL.map(i18n::cluster_name);
    let history = session.derived.history.as_deref();
    // with the months before known: the history strip, the streak, the months in Act now
    let mut columns: Vec<Column> = ACCOUNT_COLUMNS.iter().map(|c| Column::Account(*c)).collect();
    if history.is_some() {
        let at = columns.iter().position(|c| *c == Column::Account(AccountColumn::BestCluster)).map_or(0, |i| i + 1);
        let added = [Column::History].into_iter().chain(AccountColumn::HISTORY.map(Column::Account));
        columns.splice(at..at, added);
    }
    egui::ScrollArea::horizontal().id_salt("accounts_table_h").auto_shrink([false, false]).show(ui, |ui| {
        let builder = customer_table(ui, "accounts_table", &columns, column_width);
        builder
            .header(tokens::ROW_HEIGHT + 2.0, |mut header| {
                for column in &columns {
                    match *column {
                        Column::Account(column) => {
                            let (sort, click) = (state.account_sort, AppCommand::SetAccountSort(column));
                            header.col(|ui| sort_header_ui(ui, column.header(), column, sort, click, cmds));
                        }
                        Column::History => {
                            header.col(|ui| {
                                ui.strong(tr("account.col.history")).on_hover_text(tr("tip.account.history"));
                            });
                        }
                    }
                }
            })
            .body(|body| {
                body.rows(tokens::ROW_HEIGHT, view.order.len(), |mut row| {
                    let line = &view.accounts.lines[view.order[row.index()] as usize];
                    row.set_selected(state.selected_account == Some(line.customer));
                    let mut clicked = false;
                    for column in &columns {
                        let (_, response) = row.col(|ui| match *column {
                            Column::Account(AccountColumn::BestCluster) => best_ui(ui, line.best, &names),
                            Column::Account(column) => {
                                let text = column.value(session, &view.accounts, line).shown();
                                ui.add(egui::Label::new(text).truncate().selectable(false));
                            }
                            Column::History => {
                                if let Some(history) = history {
                                    history_strip_ui(ui, history, line.customer as usize, &names);
                                }
                            }
                        });
                        clicked |= response.clicked();
                    }
                    if clicked || row.response().clicked() {
                        let already = state.selected_account == Some(line.customer);
                        cmds.push(AppCommand::SelectAccount(if already { None } else { Some(line.customer) }));
                    }
                });
            });
    });
}

const MOVE_COLUMNS: [&str; 7] = [
    "table.customer",
    "table.customer_id",
    "table.segment",
    "table.country",
    "table.best_before",
    "table.best_after",
    "table.direction",
];

/// With two months: each account's best cluster before and after, and its move.
pub fn account_moves_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let Some(c) = &state.compare else { return };
    let cmp = &c.cmp;
    let moves = &state.accounts.moves;
    if empty_ui(ui, moves.len(), cmds) {
        return;
    }
    let names = ClusterKey::ALL.map(i18n::cluster_name);
    let directions = Direction::ALL.map(crate::output::movers::direction_name);
    let segments = crate::engine::rules::Segment::ALL.map(i18n::segment_name);
    // the columns share the width the table has (a wide window leaves no empty half)
    let widths = [220.0, 110.0, 170.0, 120.0, 140.0, 150.0];
    let scale = (ui.available_width() / (widths.iter().sum::<f32>() + 100.0)).max(1.0);
    egui::ScrollArea::horizontal().id_salt("account_moves_h").auto_shrink([false, false]).show(ui, |ui| {
        customer_table(ui, "account_moves", &[0usize, 1, 2, 3, 4, 5, 6], |k| {
            widths.get(k).copied().unwrap_or(100.0) * scale
        })
        .header(tokens::ROW_HEIGHT + 2.0, |mut header| {
            for key in MOVE_COLUMNS {
                header.col(|ui| {
                    ui.strong(tr(key));
                });
            }
        })
        .body(|body| {
            body.rows(tokens::ROW_HEIGHT, moves.len(), |mut row| {
                let m = moves[row.index()];
                let (session, customer) = if m.after != NONE { (&cmp.after, m.after) } else { (&cmp.before, m.before) };
                let customers = &session.data.customers;
                row.set_selected(m.after != NONE && state.selected_account == Some(m.after));
                let mut clicked = false;
                for k in 0..MOVE_COLUMNS.len() {
                    let (_, response) = row.col(|ui| match k {
                        0 => {
                            let name = crate::output::accounts::account_name(&session.data, customer as usize);
                            ui.add(egui::Label::new(name).truncate().selectable(false));
                        }
                        1 => {
                            ui.add(egui::Label::new(customers.id.get(customer as usize)).selectable(false));
                        }
                        2 => {
                            let segment = session.derived.segment[customer as usize];
                            ui.add(egui::Label::new(segments[segment.index()].as_str()).truncate().selectable(false));
                        }
                        3 => {
                            let country = session.data.countries.name(customers.country[customer as usize]);
                            ui.add(egui::Label::new(country).truncate().selectable(false));
                        }
                        4 => best_ui(ui, m.best_before, &names),
                        5 => {
                            arrow_ui(ui, ui.visuals().weak_text_color());
                            best_ui(ui, m.best_after, &names);
                        }
                        _ => direction_ui(ui, m.direction, &directions[m.direction.rank()]),
                    });
                    clicked |= response.clicked();
                }
                if (clicked || row.response().clicked()) && m.after != NONE {
                    let already = state.selected_account == Some(m.after);
                    cmds.push(AppCommand::SelectAccount(if already { None } else { Some(m.after) }));
                }
            });
        });
    });
}

/// The selected account: its best cluster and description, the figures of its line, its
/// predictions in the filter (a click shows one among the predictions) and its agreements.
pub fn account_details_ui(
    ui: &mut egui::Ui,
    month: &Month,
    accounts: &Accounts,
    customer: u32,
    cmds: &mut Vec<AppCommand>,
) {
    let session = &month.session;
    let ds = &session.data;
    let Some(line) = accounts.position_of(customer).map(|k| &accounts.lines[k]) else {
        ui.weak(tr("account.not_in_filter"));
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(crate::output::accounts::account_name(ds, customer as usize));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("×").on_hover_text(tr("tip.close_details")).clicked() {
                cmds.push(AppCommand::SelectAccount(None));
            }
        });
    });
    let names = ClusterKey::ALL.map(i18n::cluster_name);
    ui.horizontal(|ui| {
        ui.weak(AccountColumn::BestCluster.header());
        best_ui(ui, line.best, &names);
    });
    ui.add(egui::Label::new(description(session, accounts, line)).wrap());
    ui.separator();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        egui::CollapsingHeader::new(tr("details.computed")).default_open(true).show(ui, |ui| {
            egui::Grid::new("account_fields").num_columns(2).min_col_width(120.0).striped(true).show(ui, |ui| {
                for column in AccountColumn::SHEET {
                    if matches!(column, AccountColumn::Name | AccountColumn::BestCluster | AccountColumn::Description) {
                        continue;
                    }
                    let value = column.value(session, accounts, line).shown();
                    ui.label(column.header());
                    ui.add(egui::Label::new(if value.is_empty() { "—".to_string() } else { value }).wrap());
                    ui.end_row();
                }
            });
        });
        let predictions = accounts.predictions_of(line);
        let title = t!("account.predictions", count = i18n::format_count(predictions.len()));
        egui::CollapsingHeader::new(title).default_open(true).show(ui, |ui| {
            for &i in predictions {
                let key = session.derived.cluster_key(i as usize);
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(egui::Vec2::splat(10.0), Sense::hover());
                    ui.painter().circle_filled(r.center(), 5.0, tokens::cluster_color(key));
                    let text =
                        format!("{} · {}", ds.products.name(ds.predictions.product[i as usize]), names[key.index()]);
                    if ui.link(text).on_hover_text(tr("tip.account.prediction")).clicked() {
                        cmds.push(AppCommand::SetTableLines(TableLines::Predictions));
                        cmds.push(AppCommand::Select(Some(i)));
                    }
                });
                ui.add(egui::Label::new(egui::RichText::new(super::details::why(session, i as usize)).weak()).wrap());
            }
        });
        super::details::agreements_ui(ui, session, customer as usize);
    });
}
