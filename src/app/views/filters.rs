//! The filter panel (multi-select lists with counts, flags, search) and the chips that
//! show the filters in force.

use super::super::command::Pick;
use eframe::egui;
use std::collections::BTreeSet;

use super::super::command::AppCommand;
use super::super::state::{AppState, Month, UiState};
use super::super::tokens;
use crate::engine::columns::{Bound, ColumnCondition};
use crate::engine::dataset::Interner;
use crate::engine::dataset::{Dimension, Facet, FacetKind};
use crate::engine::load::fields::{PlayArea, sales_play};
use crate::engine::text::fold_search;
use crate::engine::{ClusterKey, Filter, MatrixCell, Segment, Summary};
use crate::output::i18n::{self, t, tr};

pub fn filters_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    month: &Month,
    ui_state: &mut UiState,
    cmds: &mut Vec<AppCommand>,
) {
    let whole = &state.view.whole;
    let filter = &state.filter;
    ui.horizontal(|ui| {
        ui.strong(tr("filters.title"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(!filter.is_empty(), egui::Button::new(tr("filters.clear")))
                .on_hover_text(tr("tip.clear_filters"))
                .on_disabled_hover_text(tr("disabled.no_filter"))
                .clicked()
            {
                cmds.push(AppCommand::ClearFilter);
            }
        });
    });
    let search_label = ui.label(tr("filters.search"));
    let search = ui.add(
        egui::TextEdit::singleline(&mut ui_state.search)
            .hint_text(tr("filters.search_hint"))
            .desired_width(f32::INFINITY),
    );
    if ui_state.focus_search {
        search.request_focus();
        ui_state.focus_search = false;
    }
    let search = search.labelled_by(search_label.id).on_hover_text(tr("tip.search"));
    if search.changed() {
        cmds.push(AppCommand::SetSearch(ui_state.search.clone()));
    }
    ui.add_space(tokens::SPACING / 2.0);
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        super::saved_views::views_list_ui(ui, state, ui_state, cmds);
        ui.separator();
        let mut next = filter.clone();
        let mut changed = false;
        changed |= clusters_cells_segments_ui(ui, whole, month, &mut next);
        let data = &month.session.data;
        for dim in Dimension::ALL {
            let mut chosen = next.values_of(dim).clone();
            if values_ui(ui, dim, data.values(dim), whole.by(dim), &mut chosen) {
                changed = true;
                next.values.insert(dim, chosen);
                next.values.retain(|_, values| !values.is_empty());
            }
        }
        changed |= flags_ui(ui, &data.flag_names, &whole.by_flag, &mut next.flags);
        changed |= more_columns_ui(ui, &data.facets, ui_state, &mut next);
        ui.separator();
        let mut expiring = filter.expiring_only;
        if ui
            .checkbox(&mut expiring, t!("filters.expiring", count = i18n::format_count(whole.expiring_rows)))
            .on_hover_text(tr("tip.expiring"))
            .changed()
        {
            next.expiring_only = expiring;
            changed = true;
        }
        let mut open = filter.open_expiring_only;
        if ui.checkbox(&mut open, tr("filters.open_expiring")).on_hover_text(tr("tip.open_expiring")).changed() {
            next.open_expiring_only = open;
            changed = true;
        }
        changed |= history_filters_ui(ui, state, &mut next);
        let mut disagree = filter.disagreements_only;
        if ui
            .checkbox(&mut disagree, t!("filters.disagreements", count = i18n::format_count(whole.disagreements)))
            .on_hover_text(tr("tip.disagreements"))
            .changed()
        {
            next.disagreements_only = disagree;
            changed = true;
        }
        if changed {
            cmds.push(AppCommand::SetFilter(Box::new(next)));
        }
        crate::app::focus::keep_in_view(ui, crate::app::focus::Nesting::Outermost);
    });
}

/// "In CLUSTER for at least N months running" and "New this month": the months before,
/// from the library; disabled until they are known.
fn history_filters_ui(ui: &mut egui::Ui, state: &AppState, next: &mut Filter) -> bool {
    let known = state.month.as_ref().is_some_and(|m| m.session.derived.history.is_some());
    let mut changed = false;
    if !known {
        ui.weak(tr("filters.history_unknown")).on_hover_text(tr("disabled.no_history"));
        return false;
    }
    ui.vertical(|ui| {
        let mut on = next.streak.is_some();
        let mut streak =
            next.streak.unwrap_or(crate::engine::history::Streak { cluster: ClusterKey::ActNow, months: 3 });
        ui.horizontal_wrapped(|ui| {
            let check = ui.checkbox(&mut on, tr("filters.streak_in")).on_hover_text(tr("tip.streak"));
            let toggled = check.changed();
            let mut edited = false;
            let combo = egui::ComboBox::from_id_salt("streak_cluster")
                .selected_text(i18n::cluster_name(streak.cluster))
                .width(110.0)
                .show_ui(ui, |ui| {
                    for key in ClusterKey::ALL {
                        edited |= ui.selectable_value(&mut streak.cluster, key, i18n::cluster_name(key)).changed();
                    }
                });
            combo.response.labelled_by(check.id);
            let label = ui.label(tr("filters.streak_for"));
            edited |= ui.add(egui::DragValue::new(&mut streak.months).range(1..=120)).labelled_by(label.id).changed();
            ui.label(tr("filters.streak_months"));
            if toggled || (edited && on) {
                next.streak = on.then_some(streak);
                changed = true;
            }
        });
        let mut new = next.new_this_month;
        if ui.checkbox(&mut new, tr("filters.new_this_month")).on_hover_text(tr("tip.new_this_month")).changed() {
            next.new_this_month = new;
            changed = true;
        }
    });
    changed
}

/// The yes/no columns: sales plays grouped by area (shown without their prefix), then the
/// others; true if changed.
fn flags_ui(ui: &mut egui::Ui, names: &[String], counts: &[usize], chosen: &mut BTreeSet<String>) -> bool {
    if names.is_empty() {
        return false;
    }
    let mut changed = false;
    let header =
        if chosen.is_empty() { tr("filters.flags") } else { format!("{} ({})", tr("filters.flags"), chosen.len()) };
    egui::CollapsingHeader::new(header).id_salt("filters.flags").default_open(false).show(ui, |ui| {
        let mut checkbox = |ui: &mut egui::Ui, i: usize, label: &str| {
            let name = &names[i];
            let mut on = chosen.contains(name);
            let text = format!("{label} ({})", i18n::format_count(counts.get(i).copied().unwrap_or(0)));
            if ui.checkbox(&mut on, text).on_hover_text(format!("{name}\n{}", tr("tip.flag"))).changed() {
                set(chosen, name.clone(), on);
                changed = true;
            }
        };
        for area in PlayArea::ALL {
            let plays: Vec<(usize, &str)> = names
                .iter()
                .enumerate()
                .filter_map(|(i, n)| sales_play(n).filter(|(a, _)| *a == area).map(|(_, rest)| (i, rest)))
                .collect();
            if plays.is_empty() {
                continue;
            }
            ui.label(
                egui::RichText::new(t!("filters.sales_plays", area = tr(&format!("play_area.{}", area.key()))))
                    .strong(),
            );
            for (i, label) in plays {
                checkbox(ui, i, label);
            }
        }
        let others: Vec<usize> = (0..names.len()).filter(|i| sales_play(&names[*i]).is_none()).collect();
        if others.len() < names.len() && !others.is_empty() {
            ui.label(egui::RichText::new(tr("filters.other_flags")).strong());
        }
        for i in others {
            checkbox(ui, i, &crate::output::accounts::readable_flag(&names[i]));
        }
    });
    changed
}

/// The source columns to filter on beyond the fixed lists ("More columns"); true if changed.
fn more_columns_ui(ui: &mut egui::Ui, facets: &[Facet], ui_state: &mut UiState, next: &mut Filter) -> bool {
    if facets.is_empty() {
        return false;
    }
    let mut changed = false;
    let active = next.columns.values().filter(|c| !c.is_empty()).count();
    let title =
        if active == 0 { tr("filters.more_columns") } else { format!("{} ({active})", tr("filters.more_columns")) };
    egui::CollapsingHeader::new(title).id_salt("filters.more_columns").default_open(false).show(ui, |ui| {
        if facets.len() > 8 {
            ui.add(
                egui::TextEdit::singleline(&mut ui_state.column_search)
                    .hint_text(tr("filters.find_column"))
                    .desired_width(f32::INFINITY),
            );
        }
        let wanted = fold_search(&ui_state.column_search);
        for facet in facets.iter().filter(|f| wanted.is_empty() || fold_search(&f.header).contains(&wanted)) {
            let condition = next.columns.entry(facet.header.clone()).or_default();
            let header = if condition.is_empty() {
                facet.header.clone()
            } else {
                format!("{} ({})", facet.header, condition.values.len().max(1))
            };
            egui::CollapsingHeader::new(header).id_salt(("facet", &facet.header)).show(ui, |ui| {
                changed |= match &facet.kind {
                    FacetKind::Values { values } => facet_values_ui(ui, facet, values, ui_state, condition),
                    FacetKind::Range { min, max } => {
                        facet_range_ui(ui, &facet.header, (*min, *max), ui_state, condition)
                    }
                };
            });
        }
        next.columns.retain(|_, c| !c.is_empty());
    });
    changed
}

/// A facet's values with their prediction counts, most frequent first, with a search
/// inside long lists.
fn facet_values_ui(
    ui: &mut egui::Ui,
    facet: &Facet,
    values: &[String],
    ui_state: &mut UiState,
    condition: &mut ColumnCondition,
) -> bool {
    let mut changed = false;
    let search = ui_state.facet_search.entry(facet.header.clone()).or_default();
    if values.len() > 12 {
        ui.add(egui::TextEdit::singleline(search).hint_text(tr("filters.find_value")).desired_width(f32::INFINITY));
    }
    let wanted = fold_search(search);
    let mut list: Vec<((), &str, usize)> = std::iter::once("")
        .chain(values.iter().map(String::as_str))
        .zip(facet.whole_counts.iter().copied())
        .filter(|(v, n)| *n > 0 || condition.values.contains(*v))
        .filter(|(v, _)| wanted.is_empty() || fold_search(v).contains(&wanted))
        .map(|(v, n)| ((), v, n))
        .collect();
    crate::engine::query::by_count(&mut list);
    egui::ScrollArea::vertical()
        .id_salt(("facet_values", &facet.header))
        .max_height(200.0)
        .min_scrolled_height(200.0)
        .show(ui, |ui| {
            for ((), value, count) in list {
                let mut on = condition.values.contains(value);
                let label = if value.is_empty() { tr("filter.blank") } else { value.to_string() };
                if ui.checkbox(&mut on, format!("{label} ({})", i18n::format_count(count))).changed() {
                    set(&mut condition.values, value.to_string(), on);
                    changed = true;
                }
            }
            crate::app::focus::keep_in_view(ui, crate::app::focus::Nesting::Nested);
        });
    changed
}

/// A numeric facet: from / to boxes, each applied as soon as it reads as a number.
fn facet_range_ui(
    ui: &mut egui::Ui,
    header: &str,
    (min, max): (f64, f64),
    ui_state: &mut UiState,
    condition: &mut ColumnCondition,
) -> bool {
    let texts = ui_state.range_text.entry(header.to_string()).or_default();
    // a range cleared elsewhere (chip, Esc) empties its boxes
    if condition.at_least.is_none() && parse_bound(&texts.0).is_some() {
        texts.0.clear();
    }
    if condition.at_most.is_none() && parse_bound(&texts.1).is_some() {
        texts.1.clear();
    }
    let mut changed = false;
    ui.horizontal(|ui| {
        for (label, text, hint, bound) in [
            (tr("filters.range_from"), &mut texts.0, min, &mut condition.at_least),
            (tr("filters.range_to"), &mut texts.1, max, &mut condition.at_most),
        ] {
            let label = ui.label(label);
            let edit = ui
                .add(egui::TextEdit::singleline(text).hint_text(i18n::format_number(hint, 0)).desired_width(72.0))
                .labelled_by(label.id);
            if edit.changed() {
                let parsed = parse_bound(text);
                if parsed != *bound && (parsed.is_some() || text.trim().is_empty()) {
                    *bound = parsed;
                    changed = true;
                }
            }
        }
    });
    changed
}

fn parse_bound(text: &str) -> Option<Bound> {
    crate::engine::load::value::parse_number_text(text.trim()).map(|n| Bound(n.value))
}

/// A flag's words on a chip: a sales play with its area instead of its prefix.
fn flag_label(name: &str) -> String {
    match sales_play(name) {
        Some((area, rest)) => i18n::labelled(&tr(&format!("play_area.{}", area.key())), rest),
        None => name.to_string(),
    }
}

fn set<T: Ord>(set: &mut BTreeSet<T>, value: T, on: bool) {
    if on {
        set.insert(value);
    } else {
        set.remove(&value);
    }
}

/// A collapsible list of an interner's values with their row counts; true if changed.
fn values_ui(
    ui: &mut egui::Ui,
    dim: Dimension,
    values: &Interner,
    counts: &[usize],
    chosen: &mut BTreeSet<String>,
) -> bool {
    let title = match dim {
        Dimension::Product => "filters.products",
        Dimension::Model => "filters.models",
        Dimension::Country => "filters.countries",
        Dimension::Area => "filters.areas",
        Dimension::Industry => "filters.industries",
        Dimension::Vertical => "filters.verticals",
    };
    let open = dim == Dimension::Product;
    if values.is_empty() {
        return false;
    }
    let mut changed = false;
    let header = if chosen.is_empty() { tr(title) } else { format!("{} ({})", tr(title), chosen.len()) };
    egui::CollapsingHeader::new(header).id_salt(title).default_open(open).show(ui, |ui| {
        let mut list: Vec<(u32, &str, usize)> =
            values.values().map(|(code, name)| (code, name, counts.get(code as usize).copied().unwrap_or(0))).collect();
        crate::engine::query::by_count(&mut list);
        egui::ScrollArea::vertical().id_salt(title).max_height(180.0).min_scrolled_height(180.0).show(ui, |ui| {
            for (_, name, count) in list {
                let mut on = chosen.contains(name);
                if ui.checkbox(&mut on, format!("{name} ({})", i18n::format_count(count))).changed() {
                    set(chosen, name.to_string(), on);
                    changed = true;
                }
            }
            crate::app::focus::keep_in_view(ui, crate::app::focus::Nesting::Nested);
        });
    });
    changed
}

/// Active filters as chips, each cleared on its own.
pub fn chips_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<AppCommand>) {
    let f = &state.filter;
    ui.horizontal_wrapped(|ui| {
        match &state.compare {
            Some(c) => {
                ui.label(t!(
                    "chips.showing_pairs",
                    rows = i18n::format_count(state.compare_view.pairs.len()),
                    total = i18n::format_count(c.cmp.len())
                ));
                let m = &c.moves;
                for (on, up, key) in [(m.up, true, "compare.moved_up"), (m.down, false, "compare.moved_down")] {
                    if on && ui.button(format!("{}  ×", tr(key))).on_hover_text(tr("tip.chip")).clicked() {
                        cmds.push(AppCommand::ToggleMovedUp(up));
                    }
                }
                for &(r, col) in &m.cells {
                    let text = crate::output::movers::move_name(r as usize, col as usize);
                    if ui.button(format!("{text}  ×")).on_hover_text(tr("tip.chip")).clicked() {
                        cmds.push(AppCommand::ToggleMove(r, col, Pick::Toggle));
                    }
                }
            }
            None => {
                ui.label(t!(
                    "chips.showing",
                    rows = i18n::format_count(state.view.rows.len()),
                    total = i18n::format_count(state.view.whole.rows)
                ));
            }
        }
        if state.settings.table_mode == crate::app::accounts::TableLines::Accounts {
            let count =
                if state.compare.is_some() { state.accounts.moves.len() } else { state.accounts.accounts.len() };
            ui.label(t!(&i18n::plural("chips.accounts", count), count = i18n::format_count(count)));
        }
        let no_moves = state.compare.as_ref().is_none_or(|c| c.moves.is_empty());
        if f.is_empty() {
            if no_moves {
                ui.weak(tr("chips.none"));
            } else if ui.link(tr("chips.clear_all")).on_hover_text(tr("tip.clear_filters")).clicked() {
                cmds.push(AppCommand::ClearFilter);
            }
            return;
        }
        for (text, without) in chips_of(f) {
            if ui.button(format!("{text}  ×")).on_hover_text(tr("tip.chip")).clicked() {
                cmds.push(AppCommand::SetFilter(Box::new(without)));
            }
        }
        if ui.link(tr("chips.clear_all")).on_hover_text(tr("tip.clear_filters")).clicked() {
            cmds.push(AppCommand::ClearFilter);
        }
    });
}

/// Each filter in force, in words, with the filter that remains without it.
fn chips_of(f: &Filter) -> Vec<(String, Filter)> {
    let mut chips = Vec::new();
    for key in &f.clusters {
        let mut g = f.clone();
        g.clusters.remove(key);
        chips.push((i18n::cluster_name(*key), g));
    }
    for cell in &f.cells {
        let mut g = f.clone();
        g.cells.remove(cell);
        chips.push((t!("chips.cell", cell = cell.name()).into_owned(), g));
    }
    for s in &f.segments {
        let mut g = f.clone();
        g.segments.remove(s);
        chips.push((i18n::segment_name(*s), g));
    }
    for dim in Dimension::ALL {
        let values = f.values_of(dim);
        for v in values {
            let mut g = f.clone();
            g.values_mut(dim).remove(v);
            g.values.retain(|_, values| !values.is_empty());
            chips.push((v.clone(), g));
        }
    }
    for v in &f.flags {
        let mut g = f.clone();
        g.flags.remove(v);
        chips.push((flag_label(v), g));
    }
    for (column, condition) in &f.columns {
        for v in &condition.values {
            let mut g = f.clone();
            if let Some(c) = g.columns.get_mut(column) {
                c.values.remove(v);
            }
            g.columns.retain(|_, c| !c.is_empty());
            let value = if v.is_empty() { tr("filter.blank") } else { v.clone() };
            chips.push((i18n::labelled(column, &value), g));
        }
        if condition.is_range() {
            let mut g = f.clone();
            if let Some(c) = g.columns.get_mut(column) {
                c.at_least = None;
                c.at_most = None;
            }
            g.columns.retain(|_, c| !c.is_empty());
            let part = Filter {
                columns: [(column.clone(), ColumnCondition { values: BTreeSet::new(), ..condition.clone() })].into(),
                ..Filter::default()
            };
            chips.push((crate::output::export::describe_filter(&part), g));
        }
    }
    if f.expiring_only {
        chips.push((tr("filter.kind.expiring"), Filter { expiring_only: false, ..f.clone() }));
    }
    if f.open_expiring_only {
        chips.push((tr("filter.kind.open_expiring"), Filter { open_expiring_only: false, ..f.clone() }));
    }
    if f.disagreements_only {
        chips.push((tr("filter.kind.disagreements"), Filter { disagreements_only: false, ..f.clone() }));
    }
    if !f.search.trim().is_empty() {
        chips.push((format!("\"{}\"", f.search.trim()), Filter { search: String::new(), ..f.clone() }));
    }
    chips
}

/// The clusters, matrix cells and segments, with their counts; true if changed.
fn clusters_cells_segments_ui(ui: &mut egui::Ui, whole: &Summary, month: &Month, next: &mut Filter) -> bool {
    let filter = next.clone();
    let mut changed = false;
    egui::CollapsingHeader::new(tr("filters.clusters")).default_open(true).show(ui, |ui| {
        for key in ClusterKey::ALL {
            let mut on = filter.clusters.contains(&key);
            let text = format!("{} ({})", i18n::cluster_name(key), i18n::format_count(whole.cluster(key).rows));
            if ui.checkbox(&mut on, text).on_hover_text(tr(&format!("help.cluster.{}", key.key()))).changed() {
                set(&mut next.clusters, key, on);
                changed = true;
            }
        }
    });
    egui::CollapsingHeader::new(tr("filters.cells")).default_open(false).show(ui, |ui| {
        let rules = &month.session.derived.rules;
        egui::Grid::new("cell_filter").num_columns(4).spacing([6.0, 2.0]).show(ui, |ui| {
            for (k, cell) in MatrixCell::all().enumerate() {
                let mut on = filter.cells.contains(&cell);
                let cluster = ClusterKey::from_cluster(Some(rules.cluster_of(cell)));
                let text = format!("{} ({})", cell.name(), i18n::format_count(whole.cell(cell).rows));
                let tip = format!("{} · {}", cell.describe(), i18n::cluster_name(cluster));
                if ui.checkbox(&mut on, text).on_hover_text(tip).changed() {
                    set(&mut next.cells, cell, on);
                    changed = true;
                }
                if k % 4 == 3 {
                    ui.end_row();
                }
            }
        });
    });
    egui::CollapsingHeader::new(tr("filters.segments")).default_open(true).show(ui, |ui| {
        for segment in Segment::ALL {
            let mut on = filter.segments.contains(&segment);
            let text = format!("{} ({})", i18n::segment_name(segment), i18n::format_count(whole.segment(segment)));
            if ui.checkbox(&mut on, text).on_hover_text(tr(&format!("help.segment.{}", segment.key()))).changed() {
                set(&mut next.segments, segment, on);
                changed = true;
            }
        }
    });
    changed
}
