//! `cargo bench --bench engine [-- --rows 100000,1000000] [--only long,compare,wide,month]
//! [--load-only]`:
//! loading, summarising, filtering and re-ruling generated long workbooks (24 columns) and a
//! wide one, next to calamine's own range read and streaming cell reader, with peak heap for
//! each phase; two months side by side; a month of four files read together against one by
//! one. `--load-only` times the loads against calamine's cell reader and stops there.
//! Workbooks are generated once into target/bench-data.
// a measurement harness: a failed unwrap is a failed run
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]
use ascent_viewer::engine::dataset::Dimension;

use ascent_viewer::engine::sample::SampleOptions;
use ascent_viewer::engine::{ClusterKey, Dataset, Filter, LoadOptions, Rules, Session};
use calamine::{Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "heap.rs"]
mod heap;
use heap::{RUNS, counted, in_turn};

#[global_allocator]
static ALLOC: heap::Counting = heap::Counting;

/// Runs `f` twice: once timed, once counting the heap peak above what was live before.
/// Returns the second run's result.
fn measure<T>(mut f: impl FnMut() -> T) -> (T, Duration, usize) {
    let start = Instant::now();
    let first = f();
    let elapsed = start.elapsed();
    drop(first);
    let (out, peak) = counted(f);
    (out, elapsed, peak)
}

/// The best of `n` runs of a fast operation.
fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn mb(bytes: usize) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

fn ms(d: Duration) -> String {
    if d.as_secs_f64() >= 1.0 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{:.2} ms", d.as_secs_f64() * 1e3)
    }
}

#[path = "data.rs"]
mod data;
use data::{data_dir, long_workbook, long_workbook_month};

fn wide_workbook(customers: usize) -> PathBuf {
    let dir = data_dir().join(format!("wide-{customers}"));
    if !dir.exists() {
        eprintln!("generating {}...", dir.display());
        let tmp = data_dir().join(format!("wide-{customers}.tmp"));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        ascent_viewer::engine::sample::write_insights(
            &tmp,
            &SampleOptions { customers, seed: 9, ..SampleOptions::default() },
        )
        .unwrap();
        std::fs::rename(&tmp, &dir).unwrap();
    }
    dir.join("Cloud Ascent - Microsoft 365 propensity report.xlsx")
}

fn calamine_range(path: &Path) -> usize {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut cells = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        cells += range.used_cells().count();
    }
    cells
}

fn calamine_stream(path: &Path) -> usize {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut cells = 0;
    for name in wb.sheet_names() {
        let mut reader = wb.worksheet_cells_reader(&name).unwrap();
        while let Some(cell) = reader.next_cell().unwrap() {
            if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                cells += 1;
            }
        }
    }
    cells
}

/// Timed runs of a peer and of ours, taken in turn.
/// A file loaded under the default rules, as of a fixed date.
fn session_of(path: &Path) -> Session {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let ds = Dataset::load_paths(&[path.to_path_buf()], &LoadOptions::default(), &mut |_| {}).unwrap();
    Session::new(Arc::new(ds), Rules::default(), as_of)
}

/// How much of a file's benchmark runs.
#[derive(Clone, Copy, PartialEq)]
enum Depth {
    /// Loading, against calamine's readers, then every operation on the data.
    Whole,
    /// The load against calamine's cell reader alone.
    LoadOnly,
}

fn bench_file(label: &str, path: &Path, depth: Depth) {
    println!("\n## {label}: {}", path.file_name().unwrap().to_string_lossy());
    if depth == Depth::LoadOnly {
        let (stream_time, load_time) = in_turn(|| calamine_stream(path), || session_of(path));
        let (_, load_peak) = counted(|| session_of(path));
        println!(
            "calamine cells reader {:>10}, full load {:>10} = {:.3}x (median of {RUNS}), peak {:>8}",
            ms(stream_time),
            ms(load_time),
            load_time.as_secs_f64() / stream_time.as_secs_f64(),
            mb(load_peak)
        );
        return;
    }
    let (cells, range_time, range_peak) = measure(|| calamine_range(path));
    println!("calamine worksheet_range     {:>10}  peak {:>8}  ({cells} cells)", ms(range_time), mb(range_peak));
    let (_, stream_peak) = counted(|| calamine_stream(path));
    let (stream_time, load_time) = in_turn(|| calamine_stream(path), || session_of(path));
    println!("calamine cells reader        {:>10}  peak {:>8}  (median of {RUNS})", ms(stream_time), mb(stream_peak));
    let opts = LoadOptions::default();
    let (_, read_time, read_peak) = measure(|| {
        ascent_viewer::engine::load::read::read_file(
            &ascent_viewer::engine::Source::Path(path.to_path_buf()),
            0,
            &opts.detect,
        )
        .unwrap()
    });
    println!("  of which reading the cells   {:>10}  peak {:>8}", ms(read_time), mb(read_peak));
    // timed in turn above: one more load, counted, gives the peak and the session
    let (session, load_peak) = counted(|| session_of(path));
    let n = session.data.predictions.len();
    println!(
        "full load (detect..derive)   {:>10}  peak {:>8}  = {:.2}x the cells reader, {:.2}x its peak vs range  ({n} predictions)",
        ms(load_time),
        mb(load_peak),
        load_time.as_secs_f64() / stream_time.as_secs_f64(),
        load_peak as f64 / range_peak as f64
    );
    let whole = best_of(5, || {
        std::hint::black_box(session.whole());
    });
    println!("summary (whole data)         {:>10}", ms(whole));
    let filter = Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() };
    let filtered = best_of(5, || {
        std::hint::black_box(session.filtered(&filter));
    });
    println!("filter change + summary      {:>10}  (Act now)", ms(filtered));
    let filter2 = Filter {
        search: "contoso".into(),
        values: [(Dimension::Country, ["France".into()].into())].into(),
        ..Filter::default()
    };
    let searched = best_of(5, || {
        std::hint::black_box(session.filtered(&filter2));
    });
    println!("search + country + summary   {:>10}", ms(searched));
    let facets = best_of(3, || {
        std::hint::black_box(ascent_viewer::engine::columns::facets(&session.data));
    });
    println!("facets (More columns), built once per load {:>6}  ({} columns)", ms(facets), session.data.facets.len());
    let mut conditions = Vec::new();
    for text in ["License Program=Open Value", "License Program=CSP", "Org Size>=25", "Org Size<=300"] {
        conditions.push(text);
    }
    let mut columns = std::collections::BTreeMap::new();
    for text in conditions {
        if ascent_viewer::engine::columns::add_where(&mut columns, text, &[&session.data]).is_err() {
            columns.clear();
            break;
        }
    }
    if !columns.is_empty() {
        let filter3 = Filter { columns, ..Filter::default() };
        let (rows, _) = session.filtered(&filter3);
        let column_time = best_of(5, || {
            std::hint::black_box(session.filtered(&filter3));
        });
        println!(
            "two column conditions + summary {:>7}  (License Program OR, Org Size 25-300; {} rows)",
            ms(column_time),
            rows.len()
        );
    }
    let mut derived = (*session.derived).clone();
    let mut rules = Rules::default();
    let mut flip = false;
    let rules_time = best_of(5, || {
        flip = !flip;
        rules.bands.high = if flip { 80.0 } else { 75.0 };
        derived.set_rules(&session.data, rules.clone());
    });
    println!("rules change (recompute)     {:>10}", ms(rules_time));
    bench_accounts(&session);
    bench_report(&session);
    bench_export(&session);
}

/// The PDF report of the whole data and of the Act now and Evaluate view: its figures, its
/// accounts ranked, the page drawn and the fonts subset.
fn bench_report(session: &Session) {
    use ascent_viewer::engine::view::View;
    use ascent_viewer::output::report::{Paper, ReportInput, render};
    let views = [Filter::default(), View::built_in()[0].filter.clone()];
    for (label, filter) in ["whole data", "Act now and Evaluate"].iter().zip(&views) {
        let input = ReportInput {
            session,
            filter,
            view_name: None,
            comparison: None,
            order: Default::default(),
            paper: Paper::A4,
            trend: None,
        };
        let mut size = 0;
        let time = best_of(3, || size = render(&input).unwrap().0.len());
        println!("PDF report, {label:<18}{:>10}  ({} KB)", ms(time), size / 1024);
    }
}

/// The PDF report of a month whose 25 top accounts have names of 1,000, 10,000 and 100,000
/// characters, with a search as long: measuring and cutting text is linear in its length.
fn bench_long_names() {
    use ascent_viewer::output::report::{Paper, ReportInput, render};
    println!("\n## the PDF report with names of 1k, 10k and 100k characters (25 accounts)");
    let dir = tempfile::tempdir().unwrap();
    let mut base = None;
    for length in [1_000usize, 10_000, 100_000] {
        let mut text = String::from("Customer ID,Account Name,Product,Fit Score,Intent Score\n");
        for k in 0..25 {
            text += &format!("{k},{}{},Azure,90,90\n", "Contoso Woodgrove ".repeat(length / 18 + 1), k);
        }
        let path = dir.path().join(format!("names-{length}.csv"));
        std::fs::write(&path, text).unwrap();
        let ds = Dataset::load_paths(&[path], &LoadOptions::default(), &mut |_| {}).unwrap();
        let session = Session::new(
            std::sync::Arc::new(ds),
            Rules::default(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        );
        let filter = Filter { search: "woodgrove ".repeat(length / 10), ..Filter::default() };
        let input = ReportInput {
            session: &session,
            filter: &filter,
            view_name: Some("w".repeat(length)),
            comparison: None,
            order: Default::default(),
            paper: Paper::A4,
            trend: None,
        };
        let time = best_of(3, || {
            render(&input).unwrap();
        });
        let ratio = base.map_or(String::new(), |b: Duration| {
            format!("  ({:.1}x the 1k case)", time.as_secs_f64() / b.as_secs_f64())
        });
        base.get_or_insert(time);
        println!("PDF report, names of {length:>6} characters{:>10}{ratio}", ms(time));
    }
}

/// The accounts mode: the accounts of the whole data and of a cluster filter (what a
/// filter click recomputes in that mode), and a CRM CSV of every account.
fn bench_accounts(session: &Session) {
    use ascent_viewer::engine::accounts::Accounts;
    use ascent_viewer::engine::view::TableLines;
    use ascent_viewer::output::export::{CrmPreset, ExportOptions, export};
    let (ds, d) = (&session.data, &session.derived);
    let all: Vec<u32> = (0..ds.predictions.len() as u32).collect();
    let mut count = 0;
    let whole = best_of(5, || {
        count = std::hint::black_box(Accounts::new(ds, d, &Filter::default(), &all)).len();
    });
    println!("accounts, whole data         {:>10}  ({count} accounts)", ms(whole));
    let filter = Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() };
    let rows = filter.apply(ds, d);
    let act_now = best_of(5, || {
        count = std::hint::black_box(Accounts::new(ds, d, &filter, &rows)).len();
    });
    println!("accounts, Act now            {:>10}  ({count} accounts)", ms(act_now));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crm.csv");
    let opts = ExportOptions {
        force: true,
        lines: TableLines::Accounts,
        crm: Some(CrmPreset::Dynamics365),
        ..ExportOptions::default()
    };
    let crm = best_of(3, || {
        export(session, &Filter::default(), &all, &out, &opts, &mut |_, _| {}).unwrap();
    });
    println!("CRM CSV of every account     {:>10}", ms(crm));
}

/// Two months of `rows` predictions: matching them, then the filters of the comparison view.
fn bench_compare(rows: usize) {
    use ascent_viewer::engine::compare::{Comparison, MoveFilter};
    use ascent_viewer::engine::{Selection, Summary};
    println!("\n## comparing two months of {rows} predictions (the month before: scores drifted)");
    let (before, after) = (session_of(&long_workbook_month(rows, 1)), session_of(&long_workbook(rows)));
    let mut build = Duration::MAX;
    let mut cmp = None;
    for _ in 0..3 {
        let (b, a) = (before.clone(), after.clone());
        let start = Instant::now();
        let c = Comparison::new(b, a);
        build = build.min(start.elapsed());
        cmp = Some(c);
    }
    let cmp = cmp.unwrap();
    let all = cmp.apply(&Filter::default());
    let t = cmp.transitions(&all);
    println!(
        "build the comparison          {:>10}  ({} pairs: {} up, {} down, {} unchanged, {} new, {} gone)",
        ms(build),
        cmp.len(),
        t.moved_up,
        t.moved_down,
        t.unchanged,
        t.new,
        t.gone
    );
    let moves = MoveFilter::cell(Some(ClusterKey::Evaluate), Some(ClusterKey::ActNow));
    let mut shown = 0;
    let moved = best_of(5, || {
        let mut pairs = all.clone();
        cmp.select(&mut pairs, &moves);
        shown = pairs.len();
    });
    println!("moved filter (Evaluate -> Act now) {:>8}  ({shown} pairs)", ms(moved));
    let moved_cards = best_of(5, || {
        let mut pairs = all.clone();
        cmp.select(&mut pairs, &moves);
        let side = |before: bool| -> Vec<u32> {
            pairs
                .iter()
                .map(|&k| if before { cmp.before_row[k as usize] } else { cmp.after_row[k as usize] })
                .filter(|&i| i != ascent_viewer::engine::compare::NONE)
                .collect()
        };
        let (b, a) = (side(true), side(false));
        std::hint::black_box(Summary::compute(&cmp.before.data, &cmp.before.derived, Selection::Rows(&b)));
        std::hint::black_box(Summary::compute(&cmp.after.data, &cmp.after.derived, Selection::Rows(&a)));
    });
    println!("  with both months' cards      {:>10}", ms(moved_cards));
    let mut codes = cmp.codes();
    let codes_time = best_of(3, || codes = cmp.codes());
    println!("transition cells (once per rules change) {:>6}", ms(codes_time));
    let moved_coded = best_of(5, || {
        let mut pairs = all.clone();
        cmp.select_coded(&mut pairs, &moves, &codes);
        shown = pairs.len();
    });
    println!("moved filter, cached cells   {:>10}  ({shown} pairs; what the app does)", ms(moved_coded));
    let up = MoveFilter { up: true, ..MoveFilter::default() };
    let moved_up = best_of(5, || {
        let mut pairs = all.clone();
        cmp.select(&mut pairs, &up);
        shown = pairs.len();
    });
    println!("moved filter (all moves up)  {:>10}  ({shown} pairs)", ms(moved_up));
    let filter = Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() };
    let filtered = best_of(5, || {
        let pairs = cmp.apply(&filter);
        std::hint::black_box(cmp.transitions(&pairs));
    });
    println!("filter on both months + transitions {:>7}  (Act now on either side)", ms(filtered));
}

/// Export of every prediction next to rust_xlsxwriter writing the same cells with nothing else.
fn bench_export(session: &Session) {
    use ascent_viewer::engine::load::value::Cell;
    use ascent_viewer::output::export::{ExportOptions, export};
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<u32> = (0..session.data.predictions.len() as u32).collect();
    let ds = &session.data;
    let labels = ["Act now", "Evaluate", "Nurture", "Educate", "Unscored"];
    let plain = || {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        for (n, &i) in rows.iter().enumerate() {
            let r = n as u32 + 1;
            let i = i as usize;
            let table = &ds.tables[ds.predictions.table[i] as usize];
            let row = ds.predictions.row[i] as usize;
            for c in 0..table.headers.len() {
                match table.cell(row, c) {
                    Cell::Number(v) | Cell::Date(v) => {
                        ws.write_number(r, c as u16, v).unwrap();
                    }
                    Cell::Text(t) => {
                        ws.write_string(r, c as u16, t).unwrap();
                    }
                    _ => {}
                }
            }
            // as many computed cells as the export adds
            let base = table.headers.len() as u16;
            for k in 0..8u16 {
                ws.write_string(r, base + k, labels[(i + k as usize) % 5]).unwrap();
            }
        }
        wb.save(dir.path().join("plain.xlsx")).unwrap();
    };
    let ours = || {
        let out = dir.path().join("ours.xlsx");
        let opts = ExportOptions { force: true, ..ExportOptions::default() };
        export(session, &Filter::default(), &rows, &out, &opts, &mut |_, _| {}).unwrap();
    };
    let (plain_time, export_time) = in_turn(plain, ours);
    let (((), plain_peak), ((), export_peak)) = (counted(plain), counted(ours));
    println!(
        "rust_xlsxwriter alone        {:>10}  peak {:>8}  ({} rows, median of {RUNS})",
        ms(plain_time),
        mb(plain_peak),
        rows.len()
    );
    println!(
        "export (Targets+Summary+Rules) {:>8}  peak {:>8}  = {:.2}x rust_xlsxwriter alone",
        ms(export_time),
        mb(export_peak),
        export_time.as_secs_f64() / plain_time.as_secs_f64()
    );
}

/// A month of four files (three product reports and the renewals, `customers` rows each):
/// loaded together (read side by side) against one by one.
fn bench_month(customers: usize) {
    let dir = wide_workbook(customers).parent().unwrap().to_path_buf();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    println!("\n## a month of {} files of {customers} rows (the Insights reports and the renewals)", files.len());
    let load = |paths: &[PathBuf]| Dataset::load_paths(paths, &LoadOptions::default(), &mut |_| {}).unwrap();
    let one_by_one = || {
        for file in &files {
            std::hint::black_box(load(std::slice::from_ref(file)));
        }
    };
    let (alone_time, together_time) = in_turn(one_by_one, || load(&files));
    let (together, together_peak) = counted(|| load(&files));
    println!(
        "together {:>10}  peak {:>8}  one by one {:>10}  = {:.2}x, medians of {RUNS}  ({} predictions)",
        ms(together_time),
        mb(together_peak),
        ms(alone_time),
        together_time.as_secs_f64() / alone_time.as_secs_f64(),
        together.predictions.len()
    );
}

/// Two months of `rows` predictions loaded side by side, as `compare` does: peak heap.
fn bench_two_months(rows: usize) {
    let (before, after) = (long_workbook_month(rows, 1), long_workbook(rows));
    let (_, time, peak) = measure(|| {
        let (b, a) = std::thread::scope(|s| {
            let b = s.spawn(|| session_of(&before));
            (b.join().unwrap(), session_of(&after))
        });
        ascent_viewer::engine::compare::Comparison::new(b, a)
    });
    println!("two months loaded side by side and matched {:>10}  peak {:>8}", ms(time), mb(peak));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: Vec<usize> = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    println!(
        "# Ascent Viewer engine benchmark ({} cores)",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    // `--only long,compare,wide,month` runs those parts alone; `--compare-only` is `--only compare`
    let only: Vec<&str> = match args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)) {
        Some(list) => list.split(',').collect(),
        None if args.iter().any(|a| a == "--compare-only") => vec!["compare"],
        None => vec!["long", "compare", "wide", "month", "names"],
    };
    let depth = if args.iter().any(|a| a == "--load-only") { Depth::LoadOnly } else { Depth::Whole };
    if only.contains(&"names") {
        bench_long_names();
    }
    for &r in &rows {
        if only.contains(&"long") {
            bench_file(&format!("long, {r} rows x 24 columns"), &long_workbook(r), depth);
        }
        if only.contains(&"compare") {
            bench_compare(r);
            bench_two_months(r);
        }
    }
    if only.contains(&"wide") {
        bench_file("wide, 100000 customers (Microsoft 365 report)", &wide_workbook(100_000), depth);
        bench_file("wide, 333000 customers (Microsoft 365 report)", &wide_workbook(333_000), depth);
    }
    if only.contains(&"month") {
        bench_month(250_000);
    }
}
