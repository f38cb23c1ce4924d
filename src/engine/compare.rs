//! Two months side by side: predictions matched by (customer, product, model), customers by
//! customer id, else name. Each matched prediction moved up, down or stayed; the others are
//! new or gone. The transition table reconciles with both months' cluster counts.

use serde_json::{Value, json};
use std::collections::HashMap;

use super::Session;
use super::filter::Filter;
use super::rules::ClusterKey;
use super::text::fold_search;

/// What happened to a prediction between the months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// To a stronger cluster (Act now is the strongest, unscored the weakest).
    Up,
    Down,
    Unchanged,
    New,
    Gone,
}

impl Direction {
    pub fn key(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Unchanged => "unchanged",
            Direction::New => "new",
            Direction::Gone => "gone",
        }
    }
}

/// No prediction on this side.
pub const NONE: u32 = u32::MAX;

/// The matched predictions of two months.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub before: Session,
    pub after: Session,
    /// Prediction index before, or [`NONE`] (new).
    pub before_row: Vec<u32>,
    /// Prediction index after, or [`NONE`] (gone).
    pub after_row: Vec<u32>,
}

/// A key identifying a customer across months: its id, else its folded name.
fn customer_key(session: &Session, customer: usize) -> Option<String> {
    let c = &session.data.customers;
    let id = c.id.get(customer);
    if !id.is_empty() {
        return Some(format!("id:{id}"));
    }
    let name = c.name.get(customer);
    (!name.is_empty()).then(|| format!("name:{}", fold_search(name)))
}

/// The matching key of each prediction (None: a customer with neither id nor name).
fn prediction_keys(session: &Session) -> Vec<Option<(String, u32, u32)>> {
    let ds = &session.data;
    let p = &ds.predictions;
    let customer_keys: Vec<Option<String>> = (0..ds.customers.len()).map(|c| customer_key(session, c)).collect();
    (0..p.len()).map(|i| customer_keys[p.customer[i] as usize].clone().map(|k| (k, p.product[i], p.model[i]))).collect()
}

impl Comparison {
    /// Matches the predictions of `before` and `after` (the same rules apply to both).
    pub fn new(before: Session, after: Session) -> Comparison {
        // products and models are matched by name: each month numbers them its own way
        let name_of = |s: &Session, key: &(String, u32, u32)| {
            (key.0.clone(), fold_search(s.data.products.name(key.1)), fold_search(s.data.models.name(key.2)))
        };
        let mut waiting: HashMap<(String, String, String), Vec<u32>> = HashMap::new();
        for (i, key) in prediction_keys(&before).into_iter().enumerate().rev() {
            if let Some(key) = key {
                waiting.entry(name_of(&before, &key)).or_default().push(i as u32);
            }
        }
        let mut matched_before = vec![false; before.data.predictions.len()];
        let (mut before_row, mut after_row) = (Vec::new(), Vec::new());
        for (j, key) in prediction_keys(&after).into_iter().enumerate() {
            let partner = key.and_then(|key| waiting.get_mut(&name_of(&after, &key)).and_then(|v| v.pop()));
            if let Some(i) = partner {
                matched_before[i as usize] = true;
            }
            before_row.push(partner.unwrap_or(NONE));
            after_row.push(j as u32);
        }
        for (i, matched) in matched_before.iter().enumerate() {
            if !matched {
                before_row.push(i as u32);
                after_row.push(NONE);
            }
        }
        Comparison { before, after, before_row, after_row }
    }

    pub fn len(&self) -> usize {
        self.before_row.len()
    }

    pub fn is_empty(&self) -> bool {
        self.before_row.is_empty()
    }

    /// The cluster before and after of pair `k` (None: no prediction on that side).
    pub fn clusters(&self, k: usize) -> (Option<ClusterKey>, Option<ClusterKey>) {
        let side = |s: &Session, row: u32| (row != NONE).then(|| s.derived.cluster_key(row as usize));
        (side(&self.before, self.before_row[k]), side(&self.after, self.after_row[k]))
    }

    pub fn direction(&self, k: usize) -> Direction {
        match self.clusters(k) {
            (None, _) => Direction::New,
            (_, None) => Direction::Gone,
            (Some(b), Some(a)) if a.index() < b.index() => Direction::Up,
            (Some(b), Some(a)) if a.index() > b.index() => Direction::Down,
            _ => Direction::Unchanged,
        }
    }

    /// The pairs a filter keeps: those whose prediction passes on either side.
    pub fn apply(&self, filter: &Filter) -> Vec<u32> {
        let mask = |s: &Session| {
            let mut m = vec![false; s.data.predictions.len()];
            for i in filter.apply(&s.data, &s.derived) {
                m[i as usize] = true;
            }
            m
        };
        let (b, a) = (mask(&self.before), mask(&self.after));
        (0..self.len())
            .filter(|&k| {
                let (i, j) = (self.before_row[k], self.after_row[k]);
                (i != NONE && b[i as usize]) || (j != NONE && a[j as usize])
            })
            .map(|k| k as u32)
            .collect()
    }

    /// The transition table of some pairs.
    pub fn transitions(&self, pairs: &[u32]) -> Transitions {
        let mut t = Transitions::default();
        for &k in pairs {
            let k = k as usize;
            let (b, a) = self.clusters(k);
            let row = b.map(|c| c.index()).unwrap_or(NEW_ROW);
            let col = a.map(|c| c.index()).unwrap_or(GONE_COL);
            let cell = &mut t.cells[row][col];
            cell.0 += 1;
            if let Some(_after) = a {
                let ws = self.after.data.predictions.whitespace[self.after_row[k] as usize];
                if !ws.is_nan() {
                    cell.1 += ws;
                }
            }
            match self.direction(k) {
                Direction::Up => t.moved_up += 1,
                Direction::Down => t.moved_down += 1,
                Direction::Unchanged => t.unchanged += 1,
                Direction::New => t.new += 1,
                Direction::Gone => t.gone += 1,
            }
        }
        t
    }
}

/// Row of the transition table for predictions new in "after".
pub const NEW_ROW: usize = 5;
/// Column of the transition table for predictions gone from "before".
pub const GONE_COL: usize = 5;

/// Rows: cluster before (the four, unscored, new); columns: cluster after (the four,
/// unscored, gone). Each cell: predictions and their whitespace revenue after.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transitions {
    pub cells: [[(usize, f64); 6]; 6],
    pub moved_up: usize,
    pub moved_down: usize,
    pub unchanged: usize,
    pub new: usize,
    pub gone: usize,
}

impl Transitions {
    pub fn count(&self, before: Option<ClusterKey>, after: Option<ClusterKey>) -> usize {
        self.cells[before.map(|c| c.index()).unwrap_or(NEW_ROW)][after.map(|c| c.index()).unwrap_or(GONE_COL)].0
    }

    /// Row sums are the "before" cluster counts (plus new), column sums the "after" counts
    /// (plus gone): the first that is not, in words.
    pub fn reconcile(&self, before: &super::Summary, after: &super::Summary) -> Result<(), String> {
        for (r, key) in ClusterKey::ALL.iter().enumerate() {
            let row: usize = self.cells[r].iter().map(|c| c.0).sum();
            if row != before.cluster(*key).rows {
                return Err(format!("row {} sums to {row}, before has {}", key.key(), before.cluster(*key).rows));
            }
            let col: usize = (0..6).map(|x| self.cells[x][r].0).sum();
            if col != after.cluster(*key).rows {
                return Err(format!("column {} sums to {col}, after has {}", key.key(), after.cluster(*key).rows));
            }
        }
        let new: usize = self.cells[NEW_ROW].iter().map(|c| c.0).sum();
        let gone: usize = (0..6).map(|x| self.cells[x][GONE_COL].0).sum();
        if new != self.new || gone != self.gone {
            return Err(format!("new {new} / {} or gone {gone} / {}", self.new, self.gone));
        }
        Ok(())
    }

    /// `{"evaluate": {"act_now": 12, ...}, ..., "new": {...}}` with "gone" as a column.
    pub fn to_json(&self) -> Value {
        let row_key = |r: usize| if r == NEW_ROW { "new" } else { ClusterKey::ALL[r].key() };
        let col_key = |c: usize| if c == GONE_COL { "gone" } else { ClusterKey::ALL[c].key() };
        let rows: serde_json::Map<String, Value> = (0..6)
            .map(|r| {
                let cols: serde_json::Map<String, Value> =
                    (0..6).map(|c| (col_key(c).to_string(), json!(self.cells[r][c].0))).collect();
                (row_key(r).to_string(), Value::Object(cols))
            })
            .collect();
        Value::Object(rows)
    }
}
