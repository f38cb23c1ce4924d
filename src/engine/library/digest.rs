//! A month's digest: the data set's own columns (predictions, customers, agreements and the
//! names they code), written beside the source tables when a month is kept. A trend reads
//! the digest of each month instead of its tables, and recomputes the rules in force on it:
//! a year of months without a year of parsing. A filter on a source column still opens the
//! months whole (the digest holds no source column).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, RecordBatch, StringArray, UInt8Array, UInt16Array,
    UInt32Array, UInt64Array,
};
use chrono::NaiveDate;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde::{Deserialize, Serialize};

use crate::engine::dataset::{
    ByCustomer, Dataset, Interner, Predictions, ScoreColumn, ScoreState, SourceFile, WorkbookCluster,
};
use crate::engine::load::report::LoadReport;
use crate::engine::rules::{Band, Cluster, Segment};
use crate::engine::text::TextArena;

pub const PREDICTIONS_FILE: &str = "digest-predictions.parquet";
pub const CUSTOMERS_FILE: &str = "digest-customers.parquet";
pub const AGREEMENTS_FILE: &str = "digest-agreements.parquet";
pub const NAMES_FILE: &str = "digest-names.json";
/// What a month opens with besides the digest (see `open`): the load report as the
/// downloads gave it, and the customer of each source row.
pub const REPORT_FILE: &str = "digest-report.json";
pub const ROW_CUSTOMERS_FILE: &str = "digest-row-customers.parquet";

/// The names a digest's codes point to, in code order (code 0, "none", left out).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Names {
    products: Vec<String>,
    models: Vec<String>,
    countries: Vec<String>,
    areas: Vec<String>,
    industries: Vec<String>,
    verticals: Vec<String>,
    cities: Vec<String>,
    states: Vec<String>,
    workloads: Vec<String>,
    flags: Vec<String>,
    files: Vec<String>,
    has_whitespace: bool,
}

fn names_of(i: &Interner) -> Vec<String> {
    i.values().map(|(_, n)| n.to_string()).collect()
}

fn interner_of(names: &[String]) -> Interner {
    let mut interner = Interner::default();
    for name in names {
        interner.intern(name);
    }
    interner
}

fn state_code(state: ScoreState) -> u8 {
    match state {
        ScoreState::Number => 0,
        ScoreState::Label(band) => 1 + band.index() as u8,
        ScoreState::Missing => 5,
        ScoreState::NotANumber => 6,
        ScoreState::OutOfRange => 7,
        ScoreState::ErrorCell => 8,
        ScoreState::NoValue => 9,
    }
}

fn state_of(code: u8) -> ScoreState {
    match code {
        0 => ScoreState::Number,
        1..=4 => ScoreState::Label(Band::ALL[usize::from(code - 1)]),
        5 => ScoreState::Missing,
        6 => ScoreState::NotANumber,
        7 => ScoreState::OutOfRange,
        8 => ScoreState::ErrorCell,
        _ => ScoreState::NoValue,
    }
}

fn cluster_code(c: WorkbookCluster) -> u8 {
    match c {
        WorkbookCluster::Blank => 0,
        WorkbookCluster::Unreadable => 1,
        WorkbookCluster::Is(cluster) => 2 + cluster.index() as u8,
    }
}

fn cluster_of(code: u8) -> WorkbookCluster {
    match code {
        0 => WorkbookCluster::Blank,
        1 => WorkbookCluster::Unreadable,
        k => Cluster::from_index(usize::from(k - 2)).map_or(WorkbookCluster::Unreadable, WorkbookCluster::Is),
    }
}

fn texts(arena: &TextArena) -> ArrayRef {
    Arc::new((0..arena.len()).map(|i| Some(arena.get(i))).collect::<StringArray>())
}

fn write_batch(path: &Path, columns: Vec<(&str, ArrayRef)>) -> Result<u64, String> {
    let batch = RecordBatch::try_from_iter(columns).map_err(|e| e.to_string())?;
    let level = ZstdLevel::try_new(3).map_err(|e| e.to_string())?;
    let props = WriterProperties::builder().set_compression(Compression::ZSTD(level)).build();
    let file = File::create(path).map_err(|e| e.to_string())?;
    let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(props)).map_err(|e| e.to_string())?;
    writer.write(&batch).map_err(|e| e.to_string())?;
    let file = writer.into_inner().map_err(|e| e.to_string())?;
    file.sync_all().map_err(|e| e.to_string())?;
    Ok(std::fs::metadata(path).map_or(0, |m| m.len()))
}

/// Writes a data set's digest into an entry's folder; its size in bytes.
pub fn write_digest(ds: &Dataset, dir: &Path) -> Result<u64, String> {
    if ds.flag_names.len() > 64 * FLAG_WORDS.len() {
        return Err("more yes/no columns than a digest keeps".into());
    }
    let p = &ds.predictions;
    let predictions: Vec<(&str, ArrayRef)> = vec![
        ("table", Arc::new(UInt16Array::from(p.table.clone()))),
        ("row", Arc::new(UInt32Array::from(p.row.clone()))),
        ("group", Arc::new(UInt8Array::from(p.group.clone()))),
        ("customer", Arc::new(UInt32Array::from(p.customer.clone()))),
        ("product", Arc::new(UInt32Array::from(p.product.clone()))),
        ("model", Arc::new(UInt32Array::from(p.model.clone()))),
        ("fit", Arc::new(Float64Array::from(p.fit.value.clone()))),
        ("fit-state", Arc::new(p.fit.state.iter().map(|s| state_code(*s)).collect::<UInt8Array>())),
        ("intent", Arc::new(Float64Array::from(p.intent.value.clone()))),
        ("intent-state", Arc::new(p.intent.state.iter().map(|s| state_code(*s)).collect::<UInt8Array>())),
        ("workbook-cluster", Arc::new(p.workbook_cluster.iter().map(|c| cluster_code(*c)).collect::<UInt8Array>())),
        ("whitespace", Arc::new(Float64Array::from(p.whitespace.clone()))),
    ];
    let mut bytes = write_batch(&dir.join(PREDICTIONS_FILE), predictions)?;
    bytes += write_batch(&dir.join(CUSTOMERS_FILE), customer_columns(ds))?;
    let a = &ds.agreements;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let agreements: Vec<(&str, ArrayRef)> = vec![
        ("customer", Arc::new(UInt32Array::from(a.customer.clone()))),
        ("table", Arc::new(UInt16Array::from(a.table.clone()))),
        ("row", Arc::new(UInt32Array::from(a.row.clone()))),
        ("id", texts(&a.id)),
        ("end", Arc::new(a.end.iter().map(|d| d.map(|d| (d - epoch).num_days() as i32)).collect::<Date32Array>())),
        ("revenue", Arc::new(Float64Array::from(a.revenue.clone()))),
        ("open", Arc::new(BooleanArray::from(a.open.clone()))),
        ("expiring-flag", Arc::new(BooleanArray::from(a.expiring_flag.clone()))),
    ];
    bytes += write_batch(&dir.join(AGREEMENTS_FILE), agreements)?;
    let names = Names {
        products: names_of(&ds.products),
        models: names_of(&ds.models),
        countries: names_of(&ds.countries),
        areas: names_of(&ds.areas),
        industries: names_of(&ds.industries),
        verticals: names_of(&ds.verticals),
        cities: names_of(&ds.cities),
        states: names_of(&ds.states),
        workloads: names_of(&ds.workloads),
        flags: ds.flag_names.clone(),
        files: ds.files.iter().map(|f| f.name.clone()).collect(),
        has_whitespace: ds.has_whitespace,
    };
    let text = serde_json::to_string(&names).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(NAMES_FILE), &text).map_err(|e| e.to_string())?;
    bytes += text.len() as u64;
    // the rows of every table one after the other, in table order
    let rows: UInt32Array = ds.row_customers.iter().flatten().copied().collect();
    bytes += write_batch(&dir.join(ROW_CUSTOMERS_FILE), vec![("customer", Arc::new(rows) as ArrayRef)])?;
    let report = serde_json::to_string(&ds.report).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(REPORT_FILE), &report).map_err(|e| e.to_string())?;
    Ok(bytes + report.len() as u64)
}

/// The parts a month opens with (see [`REPORT_FILE`]): None where the entry lacks them
/// (kept by an earlier release).
pub fn read_open_parts(dir: &Path) -> Option<Result<(LoadReport, Vec<u32>), String>> {
    let report_path = dir.join(REPORT_FILE);
    if !report_path.is_file() || !dir.join(ROW_CUSTOMERS_FILE).is_file() {
        return None;
    }
    let read = || -> Result<(LoadReport, Vec<u32>), String> {
        let text = std::fs::read_to_string(&report_path).map_err(|e| e.to_string())?;
        let report: LoadReport = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let rows = u32s(&read_batch(&dir.join(ROW_CUSTOMERS_FILE), &[])?, "customer")?;
        Ok((report, rows))
    };
    Some(read())
}

fn customer_columns(ds: &Dataset) -> Vec<(&'static str, ArrayRef)> {
    let c = &ds.customers;
    let codes = |v: &Vec<u32>| -> ArrayRef { Arc::new(UInt32Array::from(v.clone())) };
    let numbers = |v: &Vec<f64>| -> ArrayRef { Arc::new(Float64Array::from(v.clone())) };
    let mut columns: Vec<(&'static str, ArrayRef)> = vec![
        ("id", texts(&c.id)),
        ("name", texts(&c.name)),
        ("domain", texts(&c.domain)),
        ("postal-code", texts(&c.postal_code)),
        ("city", codes(&c.city)),
        ("state", codes(&c.state)),
        ("country", codes(&c.country)),
        ("area", codes(&c.area)),
        ("industry", codes(&c.industry)),
        ("vertical", codes(&c.vertical)),
        ("employees", numbers(&c.employees)),
        ("azure-potential", numbers(&c.azure_potential)),
        ("compute-flag", Arc::new(BooleanArray::from(c.compute_flag.clone()))),
        ("user-flag", Arc::new(BooleanArray::from(c.user_flag.clone()))),
        ("label-segment", Arc::new(c.label_segment.iter().map(|s| s.map(|s| s.index() as u8)).collect::<UInt8Array>())),
        ("first-table", Arc::new(c.first_row.iter().map(|r| r.0).collect::<UInt16Array>())),
        ("first-row", Arc::new(c.first_row.iter().map(|r| r.1).collect::<UInt32Array>())),
        ("existing-workloads", codes(&c.existing_workloads)),
        ("recommended-workloads", codes(&c.recommended_workloads)),
        ("existing-workload-count", numbers(&c.existing_workload_count)),
        ("recommended-workload-count", numbers(&c.recommended_workload_count)),
    ];
    // the flags, 64 a word, a column per word
    let words = c.flags.len().div_ceil(64);
    for w in 0..words {
        let bits: UInt64Array = (0..c.len())
            .map(|i| (0..64).filter(|f| c.has_flag(i, w * 64 + f)).fold(0u64, |m, f| m | (1 << f)))
            .collect();
        columns.push((FLAG_WORDS[w.min(FLAG_WORDS.len() - 1)], Arc::new(bits)));
    }
    columns
}

/// Column names of the flags' words (a download has a few dozen yes/no columns at most).
const FLAG_WORDS: [&str; 4] = ["flags-0", "flags-1", "flags-2", "flags-3"];

/// A digest file whole, or without the columns `left_out`.
fn read_batch(path: &Path, left_out: &[&str]) -> Result<RecordBatch, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let mut reader = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| e.to_string())?;
    if !left_out.is_empty() {
        let kept: Vec<usize> = (0..reader.parquet_schema().num_columns())
            .filter(|&i| !left_out.contains(&reader.parquet_schema().column(i).name()))
            .collect();
        let mask = ProjectionMask::leaves(reader.parquet_schema(), kept);
        reader = reader.with_projection(mask);
    }
    let rows = usize::try_from(reader.metadata().file_metadata().num_rows()).unwrap_or(0);
    let schema = Arc::clone(reader.schema());
    let reader = reader.with_batch_size(rows.max(1)).build().map_err(|e| e.to_string())?;
    let batches = reader.collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?;
    arrow_select_concat(&schema, &batches)
}

/// The batches of a file as one (a digest is written as one batch, read as one).
fn arrow_select_concat(schema: &arrow_schema::SchemaRef, batches: &[RecordBatch]) -> Result<RecordBatch, String> {
    match batches {
        [one] => Ok(one.clone()),
        [] => Ok(RecordBatch::new_empty(Arc::clone(schema))),
        _ => Err("a digest file in several batches".into()),
    }
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef, String> {
    batch.column_by_name(name).ok_or_else(|| format!("no column {name}"))
}

fn u32s(batch: &RecordBatch, name: &str) -> Result<Vec<u32>, String> {
    Ok(column(batch, name)?.as_primitive_opt::<UInt32Type>().ok_or("not u32")?.values().to_vec())
}

fn u16s(batch: &RecordBatch, name: &str) -> Result<Vec<u16>, String> {
    Ok(column(batch, name)?.as_primitive_opt::<UInt16Type>().ok_or("not u16")?.values().to_vec())
}

fn u8s(batch: &RecordBatch, name: &str) -> Result<Vec<u8>, String> {
    Ok(column(batch, name)?.as_primitive_opt::<UInt8Type>().ok_or("not u8")?.values().to_vec())
}

fn f64s(batch: &RecordBatch, name: &str) -> Result<Vec<f64>, String> {
    Ok(column(batch, name)?.as_primitive_opt::<Float64Type>().ok_or("not f64")?.values().to_vec())
}

fn flags(batch: &RecordBatch, name: &str) -> Result<Vec<Option<bool>>, String> {
    Ok(column(batch, name)?.as_boolean_opt().ok_or("not a boolean")?.iter().collect())
}

fn arena(batch: &RecordBatch, name: &str) -> Result<TextArena, String> {
    let strings = column(batch, name)?.as_string_opt::<i32>().ok_or("not text")?;
    let mut arena = TextArena::with_capacity(strings.value_data().len());
    for i in 0..strings.len() {
        arena.push(if strings.is_null(i) { "" } else { strings.value(i) });
    }
    Ok(arena)
}

/// What of a digest is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestParts {
    All,
    /// Without what only a search or the source rows need (the predictions' rows, the
    /// customers' domains, postal codes and workloads): left blank.
    ForFigures,
}

const FOR_SEARCH_AND_ROWS: [&str; 9] = [
    "table",
    "row",
    "group",
    "domain",
    "postal-code",
    "existing-workloads",
    "recommended-workloads",
    "existing-workload-count",
    "recommended-workload-count",
];

/// Reads a digest back as a data set without source tables (what the rules, filters
/// other than source columns, summaries and accounts need).
pub fn read_digest(dir: &Path, parts: DigestParts) -> Result<Dataset, String> {
    let left_out: &[&str] = if parts == DigestParts::ForFigures { &FOR_SEARCH_AND_ROWS } else { &[] };
    let names: Names = serde_json::from_str(&std::fs::read_to_string(dir.join(NAMES_FILE)).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let p = read_batch(&dir.join(PREDICTIONS_FILE), left_out)?;
    let n = p.num_rows();
    let predictions = Predictions {
        table: u16s(&p, "table").unwrap_or_else(|_| vec![0; n]),
        row: u32s(&p, "row").unwrap_or_else(|_| vec![0; n]),
        group: u8s(&p, "group").unwrap_or_else(|_| vec![0; n]),
        customer: u32s(&p, "customer")?,
        product: u32s(&p, "product")?,
        model: u32s(&p, "model")?,
        fit: ScoreColumn { value: f64s(&p, "fit")?, state: u8s(&p, "fit-state")?.into_iter().map(state_of).collect() },
        intent: ScoreColumn {
            value: f64s(&p, "intent")?,
            state: u8s(&p, "intent-state")?.into_iter().map(state_of).collect(),
        },
        workbook_cluster: u8s(&p, "workbook-cluster")?.into_iter().map(cluster_of).collect(),
        whitespace: f64s(&p, "whitespace")?,
    };
    let mut ds = Dataset {
        files: names.files.iter().map(|n| SourceFile { path: n.clone(), name: n.clone() }).collect(),
        predictions,
        products: interner_of(&names.products),
        models: interner_of(&names.models),
        countries: interner_of(&names.countries),
        areas: interner_of(&names.areas),
        industries: interner_of(&names.industries),
        verticals: interner_of(&names.verticals),
        cities: interner_of(&names.cities),
        states: interner_of(&names.states),
        workloads: interner_of(&names.workloads),
        flag_names: names.flags.clone(),
        has_whitespace: names.has_whitespace,
        ..Dataset::default()
    };
    read_customers(&mut ds, &read_batch(&dir.join(CUSTOMERS_FILE), left_out)?)?;
    read_agreements(&mut ds, &read_batch(&dir.join(AGREEMENTS_FILE), &[])?)?;
    let customers = ds.customers.len();
    if ds.predictions.customer.iter().any(|c| *c as usize >= customers)
        || ds.agreements.customer.iter().any(|c| *c as usize >= customers)
    {
        return Err("a customer code past the customers".into());
    }
    Ok(ds)
}

fn read_customers(ds: &mut Dataset, b: &RecordBatch) -> Result<(), String> {
    let c = &mut ds.customers;
    c.id = arena(b, "id")?;
    c.name = arena(b, "name")?;
    let n = b.num_rows();
    c.domain = arena(b, "domain").unwrap_or_default();
    c.postal_code = arena(b, "postal-code").unwrap_or_default();
    c.city = u32s(b, "city")?;
    c.state = u32s(b, "state")?;
    c.country = u32s(b, "country")?;
    c.area = u32s(b, "area")?;
    c.industry = u32s(b, "industry")?;
    c.vertical = u32s(b, "vertical")?;
    c.employees = f64s(b, "employees")?;
    c.azure_potential = f64s(b, "azure-potential")?;
    c.compute_flag = flags(b, "compute-flag")?;
    c.user_flag = flags(b, "user-flag")?;
    c.label_segment = column(b, "label-segment")?
        .as_primitive_opt::<UInt8Type>()
        .ok_or("not u8")?
        .iter()
        .map(|s| s.and_then(|s| Segment::ALL.get(usize::from(s)).copied()))
        .collect();
    c.first_row = u16s(b, "first-table")?.into_iter().zip(u32s(b, "first-row")?).collect();
    c.existing_workloads = u32s(b, "existing-workloads").unwrap_or_else(|_| vec![0; n]);
    c.recommended_workloads = u32s(b, "recommended-workloads").unwrap_or_else(|_| vec![0; n]);
    c.existing_workload_count = f64s(b, "existing-workload-count").unwrap_or_else(|_| vec![f64::NAN; n]);
    c.recommended_workload_count = f64s(b, "recommended-workload-count").unwrap_or_else(|_| vec![f64::NAN; n]);
    let words: Vec<Vec<u64>> = (0..ds.flag_names.len().div_ceil(64))
        .map(|w| {
            let name = FLAG_WORDS[w.min(FLAG_WORDS.len() - 1)];
            let words = column(b, name)?.as_primitive_opt::<UInt64Type>().ok_or("not u64")?;
            Ok(words.values().to_vec())
        })
        .collect::<Result<_, String>>()?;
    c.flags = (0..ds.flag_names.len())
        .map(|f| {
            let mut bits = vec![0u64; n.div_ceil(64)];
            for (i, word) in words[f / 64].iter().enumerate() {
                if word & (1 << (f % 64)) != 0 {
                    bits[i / 64] |= 1 << (i % 64);
                }
            }
            // as the builder grows them: up to the last customer with the flag
            while bits.last() == Some(&0) {
                bits.pop();
            }
            bits
        })
        .collect();
    c.flag_masks = words.first().cloned().unwrap_or_else(|| vec![0; n]);
    Ok(())
}

fn read_agreements(ds: &mut Dataset, b: &RecordBatch) -> Result<(), String> {
    let a = &mut ds.agreements;
    a.customer = u32s(b, "customer")?;
    a.table = u16s(b, "table")?;
    a.row = u32s(b, "row")?;
    a.id = arena(b, "id")?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    a.end = column(b, "end")?
        .as_primitive_opt::<Date32Type>()
        .ok_or("not a date")?
        .iter()
        .map(|d| d.and_then(|d| epoch.checked_add_signed(chrono::Duration::days(i64::from(d)))))
        .collect();
    a.revenue = f64s(b, "revenue")?;
    a.open = flags(b, "open")?.into_iter().map(|o| o.unwrap_or(false)).collect();
    a.expiring_flag = flags(b, "expiring-flag")?;
    let all: Vec<u32> = (0..a.customer.len() as u32).collect();
    let owner = a.customer.clone();
    a.by_customer = ByCustomer::new(ds.customers.len(), &all, |i| owner[i as usize]);
    Ok(())
}
