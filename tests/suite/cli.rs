//! The command line end to end: summaries of one file, several, a folder; the JSON
//! shape; filters; errors and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use assert_cmd::Command;
use common::*;
use serde_json::Value;

#[test]
fn summary_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_bands(dir.path());
    let v = json_of(&["summary", path.to_str().unwrap()]);
    // hand counts: see engine_fixtures::every_score_band_boundary
    assert_eq!(v["rows"], 14);
    assert_eq!(v["customers"], 13);
    assert_eq!(v["unscored_rows"], 2);
    assert_eq!(v["from_workbook_rows"], 2);
    assert_eq!(v["disagreements"], 2);
    assert_eq!(v["as_of"], "2026-11-24");
    assert_eq!(v["fiscal_year"], "FY27");
    assert_eq!(v["files"][0]["tables"][0]["sheet"], "Propensity model");
    assert_eq!(v["files"][0]["tables"][0]["header_row"], 1);
    assert_eq!(v["files"][0]["tables"][0]["shape"], "long");
    assert_eq!(v["files"][0]["tables"][0]["rows"], 14);
    assert_eq!(v["cards"]["customers"], 13);
    assert_eq!(v["cards"]["expiring_agreements"], 0);
    assert_eq!(v["cards"]["expiring_revenue"], 0.0);
    assert_eq!(v["segments"]["small"], 13);
    for key in ["top_unmanaged_compute", "top_unmanaged_user", "mid_size", "small", "unknown"] {
        assert!(v["segments"][key].is_u64(), "segment {key}");
    }
    let matrix = v["matrix"].as_object().unwrap();
    assert_eq!(matrix.len(), 16);
    assert_eq!(v["matrix"]["a2"]["rows"], 2);
    assert_eq!(v["matrix"]["a2"]["whitespace_revenue"], 1900.0);
    assert_eq!(v["clusters"]["act_now"]["rows"], 4);
    assert_eq!(v["clusters"]["act_now"]["whitespace_revenue"], 3100.0);
    assert_eq!(v["clusters"]["nurture"]["from_workbook"], 2);
    assert_eq!(v["clusters"]["unscored"]["rows"], 2);
    assert!(v["load_report"]["files"].is_array());
}

#[test]
fn summary_of_several_files_and_of_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let a = fixture_renewals(dir.path());
    let b = fixture_azure(dir.path());
    let v = json_of(&["summary", a.to_str().unwrap(), b.to_str().unwrap()]);
    // renewal_clusters_fill_only_pairs_no_other_file_gives: 3 predictions, 3 customers
    assert_eq!((v["rows"].as_u64(), v["customers"].as_u64()), (Some(3), Some(3)));
    assert_eq!(v["cards"]["expiring_agreements"], 4);
    assert_eq!(v["cards"]["expiring_revenue"], 54000.0);
    assert_eq!(v["cards"]["open_expiring_revenue"], 20000.0);
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    let folder = json_of(&["summary", dir.path().to_str().unwrap()]);
    assert_eq!(folder["rows"], 3);
    assert_eq!(folder["files"].as_array().unwrap().len(), 2);
}

#[test]
fn filters_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_bands(dir.path());
    let p = path.to_str().unwrap();
    assert_eq!(json_of(&["summary", p, "--cluster", "act-now"])["rows"], 4);
    assert_eq!(json_of(&["summary", p, "--cluster", "act-now,unscored"])["rows"], 6);
    assert_eq!(json_of(&["summary", p, "--cell", "a2,d4"])["rows"], 3);
    assert_eq!(json_of(&["summary", p, "--product", "Surface"])["rows"], 1);
    assert_eq!(json_of(&["summary", p, "--search", "twelve"])["rows"], 1);
    assert_eq!(json_of(&["summary", p, "--segment", "small"])["rows"], 14);
    assert_eq!(json_of(&["summary", p, "--disagreements"])["rows"], 2);
    let dir2 = tempfile::tempdir().unwrap();
    let r = fixture_renewals(dir2.path());
    // only R1 has predictions in the renewal report (its clusters); its expiring agreement is A2
    let v = json_of(&["summary", r.to_str().unwrap(), "--expiring"]);
    assert_eq!((v["rows"].as_u64(), v["cards"]["expiring_agreements"].as_u64()), (Some(2), Some(1)));
    assert_eq!(v["cards"]["expiring_revenue"], 2000.0);
}

#[test]
fn readable_report_names_the_cards_and_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_bands(dir.path());
    let out =
        cli().args(["summary", path.to_str().unwrap(), "--as-of", "2026-11-24", "--lang", "en"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in ["SMC customers", "Act now", "Evaluate", "Nurture", "Educate", "Unscored", "FY27", "D9", "Fit Score"]
    {
        assert!(text.contains(needle), "missing {needle} in:\n{text}");
    }
}

#[test]
fn errors_are_clear_with_the_right_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    // missing file: 1, named
    let out = cli().args(["summary", "/no/such/file.xlsx"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.xlsx"));
    // a workbook without propensity data: 1, with what was seen
    let other = dir.path().join("other.xlsx");
    write_xlsx(&other, &[("Budget", vec![vec![s("Month"), s("Amount")], vec![s("Jan"), N(3.0)]])]);
    let out = cli().args(["summary", other.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no propensity data found") && err.contains("Budget") && err.contains("Month"), "{err}");
    // usage errors: 2
    let path = fixture_bands(dir.path());
    let out = cli().args(["summary", path.to_str().unwrap(), "--cluster", "hot"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = cli().args(["summary", path.to_str().unwrap(), "--as-of", "24/11/2026"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // a bad rules file: 1, named
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "name = 3").unwrap();
    let out = cli().args(["summary", path.to_str().unwrap(), "--rules", rules.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rules.toml"));
    // a missing sheet: 1, with the sheets there are
    let out = cli().args(["summary", path.to_str().unwrap(), "--sheet", "Nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Propensity model"));
}

#[test]
fn overrides_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.xlsx");
    write_xlsx(
        &path,
        &[(
            "Data",
            vec![
                vec![s("Ref"), s("Product"), s("Fit"), s("Intent")],
                vec![s("X1"), s("Azure"), N(80.0), N(80.0)],
                vec![s("X1"), s("Surface"), N(80.0), N(80.0)],
                vec![s("X2"), s("Azure"), N(10.0), N(80.0)],
            ],
        )],
    );
    let p = path.to_str().unwrap();
    // without a customer column every row is its own customer: 3; with --map, X1 and X2
    assert_eq!(json_of(&["summary", p])["customers"], 3);
    assert_eq!(json_of(&["summary", p, "--map", "customer_id=Ref"])["customers"], 2);
    // --header-row: rows before it are not data
    assert_eq!(json_of(&["summary", p, "--header-row", "1"])["rows"], 3);
}

#[test]
fn rules_command_prints_loadable_defaults() {
    let out = cli().arg("rules").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rules = ascent_viewer::engine::Rules::from_toml(&text, "stdout").unwrap();
    assert_eq!(rules, ascent_viewer::engine::Rules::default());
}

#[test]
fn the_bundled_sample_regenerates_to_the_same_cells() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli().args(["sample", "-o", dir.path().to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let mut written: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    let mut bundled: Vec<&str> = ascent_viewer::sample_assets::FILES.iter().map(|(name, _)| *name).collect();
    bundled.sort();
    assert_eq!(written, bundled);
    for (name, bytes) in ascent_viewer::sample_assets::FILES {
        let fresh = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let kept = std::fs::read_to_string(assets.join(name)).unwrap();
        assert_eq!(fresh.as_bytes(), bytes, "{name}: the bundled copy differs");
        // cell by cell, so a difference says where it is
        for (r, (a, b)) in fresh.lines().zip(kept.lines()).enumerate() {
            for (c, (x, y)) in a.split('\t').zip(b.split('\t')).enumerate() {
                assert_eq!(x, y, "{name}: row {}, column {} differs from assets/sample", r + 1, c + 1);
            }
        }
        assert_eq!(fresh.lines().count(), kept.lines().count(), "{name}");
    }
}

#[test]
fn the_sample_is_todays_layout() {
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let session = common::session(&[assets]);
    let ds = &session.data;
    let headers: Vec<&str> = ds.columns.iter().map(|c| c.header.as_str()).collect();
    let surface = ds.tables.iter().find(|t| ds.files[t.file].name.contains("Surface")).unwrap();
    assert_eq!(surface.headers[0], "MPN ID");
    for h in
        ["MPNID", "AccountName", "OrgSize", "SMCTypeSummary", "IsNonprofit", "Surface Intent", "Agreement End Date"]
    {
        assert!(headers.contains(&h), "{h} missing: {headers:?}");
    }
    assert!(
        ds.report.files.iter().all(|f| f.path.ends_with(".tsv") && f.format.map(|f| f.key()) == Some("csv")),
        "{:?}",
        ds.report.files
    );
    let products: Vec<&str> = ds.products.values().map(|(_, n)| n).collect();
    for p in ["Microsoft 365", "Azure", "Power Apps", "Surface", "Dynamics 365 Business Central"] {
        assert!(products.contains(&p), "{p} missing: {products:?}");
    }
    // Corporate Scale labels, IsNonprofit categories, plays of the three areas, workloads
    let s = session.whole();
    assert!(s.segment(ascent_viewer::engine::Segment::TopUnmanagedUser) > 0);
    assert!(s.segments_from_workbook > 0);
    let facet = ds.facets.iter().find(|f| f.header == "IsNonprofit").expect("IsNonprofit facet");
    match &facet.kind {
        ascent_viewer::engine::dataset::FacetKind::Values { values } => assert_eq!(values.len(), 5, "{values:?}"),
        other => panic!("{other:?}"),
    }
    for area in ascent_viewer::engine::load::fields::PlayArea::ALL {
        assert!(
            ds.flag_names
                .iter()
                .any(|f| ascent_viewer::engine::load::fields::sales_play(f).is_some_and(|p| p.0 == area)),
            "{area:?}"
        );
    }
    assert!(ds.customers.recommended_workloads.iter().any(|w| *w != 0));
    // the older layouts are still written on request
    for (layout, ext) in [("insights-2021", "xlsx"), ("workbook", "xlsx")] {
        let dir = tempfile::tempdir().unwrap();
        let out = cli().args(["sample", "--layout", layout, "-o", dir.path().to_str().unwrap()]).output().unwrap();
        assert!(out.status.success());
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
        assert!(!files.is_empty() && files.iter().all(|f| f.extension().is_some_and(|e| e == ext)), "{files:?}");
        common::session(&[dir.path().to_path_buf()]).whole().reconcile().unwrap();
    }
}

#[test]
fn the_sample_has_about_two_thousand_customers_and_reconciles() {
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let session = common::session(&[assets]);
    let s = session.whole();
    s.reconcile().unwrap();
    assert!((1800..=2100).contains(&s.customers), "{} customers", s.customers);
    assert_eq!(session.data.report.files.len(), 5);
    assert!(s.cards.expiring_agreements > 0 && s.cards.open_expiring_revenue > 0.0);
    // the in-memory copy the app opens is the same data
    let mem = ascent_viewer::engine::Dataset::load(
        &ascent_viewer::sample_assets::sources(),
        &ascent_viewer::engine::LoadOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(mem.predictions.len(), session.data.predictions.len());
}

#[test]
fn reports_speak_the_locale_or_the_language_asked_and_json_does_not_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_bands(dir.path());
    let run = |lang_env: &str, extra: &[&str]| {
        let out = Command::cargo_bin("ascent-viewer")
            .unwrap()
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .env("LANG", lang_env)
            .args(["summary", path.to_str().unwrap(), "--as-of", "2026-11-24"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    // the locale's language by default; its date order: 24/11/2026
    let fr = run("fr_FR.UTF-8", &[]);
    assert!(fr.contains("Clients SMC") && fr.contains("Agir maintenant") && fr.contains("24/11/2026"), "{fr}");
    assert!(fr.contains("AF27"), "{fr}");
    // --lang wins over the locale
    let en = run("fr_FR.UTF-8", &["--lang", "en"]);
    assert!(en.contains("SMC customers") && en.contains("Act now") && en.contains("11/24/2026"), "{en}");
    // JSON keys and values stay as they are
    let json_en: Value = serde_json::from_str(&run("en_US.UTF-8", &["--json"])).unwrap();
    let json_fr: Value = serde_json::from_str(&run("fr_FR.UTF-8", &["--json", "--lang", "fr"])).unwrap();
    assert_eq!(json_en, json_fr);
    assert_eq!(json_fr["clusters"]["act_now"]["rows"], 4);
}

/// Every option and argument of every command says what it is for.
#[test]
fn every_option_has_help_text() {
    use clap::CommandFactory;
    fn check(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if ["help", "version"].contains(&id) {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} --{id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() && sub.get_name() != "help" {
                missing.push(format!("{path} {}", sub.get_name()));
            }
            check(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    let mut cmd = ascent_viewer::cli::Cli::command();
    cmd.build();
    check(&cmd, "ascent-viewer", &mut missing);
    assert!(missing.is_empty(), "no help text: {missing:?}");
}

/// `man --out-dir` writes the main page and one per command, as the main page's SEE ALSO
/// names them; the main page has the app's shortcuts.
#[test]
fn a_manual_page_per_command_and_the_shortcuts_in_the_main_one() {
    let dir = tempfile::tempdir().unwrap();
    cli().args(["man", "--out-dir"]).arg(dir.path()).assert().success();
    // roff writes a hyphen as "\-"
    let main = std::fs::read_to_string(dir.path().join("ascent-viewer.1")).unwrap().replace("\\-", "-");
    assert!(main.contains("Ctrl+Shift+S") && main.contains("KEYBOARD"), "{main}");
    for command in ["summary", "export", "compare", "sample", "rules", "completions", "man"] {
        let page = dir.path().join(format!("ascent-viewer-{command}.1"));
        assert!(page.exists(), "{} missing", page.display());
        assert!(main.contains(&format!("ascent-viewer-{command}(1)")), "SEE ALSO lacks {command}");
    }
    let summary = std::fs::read_to_string(dir.path().join("ascent-viewer-summary.1")).unwrap();
    assert!(summary.contains("where"), "the summary page documents its options");
}
