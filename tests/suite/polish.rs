//! The second pass as a demanding user (#33): what each point fixed reads back as a user
//! would read it, in both languages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use common::*;

fn summary_text(args: &[&str]) -> String {
    let out = cli().arg("summary").args(args).args(["--as-of", "2026-11-24"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// French: Open (the licensing programme) keeps its name, and a colon has its space.
#[test]
fn french_keeps_open_and_spaces_its_colons() {
    let dir = tempfile::tempdir().unwrap();
    let month = october(dir.path());
    let text = summary_text(&["--lang", "fr", month.to_str().unwrap()]);
    assert!(text.contains("Revenu Open arrivant à expiration"), "{text}");
    assert!(text.contains("Contrats Open"), "{text}");
    assert!(!text.contains("ouvert"), "{text}");
    // "6 lignes : Microsoft 365", never "6 lignes: Microsoft 365"
    let line = text.lines().find(|l| l.contains("ligne d'en-tête")).unwrap();
    assert!(line.contains("lignes\u{a0}: "), "{line:?}");
}
