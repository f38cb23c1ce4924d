//! Accounts: one line per customer (DOMAIN.md, "Accounts: one line per customer"). Sellers
//! call customers and CRMs import accounts; an account gathers its customer's predictions
//! in the filter, its best cluster among them, and its agreements.

use serde::Serialize;

use super::Session;
use super::compare::{Comparison, CustomerKeys, Direction, NONE};
use super::dataset::{ByCustomer, Dataset, ScoreKind, ScoreState};
use super::derive::Derived;
use super::filter::Filter;
use super::rules::{ClusterKey, Segment};

/// A customer's line.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub customer: u32,
    /// The strongest cluster in force among its predictions in the filter (Act now >
    /// Evaluate > Nurture > Educate > unscored); None for a customer without predictions
    /// (known from the agreement renewal report alone).
    pub best: Option<ClusterKey>,
    /// Its strongest readable fit and intent scores (NaN: none).
    pub fit: f64,
    pub intent: f64,
    /// Its agreements expiring in the fiscal year, their revenue, and the part of it that
    /// is Open licensing (both NaN when none of them has a readable revenue).
    pub expiring: u32,
    pub expiring_revenue: f64,
    pub open_revenue: f64,
}

/// The accounts of a filter, in the order customers were first met.
#[derive(Clone, Debug, Default)]
pub struct Accounts {
    pub lines: Vec<Account>,
    /// The predictions of the filter by customer, in data set order within each.
    predictions: ByCustomer,
}

/// Accounts per best cluster (index 5: no best cluster) and per segment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AccountCounts {
    pub accounts: usize,
    pub by_best: [usize; 6],
    pub by_segment: [usize; 5],
}

/// Where a best cluster is counted: its key's index, 5 for none.
pub fn best_index(best: Option<ClusterKey>) -> usize {
    best.map_or(ClusterKey::ALL.len(), ClusterKey::index)
}

impl Accounts {
    /// The accounts of `rows` (the predictions `filter` keeps, in any order). Customers
    /// without predictions join when the filter only asks about customers.
    pub fn new(ds: &Dataset, d: &Derived, filter: &Filter, rows: &[u32]) -> Accounts {
        // in data set order, whatever the table's
        let mut sorted_rows = rows.to_vec();
        sorted_rows.sort_unstable();
        let customer_of = |i: u32| ds.predictions.customer[i as usize];
        let predictions = ByCustomer::new(ds.customers.len(), &sorted_rows, customer_of);
        let without_predictions = customers_without_predictions(ds, d, filter);
        let lines = (0..ds.customers.len())
            .filter(|&c| !predictions.of(c).is_empty() || without_predictions.get(c).copied().unwrap_or(false))
            .map(|c| line(ds, d, c as u32, predictions.of(c)))
            .collect();
        Accounts { lines, predictions }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// An account's predictions in the filter.
    pub fn predictions_of(&self, line: &Account) -> &[u32] {
        self.predictions.of(line.customer as usize)
    }

    /// The account of a customer, if it is in the list.
    pub fn position_of(&self, customer: u32) -> Option<usize> {
        self.lines.binary_search_by_key(&customer, |l| l.customer).ok()
    }

    /// The product codes of an account per cluster in force (by [`ClusterKey::index`]),
    /// each listed once, in product order.
    pub fn products_by_cluster(&self, ds: &Dataset, d: &Derived, line: &Account) -> [Vec<u32>; 5] {
        let mut out: [Vec<u32>; 5] = Default::default();
        for &i in self.predictions_of(line) {
            let list = &mut out[d.cluster[i as usize] as usize];
            let product = ds.predictions.product[i as usize];
            if !list.contains(&product) {
                list.push(product);
            }
        }
        for list in &mut out {
            list.sort_unstable();
        }
        out
    }

    /// The accounts' counts per best cluster and segment.
    pub fn counts(&self, d: &Derived) -> AccountCounts {
        let mut counts = AccountCounts { accounts: self.lines.len(), ..AccountCounts::default() };
        for line in &self.lines {
            let segment: Segment = d.segment[line.customer as usize];
            counts.by_best[best_index(line.best)] += 1;
            counts.by_segment[segment.index()] += 1;
        }
        counts
    }
}

/// A customer's line, from its predictions in the filter.
fn line(ds: &Dataset, d: &Derived, customer: u32, rows: &[u32]) -> Account {
    let best = rows.iter().map(|&i| d.cluster[i as usize]).min().map(|k| ClusterKey::ALL[k as usize]);
    let strongest = |kind: ScoreKind| {
        let scores = ds.predictions.scores(kind);
        rows.iter()
            .filter(|&&i| scores.state[i as usize] == ScoreState::Number)
            .map(|&i| scores.value[i as usize])
            .fold(f64::NAN, f64::max)
    };
    let (mut expiring, mut revenue_read, mut expiring_revenue, mut open_revenue) = (0, false, 0.0, 0.0);
    for &a in ds.agreements.of_customer(customer as usize) {
        let a = a as usize;
        let revenue = ds.agreements.revenue[a];
        if d.agreement_expiring[a] {
            expiring += 1;
            if !revenue.is_nan() {
                revenue_read = true;
                expiring_revenue += revenue;
                if ds.agreements.open[a] {
                    open_revenue += revenue;
                }
            }
        }
    }
    // blank, not $0, where no expiring agreement has a readable revenue
    let known = |sum: f64| if revenue_read { sum } else { f64::NAN };
    Account {
        customer,
        best,
        fit: strongest(ScoreKind::Fit),
        intent: strongest(ScoreKind::Intent),
        expiring,
        expiring_revenue: known(expiring_revenue),
        open_revenue: known(open_revenue),
    }
}

/// Per customer, whether it has no prediction at all and passes the filter: the filter
/// asks only about customers (segment, country..., flags, expiring, search).
fn customers_without_predictions(ds: &Dataset, d: &Derived, filter: &Filter) -> Vec<bool> {
    if filter.asks_about_predictions() {
        return Vec::new();
    }
    let mut has_prediction = vec![false; ds.customers.len()];
    for &c in &ds.predictions.customer {
        has_prediction[c as usize] = true;
    }
    let passing = filter.customers_passing(ds, d);
    (0..ds.customers.len()).map(|c| !has_prediction[c] && passing.as_ref().is_none_or(|p| p[c])).collect()
}

/// An account seen in two months: its customer in each (NONE where absent), its best
/// cluster among the compared predictions of each side, and how it moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountMove {
    pub before: u32,
    pub after: u32,
    pub best_before: Option<ClusterKey>,
    pub best_after: Option<ClusterKey>,
    pub direction: Direction,
}

/// The accounts of compared pairs (as [`Comparison::apply`] gives them), one per customer,
/// matched by id, else name; in the order of their first pair.
pub fn account_moves(cmp: &Comparison, pairs: &[u32]) -> Vec<AccountMove> {
    let mut keys = CustomerKeys::default();
    let before_codes = keys.codes_of(&cmp.before);
    let after_codes = keys.codes_of(&cmp.after);
    let mut slot_of: rustc_hash::FxHashMap<u32, usize> = rustc_hash::FxHashMap::default();
    let mut moves: Vec<AccountMove> = Vec::new();
    let strongest = |best: Option<ClusterKey>, session: &Session, row: u32| {
        let key = session.derived.cluster_key(row as usize);
        Some(best.map_or(key, |b| b.min(key)))
    };
    for &k in pairs {
        let (b, a) = (cmp.before_row[k as usize], cmp.after_row[k as usize]);
        let before_customer = (b != NONE).then(|| cmp.before.data.predictions.customer[b as usize]);
        let after_customer = (a != NONE).then(|| cmp.after.data.predictions.customer[a as usize]);
        let code = match (after_customer, before_customer) {
            (Some(c), _) => after_codes[c as usize],
            (None, Some(c)) => before_codes[c as usize],
            (None, None) => continue,
        };
        let slot = if code == NONE { moves.len() } else { *slot_of.entry(code).or_insert(moves.len()) };
        if slot == moves.len() {
            moves.push(AccountMove {
                before: NONE,
                after: NONE,
                best_before: None,
                best_after: None,
                direction: Direction::Unchanged,
            });
        }
        let m = &mut moves[slot];
        if let Some(c) = before_customer {
            m.before = c;
            m.best_before = strongest(m.best_before, &cmp.before, b);
        }
        if let Some(c) = after_customer {
            m.after = c;
            m.best_after = strongest(m.best_after, &cmp.after, a);
        }
    }
    for m in &mut moves {
        m.direction = account_direction(m.best_before, m.best_after);
    }
    moves
}

/// Up when the best cluster got stronger; new or gone when one side has none.
fn account_direction(before: Option<ClusterKey>, after: Option<ClusterKey>) -> Direction {
    match (before, after) {
        (None, _) => Direction::New,
        (_, None) => Direction::Gone,
        (Some(b), Some(a)) if a < b => Direction::Up,
        (Some(b), Some(a)) if a > b => Direction::Down,
        _ => Direction::Unchanged,
    }
}
