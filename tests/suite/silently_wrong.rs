//! Nothing silently wrong (#32): outputs that are not files are never replaced nor opened,
//! "already exists" is decided at the rename, filters mean what they say, a file given twice
//! is read once, amounts stay finite, view and rules files are read within limits, and data
//! never drives the terminal. Each crafted input is made by its test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use common::*;
use std::path::Path;
use std::time::Duration;

#[cfg(unix)]
fn export_to(src: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    cli()
        .args(["export", "--format", "csv", "-o"])
        .arg(out)
        .args(extra)
        .arg(src)
        .timeout(Duration::from_secs(60))
        .assert()
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_folders_are_never_replaced_nor_opened() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    for device in ["/dev/null", "/dev/full", "/dev/stdout"] {
        let out = export_to(&src, Path::new(device), &["--force"]).failure();
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains("is not a file"), "{device}: {err}");
    }
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    // a pipe nobody writes to: opened for reading it would wait forever
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for command in [vec!["export", "--format", "csv"], vec!["report"]] {
        let mut cmd = cli();
        cmd.args(&command).arg("-o").arg(&fifo).arg("--force").arg(&src).timeout(Duration::from_secs(60));
        let err = String::from_utf8_lossy(&cmd.assert().failure().get_output().stderr).into_owned();
        assert!(err.contains("is not a file"), "{command:?}: {err}");
    }
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    export_to(&src, dir.path(), &["--force"]).failure();
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_a_name_taken() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    let out = export_to(&src, &link, &[]).failure();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("already exists"));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(!dir.path().join("nowhere").exists());
    // replaced with --force: the link becomes the export, what it named stays unmade
    export_to(&src, &link, &["--force"]).success();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    assert!(!dir.path().join("nowhere").exists());
}

/// Eight exports to one new name at once: one writes it, seven say it exists.
#[test]
fn already_exists_is_decided_at_the_rename() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let out = dir.path().join("list.csv");
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("ascent-viewer"))
                .args(["export", "--format", "csv", "-o"])
                .arg(&out)
                .arg(&src)
                .env("LANG", "en_US.UTF-8")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let outcomes: Vec<bool> = children.into_iter().map(|mut c| c.wait().unwrap().success()).collect();
    assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{outcomes:?}");
    // at the rename itself: a file made after the check and before the rename is kept
    let session = common::session(std::slice::from_ref(&src));
    let rows = ascent_viewer::engine::Filter::default().apply(&session.data, &session.derived);
    let late = dir.path().join("late.csv");
    let opts = ascent_viewer::output::export::ExportOptions {
        format: ascent_viewer::output::export::ExportFormat::Csv,
        ..Default::default()
    };
    let made = ascent_viewer::output::export::export(
        &session,
        &ascent_viewer::engine::Filter::default(),
        &rows,
        &late,
        &opts,
        &mut |done, _| {
            if done > 0 && !late.exists() {
                std::fs::write(&late, b"made meanwhile").unwrap();
            }
        },
    );
    assert!(matches!(made, Err(ascent_viewer::output::export::ExportError::Exists { .. })), "{made:?}");
    assert_eq!(std::fs::read(&late).unwrap(), b"made meanwhile");
}
