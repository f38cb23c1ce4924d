//! The readable reports of the command line: `summary` and `compare` in the language in
//! force, and the lines that say which cells were not read.

use std::fmt::Write;

use crate::engine::compare::{Comparison, Direction, Transitions};
use crate::engine::load::report::{IssueKind, LoadReport};
use crate::engine::{ClusterKey, Filter, MatrixCell, Segment, Session, Summary};
use crate::output::i18n::{self, Cents, t};
use crate::output::messages::Words;
use crate::output::movers::{counts_line, move_name, transition_col_name, transition_row_name};

/// The readable report of `summary`.
pub fn readable_summary(session: &Session, filter: &Filter, filtered: &Summary, whole: &Summary) -> String {
    let ds = &session.data;
    let d = &session.derived;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        t!(
            "report.title",
            date = i18n::format_date(d.as_of),
            fy = d.fiscal_year.words(),
            rules = i18n::rules_name(&d.rules)
        )
    );
    files_section(&mut out, &ds.report);
    if !filter.is_empty() {
        let words = crate::output::export::describe_filter(filter);
        let _ = writeln!(out, "\n{}", t!("report.filter", filter = words));
    }
    let _ = writeln!(out, "\n{}", t!("report.cards"));
    let _ = writeln!(out, "  {:<40} {:>16} {:>16}", "", i18n::tr("report.col_filter"), i18n::tr("report.col_whole"));
    for (label, a, b) in card_rows(filtered, whole) {
        let _ = writeln!(out, "  {:<40} {:>16} {:>16}", label, a, b);
    }
    segments_section(&mut out, filtered);
    matrix_section(&mut out, filtered, ds.has_whitespace);
    clusters_section(&mut out, filtered, ds.has_whitespace);
    let _ = writeln!(
        out,
        "\n{}",
        t!(
            "report.checks",
            rows = i18n::format_count(filtered.rows),
            unscored = i18n::format_count(filtered.unscored_rows),
            workbook = i18n::format_count(filtered.from_workbook_rows),
            disagree = i18n::format_count(filtered.disagreements)
        )
    );
    unreadable_section(&mut out, &ds.report);
    out
}

/// The accounts' counts per best cluster and per segment (`summary --accounts`).
pub fn accounts_section(out: &mut String, counts: &crate::engine::accounts::AccountCounts) {
    let total = counts.accounts;
    let _ = writeln!(out, "\n{}", t!("report.accounts", count = i18n::format_count(total)));
    let _ = writeln!(out, "  {}", i18n::tr("report.accounts_by_best"));
    let names = ClusterKey::ALL.map(i18n::cluster_name);
    for (k, name) in names.iter().map(String::as_str).chain([i18n::tr("report.accounts_no_best").as_str()]).enumerate()
    {
        let n = counts.by_best[k];
        let _ = writeln!(out, "    {:<30} {:>10} {:>8}", name, i18n::format_count(n), i18n::format_percent(n, total));
    }
    let _ = writeln!(out, "  {}", i18n::tr("report.accounts_by_segment"));
    for seg in Segment::ALL {
        let n = counts.by_segment[seg.index()];
        let _ = writeln!(
            out,
            "    {:<30} {:>10} {:>8}",
            i18n::segment_name(seg),
            i18n::format_count(n),
            i18n::format_percent(n, total)
        );
    }
}

/// Which reader read a workbook's sheets: the fast one, calamine, or some of each.
pub fn readers_lines(file: &crate::engine::load::report::FileReport) -> Vec<String> {
    use crate::engine::load::report::SheetReader;
    [(SheetReader::Fast, "report.read_by_fast"), (SheetReader::Calamine, "report.read_by_calamine")]
        .into_iter()
        .filter_map(|(reader, key)| {
            let sheets: Vec<&str> =
                file.readers.iter().filter(|r| r.reader == reader).map(|r| r.sheet.as_str()).collect();
            (!sheets.is_empty()).then(|| t!(key, sheets = sheets.join(", ")).into_owned())
        })
        .collect()
}

/// The files, their tables and what was skipped.
fn files_section(out: &mut String, report: &LoadReport) {
    let _ = writeln!(out, "{}", t!("report.files"));
    for f in &report.files {
        let _ = writeln!(out, "  {}", f.path);
        for table in &f.tables {
            let shape = i18n::tr(&format!("shape.{}", table.shape.key()));
            let line = t!(
                "report.table_line",
                sheet = table.sheet,
                row = table.header_row,
                shape = shape,
                rows = i18n::format_count(table.rows)
            );
            let _ = writeln!(out, "    {}", i18n::labelled(&line, &table.products.join(", ")));
            if !table.scaled_from_fraction.is_empty() {
                let _ = writeln!(out, "      {}", t!("report.scaled", columns = table.scaled_from_fraction.join(", ")));
            }
            if let Some(rule) = table.open_rule {
                let _ = writeln!(out, "      {}", rule.words());
            }
        }
        for s in &f.skipped_sheets {
            let _ = writeln!(out, "    {}", t!("report.skipped_sheet", sheet = s.sheet, reason = s.words()));
        }
        for line in readers_lines(f) {
            let _ = writeln!(out, "    {line}");
        }
    }
    for s in &report.skipped_files {
        let _ = writeln!(out, "  {}", t!("report.skipped_file", path = s.path));
    }
    for r in &report.repeated_files {
        let _ = writeln!(out, "  {}", t!("report.repeated_file", path = r.path, same_as = r.same_as));
    }
}

fn segments_section(out: &mut String, filtered: &Summary) {
    let _ = writeln!(out, "\n{}", t!("report.segments"));
    for s in Segment::ALL {
        let n = filtered.segment(s);
        let _ = writeln!(
            out,
            "  {:<32} {:>10} {:>8}",
            i18n::segment_name(s),
            i18n::format_count(n),
            i18n::format_percent(n, filtered.customers)
        );
    }
    if filtered.segments_from_workbook > 0 {
        let _ = writeln!(
            out,
            "  ({})",
            t!("report.from_workbook_note", count = i18n::format_count(filtered.segments_from_workbook))
        );
    }
}

fn matrix_section(out: &mut String, filtered: &Summary, has_whitespace: bool) {
    let matrix_title = if has_whitespace { "report.matrix" } else { "report.matrix_rows" };
    let _ = writeln!(out, "\n{}", i18n::tr(matrix_title));
    let _ = write!(out, "  {:<12}", "");
    for b in crate::engine::Band::ALL {
        let _ = write!(out, " {:>20}", i18n::band_name(b));
    }
    let _ = writeln!(out);
    for fit in crate::engine::Band::ALL {
        let _ = write!(out, "  {:<12}", i18n::band_name(fit));
        for intent in crate::engine::Band::ALL {
            let cell = MatrixCell::new(fit, intent);
            let stat = filtered.cell(cell);
            let text = if has_whitespace {
                format!(
                    "{} {} {}",
                    cell.name(),
                    i18n::format_count(stat.rows),
                    i18n::format_usd_short(stat.whitespace_revenue)
                )
            } else {
                format!("{} {}", cell.name(), i18n::format_count(stat.rows))
            };
            let _ = write!(out, " {:>20}", text);
        }
        let _ = writeln!(out);
    }
}

fn clusters_section(out: &mut String, filtered: &Summary, has_whitespace: bool) {
    let _ = writeln!(out, "\n{}", t!("report.clusters"));
    for k in ClusterKey::ALL {
        let stat = filtered.cluster(k);
        let mut line = format!(
            "  {:<20} {:>10} {:>8}",
            i18n::cluster_name(k),
            i18n::format_count(stat.rows),
            i18n::format_percent(stat.rows, filtered.rows)
        );
        if has_whitespace {
            line.push_str(&format!(" {:>16}", i18n::format_usd(stat.whitespace_revenue, Cents::Hide)));
        }
        if stat.from_workbook > 0 {
            line.push_str(&format!(
                "  ({})",
                t!("report.from_workbook", count = i18n::format_count(stat.from_workbook))
            ));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// Values that could not be read, cells not read, cells outside the tables.
fn unreadable_section(out: &mut String, report: &LoadReport) {
    let no_value = report.no_value_total();
    if no_value > 0 {
        let _ = writeln!(out, "\n{}", t!("report.no_value", count = i18n::format_count(no_value)));
    }
    let unreadable = report.unreadable_total();
    if unreadable > 0 {
        let _ = writeln!(out, "\n{}", t!("report.unreadable", count = i18n::format_count(unreadable)));
        for (file, table, issue) in report.issues().filter(|(_, _, i)| i.kind == IssueKind::Problem) {
            let examples: Vec<String> =
                issue.examples.iter().take(3).map(|e| format!("{} \"{}\"", e.cell, e.value)).collect();
            let name = std::path::Path::new(&file.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.path.clone());
            let _ = writeln!(
                out,
                "  {}",
                t!(
                    "report.unreadable_line",
                    file = name,
                    sheet = table.sheet,
                    column = issue.column,
                    header = issue.header,
                    count = i18n::format_count(issue.count),
                    examples = examples.join(", ")
                )
            );
        }
        for file in &report.files {
            for table in file.tables.iter().filter(|t| t.cells_not_read.count > 0) {
                let _ = writeln!(out, "  {}", cells_not_read_line(&file.path, &table.sheet, &table.cells_not_read));
            }
        }
    }
    for file in &report.files {
        for table in file.tables.iter().filter(|t| t.cells_outside > 0) {
            let _ = writeln!(out, "\n{}", cells_outside_line(&file.path, &table.sheet, table.cells_outside));
        }
    }
}

/// The readable report of `compare`: both months' cards, the transition table, the movers.
pub fn readable_comparison(
    cmp: &Comparison,
    pairs: &[u32],
    transitions: &Transitions,
    before_summary: &Summary,
    after_summary: &Summary,
) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}\n", t!("compare.title"));
    let cards = card_rows(before_summary, after_summary);
    let _ = writeln!(text, "  {:<40} {:>16} {:>16}", "", i18n::tr("compare.before"), i18n::tr("compare.after"));
    for (label, b, a) in cards {
        let _ = writeln!(text, "  {label:<40} {b:>16} {a:>16}");
    }
    let _ = writeln!(text, "\n{}", t!("compare.transitions"));
    let _ = write!(text, "  {:<16}", "");
    for c in 0..6 {
        let _ = write!(text, " {:>14}", transition_col_name(c));
    }
    let _ = writeln!(text);
    for r in 0..6 {
        let _ = write!(text, "  {:<16}", transition_row_name(r));
        for c in 0..6 {
            let _ = write!(text, " {:>14}", i18n::format_count(transitions.cells[r][c].0));
        }
        let _ = writeln!(text);
    }
    let _ = writeln!(text, "\n{}", counts_line(transitions));
    let all_movers: Vec<usize> = pairs
        .iter()
        .map(|k| *k as usize)
        .filter(|k| matches!(cmp.direction(*k), Direction::Up | Direction::Down))
        .collect();
    let shown = all_movers.len().min(MOVERS_LISTED);
    if !all_movers.is_empty() {
        let _ = writeln!(text, "\n{}", t!("compare.top_movers"));
        for &k in &all_movers[..shown] {
            let j = cmp.after_row[k] as usize;
            let a = &cmp.after.data;
            let customer = a.customers.name.get(a.predictions.customer[j] as usize);
            let (row, col) = cmp.transition_cell(k);
            let _ = writeln!(
                text,
                "  {:<32} {:<28} {}",
                customer,
                a.products.name(a.predictions.product[j]),
                move_name(row, col)
            );
        }
        if all_movers.len() > shown {
            // a list that is cut says so, and how to see it whole
            let more = i18n::format_count(all_movers.len() - shown);
            let _ = writeln!(text, "  {}", t!("compare.more_movers", count = more));
        }
    }
    text
}

/// The movers the readable comparison lists; the workbook (`-o`) and `--json` have them all.
const MOVERS_LISTED: usize = 10;

/// The four cards of two summaries, as (label, first, second) lines of a report.
pub fn card_rows(first: &Summary, second: &Summary) -> [(String, String, String); 4] {
    let (a, b) = (&first.cards, &second.cards);
    [
        (i18n::tr("card.customers"), i18n::format_count(a.customers), i18n::format_count(b.customers)),
        (
            i18n::tr("card.expiring_agreements"),
            i18n::format_count(a.expiring_agreements),
            i18n::format_count(b.expiring_agreements),
        ),
        (
            i18n::tr("card.expiring_revenue"),
            i18n::format_usd(a.expiring_revenue, Cents::Hide),
            i18n::format_usd(b.expiring_revenue, Cents::Hide),
        ),
        (
            i18n::tr("card.open_expiring_revenue"),
            i18n::format_usd(a.open_expiring_revenue, Cents::Hide),
            i18n::format_usd(b.open_expiring_revenue, Cents::Hide),
        ),
    ]
}

fn file_name_of(path: &str) -> String {
    std::path::Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_string())
}

/// "FILE, sheet S: 3 cells outside the table's columns ... were not read".
pub fn cells_outside_line(path: &str, sheet: &str, count: usize) -> String {
    t!("report.cells_outside", file = file_name_of(path), sheet = sheet, count = i18n::format_count(count)).into_owned()
}

/// "FILE, sheet S: 2 cells could not be read (C7: a number cell holding something else, ...)".
pub fn cells_not_read_line(path: &str, sheet: &str, not_read: &crate::engine::load::table::CellsNotRead) -> String {
    let examples: Vec<String> = not_read
        .examples
        .iter()
        .map(|(cell, fault)| i18n::labelled(&cell.to_string(), &i18n::tr(&format!("fault.{}", fault.key()))))
        .collect();
    let file = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string());
    t!(
        "report.cells_not_read",
        file = file,
        sheet = sheet,
        count = i18n::format_count(not_read.count),
        examples = examples.join(", ")
    )
    .into_owned()
}
