//! Derived columns: what the rules and the as-of date make of the data set. Computed in
//! one pass over the predictions and customers whenever the rules or the date change.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::model::{Dataset, ScoreState, WorkbookCluster};
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

    /// "FY27" for 2026-07-01 .. 2027-06-30.
    pub fn label(&self) -> String {
        format!("FY{:02}", self.end.year().rem_euclid(100))
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
        };
        d.apply_rules(ds);
        d.apply_as_of(ds);
        d
    }

    pub fn set_rules(&mut self, ds: &Dataset, rules: Rules) {
        self.rules = rules;
        self.apply_rules(ds);
    }

    pub fn set_as_of(&mut self, ds: &Dataset, as_of: NaiveDate) {
        self.as_of = as_of;
        self.fiscal_year = FiscalYear::containing(as_of);
        self.apply_as_of(ds);
    }

    pub fn cluster_key(&self, prediction: usize) -> ClusterKey {
        ClusterKey::ALL[self.cluster[prediction] as usize]
    }

    pub fn matrix_cell(&self, prediction: usize) -> Option<MatrixCell> {
        MatrixCell::from_index(self.cell[prediction] as usize)
    }

    fn apply_rules(&mut self, ds: &Dataset) {
        let p = &ds.predictions;
        let n = p.len();
        let rules = &self.rules;
        let band = |value: f64, state: ScoreState| match state {
            ScoreState::Number => Some(rules.band_of(value)),
            ScoreState::Label(b) => Some(b),
            _ => None,
        };
        self.fit_band.clear();
        self.intent_band.clear();
        self.cell.clear();
        self.cluster.clear();
        self.source.clear();
        self.agreement.clear();
        self.fit_band.reserve(n);
        self.intent_band.reserve(n);
        self.cell.reserve(n);
        self.cluster.reserve(n);
        self.source.reserve(n);
        self.agreement.reserve(n);
        for i in 0..n {
            let fit = band(p.fit.value[i], p.fit.state[i]);
            let intent = band(p.intent.value[i], p.intent.state[i]);
            let workbook = p.workbook_cluster[i];
            let (cell, cluster, source, agreement) = match (fit, intent) {
                (Some(f), Some(t)) => {
                    let cell = MatrixCell::new(f, t);
                    let cluster = rules.cluster_of(cell);
                    let agreement = match workbook {
                        WorkbookCluster::Is(w) if w == cluster => Agreement::Agrees,
                        WorkbookCluster::Is(_) => Agreement::Disagrees,
                        WorkbookCluster::Blank => Agreement::NoWorkbookCluster,
                        WorkbookCluster::Unreadable => Agreement::WorkbookUnreadable,
                    };
                    (cell.index() as u8, cluster.index() as u8, ClusterSource::Recomputed, agreement)
                }
                _ => match workbook {
                    WorkbookCluster::Is(w) => {
                        (NO_CELL, w.index() as u8, ClusterSource::Workbook, Agreement::NotRecomputed)
                    }
                    _ => {
                        (NO_CELL, ClusterKey::Unscored.index() as u8, ClusterSource::Unscored, Agreement::NotRecomputed)
                    }
                },
            };
            self.fit_band.push(fit);
            self.intent_band.push(intent);
            self.cell.push(cell);
            self.cluster.push(cluster);
            self.source.push(source);
            self.agreement.push(agreement);
        }
        let c = &ds.customers;
        let s = &rules.segments;
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
        for (i, expiring) in self.agreement_expiring.iter().enumerate() {
            if *expiring {
                self.customer_expiring[a.customer[i] as usize] = true;
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
