//! Builds predictions, customers and agreements from a table's rows as they come.
use crate::engine::dataset::{Dataset, Interner, Predictions, ScoreState, WHOLE_ROW, WorkbookCluster};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::fields::{Field, known_product, sales_play};
use super::report::{IssueCollector, OpenRule};
use super::table::{Shape, Table};
use super::value::{
    Cell, DateOrder, Unreadable, date_of, date_order_hint, employees_of, flag_of, id_of, is_placeholder, number_of,
    parse_number_text,
};
use crate::engine::rules::{Band, Cluster, Segment};
use crate::engine::text::{fold_key, fold_search, trim_cell};

/// Strings interned case-blind, first spelling kept. Code 0 is "none".
/// Folded license programs that are Microsoft Open licensing.
pub(super) const OPEN_PROGRAMS: [&str; 7] =
    ["open", "openlicense", "openvalue", "openvaluesubscription", "ov", "ovs", "ol"];
pub(super) const OPEN_STATUSES: [&str; 8] =
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

#[derive(Clone, Debug, Default)]
pub(super) struct TableStats {
    pub(super) predictions: usize,
    pub(super) agreements: usize,
    pub(super) products: Vec<u32>,
    pub(super) scaled: Vec<usize>,
    pub(super) open_rule: Option<OpenRule>,
    /// (column, flag index) of the table's yes/no columns.
    pub(super) flag_columns: Vec<(usize, usize)>,
}

/// What the builder keeps about the table being read.
pub(super) struct TableWork {
    pub(super) t: usize,
    pub(super) rows_done: usize,
    pub(super) stats: TableStats,
    pub(super) group_products: Vec<u32>,
    pub(super) open_rule: OpenRule,
    pub(super) has_agreements: bool,
    pub(super) prediction_start: usize,
    pub(super) row_customer: Vec<u32>,
    /// Per score column: (holds a number, every number lies in 0-1).
    pub(super) fractions: HashMap<usize, (bool, bool)>,
    /// Scores written as "82%" (prediction, is fit): never scaled.
    pub(super) percent: HashSet<(usize, bool)>,
    /// Text end dates seen day-first and month-first.
    pub(super) date_hints: (usize, usize),
    /// Agreements whose end date waits for the column's day/month order: (agreement, row).
    pub(super) pending_dates: Vec<(usize, usize)>,
    /// A cluster column headed "Propensity": its High/Medium/Low are propensity levels.
    pub(super) propensity: Option<PropensityColumn>,
}

/// What a column headed "Propensity" held: band labels are levels, not clusters; if it
/// held nothing else it is an ordinary column (to filter on) once the table is read.
pub(super) struct PropensityColumn {
    pub(super) col: usize,
    pub(super) clusters_read: usize,
}

/// Writes a cell's id text into `out` (whole numbers without ".0"); false when blank.
pub(super) fn id_into(cell: Cell<'_>, out: &mut String) -> bool {
    use std::fmt::Write;
    out.clear();
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            let _ = write!(out, "{}", n as i64);
        }
        Cell::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Cell::Text(t) => {
            let t = trim_cell(t);
            if !is_placeholder(t) {
                out.push_str(t);
            }
        }
        _ => {}
    }
    !out.is_empty()
}

/// Remembers what each distinct text of a column read as, so a value repeated over a
/// million rows is parsed once.
#[derive(Default)]
pub(super) struct TextMemo<T> {
    pub(super) map: HashMap<String, T>,
}

impl<T: Copy> TextMemo<T> {
    pub(super) fn get_or(&mut self, text: &str, compute: impl FnOnce(&str) -> T) -> T {
        if let Some(v) = self.map.get(text) {
            return *v;
        }
        let v = compute(text);
        self.map.insert(text.to_string(), v);
        v
    }
}

#[derive(Default)]
pub(super) struct Builder {
    pub(super) id_buf: String,
    pub(super) products: TextMemo<u32>,
    pub(super) models: TextMemo<u32>,
    pub(super) clusters: TextMemo<Option<Cluster>>,
    pub(super) by_id: HashMap<String, u32>,
    pub(super) by_name: HashMap<String, u32>,
    pub(super) agreement_by_id: HashMap<String, u32>,
    pub(super) agreement_by_end: HashMap<(u32, Option<NaiveDate>), u32>,
    pub(super) given_pairs: HashSet<(u32, u32)>,
    pub(super) issues: IssueCollector,
    pub(super) flag_index: HashMap<String, usize>,
    pub(super) customer_flags: Vec<Vec<u64>>,
    /// Renewal-report clusters, kept until every prediction table is read:
    /// (table, row, group, customer, product).
    pub(super) renewal: Vec<(usize, usize, usize, u32, u32)>,
}

impl Builder {
    /// The customer of a row: by id, else by name (joining a customer of that name
    /// seen with an id), else a customer of its own.
    pub(super) fn customer_of(&mut self, ds: &mut Dataset, t: usize, row: usize) -> u32 {
        let table = &ds.tables[t];
        // the common case, an id seen before, allocates nothing
        let mut id_buf = std::mem::take(&mut self.id_buf);
        let has_id = id_into(table.field_cell(Field::CustomerId, row), &mut id_buf);
        if has_id && let Some(&c) = self.by_id.get(id_buf.as_str()) {
            self.id_buf = id_buf;
            return c;
        }
        let id = has_id.then(|| id_buf.clone());
        self.id_buf = id_buf;
        let name_cell = table.field_cell(Field::CustomerName, row);
        let name = match name_cell.text() {
            Some(t) => t.to_string(),
            None => trim_cell(&name_cell.display()).to_string(),
        };
        let name_key = (!name.is_empty() && !is_placeholder(&name)).then(|| fold_search(&name));
        let existing = match (&id, &name_key) {
            (Some(_), _) => None,
            (None, Some(key)) => self.by_name.get(key).copied(),
            (None, None) => None,
        };
        if let Some(c) = existing {
            return c;
        }
        let c = ds.customers.len() as u32;
        let domain = id_of(table.field_cell(Field::Domain, row)).unwrap_or_default();
        let customers = &mut ds.customers;
        customers.id.push(id.as_deref().unwrap_or(""));
        customers.name.push(&name);
        customers.domain.push(&domain);
        customers.search.push(&fold_search(&format!("{name}\u{1}{}\u{1}{domain}", id.as_deref().unwrap_or(""))));
        customers.country.push(0);
        customers.area.push(0);
        customers.industry.push(0);
        customers.vertical.push(0);
        customers.employees.push(f64::NAN);
        customers.azure_potential.push(f64::NAN);
        customers.compute_flag.push(None);
        customers.user_flag.push(None);
        customers.label_segment.push(None);
        customers.first_row.push((t as u16, row as u32));
        customers.existing_workloads.push(0);
        customers.recommended_workloads.push(0);
        customers.existing_workload_count.push(f64::NAN);
        customers.recommended_workload_count.push(f64::NAN);
        if let Some(id) = id {
            self.by_id.insert(id, c);
        }
        if let Some(key) = name_key {
            self.by_name.entry(key).or_insert(c);
        }
        c
    }

    /// Folds one row's firmographics into its customer.
    pub(super) fn describe_customer(&mut self, ds: &mut Dataset, t: usize, row: usize, c: usize) {
        let table = &ds.tables[t];
        let fill = |code: &mut u32, interner: &mut Interner, cell: Cell<'_>| {
            if *code == 0
                && let Some(text) = id_of(cell)
            {
                *code = interner.intern(&text);
            }
        };
        fill(&mut ds.customers.country[c], &mut ds.countries, table.field_cell(Field::Country, row));
        fill(&mut ds.customers.area[c], &mut ds.areas, table.field_cell(Field::Area, row));
        fill(&mut ds.customers.industry[c], &mut ds.industries, table.field_cell(Field::Industry, row));
        fill(&mut ds.customers.vertical[c], &mut ds.verticals, table.field_cell(Field::Vertical, row));
        if let Some(col) = table.mapping.get(Field::Employees) {
            match employees_of(table.cell(row, col)) {
                Ok(n) if n >= 0.0 => {
                    let e = &mut ds.customers.employees[c];
                    if e.is_nan() || n > *e {
                        *e = n;
                    }
                }
                Ok(_) => self.issue(table, t, row, col, Field::Employees, Unreadable::OutOfRange),
                Err(Unreadable::Missing) => {}
                Err(reason) => self.issue(table, t, row, col, Field::Employees, reason),
            }
        }
        if let Some(col) = table.mapping.get(Field::AzurePotential) {
            match number_of(table.cell(row, col)) {
                Ok(n) => {
                    let a = &mut ds.customers.azure_potential[c];
                    if a.is_nan() || n > *a {
                        *a = n;
                    }
                }
                Err(Unreadable::Missing) => {}
                Err(_) if is_placeholder(&table.cell(row, col).display()) => {}
                Err(reason) => self.issue(table, t, row, col, Field::AzurePotential, reason),
            }
        }
        for (field, slot) in [
            (Field::TopComputeFlag, &mut ds.customers.compute_flag[c]),
            (Field::TopUserFlag, &mut ds.customers.user_flag[c]),
        ] {
            if let Some(col) = table.mapping.get(field) {
                match flag_of(table.cell(row, col)) {
                    Ok(Some(v)) => *slot = Some(slot.unwrap_or(false) || v),
                    Ok(None) => {}
                    Err(reason) => self.issue(table, t, row, col, field, reason),
                }
            }
        }
        if ds.customers.label_segment[c].is_none()
            && let Some(text) = table.field_cell(Field::Segment, row).text()
        {
            ds.customers.label_segment[c] = Segment::from_label(text);
        }
        let customers = &mut ds.customers;
        for (list, count, lists, counts) in [
            (
                Field::ExistingWorkloads,
                Field::ExistingWorkloadCount,
                &mut customers.existing_workloads,
                &mut customers.existing_workload_count,
            ),
            (
                Field::RecommendedWorkloads,
                Field::RecommendedWorkloadCount,
                &mut customers.recommended_workloads,
                &mut customers.recommended_workload_count,
            ),
        ] {
            if lists[c] == 0
                && let Some(text) = table.field_cell(list, row).text()
                && !is_placeholder(text)
            {
                lists[c] = ds.workloads.intern(text);
            }
            if counts[c].is_nan()
                && let Ok(n) = number_of(table.field_cell(count, row))
            {
                counts[c] = n;
            }
        }
    }

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
        let cell = table.cell(row, col);
        let (value, state, percent) = match cell {
            Cell::Empty => (f64::NAN, ScoreState::Missing, false),
            Cell::Error(_) => (f64::NAN, ScoreState::ErrorCell, false),
            Cell::Number(n) => (n, ScoreState::Number, false),
            Cell::Text(text) => {
                let t = trim_cell(text);
                if t.is_empty() {
                    (f64::NAN, ScoreState::Missing, false)
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
        };
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
    pub(super) fn check_range(&mut self, ds: &mut Dataset, i: usize, fit: bool, scale: f64, col: usize) {
        let scores = if fit { &mut ds.predictions.fit } else { &mut ds.predictions.intent };
        if scores.state[i] != ScoreState::Number {
            return;
        }
        scores.value[i] *= scale;
        if !(0.0..=100.0).contains(&scores.value[i]) {
            scores.state[i] = ScoreState::OutOfRange;
            let t = ds.predictions.table[i] as usize;
            let row = ds.predictions.row[i] as usize;
            let field = if fit { Field::FitScore } else { Field::IntentScore };
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
        let cell = table.cell(row, col);
        if cell.is_blank() {
            return WorkbookCluster::Blank;
        }
        let read = match cell.text() {
            Some(text) => self.clusters.get_or(text, Cluster::from_label),
            None => None,
        };
        match read {
            Some(c) => WorkbookCluster::Is(c),
            None => {
                let reason =
                    if matches!(cell, Cell::Error(_)) { Unreadable::ErrorCell } else { Unreadable::NotACluster };
                if !cell.text().is_some_and(is_placeholder) {
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

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_prediction(
        &mut self,
        p: &mut Predictions,
        t: usize,
        row: usize,
        group: u8,
        customer: u32,
        product: u32,
        model: u32,
        fit: (f64, ScoreState),
        intent: (f64, ScoreState),
        workbook: WorkbookCluster,
        whitespace: f64,
    ) {
        p.table.push(t as u16);
        p.row.push(row as u32);
        p.group.push(group);
        p.customer.push(customer);
        p.product.push(product);
        p.model.push(model);
        p.fit.push(fit.0, fit.1);
        p.intent.push(intent.0, intent.1);
        p.workbook_cluster.push(workbook);
        p.whitespace.push(whitespace);
    }

    pub(super) fn start_table(&mut self, ds: &mut Dataset, t: usize) -> TableWork {
        let table = &ds.tables[t];
        let mapping = &table.mapping;
        let has_agreements =
            mapping.has(Field::AgreementId) || mapping.has(Field::AgreementEnd) || table.shape == Shape::Agreements;
        let open_rule = if mapping.has(Field::LicenseProgram) {
            OpenRule::LicenseProgram
        } else if mapping.has(Field::AgreementStatus) {
            OpenRule::AgreementStatus
        } else {
            OpenRule::NoColumn
        };
        let group_products: Vec<u32> = mapping.groups.iter().map(|g| ds.products.intern(&g.product)).collect();
        TableWork {
            t,
            rows_done: 0,
            stats: TableStats { open_rule: has_agreements.then_some(open_rule), ..TableStats::default() },
            group_products,
            open_rule,
            has_agreements,
            prediction_start: ds.predictions.len(),
            row_customer: Vec::new(),
            fractions: HashMap::default(),
            percent: HashSet::default(),
            date_hints: (0, 0),
            pending_dates: Vec::new(),
            propensity: mapping
                .get(Field::Cluster)
                .filter(|c| fold_key(&table.headers[*c]) == "propensity")
                .map(|col| PropensityColumn { col, clusters_read: 0 }),
        }
    }

    /// Builds predictions, customers and agreements from the rows read since last time.
    pub(super) fn rows(&mut self, ds: &mut Dataset, w: &mut TableWork) {
        let t = w.t;
        let shape = ds.tables[t].shape;
        let mapping = ds.tables[t].mapping.clone();
        let whitespace_col = mapping.get(Field::WhitespaceRevenue);
        let end = ds.tables[t].rows();
        for row in w.rows_done..end {
            let customer = self.customer_of(ds, t, row);
            w.row_customer.push(customer);
            self.describe_customer(ds, t, row, customer as usize);
            let table = &ds.tables[t];
            match shape {
                Shape::Long => {
                    let products = &mut ds.products;
                    let product = match table.field_cell(Field::Product, row) {
                        Cell::Text(text) => self.products.get_or(text, |text| {
                            let text = trim_cell(text);
                            products.intern(known_product(text).unwrap_or(text))
                        }),
                        other => products.intern(&other.display()),
                    };
                    let model = self.model_of(&mut ds.models, table.field_cell(Field::Model, row));
                    let fit =
                        self.score(table, t, row, mapping.get(Field::FitScore), Field::FitScore, &mut w.fractions);
                    let intent = self.score(
                        table,
                        t,
                        row,
                        mapping.get(Field::IntentScore),
                        Field::IntentScore,
                        &mut w.fractions,
                    );
                    let workbook = match &mut w.propensity {
                        Some(p) => {
                            let read = self.propensity_level_or_cluster(table, row, p.col);
                            p.clusters_read += usize::from(matches!(read, WorkbookCluster::Is(_)));
                            read
                        }
                        None => self.workbook_cluster(table, t, row, mapping.get(Field::Cluster)),
                    };
                    let whitespace = match whitespace_col {
                        Some(col) => match number_of(table.cell(row, col)) {
                            Ok(n) => n,
                            Err(Unreadable::Missing) => f64::NAN,
                            Err(reason) => {
                                if !is_placeholder(&table.cell(row, col).display()) {
                                    self.issue(table, t, row, col, Field::WhitespaceRevenue, reason);
                                }
                                f64::NAN
                            }
                        },
                        None => f64::NAN,
                    };
                    self.given_pairs.insert((customer, product));
                    let i = ds.predictions.len();
                    if fit.2 {
                        w.percent.insert((i, true));
                    }
                    if intent.2 {
                        w.percent.insert((i, false));
                    }
                    self.push_prediction(
                        &mut ds.predictions,
                        t,
                        row,
                        WHOLE_ROW,
                        customer,
                        product,
                        model,
                        (fit.0, fit.1),
                        (intent.0, intent.1),
                        workbook,
                        whitespace,
                    );
                    w.stats.predictions += 1;
                    if !w.stats.products.contains(&product) {
                        w.stats.products.push(product);
                    }
                }
                Shape::Wide | Shape::Agreements => {
                    for (g, group) in mapping.groups.iter().enumerate() {
                        let cells = [group.fit, group.intent, group.cluster];
                        if cells.iter().flatten().all(|c| ds.tables[t].cell(row, *c).is_blank()) {
                            continue;
                        }
                        let product = w.group_products[g];
                        if shape == Shape::Agreements {
                            // renewal clusters give only pairs no prediction table gives:
                            // decided once every file is read
                            self.renewal.push((t, row, g, customer, product));
                            continue;
                        }
                        self.given_pairs.insert((customer, product));
                        let (i, fit_percent, intent_percent) =
                            self.group_prediction(ds, (t, row, g), customer, product, &mut w.fractions);
                        if fit_percent {
                            w.percent.insert((i, true));
                        }
                        if intent_percent {
                            w.percent.insert((i, false));
                        }
                        w.stats.predictions += 1;
                        if !w.stats.products.contains(&product) {
                            w.stats.products.push(product);
                        }
                    }
                }
            }
            if w.has_agreements && self.agreement(ds, w, row, customer) {
                w.stats.agreements += 1;
            }
        }
        w.rows_done = end;
    }

    /// What needs a whole column: the 0-1 scale of scores and their range check, the
    /// day/month order of text dates, and which columns are yes/no flags.
    pub(super) fn end_table(&mut self, ds: &mut Dataset, mut w: TableWork) -> TableStats {
        self.rows(ds, &mut w);
        let t = w.t;
        let mapping = ds.tables[t].mapping.clone();
        let mut scaled: Vec<usize> =
            w.fractions.iter().filter(|(_, (any, all))| *any && *all).map(|(c, _)| *c).collect();
        scaled.sort_unstable();
        for i in w.prediction_start..ds.predictions.len() {
            let (fit_col, intent_col) = match ds.predictions.group[i] {
                WHOLE_ROW => (mapping.get(Field::FitScore), mapping.get(Field::IntentScore)),
                g => mapping.groups.get(g as usize).map(|g| (g.fit, g.intent)).unwrap_or((None, None)),
            };
            for (fit, col) in [(true, fit_col), (false, intent_col)] {
                let Some(col) = col else { continue };
                let scale = if scaled.contains(&col) && !w.percent.contains(&(i, fit)) { 100.0 } else { 1.0 };
                self.check_range(ds, i, fit, scale, col);
            }
        }
        w.stats.scaled = scaled;
        if let Some(col) = mapping.get(Field::AgreementEnd) {
            let order = match w.date_hints {
                (d, 0) if d > 0 => DateOrder::DayFirst,
                (0, m) if m > 0 => DateOrder::MonthFirst,
                _ => DateOrder::Unknown,
            };
            for &(a, row) in &w.pending_dates {
                let table = &ds.tables[t];
                match date_of(table.cell(row, col), order) {
                    Ok(d) => ds.agreements.end[a] = Some(d),
                    Err(reason) => self.issue(table, t, row, col, Field::AgreementEnd, reason),
                }
            }
        }
        if let Some(p) = &w.propensity
            && p.clusters_read == 0
        {
            ds.tables[t].mapping.fields.remove(&Field::Cluster);
        }
        w.stats.flag_columns = self.flags(ds, t, &w.row_customer);
        ds.row_customers.resize(t + 1, Vec::new());
        ds.row_customers[t] = std::mem::take(&mut w.row_customer);
        if ds.tables[t].shape != Shape::Long {
            // products named by the groups, in column order, even where no row gave one
            for p in &w.group_products {
                if !w.stats.products.contains(p) {
                    w.stats.products.push(*p);
                }
            }
        }
        w.stats
    }

    /// Reads product group `g` of a row and adds its prediction: its index, and whether its
    /// fit and intent were written as percentages.
    pub(super) fn group_prediction(
        &mut self,
        ds: &mut Dataset,
        (t, row, g): (usize, usize, usize),
        customer: u32,
        product: u32,
        fractions: &mut HashMap<usize, (bool, bool)>,
    ) -> (usize, bool, bool) {
        let table = &ds.tables[t];
        let (fit_col, intent_col, cluster_col) =
            table.mapping.groups.get(g).map(|g| (g.fit, g.intent, g.cluster)).unwrap_or((None, None, None));
        let fit = self.score(table, t, row, fit_col, Field::FitScore, fractions);
        let intent = self.score(table, t, row, intent_col, Field::IntentScore, fractions);
        let workbook = self.workbook_cluster(table, t, row, cluster_col);
        let model = self.model_of(&mut ds.models, table.field_cell(Field::Model, row));
        let i = ds.predictions.len();
        self.push_prediction(
            &mut ds.predictions,
            t,
            row,
            g as u8,
            customer,
            product,
            model,
            (fit.0, fit.1),
            (intent.0, intent.1),
            workbook,
            f64::NAN,
        );
        (i, fit.2, intent.2)
    }

    /// Finds the table's yes/no columns, numbers the flags across tables, and sets them for
    /// the customers whose rows say yes.
    pub(super) fn flags(&mut self, ds: &mut Dataset, t: usize, row_customer: &[u32]) -> Vec<(usize, usize)> {
        let table = &ds.tables[t];
        let group_cols: HashSet<usize> =
            table.mapping.groups.iter().flat_map(|g| [g.fit, g.intent, g.cluster]).flatten().collect();
        let mut found = Vec::new();
        for (c, header) in table.headers.iter().enumerate() {
            let eligible = match ds.field_of(t, c) {
                None => !group_cols.contains(&c),
                Some(f) => matches!(f, Field::TopComputeFlag | Field::TopUserFlag | Field::ExpiringFlag),
            };
            if !eligible || header.trim().is_empty() {
                continue;
            }
            // a sales play's values are undocumented: 1/0 alone are flags there
            let numbers_are_flags = sales_play(header).is_some();
            let Some(yes_rows) = flag_column_yes_rows(table, c, numbers_are_flags) else { continue };
            let key = fold_key(header);
            let next = self.flag_index.len();
            let flag = *self.flag_index.entry(key).or_insert_with(|| {
                ds.flag_names.push(header.trim().to_string());
                next
            });
            if self.customer_flags.len() <= flag {
                self.customer_flags.resize(flag + 1, Vec::new());
            }
            let bits = &mut self.customer_flags[flag];
            for row in yes_rows {
                let customer = row_customer[row as usize] as usize;
                let (word, bit) = (customer / 64, customer % 64);
                if bits.len() <= word {
                    bits.resize(word + 1, 0);
                }
                bits[word] |= 1 << bit;
            }
            found.push((c, flag));
        }
        found
    }

    /// The renewal report's clusters for the (customer, product) pairs no prediction
    /// table gave, one per pair (the first row's).
    pub(super) fn renewal_predictions(&mut self, ds: &mut Dataset, stats: &mut [TableStats]) {
        for (t, row, g, customer, product) in std::mem::take(&mut self.renewal) {
            if !self.given_pairs.insert((customer, product)) {
                continue;
            }
            let Some(group) = ds.tables[t].mapping.groups.get(g) else { continue };
            let (fit_col, intent_col) = (group.fit, group.intent);
            let (i, _, _) = self.group_prediction(ds, (t, row, g), customer, product, &mut HashMap::default());
            for (is_fit, col) in [(true, fit_col), (false, intent_col)] {
                if let Some(col) = col {
                    self.check_range(ds, i, is_fit, 1.0, col);
                }
            }
            stats[t].predictions += 1;
        }
    }

    pub(super) fn model_of(&mut self, models: &mut Interner, cell: Cell<'_>) -> u32 {
        match cell {
            Cell::Text(text) => self.models.get_or(text, |text| models.intern(text)),
            Cell::Empty => 0,
            other => id_of(other).map(|m| models.intern(&m)).unwrap_or(0),
        }
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

/// The rows saying yes, when yes/no values and nothing else fill the column (1/0 numbers
/// only count with at least one text yes/no, so a numeric column is not taken for flags).
pub(super) fn flag_column_yes_rows(table: &Table, col: usize, numbers_are_flags: bool) -> Option<Vec<u32>> {
    let mut seen_text = false;
    let mut yes = Vec::new();
    for row in 0..table.rows() {
        let cell = table.cell(row, col);
        if cell.is_blank() {
            continue;
        }
        match flag_of(cell) {
            Ok(Some(v)) => {
                if v {
                    yes.push(row as u32);
                }
                seen_text |= matches!(cell, Cell::Text(_) | Cell::Bool(_));
            }
            _ => return None,
        }
    }
    (seen_text || numbers_are_flags).then_some(yes)
}
