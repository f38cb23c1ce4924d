//! The library in the app (#31), driven headless with egui_kittest: the Months strip (a
//! click shows a month, Shift+click compares), the Trends window, the accounts' history
//! columns, the streak filter, files opened kept as the month the user names; in English
//! and in French.
#![cfg(feature = "gui")]

use ascent_viewer::app::settings::Settings;
use ascent_viewer::app::{AppCommand, AscentApp};
use ascent_viewer::engine::library::{KeepOptions, Library, Month, Replace};
use ascent_viewer::engine::view::TableLines;
use ascent_viewer::engine::{ClusterKey, Dataset, LoadOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

/// Three months of four customers (long CSV), counted by hand: in November C1 has been Act
/// now three months running, C2 rose from Nurture to Act now, C3 arrived in October.
fn library_of_three(dir: &Path) -> PathBuf {
    let months = [
        ("2026-09", "C1,Stay,Azure,80,80\nC2,Rise,Azure,20,80\nC4,Leave,Azure,40,80\n"),
        ("2026-10", "C1,Stay,Azure,80,80\nC2,Rise,Azure,40,80\nC3,Arrive,Azure,10,60\n"),
        ("2026-11", "C1,Stay,Azure,80,80\nC2,Rise,Azure,80,60\nC3,Arrive,Azure,10,80\n"),
    ];
    let library = Library::new(dir.join("library"));
    for (month, rows) in months {
        let path = dir.join(format!("{month}.csv"));
        std::fs::write(&path, format!("Customer ID,Customer Name,Product,Fit,Intent\n{rows}")).unwrap();
        let ds = Dataset::load_paths(&[path], &LoadOptions::default(), &mut |_| {}).unwrap();
        let opts = KeepOptions {
            month: Month::parse(month).unwrap(),
            replace: Replace::Refuse,
            overrides: Vec::new(),
            sample: false,
        };
        library.keep(&ds, &opts).unwrap();
    }
    library.root
}

fn settle(harness: &mut Harness<'static, AscentApp>) {
    for _ in 0..500 {
        harness.run_steps(2);
        if !harness.state().is_busy() {
            harness.run_steps(3);
            if !harness.state().is_busy() {
                return;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the app stayed busy");
}

/// The app on a library's November, in `language`.
fn app_on(root: &Path, language: &str) -> Harness<'static, AscentApp> {
    let settings =
        Settings { language: Some(language.into()), library_folder: Some(root.to_path_buf()), ..Settings::default() };
    let mut harness = Harness::builder().with_size([1400.0, 900.0]).build_eframe(move |_cc| {
        let mut app = AscentApp::with_settings(settings);
        app.push(AppCommand::OpenLibraryMonth(Month::parse("2026-11").unwrap()));
        app
    });
    settle(&mut harness);
    harness
}

#[test]
fn the_months_strip_shows_a_month_and_compares_two() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_on(&library_of_three(dir.path()), "en");
    assert_eq!(harness.state().state.library.shown, Month::parse("2026-11"));
    assert_eq!(harness.state().state.view.rows.len(), 3);
    harness.get_by_label("November 2026");
    harness.get_by_label("Sep 2026").click();
    settle(&mut harness);
    assert_eq!(harness.state().state.library.shown, Month::parse("2026-09"));
    // C1, C2 and C4 in September
    assert_eq!(harness.state().state.view.rows.len(), 3);
    harness.get_by_label("September 2026");
    // Shift+click compares: here, the command it gives
    harness.state_mut().push(AppCommand::CompareLibraryMonth(Month::parse("2026-10").unwrap()));
    settle(&mut harness);
    let compare = harness.state().state.compare.as_ref().expect("compared");
    assert_eq!(compare.before_request.library_month, Month::parse("2026-10"));
}

#[test]
fn the_trends_window_and_the_accounts_history_in_english_and_french() {
    let dir = tempfile::tempdir().unwrap();
    let root = library_of_three(dir.path());
    for (language, trends, clusters, streak) in [
        ("en", "Trends", "Predictions per cluster", "Streak (months)"),
        ("fr", "Tendances", "Prédictions par cluster", "Série (mois)"),
    ] {
        let mut harness = app_on(&root, language);
        let trend = harness.state().state.library.trend.clone().expect("the trend is worked out");
        let act_now: Vec<usize> = trend.months.iter().map(|m| m.clusters[ClusterKey::ActNow.index()]).collect();
        // Act now: C1 (Sep), C1 (Oct), C1 and C2 (Nov)
        assert_eq!(act_now, [1, 1, 2], "{language}");
        harness.get_by_label(trends).click();
        harness.run_steps(4);
        harness.get_by_label(clusters);
        // the accounts' history: C1 three months running in Act now, C2 one
        harness.state_mut().push(AppCommand::SetTableLines(TableLines::Accounts));
        settle(&mut harness);
        harness.get_by_label(streak);
        let month = harness.state().state.month.as_ref().unwrap();
        let history = month.session.derived.history.clone().expect("the history is known");
        let data = &month.session.data;
        let of = |id: &str| (0..data.customers.len()).find(|&c| data.customers.id.get(c) == id).unwrap();
        assert_eq!((history.streak(of("C1")), history.streak(of("C2")), history.streak(of("C3"))), (3, 1, 1));
    }
}

#[test]
fn the_streak_filter_keeps_the_customers_in_act_now_for_months() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_on(&library_of_three(dir.path()), "en");
    let mut filter = harness.state().state.filter.clone();
    filter.streak = Some(ascent_viewer::engine::history::Streak { cluster: ClusterKey::ActNow, months: 2 });
    harness.state_mut().push(AppCommand::SetFilter(Box::new(filter)));
    settle(&mut harness);
    // C1 alone: C2 is in Act now since November only
    assert_eq!(harness.state().state.view.rows.len(), 1);
    let mut filter = harness.state().state.filter.clone();
    filter.streak = None;
    filter.new_this_month = true;
    harness.state_mut().push(AppCommand::SetFilter(Box::new(filter)));
    settle(&mut harness);
    // nobody is new in November (C3 arrived in October)
    assert_eq!(harness.state().state.view.rows.len(), 0);
}

#[test]
fn files_opened_are_kept_as_the_month_the_user_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    let path = dir.path().join("download.csv");
    std::fs::write(&path, "Customer ID,Customer Name,Product,Fit,Intent\nC1,Stay,Azure,80,80\n").unwrap();
    let settings = Settings { language: Some("en".into()), library_folder: Some(root.clone()), ..Settings::default() };
    let mut harness = Harness::builder().with_size([1400.0, 900.0]).build_eframe(move |_cc| {
        let mut app = AscentApp::with_settings(settings);
        app.push(AppCommand::OpenPaths(vec![path]));
        app
    });
    settle(&mut harness);
    // the data names no month: the app asks, proposing one
    harness.get_by_label("Keep in the library");
    assert!(harness.state().state.library.prompt.is_some());
    harness.state_mut().ui.keep_month_text = "2026-10".into();
    harness.run_steps(2);
    harness.get_by_label("Keep").click();
    settle(&mut harness);
    let listing = Library::new(&root).list().unwrap();
    assert_eq!(listing.months(), [Month::parse("2026-10").unwrap()]);
    assert_eq!(harness.state().state.library.shown, Month::parse("2026-10"));
    // and the strip shows it
    harness.get_by_label("Oct 2026");
}
