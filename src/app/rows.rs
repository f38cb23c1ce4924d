//! The rows of both tables: the filtered predictions (or pairs of a comparison) in the
//! order chosen, and the text of their cells.

use super::state::{Month, Sort, SortColumn, ViewCache};
use crate::engine::dataset::ScoreState;
use crate::engine::dataset::SourceColumn;
use crate::engine::derive::Agreement;
use crate::engine::load::value::Cell;
use crate::engine::query;
use crate::engine::rules::ClusterSource;
use crate::engine::{Dataset, Filter, Selection, Session, Summary};
use crate::output::i18n::{self, Cents, tr};

/// Brings the view cache up to date with the month, the filter and the sort.
pub(crate) fn refresh_month_view(month: &Month, filter: &Filter, sort: Option<Sort>, view: &mut ViewCache) {
    // compared in place every frame; cloned only when the view is computed again
    if view.key.as_ref().is_some_and(|(generation, f, s)| *generation == month.generation && f == filter && *s == sort)
    {
        return;
    }
    let key = (month.generation, filter.clone(), sort);
    let need_whole = view.whole_generation != Some(month.generation);
    let filter_empty = filter.is_empty();
    // after a rules change both summaries are due: compute them side by side
    // only the rules changed: the whole summary's breakdowns stay as they were
    let reuse = view.whole_as_of_generation == Some(month.as_of_generation);
    let previous = &view.whole;
    let whole_of = |ds: &Dataset, d: &crate::engine::Derived| {
        if reuse {
            Summary::whole_after_rules(ds, d, previous)
        } else {
            Summary::compute_split(ds, d, Selection::All, usize::MAX)
        }
    };
    let ((mut rows, summary), whole) = if need_whole && !filter_empty {
        // one thread each: the two already keep both cores busy
        std::thread::scope(|scope| {
            let (ds, d) = (&month.session.data, &month.session.derived);
            let whole = scope.spawn(|| whole_of(ds, d));
            let rows = filter.apply(ds, d);
            // the screen shows breakdowns of the whole data only: the filter's figures suffice
            let filtered = Summary::compute_figures(ds, d, Selection::Rows(&rows), usize::MAX);
            ((rows, filtered), whole.join().ok())
        })
    } else if need_whole && filter_empty {
        // no filter: the filtered view is the whole data set
        let whole = whole_of(&month.session.data, &month.session.derived);
        (((0..month.session.data.predictions.len() as u32).collect(), whole.clone()), Some(whole))
    } else if filter_empty {
        // the whole summary is current
        (((0..month.session.data.predictions.len() as u32).collect(), view.whole.clone()), None)
    } else {
        let (ds, d) = (&month.session.data, &month.session.derived);
        let rows = filter.apply(ds, d);
        let figures = Summary::compute_figures(ds, d, Selection::Rows(&rows), crate::engine::summary::PARALLEL_FROM);
        ((rows, figures), None)
    };
    if let Some(sort) = sort {
        query::order_predictions(&month.session, &month.columns, &mut rows, sort);
    }
    if need_whole {
        view.whole = match whole {
            Some(whole) => whole,
            // with no filter the filtered summary is the whole one
            None if filter_empty => summary.clone(),
            None => month.session.whole(),
        };
        view.whole_generation = Some(month.generation);
        view.whole_as_of_generation = Some(month.as_of_generation);
    }
    view.rows = rows;
    view.summary = summary;
    view.key = Some(key);
}

/// The key columns, in order.
pub(crate) fn key_columns(month: &Month) -> Vec<SortColumn> {
    let mut cols = SortColumn::KEYS[..9].to_vec();
    if month.session.data.has_whitespace {
        cols.push(SortColumn::Whitespace);
    }
    cols
}

pub(crate) fn header_text(month: &Month, column: SortColumn) -> String {
    match column {
        SortColumn::Customer => tr("table.customer"),
        SortColumn::CustomerId => tr("table.customer_id"),
        SortColumn::Product => tr("table.product"),
        SortColumn::Cluster => tr("table.cluster"),
        SortColumn::Cell => tr("table.cell"),
        SortColumn::Fit => tr("table.fit"),
        SortColumn::Intent => tr("table.intent"),
        SortColumn::Segment => tr("table.segment"),
        SortColumn::Country => tr("table.country"),
        SortColumn::Whitespace => tr("table.whitespace"),
        SortColumn::Direction => tr("table.direction"),
        SortColumn::Source(i) => month.columns.get(i).map(|c| c.header.clone()).unwrap_or_default(),
    }
}

/// For each of the month's source columns, the key column that already shows it (its
/// customer id, name, country, product, scores, cluster...), if one does; worked out once
/// per load ([`Month::shown_as`]).
pub(crate) fn key_columns_showing(month: &Month) -> Vec<Option<SortColumn>> {
    (0..month.columns.len()).map(|col| key_column_showing(month, col)).collect()
}

fn key_column_showing(month: &Month, col: usize) -> Option<SortColumn> {
    use crate::engine::load::fields::Field;
    let shown = key_columns(month);
    let column = month.columns.get(col)?;
    let tables = &month.session.data.tables;
    let key_of = |t: usize, c: usize| -> Option<SortColumn> {
        let mapping = &tables.get(t)?.mapping;
        let field = mapping.fields.iter().find(|(_, at)| **at == c).map(|(f, _)| *f);
        let by_field = field.and_then(|f| match f {
            Field::CustomerId => Some(SortColumn::CustomerId),
            Field::CustomerName => Some(SortColumn::Customer),
            Field::Product => Some(SortColumn::Product),
            Field::FitScore => Some(SortColumn::Fit),
            Field::IntentScore => Some(SortColumn::Intent),
            Field::Cluster => Some(SortColumn::Cluster),
            Field::Segment => Some(SortColumn::Segment),
            Field::Country => Some(SortColumn::Country),
            Field::WhitespaceRevenue => Some(SortColumn::Whitespace),
            _ => None,
        });
        by_field.or_else(|| {
            mapping.groups.iter().find_map(|g| {
                if g.fit == Some(c) {
                    Some(SortColumn::Fit)
                } else if g.intent == Some(c) {
                    Some(SortColumn::Intent)
                } else if g.cluster == Some(c) {
                    Some(SortColumn::Cluster)
                } else {
                    None
                }
            })
        })
    };
    column.per_table.iter().enumerate().filter_map(|(t, c)| c.and_then(|c| key_of(t, c))).find(|k| shown.contains(k))
}

/// The extra source columns chosen, as indices into the month's columns.
pub fn chosen_columns(month: &Month, chosen: &[String]) -> Vec<usize> {
    // a column a key column shows is not shown twice
    chosen
        .iter()
        .filter_map(|h| month.columns.iter().position(|c| &c.header == h))
        .filter(|&k| month.shown_as(k).is_none())
        .collect()
}

pub(crate) fn score_text(value: f64, state: ScoreState, out: &mut String) {
    use std::fmt::Write;
    match state {
        ScoreState::Number => {
            let _ = write!(out, "{}", i18n::format_number(value, if value.fract() == 0.0 { 0 } else { 1 }));
        }
        ScoreState::Label(b) => out.push_str(&i18n::band_name(b)),
        _ => out.push('—'),
    }
}

/// The text of one table cell, written into a reused buffer.
pub(crate) fn cell_text(month: &Month, i: usize, column: SortColumn, out: &mut String) {
    session_cell_text(&month.session, &month.columns, i, column, out);
}

/// The text of a cell of prediction `i` of a session whose source columns are `columns`.
pub(crate) fn session_cell_text(
    session: &Session,
    columns: &[SourceColumn],
    i: usize,
    column: SortColumn,
    out: &mut String,
) {
    out.clear();
    let ds = &session.data;
    let d = &session.derived;
    let p = &ds.predictions;
    let c = p.customer[i] as usize;
    match column {
        SortColumn::Customer => out.push_str(ds.customers.name.get(c)),
        SortColumn::CustomerId => out.push_str(ds.customers.id.get(c)),
        SortColumn::Product => out.push_str(ds.products.name(p.product[i])),
        SortColumn::Cluster => {
            out.push_str(&i18n::cluster_name(d.cluster_key(i)));
            // "*": taken from the workbook; "≠": the workbook says otherwise (see the help)
            if d.source[i] == ClusterSource::Workbook {
                out.push_str(" *");
            }
            if d.agreement[i] == Agreement::Disagrees {
                out.push_str(" ≠");
            }
        }
        SortColumn::Cell => out.push_str(d.matrix_cell(i).map(|c| c.name()).unwrap_or("—")),
        SortColumn::Fit => score_text(p.fit.value[i], p.fit.state[i], out),
        SortColumn::Intent => score_text(p.intent.value[i], p.intent.state[i], out),
        SortColumn::Segment => out.push_str(&i18n::segment_name(d.segment[c])),
        SortColumn::Country => out.push_str(ds.countries.name(ds.customers.country[c])),
        SortColumn::Whitespace => {
            let v = p.whitespace[i];
            if !v.is_nan() {
                out.push_str(&i18n::format_usd(v, Cents::Hide));
            }
        }
        // a comparison's own column: see compare_table
        SortColumn::Direction => {}
        SortColumn::Source(k) => match query::source_cell(ds, columns, i, k) {
            Cell::Text(s) => out.push_str(s),
            Cell::Empty => {}
            other => out.push_str(&i18n::format_cell(&other)),
        },
    }
}

pub(crate) use crate::engine::query::shown;

pub(crate) fn scores(s: &crate::engine::Session, fit: bool) -> &crate::engine::dataset::ScoreColumn {
    use crate::engine::dataset::ScoreKind;
    s.data.predictions.scores(if fit { ScoreKind::Fit } else { ScoreKind::Intent })
}
