//! The data set: predictions, customers and agreements joined across every table of
//! every file, stored column-wise. Built once per load (see `load`); rules never change it.
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::load::fields::Field;
use super::load::report::LoadReport;
use super::load::table::Table;
use super::load::value::Unreadable;
use super::memory::PushGrowing;
use super::rules::{Band, Cluster, Segment};
use super::text::{TextArena, fold_key, fold_search, trim_cell};

/// Strings interned case-blind, first spelling kept. Code 0 is "none".
#[derive(Clone, Debug)]
pub struct Interner {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner { names: vec![String::new()], index: HashMap::default() }
    }
}

impl Interner {
    pub fn intern(&mut self, text: &str) -> u32 {
        let t = trim_cell(text);
        if t.is_empty() {
            return 0;
        }
        let key = fold_search(t);
        if let Some(&code) = self.index.get(&key) {
            return code;
        }
        let code = self.names.len() as u32;
        self.names.push(t.to_string());
        self.index.insert(key, code);
        code
    }

    pub fn name(&self, code: u32) -> &str {
        self.names.get(code as usize).map(String::as_str).unwrap_or("")
    }

    /// Number of codes, "none" included.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.len() <= 1
    }

    pub fn find(&self, text: &str) -> Option<u32> {
        let t = trim_cell(text);
        if t.is_empty() {
            return Some(0);
        }
        self.index.get(&fold_search(t)).copied()
    }

    /// (code, name) of every value but "none".
    pub fn values(&self) -> impl Iterator<Item = (u32, &str)> {
        self.names.iter().enumerate().skip(1).map(|(i, n)| (i as u32, n.as_str()))
    }
}

/// What a score cell held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreState {
    /// A number on the 0-100 scale (in the value column).
    Number,
    /// A band label: gives its band whatever the thresholds.
    Label(Band),
    Missing,
    NotANumber,
    OutOfRange,
    ErrorCell,
    /// "N/A", "-" and the like: no score, and not a problem.
    NoValue,
}

impl ScoreState {
    pub fn unreadable(self) -> Option<Unreadable> {
        match self {
            ScoreState::Number | ScoreState::Label(_) => None,
            ScoreState::Missing => Some(Unreadable::Missing),
            ScoreState::NotANumber => Some(Unreadable::NotANumber),
            ScoreState::OutOfRange => Some(Unreadable::OutOfRange),
            ScoreState::ErrorCell => Some(Unreadable::ErrorCell),
            ScoreState::NoValue => Some(Unreadable::NoValue),
        }
    }
}

/// A dimension the data is broken down and filtered by: interned values, per prediction
/// (product, model) or per customer (the others).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dimension {
    Product,
    Model,
    Country,
    Area,
    Industry,
    Vertical,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Product,
        Dimension::Model,
        Dimension::Country,
        Dimension::Area,
        Dimension::Industry,
        Dimension::Vertical,
    ];

    /// The dimensions that describe a customer rather than a prediction.
    pub const PER_CUSTOMER: [Dimension; 4] =
        [Dimension::Country, Dimension::Area, Dimension::Industry, Dimension::Vertical];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The stable name in JSON and the translation keys ("product", "country"...).
    pub fn key(self) -> &'static str {
        match self {
            Dimension::Product => "product",
            Dimension::Model => "model",
            Dimension::Country => "country",
            Dimension::Area => "area",
            Dimension::Industry => "industry",
            Dimension::Vertical => "vertical",
        }
    }
}

/// Which of a prediction's two scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScoreKind {
    Fit,
    Intent,
}

impl ScoreKind {
    pub const BOTH: [ScoreKind; 2] = [ScoreKind::Fit, ScoreKind::Intent];
}

/// Fit or intent scores of every prediction.
#[derive(Clone, Debug, Default)]
pub struct ScoreColumn {
    pub value: Vec<f64>,
    pub state: Vec<ScoreState>,
}

impl ScoreColumn {
    pub(crate) fn push(&mut self, value: f64, state: ScoreState) {
        self.value.push_growing(value);
        self.state.push_growing(state);
    }
}

/// The workbook's own cluster label of a prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookCluster {
    Blank,
    Unreadable,
    Is(Cluster),
}

/// Group index of predictions that are a whole row (long tables).
pub const WHOLE_ROW: u8 = u8::MAX;

/// One entry per prediction (customer x product, x model where there is one).
#[derive(Clone, Debug, Default)]
pub struct Predictions {
    pub table: Vec<u16>,
    pub row: Vec<u32>,
    /// The product column group of a wide row, or [`WHOLE_ROW`].
    pub group: Vec<u8>,
    pub customer: Vec<u32>,
    pub product: Vec<u32>,
    pub model: Vec<u32>,
    pub fit: ScoreColumn,
    pub intent: ScoreColumn,
    pub workbook_cluster: Vec<WorkbookCluster>,
    /// NaN where there is no whitespace revenue.
    pub whitespace: Vec<f64>,
}

impl Predictions {
    pub fn scores(&self, kind: ScoreKind) -> &ScoreColumn {
        match kind {
            ScoreKind::Fit => &self.fit,
            ScoreKind::Intent => &self.intent,
        }
    }

    pub fn scores_mut(&mut self, kind: ScoreKind) -> &mut ScoreColumn {
        match kind {
            ScoreKind::Fit => &mut self.fit,
            ScoreKind::Intent => &mut self.intent,
        }
    }

    pub fn len(&self) -> usize {
        self.customer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// Gives back what the columns reserved while they grew.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.table.shrink_to_fit();
        self.row.shrink_to_fit();
        self.group.shrink_to_fit();
        self.customer.shrink_to_fit();
        self.product.shrink_to_fit();
        self.model.shrink_to_fit();
        for scores in [&mut self.fit, &mut self.intent] {
            scores.value.shrink_to_fit();
            scores.state.shrink_to_fit();
        }
        self.workbook_cluster.shrink_to_fit();
        self.whitespace.shrink_to_fit();
    }
}

/// One entry per customer, joined across rows and files.
#[derive(Clone, Debug, Default)]
pub struct Customers {
    pub id: TextArena,
    pub name: TextArena,
    pub domain: TextArena,
    /// Codes into [`Dataset::cities`] and [`Dataset::states`] (0: none), from the first row
    /// that names them.
    pub city: Vec<u32>,
    pub state: Vec<u32>,
    /// As the row that first named the customer gives it (mostly distinct: not interned).
    pub postal_code: TextArena,
    pub country: Vec<u32>,
    pub area: Vec<u32>,
    pub industry: Vec<u32>,
    pub vertical: Vec<u32>,
    /// Largest readable employee count (NaN: none).
    pub employees: Vec<f64>,
    /// Largest readable Azure potential (NaN: none).
    pub azure_potential: Vec<f64>,
    pub compute_flag: Vec<Option<bool>>,
    pub user_flag: Vec<Option<bool>>,
    /// The segment the workbook's label names, where one does.
    pub label_segment: Vec<Option<Segment>>,
    /// One bitset over customers per flag column.
    pub flags: Vec<Vec<u64>>,
    /// Per customer, its first 64 flags as bits (for counting without a lookup per flag).
    pub flag_masks: Vec<u64>,
    /// The first row that named the customer: (table, row).
    pub first_row: Vec<(u16, u32)>,
    /// Azure workloads in use and recommended next: codes into [`Dataset::workloads`]
    /// (0: none), from the first row that lists them.
    pub existing_workloads: Vec<u32>,
    pub recommended_workloads: Vec<u32>,
    /// The download's own counts of those workloads (NaN: none).
    pub existing_workload_count: Vec<f64>,
    pub recommended_workload_count: Vec<f64>,
}

impl Customers {
    pub fn len(&self) -> usize {
        self.country.len()
    }

    pub fn is_empty(&self) -> bool {
        self.country.is_empty()
    }

    /// A customer's value code in a per-customer dimension (None for product and model,
    /// which are per prediction).
    pub fn code(&self, d: Dimension, customer: usize) -> Option<u32> {
        match d {
            Dimension::Country => Some(self.country[customer]),
            Dimension::Area => Some(self.area[customer]),
            Dimension::Industry => Some(self.industry[customer]),
            Dimension::Vertical => Some(self.vertical[customer]),
            Dimension::Product | Dimension::Model => None,
        }
    }

    /// Gives back what the columns reserved while they grew.
    pub(crate) fn shrink_to_fit(&mut self) {
        for text in [&mut self.id, &mut self.name, &mut self.domain, &mut self.postal_code] {
            text.shrink_to_fit();
        }
        for codes in
            [&mut self.city, &mut self.state, &mut self.country, &mut self.area, &mut self.industry, &mut self.vertical]
        {
            codes.shrink_to_fit();
        }
        for codes in [&mut self.existing_workloads, &mut self.recommended_workloads] {
            codes.shrink_to_fit();
        }
        for numbers in [
            &mut self.employees,
            &mut self.azure_potential,
            &mut self.existing_workload_count,
            &mut self.recommended_workload_count,
        ] {
            numbers.shrink_to_fit();
        }
        self.compute_flag.shrink_to_fit();
        self.user_flag.shrink_to_fit();
        self.label_segment.shrink_to_fit();
        self.first_row.shrink_to_fit();
    }

    pub fn has_flag(&self, customer: usize, flag: usize) -> bool {
        self.flags.get(flag).and_then(|bits| bits.get(customer / 64)).is_some_and(|w| w & (1 << (customer % 64)) != 0)
    }
}

/// One entry per agreement (by agreement id, else customer and end date).
#[derive(Clone, Debug, Default)]
pub struct Agreements {
    pub customer: Vec<u32>,
    pub table: Vec<u16>,
    pub row: Vec<u32>,
    pub id: TextArena,
    pub end: Vec<Option<NaiveDate>>,
    /// NaN where unreadable.
    pub revenue: Vec<f64>,
    pub open: Vec<bool>,
    pub expiring_flag: Vec<Option<bool>>,
    /// Each customer's agreements, built once the load has joined them all.
    pub by_customer: ByCustomer,
}

impl Agreements {
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// A customer's agreements, in data set order.
    pub fn of_customer(&self, customer: usize) -> &[u32] {
        self.by_customer.of(customer)
    }

    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }
}

/// Indices grouped by customer: customer `c`'s are `items[start[c]..start[c + 1]]`, in
/// the order they were given.
#[derive(Clone, Debug, Default)]
pub struct ByCustomer {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl ByCustomer {
    /// Groups `items` of `customers` customers by `customer_of(item)`, in two passes.
    pub fn new(customers: usize, items: &[u32], customer_of: impl Fn(u32) -> u32) -> ByCustomer {
        let mut start = vec![0u32; customers + 1];
        for &i in items {
            start[customer_of(i) as usize + 1] += 1;
        }
        for c in 0..customers {
            start[c + 1] += start[c];
        }
        let mut next = start.clone();
        let mut grouped = vec![0u32; items.len()];
        for &i in items {
            let c = customer_of(i) as usize;
            grouped[next[c] as usize] = i;
            next[c] += 1;
        }
        ByCustomer { start, items: grouped }
    }

    /// Customer `c`'s items (none for a customer out of range).
    pub fn of(&self, c: usize) -> &[u32] {
        match (self.start.get(c), self.start.get(c + 1)) {
            (Some(&from), Some(&to)) => &self.items[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// A loaded file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub name: String,
}

/// Everything loaded in one session: one month's files. Immutable after load; a second
/// month is simply a second `Dataset`.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub files: Vec<SourceFile>,
    pub tables: Vec<Table>,
    pub predictions: Predictions,
    pub customers: Customers,
    pub agreements: Agreements,
    pub products: Interner,
    pub models: Interner,
    pub countries: Interner,
    pub areas: Interner,
    pub industries: Interner,
    pub verticals: Interner,
    /// A customer's city and state or province.
    pub cities: Interner,
    pub states: Interner,
    /// Workload lists, as written ("Virtual Machines; SQL Database").
    pub workloads: Interner,
    /// Yes/no columns usable as flag filters, by display name.
    pub flag_names: Vec<String>,
    pub report: LoadReport,
    /// Whether any table has a whitespace revenue column.
    pub has_whitespace: bool,
    /// The union of the tables' columns, first seen first.
    pub columns: Vec<SourceColumn>,
    /// Per table, the customer of each row.
    pub row_customers: Vec<Vec<u32>>,
    /// The source columns to filter on beyond the fixed dimensions.
    pub facets: Vec<Facet>,
    /// Customers' names and ids collated, worked out on the first order that needs them.
    pub collated: Collated,
}

/// Per customer, the place of its name (or id) among all of them (`u32::MAX`: blank);
/// filled once by the engine's `query`, as a data set never changes.
#[derive(Clone, Debug, Default)]
pub struct Collated {
    pub names: std::sync::OnceLock<Vec<u32>>,
    pub ids: std::sync::OnceLock<Vec<u32>>,
}

/// A column of the union of every table's columns: one header (first spelling seen), and
/// where it is in each table. Same header (case, accents, spaces aside) = same column; a
/// header repeated within a table is a column of its own ("Notes (2)").
#[derive(Clone, Debug, PartialEq)]
pub struct SourceColumn {
    pub header: String,
    pub per_table: Vec<Option<usize>>,
}

impl Dataset {
    /// The values of a dimension (code 0 is "none").
    pub fn values(&self, d: Dimension) -> &Interner {
        match d {
            Dimension::Product => &self.products,
            Dimension::Model => &self.models,
            Dimension::Country => &self.countries,
            Dimension::Area => &self.areas,
            Dimension::Industry => &self.industries,
            Dimension::Vertical => &self.verticals,
        }
    }

    /// The union of the tables' columns, first seen first.
    pub fn source_columns(&self) -> Vec<SourceColumn> {
        union_columns(&self.tables.iter().collect::<Vec<_>>())
    }

    /// The field a table column is mapped to.
    pub fn field_of(&self, table: usize, col: usize) -> Option<Field> {
        self.tables[table].mapping.fields.iter().find(|(_, c)| **c == col).map(|(f, _)| *f)
    }
}

/// The union of some tables' columns (matched by folded header; a header repeated within
/// a table is numbered), first seen first; `per_table` follows the order of `tables`.
pub fn union_columns(tables: &[&Table]) -> Vec<SourceColumn> {
    let mut columns: Vec<SourceColumn> = Vec::new();
    let mut index: HashMap<(String, usize), usize> = HashMap::default();
    for (t, table) in tables.iter().enumerate() {
        let mut seen: HashMap<String, usize> = HashMap::default();
        for (c, header) in table.headers.iter().enumerate() {
            let key = fold_key(header);
            let occurrence = seen.entry(key.clone()).or_insert(0);
            *occurrence += 1;
            let n = *occurrence;
            let out = *index.entry((key, n)).or_insert_with(|| {
                let header = if n == 1 { header.clone() } else { format!("{header} ({n})") };
                columns.push(SourceColumn { header, per_table: vec![None; tables.len()] });
                columns.len() - 1
            });
            columns[out].per_table[t] = Some(c);
        }
    }
    columns
}

/// How a facet filters.
#[derive(Clone, Debug, PartialEq)]
pub enum FacetKind {
    /// Few distinct values, first spelling kept, in order of first sight; code 0 is blank,
    /// code k is `values[k - 1]`.
    Values { values: Vec<String> },
    /// Every non-blank cell a number: a from/to range.
    Range { min: f64, max: f64 },
}

/// A source column a user can filter on beyond the fixed dimensions.
#[derive(Clone, Debug)]
pub struct Facet {
    pub header: String,
    pub kind: FacetKind,
    /// Per table, each row's value code (None: the table lacks the column).
    pub(crate) rows: Vec<Option<Vec<u16>>>,
    /// Per customer, the code of its first non-blank value.
    pub(crate) customers: Vec<u16>,
    /// Predictions per value code in the whole data set (see [`Facet::counts`]).
    pub whole_counts: Vec<usize>,
}
