//! `cargo bench --bench gui [-- --rows N]`: the app headless (egui_kittest) with a large
//! month loaded: the CPU time of the frame after a filter click, after a rules change, and
//! while scrolling the table, whether an idle app keeps repainting; then compared with the
//! same workbook a month earlier: the frame after a transition click and a filter click. Uses the long
//! workbook `cargo bench --bench engine` generates (generated here if missing).
// a measurement harness: a failed unwrap is a failed run
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use ascent_viewer::app::command::Pick;
use ascent_viewer::app::settings::Settings;
use ascent_viewer::app::{AppCommand, AscentApp};
use ascent_viewer::engine::{ClusterKey, Rules};
use eframe::egui;
use egui_kittest::Harness;
use std::time::{Duration, Instant};

#[path = "data.rs"]
mod data;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// The median of `n` timings.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The CPU time of the frame after each of ten rules changes (high band 80, 75, 80...).
fn time_rules_changes(harness: &mut Harness<'static, AscentApp>) -> Vec<Duration> {
    let mut times = Vec::new();
    for k in 0..10 {
        let mut rules = Rules::default();
        rules.bands.high = if k % 2 == 0 { 80.0 } else { 75.0 };
        harness.state_mut().push(AppCommand::SetRules(rules));
        let t = Instant::now();
        harness.step();
        times.push(t.elapsed());
        harness.run_steps(1);
    }
    times
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: usize = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = data::long_workbook(rows);
    let mut harness = Harness::builder().with_size([1280.0, 800.0]).build_eframe(move |_cc| {
        let mut app = AscentApp::with_settings(Settings { language: Some("en".into()), ..Settings::default() });
        app.push(AppCommand::OpenPaths(vec![path]));
        app
    });
    let start = Instant::now();
    while harness.state().is_busy() || harness.state().state.month.is_none() {
        harness.step();
        std::thread::sleep(Duration::from_millis(50));
        if start.elapsed() > Duration::from_secs(600) {
            panic!("the load did not finish");
        }
    }
    println!("# Ascent Viewer app benchmark, {rows} rows, 1280x800");
    println!("load in the app (background thread)   {:.2} s", start.elapsed().as_secs_f64());
    let predictions = harness.state().state.month.as_ref().map(|m| m.session.data.predictions.len()).unwrap_or(0);
    println!("predictions                           {predictions}");
    harness.run_steps(3);

    let click = time_filter_clicks(&mut harness);
    println!("frame after a filter click (median)   {}", ms(median(click)));

    let rules_times = time_rules_changes(&mut harness);
    println!("frame after a rules change (median)   {}  (with a cluster filter on)", ms(median(rules_times)));
    harness.state_mut().push(AppCommand::ClearFilter);
    harness.run_steps(2);
    let rules_times = time_rules_changes(&mut harness);
    println!("frame after a rules change (median)   {}  (no filter)", ms(median(rules_times)));

    harness.state_mut().push(AppCommand::ClearFilter);
    harness.run_steps(2);
    let mut scroll = Vec::new();
    for _ in 0..30 {
        harness.event(egui::Event::PointerMoved(egui::pos2(700.0, 650.0)));
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -120.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        let t = Instant::now();
        harness.step();
        scroll.push(t.elapsed());
    }
    println!("frame while scrolling (median)        {}", ms(median(scroll)));

    // idle: with nothing to do, how many frames does the app ask for?
    harness.run_steps(5);
    let steps = harness.try_run().map(|n| n.to_string()).unwrap_or_else(|_| "never settles".into());
    println!("frames an idle app requests           {steps} (egui_kittest's run: 1 means none after the current)");

    bench_prediction_sorts(&mut harness);
    bench_accounts_mode(&mut harness);

    // two months: the same workbook a month earlier, matched on a background thread
    let before = data::long_workbook_month(rows, 1);
    harness.state_mut().push(AppCommand::CompareWith(vec![before]));
    let start = Instant::now();
    harness.step();
    while harness.state().is_busy() || harness.state().state.compare.is_none() {
        harness.step();
        std::thread::sleep(Duration::from_millis(50));
        if start.elapsed() > Duration::from_secs(600) {
            panic!("the comparison did not finish");
        }
    }
    println!("compare with (load + match, background) {:.2} s", start.elapsed().as_secs_f64());
    harness.run_steps(3);
    let mut moved = Vec::new();
    for k in 0..10 {
        // Evaluate -> Act now, then Nurture -> Evaluate: a click on a transition cell
        let (row, col) = [(1, 0), (2, 1)][k % 2];
        harness.state_mut().push(AppCommand::ToggleMove(row, col, Pick::Only));
        let t = Instant::now();
        harness.step();
        moved.push(t.elapsed());
        harness.run_steps(1);
    }
    println!("frame after a transition click (median) {}", ms(median(moved)));
    harness.state_mut().push(AppCommand::ClearMoves);
    harness.run_steps(2);
    let filtered = time_filter_clicks(&mut harness);
    println!("frame after a filter click, two months (median) {}", ms(median(filtered)));
}

/// The predictions table: the frame after a click on a header, ascending (the sort itself
/// and the frame drawn), by a score, a name, and source columns of numbers and of dates.
fn bench_prediction_sorts(harness: &mut Harness<'static, AscentApp>) {
    use ascent_viewer::app::state::SortColumn;
    let column = |header| harness.state().state.month.as_ref().and_then(|m| m.session.data.column_named(header));
    let mut columns = vec![(SortColumn::Fit, "fit"), (SortColumn::Customer, "customer name")];
    for (header, name) in [("Azure Potential", "a number column"), ("Agreement End Date", "a date column")] {
        columns.extend(column(header).map(|k| (SortColumn::Source(k), name)));
    }
    for (column, name) in columns {
        let mut sorts = Vec::new();
        for _ in 0..3 {
            harness.state_mut().push(AppCommand::SetSort(column));
            let t = Instant::now();
            harness.step();
            sorts.push(t.elapsed());
            // descending, then none: back to the file's order
            harness.state_mut().push(AppCommand::SetSort(column));
            harness.run_steps(1);
            harness.state_mut().push(AppCommand::SetSort(column));
            harness.run_steps(1);
        }
        println!("frame after a sort by {name} (median) {}", ms(median(sorts)));
    }
}

/// The accounts mode: the frame after a filter click, and after a sort by a number column
/// and by a text one (products per cluster: each line's text built once), then back to
/// predictions.
fn bench_accounts_mode(harness: &mut Harness<'static, AscentApp>) {
    use ascent_viewer::app::accounts::TableLines;
    use ascent_viewer::output::accounts::AccountColumn;
    harness.state_mut().push(AppCommand::SetTableLines(TableLines::Accounts));
    harness.run_steps(3);
    let click = time_filter_clicks(harness);
    let accounts = harness.state().state.accounts.accounts.len();
    println!("frame after a filter click, accounts  {}  ({accounts} accounts)", ms(median(click)));
    harness.state_mut().push(AppCommand::ClearFilter);
    harness.run_steps(2);
    for (column, name) in
        [(AccountColumn::Fit, "strongest fit"), (AccountColumn::ProductsByCluster, "products by cluster")]
    {
        let mut sorts = Vec::new();
        for _ in 0..3 {
            harness.state_mut().push(AppCommand::SetAccountSort(column));
            let t = Instant::now();
            harness.step();
            sorts.push(t.elapsed());
            harness.run_steps(1);
        }
        let accounts = harness.state().state.accounts.accounts.len();
        println!("frame after a sort by {name}: {}  ({accounts} accounts)", ms(median(sorts)));
    }
    harness.state_mut().push(AppCommand::SetTableLines(TableLines::Predictions));
    harness.run_steps(3);
}

/// The CPU time of the frame after each of ten cluster clicks (Act now, Evaluate...): the
/// command is handled, the view recomputed and the frame drawn in one step.
fn time_filter_clicks(harness: &mut Harness<'static, AscentApp>) -> Vec<Duration> {
    let mut click = Vec::new();
    for k in 0..10 {
        let key = [ClusterKey::ActNow, ClusterKey::Evaluate][k % 2];
        harness.state_mut().push(AppCommand::ToggleCluster(key, Pick::Only));
        let t = Instant::now();
        harness.step();
        click.push(t.elapsed());
        harness.run_steps(1);
    }
    click
}
