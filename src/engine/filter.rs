//! A filter is a value: it selects prediction indices from a data set and its derived
//! columns. Values within a kind are alternatives; kinds combine.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use super::columns::{self, ColumnCondition};
use super::dataset::{Dataset, Dimension, Interner};
use super::derive::{Agreement, Derived};
use super::history::{CustomerHistory, Streak};
use super::library::Month;
use super::rules::{ClusterKey, MatrixCell, Segment};
use super::text::{contains_folded, fold_search};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Filter {
    pub clusters: BTreeSet<ClusterKey>,
    pub cells: BTreeSet<MatrixCell>,
    pub segments: BTreeSet<Segment>,
    /// Values of the dimensions (products, models, countries...), by name.
    pub values: BTreeMap<Dimension, BTreeSet<String>>,
    /// Flag columns that must be yes for the customer.
    pub flags: BTreeSet<String>,
    #[serde(alias = "expiring_only")]
    pub expiring_only: bool,
    /// Only customers with an Open licensing agreement expiring in the fiscal year.
    #[serde(alias = "open_expiring_only")]
    pub open_expiring_only: bool,
    #[serde(alias = "disagreements_only")]
    pub disagreements_only: bool,
    /// Free text matched against customer name, id and domain.
    pub search: String,
    /// Conditions on source columns, by header (see [`super::columns`]); they all apply.
    pub columns: BTreeMap<String, ColumnCondition>,
    /// Customers in a cluster for at least so many months running (the library's months).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub streak: Option<Streak>,
    /// Customers not in the month before.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub new_this_month: bool,
}

/// What a part of a filter is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterKind {
    Cluster,
    Cell,
    Segment,
    Dimension(Dimension),
    Flag,
    Expiring,
    OpenExpiring,
    Disagreements,
    Search,
    /// Values of a source column.
    Column,
    /// A numeric range of a source column: values are (from, to), "" where open.
    Range,
    /// A streak: values are (cluster key, months).
    Streak,
    NewThisMonth,
}

impl FilterKind {
    /// The stable name of the kind ("cluster", "product", "column"...).
    pub fn key(self) -> &'static str {
        match self {
            FilterKind::Cluster => "cluster",
            FilterKind::Cell => "cell",
            FilterKind::Segment => "segment",
            FilterKind::Dimension(d) => d.key(),
            FilterKind::Flag => "flag",
            FilterKind::Expiring => "expiring",
            FilterKind::OpenExpiring => "open_expiring",
            FilterKind::Disagreements => "disagreements",
            FilterKind::Search => "search",
            FilterKind::Column => "column",
            FilterKind::Range => "range",
            FilterKind::Streak => "streak",
            FilterKind::NewThisMonth => "new_this_month",
        }
    }
}

/// One kind of filter and its values, for reports and exports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FilterPart {
    pub kind: FilterKind,
    pub values: Vec<String>,
    /// The source column of a column or range part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl Filter {
    /// Whether it keeps every prediction (asked every frame: compares, never clones).
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
            && self.cells.is_empty()
            && self.segments.is_empty()
            && self.values.values().all(BTreeSet::is_empty)
            && self.flags.is_empty()
            && !self.expiring_only
            && !self.open_expiring_only
            && !self.disagreements_only
            && self.search.trim().is_empty()
            && self.columns.values().all(ColumnCondition::is_empty)
            && self.streak.is_none()
            && !self.new_this_month
    }

    /// The values of a dimension chosen (empty: all).
    pub fn values_of(&self, d: Dimension) -> &BTreeSet<String> {
        static NONE: BTreeSet<String> = BTreeSet::new();
        self.values.get(&d).unwrap_or(&NONE)
    }

    /// The values of a dimension, to change.
    pub fn values_mut(&mut self, d: Dimension) -> &mut BTreeSet<String> {
        self.values.entry(d).or_default()
    }

    /// The kinds in force, with their values.
    pub fn parts(&self) -> Vec<FilterPart> {
        let mut parts = Vec::new();
        let mut add = |kind: FilterKind, values: Vec<String>| {
            if !values.is_empty() {
                parts.push(FilterPart { kind, values, column: None });
            }
        };
        add(FilterKind::Cluster, self.clusters.iter().map(|c| c.key().to_string()).collect());
        add(FilterKind::Cell, self.cells.iter().map(|c| c.name().to_string()).collect());
        add(FilterKind::Segment, self.segments.iter().map(|s| s.key().to_string()).collect());
        for d in Dimension::ALL {
            add(FilterKind::Dimension(d), self.values_of(d).iter().cloned().collect());
        }
        add(FilterKind::Flag, self.flags.iter().cloned().collect());
        if let Some(streak) = self.streak {
            add(FilterKind::Streak, vec![streak.cluster.key().to_string(), streak.months.to_string()]);
        }
        if self.new_this_month {
            add(FilterKind::NewThisMonth, vec!["yes".into()]);
        }
        if self.expiring_only {
            add(FilterKind::Expiring, vec!["yes".into()]);
        }
        if self.open_expiring_only {
            add(FilterKind::OpenExpiring, vec!["yes".into()]);
        }
        if self.disagreements_only {
            add(FilterKind::Disagreements, vec!["yes".into()]);
        }
        if !self.search.trim().is_empty() {
            add(FilterKind::Search, vec![self.search.trim().to_string()]);
        }
        for (column, condition) in &self.columns {
            if !condition.values.is_empty() {
                let values = condition.values.iter().cloned().collect();
                parts.push(FilterPart { kind: FilterKind::Column, values, column: Some(column.clone()) });
            }
            if condition.is_range() {
                let bound =
                    |b: Option<columns::Bound>| b.map(|b| super::load::value::format_general(b.0)).unwrap_or_default();
                let values = vec![bound(condition.at_least), bound(condition.at_most)];
                parts.push(FilterPart { kind: FilterKind::Range, values, column: Some(column.clone()) });
            }
        }
        parts
    }

    /// The indices of the predictions that pass, in data set order.
    pub fn apply(&self, ds: &Dataset, d: &Derived) -> Vec<u32> {
        let n = ds.predictions.len();
        if self.is_empty() {
            return (0..n as u32).collect();
        }
        let customer_ok = self.customer_mask(ds, d);
        let mut cluster_ok = [true; 5];
        if !self.clusters.is_empty() {
            cluster_ok = [false; 5];
            for c in &self.clusters {
                cluster_ok[c.index()] = true;
            }
        }
        let cell_filter = !self.cells.is_empty();
        let mut cell_ok = [false; 256];
        for c in &self.cells {
            cell_ok[c.index()] = true;
        }
        let product_ok = codes_mask(&ds.products, self.values_of(Dimension::Product));
        let model_ok = codes_mask(&ds.models, self.values_of(Dimension::Model));
        let column_ok = (!self.columns.is_empty()).then(|| columns::passing(ds, &self.columns));
        let p = &ds.predictions;
        let pass = |mask: &Option<Vec<bool>>, code: usize| mask.as_ref().is_none_or(|m| m[code]);
        let mut out = Vec::with_capacity(n / 4);
        for i in 0..n {
            let keep = cluster_ok[d.cluster[i] as usize]
                && (!cell_filter || cell_ok[d.cell[i] as usize])
                && pass(&product_ok, p.product[i] as usize)
                && pass(&model_ok, p.model[i] as usize)
                && (!self.disagreements_only || d.agreement[i] == Agreement::Disagrees)
                && pass(&column_ok, i)
                && pass(&customer_ok, p.customer[i] as usize);
            if keep {
                out.push(i as u32);
            }
        }
        out
    }

    /// Whether a kind about predictions rather than customers is in force (cluster, cell,
    /// product, model, disagreements, source columns): customers without predictions fail it.
    pub fn asks_about_predictions(&self) -> bool {
        !self.clusters.is_empty()
            || !self.cells.is_empty()
            || !self.values_of(Dimension::Product).is_empty()
            || !self.values_of(Dimension::Model).is_empty()
            || self.disagreements_only
            || !self.columns.values().all(ColumnCondition::is_empty)
    }

    /// Which customers pass the kinds about customers, or None when none is in force.
    pub fn customers_passing(&self, ds: &Dataset, d: &Derived) -> Option<Vec<bool>> {
        self.customer_mask(ds, d)
    }

    /// Which customers pass the customer-level kinds, or None when none is in force.
    fn customer_mask(&self, ds: &Dataset, d: &Derived) -> Option<Vec<bool>> {
        let c = &ds.customers;
        let masks: Vec<(Dimension, Vec<bool>)> = Dimension::PER_CUSTOMER
            .iter()
            .filter_map(|dim| codes_mask(ds.values(*dim), self.values_of(*dim)).map(|m| (*dim, m)))
            .collect();
        let flags: Vec<usize> = self
            .flags
            .iter()
            .map(|f| {
                let key = fold_search(f);
                ds.flag_names.iter().position(|n| fold_search(n) == key).unwrap_or(usize::MAX)
            })
            .collect();
        let search = fold_search(&self.search);
        // a customer is found by its name, id, domain or recommended workloads, case and
        // accents aside
        let workloads_found: Vec<bool> = if search.is_empty() {
            Vec::new()
        } else {
            (0..ds.workloads.len() as u32).map(|w| w != 0 && contains_folded(ds.workloads.name(w), &search)).collect()
        };
        let finds = |i: usize| {
            [&c.name, &c.id, &c.domain].iter().any(|text| contains_folded(text.get(i), &search))
                || workloads_found.get(c.recommended_workloads[i] as usize).copied().unwrap_or(false)
        };
        let segment_filter = !self.segments.is_empty();
        let mut segment_ok = [false; 5];
        for s in &self.segments {
            segment_ok[s.index()] = true;
        }
        let fallback;
        let history = match (&d.history, self.streak.is_some() || self.new_this_month) {
            (Some(history), _) => Some(history.as_ref()),
            // no months before known: this month alone
            (None, true) => {
                fallback = this_month_only(ds, d);
                Some(&fallback)
            }
            (None, false) => None,
        };
        let in_history = |i: usize| {
            history.is_none_or(|h| {
                self.streak.is_none_or(|streak| h.passes(i, streak)) && (!self.new_this_month || h.is_new(i))
            })
        };
        let active = segment_filter
            || history.is_some()
            || !masks.is_empty()
            || !flags.is_empty()
            || !search.is_empty()
            || self.expiring_only
            || self.open_expiring_only;
        if !active {
            return None;
        }
        Some(
            (0..c.len())
                .map(|i| {
                    (!segment_filter || segment_ok[d.segment[i].index()])
                        && masks.iter().all(|(dim, mask)| c.code(*dim, i).is_some_and(|code| mask[code as usize]))
                        && flags.iter().all(|f| *f != usize::MAX && c.has_flag(i, *f))
                        && (!self.expiring_only || d.customer_expiring[i])
                        && (!self.open_expiring_only || d.customer_open_expiring[i])
                        && (search.is_empty() || finds(i))
                        && in_history(i)
                })
                .collect(),
        )
    }
}

/// The history of a month known alone: each customer's best cluster this month.
fn this_month_only(ds: &Dataset, d: &Derived) -> CustomerHistory {
    CustomerHistory::new(vec![Month::of_date(d.as_of)], d.best_clusters(ds))
}

/// A mask over an interner's codes for the named values, or None when none is named.
/// A name the data does not hold matches nothing.
fn codes_mask(interner: &Interner, names: &BTreeSet<String>) -> Option<Vec<bool>> {
    if names.is_empty() {
        return None;
    }
    let mut mask = vec![false; interner.len()];
    for name in names {
        if let Some(code) = interner.find(name) {
            mask[code as usize] = true;
        }
    }
    Some(mask)
}
