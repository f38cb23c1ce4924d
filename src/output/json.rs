//! The JSON of `summary --json` and `compare --json`: a stable shape for scripts (its keys
//! never change with the language).

use serde_json::{Value, json};

use crate::engine::compare::{GONE_COL, NEW_ROW, Transitions};
use crate::engine::dataset::{Dataset, Dimension};
use crate::engine::summary::round2;
use crate::engine::{ClusterKey, Derived, MatrixCell, Segment, Summary};

/// The JSON of `summary --json` (scripts depend on its shape).
pub fn summary(s: &Summary, ds: &Dataset, d: &Derived) -> Value {
    let matrix: serde_json::Map<String, Value> = MatrixCell::all()
        .map(|cell| {
            let stat = s.cell(cell);
            (cell.name().to_string(), json!({"rows": stat.rows, "whitespace_revenue": round2(stat.whitespace_revenue)}))
        })
        .collect();
    let clusters: serde_json::Map<String, Value> = ClusterKey::ALL
        .iter()
        .map(|k| {
            let stat = s.cluster(*k);
            (
                k.key().to_string(),
                json!({"rows": stat.rows, "whitespace_revenue": round2(stat.whitespace_revenue), "from_workbook": stat.from_workbook}),
            )
        })
        .collect();
    let segments: serde_json::Map<String, Value> =
        Segment::ALL.iter().map(|seg| (seg.key().to_string(), json!(s.segment(*seg)))).collect();
    let files: Vec<Value> = ds
        .report
        .files
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "tables": f.tables.iter().map(|t| json!({
                    "sheet": t.sheet, "header_row": t.header_row, "shape": t.shape.key(),
                    "rows": t.rows, "products": t.products,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let breakdown = |counts: &[usize], names: &dyn Fn(usize) -> String| -> Value {
        let map: serde_json::Map<String, Value> =
            counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(code, n)| (names(code), json!(n))).collect();
        Value::Object(map)
    };
    let none_or = |s: &str| {
        if s.is_empty() { "(none)".to_string() } else { s.to_string() }
    };
    let mut breakdowns: serde_json::Map<String, Value> = Dimension::ALL
        .iter()
        .map(|d| (d.key().to_string(), breakdown(s.by(*d), &|c| none_or(ds.values(*d).name(c as u32)))))
        .collect();
    breakdowns.insert("flag".into(), breakdown(&s.by_flag, &|c| ds.flag_names[c].clone()));
    json!({
        "rows": s.rows,
        "customers": s.customers,
        "unscored_rows": s.unscored_rows,
        "from_workbook_rows": s.from_workbook_rows,
        "disagreements": s.disagreements,
        "as_of": d.as_of.format("%Y-%m-%d").to_string(),
        "fiscal_year": d.fiscal_year.label(),
        "rules": d.rules.name,
        "files": files,
        "cards": {
            "customers": s.cards.customers,
            "expiring_agreements": s.cards.expiring_agreements,
            "expiring_revenue": round2(s.cards.expiring_revenue),
            "open_expiring_revenue": round2(s.cards.open_expiring_revenue),
        },
        "segments": segments,
        "segments_from_workbook": s.segments_from_workbook,
        "matrix": matrix,
        "clusters": clusters,
        "whitespace_revenue": round2(s.whitespace_revenue),
        "breakdowns": breakdowns,
        "load_report": serde_json::to_value(&ds.report).unwrap_or(Value::Null),
    })
}

/// `{"evaluate": {"act_now": 12, ...}, ..., "new": {...}}` with "gone" as a column.
pub fn transitions(t: &Transitions) -> Value {
    let row_key = |r: usize| if r == NEW_ROW { "new" } else { ClusterKey::ALL[r].key() };
    let col_key = |c: usize| if c == GONE_COL { "gone" } else { ClusterKey::ALL[c].key() };
    let rows: serde_json::Map<String, Value> = (0..6)
        .map(|r| {
            let cols: serde_json::Map<String, Value> =
                (0..6).map(|c| (col_key(c).to_string(), json!(t.cells[r][c].0))).collect();
            (row_key(r).to_string(), Value::Object(cols))
        })
        .collect();
    Value::Object(rows)
}

/// The `accounts` of `summary --accounts --json`: accounts per best cluster ("none": no
/// prediction in the filter) and per segment.
pub fn accounts(counts: &crate::engine::accounts::AccountCounts) -> Value {
    let best: serde_json::Map<String, Value> = ClusterKey::ALL
        .iter()
        .map(|k| k.key())
        .chain(["none"])
        .zip(counts.by_best)
        .map(|(key, n)| (key.to_string(), json!(n)))
        .collect();
    let segments: serde_json::Map<String, Value> =
        Segment::ALL.iter().map(|seg| (seg.key().to_string(), json!(counts.by_segment[seg.index()]))).collect();
    json!({"total": counts.accounts, "by_best_cluster": best, "by_segment": segments})
}
