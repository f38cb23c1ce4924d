//! The data set: predictions, customers and agreements joined across every table of
//! every file, stored column-wise. Built once per load; rules never change it.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::error::LoadError;
use super::fields::{Field, known_product};
use super::read::{FileTables, Source, expand_paths, read_file};
use super::report::{
    FileReport, GroupReport, IssueCollector, LoadReport, MappedColumn, OpenRule, SkippedFile, TableReport,
};
use super::rules::{Band, Cluster, Segment};
use super::table::{DetectOptions, Shape, Table};
use super::text::{fold_key, fold_search, trim_cell};
use super::value::{
    Cell, DateOrder, Unreadable, date_of, date_order_hint, employees_of, flag_of, id_of, is_placeholder, number_of,
    parse_number_text,
};

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

/// Many short strings in one buffer.
#[derive(Clone, Debug, Default)]
pub struct TextArena {
    text: String,
    ends: Vec<usize>,
}

impl TextArena {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        let end = self.ends.get(i).copied().unwrap_or(start);
        &self.text[start..end]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
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
}

impl ScoreState {
    pub fn unreadable(self) -> Option<Unreadable> {
        match self {
            ScoreState::Number | ScoreState::Label(_) => None,
            ScoreState::Missing => Some(Unreadable::Missing),
            ScoreState::NotANumber => Some(Unreadable::NotANumber),
            ScoreState::OutOfRange => Some(Unreadable::OutOfRange),
            ScoreState::ErrorCell => Some(Unreadable::ErrorCell),
        }
    }
}

/// Fit or intent scores of every prediction.
#[derive(Clone, Debug, Default)]
pub struct ScoreColumn {
    pub value: Vec<f64>,
    pub state: Vec<ScoreState>,
}

impl ScoreColumn {
    fn push(&mut self, value: f64, state: ScoreState) {
        self.value.push(value);
        self.state.push(state);
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
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }
}

/// One entry per customer, joined across rows and files.
#[derive(Clone, Debug, Default)]
pub struct Customers {
    pub id: TextArena,
    pub name: TextArena,
    pub domain: TextArena,
    /// Folded "name id domain", for search.
    pub search: TextArena,
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
    /// Flag bits, `flag_words` words per customer.
    pub flags: Vec<u64>,
    pub flag_words: usize,
    /// The first row that named the customer: (table, row).
    pub first_row: Vec<(u16, u32)>,
}

impl Customers {
    pub fn len(&self) -> usize {
        self.country.len()
    }

    pub fn is_empty(&self) -> bool {
        self.country.is_empty()
    }

    pub fn has_flag(&self, customer: usize, flag: usize) -> bool {
        let word = customer * self.flag_words + flag / 64;
        self.flags.get(word).is_some_and(|w| w & (1 << (flag % 64)) != 0)
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
}

impl Agreements {
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
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
    /// Yes/no columns usable as flag filters, by display name.
    pub flag_names: Vec<String>,
    pub report: LoadReport,
    /// Whether any table has a whitespace revenue column.
    pub has_whitespace: bool,
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
    /// The union of the tables' columns, first seen first.
    pub fn source_columns(&self) -> Vec<SourceColumn> {
        let mut columns: Vec<SourceColumn> = Vec::new();
        let mut index: HashMap<(String, usize), usize> = HashMap::default();
        for (t, table) in self.tables.iter().enumerate() {
            let mut seen: HashMap<String, usize> = HashMap::default();
            for (c, header) in table.headers.iter().enumerate() {
                let key = fold_key(header);
                let occurrence = seen.entry(key.clone()).or_insert(0);
                *occurrence += 1;
                let n = *occurrence;
                let out = *index.entry((key, n)).or_insert_with(|| {
                    let header = if n == 1 { header.clone() } else { format!("{header} ({n})") };
                    columns.push(SourceColumn { header, per_table: vec![None; self.tables.len()] });
                    columns.len() - 1
                });
                columns[out].per_table[t] = Some(c);
            }
        }
        columns
    }

    /// The field a table column is mapped to.
    pub fn field_of(&self, table: usize, col: usize) -> Option<Field> {
        self.tables[table].mapping.fields.iter().find(|(_, c)| **c == col).map(|(f, _)| *f)
    }
}

/// Progress of a load, for a progress bar.
#[derive(Clone, Debug)]
pub struct LoadProgress {
    pub file: usize,
    pub files: usize,
    pub name: String,
}

/// Options of a load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub detect: DetectOptions,
}

/// The default cell limit per sheet: a million rows of fifty columns.
pub const DEFAULT_MAX_CELLS: u64 = 50_000_000;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { detect: DetectOptions { max_cells: DEFAULT_MAX_CELLS, ..DetectOptions::default() } }
    }
}

impl Dataset {
    /// Loads paths (folders expand to the workbooks and CSV/TSV files they hold).
    pub fn load_paths(
        paths: &[std::path::PathBuf],
        opts: &LoadOptions,
        progress: &mut dyn FnMut(LoadProgress),
    ) -> Result<Dataset, LoadError> {
        let mut sources = Vec::new();
        for path in paths {
            let from_folder = path.is_dir();
            for file in expand_paths(std::slice::from_ref(path))? {
                sources.push((Source::Path(file), from_folder));
            }
        }
        Dataset::load(&sources, opts, progress)
    }

    /// Loads sources; each flagged `true` came from a folder and is skipped (and reported)
    /// rather than refused when it holds no propensity data.
    pub fn load(
        sources: &[(Source, bool)],
        opts: &LoadOptions,
        progress: &mut dyn FnMut(LoadProgress),
    ) -> Result<Dataset, LoadError> {
        if sources.is_empty() {
            return Err(LoadError::NoFiles);
        }
        let mut files = Vec::new();
        let mut read = Vec::new();
        let mut skipped_files = Vec::new();
        let mut first_skip: Option<LoadError> = None;
        for (i, (source, lenient)) in sources.iter().enumerate() {
            progress(LoadProgress { file: i, files: sources.len(), name: source.file_name() });
            let index = files.len();
            let result = read_file(source, index, &opts.detect).and_then(|ft| {
                if ft.tables.is_empty() {
                    Err(LoadError::NoData { path: source.display_name(), sheets: ft.skipped })
                } else {
                    Ok(ft)
                }
            });
            match result {
                Ok(ft) => {
                    files.push(SourceFile { path: source.display_name(), name: source.file_name() });
                    read.push(ft);
                }
                Err(e @ LoadError::NoData { .. }) if *lenient => {
                    skipped_files.push(SkippedFile { path: source.display_name(), reason: e.to_string() });
                    first_skip.get_or_insert(e);
                }
                Err(e) => return Err(e),
            }
        }
        if read.is_empty() {
            // every file of the folders held nothing: say why for the first
            return Err(first_skip.unwrap_or(LoadError::NoFiles));
        }
        let mut ds = build(files, read);
        ds.report.skipped_files = skipped_files;
        Ok(ds)
    }
}

/// Folded license programs that are Microsoft Open licensing.
const OPEN_PROGRAMS: [&str; 7] = ["open", "openlicense", "openvalue", "openvaluesubscription", "ov", "ovs", "ol"];
const OPEN_STATUSES: [&str; 8] =
    ["open", "ouvert", "ouverte", "active", "actif", "notrenewed", "nonrenouvele", "inprogress"];

fn is_open_program(text: &str) -> bool {
    let f = fold_key(text);
    OPEN_PROGRAMS.contains(&f.as_str())
        || f.starts_with("openvalue")
        || f.starts_with("openlicense")
        || f.starts_with("microsoftopen")
}

fn is_open_status(text: &str) -> bool {
    OPEN_STATUSES.contains(&fold_key(text).as_str())
}

/// Builds the data set from the tables read: prediction tables first, so the renewal
/// report's clusters fill only the (customer, product) pairs no prediction table gives.
fn build(files: Vec<SourceFile>, read: Vec<FileTables>) -> Dataset {
    let mut ds = Dataset { files, ..Dataset::default() };
    let mut file_reports: Vec<FileReport> = Vec::new();
    for (i, ft) in read.into_iter().enumerate() {
        file_reports.push(FileReport {
            path: ds.files[i].path.clone(),
            format: ft.format.key().to_string(),
            tables: Vec::new(),
            skipped_sheets: ft.skipped,
        });
        ds.tables.extend(ft.tables);
    }
    let mut b = Builder::default();
    b.prepare_flags(&mut ds);
    let mut stats = vec![TableStats::default(); ds.tables.len()];
    let order: Vec<usize> = (0..ds.tables.len())
        .filter(|t| ds.tables[*t].shape != Shape::Agreements)
        .chain((0..ds.tables.len()).filter(|t| ds.tables[*t].shape == Shape::Agreements))
        .collect();
    for t in order {
        stats[t] = b.table(&mut ds, t);
    }
    ds.customers.flag_words = b.flag_words;
    ds.customers.flags = std::mem::take(&mut b.customer_flags);
    ds.has_whitespace = ds.tables.iter().any(|t| t.mapping.has(Field::WhitespaceRevenue));
    for (t, table) in ds.tables.iter().enumerate() {
        let s = &stats[t];
        let mut products: Vec<String> = Vec::new();
        for p in &s.products {
            let name = ds.products.name(*p).to_string();
            if !products.contains(&name) {
                products.push(name);
            }
        }
        let mapped: HashSet<usize> = table
            .mapping
            .fields
            .values()
            .copied()
            .chain(table.mapping.groups.iter().flat_map(|g| [g.fit, g.intent, g.cluster]).flatten())
            .collect();
        let flag_cols = &b.table_flag_columns[t];
        let report = TableReport {
            sheet: table.sheet.clone(),
            header_row: table.header_row + 1,
            shape: table.shape,
            rows: table.rows(),
            predictions: s.predictions,
            agreements: s.agreements,
            products,
            mapping: table
                .mapping
                .fields
                .iter()
                .map(|(f, c)| MappedColumn {
                    field: *f,
                    header: table.headers[*c].clone(),
                    column: table.column_letter(*c),
                })
                .collect(),
            groups: table
                .mapping
                .groups
                .iter()
                .map(|g| GroupReport {
                    product: g.product.clone(),
                    fit: g.fit.map(|c| table.headers[c].clone()),
                    intent: g.intent.map(|c| table.headers[c].clone()),
                    cluster: g.cluster.map(|c| table.headers[c].clone()),
                })
                .collect(),
            unreadable: b.issues.take_table(t, &table.headers, |c| table.column_letter(c)),
            scaled_from_fraction: s.scaled.iter().map(|c| table.headers[*c].clone()).collect(),
            open_rule: s.open_rule,
            flag_columns: flag_cols.iter().map(|(c, _)| table.headers[*c].clone()).collect(),
            other_columns: (0..table.headers.len())
                .filter(|c| !mapped.contains(c) && !flag_cols.iter().any(|(fc, _)| fc == c))
                .map(|c| table.headers[c].clone())
                .collect(),
            blank_rows: table.blank_rows,
            cells_outside: table.cells_outside,
        };
        file_reports[table.file].tables.push(report);
    }
    ds.report.files = file_reports;
    ds
}

#[derive(Clone, Debug, Default)]
struct TableStats {
    predictions: usize,
    agreements: usize,
    products: Vec<u32>,
    scaled: Vec<usize>,
    open_rule: Option<OpenRule>,
}

/// Writes a cell's id text into `out` (whole numbers without ".0"); false when blank.
fn id_into(cell: Cell<'_>, out: &mut String) -> bool {
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
struct TextMemo<T> {
    map: HashMap<String, T>,
}

impl<T: Copy> TextMemo<T> {
    fn get_or(&mut self, text: &str, compute: impl FnOnce(&str) -> T) -> T {
        if let Some(v) = self.map.get(text) {
            return *v;
        }
        let v = compute(text);
        self.map.insert(text.to_string(), v);
        v
    }
}

#[derive(Default)]
struct Builder {
    id_buf: String,
    products: TextMemo<u32>,
    models: TextMemo<u32>,
    clusters: TextMemo<Option<Cluster>>,
    by_id: HashMap<String, u32>,
    by_name: HashMap<String, u32>,
    agreement_by_id: HashMap<String, u32>,
    agreement_by_end: HashMap<(u32, Option<NaiveDate>), u32>,
    given_pairs: HashSet<(u32, u32)>,
    issues: IssueCollector,
    flag_index: HashMap<String, usize>,
    /// Per table: (column, flag index).
    table_flag_columns: Vec<Vec<(usize, usize)>>,
    flag_words: usize,
    customer_flags: Vec<u64>,
}

impl Builder {
    /// Finds the yes/no columns of every table and numbers the flags across tables.
    fn prepare_flags(&mut self, ds: &mut Dataset) {
        for table in &ds.tables {
            let group_cols: HashSet<usize> =
                table.mapping.groups.iter().flat_map(|g| [g.fit, g.intent, g.cluster]).flatten().collect();
            let mut cols = Vec::new();
            for (c, header) in table.headers.iter().enumerate() {
                let field = table.mapping.fields.iter().find(|(_, col)| **col == c).map(|(f, _)| *f);
                let eligible = match field {
                    None => !group_cols.contains(&c),
                    Some(f) => matches!(f, Field::TopComputeFlag | Field::TopUserFlag | Field::ExpiringFlag),
                };
                if !eligible || header.trim().is_empty() || !is_flag_column(table, c) {
                    continue;
                }
                let key = fold_key(header);
                let next = self.flag_index.len();
                let index = *self.flag_index.entry(key).or_insert_with(|| {
                    ds.flag_names.push(header.trim().to_string());
                    next
                });
                cols.push((c, index));
            }
            self.table_flag_columns.push(cols);
        }
        self.flag_words = ds.flag_names.len().div_ceil(64);
    }

    /// The customer of a row: by id, else by name (joining a customer of that name
    /// seen with an id), else a customer of its own.
    fn customer_of(&mut self, ds: &mut Dataset, t: usize, row: usize) -> u32 {
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
        self.customer_flags.extend(std::iter::repeat_n(0, self.flag_words));
        if let Some(id) = id {
            self.by_id.insert(id, c);
        }
        if let Some(key) = name_key {
            self.by_name.entry(key).or_insert(c);
        }
        c
    }

    /// Folds one row's firmographics into its customer.
    fn describe_customer(&mut self, ds: &mut Dataset, t: usize, row: usize, c: usize) {
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
        for &(col, flag) in &self.table_flag_columns[t] {
            if let Ok(Some(true)) = flag_of(table.cell(row, col)) {
                self.customer_flags[c * self.flag_words + flag / 64] |= 1 << (flag % 64);
            }
        }
    }

    fn issue(&mut self, table: &Table, t: usize, row: usize, col: usize, field: Field, reason: Unreadable) {
        self.issues.record(t, col, field, || (table.cell_name(row, col), table.cell(row, col).display()), reason);
    }

    /// Reads a score cell on the 0-100 scale (`scale` is 100 for a 0-1 column).
    fn score(
        &mut self,
        table: &Table,
        t: usize,
        row: usize,
        col: Option<usize>,
        field: Field,
        scale: f64,
    ) -> (f64, ScoreState) {
        let Some(col) = col else {
            return (f64::NAN, ScoreState::Missing);
        };
        let cell = table.cell(row, col);
        let (value, state) = match cell {
            Cell::Empty => (f64::NAN, ScoreState::Missing),
            Cell::Error(_) => (f64::NAN, ScoreState::ErrorCell),
            Cell::Number(n) => (n * scale, ScoreState::Number),
            Cell::Text(text) => {
                let t = trim_cell(text);
                if t.is_empty() {
                    (f64::NAN, ScoreState::Missing)
                } else if let Some(band) = Band::from_label(t) {
                    (f64::NAN, ScoreState::Label(band))
                } else {
                    match parse_number_text(t) {
                        Some(p) if p.percent => (p.value, ScoreState::Number),
                        Some(p) => (p.value * scale, ScoreState::Number),
                        None => (f64::NAN, ScoreState::NotANumber),
                    }
                }
            }
            Cell::Bool(_) | Cell::Date(_) => (f64::NAN, ScoreState::NotANumber),
        };
        let state =
            if state == ScoreState::Number && !(0.0..=100.0).contains(&value) { ScoreState::OutOfRange } else { state };
        if let Some(reason) = state.unreadable()
            && reason != Unreadable::Missing
        {
            self.issue(table, t, row, col, field, reason);
        }
        (value, state)
    }

    fn workbook_cluster(&mut self, table: &Table, t: usize, row: usize, col: Option<usize>) -> WorkbookCluster {
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

    #[allow(clippy::too_many_arguments)]
    fn push_prediction(
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

    fn table(&mut self, ds: &mut Dataset, t: usize) -> TableStats {
        let mut stats = TableStats::default();
        let table = &ds.tables[t];
        let shape = table.shape;
        let mapping = table.mapping.clone();
        let rows = table.rows();
        // 0-1 score columns are scaled by 100
        let mut scale_of = HashMap::default();
        let score_cols: Vec<usize> = [mapping.get(Field::FitScore), mapping.get(Field::IntentScore)]
            .into_iter()
            .flatten()
            .chain(mapping.groups.iter().flat_map(|g| [g.fit, g.intent]).flatten())
            .collect();
        for col in score_cols {
            if is_fraction_column(table, col) {
                scale_of.insert(col, 100.0);
                stats.scaled.push(col);
            }
        }
        let scale = |col: Option<usize>| col.and_then(|c| scale_of.get(&c).copied()).unwrap_or(1.0);
        let date_order = mapping.get(Field::AgreementEnd).map(|c| column_date_order(table, c)).unwrap_or_default();
        let has_agreements =
            mapping.has(Field::AgreementId) || mapping.has(Field::AgreementEnd) || shape == Shape::Agreements;
        let open_rule = if mapping.has(Field::LicenseProgram) {
            OpenRule::LicenseProgram
        } else if mapping.has(Field::AgreementStatus) {
            OpenRule::AgreementStatus
        } else {
            OpenRule::NoColumn
        };
        if has_agreements {
            stats.open_rule = Some(open_rule);
        }
        let group_products: Vec<u32> = mapping.groups.iter().map(|g| ds.products.intern(&g.product)).collect();
        let whitespace_col = mapping.get(Field::WhitespaceRevenue);
        for row in 0..rows {
            let customer = self.customer_of(ds, t, row);
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
                    let fit_col = mapping.get(Field::FitScore);
                    let intent_col = mapping.get(Field::IntentScore);
                    let fit = self.score(table, t, row, fit_col, Field::FitScore, scale(fit_col));
                    let intent = self.score(table, t, row, intent_col, Field::IntentScore, scale(intent_col));
                    let workbook = self.workbook_cluster(table, t, row, mapping.get(Field::Cluster));
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
                    self.push_prediction(
                        &mut ds.predictions,
                        t,
                        row,
                        WHOLE_ROW,
                        customer,
                        product,
                        model,
                        fit,
                        intent,
                        workbook,
                        whitespace,
                    );
                    stats.predictions += 1;
                    if !stats.products.contains(&product) {
                        stats.products.push(product);
                    }
                }
                Shape::Wide | Shape::Agreements => {
                    for (g, group) in mapping.groups.iter().enumerate() {
                        let cells = [group.fit, group.intent, group.cluster];
                        if cells.iter().flatten().all(|c| table.cell(row, *c).is_blank()) {
                            continue;
                        }
                        let product = group_products[g];
                        if shape == Shape::Agreements {
                            // renewal clusters give only pairs no prediction table gives
                            if !self.given_pairs.insert((customer, product)) {
                                continue;
                            }
                        } else {
                            self.given_pairs.insert((customer, product));
                        }
                        let fit = self.score(table, t, row, group.fit, Field::FitScore, scale(group.fit));
                        let intent = self.score(table, t, row, group.intent, Field::IntentScore, scale(group.intent));
                        let workbook = self.workbook_cluster(table, t, row, group.cluster);
                        let model = self.model_of(&mut ds.models, table.field_cell(Field::Model, row));
                        self.push_prediction(
                            &mut ds.predictions,
                            t,
                            row,
                            g as u8,
                            customer,
                            product,
                            model,
                            fit,
                            intent,
                            workbook,
                            f64::NAN,
                        );
                        stats.predictions += 1;
                        if !stats.products.contains(&product) {
                            stats.products.push(product);
                        }
                    }
                }
            }
            if has_agreements && self.agreement(ds, t, row, customer, date_order, open_rule) {
                stats.agreements += 1;
            }
        }
        if shape == Shape::Wide || shape == Shape::Agreements {
            // products named by the groups, in column order, even where no row gave one
            for p in group_products {
                if !stats.products.contains(&p) {
                    stats.products.push(p);
                }
            }
        }
        stats
    }

    fn model_of(&mut self, models: &mut Interner, cell: Cell<'_>) -> u32 {
        match cell {
            Cell::Text(text) => self.models.get_or(text, |text| models.intern(text)),
            Cell::Empty => 0,
            other => id_of(other).map(|m| models.intern(&m)).unwrap_or(0),
        }
    }

    /// Adds the row's agreement unless it was seen; true if new.
    fn agreement(
        &mut self,
        ds: &mut Dataset,
        t: usize,
        row: usize,
        customer: u32,
        order: DateOrder,
        open_rule: OpenRule,
    ) -> bool {
        let table = &ds.tables[t];
        let id = id_of(table.field_cell(Field::AgreementId, row));
        let end = match table.mapping.get(Field::AgreementEnd) {
            Some(col) => match date_of(table.cell(row, col), order) {
                Ok(d) => Some(d),
                Err(Unreadable::Missing) => None,
                Err(reason) => {
                    self.issue(table, t, row, col, Field::AgreementEnd, reason);
                    None
                }
            },
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
        let open = match open_rule {
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

trait InsertFirst<K, V> {
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

/// True when every yes/no-readable value and no other fills the column (1/0 numbers only
/// count with at least one text yes/no, so a numeric column is not taken for flags).
fn is_flag_column(table: &Table, col: usize) -> bool {
    let mut seen_text = false;
    let mut seen_any = false;
    for row in 0..table.rows() {
        let cell = table.cell(row, col);
        if cell.is_blank() {
            continue;
        }
        match flag_of(cell) {
            Ok(Some(_)) => {
                seen_any = true;
                if matches!(cell, Cell::Text(_) | Cell::Bool(_)) {
                    seen_text = true;
                }
            }
            _ => return false,
        }
    }
    seen_any && seen_text
}

/// A score column whose numbers all lie in 0-1 (percent text aside) is on a 0-1 scale.
fn is_fraction_column(table: &Table, col: usize) -> bool {
    let mut any = false;
    for row in 0..table.rows() {
        let value = match table.cell(row, col) {
            Cell::Number(n) => n,
            Cell::Text(t) => match parse_number_text(t) {
                Some(p) if !p.percent => p.value,
                _ => continue,
            },
            _ => continue,
        };
        if !(0.0..=1.0).contains(&value) {
            return false;
        }
        any = true;
    }
    any
}

/// The order of day and month in a column of text dates, from its unambiguous ones.
fn column_date_order(table: &Table, col: usize) -> DateOrder {
    let (mut day_first, mut month_first) = (0usize, 0usize);
    for row in 0..table.rows() {
        if let Cell::Text(t) = table.cell(row, col) {
            match date_order_hint(t) {
                Some(DateOrder::DayFirst) => day_first += 1,
                Some(DateOrder::MonthFirst) => month_first += 1,
                _ => {}
            }
        }
    }
    match (day_first > 0, month_first > 0) {
        (true, false) => DateOrder::DayFirst,
        (false, true) => DateOrder::MonthFirst,
        _ => DateOrder::Unknown,
    }
}
