//! The columns a table of predictions (or of a comparison's pairs) is ordered by, their
//! stable names in files and on the command line, and each line's key in them.

use std::borrow::Cow;

use super::keys::{Collation, SortKey, cell_keys};
use crate::engine::Session;
use crate::engine::compare::Comparison;
use crate::engine::dataset::{Dataset, Interner, ScoreColumn, ScoreKind, ScoreState, SourceColumn};
use crate::engine::load::fields::Field;
use crate::engine::load::value::Cell;
use crate::engine::text::fold_key;
use crate::engine::view::SOURCE_PREFIX;

/// A column of the predictions table (and of a comparison's, which adds [`SortColumn::Direction`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortColumn {
    Customer,
    CustomerId,
    Product,
    Cluster,
    Cell,
    Fit,
    Intent,
    Segment,
    Country,
    Whitespace,
    /// Up, down, new, gone (comparisons only).
    Direction,
    /// A source column, by index in the data set's columns ([`Dataset::columns`]).
    Source(usize),
}

impl SortColumn {
    /// The key columns, in the table's order: Whitespace where the data has it, Direction in
    /// comparisons.
    pub const KEYS: [SortColumn; 11] = [
        SortColumn::Customer,
        SortColumn::CustomerId,
        SortColumn::Product,
        SortColumn::Cluster,
        SortColumn::Cell,
        SortColumn::Fit,
        SortColumn::Intent,
        SortColumn::Segment,
        SortColumn::Country,
        SortColumn::Whitespace,
        SortColumn::Direction,
    ];

    /// The name a file and the command line give a key column (None for a source column:
    /// see [`SortColumn::file_name`]).
    pub fn key(self) -> Option<&'static str> {
        Some(match self {
            SortColumn::Customer => "customer",
            SortColumn::CustomerId => "customer-id",
            SortColumn::Product => "product",
            SortColumn::Cluster => "cluster",
            SortColumn::Cell => "cell",
            SortColumn::Fit => "fit",
            SortColumn::Intent => "intent",
            SortColumn::Segment => "segment",
            SortColumn::Country => "country",
            SortColumn::Whitespace => "whitespace",
            SortColumn::Direction => "direction",
            SortColumn::Source(_) => return None,
        })
    }

    /// The column's name in a view file: its key, or "column:" and the source column's header.
    pub fn file_name(self, ds: &Dataset) -> Option<Cow<'static, str>> {
        match self {
            SortColumn::Source(k) => Some(format!("{SOURCE_PREFIX}{}", ds.columns.get(k)?.header).into()),
            other => other.key().map(Cow::Borrowed),
        }
    }

    /// The key column a name means: its key ("customer-id"), spelled in any case, with or
    /// without dashes (so "CustomerId", as files of version 0.1 wrote it, reads too).
    pub fn of_key(name: &str) -> Option<SortColumn> {
        let want = fold_key(name);
        SortColumn::KEYS.into_iter().find(|c| c.key().is_some_and(|k| fold_key(k) == want))
    }

    /// The column a view file's name means in `ds`: a key column, or a source column by
    /// header (None: `ds` has no such column).
    pub fn of_file_name(name: &str, ds: &Dataset) -> Option<SortColumn> {
        match name.strip_prefix(SOURCE_PREFIX) {
            Some(header) => ds.column_named(header).map(SortColumn::Source),
            None => SortColumn::of_key(name),
        }
    }
}

/// Text keys of an interner's codes (code 0, none, is blank).
fn code_keys(names: &Interner) -> Vec<SortKey> {
    let texts: Vec<&str> = (0..names.len() as u32).map(|c| names.name(c)).collect();
    Collation::keys(&texts)
}

fn score_key(scores: &ScoreColumn, i: usize) -> SortKey {
    match scores.state[i] {
        ScoreState::Number => SortKey::number(scores.value[i]),
        // a band written as a word: after the numbers, weakest first as numbers go
        ScoreState::Label(band) => SortKey::Text(3 - band.index() as u32),
        _ => SortKey::Blank,
    }
}

/// The keys of predictions `rows` of `session` in `column` (`keys[k]` for `rows[k]`);
/// `columns` are the session's source columns.
pub fn prediction_keys(session: &Session, columns: &[SourceColumn], rows: &[u32], column: SortColumn) -> Vec<SortKey> {
    let ds = &session.data;
    let p = &ds.predictions;
    let customer = |i: u32| p.customer[i as usize] as usize;
    let by_code = |keys: Vec<SortKey>, code: &dyn Fn(u32) -> u32| -> Vec<SortKey> {
        rows.iter().map(|&i| keys.get(code(i) as usize).copied().unwrap_or(SortKey::Blank)).collect()
    };
    match column {
        SortColumn::Customer => {
            let ranks = collated(&ds.collated.names, &ds.customers.name);
            rows.iter().map(|&i| rank_key(ranks[customer(i)])).collect()
        }
        SortColumn::CustomerId => {
            let ranks = collated(&ds.collated.ids, &ds.customers.id);
            rows.iter().map(|&i| rank_key(ranks[customer(i)])).collect()
        }
        SortColumn::Product => by_code(code_keys(&ds.products), &|i| p.product[i as usize]),
        SortColumn::Country => by_code(code_keys(&ds.countries), &|i| ds.customers.country[customer(i)]),
        SortColumn::Source(k) => {
            let cells: Vec<Cell<'_>> = rows.iter().map(|&i| source_cell(ds, columns, i as usize, k)).collect();
            cell_keys(&cells, is_size_column(ds, columns, k))
        }
        other => rows.iter().map(|&i| value_key(session, i as usize, other)).collect(),
    }
}

/// The key of prediction `i` in a column of values (not of names).
fn value_key(session: &Session, i: usize, column: SortColumn) -> SortKey {
    let (p, d) = (&session.data.predictions, &session.derived);
    match column {
        SortColumn::Cluster => SortKey::Number(f64::from(d.cluster[i])),
        SortColumn::Cell => d.matrix_cell(i).map_or(SortKey::Blank, |c| SortKey::Number(c.index() as f64)),
        SortColumn::Fit => score_key(&p.fit, i),
        SortColumn::Intent => score_key(&p.intent, i),
        SortColumn::Segment => SortKey::Number(d.segment[p.customer[i] as usize].index() as f64),
        SortColumn::Whitespace => SortKey::number(p.whitespace[i]),
        _ => SortKey::Blank,
    }
}

/// The customers' texts collated, once per data set (`u32::MAX`: blank).
fn collated<'a>(cache: &'a std::sync::OnceLock<Vec<u32>>, arena: &crate::engine::text::TextArena) -> &'a [u32] {
    cache.get_or_init(|| {
        let texts: Vec<&str> = (0..arena.len()).map(|c| arena.get(c)).collect();
        let keys = Collation::keys(&texts);
        keys.into_iter().map(|key| if let SortKey::Text(rank) = key { rank } else { u32::MAX }).collect()
    })
}

fn rank_key(rank: u32) -> SortKey {
    if rank == u32::MAX { SortKey::Blank } else { SortKey::Text(rank) }
}

/// The cell of source column `k` in prediction `i`'s own row (blank where its table lacks it).
pub fn source_cell<'a>(ds: &'a Dataset, columns: &[SourceColumn], i: usize, k: usize) -> Cell<'a> {
    let p = &ds.predictions;
    let t = p.table[i] as usize;
    match columns.get(k).and_then(|c| c.per_table.get(t).copied().flatten()) {
        Some(col) => ds.tables[t].cell(p.row[i] as usize, col),
        None => Cell::Empty,
    }
}

/// Whether a source column is the org size (bands read by their lower bound, as segments read them).
fn is_size_column(ds: &Dataset, columns: &[SourceColumn], k: usize) -> bool {
    columns.get(k).is_some_and(|c| {
        c.per_table
            .iter()
            .enumerate()
            .any(|(t, col)| col.is_some_and(|col| ds.field_of(t, col) == Some(Field::Employees)))
    })
}

/// The keys of a comparison's `pairs` in `column`: the move (its transition cell), the
/// direction, the change of a score, else the value of the prediction shown (the month
/// after's, else the month before's). `columns`: each month's source columns under the
/// month after's headers.
pub fn pair_keys(
    cmp: &Comparison,
    columns: (&[SourceColumn], &[SourceColumn]),
    pairs: &[u32],
    column: SortColumn,
) -> Vec<SortKey> {
    match column {
        SortColumn::Cluster => pairs
            .iter()
            .map(|&k| {
                let (row, col) = cmp.transition_cell(k as usize);
                SortKey::Number((row * 6 + col) as f64)
            })
            .collect(),
        SortColumn::Direction => {
            pairs.iter().map(|&k| SortKey::Number(cmp.direction(k as usize).rank() as f64)).collect()
        }
        SortColumn::Fit | SortColumn::Intent => {
            let fit = column == SortColumn::Fit;
            pairs.iter().map(|&k| score_change(cmp, k as usize, fit).map_or(SortKey::Blank, SortKey::Number)).collect()
        }
        SortColumn::Whitespace => pairs
            .iter()
            .map(|&k| match cmp.rows(k as usize) {
                (_, Some(j)) => SortKey::number(cmp.after.data.predictions.whitespace[j]),
                _ => SortKey::Blank,
            })
            .collect(),
        _ => shown_keys(cmp, columns, pairs, column),
    }
}

/// A score's change after - before, when both months have it as a number.
pub fn score_change(cmp: &Comparison, k: usize, fit: bool) -> Option<f64> {
    let (Some(i), Some(j)) = cmp.rows(k) else { return None };
    let kind = if fit { ScoreKind::Fit } else { ScoreKind::Intent };
    let (b, a) = (cmp.before.data.predictions.scores(kind), cmp.after.data.predictions.scores(kind));
    (b.state[i] == ScoreState::Number && a.state[j] == ScoreState::Number).then(|| a.value[j] - b.value[i])
}

/// The prediction a pair shows its customer and source columns from: the month after's
/// where it has one (true), else the month before's.
pub fn shown(cmp: &Comparison, k: usize) -> (bool, usize) {
    match cmp.rows(k) {
        (_, Some(j)) => (true, j),
        (Some(i), None) => (false, i),
        (None, None) => (true, 0),
    }
}

/// Keys of the predictions pairs show, taken from both months: texts are collated
/// together, so one month's names sort among the other's.
fn shown_keys(
    cmp: &Comparison,
    columns: (&[SourceColumn], &[SourceColumn]),
    pairs: &[u32],
    column: SortColumn,
) -> Vec<SortKey> {
    let value = |k: u32| -> ShownValue<'_> {
        let (after, i) = shown(cmp, k as usize);
        let (session, cols) = if after { (&cmp.after, columns.0) } else { (&cmp.before, columns.1) };
        shown_value(session, cols, i, column)
    };
    let values: Vec<ShownValue<'_>> = pairs.iter().map(|&k| value(k)).collect();
    match column {
        SortColumn::Source(k) => {
            let cells: Vec<Cell<'_>> =
                values.iter().map(|v| if let ShownValue::Cell(c) = v { *c } else { Cell::Empty }).collect();
            cell_keys(&cells, is_size_column(&cmp.after.data, columns.0, k))
        }
        _ => {
            let texts: Vec<&str> = values.iter().map(|v| if let ShownValue::Text(t) = v { *t } else { "" }).collect();
            let mut keys = Collation::keys(&texts);
            for (key, v) in keys.iter_mut().zip(&values) {
                if let ShownValue::Key(k) = v {
                    *key = *k;
                }
            }
            keys
        }
    }
}

enum ShownValue<'a> {
    Text(&'a str),
    Cell(Cell<'a>),
    Key(SortKey),
}

fn shown_value<'a>(session: &'a Session, columns: &[SourceColumn], i: usize, column: SortColumn) -> ShownValue<'a> {
    let ds = &session.data;
    let c = ds.predictions.customer[i] as usize;
    match column {
        SortColumn::Customer => ShownValue::Text(ds.customers.name.get(c)),
        SortColumn::CustomerId => ShownValue::Text(ds.customers.id.get(c)),
        SortColumn::Product => ShownValue::Text(ds.products.name(ds.predictions.product[i])),
        SortColumn::Country => ShownValue::Text(ds.countries.name(ds.customers.country[c])),
        SortColumn::Source(k) => ShownValue::Cell(source_cell(ds, columns, i, k)),
        other => ShownValue::Key(value_key(session, i, other)),
    }
}
