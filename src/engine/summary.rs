//! Summaries: the cards, customers per segment, the matrix and the clusters, and the
//! breakdowns a filter panel shows, for the whole data set or a selection of predictions.

use serde::Serialize;

use super::dataset::{Dataset, Dimension};
use super::derive::{Agreement, Derived};
use super::rules::{ClusterKey, ClusterSource, MatrixCell, Segment};

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct CellStat {
    pub rows: usize,
    pub whitespace_revenue: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ClusterStat {
    pub rows: usize,
    pub whitespace_revenue: f64,
    /// Of these rows, those whose cluster came from the workbook only.
    pub from_workbook: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Cards {
    pub customers: usize,
    pub expiring_agreements: usize,
    pub expiring_revenue: f64,
    pub open_expiring_revenue: f64,
}

/// What is summarised: everything loaded, or a selection of predictions (their customers
/// and those customers' agreements).
#[derive(Clone, Copy, Debug)]
pub enum Selection<'a> {
    All,
    Rows(&'a [u32]),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub rows: usize,
    pub customers: usize,
    pub agreements: usize,
    pub unscored_rows: usize,
    pub from_workbook_rows: usize,
    pub disagreements: usize,
    pub agreeing: usize,
    /// Recomputed rows whose workbook cluster is blank or unreadable.
    pub workbook_blank: usize,
    pub workbook_unreadable: usize,
    pub cards: Cards,
    pub segments: [usize; 5],
    /// Whitespace revenue of each segment's predictions.
    pub segment_revenue: [f64; 5],
    pub segments_from_workbook: usize,
    pub matrix: [CellStat; 16],
    pub clusters: [ClusterStat; 5],
    pub whitespace_revenue: f64,
    /// Rows per code of each interner (index = code).
    /// Predictions per value code of each dimension (see [`Summary::by`]).
    pub by_dimension: [Vec<usize>; 6],
    /// Rows whose customer has each flag.
    pub by_flag: Vec<usize>,
    /// Rows whose customer has an expiring agreement.
    pub expiring_rows: usize,
}

fn add(sum: &mut f64, v: f64) {
    if !v.is_nan() {
        *sum += v;
    }
}

impl Summary {
    pub fn compute(ds: &Dataset, d: &Derived, selection: Selection<'_>) -> Summary {
        Summary::compute_split(ds, d, selection, PARALLEL_FROM)
    }

    /// [`Summary::compute`], counting the predictions on two threads from `parallel_from`
    /// predictions on (tests compare both ways).
    pub fn compute_split(ds: &Dataset, d: &Derived, selection: Selection<'_>, parallel_from: usize) -> Summary {
        Summary::compute_parts::<true>(ds, d, selection, parallel_from)
    }

    /// The cards, segments, matrix and clusters of a selection, without the breakdowns by
    /// product, model, country, area, industry, vertical and flag (left at zero): what a
    /// screen shows for a filter, in about half the time. Two threads from `parallel_from`
    /// predictions on.
    pub fn compute_figures(ds: &Dataset, d: &Derived, selection: Selection<'_>, parallel_from: usize) -> Summary {
        Summary::compute_parts::<false>(ds, d, selection, parallel_from)
    }

    fn compute_parts<const BREAKDOWNS: bool>(
        ds: &Dataset,
        d: &Derived,
        selection: Selection<'_>,
        parallel_from: usize,
    ) -> Summary {
        let n = match selection {
            Selection::All => ds.predictions.len(),
            Selection::Rows(r) => r.len(),
        };
        // the predictions in two halves on two threads when there are many
        let (a, b) = (n / 2, n);
        let part = |from: usize, to: usize| match selection {
            Selection::All => Summary::predictions_part::<BREAKDOWNS>(ds, d, from..to),
            Selection::Rows(r) => {
                Summary::predictions_part::<BREAKDOWNS>(ds, d, r[from..to].iter().map(|i| *i as usize))
            }
        };
        let mut s = if n >= parallel_from {
            std::thread::scope(|scope| {
                let first = scope.spawn(|| part(0, a));
                let mut second = part(a, b);
                match first.join() {
                    Ok(first) => second.merge(&first),
                    Err(_) => second = part(0, b),
                }
                second
            })
        } else {
            part(0, b)
        };
        let customer_in = match selection {
            Selection::All => None,
            Selection::Rows(rows) => {
                let mut mask = vec![false; ds.customers.len()];
                for &i in rows {
                    mask[ds.predictions.customer[i as usize] as usize] = true;
                }
                Some(mask)
            }
        };
        s.add_customers_and_agreements(ds, d, customer_in.as_deref());
        s
    }

    /// The whole data set's summary after a rules change: the breakdowns (products,
    /// countries, flags...) do not depend on the rules and are taken from `before`.
    pub fn whole_after_rules(ds: &Dataset, d: &Derived, before: &Summary) -> Summary {
        let mut s = Summary::predictions_part::<false>(ds, d, 0..ds.predictions.len());
        s.by_dimension = before.by_dimension.clone();
        s.by_flag = before.by_flag.clone();
        s.expiring_rows = before.expiring_rows;
        s.add_customers_and_agreements(ds, d, None);
        s
    }

    /// Customers, segments and the cards of the selected customers (all when `None`).
    fn add_customers_and_agreements(&mut self, ds: &Dataset, d: &Derived, customer_in: Option<&[bool]>) {
        let s = self;
        let c = &ds.customers;
        for i in 0..c.len() {
            if customer_in.is_none_or(|m| m[i]) {
                s.customers += 1;
                s.segments[d.segment[i].index()] += 1;
                if d.segment_from_workbook[i] {
                    s.segments_from_workbook += 1;
                }
            }
        }
        // agreements of those customers
        let a = &ds.agreements;
        for i in 0..a.len() {
            if customer_in.is_some_and(|m| !m[a.customer[i] as usize]) {
                continue;
            }
            s.agreements += 1;
            if d.agreement_expiring[i] {
                s.cards.expiring_agreements += 1;
                add(&mut s.cards.expiring_revenue, a.revenue[i]);
                if a.open[i] {
                    add(&mut s.cards.open_expiring_revenue, a.revenue[i]);
                }
            }
        }
        s.cards.customers = s.customers;
    }

    /// The prediction-level figures of some predictions (no customers or agreements).
    /// With `BREAKDOWNS` false, only what the rules decide (the rest is left at zero).
    fn predictions_part<const BREAKDOWNS: bool>(
        ds: &Dataset,
        d: &Derived,
        rows: impl Iterator<Item = usize>,
    ) -> Summary {
        let p = &ds.predictions;
        let c = &ds.customers;
        let mut s = Summary {
            by_dimension: Dimension::ALL.map(|d| vec![0; ds.values(d).len()]),
            by_flag: vec![0; ds.flag_names.len()],
            ..Summary::default()
        };
        let flag_masks = &c.flag_masks;
        // counted by index rather than by branch: which cluster, source or agreement a
        // prediction has is random to the branch predictor; slot 16 takes "no cell"
        let mut cells = [(0usize, 0.0f64); 17];
        let mut sources = [0usize; 3];
        let mut agreements = [0usize; 5];
        for i in rows {
            let cust = p.customer[i] as usize;
            let ws = p.whitespace[i];
            let ws_or_0 = if ws.is_nan() { 0.0 } else { ws };
            s.rows += 1;
            s.whitespace_revenue += ws_or_0;
            let key = d.cluster[i] as usize;
            let source = d.source[i] as usize;
            let cluster = &mut s.clusters[key];
            cluster.rows += 1;
            cluster.whitespace_revenue += ws_or_0;
            cluster.from_workbook += usize::from(source == ClusterSource::Workbook as usize);
            sources[source] += 1;
            // a recomputed prediction always has a cell, the others never
            let cell = &mut cells[usize::from(d.cell[i]).min(16)];
            cell.0 += 1;
            cell.1 += ws_or_0;
            agreements[d.agreement[i] as usize] += 1;
            s.segment_revenue[d.segment[cust].index()] += ws_or_0;
            if !BREAKDOWNS {
                continue;
            }
            let by = &mut s.by_dimension;
            by[Dimension::Product.index()][p.product[i] as usize] += 1;
            by[Dimension::Model.index()][p.model[i] as usize] += 1;
            by[Dimension::Country.index()][c.country[cust] as usize] += 1;
            by[Dimension::Area.index()][c.area[cust] as usize] += 1;
            by[Dimension::Industry.index()][c.industry[cust] as usize] += 1;
            by[Dimension::Vertical.index()][c.vertical[cust] as usize] += 1;
            if d.customer_expiring[cust] {
                s.expiring_rows += 1;
            }
            // each set bit of the customer's flag mask is one flag it has
            let mut mask = flag_masks.get(cust).copied().unwrap_or(0);
            while mask != 0 {
                s.by_flag[mask.trailing_zeros() as usize] += 1;
                mask &= mask - 1;
            }
            for f in 64..s.by_flag.len() {
                if c.has_flag(cust, f) {
                    s.by_flag[f] += 1;
                }
            }
        }
        for (stat, (rows, revenue)) in s.matrix.iter_mut().zip(cells) {
            stat.rows += rows;
            stat.whitespace_revenue += revenue;
        }
        s.from_workbook_rows += sources[ClusterSource::Workbook as usize];
        s.unscored_rows += sources[ClusterSource::Unscored as usize];
        s.agreeing += agreements[Agreement::Agrees as usize];
        s.disagreements += agreements[Agreement::Disagrees as usize];
        s.workbook_blank += agreements[Agreement::NoWorkbookCluster as usize];
        s.workbook_unreadable += agreements[Agreement::WorkbookUnreadable as usize];
        s
    }

    /// Adds another part's prediction-level figures.
    fn merge(&mut self, other: &Summary) {
        let add_all = |a: &mut Vec<usize>, b: &Vec<usize>| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        self.rows += other.rows;
        self.whitespace_revenue += other.whitespace_revenue;
        self.from_workbook_rows += other.from_workbook_rows;
        self.unscored_rows += other.unscored_rows;
        self.agreeing += other.agreeing;
        self.disagreements += other.disagreements;
        self.workbook_blank += other.workbook_blank;
        self.workbook_unreadable += other.workbook_unreadable;
        self.expiring_rows += other.expiring_rows;
        for (a, b) in self.clusters.iter_mut().zip(&other.clusters) {
            a.rows += b.rows;
            a.whitespace_revenue += b.whitespace_revenue;
            a.from_workbook += b.from_workbook;
        }
        for (a, b) in self.matrix.iter_mut().zip(&other.matrix) {
            a.rows += b.rows;
            a.whitespace_revenue += b.whitespace_revenue;
        }
        for (a, b) in self.segment_revenue.iter_mut().zip(&other.segment_revenue) {
            *a += b;
        }
        for (a, b) in self.by_dimension.iter_mut().zip(&other.by_dimension) {
            add_all(a, b);
        }
        add_all(&mut self.by_flag, &other.by_flag);
    }

    /// Predictions per value code of `d`.
    pub fn by(&self, d: Dimension) -> &[usize] {
        &self.by_dimension[d.index()]
    }

    pub fn cluster(&self, key: ClusterKey) -> &ClusterStat {
        &self.clusters[key.index()]
    }

    pub fn segment(&self, segment: Segment) -> usize {
        self.segments[segment.index()]
    }

    pub fn cell(&self, cell: MatrixCell) -> &CellStat {
        &self.matrix[cell.index()]
    }

    /// The totals reconcile (DOMAIN.md): a description of the first that does not.
    pub fn reconcile(&self) -> Result<(), Unreconciled> {
        let segments: usize = self.segments.iter().sum();
        if segments != self.customers {
            return Err(Unreconciled::Segments { segments, customers: self.customers });
        }
        let cells: usize = self.matrix.iter().map(|c| c.rows).sum();
        if cells + self.from_workbook_rows + self.unscored_rows != self.rows {
            return Err(Unreconciled::Cells {
                cells,
                from_workbook: self.from_workbook_rows,
                unscored: self.unscored_rows,
                rows: self.rows,
            });
        }
        let clusters: usize = self.clusters.iter().map(|c| c.rows).sum();
        if clusters != self.rows {
            return Err(Unreconciled::Clusters { clusters, rows: self.rows });
        }
        Ok(())
    }
}

/// Totals that do not add up (DOMAIN.md: nothing is dropped): a bug, never bad input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unreconciled {
    #[error("customers over segments {segments} != customers {customers}")]
    Segments { segments: usize, customers: usize },
    #[error("cells {cells} + from workbook {from_workbook} + unscored {unscored} != rows {rows}")]
    Cells { cells: usize, from_workbook: usize, unscored: usize, rows: usize },
    #[error("rows over clusters {clusters} != rows {rows}")]
    Clusters { clusters: usize, rows: usize },
    /// A row (cluster before) or column (cluster after) of a transition table.
    #[error("{side} {cluster} sums to {sum}, the month has {count}")]
    Transition { side: &'static str, cluster: &'static str, sum: usize, count: usize },
    #[error("new {new_sum} / {new} or gone {gone_sum} / {gone}")]
    NewOrGone { new_sum: usize, new: usize, gone_sum: usize, gone: usize },
}

/// From this many predictions a summary counts on two threads.
pub const PARALLEL_FROM: usize = 200_000;

/// Amounts to the cent, so JSON does not show float noise.
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
