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

/// The sizes of every text a PDF page sets (its `Tf` operators), read with lopdf.
fn font_sizes(pdf: &std::path::Path) -> Vec<f32> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut sizes = Vec::new();
    for (_, page) in doc.get_pages() {
        let content = lopdf::content::Content::decode(&doc.get_page_content(page).unwrap()).unwrap();
        for op in content.operations.iter().filter(|op| op.operator == "Tf") {
            if let Some(size) = op.operands.get(1).and_then(|o| o.as_float().ok()) {
                sizes.push(size);
            }
        }
    }
    sizes
}

/// The report as a meeting slide: nothing under 7 pt (tables at 8.5), and the top accounts
/// with what a seller acts on: best cluster, products, fit, intent, agreement end, revenue.
#[test]
fn the_report_reads_as_a_slide() {
    let dir = tempfile::tempdir().unwrap();
    let month = october(dir.path());
    for lang in ["en", "fr"] {
        let pdf = dir.path().join(format!("slide-{lang}.pdf"));
        cli().args(["report", "--as-of", "2026-11-24", "--lang", lang, "-o"]).arg(&pdf).arg(&month).assert().success();
        let sizes = font_sizes(&pdf);
        assert!(!sizes.is_empty());
        let smallest = sizes.iter().copied().fold(f32::MAX, f32::min);
        assert!(smallest >= 7.0, "{lang}: a text of {smallest} pt");
        // the accounts table's text is set at 8.5 pt: the size most used on the page
        assert!(sizes.iter().filter(|s| (**s - 8.5).abs() < 0.01).count() > sizes.len() / 3, "{sizes:?}");
        let text = pdf_extract::extract_text(&pdf).unwrap();
        let headers: &[&str] = if lang == "en" {
            &["Best cluster", "Products", "Fit", "Intent", "Ends", "Expiring"]
        } else {
            &["Meilleur cluster", "Produits", "Adéq.", "Int.", "Fin", "Expirant"]
        };
        for h in headers {
            assert!(text.contains(h), "{lang}: {h} in {text}");
        }
        // every segment's name whole in the pie's legend (a long one on two lines), and the
        // best cluster whole in its column ("Agir maintenant")
        let squeezed: String = text.split_whitespace().collect();
        let whole: &[&str] = if lang == "en" {
            &["Top unmanaged - compute", "Top unmanaged - user-based", "Small business", "Act now"]
        } else {
            &["Top non géré - calcul", "Top non géré - utilisateurs", "Petite entreprise", "Agir maintenant"]
        };
        for name in whole {
            let name: String = name.split_whitespace().collect();
            assert!(squeezed.contains(&name), "{lang}: {name} in {text}");
        }
    }
    // October by hand: Alpha (C1) is first, Act now with Microsoft 365, fit 80, intent 80,
    // its agreement ending 09/30/2026 with $12,400
    let text = pdf_extract::extract_text(dir.path().join("slide-en.pdf")).unwrap();
    let plain: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(plain.contains("1. Alpha Act now Microsoft 365 80 80 09/30/2026 $12,400"), "{plain}");
}

/// A colour means one thing: no segment wears a cluster's colour (nor one close to it), in
/// the app, the PDF and the workbook, which share one palette.
#[test]
fn segments_never_wear_a_clusters_colour() {
    use ascent_viewer::engine::{ClusterKey, Segment};
    use ascent_viewer::output::export::{cluster_rgb, segment_rgb};
    let channels = |c: u32| [(c >> 16) as i32 & 0xFF, (c >> 8) as i32 & 0xFF, c as i32 & 0xFF];
    for s in Segment::ALL {
        for k in ClusterKey::ALL.into_iter().filter(|k| *k != ClusterKey::Unscored) {
            let (a, b) = (channels(segment_rgb(s)), channels(cluster_rgb(k)));
            let distance: i32 = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).sum();
            assert!(distance > 120, "{s:?} {:06x} looks like {k:?} {:06x}", segment_rgb(s), cluster_rgb(k));
        }
        let app = ascent_viewer::app::tokens::segment_color(s);
        assert_eq!([app.r(), app.g(), app.b()].map(i32::from), channels(segment_rgb(s)));
    }
}

/// A folder of files that hold no propensity data says how many and names a few, not one;
/// a header with no row under it is an error naming the file.
#[test]
fn bad_input_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk");
    std::fs::create_dir(&junk).unwrap();
    for k in 0..50 {
        std::fs::write(junk.join(format!("notes-{k:02}.csv")), "a,b,c\n1,2,3\n").unwrap();
    }
    let out = cli().arg("summary").arg(&junk).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("none of the 50 files found holds propensity data (notes-00.csv, notes-01.csv"), "{err}");
    let empty = dir.path().join("header-only.csv");
    std::fs::write(&empty, "Customer ID,Account Name,Product,Fit Score,Intent Score\n").unwrap();
    let out = cli().arg("summary").arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("header-only.csv: the header row is there, but no data row"));
}

/// Yes/no columns read as words, in the details, the accounts list and the filters: the
/// 2023 fixture's first customer says yes to Has M365, its Modern Work play and HasD365.
#[test]
fn yes_columns_read_as_words() {
    let dir = tempfile::tempdir().unwrap();
    let month = fixture_2023(dir.path());
    let out = dir.path().join("accounts.csv");
    cli().args(["export", "--accounts", "--as-of", "2026-11-24", "-o"]).arg(&out).arg(&month).assert().success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Has Microsoft 365"), "{text}");
    assert!(text.contains("Has Dynamics 365"), "{text}");
    assert!(text.contains("Modern Work: Transition Customer - Compete Google Workspace"), "{text}");
    assert!(!text.contains("HasD365") && !text.contains("MW_Transition"), "{text}");
}
