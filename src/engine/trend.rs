//! Trends over the library's months: each month opened in turn, its rules recomputed (the
//! rules in force, not those of the day it was added), the filter applied, and only its
//! figures and each customer's best cluster kept, so a year of large months never needs a
//! year of data sets in memory.

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use super::Session;
use super::accounts::Accounts;
use super::dataset::Dataset;
use super::derive::Derived;
use super::filter::Filter;
use super::history::{ABSENT, CustomerHistory, NO_PREDICTION};
use super::library::{Library, LibraryError, Month, load_digest, load_entry};
use super::load::LoadOptions;
use super::rules::Rules;
use super::summary::Cards;
use super::text::fold_search;

/// One month's figures under the filter.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthFigures {
    pub month: Month,
    /// Predictions.
    pub rows: usize,
    pub customers: usize,
    /// Customers in the filter not in it the month before (None for the first month).
    pub new_customers: Option<usize>,
    /// Customers in the filter the month before and not in it this month.
    pub gone_customers: Option<usize>,
    /// Predictions per cluster in force (by [`super::ClusterKey::index`]).
    pub clusters: [usize; 5],
    pub segments: [usize; 5],
    /// Predictions per matrix cell (by [`super::MatrixCell::index`]).
    pub cells: [usize; 16],
    /// Accounts per best cluster (index 5: no prediction).
    pub accounts_by_best: [usize; 6],
    pub cards: Cards,
}

impl MonthFigures {
    fn empty(month: Month) -> MonthFigures {
        MonthFigures {
            month,
            rows: 0,
            customers: 0,
            new_customers: None,
            gone_customers: None,
            clusters: [0; 5],
            segments: [0; 5],
            cells: [0; 16],
            accounts_by_best: [0; 6],
            cards: Cards::default(),
        }
    }
}

/// What a trend covers.
#[derive(Clone, Debug)]
pub struct TrendRequest<'a> {
    pub filter: &'a Filter,
    pub rules: &'a Rules,
    pub as_of: NaiveDate,
    /// The months from and to (both included; None: the first, the last).
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub load: &'a LoadOptions,
}

/// Progress of a trend: the month being read.
#[derive(Clone, Copy, Debug)]
pub struct TrendProgress {
    pub month: Month,
    pub done: usize,
    pub months: usize,
}

/// The months' figures and each customer's best cluster month by month.
#[derive(Clone, Debug, Default)]
pub struct Trend {
    pub months: Vec<MonthFigures>,
    /// The months that could not be read, and why (the trend goes on without them).
    pub skipped: Vec<(Month, Arc<LibraryError>)>,
    /// Customer keys (id, else folded name) to their code in `best`.
    keys: HashMap<Box<str>, u32>,
    /// Per month, each customer code's best cluster over all its predictions (see
    /// [`super::history`]), [`ABSENT`] past the customers it had.
    best: Vec<Vec<u8>>,
}

/// A customer's key across months: its id, else its folded name (as a comparison matches).
fn customer_key(ds: &Dataset, customer: usize) -> Option<String> {
    let id = ds.customers.id.get(customer);
    if !id.is_empty() {
        return Some(format!("i:{id}"));
    }
    let name = ds.customers.name.get(customer);
    (!name.is_empty()).then(|| format!("n:{}", fold_search(name)))
}

/// Each customer's best cluster over all its predictions (by cluster index, or
/// [`NO_PREDICTION`]).
pub fn best_clusters(ds: &Dataset, d: &Derived) -> Vec<u8> {
    let mut best = vec![NO_PREDICTION; ds.customers.len()];
    for (i, customer) in ds.predictions.customer.iter().enumerate() {
        let slot = &mut best[*customer as usize];
        *slot = (*slot).min(d.cluster[i]);
    }
    best
}

impl Trend {
    /// Works out the trend over the library's months in the request's range, in order.
    pub fn compute(
        library: &Library,
        request: &TrendRequest<'_>,
        progress: &mut dyn FnMut(TrendProgress),
    ) -> Result<Trend, LibraryError> {
        let listing = library.list()?;
        let entries: Vec<_> = listing
            .entries
            .iter()
            .filter(|e| request.from.is_none_or(|m| e.month >= m) && request.to.is_none_or(|m| e.month <= m))
            .collect();
        let mut trend = Trend::default();
        let mut before: Option<Vec<u32>> = None;
        for (done, entry) in entries.iter().enumerate() {
            progress(TrendProgress { month: entry.month, done, months: entries.len() });
            // the digest when the filter asks nothing of the source columns
            let digest = request.filter.columns.is_empty().then(|| load_digest(entry)).flatten();
            let ds = match digest.and_then(Result::ok).map_or_else(|| load_entry(entry, request.load, &mut |_| {}), Ok)
            {
                Ok(ds) => ds,
                Err(e) => {
                    trend.skipped.push((entry.month, Arc::new(e)));
                    continue;
                }
            };
            let session = Session::new(Arc::new(ds), request.rules.clone(), request.as_of);
            let in_filter = trend.add_month(entry.month, session, request.filter, before.as_deref());
            before = Some(in_filter);
        }
        Ok(trend)
    }

    /// Adds a month: its customers' best clusters, then its figures under the filter.
    /// Returns the codes of the customers in the filter, sorted.
    fn add_month(&mut self, month: Month, mut session: Session, filter: &Filter, before: Option<&[u32]>) -> Vec<u32> {
        let ds = Arc::clone(&session.data);
        let codes: Vec<Option<u32>> = (0..ds.customers.len())
            .map(|c| {
                let key = customer_key(&ds, c)?;
                let next = self.keys.len() as u32;
                Some(*self.keys.entry(key.into_boxed_str()).or_insert(next))
            })
            .collect();
        let best = best_clusters(&ds, &session.derived);
        let mut by_code = vec![ABSENT; self.keys.len()];
        for (c, code) in codes.iter().enumerate() {
            if let Some(code) = code {
                by_code[*code as usize] = best[c];
            }
        }
        self.best.push(by_code);
        self.months.push(MonthFigures::empty(month));
        if filter.streak.is_some() || filter.new_this_month {
            let history = self.history_of(&ds, &codes, self.months.len());
            Arc::make_mut(&mut session.derived).history = Some(Arc::new(history));
        }
        let (rows, summary) = session.filtered(filter);
        let accounts = Accounts::new(&ds, &session.derived, filter, &rows);
        let mut in_filter: Vec<u32> = accounts.lines.iter().filter_map(|l| codes[l.customer as usize]).collect();
        in_filter.sort_unstable();
        in_filter.dedup();
        let counts = accounts.counts(&session.derived);
        let figures = self.months.last_mut();
        if let Some(f) = figures {
            f.rows = summary.rows;
            f.customers = summary.customers;
            f.clusters = summary.clusters.map(|c| c.rows);
            f.segments = summary.segments;
            f.cells = summary.matrix.map(|c| c.rows);
            f.accounts_by_best = counts.by_best;
            f.cards = summary.cards;
            if let Some(before) = before {
                f.new_customers = Some(in_filter.iter().filter(|c| before.binary_search(c).is_err()).count());
                f.gone_customers = Some(before.iter().filter(|c| in_filter.binary_search(c).is_err()).count());
            }
        }
        in_filter
    }

    /// The history of a data set's customers over the first `months` months of the trend.
    fn history_of(&self, ds: &Dataset, codes: &[Option<u32>], months: usize) -> CustomerHistory {
        let months = months.min(self.months.len());
        let mut best = Vec::with_capacity(ds.customers.len() * months);
        for code in codes {
            for m in 0..months {
                let at = code.and_then(|code| self.best[m].get(code as usize).copied());
                best.push(at.unwrap_or(ABSENT));
            }
        }
        CustomerHistory::new(self.months[..months].iter().map(|f| f.month).collect(), best)
    }

    /// The history of a month's customers: the trend's months before `month`, then the
    /// month itself as `ds` and `d` give it.
    pub fn history_for(&self, ds: &Dataset, d: &Derived, month: Month) -> CustomerHistory {
        let earlier = self.months.iter().take_while(|f| f.month < month).count();
        let now = best_clusters(ds, d);
        let n = earlier + 1;
        let mut best = Vec::with_capacity(ds.customers.len() * n);
        for (c, current) in now.iter().enumerate() {
            let code = customer_key(ds, c).and_then(|key| self.keys.get(key.as_str()).copied());
            for m in 0..earlier {
                best.push(code.and_then(|code| self.best[m].get(code as usize).copied()).unwrap_or(ABSENT));
            }
            best.push(*current);
        }
        let mut months: Vec<Month> = self.months[..earlier].iter().map(|f| f.month).collect();
        months.push(month);
        CustomerHistory::new(months, best)
    }

    pub fn month_list(&self) -> Vec<Month> {
        self.months.iter().map(|f| f.month).collect()
    }
}
