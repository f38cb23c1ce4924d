//! Derived columns: what the rules and the as-of date make of the data set. Computed in
//! one pass over the predictions and customers whenever the rules or the date change.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::dataset::{Dataset, ScoreState, WorkbookCluster};
use super::rules::{Band, ClusterKey, ClusterSource, MatrixCell, Rules, Segment};

/// No matrix cell (a band is missing).
pub const NO_CELL: u8 = u8::MAX;

/// Microsoft's fiscal year (1 July - 30 June) containing a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FiscalYear {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl FiscalYear {
    pub fn containing(date: NaiveDate) -> FiscalYear {
        let start_year = if date.month() >= 7 { date.year() } else { date.year() - 1 };
        FiscalYear {
            start: NaiveDate::from_ymd_opt(start_year, 7, 1).unwrap_or(date),
            end: NaiveDate::from_ymd_opt(start_year + 1, 6, 30).unwrap_or(date),
        }
    }

    /// "FY27" for 2026-07-01 .. 2027-06-30 (the key JSON keeps).
    pub fn label(&self) -> String {
        format!("FY{:02}", self.end.year().rem_euclid(100))
    }

    /// "27": the year it ends in, two digits (the words layer writes "FY27" or "AF27").
    pub fn two_digits(&self) -> String {
        format!("{:02}", self.end.year().rem_euclid(100))
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// How a prediction's recomputed cluster compares with the workbook's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    Agrees,
    Disagrees,
    /// The workbook gives no cluster for it.
    NoWorkbookCluster,
    /// The workbook's label reads as no cluster.
    WorkbookUnreadable,
    /// Not recomputed (its cluster comes from the workbook, or it is unscored).
    NotRecomputed,
}

/// Everything the rules and the as-of date derive.
#[derive(Clone, Debug)]
pub struct Derived {
    pub rules: Rules,
    pub as_of: NaiveDate,
    pub fiscal_year: FiscalYear,
    pub fit_band: Vec<Option<Band>>,
    pub intent_band: Vec<Option<Band>>,
    /// Matrix cell index or [`NO_CELL`].
    pub cell: Vec<u8>,
    /// The cluster in force as a [`ClusterKey`] index (4 = unscored).
    pub cluster: Vec<u8>,
    pub source: Vec<ClusterSource>,
    pub agreement: Vec<Agreement>,
    pub segment: Vec<Segment>,
    pub segment_from_workbook: Vec<bool>,
    /// Both top rules, kept for the table even where the pie shows compute.
    pub is_top_compute: Vec<bool>,
    pub is_top_user: Vec<bool>,
    pub agreement_expiring: Vec<bool>,
    pub customer_expiring: Vec<bool>,
    /// The customer has an Open licensing agreement expiring in the fiscal year.
    pub customer_open_expiring: Vec<bool>,
    /// The customers' months before, from the library, under these rules (None until
    /// worked out; a rules change clears it).
    pub history: Option<std::sync::Arc<super::history::CustomerHistory>>,
}

impl Derived {
    pub fn new(ds: &Dataset, rules: Rules, as_of: NaiveDate) -> Derived {
        let mut d = Derived {
            rules,
            as_of,
            fiscal_year: FiscalYear::containing(as_of),
            fit_band: Vec::new(),
            intent_band: Vec::new(),
            cell: Vec::new(),
            cluster: Vec::new(),
            source: Vec::new(),
            agreement: Vec::new(),
            segment: Vec::new(),
            segment_from_workbook: Vec::new(),
            is_top_compute: Vec::new(),
            is_top_user: Vec::new(),
            agreement_expiring: Vec::new(),
            customer_expiring: Vec::new(),
            customer_open_expiring: Vec::new(),
            history: None,
        };
        d.apply_prediction_rules(ds);
        d.apply_segment_rules(ds);
        d.apply_as_of(ds);
        d
    }

    pub fn set_rules(&mut self, ds: &Dataset, rules: Rules) {
        let segments_changed = rules.segments != self.rules.segments;
        self.rules = rules;
        // best clusters change with the rules: the months before are worked out again
        self.history = None;
        self.apply_prediction_rules(ds);
        if segments_changed {
            self.apply_segment_rules(ds);
        }
    }

    pub fn set_as_of(&mut self, ds: &Dataset, as_of: NaiveDate) {
        self.as_of = as_of;
        self.fiscal_year = FiscalYear::containing(as_of);
        self.apply_as_of(ds);
    }

    /// Each customer's best cluster in force over all its predictions (by cluster index;
    /// `ClusterKey::ALL.len()` for a customer without predictions).
    pub fn best_clusters(&self, ds: &Dataset) -> Vec<u8> {
        let mut best = vec![ClusterKey::ALL.len() as u8; ds.customers.len()];
        for (i, customer) in ds.predictions.customer.iter().enumerate() {
            let slot = &mut best[*customer as usize];
            *slot = (*slot).min(self.cluster[i]);
        }
        best
    }

    pub fn cluster_key(&self, prediction: usize) -> ClusterKey {
        ClusterKey::ALL[self.cluster[prediction] as usize]
    }

    pub fn matrix_cell(&self, prediction: usize) -> Option<MatrixCell> {
        MatrixCell::from_index(self.cell[prediction] as usize)
    }

    fn apply_prediction_rules(&mut self, ds: &Dataset) {
        let p = &ds.predictions;
        let n = p.len();
        self.fit_band.resize(n, None);
        self.intent_band.resize(n, None);
        self.cell.resize(n, NO_CELL);
        self.cluster.resize(n, 0);
        self.source.resize(n, ClusterSource::Unscored);
        self.agreement.resize(n, Agreement::NotRecomputed);
        // two halves on two threads: a rules change on a million predictions stays within a frame
        let half = n / 2;
        let out = Outputs {
            fit_band: &mut self.fit_band,
            intent_band: &mut self.intent_band,
            cell: &mut self.cell,
            cluster: &mut self.cluster,
            source: &mut self.source,
            agreement: &mut self.agreement,
        };
        let (first, second) = out.split_at(half);
        let rules = &self.rules;
        if n >= 100_000 {
            std::thread::scope(|scope| {
                scope.spawn(|| derive_range(ds, rules, 0, first));
                derive_range(ds, rules, half, second);
            });
        } else {
            derive_range(ds, rules, 0, first);
            derive_range(ds, rules, half, second);
        }
    }

    /// Segments, per customer.
    fn apply_segment_rules(&mut self, ds: &Dataset) {
        let c = &ds.customers;
        let s = &self.rules.segments;
        self.segment.clear();
        self.segment_from_workbook.clear();
        self.is_top_compute.clear();
        self.is_top_user.clear();
        for i in 0..c.len() {
            let azure = c.azure_potential[i];
            let employees = c.employees[i];
            let compute = if azure.is_nan() { c.compute_flag[i] == Some(true) } else { azure > s.azure_potential_over };
            let user = if employees.is_nan() {
                c.user_flag[i] == Some(true)
            } else {
                employees >= s.user_based_employees_from
            };
            let (segment, from_workbook) = if compute {
                (Segment::TopUnmanagedCompute, false)
            } else if user {
                (Segment::TopUnmanagedUser, false)
            } else if !employees.is_nan() {
                if employees >= s.mid_size_employees_from { (Segment::MidSize, false) } else { (Segment::Small, false) }
            } else {
                match c.label_segment[i] {
                    Some(label) => (label, true),
                    None => (Segment::Unknown, false),
                }
            };
            self.segment.push(segment);
            self.segment_from_workbook.push(from_workbook);
            self.is_top_compute.push(compute);
            self.is_top_user.push(user);
        }
    }

    fn apply_as_of(&mut self, ds: &Dataset) {
        let a = &ds.agreements;
        let fy = self.fiscal_year;
        self.agreement_expiring = (0..a.len())
            .map(|i| match a.end[i] {
                Some(end) => fy.contains(end),
                None => a.expiring_flag[i] == Some(true),
            })
            .collect();
        self.customer_expiring = vec![false; ds.customers.len()];
        self.customer_open_expiring = vec![false; ds.customers.len()];
        for (i, expiring) in self.agreement_expiring.iter().enumerate() {
            if *expiring {
                let c = a.customer[i] as usize;
                self.customer_expiring[c] = true;
                self.customer_open_expiring[c] |= a.open[i];
            }
        }
    }
}

/// The per-prediction derived columns, as slices one thread fills.
struct Outputs<'a> {
    fit_band: &'a mut [Option<Band>],
    intent_band: &'a mut [Option<Band>],
    cell: &'a mut [u8],
    cluster: &'a mut [u8],
    source: &'a mut [ClusterSource],
    agreement: &'a mut [Agreement],
}

impl<'a> Outputs<'a> {
    fn split_at(self, mid: usize) -> (Outputs<'a>, Outputs<'a>) {
        let (f1, f2) = self.fit_band.split_at_mut(mid);
        let (i1, i2) = self.intent_band.split_at_mut(mid);
        let (c1, c2) = self.cell.split_at_mut(mid);
        let (k1, k2) = self.cluster.split_at_mut(mid);
        let (s1, s2) = self.source.split_at_mut(mid);
        let (a1, a2) = self.agreement.split_at_mut(mid);
        (
            Outputs { fit_band: f1, intent_band: i1, cell: c1, cluster: k1, source: s1, agreement: a1 },
            Outputs { fit_band: f2, intent_band: i2, cell: c2, cluster: k2, source: s2, agreement: a2 },
        )
    }
}

/// Bands, cell, cluster in force and agreement of predictions `start..start + out.len()`.
fn derive_range(ds: &Dataset, rules: &Rules, start: usize, out: Outputs<'_>) {
    let p = &ds.predictions;
    let cluster_of: [u8; 16] =
        std::array::from_fn(|i| MatrixCell::from_index(i).map(|c| rules.cluster_of(c).index() as u8).unwrap_or(0));
    let band = |value: f64, state: ScoreState| match state {
        ScoreState::Number => Some(rules.band_of(value)),
        ScoreState::Label(b) => Some(b),
        _ => None,
    };
    let unscored = ClusterKey::Unscored.index() as u8;
    let n = out.cell.len();
    // slices of one length, so the loop runs without bounds checks
    let (fit_value, fit_state) = (&p.fit.value[start..start + n], &p.fit.state[start..start + n]);
    let (intent_value, intent_state) = (&p.intent.value[start..start + n], &p.intent.state[start..start + n]);
    let workbook_cluster = &p.workbook_cluster[start..start + n];
    let (fit_band, intent_band) = (&mut out.fit_band[..n], &mut out.intent_band[..n]);
    let (cells, clusters, sources, agreements) =
        (&mut out.cell[..n], &mut out.cluster[..n], &mut out.source[..n], &mut out.agreement[..n]);
    for k in 0..n {
        let fit = band(fit_value[k], fit_state[k]);
        let intent = band(intent_value[k], intent_state[k]);
        let workbook = workbook_cluster[k];
        fit_band[k] = fit;
        intent_band[k] = intent;
        match (fit, intent) {
            (Some(f), Some(t)) => {
                let cell = (f.index() * 4 + t.index()) as u8;
                let cluster = cluster_of[cell as usize];
                cells[k] = cell;
                clusters[k] = cluster;
                sources[k] = ClusterSource::Recomputed;
                agreements[k] = match workbook {
                    WorkbookCluster::Is(w) if w.index() as u8 == cluster => Agreement::Agrees,
                    WorkbookCluster::Is(_) => Agreement::Disagrees,
                    WorkbookCluster::Blank => Agreement::NoWorkbookCluster,
                    WorkbookCluster::Unreadable => Agreement::WorkbookUnreadable,
                };
            }
            _ => {
                cells[k] = NO_CELL;
                agreements[k] = Agreement::NotRecomputed;
                match workbook {
                    WorkbookCluster::Is(w) => {
                        clusters[k] = w.index() as u8;
                        sources[k] = ClusterSource::Workbook;
                    }
                    _ => {
                        clusters[k] = unscored;
                        sources[k] = ClusterSource::Unscored;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_run_july_to_june() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let fy = FiscalYear::containing(d(2026, 11, 24));
        assert_eq!(fy.label(), "FY27");
        assert_eq!((fy.start, fy.end), (d(2026, 7, 1), d(2027, 6, 30)));
        assert!(fy.contains(d(2026, 7, 1)));
        assert!(!fy.contains(d(2026, 6, 30)));
        assert!(fy.contains(d(2027, 6, 30)));
        assert!(!fy.contains(d(2027, 7, 1)));
        assert_eq!(FiscalYear::containing(d(2026, 6, 30)).label(), "FY26");
    }
}
