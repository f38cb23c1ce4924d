//! Any source column as a filter (DOMAIN.md, "Today's downloads"): the value a prediction
//! has in a column, conditions on it (values, or a numeric range), and the facets the app
//! lists: the columns with few distinct values, and the numeric ones as ranges.
//!
//! A prediction's value in a column is its own row's where its table has the column, else
//! its customer's (the first non-blank value on any of its rows, files in load order): the
//! Azure report's rows then pass "IsNonprofit = No" when the Microsoft 365 report says so.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap as HashMap;

use super::dataset::{Dataset, Facet, FacetKind};
use super::load::fields::Field;
use super::load::value::{Cell, employees_of, is_placeholder, number_of};
use super::text::{fold_key, fold_search, trim_cell};

/// Most distinct values a column may hold to be listed as a facet.
pub const MAX_FACET_VALUES: usize = 300;

/// A bound of a numeric range, compared and hashed by its bits so a filter stays a value.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(transparent)]
pub struct Bound(pub f64);

/// A finite number only: `nan` in a view file would keep no row, `inf` every row, silently.
impl<'de> Deserialize<'de> for Bound {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Bound, D::Error> {
        let n = f64::deserialize(deserializer)?;
        if n.is_finite() { Ok(Bound(n)) } else { Err(serde::de::Error::custom(format!("{n} is not a finite number"))) }
    }
}

impl PartialEq for Bound {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Bound {}

impl Hash for Bound {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

/// What a column must hold: one of `values` (case and surrounding spaces aside; "" is
/// blank), and a number within the bounds that are set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct ColumnCondition {
    pub values: BTreeSet<String>,
    #[serde(alias = "at_least")]
    pub at_least: Option<Bound>,
    #[serde(alias = "at_most")]
    pub at_most: Option<Bound>,
}

impl ColumnCondition {
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.at_least.is_none() && self.at_most.is_none()
    }

    pub fn is_range(&self) -> bool {
        self.at_least.is_some() || self.at_most.is_some()
    }
}

/// How a column's cells read as numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Numbers {
    Plain,
    /// An org size column: "25-299" reads as its lower bound, as the segments read it.
    SizeBands,
}

impl Numbers {
    fn of(ds: &Dataset, column: usize) -> Numbers {
        let sizes = ds.columns[column]
            .per_table
            .iter()
            .enumerate()
            .any(|(t, c)| c.is_some_and(|c| ds.field_of(t, c) == Some(Field::Employees)));
        if sizes { Numbers::SizeBands } else { Numbers::Plain }
    }

    fn read(self, cell: Cell<'_>) -> Option<f64> {
        match self {
            Numbers::Plain => number_of(cell).ok(),
            Numbers::SizeBands => employees_of(cell).ok(),
        }
    }
}

/// A condition made ready for a million cells: values folded once.
struct Matcher {
    values: Vec<String>,
    at_least: f64,
    at_most: f64,
    range: bool,
    numbers: Numbers,
}

impl Matcher {
    fn new(c: &ColumnCondition, numbers: Numbers) -> Matcher {
        Matcher {
            numbers,
            values: c.values.iter().map(|v| fold_search(v)).collect(),
            at_least: c.at_least.map_or(f64::NEG_INFINITY, |b| b.0),
            at_most: c.at_most.map_or(f64::INFINITY, |b| b.0),
            range: c.is_range(),
        }
    }

    fn passes(&self, cell: Cell<'_>) -> bool {
        if !self.values.is_empty() {
            let text = value_text(cell);
            let found = if text.is_ascii() {
                self.values.iter().any(|v| v.eq_ignore_ascii_case(&text))
            } else {
                let folded = fold_search(&text);
                self.values.contains(&folded)
            };
            if !found {
                return false;
            }
        }
        !self.range || self.numbers.read(cell).is_some_and(|n| n >= self.at_least && n <= self.at_most)
    }
}

/// A cell's text as a filter value: trimmed text, numbers as Excel's General shows them.
pub fn value_text(cell: Cell<'_>) -> Cow<'_, str> {
    match cell {
        Cell::Text(t) => Cow::Borrowed(trim_cell(t)),
        Cell::Empty => Cow::Borrowed(""),
        other => Cow::Owned(other.display()),
    }
}

impl Dataset {
    /// The source column a user names (case, accents, spaces and punctuation aside).
    pub fn column_named(&self, name: &str) -> Option<usize> {
        let want = fold_key(name);
        let exact = self.columns.iter().position(|c| c.header.trim() == name.trim());
        exact.or_else(|| self.columns.iter().position(|c| fold_key(&c.header) == want))
    }
}

/// Which predictions pass every condition (all of them where `conditions` is empty). A
/// column the data does not have passes nothing.
pub fn passing(ds: &Dataset, conditions: &BTreeMap<String, ColumnCondition>) -> Vec<bool> {
    let p = &ds.predictions;
    let mut mask = vec![true; p.len()];
    for (name, condition) in conditions.iter().filter(|(_, c)| !c.is_empty()) {
        let Some(column) = ds.column_named(name) else {
            return vec![false; p.len()];
        };
        let matcher = Matcher::new(condition, Numbers::of(ds, column));
        let per_table = &ds.columns[column].per_table;
        let row_ok: Vec<Option<Vec<bool>>> = per_table
            .iter()
            .enumerate()
            .map(|(t, col)| {
                col.map(|c| (0..ds.tables[t].rows()).map(|r| matcher.passes(ds.tables[t].cell(r, c))).collect())
            })
            .collect();
        let customer_ok = customer_values(ds, column, |t, row| row_ok[t].as_ref().is_some_and(|ok| ok[row]));
        // a customer with no value anywhere is blank
        let blank_ok = matcher.passes(Cell::Empty);
        for (i, keep) in mask.iter_mut().enumerate() {
            if *keep {
                *keep = match &row_ok[p.table[i] as usize] {
                    Some(ok) => ok[p.row[i] as usize],
                    None => customer_ok[p.customer[i] as usize].unwrap_or(blank_ok),
                };
            }
        }
    }
    mask
}

/// Per customer, `read(table, row)` of its first row with a non-blank cell in `column`.
fn customer_values<T: Copy>(ds: &Dataset, column: usize, read: impl Fn(usize, usize) -> T) -> Vec<Option<T>> {
    let mut out = vec![None; ds.customers.len()];
    for (t, col) in ds.columns[column].per_table.iter().enumerate() {
        let (Some(col), Some(customers)) = (col, ds.row_customers.get(t)) else { continue };
        for (row, &c) in customers.iter().enumerate() {
            let slot = &mut out[c as usize];
            if slot.is_none() && !ds.tables[t].cell(row, *col).is_blank() {
                *slot = Some(read(t, row));
            }
        }
    }
    out
}

impl Facet {
    /// The value code of prediction `i` (see [`FacetKind::Values`]).
    pub fn code(&self, ds: &Dataset, i: usize) -> u16 {
        let p = &ds.predictions;
        match self.rows.get(p.table[i] as usize) {
            Some(Some(codes)) => codes[p.row[i] as usize],
            _ => self.customers.get(p.customer[i] as usize).copied().unwrap_or(0),
        }
    }

    /// Predictions per value code among `rows` (index 0: blank).
    pub fn counts(&self, ds: &Dataset, rows: &[u32]) -> Vec<usize> {
        self.count(ds, rows.iter().map(|&i| i as usize))
    }

    fn count(&self, ds: &Dataset, rows: impl Iterator<Item = usize>) -> Vec<usize> {
        let FacetKind::Values { values } = &self.kind else { return Vec::new() };
        let mut counts = vec![0; values.len() + 1];
        for i in rows {
            counts[self.code(ds, i) as usize] += 1;
        }
        counts
    }
}

/// Fields with a filter of their own, or no use as one (ids, names, scores, dates).
fn is_fixed(field: Field) -> bool {
    !matches!(
        field,
        Field::Segment
            | Field::City
            | Field::State
            | Field::PostalCode
            | Field::Employees
            | Field::AzurePotential
            | Field::WhitespaceRevenue
            | Field::ExpiringRevenue
            | Field::LicenseProgram
            | Field::AgreementStatus
            | Field::ExistingWorkloadCount
            | Field::RecommendedWorkloadCount
    )
}

/// The facets of a data set: its source columns that are neither fixed dimensions, product
/// column groups nor yes/no flags, and hold few distinct values or only numbers.
pub fn facets(ds: &Dataset) -> Vec<Facet> {
    let flags: Vec<String> = ds.flag_names.iter().map(|f| fold_key(f)).collect();
    let candidates: Vec<usize> = (0..ds.columns.len())
        .filter(|&k| {
            let column = &ds.columns[k];
            !flags.contains(&fold_key(&column.header))
                && column.per_table.iter().enumerate().all(|(t, col)| {
                    col.is_none_or(|c| {
                        let mapping = &ds.tables[t].mapping;
                        let in_group = mapping.groups.iter().any(|g| [g.fit, g.intent, g.cluster].contains(&Some(c)));
                        !in_group && ds.field_of(t, c).is_none_or(|f| !is_fixed(f))
                    })
                })
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = candidates.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .chunks(chunk)
            .map(|ks| scope.spawn(move || ks.iter().filter_map(|&k| facet(ds, k)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// Column `k` as a facet, if it is one.
fn facet(ds: &Dataset, k: usize) -> Option<Facet> {
    let column = &ds.columns[k];
    let numbers = Numbers::of(ds, k);
    let mut values: Vec<String> = Vec::new();
    let mut folded: HashMap<String, u16> = HashMap::default();
    let mut few = true;
    let (mut numeric, mut min, mut max) = (true, f64::INFINITY, f64::NEG_INFINITY);
    let mut blank = false;
    let mut rows: Vec<Option<Vec<u16>>> = vec![None; ds.tables.len()];
    for (t, col) in column.per_table.iter().enumerate() {
        let Some(col) = *col else { continue };
        let table = &ds.tables[t];
        let mut seen: HashMap<&str, u16> = HashMap::default();
        let mut codes = Vec::with_capacity(if few { table.rows() } else { 0 });
        for row in 0..table.rows() {
            let cell = table.cell(row, col);
            if cell.is_blank() {
                blank = true;
                codes.push(0);
                continue;
            }
            // error cells and "N/A" are unreadable, not a sign the column is text
            let unreadable = matches!(cell, Cell::Error(_)) || cell.text().is_some_and(is_placeholder);
            if numeric && !unreadable {
                match (cell, numbers.read(cell)) {
                    (Cell::Date(_) | Cell::Bool(_), _) | (_, None) => numeric = false,
                    (_, Some(n)) => {
                        min = min.min(n);
                        max = max.max(n);
                    }
                }
            }
            if !few {
                if !numeric {
                    return None;
                }
                continue;
            }
            let raw = match cell {
                Cell::Text(t) => Some(t),
                _ => None,
            };
            let code = match raw.and_then(|t| seen.get(t)) {
                Some(&code) => code,
                None => {
                    let text = value_text(cell);
                    let next = values.len() + 1;
                    let code = *folded.entry(fold_search(&text)).or_insert_with(|| {
                        values.push(text.to_string());
                        next as u16
                    });
                    if let Some(t) = raw {
                        seen.insert(t, code);
                    }
                    code
                }
            };
            if values.len() > MAX_FACET_VALUES {
                few = false;
                codes = Vec::new();
                continue;
            }
            codes.push(code);
        }
        rows[t] = few.then_some(codes);
    }
    let kind = if numeric && min <= max && (!few || values.len() > 1) {
        FacetKind::Range { min, max }
    } else if few && values.len() + usize::from(blank) >= 2 {
        FacetKind::Values { values }
    } else {
        return None;
    };
    let customers = match kind {
        FacetKind::Values { .. } => {
            let firsts = customer_values(ds, k, |t, row| rows[t].as_ref().map_or(0, |codes| codes[row]));
            firsts.into_iter().map(|c| c.unwrap_or(0)).collect()
        }
        FacetKind::Range { .. } => {
            rows = Vec::new();
            Vec::new()
        }
    };
    let mut facet = Facet { header: column.header.clone(), kind, rows, customers, whole_counts: Vec::new() };
    facet.whole_counts = facet.count(ds, 0..ds.predictions.len());
    Some(facet)
}

/// What a `--where` condition says of its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WhereOp {
    Is,
    AtLeast,
    AtMost,
}

/// Why a `--where` condition cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WhereError {
    #[error("expected COLUMN=VALUE, COLUMN>=N or COLUMN<=N, got \"{0}\"")]
    Syntax(String),
    #[error("no column \"{column}\" in {files}; columns: {}", columns.join(", "))]
    NoColumn { column: String, files: String, columns: Vec<String> },
    #[error("\"{value}\" is not a number (in \"{condition}\")")]
    NotANumber { condition: String, value: String },
    /// `COLUMN!=VALUE`, `!COLUMN=VALUE`, `COLUMN~=VALUE`: an operator read as part of the
    /// column's name would silently mean "equals".
    #[error("unknown operator \"{operator}\" in \"{condition}\"")]
    UnknownOperator { condition: String, operator: String },
}

/// Characters that make an operator of the `=` beside them, or negate a column before it.
const OPERATOR_MARKS: &[char] = &['!', '~', '^', '*', '|', '&', '$', '%', '?', ':', '+', '-', '/', '\\'];

/// The operator a condition's column carries where its header does not (`header` None: no
/// data to check against, any mark at its edges is one).
fn stray_operator(column: &str, header: Option<&str>, text: &str) -> Result<(), WhereError> {
    let written = column.trim();
    let header = header.map(str::trim);
    let unknown = |operator: String| Err(WhereError::UnknownOperator { condition: text.to_string(), operator });
    if let Some(last) = written.chars().last().filter(|c| OPERATOR_MARKS.contains(c))
        && header.is_none_or(|h| !h.ends_with(last))
    {
        return unknown(format!("{last}="));
    }
    if let Some(first) = written.chars().next().filter(|c| OPERATOR_MARKS.contains(c))
        && header.is_none_or(|h| !h.starts_with(first))
    {
        return unknown(first.to_string());
    }
    Ok(())
}

/// The ways to cut `COLUMN=VALUE`, `COLUMN>=N`, `COLUMN<=N` at an `=` (a column name may
/// itself hold `=`, `<` or `>`): (column, operator, value), leftmost cut first.
fn where_cuts(text: &str) -> Vec<(&str, WhereOp, &str)> {
    text.match_indices('=')
        .map(|(at, _)| {
            let (head, value) = (&text[..at], &text[at + 1..]);
            match head.chars().last() {
                Some('>') => (&head[..head.len() - 1], WhereOp::AtLeast, value),
                Some('<') => (&head[..head.len() - 1], WhereOp::AtMost, value),
                _ => (head, WhereOp::Is, value),
            }
        })
        .filter(|(column, ..)| !column.trim().is_empty())
        .collect()
}

/// Adds one `--where` condition, its column found in every data set (both months of a
/// comparison). Values of one column add up (OR); columns all apply (AND).
/// Adds a `--where` condition without data to find its column in (a view file): the
/// column is taken as written.
pub fn add_where_unchecked(conditions: &mut BTreeMap<String, ColumnCondition>, text: &str) -> Result<(), WhereError> {
    let Some(&(column, op, value)) = where_cuts(text).first() else {
        return Err(WhereError::Syntax(text.to_string()));
    };
    stray_operator(column, None, text)?;
    let condition = conditions.entry(column.trim().to_string()).or_default();
    put_condition(condition, op, value, text)
}

pub fn add_where(
    conditions: &mut BTreeMap<String, ColumnCondition>,
    text: &str,
    datasets: &[&Dataset],
) -> Result<(), WhereError> {
    let cuts = where_cuts(text);
    let Some(&first) = cuts.first() else {
        return Err(WhereError::Syntax(text.to_string()));
    };
    let found = cuts.iter().find_map(|&(column, op, value)| {
        let indices: Option<Vec<usize>> = datasets.iter().map(|ds| ds.column_named(column)).collect();
        indices.map(|indices| (column, datasets[0].columns[indices[0]].header.clone(), op, value))
    });
    let Some((written, header, op, value)) = found else {
        let (column, ..) = first;
        let missing = datasets.iter().find(|ds| ds.column_named(column).is_none()).unwrap_or(&datasets[0]);
        return Err(WhereError::NoColumn {
            column: column.trim().to_string(),
            files: missing.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", "),
            columns: missing.columns.iter().map(|c| c.header.clone()).collect(),
        });
    };
    stray_operator(written, Some(&header), text)?;
    put_condition(conditions.entry(header).or_default(), op, value, text)
}

fn put_condition(condition: &mut ColumnCondition, op: WhereOp, value: &str, text: &str) -> Result<(), WhereError> {
    let value = value.trim();
    let number = || {
        super::load::value::parse_number_text(value)
            .map(|n| Bound(n.value))
            .ok_or_else(|| WhereError::NotANumber { condition: text.to_string(), value: value.to_string() })
    };
    match op {
        // "==80", "=>80", "=<80": an operator, not a value starting so
        WhereOp::Is if value.starts_with(['=', '<', '>']) => {
            let operator = format!("={}", value.chars().next().unwrap_or('='));
            return Err(WhereError::UnknownOperator { condition: text.to_string(), operator });
        }
        WhereOp::Is => {
            condition.values.insert(value.to_string());
        }
        WhereOp::AtLeast => condition.at_least = Some(number()?),
        WhereOp::AtMost => condition.at_most = Some(number()?),
    }
    Ok(())
}
