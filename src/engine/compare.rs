//! Two months side by side: predictions matched by (customer, product, model), customers by
//! customer id, else name. Each matched prediction moved up, down or stayed; the others are
//! new or gone. The transition table reconciles with both months' cluster counts.

use super::summary::Unreconciled;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use super::Session;
use super::dataset::Interner;
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
    /// In the order moves are listed (see [`Direction::rank`]).
    pub const ALL: [Direction; 5] =
        [Direction::Up, Direction::Down, Direction::New, Direction::Gone, Direction::Unchanged];

    /// Where a move is listed: up, down, new, gone, then unchanged.
    pub fn rank(self) -> usize {
        match self {
            Direction::Up => 0,
            Direction::Down => 1,
            Direction::New => 2,
            Direction::Gone => 3,
            Direction::Unchanged => 4,
        }
    }

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

/// The matched predictions of two months. Pair `k` for `k` below the number of "after"
/// predictions is after prediction `k` (matched or new); the gone ones follow.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub before: Session,
    pub after: Session,
    /// Prediction index before, or [`NONE`] (new).
    pub before_row: Vec<u32>,
    /// Prediction index after, or [`NONE`] (gone).
    pub after_row: Vec<u32>,
}

/// Customer keys shared by both months: the id, else the folded name ("" = neither).
#[derive(Default)]
pub(super) struct CustomerKeys<'a> {
    codes: FxHashMap<(bool, std::borrow::Cow<'a, str>), u32>,
}

impl<'a> CustomerKeys<'a> {
    /// The shared code of each customer of `session` (NONE: neither id nor name).
    pub(super) fn codes_of(&mut self, session: &'a Session) -> Vec<u32> {
        let c = &session.data.customers;
        (0..c.len())
            .map(|i| {
                let id = c.id.get(i);
                let key = if !id.is_empty() {
                    (true, std::borrow::Cow::Borrowed(id))
                } else {
                    let name = c.name.get(i);
                    if name.is_empty() {
                        return NONE;
                    }
                    (false, std::borrow::Cow::Owned(fold_search(name)))
                };
                let next = self.codes.len() as u32;
                *self.codes.entry(key).or_insert(next)
            })
            .collect()
    }
}

/// Shared codes for the names of an interner (products, models), matched folded.
fn name_codes(interner: &Interner, shared: &mut FxHashMap<String, u32>) -> Vec<u32> {
    (0..interner.len() as u32)
        .map(|code| {
            let next = shared.len() as u32;
            *shared.entry(fold_search(interner.name(code))).or_insert(next)
        })
        .collect()
}

/// The matching key of each prediction, or None for a customer with neither id nor name.
fn prediction_keys(session: &Session, customers: &[u32], products: &[u32], models: &[u32]) -> Vec<Option<Key>> {
    let p = &session.data.predictions;
    (0..p.len())
        .map(|i| {
            let customer = customers[p.customer[i] as usize];
            (customer != NONE).then(|| (customer, products[p.product[i] as usize], models[p.model[i] as usize]))
        })
        .collect()
}

/// (customer, product, model), each a code shared by both months.
type Key = (u32, u32, u32);

impl Comparison {
    /// Matches the predictions of `before` and `after` (the same rules apply to both).
    /// A key listed several times in a month is matched in source order.
    pub fn new(before: Session, after: Session) -> Comparison {
        let (before_keys, after_keys) = {
            let mut customers = CustomerKeys { codes: FxHashMap::default() };
            let (cb, ca) = (customers.codes_of(&before), customers.codes_of(&after));
            // products and models are matched by name: each month numbers them its own way
            let mut names = FxHashMap::default();
            let (pb, pa) =
                (name_codes(&before.data.products, &mut names), name_codes(&after.data.products, &mut names));
            let mut names = FxHashMap::default();
            let (mb, ma) = (name_codes(&before.data.models, &mut names), name_codes(&after.data.models, &mut names));
            (prediction_keys(&before, &cb, &pb, &mb), prediction_keys(&after, &ca, &pa, &ma))
        };
        // the first "before" prediction of each key, and the next one of the same key
        let mut first: FxHashMap<Key, u32> = FxHashMap::default();
        first.reserve(before_keys.len());
        let mut next = vec![NONE; before_keys.len()];
        for (i, key) in before_keys.iter().enumerate().rev() {
            if let Some(key) = key
                && let Some(previous) = first.insert(*key, i as u32)
            {
                next[i] = previous;
            }
        }
        let mut matched_before = vec![false; before_keys.len()];
        let mut before_row = Vec::with_capacity(after_keys.len() + before_keys.len() / 8);
        let mut after_row = Vec::with_capacity(after_keys.len() + before_keys.len() / 8);
        for (j, key) in after_keys.iter().enumerate() {
            let partner = key.and_then(|key| {
                let slot = first.get_mut(&key)?;
                let i = *slot;
                if i == NONE {
                    return None;
                }
                *slot = next[i as usize];
                Some(i)
            });
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
        let (row, col) = self.transition_cell(k);
        MoveFilter::direction_of(row, col)
    }

    /// The prediction before and after of pair `k` (None: no prediction on that side).
    pub fn rows(&self, k: usize) -> (Option<usize>, Option<usize>) {
        let side = |row: u32| (row != NONE).then_some(row as usize);
        (side(self.before_row[k]), side(self.after_row[k]))
    }

    /// The transition-table cell of pair `k`: (row, column), see [`NEW_ROW`] and [`GONE_COL`].
    pub fn transition_cell(&self, k: usize) -> (usize, usize) {
        let (b, a) = self.clusters(k);
        (b.map(|c| c.index()).unwrap_or(NEW_ROW), a.map(|c| c.index()).unwrap_or(GONE_COL))
    }

    /// The pairs a filter keeps: those whose prediction passes on either side.
    pub fn apply(&self, filter: &Filter) -> Vec<u32> {
        if filter.is_empty() {
            return (0..self.len() as u32).collect();
        }
        let (b, a) = std::thread::scope(|scope| {
            let before = scope.spawn(|| filter.apply(&self.before.data, &self.before.derived));
            let a = filter.apply(&self.after.data, &self.after.derived);
            (before.join().unwrap_or_default(), a)
        });
        self.pairs_of(&b, &a)
    }

    /// The pairs whose prediction is among `before` (indices into the month before) or
    /// among `after`, in any order: a filter's rows in each month, computed once.
    pub fn pairs_of(&self, before: &[u32], after: &[u32]) -> Vec<u32> {
        let mask = |rows: &[u32], n: usize| {
            let mut m = vec![false; n];
            for &i in rows {
                m[i as usize] = true;
            }
            m
        };
        let b = mask(before, self.before.data.predictions.len());
        let a = mask(after, self.after.data.predictions.len());
        let pass = |m: &[bool], row: u32| row != NONE && m.get(row as usize).copied().unwrap_or(false);
        (0..self.len())
            .filter(|&k| pass(&b, self.before_row[k]) || pass(&a, self.after_row[k]))
            .map(|k| k as u32)
            .collect()
    }

    /// Keeps the pairs a move filter selects.
    pub fn select(&self, pairs: &mut Vec<u32>, moves: &MoveFilter) {
        select_by(pairs, moves, |k| self.transition_cell(k));
    }

    /// [`Comparison::select`] with the cells looked up in `codes` (see [`Comparison::codes`]).
    pub fn select_coded(&self, pairs: &mut Vec<u32>, moves: &MoveFilter, codes: &TransitionCodes) {
        select_by(pairs, moves, |k| codes.cell(k));
    }

    /// The transition table of some pairs.
    pub fn transitions(&self, pairs: &[u32]) -> Transitions {
        self.transitions_by(pairs, |k| self.transition_cell(k))
    }

    /// [`Comparison::transitions`] with the cells looked up in `codes`.
    pub fn transitions_coded(&self, pairs: &[u32], codes: &TransitionCodes) -> Transitions {
        self.transitions_by(pairs, |k| codes.cell(k))
    }

    fn transitions_by(&self, pairs: &[u32], cell_of: impl Fn(usize) -> (usize, usize)) -> Transitions {
        let mut t = Transitions::default();
        let whitespace = &self.after.data.predictions.whitespace;
        for &k in pairs {
            let k = k as usize;
            let (row, col) = cell_of(k);
            let cell = &mut t.cells[row][col];
            cell.0 += 1;
            if col != GONE_COL {
                let ws = whitespace[self.after_row[k] as usize];
                if !ws.is_nan() {
                    cell.1 += ws;
                }
            }
            match MoveFilter::direction_of(row, col) {
                Direction::Up => t.moved_up += 1,
                Direction::Down => t.moved_down += 1,
                Direction::Unchanged => t.unchanged += 1,
                Direction::New => t.new += 1,
                Direction::Gone => t.gone += 1,
            }
        }
        t
    }

    /// The transition cell of every pair, for the current rules of both months: filters and
    /// tables then read one byte per pair instead of both months' derived columns.
    pub fn codes(&self) -> TransitionCodes {
        TransitionCodes(
            (0..self.len())
                .map(|k| {
                    let (r, c) = self.transition_cell(k);
                    (r * 6 + c) as u8
                })
                .collect(),
        )
    }
}

/// Each pair's transition cell as row * 6 + column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransitionCodes(Vec<u8>);

impl TransitionCodes {
    pub fn cell(&self, k: usize) -> (usize, usize) {
        let code = usize::from(self.0[k]);
        (code / 6, code % 6)
    }

    pub fn direction(&self, k: usize) -> Direction {
        let (r, c) = self.cell(k);
        MoveFilter::direction_of(r, c)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn select_by(pairs: &mut Vec<u32>, moves: &MoveFilter, cell_of: impl Fn(usize) -> (usize, usize)) {
    if moves.is_empty() {
        return;
    }
    let mut cell_ok = [[false; 6]; 6];
    for &(r, c) in &moves.cells {
        if let Some(cell) = cell_ok.get_mut(r as usize).and_then(|row| row.get_mut(c as usize)) {
            *cell = true;
        }
    }
    pairs.retain(|&k| {
        let (r, c) = cell_of(k as usize);
        cell_ok[r][c] || (moves.up && r < NEW_ROW && c < r) || (moves.down && c != GONE_COL && c > r)
    });
}

/// Which moves to keep: all moves up, all moves down, and chosen transition cells
/// (row = cluster before or [`NEW_ROW`], column = cluster after or [`GONE_COL`]). Empty keeps all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct MoveFilter {
    pub up: bool,
    pub down: bool,
    pub cells: BTreeSet<(u8, u8)>,
}

impl MoveFilter {
    pub fn is_empty(&self) -> bool {
        !self.up && !self.down && self.cells.is_empty()
    }

    /// One transition cell.
    pub fn cell(before: Option<ClusterKey>, after: Option<ClusterKey>) -> MoveFilter {
        let row = before.map(|c| c.index()).unwrap_or(NEW_ROW) as u8;
        let col = after.map(|c| c.index()).unwrap_or(GONE_COL) as u8;
        MoveFilter { cells: [(row, col)].into(), ..MoveFilter::default() }
    }

    /// The direction of a transition cell.
    pub fn direction_of(row: usize, col: usize) -> Direction {
        if row == NEW_ROW {
            Direction::New
        } else if col == GONE_COL {
            Direction::Gone
        } else if col < row {
            Direction::Up
        } else if col > row {
            Direction::Down
        } else {
            Direction::Unchanged
        }
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
    pub fn reconcile(&self, before: &super::Summary, after: &super::Summary) -> Result<(), Unreconciled> {
        for (r, key) in ClusterKey::ALL.iter().enumerate() {
            let row: usize = self.cells[r].iter().map(|c| c.0).sum();
            if row != before.cluster(*key).rows {
                let count = before.cluster(*key).rows;
                return Err(Unreconciled::Transition { side: "row", cluster: key.key(), sum: row, count });
            }
            let col: usize = (0..6).map(|x| self.cells[x][r].0).sum();
            if col != after.cluster(*key).rows {
                let count = after.cluster(*key).rows;
                return Err(Unreconciled::Transition { side: "column", cluster: key.key(), sum: col, count });
            }
        }
        let new_sum: usize = self.cells[NEW_ROW].iter().map(|c| c.0).sum();
        let gone_sum: usize = (0..6).map(|x| self.cells[x][GONE_COL].0).sum();
        if new_sum != self.new || gone_sum != self.gone {
            return Err(Unreconciled::NewOrGone { new_sum, new: self.new, gone_sum, gone: self.gone });
        }
        Ok(())
    }
}
