//! `cargo bench --bench library [-- --rows 100000,1000000] [--only reopen,trend]`: a month
//! opened from the library (Parquet) against the same month parsed from its downloads, with
//! peak heap and the sizes on disk; a trend over twelve months of the library (a year of
//! Insights downloads of 100,000 customers, five files each; a year of 1M-prediction
//! workbooks), against the peak of one month. Months are generated once into
//! target/bench-data; libraries are written into a temporary folder.
// a measurement harness: a failed unwrap is a failed run
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use ascent_viewer::engine::library::{KeepOptions, Library, Month, Replace};
use ascent_viewer::engine::sample::{Layout, SampleOptions, write_sample};
use ascent_viewer::engine::trend::{Trend, TrendRequest};
use ascent_viewer::engine::{Dataset, Filter, LoadOptions, Rules};
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod data;
use data::{data_dir, long_workbook, long_workbook_month};

#[path = "heap.rs"]
mod heap;
use heap::{RUNS, counted, in_turn};

#[global_allocator]
static ALLOC: heap::Counting = heap::Counting;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn size_of(paths: &[PathBuf]) -> u64 {
    paths.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum()
}

fn month(k: u32) -> Month {
    let mut m = Month::new(2026, 11).unwrap();
    for _ in 0..k {
        m = m.previous();
    }
    m
}

fn keep(library: &Library, paths: &[PathBuf], month: Month) -> u64 {
    let ds = Dataset::load_paths(paths, &LoadOptions::default(), &mut |_| {}).unwrap();
    let opts = KeepOptions { month, replace: Replace::Replace, overrides: Vec::new(), sample: false };
    library.keep(&ds, &opts).unwrap();
    library.entry(month).unwrap().bytes
}

/// A month parsed from its downloads against the same month from the library.
fn bench_reopen(label: &str, paths: &[PathBuf]) {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path());
    let m = month(0);
    let stored = keep(&library, paths, m);
    println!(
        "\n## {label}: downloads {}, Parquet {} ({:.2}x)",
        mb(size_of(paths)),
        mb(stored),
        stored as f64 / size_of(paths) as f64
    );
    let opts = LoadOptions::default();
    let (parse, reopen) = in_turn(
        || {
            std::hint::black_box(Dataset::load_paths(paths, &opts, &mut |_| {}).unwrap());
        },
        || {
            std::hint::black_box(library.load(m, &opts, &mut |_| {}).unwrap());
        },
    );
    let (from_files, files_peak) = counted(|| Dataset::load_paths(paths, &opts, &mut |_| {}).unwrap());
    let (from_library, library_peak) = counted(|| library.load(m, &opts, &mut |_| {}).unwrap());
    assert_eq!(from_files.predictions.len(), from_library.predictions.len());
    assert_eq!(from_files.customers.len(), from_library.customers.len());
    let range_peak = calamine_range_peak(paths);
    println!(
        "parsed {:>9}  peak {:>9}   from the library {:>9}  peak {:>9}   {:.1}x faster ({} predictions, medians of {RUNS})",
        ms(parse),
        mb(files_peak as u64),
        ms(reopen),
        mb(library_peak as u64),
        parse.as_secs_f64() / reopen.as_secs_f64(),
        from_library.predictions.len()
    );
    if let Some(range) = range_peak {
        println!(
            "calamine's range read of the workbook peaks at {}: the library's month {:.2}x of it",
            mb(range as u64),
            library_peak as f64 / range as f64
        );
    }
}

/// The peak heap of calamine reading a workbook's sheets whole (`worksheet_range`).
fn calamine_range_peak(paths: &[PathBuf]) -> Option<usize> {
    use calamine::{Reader, Xlsx, open_workbook};
    let path = paths.iter().find(|p| p.extension().is_some_and(|e| e == "xlsx"))?;
    let (_, peak) = counted(|| {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        let sheets = wb.sheet_names();
        sheets.iter().map(|s| wb.worksheet_range(s).map(|r| r.get_size().0).unwrap_or(0)).sum::<usize>()
    });
    Some(peak)
}

/// Twelve months of the sample's Insights downloads (five TSV files each), made once.
fn insights_year(customers: usize) -> Vec<Vec<PathBuf>> {
    (0..12)
        .map(|k| {
            let dir = data_dir().join(format!("insights-{customers}-m{k}"));
            if !dir.exists() {
                eprintln!("generating {}...", dir.display());
                let tmp = dir.with_extension("tmp");
                let opts = SampleOptions { layout: Layout::Insights2023, customers, seed: 11, months_before: k };
                write_sample(&tmp, &opts).unwrap();
                std::fs::rename(&tmp, &dir).unwrap();
            }
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            files
        })
        .collect()
}

/// A trend over twelve months of the library, and the peak of one month against it.
fn bench_trend(label: &str, months: &[Vec<PathBuf>]) {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path());
    let mut stored = 0;
    let mut downloads = 0;
    for (k, paths) in months.iter().enumerate() {
        stored += keep(&library, paths, month(k as u32));
        downloads += size_of(paths);
    }
    println!(
        "\n## trend over {} months of {label}: downloads {}, Parquet {} ({:.2}x)",
        months.len(),
        mb(downloads),
        mb(stored),
        stored as f64 / downloads as f64
    );
    let (rules, filter, load) = (Rules::cloudascent(), Filter::default(), LoadOptions::default());
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let request = TrendRequest { filter: &filter, rules: &rules, as_of, from: None, to: None, load: &load };
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        std::hint::black_box(Trend::compute(&library, &request, &mut |_| {}).unwrap());
        times.push(t.elapsed());
    }
    let (trend, trend_peak) = counted(|| Trend::compute(&library, &request, &mut |_| {}).unwrap());
    let (_, month_peak) = counted(|| {
        let ds = library.load(month(0), &load, &mut |_| {}).unwrap();
        ascent_viewer::engine::Session::new(std::sync::Arc::new(ds), rules.clone(), as_of)
    });
    println!(
        "trend {:>9} (median of {RUNS})  peak {:>9}   one month opened {:>9}: {:.2}x   ({} months)",
        ms(median(times)),
        mb(trend_peak as u64),
        mb(month_peak as u64),
        trend_peak as f64 / month_peak as f64,
        trend.months.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: Vec<usize> = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    let only: Vec<&str> = match args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)) {
        Some(list) => list.split(',').collect(),
        None => vec!["reopen", "trend"],
    };
    println!(
        "# Ascent Viewer library benchmark ({} cores)",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    if only.contains(&"reopen") {
        for &r in &rows {
            bench_reopen(&format!("long workbook, {r} predictions"), &[long_workbook(r)]);
        }
        let year = insights_year(100_000);
        bench_reopen("Insights downloads, 100000 customers (5 TSV files)", &year[0]);
    }
    if only.contains(&"trend") {
        bench_trend("Insights downloads of 100000 customers (5 files each)", &insights_year(100_000));
        let workbooks: Vec<Vec<PathBuf>> = (0..12).map(|k| vec![long_workbook_month(1_000_000, k)]).collect();
        bench_trend("1M-prediction workbooks", &workbooks);
    }
}
