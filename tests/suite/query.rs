//! The engine's orders, counted by hand on six customers: numbers written as text, dates
//! across two years (as date cells and as US text), org size bands, names with accents,
//! blanks. The same orders through the command line (`view save --sort`, `export --view`
//! read back with calamine), the report's account list, and the view and settings files
//! version 0.1 wrote.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::Session;
use ascent_viewer::engine::accounts::Accounts;
use ascent_viewer::engine::query::{
    self, AccountColumn, AccountOrder, PredictionOrder, SortColumn, TableOrder, ViewOrder,
};
use ascent_viewer::engine::view::{TableLines, View, ViewSort};
use ascent_viewer::engine::{ClusterKey, Filter, MatrixCell, Segment};
use calamine::{DataType, Reader};
use common::*;
use std::path::{Path, PathBuf};

/// Six customers, one Azure prediction each, in this file order (index: id, name):
/// 0 C1 Émile, 1 C2 eric, 2 C3 Zoé, 3 C4 Ecole, 4 C5 Emile, 5 C6 Adam.
pub fn ordering_fixture(dir: &Path) -> PathBuf {
    let path = dir.join("orders.xlsx");
    let header = vec![
        s("Customer ID"),
        s("Account Name"),
        s("Product"),
        s("Fit Score"),
        s("Intent Score"),
        s("Whitespace Revenue"),
        s("Org Size"),
        s("Seats"),
        s("Renewal"),
        s("Renewal text"),
    ];
    let rows: Vec<Vec<V>> = vec![
        vec![
            s("C1"),
            s("Émile"),
            s("Azure"),
            N(80.0),
            N(20.0),
            N(500.0),
            s("250+"),
            s("100"),
            D(2027, 3, 1),
            s("03/01/2027"),
        ],
        vec![s("C2"), s("eric"), s("Azure"), N(60.0), N(20.0), B, s("1-9"), s("20"), D(2026, 11, 15), s("11/15/2026")],
        vec![s("C3"), s("Zoé"), s("Azure"), B, N(20.0), N(100.0), s("10-49"), s("3"), B, B],
        vec![s("C4"), s("Ecole"), s("Azure"), N(60.0), N(20.0), N(300.0), B, B, D(2026, 12, 1), s("12/01/2026")],
        vec![
            s("C5"),
            s("Emile"),
            s("Azure"),
            N(90.0),
            N(20.0),
            N(300.0),
            s("10-49"),
            s("20"),
            D(2027, 1, 10),
            s("01/10/2027"),
        ],
        vec![
            s("C6"),
            s("Adam"),
            s("Azure"),
            N(30.0),
            N(20.0),
            N(50.0),
            s("1-9"),
            s("100"),
            D(2026, 11, 15),
            s("11/15/2026"),
        ],
    ];
    let mut all = vec![header];
    all.extend(rows);
    write_xlsx(&path, &[("Propensity model", all)]);
    path
}

/// The hand-counted orders: (column, ascending, descending), as file indices.
const ORDERS: [(&str, [usize; 6], [usize; 6]); 7] = [
    // Adam, Ecole, Émile = Emile (file order), eric, Zoé
    ("customer", [5, 3, 0, 4, 1, 2], [2, 1, 0, 4, 3, 5]),
    // 30, 60, 60, 80, 90, blank
    ("fit", [5, 1, 3, 0, 4, 2], [4, 0, 1, 3, 5, 2]),
    // 50, 100, 300, 300, 500, blank
    ("whitespace", [5, 2, 3, 4, 0, 1], [0, 3, 4, 2, 5, 1]),
    // "3", "20", "20", "100", "100", blank: numbers, not text ("100" < "20")
    ("column:Seats", [2, 1, 4, 0, 5, 3], [0, 5, 1, 4, 2, 3]),
    // 2026-11-15 (twice), 2026-12-01, 2027-01-10, 2027-03-01, blank
    ("column:Renewal", [1, 5, 3, 4, 0, 2], [0, 4, 3, 1, 5, 2]),
    ("column:Renewal text", [1, 5, 3, 4, 0, 2], [0, 4, 3, 1, 5, 2]),
    // 1-9 (twice), 10-49 (twice), 250+, blank
    ("column:Org Size", [1, 5, 2, 4, 0, 3], [0, 2, 4, 1, 5, 3]),
];

fn ids(indices: &[usize]) -> Vec<String> {
    indices.iter().map(|i| format!("C{}", i + 1)).collect()
}

fn ids_of(session: &Session, rows: &[u32]) -> Vec<String> {
    let ds = &session.data;
    rows.iter().map(|&i| ds.customers.id.get(ds.predictions.customer[i as usize] as usize).to_string()).collect()
}

fn order(session: &Session, name: &str, descending: bool) -> PredictionOrder {
    let sort = ViewSort { column: name.into(), descending };
    PredictionOrder::of_view(&sort, &session.data).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn predictions_in_order_of_typed_values_blanks_last_ties_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[ordering_fixture(dir.path())]);
    for (name, ascending, descending) in ORDERS {
        for (desc, want) in [(false, ascending), (true, descending)] {
            let answer = query::predictions(&session, &Filter::default(), Some(order(&session, name, desc)));
            assert_eq!(ids_of(&session, &answer.rows), ids(&want), "{name} descending: {desc}");
            // the summary is of exactly those rows
            assert_eq!(answer.summary.rows, 6);
        }
    }
    // the language changes no order: dates and numbers are compared as values
    ascent_viewer::output::i18n::set_language("fr");
    let answer = query::predictions(&session, &Filter::default(), Some(order(&session, "column:Renewal", false)));
    ascent_viewer::output::i18n::set_language("en");
    assert_eq!(ids_of(&session, &answer.rows), ids(&ORDERS[4].1));
}

#[test]
fn accounts_in_order_and_the_report_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[ordering_fixture(dir.path())]);
    let rows: Vec<u32> = (0..6).collect();
    let accounts = Accounts::new(&session.data, &session.derived, &Filter::default(), &rows);
    let line_ids = |lines: &[u32]| -> Vec<String> {
        lines
            .iter()
            .map(|&k| session.data.customers.id.get(accounts.lines[k as usize].customer as usize).into())
            .collect()
    };
    let by = |column, descending| query::order_accounts(&session, &accounts, Some(TableOrder { column, descending }));
    assert_eq!(line_ids(&by(AccountColumn::Name, false)), ids(&[5, 3, 0, 4, 1, 2]));
    // employees from the org size bands: 1, 1, 10, 10, 250, blank
    assert_eq!(line_ids(&by(AccountColumn::Employees, false)), ids(&[1, 5, 2, 4, 0, 3]));
    assert_eq!(line_ids(&by(AccountColumn::Employees, true)), ids(&[0, 2, 4, 1, 5, 3]));
    // without an order: file order
    assert_eq!(line_ids(&query::order_accounts(&session, &accounts, None)), ids(&[0, 1, 2, 3, 4, 5]));
    // the report: best cluster first (C1 80/20 and C5 90/20 are a c2 cell: Nurture, as the
    // others scored; C3 is unscored), then the largest whitespace revenue
    let ranked = line_ids(&query::top_accounts(&session, &accounts, None));
    let best = |id: &str| {
        let k = accounts.lines.iter().position(|l| session.data.customers.id.get(l.customer as usize) == id).unwrap();
        accounts.lines[k].best
    };
    assert_eq!(best("C3"), Some(ClusterKey::Unscored));
    assert_eq!(ranked.last().map(String::as_str), Some("C3"));
    // a view's order puts the report's list in it
    let named =
        query::top_accounts(&session, &accounts, Some(TableOrder { column: AccountColumn::Name, descending: true }));
    assert_eq!(line_ids(&named), ids(&[2, 1, 0, 4, 3, 5]));
}

#[test]
fn every_column_has_a_stable_name_and_old_names_still_read() {
    for column in SortColumn::KEYS {
        let key = column.key().unwrap();
        assert_eq!(SortColumn::of_key(key), Some(column));
        // version 0.1 wrote Rust's own name ("CustomerId")
        assert_eq!(SortColumn::of_key(&format!("{column:?}")), Some(column));
        assert!(key.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{key}");
    }
    for column in AccountColumn::NAMED {
        let key = column.key();
        assert_eq!(AccountColumn::of_key(&key), Some(column));
        assert_eq!(AccountColumn::of_key(&format!("{column:?}")), Some(column));
        assert!(key.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{key}");
    }
    assert_eq!(AccountColumn::Products(ClusterKey::ActNow).key(), "products:act-now");
    assert_eq!(
        ViewSort::parse("fit:desc", TableLines::Predictions).unwrap(),
        ViewSort { column: "fit".into(), descending: true }
    );
    assert_eq!(ViewSort::parse("Seats", TableLines::Predictions).unwrap().column, "column:Seats");
    assert_eq!(ViewSort::parse("column:Org Size:desc", TableLines::Predictions).unwrap().column, "column:Org Size");
    assert_eq!(ViewSort::parse("BestCluster", TableLines::Accounts).unwrap().column, "best-cluster");
    assert!(ViewSort::parse("Seats", TableLines::Accounts).is_err());
    assert!(ViewSort::parse(":desc", TableLines::Predictions).is_err());
    assert!(ViewSort::parse("column:", TableLines::Predictions).is_err());
    // a source column may be called "column"
    assert_eq!(ViewSort::parse("column", TableLines::Predictions).unwrap().column, "column:column");
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v0.1").join(name)
}

#[test]
fn views_written_by_version_0_1_still_load_and_apply() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(&[ordering_fixture(dir.path())]);
    let view = View::load(&data("view-predictions-0.1.toml")).unwrap();
    assert_eq!(view.name, "France by size");
    assert_eq!(view.filter.clusters, [ClusterKey::ActNow].into());
    assert_eq!(view.filter.cells, [MatrixCell::from_name("b2").unwrap()].into());
    assert_eq!(view.filter.segments, [Segment::MidSize].into());
    assert!(view.filter.expiring_only);
    assert_eq!(view.filter.columns["Org Size"].at_least.map(|b| b.0), Some(10.0));
    assert!(view.moves.up && view.moves.cells.contains(&(1, 0)));
    let order = ViewOrder::of(view.sort.as_ref(), &session.data);
    assert_eq!(order.predictions, Some(TableOrder { column: SortColumn::CustomerId, descending: true }));
    assert_eq!(order.accounts, Some(TableOrder { column: AccountColumn::CustomerId, descending: true }));
    let accounts = View::load(&data("view-accounts-0.1.toml")).unwrap();
    assert_eq!(accounts.table, TableLines::Accounts);
    let order = ViewOrder::of(accounts.sort.as_ref(), &session.data);
    assert_eq!(order.accounts, Some(AccountOrder { column: AccountColumn::BestCluster, descending: false }));
    assert_eq!(order.predictions, Some(TableOrder { column: SortColumn::Cluster, descending: false }));
    let by_date = View::load(&data("view-source-column-0.1.toml")).unwrap();
    assert_eq!(ViewOrder::of(by_date.sort.as_ref(), &session.data).predictions, None, "no such column here");
    let own = View::load(&data("view-cli-own-rules-0.1.toml")).unwrap();
    let rules = own.rules.as_ref().unwrap().rules();
    assert_eq!((rules.bands.high, rules.segments.azure_potential_over), (70.0, 10_000.0));
    // written again today: lower-case names with dashes, read back the same
    let text = view.to_toml();
    for word in ["act-now", "mid-size", "expiring-only", "at-least", "\"b2\""] {
        assert!(text.contains(word), "{word} in\n{text}");
    }
    assert_eq!(View::from_toml(&text, "again").unwrap(), view);
    let text = own.to_toml();
    assert!(text.contains("azure-potential-over") && text.contains("very-low"), "{text}");
}

#[test]
fn settings_written_by_version_0_1_still_load() {
    use ascent_viewer::app::settings::{PieMetric, ThemeChoice};
    use ascent_viewer::app::settings_file::SettingsFiles;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("settings.ron"), dir.path().join("settings.ron")).unwrap();
    let files = SettingsFiles::at(dir.path());
    let mut repairs = Vec::new();
    let s = files.load(&mut repairs).unwrap();
    assert!(repairs.is_empty() && s.damaged.is_empty(), "{repairs:?} {:?}", s.damaged);
    assert_eq!((s.theme, s.pie_metric, s.memory_limit_gb), (ThemeChoice::Dark, PieMetric::Revenue, Some(6)));
    assert_eq!(s.table_mode, TableLines::Accounts);
    assert_eq!(s.language.as_deref(), Some("fr"));
    assert_eq!(
        (s.rules.name.as_str(), s.rules.bands.high, s.rules.segments.mid_size_employees_from),
        ("Ours", 80.0, 50.0)
    );
    assert_eq!(s.views.len(), 6);
    assert_eq!(s.views[3].sort.as_ref().map(|o| o.column.as_str()), Some("CustomerId"));
    // saved again, under today's names, and read back the same
    files.save(&s).unwrap();
    let text = std::fs::read_to_string(dir.path().join("settings.ron")).unwrap();
    assert!(
        text.contains("\"table-lines\"") && text.contains("\"pie-metric\"") && !text.contains("table_mode"),
        "{text}"
    );
    let again = files.load(&mut repairs).unwrap();
    assert_eq!(again, s);
}

/// The Targets (or Accounts) sheet's customer ids, in order.
fn exported_ids(path: &Path, sheet: &str, header: &str) -> Vec<String> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let mut rows = range.rows();
    let head = rows.next().unwrap();
    let col = head.iter().position(|c| c.as_string().as_deref() == Some(header)).unwrap();
    rows.map(|r| r[col].to_string()).collect()
}

#[test]
fn export_and_report_follow_the_order_of_a_view() {
    let dir = tempfile::tempdir().unwrap();
    let month = ordering_fixture(dir.path());
    let view = dir.path().join("seats.toml");
    let run = |args: &[&str]| {
        let out = cli().args(args).args(["--as-of", "2026-11-24"]).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let save = |sort: &str, extra: &[&str]| {
        let out = cli()
            .args(["view", "save", "Seats", "--sort", sort, "--force", "-o", view.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    for (sort, want) in [("Seats:desc", ORDERS[3].2), ("Renewal text", ORDERS[5].1), ("customer", ORDERS[0].1)] {
        save(sort, &[]);
        let out = dir.path().join("targets.xlsx");
        run(&[
            "export",
            month.to_str().unwrap(),
            "--view",
            view.to_str().unwrap(),
            "--force",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(exported_ids(&out, "Targets", "Customer ID"), ids(&want), "{sort}");
    }
    // accounts: by employees, descending
    save("employees:desc", &["--accounts"]);
    let out = dir.path().join("accounts.xlsx");
    run(&[
        "export",
        month.to_str().unwrap(),
        "--view",
        view.to_str().unwrap(),
        "--accounts",
        "--force",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(exported_ids(&out, "Accounts", "Customer ID"), ids(&[0, 2, 4, 1, 5, 3]));
    // a column the accounts table lacks is refused, in words
    let refused = cli()
        .args(["view", "save", "x", "--accounts", "--sort", "Seats", "-o", view.to_str().unwrap(), "--force"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no column Seats"));
    // the report's accounts under a view ordered by name, descending: Zoé first, Adam last
    save("customer:desc", &[]);
    let pdf = dir.path().join("report.pdf");
    run(&["report", month.to_str().unwrap(), "--view", view.to_str().unwrap(), "--force", "-o", pdf.to_str().unwrap()]);
    let text = pdf_extract::extract_text(&pdf).unwrap();
    let at = |name: &str| text.find(name).unwrap_or_else(|| panic!("{name} not in {text}"));
    assert!(at("1. Zoé") < at("2. eric") && at("2. eric") < at("3. Émile") && at("5. Ecole") < at("6. Adam"), "{text}");
}

#[test]
fn the_cards_under_moves_are_the_movers_in_the_app_and_compare() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let cmp = ascent_viewer::engine::compare::Comparison::new(
        session(std::slice::from_ref(&before)),
        session(std::slice::from_ref(&after)),
    );
    let moves = ascent_viewer::engine::compare::MoveFilter::cell(Some(ClusterKey::Evaluate), Some(ClusterKey::ActNow));
    let answer = query::moves(&cmp, &Filter::default(), &moves, None);
    // two predictions moved from Evaluate to Act now (tests/suite/compare.rs)
    assert_eq!(answer.pairs.len(), 2);
    assert_eq!((answer.before.rows, answer.after.rows), (2, 2));
    assert_eq!(answer.before.cluster(ClusterKey::Evaluate).rows, 2);
    assert_eq!(answer.after.cluster(ClusterKey::ActNow).rows, 2);
    // without moves: each month's filter (six predictions each)
    let all = query::moves(&cmp, &Filter::default(), &Default::default(), None);
    assert_eq!((all.before.rows, all.after.rows), (6, 6));
    let out = cli()
        .args(["compare", "--before", before.to_str().unwrap(), "--after", after.to_str().unwrap()])
        .args(["--json", "--moved", "evaluate->act-now", "--as-of", "2026-11-24"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["before"]["rows"].as_u64(), v["after"]["rows"].as_u64()), (Some(2), Some(2)));
    assert_eq!(v["after"]["clusters"]["act_now"]["rows"], 2);
}
