//! A filter is a value: it selects prediction indices from a data set and its derived
//! columns. Values within a kind are alternatives; kinds combine.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use super::columns::{self, ColumnCondition};

use super::dataset::{Dataset, Interner};
use super::derive::{Agreement, Derived};
use super::rules::{ClusterKey, MatrixCell, Segment};
use super::text::fold_search;

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub clusters: BTreeSet<ClusterKey>,
    /// Matrix cell indices (see [`MatrixCell`]).
    pub cells: BTreeSet<u8>,
    pub segments: BTreeSet<Segment>,
    pub products: BTreeSet<String>,
    pub models: BTreeSet<String>,
    pub countries: BTreeSet<String>,
    pub areas: BTreeSet<String>,
    pub industries: BTreeSet<String>,
    pub verticals: BTreeSet<String>,
    /// Flag columns that must be yes for the customer.
    pub flags: BTreeSet<String>,
    pub expiring_only: bool,
    pub disagreements_only: bool,
    /// Free text matched against customer name, id and domain.
    pub search: String,
    /// Conditions on source columns, by header (see [`super::columns`]); they all apply.
    pub columns: BTreeMap<String, ColumnCondition>,
}

/// One kind of filter and its values, in words, for reports and exports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FilterPart {
    pub kind: &'static str,
    pub values: Vec<String>,
    /// The source column of a "column" or "range" part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.search.trim().is_empty()
            && self.columns.values().all(ColumnCondition::is_empty)
            && Filter { search: String::new(), columns: BTreeMap::new(), ..self.clone() } == Filter::default()
    }

    /// The kinds in force, with their values.
    pub fn parts(&self) -> Vec<FilterPart> {
        let mut parts = Vec::new();
        let mut add = |kind: &'static str, values: Vec<String>| {
            if !values.is_empty() {
                parts.push(FilterPart { kind, values, column: None });
            }
        };
        add("cluster", self.clusters.iter().map(|c| c.key().to_string()).collect());
        add(
            "cell",
            self.cells
                .iter()
                .filter_map(|c| MatrixCell::from_index(*c as usize))
                .map(|c| c.name().to_string())
                .collect(),
        );
        add("segment", self.segments.iter().map(|s| s.key().to_string()).collect());
        add("product", self.products.iter().cloned().collect());
        add("model", self.models.iter().cloned().collect());
        add("country", self.countries.iter().cloned().collect());
        add("area", self.areas.iter().cloned().collect());
        add("industry", self.industries.iter().cloned().collect());
        add("vertical", self.verticals.iter().cloned().collect());
        add("flag", self.flags.iter().cloned().collect());
        if self.expiring_only {
            add("expiring", vec!["yes".into()]);
        }
        if self.disagreements_only {
            add("disagreements", vec!["yes".into()]);
        }
        if !self.search.trim().is_empty() {
            add("search", vec![self.search.trim().to_string()]);
        }
        for (column, condition) in &self.columns {
            if !condition.values.is_empty() {
                let values = condition.values.iter().cloned().collect();
                parts.push(FilterPart { kind: "column", values, column: Some(column.clone()) });
            }
            if condition.is_range() {
                let bound =
                    |b: Option<columns::Bound>| b.map(|b| super::load::value::format_general(b.0)).unwrap_or_default();
                let values = vec![bound(condition.at_least), bound(condition.at_most)];
                parts.push(FilterPart { kind: "range", values, column: Some(column.clone()) });
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
            cell_ok[*c as usize] = true;
        }
        let product_ok = codes_mask(&ds.products, &self.products);
        let model_ok = codes_mask(&ds.models, &self.models);
        let column_ok = (!self.columns.is_empty()).then(|| columns::passing(ds, &self.columns));
        let p = &ds.predictions;
        let mut out = Vec::with_capacity(n / 4);
        for i in 0..n {
            if !cluster_ok[d.cluster[i] as usize] {
                continue;
            }
            if cell_filter && !cell_ok[d.cell[i] as usize] {
                continue;
            }
            if let Some(mask) = &product_ok
                && !mask[p.product[i] as usize]
            {
                continue;
            }
            if let Some(mask) = &model_ok
                && !mask[p.model[i] as usize]
            {
                continue;
            }
            if self.disagreements_only && d.agreement[i] != Agreement::Disagrees {
                continue;
            }
            if let Some(mask) = &column_ok
                && !mask[i]
            {
                continue;
            }
            if let Some(mask) = &customer_ok
                && !mask[p.customer[i] as usize]
            {
                continue;
            }
            out.push(i as u32);
        }
        out
    }

    /// Which customers pass the customer-level kinds, or None when none is in force.
    fn customer_mask(&self, ds: &Dataset, d: &Derived) -> Option<Vec<bool>> {
        let c = &ds.customers;
        let country = codes_mask(&ds.countries, &self.countries);
        let area = codes_mask(&ds.areas, &self.areas);
        let industry = codes_mask(&ds.industries, &self.industries);
        let vertical = codes_mask(&ds.verticals, &self.verticals);
        let flags: Vec<usize> = self
            .flags
            .iter()
            .map(|f| {
                let key = fold_search(f);
                ds.flag_names.iter().position(|n| fold_search(n) == key).unwrap_or(usize::MAX)
            })
            .collect();
        let search = fold_search(&self.search);
        let segment_filter = !self.segments.is_empty();
        let mut segment_ok = [false; 5];
        for s in &self.segments {
            segment_ok[s.index()] = true;
        }
        let active = segment_filter
            || country.is_some()
            || area.is_some()
            || industry.is_some()
            || vertical.is_some()
            || !flags.is_empty()
            || !search.is_empty()
            || self.expiring_only;
        if !active {
            return None;
        }
        let pass = |mask: &Option<Vec<bool>>, code: u32| mask.as_ref().is_none_or(|m| m[code as usize]);
        Some(
            (0..c.len())
                .map(|i| {
                    (!segment_filter || segment_ok[d.segment[i].index()])
                        && pass(&country, c.country[i])
                        && pass(&area, c.area[i])
                        && pass(&industry, c.industry[i])
                        && pass(&vertical, c.vertical[i])
                        && flags.iter().all(|f| *f != usize::MAX && c.has_flag(i, *f))
                        && (!self.expiring_only || d.customer_expiring[i])
                        && (search.is_empty() || c.search.get(i).contains(&search))
                })
                .collect(),
        )
    }
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
