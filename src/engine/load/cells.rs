//! Reading a row's cells into a prediction's parts: scores (numbers, band labels,
//! percentages), the workbook's cluster, the model, and the row's agreement.

use crate::engine::dataset::{Dataset, Interner, ScoreKind, ScoreState, WorkbookCluster};
use rustc_hash::FxHashMap as HashMap;

use super::builder::{Builder, TableWork};
use super::fields::Field;
use super::memo::{ClusterRead, ScoreRead, TextMemo};
use super::report::OpenRule;
use super::table::Table;
use super::value::{
    Cell, DateOrder, Unreadable, date_of, date_order_hint, flag_of, id_of, is_placeholder, number_of, parse_number_text,
};
use crate::engine::rules::{Band, Cluster};
use crate::engine::text::{fold_key, trim_cell};

/// Folded license programs that are Microsoft Open licensing.
const OPEN_PROGRAMS: [&str; 7] = ["open", "openlicense", "openvalue", "openvaluesubscription", "ov", "ovs", "ol"];
const OPEN_STATUSES: [&str; 8] =
    ["open", "ouvert", "ouverte", "active", "actif", "notrenewed", "nonrenouvele", "inprogress"];
pub(super) fn is_open_program(text: &str) -> bool {
    let f = fold_key(text);
    OPEN_PROGRAMS.contains(&f.as_str())
        || f.starts_with("openvalue")
        || f.starts_with("openlicense")
        || f.starts_with("microsoftopen")
}

pub(super) fn is_open_status(text: &str) -> bool {
    OPEN_STATUSES.contains(&fold_key(text).as_str())
}

pub(super) trait InsertFirst<K, V> {
    /// Inserts unless the key is present; true if inserted.
    fn try_insert_first(&mut self, key: K, value: V) -> bool;
}

impl<K: std::hash::Hash + Eq, V> InsertFirst<K, V> for HashMap<K, V> {
    fn try_insert_first(&mut self, key: K, value: V) -> bool {
        match self.entry(key) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(value);
                true
            }
        }
    }
}

/// A score cell as written: a number, a percentage, a band label, or why it is none.
fn score_of(cell: Cell<'_>) -> ScoreRead {
    match cell {
        Cell::Empty => (f64::NAN, ScoreState::Missing, false),
        Cell::Error(_) => (f64::NAN, ScoreState::ErrorCell, false),
        Cell::Number(n) if n.is_nan() => (f64::NAN, ScoreState::NotANumber, false),
        Cell::Number(n) if n.is_infinite() => (f64::NAN, ScoreState::OutOfRange, false),
        Cell::Number(n) => (n, ScoreState::Number, false),
        Cell::Text(text) => {
            let t = trim_cell(text);
            if t.is_empty() {
                (f64::NAN, ScoreState::Missing, false)
            } else if super::value::is_placeholder(t) {
                (f64::NAN, ScoreState::NoValue, false)
            } else if let Some(band) = Band::from_label(t) {
                (f64::NAN, ScoreState::Label(band), false)
            } else {
                match parse_number_text(t) {
                    Some(p) => (p.value, ScoreState::Number, p.percent),
                    None => (f64::NAN, ScoreState::NotANumber, false),
                }
            }
        }
        Cell::Bool(_) | Cell::Date(_) => (f64::NAN, ScoreState::NotANumber, false),
    }
}

/// A workbook cluster cell as written.
fn cluster_of(memo: &mut TextMemo<Option<Cluster>>, cell: Cell<'_>) -> ClusterRead {
    if cell.is_blank() {
        return ClusterRead::Blank;
    }
    match cell.text().and_then(|text| memo.get_or(text, Cluster::from_label)) {
        Some(c) => ClusterRead::Is(c),
        None => {
            let reason = if matches!(cell, Cell::Error(_)) { Unreadable::ErrorCell } else { Unreadable::NotACluster };
            ClusterRead::Unreadable(reason, cell.text().is_some_and(is_placeholder))
        }
    }
}

/// A model cell's model (0: none).
fn model_of(memo: &mut TextMemo<u32>, models: &mut Interner, cell: Cell<'_>) -> u32 {
    match cell {
        Cell::Text(text) => memo.get_or(text, |text| models.intern(text)),
        Cell::Empty => 0,
        other => id_of(other).map(|m| models.intern(&m)).unwrap_or(0),
    }
}

impl Builder {
    pub(super) fn issue(&mut self, table: &Table, t: usize, row: usize, col: usize, field: Field, reason: Unreadable) {
        self.issues.record(
            (t, row, col),
            field,
            || (table.cell_name(row, col), table.cell(row, col).display()),
            reason,
        );
    }

    /// Reads a score cell as written: the value, its state, and whether it was written as a
    /// percentage. The 0-1 scaling and the range check wait for the whole column
    /// ([`Builder::end_table`]); `fractions` tracks whether the column is on a 0-1 scale.
    pub(super) fn score(
        &mut self,
        table: &Table,
        t: usize,
        row: usize,
        col: Option<usize>,
        field: Field,
        fractions: &mut HashMap<usize, (bool, bool)>,
    ) -> (f64, ScoreState, bool) {
        let Some(col) = col else {
            return (f64::NAN, ScoreState::Missing, false);
        };
        let (value, state, percent) = self.scores.read(t, table, row, col, score_of);
        if state == ScoreState::Number && !percent {
            let entry = fractions.entry(col).or_insert((false, true));
            entry.0 = true;
            entry.1 &= (0.0..=1.0).contains(&value);
        }
        if let Some(reason) = state.unreadable()
            && reason != Unreadable::Missing
        {
            self.issue(table, t, row, col, field, reason);
        }
        (value, state, percent)
    }

    /// The range check of a score once its scale is known.
    pub(super) fn check_range(&mut self, ds: &mut Dataset, i: usize, kind: ScoreKind, scale: f64, col: usize) {
        let scores = ds.predictions.scores_mut(kind);
        if scores.state[i] != ScoreState::Number {
            return;
        }
        scores.value[i] *= scale;
        if !(0.0..=100.0).contains(&scores.value[i]) {
            scores.state[i] = ScoreState::OutOfRange;
            let t = ds.predictions.table[i] as usize;
            let row = ds.predictions.row[i] as usize;
            let field = match kind {
                ScoreKind::Fit => Field::FitScore,
                ScoreKind::Intent => Field::IntentScore,
            };
            self.issue(&ds.tables[t], t, row, col, field, Unreadable::OutOfRange);
        }
    }

    pub(super) fn workbook_cluster(
        &mut self,
        table: &Table,
        t: usize,
        row: usize,
        col: Option<usize>,
    ) -> WorkbookCluster {
        let Some(col) = col else {
            return WorkbookCluster::Blank;
        };
        let memo = &mut self.clusters;
        match self.cluster_reads.read(t, table, row, col, |cell| cluster_of(memo, cell)) {
            ClusterRead::Blank => WorkbookCluster::Blank,
            ClusterRead::Is(c) => WorkbookCluster::Is(c),
            ClusterRead::Unreadable(reason, placeholder) => {
                if !placeholder {
                    self.issue(table, t, row, col, Field::Cluster, reason);
                }
                WorkbookCluster::Unreadable
            }
        }
    }

    /// A "Propensity" cell: a cluster where it names one, else blank (High / Medium / Low
    /// are the download's propensity levels, never unreadable clusters).
    pub(super) fn propensity_level_or_cluster(&mut self, table: &Table, row: usize, col: usize) -> WorkbookCluster {
        match table.cell(row, col).text() {
            Some(text) => match self.clusters.get_or(text, Cluster::from_label) {
                Some(c) if Band::from_label(text).is_none() => WorkbookCluster::Is(c),
                _ => WorkbookCluster::Blank,
            },
            None => WorkbookCluster::Blank,
        }
    }

    /// A row's model (0: none).
    pub(super) fn model_at(&mut self, models: &mut Interner, table: &Table, t: usize, row: usize) -> u32 {
        let Some(col) = table.mapping.get(Field::Model) else { return 0 };
        let memo = &mut self.models;
        self.coded.read(t, table, row, col, |cell| model_of(memo, models, cell))
    }

    /// Adds the row's agreement unless it was seen; true if new.
    pub(super) fn agreement(&mut self, ds: &mut Dataset, w: &mut TableWork, row: usize, customer: u32) -> bool {
        let t = w.t;
        let table = &ds.tables[t];
        let id = id_of(table.field_cell(Field::AgreementId, row));
        let mut pending = false;
        let end = match table.mapping.get(Field::AgreementEnd) {
            Some(col) => {
                let cell = table.cell(row, col);
                if let Cell::Text(text) = cell {
                    match date_order_hint(text) {
                        Some(DateOrder::DayFirst) => w.date_hints.0 += 1,
                        Some(DateOrder::MonthFirst) => w.date_hints.1 += 1,
                        _ => {}
                    }
                }
                match date_of(cell, DateOrder::Unknown) {
                    Ok(d) => Some(d),
                    Err(Unreadable::Missing) => None,
                    Err(Unreadable::AmbiguousDate) => {
                        // read once the column's day/month order is known
                        pending = true;
                        None
                    }
                    Err(reason) => {
                        self.issue(table, t, row, col, Field::AgreementEnd, reason);
                        None
                    }
                }
            }
            None => None,
        };
        let next = ds.agreements.len() as u32;
        let first_sight = match id {
            Some(ref id) => self.agreement_by_id.try_insert_first(id.clone(), next),
            None => self.agreement_by_end.try_insert_first((customer, end), next),
        };
        if !first_sight {
            // each agreement counts once, with its first row
            return false;
        }
        let revenue = match table.mapping.get(Field::ExpiringRevenue) {
            Some(col) => match number_of(table.cell(row, col)) {
                Ok(n) => n,
                Err(Unreadable::Missing) => f64::NAN,
                Err(reason) => {
                    if !is_placeholder(&table.cell(row, col).display()) {
                        self.issue(table, t, row, col, Field::ExpiringRevenue, reason);
                    }
                    f64::NAN
                }
            },
            None => f64::NAN,
        };
        let open = match w.open_rule {
            OpenRule::LicenseProgram => {
                table.field_cell(Field::LicenseProgram, row).text().is_some_and(is_open_program)
            }
            OpenRule::AgreementStatus => {
                table.field_cell(Field::AgreementStatus, row).text().is_some_and(is_open_status)
            }
            OpenRule::NoColumn => false,
        };
        let expiring_flag = match table.mapping.get(Field::ExpiringFlag) {
            Some(col) => match flag_of(table.cell(row, col)) {
                Ok(v) => v,
                Err(reason) => {
                    self.issue(table, t, row, col, Field::ExpiringFlag, reason);
                    None
                }
            },
            None => None,
        };
        if pending {
            w.pending_dates.push((ds.agreements.len(), row));
        }
        let a = &mut ds.agreements;
        a.customer.push(customer);
        a.table.push(t as u16);
        a.row.push(row as u32);
        a.id.push(id.as_deref().unwrap_or(""));
        a.end.push(end);
        a.revenue.push(revenue);
        a.open.push(open);
        a.expiring_flag.push(expiring_flag);
        true
    }
}
