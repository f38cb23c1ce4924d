//! Two hand-counted months compared: every kind of move, new and gone predictions, a
//! customer whose segment changed, a product present in one month only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::compare::{Comparison, Direction, MoveFilter};
use ascent_viewer::engine::dataset::Dimension;
use ascent_viewer::engine::{ClusterKey, Filter, Segment};
use common::*;
use std::path::Path;

#[test]
fn every_kind_of_move_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let cmp = Comparison::new(session(&[before]), session(&[after]));
    assert_eq!(cmp.len(), 7);
    // the after predictions first, in order, then the gone ones
    assert!((0..6).all(|k| cmp.after_row[k] == k as u32));
    assert_eq!(cmp.after_row[6], ascent_viewer::engine::compare::NONE);
    let all: Vec<u32> = (0..cmp.len() as u32).collect();
    let t = cmp.transitions(&all);
    assert_eq!((t.moved_up, t.moved_down, t.unchanged, t.new, t.gone), (3, 1, 1, 1, 1));
    use ClusterKey::*;
    assert_eq!(t.count(Some(Evaluate), Some(ActNow)), 2);
    assert_eq!(t.count(Some(ActNow), Some(Evaluate)), 1);
    assert_eq!(t.count(Some(Educate), Some(Educate)), 1);
    assert_eq!(t.count(Some(Unscored), Some(ActNow)), 1);
    assert_eq!(t.count(None, Some(Nurture)), 1);
    assert_eq!(t.count(Some(Nurture), None), 1);
    t.reconcile(&cmp.before.whole(), &cmp.after.whole()).unwrap();
    // C2's segment: small before (10), user-based after (400)
    let c2 = |s: &ascent_viewer::engine::Session| {
        let i = (0..s.data.customers.len()).find(|c| s.data.customers.id.get(*c) == "C2").unwrap();
        s.derived.segment[i]
    };
    assert_eq!((c2(&cmp.before), c2(&cmp.after)), (Segment::Small, Segment::TopUnmanagedUser));
    // directions of C1's two products
    let dirs: Vec<Direction> = (0..cmp.len()).map(|k| cmp.direction(k)).collect();
    assert_eq!(dirs.iter().filter(|d| **d == Direction::Up).count(), 3);
    // moves are listed in the order of Direction::ALL
    assert!(Direction::ALL.iter().enumerate().all(|(i, d)| d.rank() == i));
    // move filters: all up, all down, chosen cells (added together)
    let select = |moves: MoveFilter| {
        let mut pairs = all.clone();
        cmp.select(&mut pairs, &moves);
        pairs.len()
    };
    assert_eq!(select(MoveFilter { up: true, ..MoveFilter::default() }), 3);
    assert_eq!(select(MoveFilter { down: true, ..MoveFilter::default() }), 1);
    let mut cells = MoveFilter::cell(Some(Evaluate), Some(ActNow));
    assert_eq!(select(cells.clone()), 2);
    cells.cells.extend(MoveFilter::cell(None, Some(Nurture)).cells);
    assert_eq!(select(cells), 3);
    assert_eq!(select(MoveFilter::default()), 7);
    // the cached transition cells give the same table and selections
    let codes = cmp.codes();
    assert_eq!(cmp.transitions_coded(&all, &codes), t);
    for moves in [MoveFilter { up: true, ..MoveFilter::default() }, MoveFilter::cell(None, Some(Nurture))] {
        let (mut a, mut b) = (all.clone(), all.clone());
        cmp.select(&mut a, &moves);
        cmp.select_coded(&mut b, &moves, &codes);
        assert_eq!(a, b);
    }
}

#[test]
fn filters_apply_to_both_months() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let cmp = Comparison::new(session(&[before]), session(&[after]));
    // Surface exists only in October: its one pair, gone
    let surface =
        cmp.apply(&Filter { values: [(Dimension::Product, ["Surface".into()].into())].into(), ..Filter::default() });
    assert_eq!(surface.len(), 1);
    assert_eq!(cmp.direction(surface[0] as usize), Direction::Gone);
    // Act now on either side: C1 Azure (before), C1 M365, C3, C5 (after)
    let act = cmp.apply(&Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() });
    assert_eq!(act.len(), 4);
    let t = cmp.transitions(&act);
    assert_eq!((t.moved_up, t.moved_down), (3, 1));
}

#[test]
fn the_command_line_compares_two_months() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let run = |extra: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("ascent-viewer")
            .unwrap()
            .args(["compare", "--before", before.to_str().unwrap(), "--after", after.to_str().unwrap()])
            .args(extra)
            .args(["--as-of", "2026-11-24"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let v: serde_json::Value = serde_json::from_str(&run(&["--json"])).unwrap();
    assert_eq!(
        (v["moved_up"].as_u64(), v["moved_down"].as_u64(), v["unchanged"].as_u64()),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!((v["new"].as_u64(), v["gone"].as_u64()), (Some(1), Some(1)));
    assert_eq!(v["transitions"]["evaluate"]["act_now"], 2);
    assert_eq!(v["transitions"]["new"]["nurture"], 1);
    assert_eq!(v["transitions"]["nurture"]["gone"], 1);
    assert_eq!(v["before"]["rows"], 6);
    assert_eq!(v["after"]["rows"], 6);
    let moved: serde_json::Value = serde_json::from_str(&run(&["--json", "--moved", "evaluate->act-now"])).unwrap();
    assert_eq!((moved["moved_up"].as_u64(), moved["moved_down"].as_u64()), (Some(2), Some(0)));
    let text = run(&["--lang", "en"]);
    assert!(text.contains("Moved up: 3; moved down: 1; unchanged: 1; new: 1; gone: 1"), "{text}");
    assert!(text.contains("Three") && text.contains("Evaluate → Act now"), "{text}");
}

fn sheet(path: &Path, name: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// The row of the movers sheet whose `key` column holds `value`, as text cells by header.
fn mover(range: &calamine::Range<calamine::Data>, key: &str, value: &str) -> std::collections::HashMap<String, String> {
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let col = rows[0].iter().position(|h| h == key).unwrap();
    let row = rows.iter().find(|r| r[col] == value).unwrap_or_else(|| panic!("no {key} = {value}"));
    rows[0].iter().cloned().zip(row.iter().cloned()).collect()
}

#[test]
fn the_movers_workbook_lists_each_moved_prediction() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let out = dir.path().join("movers.xlsx");
    let status = assert_cmd::Command::cargo_bin("ascent-viewer")
        .unwrap()
        .args(["compare", "--before", before.to_str().unwrap(), "--after", after.to_str().unwrap()])
        .args(["--as-of", "2026-11-24", "--lang", "en", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let movers = sheet(&out, "Movers");
    // 3 up + 1 down + 1 new + 1 gone; C2 (unchanged) is only counted
    assert_eq!(movers.height(), 1 + 6);
    let header: Vec<String> = movers.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    // the file each line comes from (gone predictions come from the month before)
    assert_eq!(&header[..7], ["Source file", "Customer ID", "Account Name", "Product", "Fit", "Intent", "Org Size"]);
    assert_eq!(header.last().unwrap(), "Direction");
    let ids: Vec<String> = movers.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert!(!ids.contains(&"C2".to_string()), "{ids:?}");
    // C3: 60/40 (b3, Evaluate) -> 60/60 (a4, Act now): up, fit unchanged, intent +20
    let c3 = mover(&movers, "Customer ID", "C3");
    assert_eq!((c3["Cluster before"].as_str(), c3["Cluster after"].as_str()), ("Evaluate", "Act now"));
    assert_eq!(
        (c3["Intent before"].as_str(), c3["Intent after"].as_str(), c3["Intent change"].as_str()),
        ("40", "60", "20")
    );
    assert_eq!((c3["Fit change"].as_str(), c3["Direction"].as_str()), ("0", "Up"));
    // C4's Surface is gone: its October row, nothing after
    let c4 = mover(&movers, "Customer ID", "C4");
    assert_eq!((c4["Product"].as_str(), c4["Cluster before"].as_str()), ("Surface", "Nurture"));
    assert_eq!(c4["Source file"], "october.xlsx");
    assert_eq!((c4["Cluster after"].as_str(), c4["Direction"].as_str()), ("", "Gone"));
    // C6 is new
    let c6 = mover(&movers, "Customer ID", "C6");
    assert_eq!(
        (c6["Cluster before"].as_str(), c6["Cluster after"].as_str(), c6["Direction"].as_str()),
        ("", "Nurture", "New")
    );
    // Transitions: rows before, columns after; Evaluate -> Act now holds 2
    let t = sheet(&out, "Transitions");
    let cells: Vec<Vec<String>> = t.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let header_row = cells.iter().position(|r| r.first().is_some_and(|c| c == "Before \\ after")).unwrap();
    let col = cells[header_row].iter().position(|c| c == "Act now").unwrap();
    let row = cells.iter().skip(header_row).position(|r| r[0] == "Evaluate").unwrap() + header_row;
    assert_eq!(cells[row][col], "2");
    let gone = cells[header_row].iter().position(|c| c == "Gone").unwrap();
    let nurture = cells.iter().skip(header_row).position(|r| r[0] == "Nurture").unwrap() + header_row;
    assert_eq!(cells[nurture][gone], "1");
    let rules = sheet(&out, "Rules");
    assert!(rules.rows().any(|r| r.iter().any(|c| c.to_string().ends_with("october.xlsx"))));
    // only the moves asked for, and never over an existing file without --force
    let again = assert_cmd::Command::cargo_bin("ascent-viewer")
        .unwrap()
        .args(["compare", "--before", before.to_str().unwrap(), "--after", after.to_str().unwrap()])
        .args(["--moved", "evaluate->act-now", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let forced = assert_cmd::Command::cargo_bin("ascent-viewer")
        .unwrap()
        .args(["compare", "--before", before.to_str().unwrap(), "--after", after.to_str().unwrap()])
        .args(["--moved", "evaluate->act-now", "--force", "--lang", "en", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(forced.status.success());
    let ids: Vec<String> = sheet(&out, "Movers").rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(ids, ["C1", "C3"]);
    // the source months are never written over
    let onto_source = assert_cmd::Command::cargo_bin("ascent-viewer")
        .unwrap()
        .args(["compare", "--before", before.to_str().unwrap(), "--after", after.to_str().unwrap()])
        .args(["--force", "-o", before.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!onto_source.status.success());
    assert!(String::from_utf8_lossy(&onto_source.stderr).contains("source file"));
}

#[test]
fn the_sample_month_before_compares_with_the_sample() {
    use ascent_viewer::engine::sample::{SampleOptions, write_sample};
    let dir = tempfile::tempdir().unwrap();
    let opts = SampleOptions { customers: 400, ..SampleOptions::default() };
    let after = write_sample(&dir.path().join("nov"), &opts).unwrap();
    let before = write_sample(&dir.path().join("oct"), &SampleOptions { months_before: 1, ..opts }).unwrap();
    // writing a month is deterministic (the embedded sample test checks month 0 against assets/sample)
    let again = write_sample(&dir.path().join("nov2"), &opts).unwrap();
    for (a, b) in after.iter().zip(&again) {
        assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap(), "{}", a.display());
    }
    let cmp = Comparison::new(session(&before), session(&after));
    let all: Vec<u32> = (0..cmp.len() as u32).collect();
    let t = cmp.transitions(&all);
    assert!(t.moved_up > 0 && t.moved_down > 0 && t.new > 0 && t.gone > 0, "{t:?}");
    assert!(t.unchanged > t.moved_up + t.moved_down, "most predictions keep their cluster: {t:?}");
    t.reconcile(&cmp.before.whole(), &cmp.after.whole()).unwrap();
}

#[test]
fn a_french_movers_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let out = dir.path().join("mouvements.xlsx");
    let status = assert_cmd::Command::cargo_bin("ascent-viewer")
        .unwrap()
        .args(["compare", "--before", before.to_str().unwrap(), "--after", after.to_str().unwrap()])
        .args(["--lang", "fr", "--moved", "up", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    use calamine::Reader;
    let wb = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["Mouvements", "Transitions", "Règles"]);
    let movers = sheet(&out, "Mouvements");
    let c3 = mover(&movers, "Customer ID", "C3");
    assert_eq!((c3["Cluster avant"].as_str(), c3["Cluster après"].as_str()), ("Évaluer", "Agir maintenant"));
    assert_eq!(c3["Sens"], "En hausse");
    // the three moves up only: C1's Microsoft 365, C3, C5
    assert_eq!(movers.height(), 1 + 3);
}

/// The readable comparison lists ten movers and says how many more there are (the JSON
/// counts them).
#[test]
fn a_cut_list_of_movers_says_how_many_more() {
    let dir = tempfile::tempdir().unwrap();
    let (after, before) = (dir.path().join("after"), dir.path().join("before"));
    for (out, months) in [(&after, "0"), (&before, "1")] {
        common::cli()
            .args(["sample", "--customers", "300", "--months-before", months, "-o"])
            .arg(out)
            .assert()
            .success();
    }
    let run = |extra: &[&str]| {
        let out = common::cli()
            .args(["compare", "--before"])
            .arg(&before)
            .arg("--after")
            .arg(&after)
            .args(["--lang", "en"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let v: serde_json::Value = serde_json::from_str(&run(&["--json"])).unwrap();
    let moved = (v["moved_up"].as_u64().unwrap() + v["moved_down"].as_u64().unwrap()) as usize;
    assert!(moved > 10, "the sample moves more than ten: {moved}");
    let text = run(&[]);
    let more = format!("... and {} more", moved - 10);
    assert!(text.contains(&more), "{more} in:\n{text}");
}
