//! The PDF report: its text read back from the file (cards, cluster names and hand-counted
//! figures, in English and in French), its fonts embedded, one page (two when compared),
//! written through the command line like every export.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::view::View;
use ascent_viewer::engine::{Filter, Session};
use ascent_viewer::output::i18n;
use ascent_viewer::output::report::{Paper, ReportInput, render};
use common::*;
use std::path::Path;

/// The text of a PDF with its spaces made plain (French groups digits with a narrow space).
fn text_of(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).unwrap();
    let plain: String = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without any space: an extractor may or may not put one between a card's label and
/// its figure, drawn apart on the page.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn report(session: &Session, filter: &Filter, name: &str) -> String {
    let input = ReportInput {
        session,
        filter,
        view_name: Some(name.into()),
        comparison: None,
        order: Default::default(),
        paper: Paper::A4,
        trend: None,
    };
    let (bytes, pages) = render(&input).unwrap();
    assert_eq!(pages, 1);
    text_of(&bytes)
}

fn assert_has(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(squeezed(text).contains(&squeezed(w)), "\"{w}\" is not in the report:\n{text}");
    }
}

/// October's Act now and Evaluate, counted by hand (tests/suite/accounts.rs): C1 M365 a1 and
/// Azure b3, C2 M365 b3, C3 Azure a2, C5 M365 a2 and Azure a1. Four customers; A-1 (C1,
/// Open Value, $12,400) is the one agreement of theirs expiring in FY27. Top accounts as a
/// seller works them: Act now first, the expiring revenue first among them (Alpha, $12,400),
/// then the strongest fit (Epsilon 90, Gamma 80), then Beta (Evaluate): three accounts at
/// best Act now, one at Evaluate.
#[test]
fn the_report_holds_the_cards_the_clusters_and_the_hand_counts_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[october(dir.path())]);
    let [act_now_evaluate, ..] = View::built_in();
    i18n::set_language("en");
    let text = report(&session, &act_now_evaluate.filter, "Act now and Evaluate");
    assert_has(
        &text,
        &[
            "CloudAscent report: Act now and Evaluate",
            "As of 11/24/2026 · FY27",
            "Filter: Cluster: Act now, Evaluate",
            "SMC customers 4",
            "Expiring agreements 1",
            "Expiring revenue $12,400",
            "Open expiring revenue $12,400",
            "Customers by segment",
            "Predictions by cluster",
            "Act now 4",
            "Evaluate 2",
            "Accounts by best cluster Act now 3 Evaluate 1 Nurture 0",
            "Top 4 of 4 accounts",
            "1. Alpha",
            "2. Epsilon",
            "3. Gamma",
            "4. Beta",
            "6 predictions, 0 without a readable score",
        ],
    );
    // the matrix: a1 2, a2 2, b3 2, and every other cell 0
    assert_has(&text, &["a1 2", "a2 2", "b3 2", "d4 0"]);

    i18n::set_language("fr");
    let text = report(&session, &act_now_evaluate.filter, "Agir maintenant et Évaluer");
    assert_has(
        &text,
        &[
            "Rapport CloudAscent : Agir maintenant et Évaluer",
            "Au 24/11/2026",
            "Clients SMC 4",
            "Contrats arrivant à expiration 1",
            "12 400 $US",
            "Clients par segment",
            "Prédictions par cluster",
            "Agir maintenant 4",
            "Évaluer 2",
            "Les 4 premiers de 4 comptes",
            "1. Alpha",
        ],
    );
    i18n::set_language("en");
}

fn pdf_pages_and_fonts(path: &Path) -> (usize, Vec<String>) {
    let doc = lopdf::Document::load(path).unwrap();
    let mut embedded = Vec::new();
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && dict.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|t| t == b"FontDescriptor")
        {
            let name = dict.get(b"FontName").and_then(|n| n.as_name()).map(|n| String::from_utf8_lossy(n).into_owned());
            let has_file = dict.has(b"FontFile2") || dict.has(b"FontFile3") || dict.has(b"FontFile");
            assert!(has_file, "{name:?} is not embedded");
            embedded.push(name.unwrap_or_default());
        }
    }
    (doc.get_pages().len(), embedded)
}

#[test]
fn the_command_writes_one_page_or_two_with_a_comparison_fonts_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let month = october(dir.path());
    let view = dir.path().join("targets.toml");
    std::fs::write(&view, View::built_in()[0].to_toml()).unwrap();
    let out = dir.path().join("report.pdf");
    let run = cli()
        .args(["report"])
        .arg(&month)
        .args(["--view"])
        .arg(&view)
        .args(["--as-of", "2026-11-24", "--lang", "fr", "--paper", "letter", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stdout).contains("Rapport d'une page"));
    let (pages, fonts) = pdf_pages_and_fonts(&out);
    assert_eq!(pages, 1);
    assert!(fonts.iter().any(|f| f.ends_with("Ubuntu-Light")), "{fonts:?}");
    let text = text_of(&std::fs::read(&out).unwrap());
    assert!(text.contains("Rapport CloudAscent : Agir maintenant et Évaluer"), "{text}");
    // Letter, landscape: 792 x 612 points
    let doc = lopdf::Document::load(&out).unwrap();
    let page = doc.get_pages().values().next().copied().unwrap();
    let media = doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
    let size: Vec<f32> = media.iter().map(|v| v.as_float().unwrap_or_else(|_| v.as_i64().unwrap() as f32)).collect();
    assert_eq!(size[2..], [792.0, 612.0]);
    // an existing file is kept without --force
    let again = cli().args(["report"]).arg(&month).args(["-o"]).arg(&out).output().unwrap();
    assert!(!again.status.success());
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());

    // two months: a second page with the transitions and the moves; C3's Azure went from
    // 60/40 (Evaluate) to 60/60 (Act now)
    let (before, after) = two_months(dir.path());
    let compared = dir.path().join("compared.pdf");
    let run = cli()
        .args(["report"])
        .arg(&after)
        .args(["--before"])
        .arg(&before)
        .args(["--as-of", "2026-11-24", "--lang", "en", "--paper", "a4", "-o"])
        .arg(&compared)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let (pages, _) = pdf_pages_and_fonts(&compared);
    assert_eq!(pages, 2);
    let text = text_of(&std::fs::read(&compared).unwrap());
    assert!(text.contains("What changed since the month before"), "{text}");
    assert_has(&text, &["Three Azure Evaluate → Act now"]);
}

#[test]
fn the_paper_follows_the_locale() {
    assert_eq!(Paper::of_region("en_US.UTF-8"), Paper::Letter);
    assert_eq!(Paper::of_region("fr-CA"), Paper::Letter);
    assert_eq!(Paper::of_region("fr_FR.UTF-8"), Paper::A4);
    assert_eq!(Paper::of_region("en-GB"), Paper::A4);
    assert_eq!(Paper::of_region("C"), Paper::A4);
}
