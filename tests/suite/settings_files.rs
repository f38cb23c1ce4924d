//! Settings survive what happens to files (issue: no file can crash it): values egui would
//! reject are reset one by one, a file that cannot be read is kept aside and the app starts
//! afresh, only regular files are read, and our settings are written whole or not at all.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use ascent_viewer::app::settings::{Settings, ThemeChoice};
use ascent_viewer::app::settings_file::{Repair, SettingsFiles};
use std::path::{Path, PathBuf};

const APP_RON: &str = r#"{
    "egui": "(options:(theme_preference:System,zoom_factor:ZOOM,zoom_with_keyboard:true),focus:None)",
    "window": "(normal_geometry:(outer_position_pixels:Some((x:-8.0,y:0.0)),scale_factor:1.25,inner_size_points:(x:WIDTH,y:800.0)),fullscreen:false,maximized:false)",
    "theme": "Dark",
}"#;

fn app_ron(dir: &Path, zoom: &str, width: &str) -> PathBuf {
    let path = dir.join("app.ron");
    std::fs::write(&path, APP_RON.replace("ZOOM", zoom).replace("WIDTH", width)).unwrap();
    path
}

fn check(dir: &Path) -> Vec<Repair> {
    let mut repairs = Vec::new();
    SettingsFiles::at(dir).check_eframe_state(&mut repairs);
    repairs
}

#[test]
fn a_zoom_egui_would_reject_is_reset_alone() {
    for zoom in ["NaN", "0.0", "-2.0", "inf"] {
        let dir = tempfile::tempdir().unwrap();
        let path = app_ron(dir.path(), zoom, "1280.0");
        assert_eq!(check(dir.path()), [Repair::Zoom], "{zoom}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("zoom_factor:1.0,zoom_with_keyboard:true"), "{text}");
        // everything else is as it was
        assert!(text.contains("x:1280.0") && text.contains("\"theme\": \"Dark\""), "{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    app_ron(dir.path(), "1.5", "1280.0");
    assert!(check(dir.path()).is_empty());
}

#[test]
fn a_window_of_no_or_infinite_size_is_forgotten() {
    for width in ["NaN", "inf", "0.0", "-5.0"] {
        let dir = tempfile::tempdir().unwrap();
        let path = app_ron(dir.path(), "1.0", width);
        assert_eq!(check(dir.path()), [Repair::Window], "{width}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("\"window\"") && text.contains("zoom_factor:1.0"), "{text}");
    }
}

#[test]
fn a_file_cut_short_is_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = app_ron(dir.path(), "1.0", "1280.0");
    let whole = std::fs::read(&path).unwrap();
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let backup = dir.path().join("app.ron.bak");
    assert_eq!(check(dir.path()), [Repair::MovedAside(backup.clone())]);
    assert!(!path.exists());
    assert_eq!(std::fs::read(&backup).unwrap(), &whole[..whole.len() / 2]);
}

#[cfg(unix)]
#[test]
fn only_a_regular_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("app.ron");
    crate::common::mkfifo(&fifo);
    let started = std::time::Instant::now();
    assert_eq!(check(dir.path()), [Repair::MovedAside(dir.path().join("app.ron.bak"))]);
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "a pipe was opened");
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("settings.ron")).unwrap();
    let mut repairs = Vec::new();
    let settings = SettingsFiles::at(dir.path()).load(&mut repairs).unwrap();
    assert_eq!(settings, Settings::default());
    assert_eq!(repairs, [Repair::MovedAside(dir.path().join("settings.ron.bak"))]);
}

#[test]
fn settings_round_trip_and_are_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let files = SettingsFiles::at(dir.path());
    let mut repairs = Vec::new();
    assert!(files.load(&mut repairs).is_none(), "nothing saved yet");
    let mut settings = Settings { theme: ThemeChoice::Light, language: Some("fr".into()), ..Settings::default() };
    settings.rules.bands.high = 80.0;
    settings.remember(&[PathBuf::from("/data/Novembre 2026.xlsx")]);
    files.save(&settings).unwrap();
    assert_eq!(files.load(&mut repairs), Some(settings.clone()));
    assert!(repairs.is_empty());
    // no temporary file is left beside it
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["settings.ron"]);
    // cut short (as by a crash while another program wrote it): kept aside, defaults in force
    let path = dir.path().join("settings.ron");
    let text = std::fs::read(&path).unwrap();
    std::fs::write(&path, &text[..text.len() / 3]).unwrap();
    assert_eq!(files.load(&mut repairs), Some(Settings::default()));
    assert_eq!(repairs, [Repair::MovedAside(dir.path().join("settings.ron.bak"))]);
}
