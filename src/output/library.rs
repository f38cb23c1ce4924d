//! The library and its trends in words: months by name ("November 2026"), the list of
//! months kept, what keeping a month did, the library's errors, and the trend as a
//! readable table or JSON (a stable shape for scripts).

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::engine::library::{EntryDamage, Kept, LibraryError, Listing, Month};
use crate::engine::summary::round2;
use crate::engine::trend::MonthFigures;
use crate::engine::{ClusterKey, MatrixCell, Segment};
use crate::output::i18n::{self, t, tr};
use crate::output::messages::Words;

/// "November 2026", "novembre 2026".
pub fn month_name(month: Month) -> String {
    let name = tr(&format!("month.{}", month.month));
    t!("month.name", month = name, year = month.year).into_owned()
}

impl Words for LibraryError {
    fn words(&self) -> String {
        match self {
            LibraryError::Io { path, reason } => t!("error.io", path = path, message = reason.words()).into_owned(),
            LibraryError::Load(e) => e.words(),
            LibraryError::MonthKept { month } => {
                t!("error.library.month_kept", month = month_name(*month)).into_owned()
            }
            LibraryError::NoSuchMonth { month } => t!("error.library.no_month", month = month.key()).into_owned(),
            LibraryError::Damaged { entry, detail } => {
                t!("error.library.damaged", entry = entry, detail = detail.words()).into_owned()
            }
            LibraryError::MonthUnknown => tr("error.library.month_unknown"),
        }
    }
}

impl Words for EntryDamage {
    fn words(&self) -> String {
        match self {
            EntryDamage::Foreign => tr("library.damage.foreign"),
            EntryDamage::NoManifest => tr("library.damage.no_manifest"),
            EntryDamage::Manifest(why) => t!("library.damage.manifest", why = why).into_owned(),
            EntryDamage::OtherMonth(month) => t!("library.damage.other_month", month = month).into_owned(),
            EntryDamage::CountsDiffer { expected, found } => t!(
                "library.damage.counts",
                expected = i18n::format_count(expected.predictions),
                found = i18n::format_count(found.predictions),
                customers = i18n::format_count(expected.customers),
                found_customers = i18n::format_count(found.customers)
            )
            .into_owned(),
            EntryDamage::Unreadable(e) => e.words(),
        }
    }
}

/// What keeping a month did, in a sentence.
pub fn kept_words(kept: Kept) -> String {
    match kept {
        Kept::Added { month, bytes } => {
            t!("library.added", month = month_name(month), size = i18n::format_bytes(bytes)).into_owned()
        }
        Kept::Replaced { month, bytes } => {
            t!("library.replaced", month = month_name(month), size = i18n::format_bytes(bytes)).into_owned()
        }
        Kept::AlreadyKept { month } => t!("library.already_kept", month = month_name(month)).into_owned(),
    }
}

/// The months kept, a line each, then the entries that could not be read.
pub fn listing_text(root: &str, listing: &Listing) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", t!("library.heading", path = root));
    if listing.entries.is_empty() {
        let _ = writeln!(out, "  {}", tr("library.empty"));
    }
    for entry in &listing.entries {
        let m = &entry.manifest;
        let sample = if m.sample { format!("  {}", tr("library.sample")) } else { String::new() };
        let _ = writeln!(
            out,
            "  {}  {:<16} {:>9}  {:>12}  {:>12}  {}{}",
            entry.month.key(),
            month_name(entry.month),
            i18n::format_bytes(entry.bytes),
            t!(&i18n::plural("library.files", m.files.len()), count = i18n::format_count(m.files.len())),
            t!(
                &i18n::plural("library.predictions", m.counts.predictions),
                count = i18n::format_count(m.counts.predictions)
            ),
            t!("library.added_on", date = m.added.get(..10).unwrap_or(&m.added)),
            sample
        );
        for file in &m.files {
            let _ = writeln!(out, "      {} ({})", file.name, i18n::format_bytes(file.size));
        }
    }
    for (name, damage) in &listing.damaged {
        let _ = writeln!(out, "  {}", t!("library.damaged", entry = name, detail = damage.words()));
    }
    out
}

/// `library list --json`.
pub fn listing_json(root: &str, listing: &Listing) -> Value {
    let months: Vec<Value> = listing
        .entries
        .iter()
        .map(|e| {
            let m = &e.manifest;
            json!({
                "month": e.month.key(),
                "bytes": e.bytes,
                "added": m.added,
                "sample": m.sample,
                "rows": m.counts.rows,
                "predictions": m.counts.predictions,
                "customers": m.counts.customers,
                "agreements": m.counts.agreements,
                "files": m.files.iter().map(|f| json!({
                    "name": f.name, "size": f.size, "sha256": f.sha256, "format": f.format,
                    "tables": f.tables.iter().map(|t| json!({"parquet": t.parquet, "sheet": t.sheet, "rows": t.rows})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let damaged: Vec<Value> =
        listing.damaged.iter().map(|(name, damage)| json!({"entry": name, "problem": damage.to_string()})).collect();
    json!({"path": root, "months": months, "damaged": damaged})
}

/// `trend --json`: the months, then one value per month in that order in every list.
pub fn trend_json(months: &[MonthFigures]) -> Value {
    let per = |f: &dyn Fn(&MonthFigures) -> Value| -> Value { months.iter().map(f).collect() };
    let clusters: serde_json::Map<String, Value> =
        ClusterKey::ALL.iter().map(|k| (k.key().to_string(), per(&|m| json!(m.clusters[k.index()])))).collect();
    let best: serde_json::Map<String, Value> = ClusterKey::ALL
        .iter()
        .map(|k| k.key())
        .chain(["none"])
        .enumerate()
        .map(|(i, key)| (key.to_string(), per(&|m| json!(m.accounts_by_best[i]))))
        .collect();
    let segments: serde_json::Map<String, Value> =
        Segment::ALL.iter().map(|s| (s.key().to_string(), per(&|m| json!(m.segments[s.index()])))).collect();
    let cells: serde_json::Map<String, Value> =
        MatrixCell::all().map(|c| (c.name().to_string(), per(&|m| json!(m.cells[c.index()])))).collect();
    json!({
        "months": per(&|m| json!(m.month.key())),
        "rows": per(&|m| json!(m.rows)),
        "customers": per(&|m| json!(m.customers)),
        "new_customers": per(&|m| json!(m.new_customers)),
        "gone_customers": per(&|m| json!(m.gone_customers)),
        "clusters": clusters,
        "accounts_by_best_cluster": best,
        "segments": segments,
        "cells": cells,
        "cards": {
            "customers": per(&|m| json!(m.cards.customers)),
            "expiring_agreements": per(&|m| json!(m.cards.expiring_agreements)),
            "expiring_revenue": per(&|m| json!(round2(m.cards.expiring_revenue))),
            "open_expiring_revenue": per(&|m| json!(round2(m.cards.open_expiring_revenue))),
        },
    })
}

/// `trend`: a line per month.
pub fn trend_text(months: &[MonthFigures]) -> String {
    let mut out = String::new();
    if months.is_empty() {
        let _ = writeln!(out, "{}", tr("trend.none"));
        return out;
    }
    let mut headers =
        vec![tr("trend.month"), tr("trend.predictions"), tr("trend.customers"), tr("trend.new"), tr("trend.gone")];
    headers.extend(ClusterKey::ALL.iter().map(|k| i18n::cluster_name(*k)));
    headers.push(tr("trend.expiring_revenue"));
    let widths: Vec<usize> = headers.iter().map(|h| h.chars().count().max(9)).collect();
    let line = |cells: &[String]| -> String {
        let mut text = format!("{:<w$}", cells[0], w = widths[0]);
        for (cell, w) in cells.iter().zip(&widths).skip(1) {
            let _ = write!(text, "  {cell:>w$}");
        }
        text
    };
    let _ = writeln!(out, "{}", line(&headers));
    let count = |n: Option<usize>| n.map_or_else(|| "—".to_string(), i18n::format_count);
    for m in months {
        let mut cells = vec![
            m.month.key(),
            count(Some(m.rows)),
            count(Some(m.customers)),
            count(m.new_customers),
            count(m.gone_customers),
        ];
        cells.extend(m.clusters.iter().map(|n| count(Some(*n))));
        cells.push(i18n::format_usd_short(m.cards.expiring_revenue));
        let _ = writeln!(out, "{}", line(&cells));
    }
    out
}
