//! Two hand-counted months compared: every kind of move, new and gone predictions, a
//! customer whose segment changed, a product present in one month only.

mod common;

use ascent_viewer::engine::compare::{Comparison, Direction};
use ascent_viewer::engine::{ClusterKey, Filter, Segment};
use common::*;
use std::path::{Path, PathBuf};

fn month(dir: &Path, name: &str, rows: Vec<Vec<V>>) -> PathBuf {
    let path = dir.join(name);
    let mut all = vec![vec![s("Customer ID"), s("Account Name"), s("Product"), s("Fit"), s("Intent"), s("Org Size")]];
    all.extend(rows);
    write_xlsx(&path, &[("Propensity model", all)]);
    path
}

/// October: C1 Azure 80/80 a1 Act now, C1 M365 40/80 b2 Evaluate, C2 Azure 10/10 d4 Educate
/// (10 staff), C3 Azure 60/40 b3 Evaluate, C4 Surface 80/20 c1 Nurture, C5 Azure blank unscored.
/// November: C1 Azure 80/40 b1 Evaluate (down), C1 M365 80/80 a1 (up), C2 Azure 10/10 d4
/// (unchanged, now 400 staff), C3 Azure 60/60 a4 (up), C5 Azure 80/80 a1 (up from unscored),
/// C6 Azure 30/30 c3 Nurture (new); C4's Surface is gone.
pub fn two_months(dir: &Path) -> (PathBuf, PathBuf) {
    let before = month(
        dir,
        "october.xlsx",
        vec![
            vec![s("C1"), s("One"), s("Azure"), N(80.0), N(80.0), N(10.0)],
            vec![s("C1"), s("One"), s("M365"), N(40.0), N(80.0), N(10.0)],
            vec![s("C2"), s("Two"), s("Azure"), N(10.0), N(10.0), N(10.0)],
            vec![s("C3"), s("Three"), s("Azure"), N(60.0), N(40.0), N(10.0)],
            vec![s("C4"), s("Four"), s("Surface"), N(80.0), N(20.0), N(10.0)],
            vec![s("C5"), s("Five"), s("Azure"), B, B, N(10.0)],
        ],
    );
    let after = month(
        dir,
        "november.xlsx",
        vec![
            vec![s("C1"), s("One"), s("Azure"), N(80.0), N(40.0), N(10.0)],
            vec![s("C1"), s("One"), s("Microsoft 365"), N(80.0), N(80.0), N(10.0)],
            vec![s("C2"), s("Two"), s("Azure"), N(10.0), N(10.0), N(400.0)],
            vec![s("C3"), s("Three"), s("Azure"), N(60.0), N(60.0), N(10.0)],
            vec![s("C5"), s("Five"), s("Azure"), N(80.0), N(80.0), N(10.0)],
            vec![s("C6"), s("Six"), s("Azure"), N(30.0), N(30.0), N(10.0)],
        ],
    );
    (before, after)
}

#[test]
fn every_kind_of_move_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let cmp = Comparison::new(session(&[before]), session(&[after]));
    assert_eq!(cmp.len(), 7);
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
}

#[test]
fn filters_apply_to_both_months() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = two_months(dir.path());
    let cmp = Comparison::new(session(&[before]), session(&[after]));
    // Surface exists only in October: its one pair, gone
    let surface = cmp.apply(&Filter { products: ["Surface".into()].into(), ..Filter::default() });
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
    assert!(text.contains("Three") && text.contains("Evaluate -> Act now"), "{text}");
}
