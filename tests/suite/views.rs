//! Saved views: a TOML round trip of every field, a view applied to a month that lacks some
//! of its values, the built-in views counted by hand, and `--view` on the command line
//! equal to the same filters given directly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::accounts::Accounts;
use ascent_viewer::engine::columns::{Bound, ColumnCondition};
use ascent_viewer::engine::compare::MoveFilter;
use ascent_viewer::engine::dataset::Dimension;
use ascent_viewer::engine::view::{Missing, RuleSetName, TableLines, View, ViewRules, ViewSort, narrow};
use ascent_viewer::engine::{ClusterKey, Filter, MatrixCell, Rules, Segment, Session};
use common::*;
use std::path::{Path, PathBuf};

/// October's six customers with a fourth agreement: A-4, C3's, CSP, ends 31/05/2027 inside
/// FY27. Expiring: A-1 (C1, Open Value), A-3 (C7, Open License), A-4 (C3, not Open).
fn month_with_renewals(dir: &Path) -> PathBuf {
    let folder = write_month(dir, "october", &OCTOBER, false);
    let renewals = "AgreementID\tCustomerID\tAccountName\tCountry\tAgreement End Date\tExpiringRevenue\tLicenseProgram\n\
A-1\tC1\tAlpha\tFrance\t2026-09-30\t12400\tOpen Value\n\
A-2\tC2\tBeta\tFrance\t2027-09-30\t5000\tCSP\n\
A-3\tC7\tEta\tFrance\t2027-03-31\t3000\tOpen License\n\
A-4\tC3\tGamma\tGermany\t2027-05-31\t7000\tCSP\n";
    std::fs::write(folder.join("Cloud Ascent - agreement renewal propensity report.tsv"), renewals).unwrap();
    folder
}

fn ids(session: &Session, rows: &[u32]) -> Vec<String> {
    let d = &session.data;
    rows.iter()
        .map(|&i| {
            let c = d.predictions.customer[i as usize] as usize;
            format!("{} {}", d.customers.id.get(c), d.products.name(d.predictions.product[i as usize]))
        })
        .collect()
}

fn account_ids(session: &Session, filter: &Filter) -> Vec<String> {
    let rows = filter.apply(&session.data, &session.derived);
    let accounts = Accounts::new(&session.data, &session.derived, filter, &rows);
    accounts.lines.iter().map(|l| session.data.customers.id.get(l.customer as usize).to_string()).collect()
}

fn every_field() -> View {
    let mut rules = Rules::cloudascent();
    rules.bands.high = 80.0;
    rules.name = "Ours".into();
    let filter = Filter {
        clusters: [ClusterKey::ActNow, ClusterKey::Unscored].into(),
        cells: [MatrixCell::from_name("a1").unwrap(), MatrixCell::from_name("d4").unwrap()].into(),
        segments: [Segment::MidSize].into(),
        values: [
            (Dimension::Country, ["France".to_string(), "Côte d'Ivoire".to_string()].into()),
            (Dimension::Product, ["Azure".to_string()].into()),
        ]
        .into(),
        flags: ["HasAWS".to_string()].into(),
        expiring_only: true,
        open_expiring_only: true,
        disagreements_only: true,
        search: "alpha \"quoted\"".into(),
        columns: [
            (
                "OrgSize".to_string(),
                ColumnCondition {
                    values: ["10".into()].into(),
                    at_least: Some(Bound(5.0)),
                    at_most: Some(Bound(50.5)),
                },
            ),
            (
                "City".to_string(),
                ColumnCondition { values: ["Lyon".into(), String::new()].into(), ..ColumnCondition::default() },
            ),
        ]
        .into(),
        streak: Some(ascent_viewer::engine::history::Streak { cluster: ClusterKey::ActNow, months: 3 }),
        new_this_month: true,
    };
    View {
        name: "France, mid-size: Act now".into(),
        rules: Some(ViewRules::Own(Box::new(rules))),
        table: TableLines::Accounts,
        columns: Some(vec!["OrgSize".into(), "City".into()]),
        sort: Some(ViewSort { column: "column:OrgSize".into(), descending: true }),
        filter,
        moves: MoveFilter { up: true, down: false, cells: [(1, 0), (5, 2)].into() },
    }
}

#[test]
fn a_view_survives_its_toml_file_field_by_field() {
    let view = every_field();
    let text = view.to_toml();
    let back = View::from_toml(&text, "v.toml").unwrap();
    assert_eq!(back, view);
    // a built-in rule set is kept by its name, not copied
    let named = View { rules: Some(ViewRules::of(&Rules::partner_center_2023())), ..View::default() };
    assert_eq!(named.rules, Some(ViewRules::BuiltIn(RuleSetName::PartnerCenter2023)));
    let text = named.to_toml();
    assert!(text.contains("rules = \"partner-center2023\""), "{text}");
    assert_eq!(View::from_toml(&text, "v.toml").unwrap(), named);
    // a file with only a name is a view of everything
    assert_eq!(View::from_toml("name = \"All\"\n", "v.toml").unwrap().filter, Filter::default());
    // a broken file says which and where
    let err = View::from_toml("name = \n", "shared.toml").unwrap_err().to_string();
    assert!(err.contains("shared.toml"), "{err}");
}

#[test]
fn a_view_applied_to_a_month_without_some_values_applies_the_rest_and_says_what() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[month_with_renewals(dir.path())]);
    let view = View {
        name: "Europe".into(),
        columns: Some(vec!["OrgSize".into(), "Ghost".into()]),
        sort: Some(ViewSort { column: "column:Ghost".into(), descending: false }),
        filter: Filter {
            values: [(Dimension::Country, ["France".to_string(), "Spain".to_string()].into())].into(),
            flags: ["HasAWS".to_string(), "HasNothing".to_string()].into(),
            columns: [(
                "NoSuchColumn".to_string(),
                ColumnCondition { values: ["x".into()].into(), ..Default::default() },
            )]
            .into(),
            ..Filter::default()
        },
        ..View::default()
    };
    let fitted = view.fit_to(&[&session.data]);
    assert_eq!(
        fitted.missing,
        [
            Missing::Value { dimension: Dimension::Country, value: "Spain".into() },
            Missing::Flag("HasNothing".into()),
            Missing::Column("NoSuchColumn".into()),
            Missing::Column("Ghost".into()),
        ]
    );
    // France and HasAWS: C1 alone (C2 is French without AWS), both its products
    let rows = fitted.view.filter.apply(&session.data, &session.derived);
    assert_eq!(ids(&session, &rows), ["C1 Microsoft 365", "C1 Azure"]);
    assert_eq!(fitted.view.columns, Some(vec!["OrgSize".to_string()]));
    assert_eq!(fitted.view.sort, None);
    // in words, in both languages
    ascent_viewer::output::i18n::set_language("en");
    let words = ascent_viewer::output::views::missing_words(&view.name, &fitted.missing);
    assert!(words.contains("Country: Spain") && words.contains("column: Ghost"), "{words}");
    ascent_viewer::output::i18n::set_language("fr");
    let words = ascent_viewer::output::views::missing_words(&view.name, &fitted.missing);
    assert!(words.contains("Pays\u{a0}: Spain") && words.contains("Le reste de la vue s'applique"), "{words}");
    ascent_viewer::output::i18n::set_language("en");
}

#[test]
fn the_built_in_views_count_what_was_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[month_with_renewals(dir.path())]);
    let [act_now_evaluate, expiring, open_expiring] = View::built_in();
    // Act now or Evaluate: C1 M365 a1, C1 Azure b3, C2 M365 b3, C3 Azure a2, C5 M365 a2, C5 Azure a1
    let rows = act_now_evaluate.filter.apply(&session.data, &session.derived);
    assert_eq!(
        ids(&session, &rows),
        ["C1 Microsoft 365", "C1 Azure", "C2 Microsoft 365", "C3 Azure", "C5 Microsoft 365", "C5 Azure"]
    );
    assert_eq!(account_ids(&session, &act_now_evaluate.filter), ["C1", "C2", "C3", "C5"]);
    // expiring in FY27: A-1 (C1), A-3 (C7, no prediction), A-4 (C3)
    assert_eq!(expiring.table, TableLines::Accounts);
    let rows = expiring.filter.apply(&session.data, &session.derived);
    assert_eq!(ids(&session, &rows), ["C1 Microsoft 365", "C1 Azure", "C3 Microsoft 365", "C3 Azure"]);
    assert_eq!(account_ids(&session, &expiring.filter), ["C1", "C3", "C7"]);
    // Open licensing among them: A-1 (Open Value) and A-3 (Open License), not A-4 (CSP)
    let rows = open_expiring.filter.apply(&session.data, &session.derived);
    assert_eq!(ids(&session, &rows), ["C1 Microsoft 365", "C1 Azure"]);
    assert_eq!(account_ids(&session, &open_expiring.filter), ["C1", "C7"]);
}

#[test]
fn filters_beside_a_view_narrow_it() {
    let view = Filter { clusters: [ClusterKey::ActNow, ClusterKey::Evaluate].into(), ..Filter::default() };
    let more = Filter {
        clusters: [ClusterKey::Evaluate, ClusterKey::Nurture].into(),
        segments: [Segment::Small].into(),
        ..Filter::default()
    };
    let both = narrow(&view, &more).unwrap();
    assert_eq!(both.clusters, [ClusterKey::Evaluate].into());
    assert_eq!(both.segments, [Segment::Small].into());
    let apart = Filter { clusters: [ClusterKey::Educate].into(), ..Filter::default() };
    assert!(narrow(&view, &apart).is_err(), "no cluster in common selects nothing: said, not widened");
}

fn summary_json(args: &[&str]) -> serde_json::Value {
    json_of(&[&["summary"], args].concat())
}

#[test]
fn the_command_line_saves_a_view_and_applies_it_like_the_same_filters() {
    let dir = tempfile::tempdir().unwrap();
    let month = month_with_renewals(dir.path());
    let month = month.to_str().unwrap();
    let view = dir.path().join("france.toml");
    let view = view.to_str().unwrap();
    let saved = cli()
        .args(["view", "save", "France targets", "--cluster", "act-now,evaluate", "--country", "France"])
        .args(["--rule-set", "partner-center2023", "-o", view])
        .output()
        .unwrap();
    assert!(saved.status.success());
    assert!(String::from_utf8_lossy(&saved.stdout).contains("France targets"));
    let saved = View::load(Path::new(view)).unwrap();
    assert_eq!(saved.rules, Some(ViewRules::BuiltIn(RuleSetName::PartnerCenter2023)));
    assert_eq!(saved.filter.clusters, [ClusterKey::ActNow, ClusterKey::Evaluate].into());
    // a second save to the same file is refused without --force
    cli().args(["view", "save", "Again", "-o", view]).assert().failure();

    let targets = ["--cluster", "act-now,evaluate", "--country", "France", "--rule-set", "partner-center2023"];
    let direct = summary_json(&[&[month][..], &targets].concat());
    let by_view = summary_json(&[month, "--view", view]);
    assert_eq!(by_view, direct);
    // the filters beside it narrow it: France and mid-size is C2 (100 employees) alone
    let narrowed = summary_json(&[month, "--view", view, "--segment", "mid-size"]);
    let direct = summary_json(&[&[month][..], &targets, &["--segment", "mid-size"]].concat());
    assert_eq!(narrowed, direct);
    assert_eq!(narrowed["rows"], 1, "{narrowed}");
    // the export takes it too: the same rows as the direct filters
    let by_view = dir.path().join("by-view.csv");
    let direct = dir.path().join("direct.csv");
    cli().args(["export", month, "--view", view, "--format", "csv", "-o"]).arg(&by_view).assert().success();
    cli().args(["export", month]).args(targets).args(["--format", "csv", "-o"]).arg(&direct).assert().success();
    assert_eq!(std::fs::read(by_view).unwrap(), std::fs::read(direct).unwrap());
    // a country this month lacks: said on stderr, the rest applies
    let spain = dir.path().join("spain.toml");
    cli()
        .args(["view", "save", "Iberia", "--country", "Spain", "--country", "France", "-o"])
        .arg(&spain)
        .assert()
        .success();
    let out = cli().args(["summary", month, "--view"]).arg(&spain).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Country: Spain"), "{out:?}");
}

#[test]
fn compare_takes_a_view_and_its_moves_like_the_same_filters() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let (before, after) = (before.to_str().unwrap(), after.to_str().unwrap());
    let view = dir.path().join("up.toml");
    let saved = View {
        name: "Moved up to Act now".into(),
        filter: Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() },
        moves: MoveFilter { up: true, ..MoveFilter::default() },
        ..View::default()
    };
    std::fs::write(&view, saved.to_toml()).unwrap();
    let by_view = json_of(&["compare", "--before", before, "--after", after, "--view", view.to_str().unwrap()]);
    let direct = json_of(&["compare", "--before", before, "--after", after, "--cluster", "act-now", "--moved", "up"]);
    assert_eq!(by_view, direct);
    // --moved beside the view replaces its moves
    let down = json_of(&[
        "compare",
        "--before",
        before,
        "--after",
        after,
        "--view",
        view.to_str().unwrap(),
        "--moved",
        "down",
    ]);
    let direct = json_of(&["compare", "--before", before, "--after", after, "--cluster", "act-now", "--moved", "down"]);
    assert_eq!(down, direct);
    assert_ne!(down, by_view, "the moves chosen change what is counted");
}
