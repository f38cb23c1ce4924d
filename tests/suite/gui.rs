//! The desktop app driven headless with egui_kittest: widgets found by their labels,
//! clicked, and the state and labels asserted against hand counts.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::app::settings::Settings;
use ascent_viewer::app::{AppCommand, AscentApp};
use ascent_viewer::engine::{ClusterKey, MatrixCell, Segment};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;

fn english() -> Settings {
    Settings { language: Some("en".into()), ..Settings::default() }
}

/// The app with `paths` loaded (the load runs on its thread; wait for it).
fn app_with(paths: Vec<PathBuf>) -> Harness<'static, AscentApp> {
    app_sized(paths, [1400.0, 900.0])
}

/// Clicks through a menu path ("View", "Language", "Français"), letting each menu open.
fn choose(harness: &mut Harness<'static, AscentApp>, path: &[&str]) {
    for (i, label) in path.iter().enumerate() {
        harness.get_by_label(label).click();
        harness.run_steps(if i + 1 == path.len() { 3 } else { 2 });
    }
}

/// Runs frames until background work is done.
fn settle(harness: &mut Harness<'static, AscentApp>) {
    for _ in 0..400 {
        harness.run_steps(2);
        if !harness.state().is_busy() {
            harness.run_steps(3);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the app stayed busy");
}

fn rows(harness: &Harness<'static, AscentApp>) -> usize {
    harness.state().state.view.rows.len()
}

#[test]
fn clicking_through_matrix_legend_and_pie() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    // hand counts of fixture A: 14 predictions, 13 customers
    assert_eq!(rows(&harness), 14);
    harness.get_by_label("SMC customers: 13");
    // matrix cell a1: only row 7 (100/100), one customer
    harness.get_by_label_contains("Cell a1:").click();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 1);
    assert_eq!(
        harness.state().state.filter.cells.iter().copied().collect::<Vec<_>>(),
        [MatrixCell::from_name("a1").unwrap()]
    );
    harness.get_by_label("SMC customers: 1");
    // Ctrl-click a2 adds it: rows 6 and 13
    harness.get_by_label_contains("Cell a2:").click_modifiers(egui::Modifiers::COMMAND);
    harness.run_steps(3);
    assert_eq!(rows(&harness), 3);
    // Esc clears every filter
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(rows(&harness), 14);
    // the Act now legend button: rows 5, 6, 7, 13 (customers 5, 6, 7, 13)
    harness.get_by_label("Act now 4").click();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 4);
    assert!(harness.state().state.filter.clusters.contains(&ClusterKey::ActNow));
    harness.get_by_label("SMC customers: 4");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    // the only pie slice: every customer is small (10 employees)
    harness.get_by_label_contains("Small business:").click();
    harness.run_steps(3);
    assert!(harness.state().state.filter.segments.contains(&Segment::Small));
    assert_eq!(rows(&harness), 14);
}

/// The rules editor writes its numbers as the app does elsewhere: "$10,000", "75" (#33).
#[test]
fn the_rules_editor_formats_its_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.get_by_label_contains("Rules: CloudAscent defaults").click();
    harness.run_steps(3);
    let values: Vec<String> = harness
        .query_all(egui_kittest::kittest::by().role(egui::accesskit::Role::SpinButton))
        .filter_map(|n| n.accesskit_node().value().map(|v| v.to_string()))
        .collect();
    assert!(values.contains(&"75".to_string()), "{values:?}");
    assert!(values.contains(&"$10,000".to_string()), "{values:?}");
    assert!(!values.iter().any(|v| v.ends_with(".0")), "{values:?}");
}

#[test]
fn rules_editor_moves_the_matrix_live() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.get_by_label_contains("Rules: CloudAscent defaults").click();
    harness.run_steps(3);
    // high from 75 to 80: r5 (74/75) and r6 (75/74.5) move to a4, a3 empties
    let high =
        harness.get_by(|node| node.role() == egui::accesskit::Role::SpinButton && node.numeric_value() == Some(75.0));
    high.set_value_accesskit(80.0);
    harness.run_steps(4);
    let state = &harness.state().state;
    assert_eq!(state.settings.rules.bands.high, 80.0);
    assert_eq!(state.view.summary.cell(MatrixCell::from_name("a4").unwrap()).rows, 2);
    assert_eq!(state.view.summary.cell(MatrixCell::from_name("a3").unwrap()).rows, 0);
    harness.get_by_label_contains("Cell a4:").click();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 2);
}

#[test]
fn selecting_a_row_explains_its_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.get_by_label_contains("Cell b3:").click();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 1);
    // row 4: fit 55, intent 54
    harness.get_by_label("Four").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.selected, Some(3));
    harness.get_by_label("fit 55 = Medium, intent 54 = Low, M/L = b3, Evaluate");
}

#[test]
fn saving_the_target_list_writes_the_filtered_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.get_by_label("Act now 4").click();
    harness.run_steps(3);
    let out = dir.path().join("act-now.xlsx");
    harness.state_mut().push(AppCommand::Export(out.clone()));
    settle(&mut harness);
    let notice = &harness.state().state.notices.last().unwrap().text;
    assert!(notice.contains("Wrote 4 rows"), "{notice}");
    let again = common::session(&[out]);
    assert_eq!(again.whole().rows, 4);
}

#[test]
fn a_failed_load_shows_the_message_and_offers_the_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("budget.xlsx");
    common::write_xlsx(
        &other,
        &[("Budget", vec![vec![common::s("Ref"), common::s("Score A")], vec![common::s("X"), common::N(3.0)]])],
    );
    let harness = app_with(vec![other]);
    let state = &harness.state().state;
    assert!(state.month.is_none());
    let failure = state.failure.as_ref().unwrap();
    assert!(failure.message.contains("budget.xlsx") && failure.message.contains("no propensity data"));
    assert_eq!(failure.headers_seen, ["Ref", "Score A"]);
    // the mapping opens from the failure's button, not over the message
    assert!(!harness.state().ui.show_mapping);
    let mut harness = harness;
    harness.get_by_label("Map columns…").click();
    harness.run_steps(3);
    assert!(harness.state().ui.show_mapping);
    harness.get_by_label("Reload with this mapping");
}

fn pairs(harness: &Harness<'static, AscentApp>) -> usize {
    harness.state().state.compare_view.pairs.len()
}

#[test]
fn comparing_two_months_and_clicking_a_move() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = common::two_months(dir.path());
    let mut harness = app_with(vec![after]);
    assert_eq!(rows(&harness), 6);
    harness.state_mut().push(AppCommand::CompareWith(vec![before]));
    harness.run_steps(2);
    settle(&mut harness);
    // 5 matched predictions, C6's new one, C4's gone one (see common::two_months)
    assert_eq!(pairs(&harness), 7);
    harness.get_by_label("Comparing two months");
    // the cluster buttons show both months (common::two_months, counted by hand): October
    // Act now C1 Azure; Evaluate C1 M365, C3; November Act now C1 M365, C3, C5; Evaluate C1
    // Azure; unscored C5 in October, none in November
    harness.get_by_label("Act now 1 → 3");
    harness.get_by_label("Evaluate 2 → 1");
    harness.get_by_label("Unscored 1 → 0");
    // customers before: C1..C5; after: C1, C2, C3, C5, C6
    harness.get_by_label("SMC customers: 5 → 5 (0)");
    harness.get_by_label("Evaluate → Act now").click();
    harness.run_steps(3);
    // C1's Microsoft 365 (40/80 -> 80/80) and C3's Azure (60/40 -> 60/60)
    assert_eq!(pairs(&harness), 2);
    harness.get_by_label("Three");
    harness.get_by_label("One");
    assert!(harness.query_by_label("Two").is_none());
    harness.get_by_label("SMC customers: 2 → 2 (0)");
    // C3's details say why it was Evaluate the month before (60 Medium, 40 Low: b3)
    harness.get_by_label("Three").click();
    harness.run_steps(3);
    harness.get_by_label("In the month before");
    harness.get_by_label("fit 60 = Medium, intent 40 = Low, M/L = b3, Evaluate");
    harness.get_by_label("fit 60 = Medium, intent 60 = Medium, M/M = a4, Act now");
    // Esc closes the details floating over the table first, then clears the moves chosen
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert_eq!(harness.state().state.selected, None);
    assert_eq!(pairs(&harness), 2);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert_eq!(pairs(&harness), 7);
    harness.get_by_label("Evaluate → Act now").click();
    harness.run_steps(3);
    // Ctrl-click adds C6's new Nurture prediction
    harness.get_by_label("New → Nurture").click_modifiers(egui::Modifiers::COMMAND);
    harness.run_steps(3);
    assert_eq!(pairs(&harness), 3);
    harness.get_by_label("Six");
    // all moves down: C1's Azure (Act now -> Evaluate), added to the cells chosen
    harness.get_by_label_contains("All moves down (1)").click();
    harness.run_steps(3);
    assert_eq!(pairs(&harness), 4);
    // Esc shows every pair again; closing returns to the month alone without a reload
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(pairs(&harness), 7);
    harness.get_by_label("Close comparison").click();
    harness.run_steps(3);
    assert!(harness.state().state.compare.is_none());
    assert!(!harness.state().is_busy());
    assert_eq!(rows(&harness), 6);
    harness.get_by_label("SMC customers: 5");
}

#[test]
fn switching_to_french_translates_and_formats_everything() {
    let mut harness = sample_sized([1400.0, 900.0]);
    // the sample month's figures, computed by the engine on its own
    let sample = sample_session();
    let customers = sample.whole().cards.customers as u64;
    let revenue = sample.whole().cards.expiring_revenue.round() as u64;
    harness.get_by_label(&format!("SMC customers: {}", grouped(customers, ",")));
    assert!(harness.query_all_by_label_contains("Act now").count() > 0);
    // View > Language > Français, with no restart
    choose(&mut harness, &["View", "Language", "Français"]);
    assert_eq!(harness.state().state.settings.language.as_deref(), Some("fr"));
    // a French-formatted card figure: narrow no-break space between thousands
    harness.get_by_label(&format!("Clients SMC\u{a0}: {}", grouped(customers, "\u{202f}")));
    harness.get_by_label_contains(&format!(
        "Revenu arrivant à expiration\u{a0}: {}\u{a0}$US",
        grouped(revenue, "\u{202f}")
    ));
    assert!(harness.query_all_by_label_contains("Agir maintenant").count() > 0);
    assert!(harness.query_by_label_contains("Act now").is_none());
    // and back
    choose(&mut harness, &["Affichage", "Langue", "English"]);
    harness.get_by_label(&format!("SMC customers: {}", grouped(customers, ",")));
}

/// The bundled sample as the app opens it, as of today (the app's default date).
fn sample_session() -> ascent_viewer::engine::Session {
    use ascent_viewer::engine::{Dataset, LoadOptions, Rules, Session};
    let data = Dataset::load(&ascent_viewer::sample_assets::sources(), &LoadOptions::default(), &mut |_| {}).unwrap();
    Session::new(std::sync::Arc::new(data), Rules::default(), chrono::Local::now().date_naive())
}

/// 1959 -> "1,959" with `separator` between thousands.
fn grouped(n: u64, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(d);
    }
    out
}

#[test]
fn saving_movers_and_a_month_that_cannot_be_compared() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = common::two_months(dir.path());
    let mut harness = app_with(vec![after]);
    // a file that is no spreadsheet: the month on screen stays, the reason is shown
    let bad = dir.path().join("notes.xlsx");
    std::fs::write(&bad, "not a workbook").unwrap();
    harness.state_mut().push(AppCommand::CompareWith(vec![bad]));
    harness.run_steps(2);
    settle(&mut harness);
    assert!(harness.state().state.compare.is_none());
    assert_eq!(rows(&harness), 6);
    harness.get_by_label_contains("notes.xlsx: this is not a spreadsheet");
    // the real month before, then Save movers of "Evaluate → Act now"
    harness.state_mut().push(AppCommand::CompareWith(vec![before]));
    harness.run_steps(2);
    settle(&mut harness);
    harness.get_by_label("Evaluate → Act now").click();
    harness.run_steps(3);
    let out = dir.path().join("movers.xlsx");
    harness.state_mut().push(AppCommand::SaveMovers(out.clone()));
    harness.run_steps(2);
    settle(&mut harness);
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let movers = wb.worksheet_range("Movers").unwrap();
    // C1's Microsoft 365 and C3's Azure
    let ids: Vec<String> = movers.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(ids, ["C1", "C3"]);
    harness.get_by_label_contains("movers.xlsx");
}

#[test]
fn swapping_the_months_reverses_the_moves() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = common::two_months(dir.path());
    // opened the wrong way round: October compared with November
    let mut harness = app_with(vec![before]);
    harness.state_mut().push(AppCommand::CompareWith(vec![after]));
    harness.run_steps(2);
    settle(&mut harness);
    // seen from October, C1's and C3's moves up read as moves down
    harness.get_by_label("Act now → Evaluate").click();
    harness.run_steps(3);
    assert_eq!(pairs(&harness), 2);
    harness.get_by_label("Swap months").click();
    harness.run_steps(2);
    settle(&mut harness);
    // November on screen (6 predictions), October before; moves start afresh
    let state = &harness.state().state;
    assert!(state.compare.as_ref().is_some_and(|c| c.moves.is_empty()));
    assert_eq!(state.month.as_ref().map(|m| m.title.as_str()), Some("november.xlsx"));
    assert_eq!(pairs(&harness), 7);
    harness.get_by_label("Evaluate → Act now").click();
    harness.run_steps(3);
    assert_eq!(pairs(&harness), 2);
    harness.get_by_label("Three");
    // the month before's own files become the before side of the movers
    let out = dir.path().join("movers.xlsx");
    harness.state_mut().push(AppCommand::SaveMovers(out.clone()));
    harness.run_steps(2);
    settle(&mut harness);
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let rules = wb.worksheet_range("Rules").unwrap();
    assert!(rules.rows().any(|r| r.iter().any(|c| c.to_string().ends_with("october.xlsx"))));
    // loading the month on screen again (as the column mapping does) keeps the comparison
    harness.state_mut().push(AppCommand::Reload { overrides: Vec::new(), sheet: None, header_row: None });
    harness.run_steps(2);
    settle(&mut harness);
    assert!(harness.state().state.compare.is_some());
    assert_eq!(pairs(&harness), 7);
}

#[test]
fn a_memory_limit_chosen_in_the_view_menu_refuses_a_larger_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_bands(dir.path());
    let mut harness = app_with(vec![path.clone()]);
    choose(&mut harness, &["View", "Memory limit", "1 GB"]);
    assert_eq!(harness.state().state.settings.memory_limit_gb, Some(1));
    assert_eq!(harness.state().state.settings.load_options().detect.max_bytes, 1 << 30);
    // fixture A fits in any limit; a limit of a few bytes (as a setting cannot be) refuses it
    let mut settings = english();
    settings.memory_limit_gb = Some(1);
    let mut options = settings.load_options();
    options.detect.max_bytes = 100;
    let err = ascent_viewer::engine::Dataset::load_paths(&[path], &options, &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("more than 100 bytes of memory, the limit in force"), "{err}");
}

#[test]
fn more_columns_sales_plays_and_workloads() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_2023(dir.path())]);
    assert_eq!(rows(&harness), 14);
    // the panel is taller than the window: clicked the way a screen reader does
    // "More columns": IsNonprofit's values with their predictions (hand counts in common)
    harness.get_by_label("More columns").click_accesskit();
    harness.run_steps(2);
    harness.get_by_label("IsNonprofit").click_accesskit();
    harness.run_steps(2);
    harness.get_by_label("Approved - Paid (2)").click_accesskit();
    harness.run_steps(3);
    assert_eq!(harness.state().state.filter.columns.len(), 1, "{:?}", harness.state().state.filter);
    assert_eq!(rows(&harness), 2);
    // a second value of the column adds up (OR)
    harness.get_by_label("Nonprofit (3)").click_accesskit();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 5);
    harness.get_by_label("IsNonprofit: Nonprofit  ×").click_accesskit();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 2);
    // Esc clears it like every filter
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(rows(&harness), 14);
    assert!(harness.state().state.filter.columns.is_empty());
    // a numeric column is a range: OrgSize 20 to 30 is Charlie (its band 25-299 reads as 25)
    harness.get_by_label("IsNonprofit").click_accesskit();
    harness.get_by_label("OrgSize").click_accesskit();
    harness.run_steps(2);
    let from = harness.get_by_label("From");
    from.focus();
    from.type_text("20");
    harness.run_steps(2);
    let to = harness.get_by_label("to");
    to.focus();
    to.type_text("30");
    harness.run_steps(3);
    assert_eq!(rows(&harness), 3);
    harness.get_by_label("OrgSize from 20 to 30  ×").click_accesskit();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 14);
    // the boxes empty with the chip
    assert_eq!(harness.get_by_label("From").value().as_deref(), Some(""));
    // sales plays grouped by area, without their prefix, with their predictions (Alpha's 3
    // and Charlie's 3)
    harness.get_by_label("Yes/no columns").click_accesskit();
    harness.run_steps(2);
    harness.get_by_label("Sales plays: Modern Work");
    harness.get_by_label("Sales plays: Azure");
    harness.get_by_label("Transition Customer - Compete Google Workspace (6)").click_accesskit();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 6);
    harness.get_by_label("Modern Work: Transition Customer - Compete Google Workspace  ×");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    // Bravo's details list its workloads; the search finds a recommended one
    harness.state_mut().push(AppCommand::SetSearch("virtual desktop".into()));
    harness.run_steps(3);
    assert_eq!(rows(&harness), 2);
    let first = harness.state().state.view.rows[0];
    harness.state_mut().push(AppCommand::Select(Some(first)));
    harness.run_steps(3);
    harness.get_by_label("Azure workloads");
    harness.get_by_label("Existing workloads (2)");
    harness.get_by_label("• SQL Database");
    harness.get_by_label("Recommended workloads (1)");
    harness.get_by_label("• Azure Virtual Desktop");
}

/// The app on the bundled sample in a window of `size`, loaded.
fn sample_sized(size: impl Into<egui::Vec2>) -> Harness<'static, AscentApp> {
    sample_in(english(), size)
}

/// The bundled sample with `settings` (a language) in a window of `size`.
fn sample_in(settings: Settings, size: impl Into<egui::Vec2>) -> Harness<'static, AscentApp> {
    let mut harness = Harness::builder().with_size(size).build_eframe(|_cc| {
        let mut app = AscentApp::with_settings(settings);
        app.push(AppCommand::OpenSample);
        app
    });
    settle(&mut harness);
    harness
}

/// The app on `paths` in a window of `size` (the load runs on its thread; wait for it).
fn app_sized(paths: Vec<PathBuf>, size: [f32; 2]) -> Harness<'static, AscentApp> {
    let mut harness = Harness::builder().with_size(size).build_eframe(move |_cc| {
        let mut app = AscentApp::with_settings(english());
        app.push(AppCommand::OpenPaths(paths));
        app
    });
    settle(&mut harness);
    harness
}

fn focused(harness: &Harness<'static, AscentApp>) -> Option<egui::Id> {
    harness.ctx.memory(|m| m.focused())
}

#[test]
fn tab_reaches_the_matrix_cells_and_arrows_move_between_them() {
    use ascent_viewer::app::views::matrix::cell_id;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    let a1 = cell_id(MatrixCell::from_name("a1").unwrap());
    let mut reached = false;
    for _ in 0..400 {
        harness.key_press(egui::Key::Tab);
        harness.run_steps(1);
        if focused(&harness) == Some(a1) {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab never reached cell a1");
    // a1 is High x High; to its right High x Medium is a2, below it Medium x High is a3
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(2);
    assert_eq!(focused(&harness), Some(cell_id(MatrixCell::from_name("a2").unwrap())));
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    assert_eq!(focused(&harness), Some(cell_id(MatrixCell::from_name("a4").unwrap())));
    // Space presses the focused cell: it filters
    harness.key_press(egui::Key::Space);
    harness.run_steps(3);
    assert!(harness.state().state.filter.cells.contains(&MatrixCell::from_name("a4").unwrap()));
}

#[test]
fn esc_closes_the_window_on_top_then_the_next_then_clears_the_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.get_by_label("Act now 4").click();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 4);
    harness.key_press(egui::Key::F1);
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    harness.run_steps(2);
    assert!(harness.state().ui.show_help && harness.state().ui.show_rules);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(harness.state().ui.show_help && !harness.state().ui.show_rules, "the last opened closes first");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().ui.show_help);
    assert_eq!(rows(&harness), 4, "the filter stays while windows close");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(rows(&harness), 14);
}

#[test]
fn an_empty_result_says_so_and_offers_to_clear() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    let mut filter = harness.state().state.filter.clone();
    filter.search = "no such customer anywhere".into();
    harness.state_mut().push(AppCommand::SetFilter(Box::new(filter)));
    harness.run_steps(3);
    assert_eq!(rows(&harness), 0);
    harness.get_by_label("No prediction matches these filters.");
    harness.get_by_label("Clear the filters (Esc)").click();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 14);
    assert!(harness.query_by_label("No prediction matches these filters.").is_none());
}

#[test]
fn csv_disables_the_split_and_commands_that_cannot_run_are_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    assert!(!harness.query_all_by_role(egui::accesskit::Role::ComboBox).any(|n| n.accesskit_node().is_disabled()));
    harness.get_by_label("CSV").click();
    harness.run_steps(3);
    assert!(harness.state().state.export_choice.csv);
    let disabled_combo =
        harness.query_all_by_role(egui::accesskit::Role::ComboBox).any(|n| n.accesskit_node().is_disabled());
    assert!(disabled_combo, "the sheets choice is disabled while CSV is ticked");
    // and says why on hover
    harness
        .query_all_by_role(egui::accesskit::Role::ComboBox)
        .find(|n| n.accesskit_node().is_disabled())
        .unwrap()
        .hover();
    harness.run_steps(60);
    harness.get_by_label_contains("untick CSV to split the list into sheets");
    // Save movers without a comparison: disabled in the menu, and its shortcut says why
    choose(&mut harness, &["File"]);
    assert!(harness.get_by_label_contains("Save movers").accesskit_node().is_disabled());
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    harness.run_steps(2);
    let notice = &harness.state().state.notices.last().unwrap().text;
    assert!(notice.contains("compare with the month before first"), "{notice}");
}

#[test]
fn a_bad_as_of_date_is_said_and_kept_for_correcting() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    let before = harness.state().state.month.as_ref().unwrap().session.derived.as_of;
    harness.state_mut().ui.as_of_text = "13/45/2026".into();
    let field = harness.get_by_label("As of");
    field.focus();
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert!(harness.state().ui.as_of_error);
    harness.get_by_label_contains("Not a date: type it as");
    assert_eq!(harness.state().ui.as_of_text, "13/45/2026", "the text stays to be corrected");
    assert_eq!(harness.state().state.month.as_ref().unwrap().session.derived.as_of, before);
}

#[test]
fn reset_to_defaults_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    let mut rules = harness.state().state.settings.rules.clone();
    rules.bands.high = 80.0;
    rules.name = "Mine".into();
    harness.state_mut().push(AppCommand::SetRules(rules.clone()));
    harness.run_steps(3);
    harness.state_mut().ui.show_rules = true;
    harness.run_steps(2);
    harness.get_by_label("Reset to defaults").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.settings.rules.bands.high, 75.0);
    harness.get_by_label("Undo reset").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.settings.rules, rules);
    assert!(harness.query_by_label("Undo reset").is_none());
}

#[test]
fn plurals_and_french_colons() {
    use ascent_viewer::output::i18n;
    let dir = tempfile::tempdir().unwrap();
    let harness = app_with(vec![common::fixture_bands(dir.path())]);
    // one file: "1 file", not "1 files"
    harness.get_by_label_contains("· 1 file");
    assert!(harness.query_by_label_contains("1 files").is_none());
    i18n::set_language("en");
    assert_eq!(i18n::plural("status.loaded", 1), "status.loaded_one");
    assert_eq!(i18n::plural("status.loaded", 0), "status.loaded");
    assert_eq!(i18n::labelled("Products", "Azure"), "Products: Azure");
    i18n::set_language("fr");
    // French: 0 and 1 are singular, a no-break space before the colon
    assert_eq!(i18n::plural("status.loaded", 0), "status.loaded_one");
    assert_eq!(i18n::plural("status.loaded", 2), "status.loaded");
    assert_eq!(i18n::labelled("Produits", "Azure"), "Produits\u{a0}: Azure");
    assert_eq!(i18n::rules_name(&ascent_viewer::engine::Rules::default()), "Valeurs par défaut CloudAscent");
    i18n::set_language("en");
}

#[test]
fn the_own_file_dialog_saves_a_typed_full_path_with_enter() {
    use ascent_viewer::app::state::DialogBackend;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.state_mut().state.dialog_backend = DialogBackend::BuiltIn;
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(3);
    assert!(harness.state().ui.file_dialog.is_some());
    // the file-name field has the focus and the default name
    let field = harness.get_by_label("File name:");
    assert!(field.accesskit_node().is_focused(), "the file name is focused when the dialog opens");
    let out = dir.path().join("typed.xlsx");
    harness.state_mut().ui.file_dialog.as_mut().unwrap().name = out.display().to_string();
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(&mut harness);
    assert!(harness.state().ui.file_dialog.is_none());
    assert!(out.exists(), "the typed path was saved");
    assert_eq!(common::session(&[out]).whole().rows, 14);
}

/// Typing in the file dialog replaces the suggested name (it opens selected), so a whole
/// path typed is that path, not the name with the path after it (#33).
#[test]
fn typing_in_the_file_dialog_replaces_the_suggested_name() {
    use ascent_viewer::app::state::DialogBackend;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.state_mut().state.dialog_backend = DialogBackend::BuiltIn;
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(3);
    let suggested = harness.state().ui.file_dialog.as_ref().unwrap().name.clone();
    assert!(!suggested.is_empty());
    let typed = dir.path().join("typed.xlsx").display().to_string();
    harness.get_by_label("File name:").type_text(&typed);
    harness.run_steps(2);
    assert_eq!(harness.state().ui.file_dialog.as_ref().unwrap().name, typed);
    harness.get_by_label_contains("Typing replaces the suggested name");
}

#[test]
fn the_own_file_dialog_closes_with_esc_and_asks_before_replacing() {
    use ascent_viewer::app::state::DialogBackend;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.state_mut().state.dialog_backend = DialogBackend::BuiltIn;
    harness.state_mut().push(AppCommand::OpenDialog(ascent_viewer::app::tasks::DialogKind::SaveTargets));
    harness.run_steps(3);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(harness.state().ui.file_dialog.is_none());
    // an existing file: the first Enter asks, the button replaces
    let existing = dir.path().join("bands.xlsx");
    let copy = dir.path().join("old.xlsx");
    std::fs::copy(&existing, &copy).unwrap();
    harness.state_mut().push(AppCommand::OpenDialog(ascent_viewer::app::tasks::DialogKind::SaveTargets));
    harness.run_steps(3);
    harness.state_mut().ui.file_dialog.as_mut().unwrap().name = copy.display().to_string();
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    harness.get_by_label_contains("exists. Replace it?");
    harness.get_by_label("Replace").click();
    harness.run_steps(2);
    settle(&mut harness);
    assert_eq!(common::session(&[copy]).whole().rows, 14);
}

#[test]
fn a_small_window_keeps_every_card_and_the_whole_matrix_inside() {
    let dir = tempfile::tempdir().unwrap();
    let size = [1024.0, 768.0];
    let mut harness = app_sized(vec![common::fixture_bands(dir.path())], size);
    // a selected row opens the details without squeezing the dashboard
    harness.get_by_label("Four").click();
    harness.run_steps(4);
    for label in ["SMC customers", "Expiring agreements", "Expiring revenue", "Open expiring revenue"] {
        let text = format!("{label}:");
        let r = harness.get_by_label_contains(&text).rect();
        assert!(r.right() <= size[0] && r.width() >= 140.0, "{label}: {r:?}");
    }
    for name in ["a1", "c1", "d4"] {
        let label = format!("Cell {name}:");
        let r = harness.get_by_label_contains(&label).rect();
        assert!(r.right() <= size[0] && r.width() >= 70.0, "{name}: {r:?}");
    }
    assert_eq!(harness.state().state.selected, Some(3));
}

#[test]
fn the_top_bar_keeps_the_date_whole_on_a_small_window_in_french() {
    // the sample (its SAMPLE DATA badge) in French, the longest top bar: the theme goes to
    // View > Theme and the fiscal year's dates to its tooltip; the date box and the files'
    // title keep their room
    let mut harness = Harness::builder().with_size([1024.0, 768.0]).build_eframe(|_cc| {
        let mut app = AscentApp::with_settings(Settings { language: Some("fr".into()), ..Settings::default() });
        app.push(AppCommand::OpenSample);
        app
    });
    settle(&mut harness);
    let badge = harness.get_by_label("DONNÉES D'EXEMPLE").rect();
    let date = harness.get_by_label("Au").rect();
    let rules = harness.get_by_label_contains("Règles :").rect();
    // the month on screen by name, then the library's months (the files' names in its tooltip)
    let shown = ascent_viewer::engine::library::Month::proposed_for(chrono::Local::now().date_naive());
    // on this narrow window the Months strip's selected month names it
    let title = harness.get_by_label(&ascent_viewer::app::views::months::short_month(shown)).rect();
    let library = harness.get_by_label("Bibliothèque…").rect();
    assert!(badge.right() < date.left(), "the badge does not run into the date: {badge:?} {date:?}");
    // and the month keeps room to be read between them, whole
    assert!(title.left() >= library.right() && title.right() < date.left(), "{library:?} {title:?} {date:?}");
    assert!(date.width() >= 80.0 && date.right() < rules.left() && rules.right() <= 1024.0, "{date:?} {rules:?}");
}

#[test]
fn the_first_window_fits_the_screen() {
    use ascent_viewer::app::first_window_size;
    for (w, h) in [(1366.0, 768.0), (1536.0, 864.0), (1280.0, 720.0), (1920.0, 1080.0), (2560.0, 1440.0)] {
        let size = first_window_size(egui::vec2(w, h));
        assert!(size.x <= w && size.y <= h, "{size:?} on {w}x{h}");
        // less the title bar and the taskbar (80 points) below 1000 points of height
        assert!(size.x >= w * 0.9 && size.y >= (h * 0.9).min(h - 80.0), "most of the screen: {size:?} on {w}x{h}");
        // placed above the taskbar: 80 points stay below the window and its title bar
        let place = ascent_viewer::app::first_window_place(egui::vec2(w, h), size);
        assert!(place.y >= 0.0 && place.y + size.y + 80.0 <= h + 0.5, "{place:?} {size:?} on {w}x{h}");
    }
    // a screen smaller than the layout's minimum still gets a window that fits it
    let size = first_window_size(egui::vec2(800.0, 600.0));
    assert!(size.x <= 800.0 && size.y <= 600.0);
}

#[test]
fn the_column_chooser_opens_by_its_button_and_knows_what_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    let button = harness.get_by_label("Columns…").rect();
    harness.get_by_label("Columns…").click();
    harness.run_steps(3);
    assert!(harness.state().ui.show_columns);
    // the key columns' sources are ticked and greyed; the others can be added
    let checkbox = |label: &'static str| {
        move |node: &egui_kittest::kittest::AccessKitNode<'_>| {
            node.role() == egui::accesskit::Role::CheckBox && node.label().as_deref() == Some(label)
        }
    };
    let id = harness.get_by(checkbox("Customer ID"));
    assert!(id.accesskit_node().is_disabled());
    assert_eq!(id.accesskit_node().toggled(), Some(egui::accesskit::Toggled::True));
    let org = harness.get_by(checkbox("Org Size"));
    assert!(!org.accesskit_node().is_disabled());
    assert_eq!(org.accesskit_node().toggled(), Some(egui::accesskit::Toggled::False));
    // it opened under its button, not at the top left
    let window = harness.get_by(checkbox("Org Size")).rect();
    assert!((window.left() - button.left()).abs() < 40.0 && window.top() > button.bottom(), "{window:?} {button:?}");
}

#[test]
fn the_table_scrolls_sideways_with_shift_and_the_wheel() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_sized(vec![common::fixture_bands(dir.path())], [1024.0, 768.0]);
    let header = |h: &Harness<'static, AscentApp>| h.get_by_label("Customer ID").rect().left();
    let before = header(&harness);
    harness.get_by_label("Four").hover();
    harness.run_steps(2);
    // Shift turns the wheel's vertical turn into a sideways one (egui's horizontal_scroll_modifier)
    harness.event_modifiers(
        egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -120.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::SHIFT,
            source: egui::MouseWheelSource::Unknown,
        },
        egui::Modifiers::SHIFT,
    );
    harness.run_steps(10);
    let after = header(&harness);
    assert!(after < before - 20.0, "the columns moved left: {before} -> {after}");
}

#[test]
fn accounts_mode_narrows_with_the_matrix_and_details_an_account() {
    use ascent_viewer::app::accounts::TableLines;
    let dir = tempfile::tempdir().unwrap();
    // tall enough for the details to show the account's predictions without scrolling
    let mut harness = app_sized(vec![common::october(dir.path())], [1400.0, 1300.0]);
    assert_eq!(harness.state().state.settings.table_mode, TableLines::Predictions);
    harness.get_by_label("Accounts").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.settings.table_mode, TableLines::Accounts);
    // hand count (tests/suite/accounts.rs): six customers with predictions, one with an agreement only
    assert_eq!(harness.state().state.accounts.accounts.len(), 7);
    harness.get_by_label("· 7 accounts");
    harness.get_by_label("Best cluster");
    // cell b3 (M/L): C1's Azure 60/40 and C2's Microsoft 365 60/40
    harness.get_by_label_contains("Cell b3:").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.accounts.accounts.len(), 2);
    harness.get_by_label("· 2 accounts");
    // Alpha's best cluster within the filter is Evaluate, for Azure alone
    harness.get_by_label("Alpha").click();
    harness.run_steps(3);
    let selected = harness.state().state.selected_account.unwrap();
    assert_eq!(harness.state().state.month.as_ref().unwrap().session.data.customers.id.get(selected as usize), "C1");
    harness.get_by_label("Evaluate for Azure; agreement expiring 09/30/2026, $12,400");
    harness.get_by_label("Predictions in the filter (1)");
    // Esc closes the floating details first, the filter stays; the next click selects again
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert_eq!(harness.state().state.selected_account, None);
    assert_eq!(harness.state().state.accounts.accounts.len(), 2);
    harness.get_by_label("Alpha").click();
    harness.run_steps(3);
    // the prediction's link goes back to the predictions, that prediction selected
    harness.get_by_label("Azure · Evaluate").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.settings.table_mode, TableLines::Predictions);
    assert!(harness.state().state.selected.is_some());
}

#[test]
fn saving_accounts_and_a_crm_list_from_the_app() {
    use ascent_viewer::app::state::ExportChoice;
    use ascent_viewer::engine::view::TableLines;
    use ascent_viewer::output::export::CrmPreset;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::october(dir.path())]);
    // the Lines choice: accounts (7 by hand count, tests/suite/accounts.rs)
    harness.get_by_label("Lines:");
    // a split chosen for predictions before does not stop an accounts list (one sheet)
    let accounts = ExportChoice {
        lines: TableLines::Accounts,
        split_by: Some(ascent_viewer::output::export::SplitBy::Cluster),
        ..ExportChoice::default()
    };
    harness.state_mut().push(AppCommand::SetExportChoice(accounts));
    let out = dir.path().join("accounts.xlsx");
    harness.state_mut().push(AppCommand::Export(out.clone()));
    settle(&mut harness);
    let notice = &harness.state().state.notices.last().unwrap().text;
    assert!(notice.contains("Wrote 7 accounts"), "{notice}");
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), ["Accounts", "Summary", "Rules"]);
    // HubSpot: a CSV whatever the name typed, its header the CRM's own
    let crm = ExportChoice { lines: TableLines::Accounts, crm: Some(CrmPreset::Hubspot), ..ExportChoice::default() };
    harness.state_mut().push(AppCommand::SetExportChoice(crm));
    let out = dir.path().join("hubspot.csv");
    harness.state_mut().push(AppCommand::Export(out.clone()));
    settle(&mut harness);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}Company name,Company Domain Name,City,"), "{text}");
    assert_eq!(text.matches("\r\n").count(), 1 + 7);
}

#[test]
fn accounts_of_two_months_show_the_best_cluster_before_and_after() {
    use ascent_viewer::engine::compare::Direction;
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = common::two_months(dir.path());
    let mut harness = app_with(vec![after]);
    harness.state_mut().push(AppCommand::CompareWith(vec![before]));
    harness.run_steps(2);
    settle(&mut harness);
    harness.get_by_label("Accounts").click();
    harness.run_steps(3);
    harness.get_by_label("Best cluster before");
    // by hand (common::two_months): C1 Act now -> Act now (Azure a1 before, M365 a1 after),
    // C2 Educate -> Educate, C3 Evaluate -> Act now, C4 Nurture -> gone, C5 unscored -> Act
    // now, C6 new (Nurture)
    let directions = |harness: &Harness<'static, AscentApp>| {
        let mut d: Vec<Direction> = harness.state().state.accounts.moves.iter().map(|m| m.direction).collect();
        d.sort_by_key(|d| d.rank());
        d
    };
    use Direction::*;
    assert_eq!(directions(&harness), [Up, Up, New, Gone, Unchanged, Unchanged]);
    harness.get_by_label("· 6 accounts");
    // the move Evaluate -> Act now: C1's Microsoft 365 and C3's Azure; C1's best cluster
    // before is now taken among the predictions shown (Evaluate), so both accounts moved up
    harness.get_by_label("Evaluate → Act now").click();
    harness.run_steps(3);
    assert_eq!(directions(&harness), [Up, Up]);
    harness.get_by_label("Three").click();
    harness.run_steps(3);
    assert!(harness.state().state.selected_account.is_some());
    harness.get_by_label("Act now for Azure");
}

#[test]
fn saving_applying_and_sharing_views_with_the_list_and_ctrl_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_sized(vec![common::october(dir.path())], [1400.0, 1000.0]);
    // the three built-in views are listed with their shortcuts
    assert_eq!(harness.state().state.settings.views.len(), 3);
    harness.get_by_label_contains("Act now and Evaluate");
    harness.state_mut().push(AppCommand::SetColumns(vec!["OrgSize".into()]));
    // Ctrl+1: Act now and Evaluate, six predictions (tests/suite/views.rs counts them by hand)
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run_steps(4);
    // a built-in view leaves the columns the user chose
    assert_eq!(harness.state().state.settings.columns, ["OrgSize"]);
    assert_eq!(
        harness.state().state.filter.clusters.iter().copied().collect::<Vec<_>>(),
        [ClusterKey::ActNow, ClusterKey::Evaluate]
    );
    assert_eq!(rows(&harness), 6);
    // narrowed to mid-size (C2 alone), then kept as a view of its own
    harness.get_by_label_contains("Mid-size (").click();
    harness.run_steps(3);
    assert_eq!(rows(&harness), 1);
    harness.get_by_label("Save view as…").click();
    harness.run_steps(3);
    harness.get_by_label("Name").type_text("Mid-size targets");
    harness.run_steps(2);
    harness.get_by_label("Save").click();
    harness.run_steps(3);
    let saved = harness.state().state.settings.views.last().cloned().unwrap();
    assert_eq!(saved.name, "Mid-size targets");
    assert_eq!(saved.filter, harness.state().state.filter);
    assert_eq!(saved.columns, Some(vec!["OrgSize".to_string()]));
    // clear, then a click on the new view in the list puts it back
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(rows(&harness), 11);
    // the list's entry, not the notice that says it was saved
    let entry = harness
        .get_all_by_label_contains("Mid-size targets")
        .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
        .unwrap();
    entry.click();
    harness.run_steps(4);
    assert_eq!(rows(&harness), 1);
    assert_eq!(harness.state().state.filter, saved.filter);
    // shared as a file and read back: a fifth view, equal to the fourth
    let file = dir.path().join("mid.toml");
    harness.state_mut().push(AppCommand::ExportView(3, file.clone()));
    harness.run_steps(3);
    harness.state_mut().push(AppCommand::ImportView(file));
    harness.run_steps(3);
    let views = &harness.state().state.settings.views;
    assert_eq!(views.len(), 5);
    assert_eq!(views[4], views[3]);
    // deleted, then put back with Ctrl+Z
    harness.state_mut().push(AppCommand::DeleteView(0));
    harness.run_steps(3);
    assert_eq!(harness.state().state.settings.views.len(), 4);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(3);
    assert_eq!(harness.state().state.settings.views[0].name, "act-now-and-evaluate");
    // renamed and moved to the top: Ctrl+1 is now it
    harness.state_mut().push(AppCommand::RenameView(3, "Mid".into()));
    for i in (1..=3).rev() {
        harness.state_mut().push(AppCommand::MoveView(i, ascent_viewer::app::command::Shift::Up));
    }
    harness.run_steps(3);
    assert_eq!(harness.state().state.settings.views[0].name, "Mid");
    harness.key_press(egui::Key::Escape);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run_steps(4);
    assert_eq!(rows(&harness), 1);
    // the report of the screen, written on its thread: one page, titled with the view
    let pdf = dir.path().join("report.pdf");
    harness.state_mut().push(AppCommand::SaveReport(pdf.clone()));
    settle(&mut harness);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    harness.get_by_label_contains("Wrote a one-page report to");
}

#[test]
fn a_view_whose_country_the_month_lacks_applies_the_rest_and_says_so() {
    use ascent_viewer::engine::dataset::Dimension;
    use ascent_viewer::engine::view::View;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_sized(vec![common::october(dir.path())], [1400.0, 1000.0]);
    let view = View {
        name: "Iberia".into(),
        filter: ascent_viewer::engine::Filter {
            values: [(Dimension::Country, ["Spain".to_string(), "France".to_string()].into())].into(),
            ..Default::default()
        },
        ..View::default()
    };
    harness.state_mut().state.settings.views.push(view);
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num4);
    harness.run_steps(4);
    // France: C1 and C2, two products each
    assert_eq!(rows(&harness), 4);
    harness.get_by_label_contains("this month has no Country: Spain");
}

#[test]
fn at_windows_display_scalings_every_card_the_matrix_and_the_table_are_on_screen() {
    use ascent_viewer::app::smoke::{Part, drawn};
    use ascent_viewer::app::{first_window_size, fitting_zoom};
    // (screen pixels, Windows' scaling, the zoom worked out by hand from MIN_SCREEN 1150x760:
    // the smaller of the two ratios, floored to 5%, never below 1/scale)
    let cases = [
        ((1366.0, 768.0), 1.25, 0.80),     // 1093x614 points: 614/760 = 0.808
        ((1366.0, 768.0), 1.5, 2.0 / 3.0), // 911x512: 0.674, floored 0.65, below 1/1.5
        ((1366.0, 768.0), 2.0, 0.50),      // 683x384: 0.505
        ((1920.0, 1080.0), 1.25, 1.0),     // 1536x864 fits
        ((1920.0, 1080.0), 1.5, 0.90),     // 1280x720: 720/760 = 0.947
        ((1920.0, 1080.0), 2.0, 0.70),     // 960x540: 540/760 = 0.711
        ((1024.0, 768.0), 1.0, 1.0),       // never below 100%
        // a large screen at 100% zooms in while it has 1.5x the room: 25% steps up to 150%
        ((1920.0, 1200.0), 1.0, 1.0),  // 1200/760 = 1.58: 1.05, floored to 1
        ((2560.0, 1440.0), 1.0, 1.25), // 1440/760 = 1.89: 1.26
        ((3840.0, 2160.0), 1.0, 1.5),  // 2.84: 1.89, at most 1.5
        ((2560.0, 1440.0), 1.25, 1.0), // scaled by the system already: never overdone
    ];
    for ((w, h), scale, zoom) in cases {
        let points = egui::vec2(w / scale, h / scale);
        let fit = fitting_zoom(points, scale);
        assert!((fit - zoom).abs() < 1e-4, "{w}x{h} at {scale}: zoom {fit}, not {zoom}");
        if scale == 1.0 && fit <= 1.0 {
            continue;
        }
        let window = first_window_size(points / fit);
        let harness = sample_sized(window);
        for part in [Part::Cards, Part::Matrix] {
            let (rect, shown) = drawn(&harness.ctx, part).unwrap();
            assert!(
                shown.width() >= rect.width() - 1.0 && shown.height() >= rect.height() - 1.0,
                "{w}x{h} at {scale} (window {window:?}): {part:?} {shown:?} of {rect:?}"
            );
        }
        // the table's header and rows under the dashboard
        let (_, table) = drawn(&harness.ctx, Part::Table).unwrap();
        assert!(table.height() >= 130.0 && table.bottom() <= window.y, "{w}x{h} at {scale}: table {table:?}");
    }
}

/// From 1024x768 to 2560x1440 the table shows at least eight rows under the dashboard (its
/// header and eight rows of 24 points), inside the window (#33).
#[test]
fn every_window_size_shows_eight_table_rows() {
    use ascent_viewer::app::smoke::{Part, drawn};
    for size in [[1024.0, 768.0], [1280.0, 800.0], [1366.0, 768.0], [1920.0, 1080.0], [2560.0, 1440.0]] {
        let harness = sample_sized(size);
        let (_, table) = drawn(&harness.ctx, Part::Table).unwrap();
        assert!(table.height() >= 26.0 + 8.0 * 24.0 && table.bottom() <= size[1], "{size:?}: table {table:?}");
    }
}

/// The sample's one #N/A is said to be there on purpose, not shown as a problem (#33).
#[test]
fn the_samples_unreadable_value_is_explained() {
    let harness = sample_sized([1600.0, 1000.0]);
    harness.get_by_label("1 value could not be read (on purpose, in the sample)");
}

/// A load that fails over the month on screen shows a banner that closes with its ×, and
/// offers "Map columns…" only where headers were seen (#33).
#[test]
fn a_failed_load_banner_closes_and_maps_only_what_has_headers() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    let fake = dir.path().join("renamed.xlsx");
    std::fs::write(&fake, "just some text, not a workbook").unwrap();
    harness.state_mut().push(AppCommand::OpenPaths(vec![fake]));
    settle(&mut harness);
    assert!(harness.state().state.failure.is_some());
    assert!(harness.query_by_label("Map columns…").is_none(), "no header was seen in a text file");
    harness.get_by_label("×").click();
    harness.run_steps(2);
    assert!(harness.state().state.failure.is_none());
    assert!(harness.state().state.month.is_some(), "the month on screen stays");
}

/// A saved view leaves one notice however often it is applied, and Esc takes back its
/// filter, its notice and its table (#33).
#[test]
fn esc_after_a_view_goes_back_to_the_table_before_it() {
    use ascent_viewer::app::state::NoticeKind;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    for _ in 0..2 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
        harness.run_steps(3);
    }
    let views =
        |h: &Harness<'static, AscentApp>| h.state().state.notices.iter().filter(|n| n.kind == NoticeKind::View).count();
    assert_eq!(views(&harness), 1);
    assert_eq!(harness.state().state.settings.table_mode, ascent_viewer::app::accounts::TableLines::Accounts);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(views(&harness), 0);
    assert_eq!(harness.state().state.settings.table_mode, ascent_viewer::app::accounts::TableLines::Predictions);
    assert!(harness.state().state.filter.is_empty());
}

/// F1 with a menu open closes the menu: it would stay drawn over the help (#33).
#[test]
fn a_window_opened_from_the_keyboard_closes_an_open_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![common::fixture_bands(dir.path())]);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    assert!(egui::Popup::is_any_open(&harness.ctx), "the View menu is open");
    harness.key_press(egui::Key::F1);
    harness.run_steps(2);
    assert!(harness.state().ui.show_help);
    assert!(!egui::Popup::is_any_open(&harness.ctx), "the menu closed");
}

/// The moves' column headers break between words only ("Agir / maintenant"), and the
/// comparison's banner keeps its buttons in its flow, never over its words (#33).
#[test]
fn the_moves_headers_break_between_words() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = common::two_months(dir.path());
    let mut settings = english();
    settings.language = Some("fr".into());
    let mut harness = Harness::builder().with_size([1280.0, 800.0]).build_eframe(move |_cc| {
        let mut app = AscentApp::with_settings(settings.clone());
        app.push(AppCommand::OpenPaths(vec![after.clone()]));
        app
    });
    settle(&mut harness);
    harness.state_mut().push(AppCommand::CompareWith(vec![before]));
    harness.run_steps(2);
    settle(&mut harness);
    harness.get_by_label("Agir\nmaintenant");
    harness.get_by_label("Non\nnoté");
    // the moves' counts under the table, whole within the window
    let counts = harness.get_by_label_contains("En hausse : ").rect();
    assert!(counts.right() <= 1280.0, "{counts:?}");
    let words = harness.get_by_label_contains("prédictions affichées sur").rect();
    let swap = harness.get_by_label("Inverser les mois").rect();
    assert!(!words.intersects(swap), "{words:?} under {swap:?}");
    ascent_viewer::output::i18n::set_language("en");
}

/// A cluster taken from the workbook keeps its "*" in the compare table, as in the month's
/// own (#33): fixture_bands' Eleven has no readable fit, its cluster is the workbook's c3.
#[test]
fn the_compare_table_marks_workbook_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let after = common::fixture_bands(dir.path());
    let before = dir.path().join("before.xlsx");
    std::fs::copy(&after, &before).unwrap();
    let mut harness = app_with(vec![after]);
    harness.state_mut().push(AppCommand::CompareWith(vec![before]));
    harness.run_steps(2);
    settle(&mut harness);
    assert!(harness.query_all_by_label("Nurture *").count() >= 2, "before and after");
}

/// A view's whole name shows in the narrow filter panel, on two lines rather than cut (#33).
#[test]
fn view_names_wrap_rather_than_cut() {
    let harness = sample_sized([1024.0, 768.0]);
    let button = harness.get_by_label_contains("Agreements expiring this fiscal year").rect();
    assert!(button.height() > 30.0, "one line, cut: {button:?}");
}

/// Tab after Tab, the focused widget is on screen: a filter below the panel's visible part
/// is scrolled into view (#33).
#[test]
fn the_focus_is_always_scrolled_into_view() {
    let mut harness = sample_sized([1024.0, 768.0]);
    let mut seen = 0;
    // the views, the clusters, the matrix cells, the segments, the products and the filters
    // below them (the issue saw the panel stop following after about 35)
    for press in 0..50 {
        harness.key_press(egui::Key::Tab);
        harness.run_steps(3);
        let Some(id) = harness.ctx.memory(|m| m.focused()) else { continue };
        let Some(response) = harness.ctx.read_response(id) else { continue };
        seen += 1;
        let rect = response.rect;
        // within the window, above the status bar
        assert!(rect.bottom() <= 745.0 && rect.top() >= -1.0, "Tab {press}: focus at {rect:?}");
    }
    assert!(seen > 40, "{seen} widgets focused");
}

/// At 1024x768 a selected row's details float over the table alone: never over the cards
/// nor the matrix (#33).
#[test]
fn floating_details_never_cover_the_dashboard() {
    use ascent_viewer::app::smoke::{Part, drawn};
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_sized(vec![common::fixture_bands(dir.path())], [1024.0, 768.0]);
    harness.get_by_label("Three").click();
    harness.run_steps(4);
    assert!(harness.state().state.selected.is_some());
    let details = harness.ctx.memory(|m| m.area_rect(egui::Id::unique("details_window"))).unwrap();
    for part in [Part::Cards, Part::Matrix] {
        let (_, shown) = drawn(&harness.ctx, part).unwrap();
        assert!(!details.intersects(shown), "{part:?} {shown:?} under the details {details:?}");
    }
}

/// The accounts' moves of a comparison use the table's width: segment and country beside the
/// best clusters, the columns spread over a wide window (#33).
#[test]
fn account_moves_fill_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = common::two_months(dir.path());
    let mut harness = app_sized(vec![after], [1600.0, 1000.0]);
    harness.state_mut().push(AppCommand::CompareWith(vec![before]));
    harness.run_steps(2);
    settle(&mut harness);
    harness.state_mut().push(AppCommand::SetTableLines(ascent_viewer::app::accounts::TableLines::Accounts));
    harness.run_steps(3);
    settle(&mut harness);
    let segment = harness.get_by_label("Segment").rect();
    let direction = harness.get_by_label("Move").rect();
    assert!(segment.left() < direction.left());
    // the last column starts past the middle of the window: the others take their share
    assert!(direction.left() > 1000.0, "{direction:?}");
}

#[test]
fn the_renderer_is_chosen_in_the_view_menu_and_about_says_what_draws() {
    use ascent_viewer::app::renderer::Drawing;
    use ascent_viewer::app::renderer::{Renderer, RendererChoice};
    let mut harness = Harness::builder().with_size([1400.0, 900.0]).build_eframe(|_cc| {
        let mut app = AscentApp::with_settings(english());
        app.push(AppCommand::OpenSample);
        // what a start on a desktop without a GPU driver records (start.rs)
        app.state.drawing = Some(Drawing {
            renderer: Renderer::Wgpu,
            api: "Direct3D 12".into(),
            adapter: "Microsoft Basic Render Driver".into(),
            software: true,
        });
        app
    });
    settle(&mut harness);
    assert_eq!(harness.state().state.settings.renderer, RendererChoice::Automatic);
    choose(&mut harness, &["View", "Renderer", "OpenGL (glow)"]);
    assert_eq!(harness.state().state.settings.renderer, RendererChoice::Glow);
    harness.get_by_label("The new renderer draws the window from the next start.");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    choose(&mut harness, &["Help", "About"]);
    harness.get_by_label(
        "Drawn with Direct3D 12 or Vulkan (wgpu): Direct3D 12 on Microsoft Basic Render Driver, a software \
         adapter (no graphics driver in use: slower, but complete).",
    );
}

/// A click on a header orders the table by typed values (tests/suite/query.rs counts them by
/// hand): the name (É with E), then a source column of numbers written as text.
#[test]
fn header_clicks_order_the_table_by_values() {
    use crate::query::ordering_fixture;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(vec![ordering_fixture(dir.path())]);
    settle(&mut harness);
    let ids = |harness: &Harness<'static, AscentApp>| -> Vec<String> {
        let s = &harness.state().state;
        let ds = &s.month.as_ref().unwrap().session.data;
        s.view
            .rows
            .iter()
            .map(|&i| ds.customers.id.get(ds.predictions.customer[i as usize] as usize).to_string())
            .collect()
    };
    let click = |harness: &mut Harness<'static, AscentApp>, label: &str| {
        harness.get_by_label(label).click();
        harness.run_steps(3);
    };
    click(&mut harness, "Customer");
    assert_eq!(ids(&harness), ["C6", "C4", "C1", "C5", "C2", "C3"]);
    click(&mut harness, "Customer");
    assert_eq!(ids(&harness), ["C3", "C2", "C1", "C5", "C4", "C6"]);
    // the source column shown, ordered as its header's click orders it (the filters panel
    // has a "Seats" of its own)
    harness.state_mut().push(AppCommand::SetColumns(vec!["Seats".into()]));
    harness.run_steps(3);
    let seats = harness.state().state.month.as_ref().unwrap().session.data.column_named("Seats").unwrap();
    let click = |harness: &mut Harness<'static, AscentApp>, _: &str| {
        harness.state_mut().push(AppCommand::SetSort(ascent_viewer::app::state::SortColumn::Source(seats)));
        harness.run_steps(3);
    };
    click(&mut harness, "Seats");
    // "3", "20", "20", "100", "100", blank
    assert_eq!(ids(&harness), ["C3", "C2", "C5", "C1", "C6", "C4"]);
    click(&mut harness, "Seats");
    assert_eq!(ids(&harness), ["C1", "C6", "C2", "C5", "C3", "C4"]);
    // a third click: the file's order
    click(&mut harness, "Seats");
    assert_eq!(ids(&harness), ["C1", "C2", "C3", "C4", "C5", "C6"]);
}

/// Tab goes through the line under the menus as it reads, left to right: Open…, the date,
/// Rules, the theme (#33: it went Open…, Rules, As of).
#[test]
fn tab_follows_the_top_bar_in_reading_order() {
    let mut harness = sample_sized([1920.0, 1080.0]);
    let open = harness.get_by_label("Open…").rect();
    let line = open.center().y;
    let mut lefts = Vec::new();
    for _ in 0..12 {
        harness.key_press(egui::Key::Tab);
        harness.run_steps(2);
        let Some(id) = harness.ctx.memory(|m| m.focused()) else { continue };
        let Some(response) = harness.ctx.read_response(id) else { continue };
        if (response.rect.center().y - line).abs() < 6.0 {
            lefts.push(response.rect.left());
        }
    }
    // Open…, the As of field, Rules, System, Light, Dark
    assert!(lefts.len() >= 6, "{lefts:?}");
    assert!(lefts.windows(2).all(|w| w[0] < w[1]), "not left to right: {lefts:?}");
    let rules = harness.get_by_label_contains("Rules: ").rect();
    assert!(lefts.contains(&rules.left()), "Rules not reached: {lefts:?} {rules:?}");
}

/// At 1024x768 the line above the table breaks between its groups: every control whole
/// inside the window, and no empty row between two (#33: "Sheets" ran past the edge, an empty
/// framed row sat before "Columns…").
#[test]
fn the_toolbar_wraps_between_groups_at_1024() {
    for (size, language) in [([1024.0, 768.0], "en"), ([1024.0, 768.0], "fr"), ([1920.0, 1080.0], "en")] {
        let harness = sample_in(Settings { language: Some(language.into()), ..Settings::default() }, size);
        let labels: &[&str] = if language == "en" {
            &["Save target list…", "Sheets:", "CSV", "Columns…", "Load report"]
        } else {
            &["Enregistrer la liste de cibles…", "Feuilles :", "CSV", "Colonnes…", "Rapport de chargement"]
        };
        // a label and the list it names are one control here
        let rects: Vec<egui::Rect> = labels
            .iter()
            .map(|l| harness.get_all_by_label_contains(l).map(|n| n.rect()).reduce(|a, b| a.union(b)).unwrap())
            .collect();
        for (label, rect) in labels.iter().zip(&rects) {
            assert!(rect.right() <= size[0] && rect.left() >= 0.0, "{size:?} {language}: {label} at {rect:?}");
        }
        // each control on the row of the one before it, or on the next: never a row lower
        for (pair, labels) in rects.windows(2).zip(labels.windows(2)) {
            let gap = pair[1].top() - pair[0].bottom();
            assert!(gap < 12.0, "{size:?} {language}: {labels:?} {gap} apart");
        }
        if size[0] > 1900.0 {
            assert!(rects.iter().all(|r| (r.center().y - rects[0].center().y).abs() < 4.0), "one row: {rects:?}");
        }
    }
}
