#![cfg(feature = "gui")]
mod common;
use ascent_viewer::app::settings::Settings;
use ascent_viewer::app::{AppCommand, AscentApp};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
#[test]
fn dump() {
    let dir = tempfile::tempdir().unwrap();
    let p = common::fixture_bands(dir.path());
    let mut harness = Harness::builder().with_size([1400.0, 900.0]).build_eframe(move |_cc| {
        let mut app = AscentApp::with_settings(Settings { language: Some("en".into()), ..Settings::default() });
        app.push(AppCommand::OpenPaths(vec![p]));
        app
    });
    for _ in 0..50 {
        harness.run_steps(2);
        std::thread::sleep(std::time::Duration::from_millis(20));
        if !harness.state().is_busy() {
            break;
        }
    }
    harness.run_steps(3);
    for l in [
        "Act now 4",
        "14 of 14 predictions",
        "No filter: every prediction is shown",
        "Sheets:",
        "Columns…",
        "Small business  13  100,0%",
        "SMC customers: 13",
        "Fit x intent",
        "Segments",
        "Predictions and whitespace revenue per cluster",
        "Rows: fit band. Columns: intent band.",
        "Save target list…",
        "Customer",
    ] {
        for n in harness.query_all_by_label(l) {
            eprintln!("{l}: {:?}", n.rect());
        }
    }
}
