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
use super::history::{ABSENT, CustomerHistory};
use super::library::digest::DigestParts;
use super::library::{Entry, Library, LibraryError, Month, load_digest, load_entry};
use super::load::LoadOptions;
use super::rules::Rules;
use super::summary::Cards;
use super::text::fold_search;
use std::sync::mpsc;

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
    keys: CustomerCodes,
    /// Per month, each customer code's best cluster over all its predictions (see
    /// [`super::history`]), [`ABSENT`] past the customers it had.
    best: Vec<Vec<u8>>,
}

/// Customers' keys across months (their id, else their folded name, as a comparison
/// matches them) to a code of the trend's; a key is copied once, when first met.
#[derive(Clone, Debug, Default)]
struct CustomerCodes {
    ids: HashMap<Box<str>, u32>,
    names: HashMap<Box<str>, u32>,
}

impl CustomerCodes {
    fn len(&self) -> usize {
        self.ids.len() + self.names.len()
    }

    /// A customer's code, made when it is new (None: neither id nor name).
    fn code(&mut self, ds: &Dataset, customer: usize) -> Option<u32> {
        let next = self.len() as u32;
        let id = ds.customers.id.get(customer);
        if !id.is_empty() {
            if let Some(code) = self.ids.get(id) {
                return Some(*code);
            }
            self.ids.insert(id.into(), next);
            return Some(next);
        }
        let name = ds.customers.name.get(customer);
        if name.is_empty() {
            return None;
        }
        Some(*self.names.entry(fold_search(name).into_boxed_str()).or_insert(next))
    }

    /// A customer's code, if the trend has met it.
    fn find(&self, ds: &Dataset, customer: usize) -> Option<u32> {
        let id = ds.customers.id.get(customer);
        if !id.is_empty() {
            return self.ids.get(id).copied();
        }
        let name = ds.customers.name.get(customer);
        if name.is_empty() { None } else { self.names.get(fold_search(name).as_str()).copied() }
    }
}

/// A month opened under the rules in force: its digest when the filter asks nothing of the
/// source columns, else its tables.
fn open(entry: &Entry, request: &TrendRequest<'_>) -> Result<Session, LibraryError> {
    // a search reads the customers' domains and workloads too
    let parts = if request.filter.search.trim().is_empty() { DigestParts::ForFigures } else { DigestParts::All };
    let digest = request.filter.columns.is_empty().then(|| load_digest(entry, parts)).flatten();
    let ds = match digest.and_then(Result::ok) {
        Some(ds) => ds,
        None => load_entry(entry, request.load, &mut |_| {})?,
    };
    Ok(Session::new(Arc::new(ds), request.rules.clone(), request.as_of))
}

/// A month's figures under the filter, and its customers in the filter. `best`: each
/// customer's best cluster over all its predictions, which without a filter are the
/// accounts' best clusters.
fn figures(month: Month, session: &Session, filter: &Filter, best: &[u8]) -> (MonthFigures, Vec<u32>) {
    let (rows, summary) = session.filtered(filter);
    let (by_best, in_filter) = if filter.is_empty() {
        let mut by_best = [0usize; 6];
        for code in best {
            by_best[usize::from(*code).min(5)] += 1;
        }
        (by_best, (0..best.len() as u32).collect())
    } else {
        let accounts = Accounts::new(&session.data, &session.derived, filter, &rows);
        (accounts.counts(&session.derived).by_best, accounts.lines.iter().map(|l| l.customer).collect())
    };
    let figures = MonthFigures {
        rows: summary.rows,
        customers: summary.customers,
        clusters: summary.clusters.map(|c| c.rows),
        segments: summary.segments,
        cells: summary.matrix.map(|c| c.rows),
        accounts_by_best: by_best,
        cards: summary.cards,
        ..MonthFigures::empty(month)
    };
    (figures, in_filter)
}

/// A month worked out off the trend's thread: all but what depends on the months before.
struct Worked {
    session: Session,
    best: Vec<u8>,
    figures: MonthFigures,
    in_filter: Vec<u32>,
}

fn work(entry: &Entry, request: &TrendRequest<'_>) -> Result<Worked, LibraryError> {
    let session = open(entry, request)?;
    let best = session.derived.best_clusters(&session.data);
    let (figures, in_filter) = figures(entry.month, &session, request.filter, &best);
    Ok(Worked { session, best, figures, in_filter })
}

impl Trend {
    /// Works out the trend over the library's months in the request's range, in order.
    /// Months are opened two at a time (one per core, at most two); a filter on the months
    /// before (a streak, new customers) takes them one after the other.
    pub fn compute(
        library: &Library,
        request: &TrendRequest<'_>,
        progress: &mut dyn FnMut(TrendProgress),
    ) -> Result<Trend, LibraryError> {
        let listing = library.list()?;
        let entries: Vec<&Entry> = listing
            .entries
            .iter()
            .filter(|e| request.from.is_none_or(|m| e.month >= m) && request.to.is_none_or(|m| e.month <= m))
            .collect();
        let mut trend = Trend::default();
        let mut before: Option<Vec<bool>> = None;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if request.filter.streak.is_some() || request.filter.new_this_month || cores < 2 || entries.len() < 2 {
            for (done, entry) in entries.iter().enumerate() {
                progress(TrendProgress { month: entry.month, done, months: entries.len() });
                match open(entry, request) {
                    Ok(session) => trend.add_month(entry.month, session, request.filter, &mut before),
                    Err(e) => trend.skipped.push((entry.month, Arc::new(e))),
                }
            }
            return Ok(trend);
        }
        // month k on worker k % 2, handed over when the merge asks for it: at most three
        // months in memory (one merged, two worked out)
        let (senders, receivers): (Vec<_>, Vec<_>) =
            (0..2).map(|_| mpsc::sync_channel::<Result<Worked, LibraryError>>(0)).unzip();
        std::thread::scope(|scope| {
            for (w, tx) in senders.into_iter().enumerate() {
                let entries = &entries;
                scope.spawn(move || {
                    for entry in entries.iter().skip(w).step_by(2) {
                        if tx.send(work(entry, request)).is_err() {
                            return;
                        }
                    }
                });
            }
            for (done, entry) in entries.iter().enumerate() {
                let Ok(worked) = receivers[done % 2].recv() else { break };
                progress(TrendProgress { month: entry.month, done, months: entries.len() });
                match worked {
                    Ok(worked) => trend.merge(worked, &mut before),
                    Err(e) => trend.skipped.push((entry.month, Arc::new(e))),
                }
            }
        });
        Ok(trend)
    }

    /// Records a month's customers' best clusters; their codes.
    fn record(&mut self, ds: &Dataset, best: &[u8]) -> Vec<Option<u32>> {
        let codes: Vec<Option<u32>> = (0..ds.customers.len()).map(|c| self.keys.code(ds, c)).collect();
        let mut by_code = vec![ABSENT; self.keys.len()];
        for (c, code) in codes.iter().enumerate() {
            if let Some(code) = code {
                by_code[*code as usize] = best[c];
            }
        }
        self.best.push(by_code);
        codes
    }

    /// A month's figures, with its new and gone customers against the month before.
    fn push_figures(
        &mut self,
        mut figures: MonthFigures,
        in_filter: &[u32],
        codes: &[Option<u32>],
        before: &mut Option<Vec<bool>>,
    ) {
        let mut now = vec![false; self.keys.len()];
        for code in in_filter.iter().filter_map(|&c| codes[c as usize]) {
            now[code as usize] = true;
        }
        if let Some(before) = before.as_ref() {
            let was = |code: usize| before.get(code).copied().unwrap_or(false);
            figures.new_customers = Some((0..now.len()).filter(|&k| now[k] && !was(k)).count());
            figures.gone_customers = Some((0..before.len()).filter(|&k| before[k] && !now[k]).count());
        }
        self.months.push(figures);
        *before = Some(now);
    }

    fn merge(&mut self, worked: Worked, before: &mut Option<Vec<bool>>) {
        let codes = self.record(&worked.session.data, &worked.best);
        self.push_figures(worked.figures, &worked.in_filter, &codes, before);
    }

    /// Adds a month one after the other: its customers' history is known before its
    /// figures, for a filter on the months before.
    fn add_month(&mut self, month: Month, mut session: Session, filter: &Filter, before: &mut Option<Vec<bool>>) {
        let best = session.derived.best_clusters(&session.data);
        let codes = self.record(&session.data, &best);
        if filter.streak.is_some() || filter.new_this_month {
            let history = self.history_of(&session.data, &codes, self.best.len(), month);
            Arc::make_mut(&mut session.derived).history = Some(Arc::new(history));
        }
        let (figures, in_filter) = figures(month, &session, filter, &best);
        self.push_figures(figures, &in_filter, &codes, before);
    }

    /// The history of a data set's customers over the trend's months recorded so far
    /// (`recorded`: the months' figures, then `month`, recorded and not yet figured).
    fn history_of(&self, ds: &Dataset, codes: &[Option<u32>], recorded: usize, month: Month) -> CustomerHistory {
        let mut best = Vec::with_capacity(ds.customers.len() * recorded);
        for code in codes {
            for m in 0..recorded {
                let at = code.and_then(|code| self.best[m].get(code as usize).copied());
                best.push(at.unwrap_or(ABSENT));
            }
        }
        let mut months: Vec<Month> = self.months.iter().map(|f| f.month).collect();
        months.push(month);
        CustomerHistory::new(months, best)
    }

    /// The history of a month's customers: the trend's months before `month`, then the
    /// month itself as `ds` and `d` give it.
    pub fn history_for(&self, ds: &Dataset, d: &Derived, month: Month) -> CustomerHistory {
        let earlier = self.months.iter().take_while(|f| f.month < month).count();
        let now = d.best_clusters(ds);
        let n = earlier + 1;
        let mut best = Vec::with_capacity(ds.customers.len() * n);
        for (c, current) in now.iter().enumerate() {
            let code = self.keys.find(ds, c);
            for m in 0..earlier {
                best.push(code.and_then(|code| self.best[m].get(code as usize).copied()).unwrap_or(ABSENT));
            }
            best.push(*current);
        }
        let mut months: Vec<Month> = self.months[..earlier].iter().map(|f| f.month).collect();
        months.push(month);
        CustomerHistory::new(months, best)
    }
}
