//! The questions every screen and file asks, answered once: which lines (predictions,
//! accounts, a comparison's pairs), in which order, with which totals. The app, the
//! command line, the exports and the report all ask here; none of them orders lines itself.
//!
//! Orders compare typed values, never display text: numbers as numbers (size bands by
//! their lower bound), dates as dates, texts by a collation of their folded text; blanks
//! are last ascending and descending, as in Excel; lines that tie keep the file's order.

mod account_columns;
mod columns;
mod keys;

pub use account_columns::{AccountColumn, account_name, account_whitespace, host, product_names, yes_columns};
pub use columns::{SortColumn, shown, source_cell};

use columns::{pair_keys, prediction_keys};
use keys::{Collation, Level, SortKey, in_file_order, order_lines};

use super::Session;
use super::accounts::{AccountMove, Accounts};
use super::compare::{Comparison, Direction, MoveFilter, TransitionCodes};
use super::dataset::SourceColumn;
use super::filter::Filter;
use super::rules::{ClusterKey, Segment};
use super::summary::{Selection, Summary};
use super::view::{SOURCE_PREFIX, TableLines, ViewSort};

/// A table's order: by `column` (a [`SortColumn`] or an [`AccountColumn`]), ascending or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TableOrder<C> {
    pub column: C,
    pub descending: bool,
}

impl<C: PartialEq> TableOrder<C> {
    /// The order after a click on `column`'s header: ascending, then descending, then none.
    pub fn after_click(current: Option<TableOrder<C>>, column: C) -> Option<TableOrder<C>> {
        match current {
            Some(sort) if sort.column == column && !sort.descending => Some(TableOrder { column, descending: true }),
            Some(sort) if sort.column == column => None,
            _ => Some(TableOrder { column, descending: false }),
        }
    }
}

/// The predictions table's order.
pub type PredictionOrder = TableOrder<SortColumn>;
/// The accounts table's order.
pub type AccountOrder = TableOrder<AccountColumn>;

impl PredictionOrder {
    /// A view's order as it applies to `ds` (None: a column `ds` lacks, or an accounts column).
    pub fn of_view(sort: &ViewSort, ds: &super::Dataset) -> Option<PredictionOrder> {
        SortColumn::of_file_name(&sort.column, ds).map(|column| TableOrder { column, descending: sort.descending })
    }

    /// The order as a view file keeps it.
    pub fn to_view(self, ds: &super::Dataset) -> Option<ViewSort> {
        Some(ViewSort { column: self.column.file_name(ds)?.into_owned(), descending: self.descending })
    }

    /// The accounts order that follows this one where an account has the column (the
    /// report's account list under a view ordered by fit, say).
    pub fn for_accounts(self) -> Option<AccountOrder> {
        let column = match self.column {
            SortColumn::Customer => AccountColumn::Name,
            SortColumn::CustomerId => AccountColumn::CustomerId,
            SortColumn::Cluster => AccountColumn::BestCluster,
            SortColumn::Fit => AccountColumn::Fit,
            SortColumn::Intent => AccountColumn::Intent,
            SortColumn::Segment => AccountColumn::Segment,
            SortColumn::Country => AccountColumn::Country,
            SortColumn::Whitespace => AccountColumn::Whitespace,
            _ => return None,
        };
        Some(TableOrder { column, descending: self.descending })
    }
}

impl AccountOrder {
    /// The predictions order that follows this one where a prediction has the column.
    pub fn for_predictions(self) -> Option<PredictionOrder> {
        let column = match self.column {
            AccountColumn::Name => SortColumn::Customer,
            AccountColumn::CustomerId => SortColumn::CustomerId,
            AccountColumn::BestCluster => SortColumn::Cluster,
            AccountColumn::Fit => SortColumn::Fit,
            AccountColumn::Intent => SortColumn::Intent,
            AccountColumn::Segment => SortColumn::Segment,
            AccountColumn::Country => SortColumn::Country,
            AccountColumn::Whitespace => SortColumn::Whitespace,
            _ => return None,
        };
        Some(TableOrder { column, descending: self.descending })
    }

    /// A view's order as an accounts order (None: not an accounts column).
    pub fn of_view(sort: &ViewSort) -> Option<AccountOrder> {
        AccountColumn::of_key(&sort.column).map(|column| TableOrder { column, descending: sort.descending })
    }

    pub fn to_view(self) -> ViewSort {
        ViewSort { column: self.column.key().into_owned(), descending: self.descending }
    }
}

impl ViewSort {
    /// An order as the command line writes it: "COLUMN" or "COLUMN:desc" ("fit:desc",
    /// "customer-id", "column:Org Size:desc"). A name that is no column of the table's is
    /// a source column's header, in a table of predictions.
    pub fn parse(text: &str, table: TableLines) -> Result<ViewSort, SortError> {
        let text = text.trim();
        let (name, descending) = match text.rsplit_once(':') {
            Some((name, dir)) if dir.eq_ignore_ascii_case("desc") => (name, true),
            Some((name, dir)) if dir.eq_ignore_ascii_case("asc") => (name, false),
            _ => (text, false),
        };
        let name = name.trim();
        // nothing, or "column:" with no header after it
        if name.is_empty() || name.strip_prefix(SOURCE_PREFIX).is_some_and(|h| h.trim().is_empty()) {
            return Err(SortError::Empty);
        }
        let column = match table {
            TableLines::Predictions if name.starts_with(SOURCE_PREFIX) => name.to_string(),
            TableLines::Predictions => match SortColumn::of_key(name).and_then(SortColumn::key) {
                Some(key) => key.to_string(),
                None => format!("{SOURCE_PREFIX}{name}"),
            },
            TableLines::Accounts => match AccountColumn::of_key(name) {
                Some(column) => column.key().into_owned(),
                None => return Err(SortError::NotAnAccountColumn { name: name.to_string() }),
            },
        };
        Ok(ViewSort { column, descending })
    }
}

/// An order the command line could not read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SortError {
    #[error("no column to sort by")]
    Empty,
    #[error("the accounts table has no column {name}")]
    NotAnAccountColumn { name: String },
}

/// A view's order as each table takes it: a column both tables have (fit, the customer's
/// name...) orders both; a column of one orders that one alone.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ViewOrder {
    pub predictions: Option<PredictionOrder>,
    pub accounts: Option<AccountOrder>,
}

impl ViewOrder {
    /// The order of a view (`sort`, as its file holds it) in `ds`.
    pub fn of(sort: Option<&ViewSort>, ds: &super::Dataset) -> ViewOrder {
        let Some(sort) = sort else { return ViewOrder::default() };
        match PredictionOrder::of_view(sort, ds) {
            Some(order) => ViewOrder { predictions: Some(order), accounts: order.for_accounts() },
            None => {
                let accounts = AccountOrder::of_view(sort);
                ViewOrder { predictions: accounts.and_then(AccountOrder::for_predictions), accounts }
            }
        }
    }
}

/// Puts prediction `rows` of `session` in `order` (`columns`: the session's source columns).
pub fn order_predictions(session: &Session, columns: &[SourceColumn], rows: &mut [u32], order: PredictionOrder) {
    in_file_order(rows);
    let keys = prediction_keys(session, columns, rows, order.column);
    by_position(rows, &keys, order.descending);
}

/// `lines` (in the file's order) in the order of `keys` (`keys[k]` is line `lines[k]`'s).
fn by_position(lines: &mut [u32], keys: &[SortKey], descending: bool) {
    let mut positions: Vec<u32> = (0..lines.len() as u32).collect();
    let key = |k: u32| keys[k as usize];
    order_lines(&mut positions, &[Level { key: &key, descending }]);
    let ordered: Vec<u32> = positions.iter().map(|&k| lines[k as usize]).collect();
    lines.copy_from_slice(&ordered);
}

/// The accounts' line indices in `order`; in the file's order (customers as first met) without one.
pub fn order_accounts(session: &Session, accounts: &Accounts, order: Option<AccountOrder>) -> Vec<u32> {
    let mut lines: Vec<u32> = (0..accounts.len() as u32).collect();
    if let Some(order) = order {
        let keys = account_keys(session, accounts, order.column);
        let key = |k: u32| keys[k as usize];
        order_lines(&mut lines, &[Level { key: &key, descending: order.descending }]);
    }
    lines
}

use account_columns::account_keys;

/// A comparison's pairs in `order`; without one, the moves first: up, down, new, gone, then
/// unchanged (each in the comparison's order). `columns`: the months' source columns
/// under the month after's headers.
pub fn order_pairs(
    cmp: &Comparison,
    columns: (&[SourceColumn], &[SourceColumn]),
    codes: &TransitionCodes,
    pairs: &mut [u32],
    order: Option<PredictionOrder>,
) {
    match order {
        Some(order) => {
            in_file_order(pairs);
            let keys = pair_keys(cmp, columns, pairs, order.column);
            by_position(pairs, &keys, order.descending);
        }
        None => moves_first(pairs, |&k| codes.direction(k as usize)),
    }
}

/// Accounts seen in two months, the moves first as [`order_pairs`] lists them.
pub fn order_account_moves(moves: &mut [AccountMove]) {
    moves_first(moves, |m| m.direction);
}

/// `items` up, down, new, gone, then unchanged ([`Direction::rank`]), each direction in
/// the order they came: one pass, no comparison.
fn moves_first<T: Copy>(items: &mut [T], direction: impl Fn(&T) -> Direction) {
    let mut buckets: [Vec<T>; 5] = Default::default();
    for item in items.iter() {
        buckets[direction(item).rank()].push(*item);
    }
    items.iter_mut().zip(buckets.into_iter().flatten()).for_each(|(slot, item)| *slot = item);
}

/// The report's accounts: in `order` where the view has one; else by priority
/// ([`accounts_by_priority`]).
pub fn top_accounts(session: &Session, accounts: &Accounts, order: Option<AccountOrder>) -> Vec<u32> {
    if order.is_some() {
        return order_accounts(session, accounts, order);
    }
    accounts_by_priority(session, accounts)
}

/// The accounts as a seller works them: the strongest best cluster first (renewals only
/// last), then the largest expiring revenue, then the strongest fit, then intent.
pub fn accounts_by_priority(session: &Session, accounts: &Accounts) -> Vec<u32> {
    let columns =
        [AccountColumn::BestCluster, AccountColumn::ExpiringRevenue, AccountColumn::Fit, AccountColumn::Intent];
    let keys = columns.map(|c| account_keys(session, accounts, c));
    let keys = &keys;
    let key = |c: usize| move |k: u32| keys[c][k as usize];
    let (best, revenue, fit, intent) = (key(0), key(1), key(2), key(3));
    let mut lines: Vec<u32> = (0..accounts.len() as u32).collect();
    order_lines(
        &mut lines,
        &[
            Level { key: &best, descending: false },
            Level { key: &revenue, descending: true },
            Level { key: &fit, descending: true },
            Level { key: &intent, descending: true },
        ],
    );
    lines
}

/// The report's moves: the pairs that moved up or down, in `order` where the view has
/// one; else the longest moves first (most clusters crossed), then the largest whitespace
/// revenue after.
pub fn biggest_moves(
    cmp: &Comparison,
    columns: (&[SourceColumn], &[SourceColumn]),
    pairs: &[u32],
    order: Option<PredictionOrder>,
) -> Vec<u32> {
    let mut moved: Vec<u32> = pairs
        .iter()
        .copied()
        .filter(|&k| matches!(cmp.direction(k as usize), Direction::Up | Direction::Down))
        .collect();
    if let Some(order) = order {
        in_file_order(&mut moved);
        let keys = pair_keys(cmp, columns, &moved, order.column);
        by_position(&mut moved, &keys, order.descending);
        return moved;
    }
    let steps = |k: u32| {
        let (row, col) = cmp.transition_cell(k as usize);
        SortKey::Number(row.abs_diff(col) as f64)
    };
    let revenue = |k: u32| SortKey::number(cmp.after.data.predictions.whitespace[cmp.after_row[k as usize] as usize]);
    order_lines(&mut moved, &[Level { key: &steps, descending: true }, Level { key: &revenue, descending: true }]);
    moved
}

/// What a comparison's cards summarise. With moves chosen: exactly the pairs shown, each
/// month's side as that month saw it (the movers' figures before and after). Without:
/// each month's predictions in the filter, `filtered` (computed by the caller, who may
/// have them already). The app, `compare` and the report all show these.
pub fn comparison_cards(
    cmp: &Comparison,
    moves: &MoveFilter,
    pairs: &[u32],
    filtered: impl FnOnce() -> (Summary, Summary),
) -> (Summary, Summary) {
    if moves.is_empty() {
        return filtered();
    }
    let side = |before: bool| -> Vec<u32> {
        let rows = if before { &cmp.before_row } else { &cmp.after_row };
        pairs.iter().map(|&k| rows[k as usize]).filter(|&i| i != super::compare::NONE).collect()
    };
    let (b, a) = (side(true), side(false));
    std::thread::scope(|scope| {
        let (bd, ad) = ((&cmp.before.data, &cmp.before.derived), (&cmp.after.data, &cmp.after.derived));
        let before = scope.spawn(|| Summary::compute_figures(bd.0, bd.1, Selection::Rows(&b), usize::MAX));
        let after = Summary::compute_figures(ad.0, ad.1, Selection::Rows(&a), usize::MAX);
        (before.join().unwrap_or_default(), after)
    })
}

/// Each month's predictions in `filter`, summarised (for [`comparison_cards`]).
pub fn filtered_summaries(cmp: &Comparison, filter: &Filter) -> (Summary, Summary) {
    (cmp.before.filtered(filter).1, cmp.after.filtered(filter).1)
}

/// The predictions a filter keeps, in `order`, and the summary of exactly those.
#[derive(Clone, Debug)]
pub struct Predictions {
    pub rows: Vec<u32>,
    pub summary: Summary,
}

/// The filter's predictions in order (the command line's and the exports' question).
pub fn predictions(session: &Session, filter: &Filter, order: Option<PredictionOrder>) -> Predictions {
    let (mut rows, summary) = session.filtered(filter);
    if let Some(order) = order {
        order_predictions(session, &session.data.columns, &mut rows, order);
    }
    Predictions { rows, summary }
}

/// The accounts of a filter in order, and the summary of their predictions in the filter.
#[derive(Clone, Debug)]
pub struct AccountLines {
    pub accounts: Accounts,
    /// Line indices into `accounts.lines`, in order.
    pub order: Vec<u32>,
    pub summary: Summary,
}

/// The filter's accounts in order (one line per customer).
pub fn accounts(session: &Session, filter: &Filter, order: Option<AccountOrder>) -> AccountLines {
    let (rows, summary) = session.filtered(filter);
    let accounts = Accounts::new(&session.data, &session.derived, filter, &rows);
    let order = order_accounts(session, &accounts, order);
    AccountLines { accounts, order, summary }
}

/// A comparison's pairs for a filter and moves, in order, with the cards' summaries.
#[derive(Clone, Debug)]
pub struct Moves {
    pub pairs: Vec<u32>,
    pub before: Summary,
    pub after: Summary,
}

/// The pairs `filter` and `moves` keep, in `order` (moves first without one), and what the
/// cards show for them ([`comparison_cards`]).
pub fn moves(cmp: &Comparison, filter: &Filter, moves: &MoveFilter, order: Option<PredictionOrder>) -> Moves {
    let pairs = move_pairs(cmp, filter, moves, order);
    let (before, after) = comparison_cards(cmp, moves, &pairs, || filtered_summaries(cmp, filter));
    Moves { pairs, before, after }
}

/// The pairs `filter` and `moves` keep, in `order` (moves first without one): [`moves`]
/// without the cards, for a caller that summarises them itself (the report).
pub fn move_pairs(cmp: &Comparison, filter: &Filter, moves: &MoveFilter, order: Option<PredictionOrder>) -> Vec<u32> {
    let mut pairs = cmp.apply(filter);
    cmp.select(&mut pairs, moves);
    let before_columns = matching_columns(&cmp.after.data.columns, &cmp.before);
    order_pairs(cmp, (&cmp.after.data.columns, &before_columns), &cmp.codes(), &mut pairs, order);
    pairs
}

/// The month before's columns under the headers of the month after's (none where it lacks one).
pub fn matching_columns(after: &[SourceColumn], before: &Session) -> Vec<SourceColumn> {
    use super::text::fold_key;
    let columns = &before.data.columns;
    after
        .iter()
        .map(|a| {
            let key = fold_key(&a.header);
            columns.iter().find(|b| fold_key(&b.header) == key).cloned().unwrap_or_else(|| SourceColumn {
                header: a.header.clone(),
                per_table: vec![None; before.data.tables.len()],
            })
        })
        .collect()
}

/// One list (a Targets sheet) per value of this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitBy {
    Cluster,
    Segment,
    Product,
}

/// `rows` split by the value of `by`: the value (a cluster's or segment's index, a product
/// code) and its rows, in the order of `rows`. Clusters and segments come in their own
/// order, products as first met.
pub fn split(session: &Session, rows: &[u32], by: SplitBy) -> Vec<(u32, Vec<u32>)> {
    let (ds, d) = (&session.data, &session.derived);
    let value_of = |i: usize| -> u32 {
        match by {
            SplitBy::Cluster => u32::from(d.cluster[i]),
            SplitBy::Segment => d.segment[ds.predictions.customer[i] as usize].index() as u32,
            SplitBy::Product => ds.predictions.product[i],
        }
    };
    if by != SplitBy::Product {
        // a cluster's or segment's index is its place
        let mut groups: Vec<Vec<u32>> = vec![Vec::new(); ClusterKey::ALL.len().max(Segment::ALL.len())];
        for &i in rows {
            groups[value_of(i as usize) as usize].push(i);
        }
        return (0..).zip(groups).filter(|(_, rows)| !rows.is_empty()).collect();
    }
    let mut slot_of: rustc_hash::FxHashMap<u32, usize> = rustc_hash::FxHashMap::default();
    let mut groups: Vec<(u32, Vec<u32>)> = Vec::new();
    for &i in rows {
        let value = value_of(i as usize);
        let slot = *slot_of.entry(value).or_insert_with(|| {
            groups.push((value, Vec::new()));
            groups.len() - 1
        });
        groups[slot].1.push(i);
    }
    groups
}

/// Values and their counts, the most frequent first, then by name (a filter's lists).
pub fn by_count<'a, T>(list: &mut Vec<(T, &'a str, usize)>) {
    let mut lines: Vec<u32> = (0..list.len() as u32).collect();
    let names: Vec<&str> = list.iter().map(|(_, name, _)| *name).collect();
    let ranks = Collation::ranks(&names);
    let (count, name) =
        (|k: u32| SortKey::Number(list[k as usize].2 as f64), |k: u32| SortKey::Text(ranks[k as usize]));
    order_lines(&mut lines, &[Level { key: &count, descending: true }, Level { key: &name, descending: false }]);
    let mut slots: Vec<Option<(T, &'a str, usize)>> = std::mem::take(list).into_iter().map(Some).collect();
    list.extend(lines.iter().filter_map(|&k| slots[k as usize].take()));
}
