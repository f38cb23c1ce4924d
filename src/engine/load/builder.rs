//! Builds predictions, customers and agreements from a table's rows as they come.
use crate::engine::dataset::{Dataset, Interner, Predictions, ScoreKind, ScoreState, WHOLE_ROW, WorkbookCluster};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::fields::{Field, known_product};
use super::keys::KeyIndex;
use super::memo::{ClusterRead, ColumnMemos, ScoreRead, TextMemo};
use super::report::{IssueCollector, OpenRule};
use super::table::{Shape, Table};
use super::value::{Cell, DateOrder, Unreadable, date_of, is_placeholder, number_of};
use crate::engine::memory::PushGrowing;
use crate::engine::rules::Cluster;
use crate::engine::text::{fold_key, trim_cell};

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
    pub(super) percent: HashSet<(usize, ScoreKind)>,
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

#[derive(Default)]
pub(super) struct Builder {
    pub(super) id_buf: String,
    pub(super) products: TextMemo<u32>,
    pub(super) models: TextMemo<u32>,
    pub(super) clusters: TextMemo<Option<Cluster>>,
    /// By cell code: a product, model, country, area, industry or vertical's code.
    pub(super) coded: ColumnMemos<u32>,
    pub(super) scores: ColumnMemos<ScoreRead>,
    pub(super) cluster_reads: ColumnMemos<ClusterRead>,
    /// The customer of a customer id cell.
    pub(super) customer_codes: ColumnMemos<u32>,
    pub(super) by_id: KeyIndex,
    /// Folded names.
    pub(super) by_name: KeyIndex,
    pub(super) agreement_by_id: HashMap<String, u32>,
    pub(super) agreement_by_end: HashMap<(u32, Option<NaiveDate>), u32>,
    pub(super) issues: IssueCollector,
    pub(super) flag_index: HashMap<String, usize>,
    pub(super) customer_flags: Vec<Vec<u64>>,
    /// Renewal-report clusters, kept until every prediction table is read:
    /// (table, row, group, customer, product).
    pub(super) renewal: Vec<(usize, usize, usize, u32, u32)>,
}

impl Builder {
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
        p.table.push_growing(t as u16);
        p.row.push_growing(row as u32);
        p.group.push_growing(group);
        p.customer.push_growing(customer);
        p.product.push_growing(product);
        p.model.push_growing(model);
        p.fit.push(fit.0, fit.1);
        p.intent.push(intent.0, intent.1);
        p.workbook_cluster.push_growing(workbook);
        p.whitespace.push_growing(whitespace);
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
        let end = ds.tables[t].rows();
        for row in w.rows_done..end {
            let customer = self.customer_of(ds, t, row);
            w.row_customer.push_growing(customer);
            self.describe_customer(ds, t, row, customer as usize);
            match shape {
                Shape::Long => self.long_row(ds, w, row, customer),
                Shape::Wide | Shape::Agreements => self.wide_row(ds, w, row, customer),
            }
            if w.has_agreements && self.agreement(ds, w, row, customer) {
                w.stats.agreements += 1;
            }
        }
        w.rows_done = end;
    }

    /// A long table's row: one prediction.
    fn long_row(&mut self, ds: &mut Dataset, w: &mut TableWork, row: usize, customer: u32) {
        let t = w.t;
        let table = &ds.tables[t];
        let mapping = &table.mapping;
        let (products, memo) = (&mut ds.products, &mut self.products);
        let product = match mapping.get(Field::Product) {
            Some(col) => self.coded.read(t, table, row, col, |cell| product_of(memo, products, cell)),
            None => product_of(memo, products, Cell::Empty),
        };
        let model = self.model_at(&mut ds.models, table, t, row);
        let fit = self.score(table, t, row, mapping.get(Field::FitScore), Field::FitScore, &mut w.fractions);
        let intent = self.score(table, t, row, mapping.get(Field::IntentScore), Field::IntentScore, &mut w.fractions);
        let workbook = match &mut w.propensity {
            Some(p) => {
                let read = self.propensity_level_or_cluster(table, row, p.col);
                p.clusters_read += usize::from(matches!(read, WorkbookCluster::Is(_)));
                read
            }
            None => self.workbook_cluster(table, t, row, mapping.get(Field::Cluster)),
        };
        let whitespace = self.whitespace(table, t, row, mapping.get(Field::WhitespaceRevenue));
        let i = ds.predictions.len();
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
        count_prediction(w, i, product, (fit.2, intent.2));
    }

    /// A wide row's product groups (or, for the renewal report, its clusters, decided once
    /// every file is read).
    fn wide_row(&mut self, ds: &mut Dataset, w: &mut TableWork, row: usize, customer: u32) {
        let t = w.t;
        let renewal = ds.tables[t].shape == Shape::Agreements;
        for g in 0..ds.tables[t].mapping.groups.len() {
            let group = &ds.tables[t].mapping.groups[g];
            let cells = [group.fit, group.intent, group.cluster];
            if cells.iter().flatten().all(|c| ds.tables[t].cell(row, *c).is_blank()) {
                continue;
            }
            let product = w.group_products[g];
            if renewal {
                // renewal clusters give only pairs no prediction table gives
                self.renewal.push((t, row, g, customer, product));
                continue;
            }
            let (i, fit_percent, intent_percent) =
                self.group_prediction(ds, (t, row, g), customer, product, &mut w.fractions);
            count_prediction(w, i, product, (fit_percent, intent_percent));
        }
    }

    /// A long row's whitespace revenue (NaN where there is none).
    fn whitespace(&mut self, table: &Table, t: usize, row: usize, col: Option<usize>) -> f64 {
        let Some(col) = col else { return f64::NAN };
        match number_of(table.cell(row, col)) {
            Ok(n) => n,
            Err(Unreadable::Missing) => f64::NAN,
            Err(reason) => {
                if !is_placeholder(&table.cell(row, col).display()) {
                    self.issue(table, t, row, col, Field::WhitespaceRevenue, reason);
                }
                f64::NAN
            }
        }
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
            for (kind, col) in [(ScoreKind::Fit, fit_col), (ScoreKind::Intent, intent_col)] {
                let Some(col) = col else { continue };
                let scale = if scaled.contains(&col) && !w.percent.contains(&(i, kind)) { 100.0 } else { 1.0 };
                self.check_range(ds, i, kind, scale, col);
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
        let model = self.model_at(&mut ds.models, table, t, row);
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

    /// The renewal report's clusters for the (customer, product) pairs no prediction
    /// table gave, one per pair (the first row's).
    pub(super) fn renewal_predictions(&mut self, ds: &mut Dataset, stats: &mut [TableStats]) {
        if self.renewal.is_empty() {
            return;
        }
        // the pairs the prediction tables gave, gathered here rather than kept through the load
        let p = &ds.predictions;
        let mut given: HashSet<(u32, u32)> = p.customer.iter().copied().zip(p.product.iter().copied()).collect();
        for (t, row, g, customer, product) in std::mem::take(&mut self.renewal) {
            if !given.insert((customer, product)) {
                continue;
            }
            let Some(group) = ds.tables[t].mapping.groups.get(g) else { continue };
            let (fit_col, intent_col) = (group.fit, group.intent);
            let (i, _, _) = self.group_prediction(ds, (t, row, g), customer, product, &mut HashMap::default());
            for (kind, col) in [(ScoreKind::Fit, fit_col), (ScoreKind::Intent, intent_col)] {
                if let Some(col) = col {
                    self.check_range(ds, i, kind, 1.0, col);
                }
            }
            stats[t].predictions += 1;
        }
    }
}

/// A product cell's product.
fn product_of(memo: &mut TextMemo<u32>, products: &mut Interner, cell: Cell<'_>) -> u32 {
    match cell {
        Cell::Text(text) => memo.get_or(text, |text| {
            let text = trim_cell(text);
            products.intern(known_product(text).unwrap_or(text))
        }),
        other => products.intern(&other.display()),
    }
}

/// Counts prediction `i` in its table's figures; scores written as percentages are never
/// scaled from 0-1.
fn count_prediction(w: &mut TableWork, i: usize, product: u32, (fit_percent, intent_percent): (bool, bool)) {
    if fit_percent {
        w.percent.insert((i, ScoreKind::Fit));
    }
    if intent_percent {
        w.percent.insert((i, ScoreKind::Intent));
    }
    w.stats.predictions += 1;
    if !w.stats.products.contains(&product) {
        w.stats.products.push(product);
    }
}
