//! The report's first page: what the view holds, for a meeting.

use super::canvas::{Align, Canvas, INK, MUTED, RULE, Rgb};
use super::input::ReportInput;
use crate::engine::accounts::Accounts;
use crate::engine::query::{self, account_name};
use crate::engine::rules::{Band, ClusterKey, MatrixCell, Segment};
use crate::engine::{Session, Summary};
use crate::output::accounts::{best_products, first_expiring_end};
use crate::output::export::{cluster_rgb, describe_filter, segment_rgb};
use crate::output::i18n::{self, Cents, t, tr};
use crate::output::messages::Words;
use crate::output::summary_text::card_rows;

pub const MARGIN: f32 = 28.0;
/// Tables and lists: read across a meeting room.
pub const TABLE_PT: f32 = 8.5;
/// The smallest text of the page (notes, the footer).
pub const SMALL_PT: f32 = 7.5;
/// How many accounts the page lists.
pub const TOP_ACCOUNTS: usize = 25;

/// A cluster's light colour, for the matrix cells.
fn light_rgb(key: ClusterKey) -> Rgb {
    crate::output::export::light_cluster_rgb(key)
}

pub fn draw(c: &mut Canvas<'_, '_>, input: &ReportInput<'_>, title: &str, width: f32, height: f32) {
    let session = input.session;
    let (rows, filtered) = session.filtered(input.filter);
    let whole = session.whole();
    let y = header(c, session, input, title, width);
    let y = cards(c, &filtered, &whole, y + 8.0, width);
    let body = y + 18.0;
    let inner = width - 2.0 * MARGIN;
    // the accounts, what a meeting acts on, take the most room
    let left_w = inner * 0.24;
    let mid_w = inner * 0.23;
    let right_x = MARGIN + left_w + mid_w + 30.0;
    let accounts = Accounts::new(&session.data, &session.derived, input.filter, &rows);
    let y = segment_pie(c, &filtered, MARGIN, body, left_w);
    let per_cluster: Vec<(String, usize, Rgb)> =
        ClusterKey::ALL.iter().map(|&k| (i18n::cluster_name(k), filtered.cluster(k).rows, cluster_rgb(k))).collect();
    let y = bars(c, &tr("report_pdf.clusters"), &per_cluster, MARGIN, y + 14.0, left_w);
    let counts = accounts.counts(&session.derived);
    let mut per_best: Vec<(String, usize, Rgb)> =
        ClusterKey::ALL.iter().map(|&k| (i18n::cluster_name(k), counts.by_best[k.index()], cluster_rgb(k))).collect();
    per_best.push((tr("report_pdf.no_best"), counts.by_best[ClusterKey::ALL.len()], RULE));
    bars(c, &tr("report_pdf.accounts_by_best"), &per_best, MARGIN, y + 16.0, left_w);
    matrix(c, session, &filtered, MARGIN + left_w + 16.0, body, mid_w);
    let ranked = query::top_accounts(session, &accounts, input.order.accounts);
    top_accounts(c, session, (&accounts, &ranked), right_x, body, width - MARGIN - right_x);
    let pages = input.pages();
    footer(c, width, height, (pages > 1).then_some((1, pages)));
}

/// Title, files, date and fiscal year, filter and rules; returns the y below.
fn header(c: &mut Canvas<'_, '_>, session: &Session, input: &ReportInput<'_>, title: &str, width: f32) -> f32 {
    let d = &session.derived;
    let inner = width - 2.0 * MARGIN;
    let mut y = MARGIN + 14.0;
    let as_of = t!("report_pdf.as_of", date = i18n::format_date(d.as_of), fy = d.fiscal_year.words()).into_owned();
    let as_of_w = c.fonts.width(9.0, &as_of);
    c.text_in((MARGIN, y), 17.0, INK, title, inner - as_of_w - 12.0, Align::Left);
    c.text(width - MARGIN, y, 9.0, MUTED, &as_of, Align::Right);
    y += 15.0;
    let files: Vec<&str> = session.data.files.iter().map(|f| f.name.as_str()).collect();
    let files = i18n::labelled(&tr("report_pdf.files"), &files.join(", "));
    c.text_in((MARGIN, y), 8.0, MUTED, &files, inner, Align::Left);
    let filter = i18n::labelled(&tr("report_pdf.filter"), &describe_filter(input.filter));
    for line in c.fonts.wrap(8.0, &filter, inner).iter().take(2) {
        y += 11.0;
        c.text_in((MARGIN, y), 8.0, INK, line, inner, Align::Left);
    }
    let rules = &d.rules;
    let bands = t!(
        "report_pdf.rules",
        name = i18n::rules_name(rules),
        high = i18n::format_number(rules.bands.high, 0),
        medium = i18n::format_number(rules.bands.medium, 0),
        low = i18n::format_number(rules.bands.low, 0)
    );
    y += 11.0;
    c.text_in((MARGIN, y), 8.0, INK, &bands, inner, Align::Left);
    y + 6.0
}

/// The four cards: the filter's figure, the whole data's below it.
fn cards(c: &mut Canvas<'_, '_>, filtered: &Summary, whole: &Summary, y: f32, width: f32) -> f32 {
    let gap = 10.0;
    let w = (width - 2.0 * MARGIN - 3.0 * gap) / 4.0;
    let h = 50.0;
    for (i, (label, value, all)) in card_rows(filtered, whole).iter().enumerate() {
        let x = MARGIN + i as f32 * (w + gap);
        c.rect(x, y, w, h, 0xF5F5F5);
        c.rect(x, y, 3.0, h, 0x1565C0);
        c.text_in((x + 10.0, y + 13.0), 9.0, MUTED, label, w - 14.0, Align::Left);
        c.text_in((x + 10.0, y + 32.0), 18.0, INK, value, w - 14.0, Align::Left);
        let all = t!("report_pdf.of_whole", value = all).into_owned();
        c.text_in((x + 10.0, y + 44.0), SMALL_PT, MUTED, &all, w - 14.0, Align::Left);
    }
    y + h
}

fn section(c: &mut Canvas<'_, '_>, x: f32, y: f32, w: f32, title: &str) {
    c.text_in((x, y), 10.5, INK, title, w, Align::Left);
    c.line(x, y + 4.0, x + w, y + 4.0, RULE);
}

/// Customers per segment; returns the y below its legend.
fn segment_pie(c: &mut Canvas<'_, '_>, s: &Summary, x: f32, y: f32, w: f32) -> f32 {
    section(c, x, y, w, &tr("report_pdf.segments"));
    let r = 28.0;
    let (cx, cy) = (x + r + 4.0, y + 16.0 + r);
    let total: usize = s.segments.iter().sum();
    let mut angle = 0.0_f32;
    if total == 0 {
        c.slice(cx, cy, r, 0.0, std::f32::consts::TAU, 0xEEEEEE);
    }
    for seg in Segment::ALL {
        let n = s.segment(seg);
        if n == 0 || total == 0 {
            continue;
        }
        let sweep = std::f32::consts::TAU * n as f32 / total as f32;
        c.slice(cx, cy, r, angle, angle + sweep, segment_rgb(seg));
        angle += sweep;
    }
    let lx = cx + r + 10.0;
    let lw = x + w - lx - 10.0;
    let mut ly = y + 22.0;
    for seg in Segment::ALL {
        c.rect(lx, ly - 7.0, 7.0, 7.0, segment_rgb(seg));
        // a long name on two lines rather than cut ("Top unmanaged - user-based")
        let name = c.fonts.wrap(TABLE_PT, &i18n::segment_name(seg), lw);
        for line in name.iter().take(2) {
            c.text_in((lx + 10.0, ly), TABLE_PT, INK, line, lw, Align::Left);
            ly += TABLE_PT + 1.0;
        }
        let n = s.segment(seg);
        let figures = format!("{} · {}", i18n::format_count(n), i18n::format_percent(n, total));
        c.text(lx + 10.0, ly - 1.5, SMALL_PT, MUTED, &figures, Align::Left);
        ly += LEGEND_GAP;
    }
    // below the pie and its legend, whichever ends lower
    (cy + r + 10.0).max(ly - 4.0)
}

/// Between one segment's figures and the next segment's name.
const LEGEND_GAP: f32 = 8.5;

/// Predictions per cluster, as bars.
/// Named counts as bars under a title; returns the y below them.
fn bars(c: &mut Canvas<'_, '_>, title: &str, items: &[(String, usize, Rgb)], x: f32, y: f32, w: f32) -> f32 {
    section(c, x, y, w, title);
    let max = items.iter().map(|(_, n, _)| *n).max().unwrap_or(0).max(1);
    let label_w = w * 0.38;
    let bar_w = w - label_w - 40.0;
    let row = |i: usize| y + 14.0 + i as f32 * 17.0;
    for (i, (name, n, color)) in items.iter().enumerate() {
        let length = bar_w * *n as f32 / max as f32;
        c.text_in((x, row(i) + 8.0), TABLE_PT, INK, name, label_w - 4.0, Align::Left);
        c.rect(x + label_w, row(i), length, 10.0, *color);
        c.text(x + label_w + length + 3.0, row(i) + 8.0, TABLE_PT, INK, &i18n::format_count(*n), Align::Left);
    }
    row(items.len())
}

/// The 4x4 matrix coloured by the cluster of each cell, with counts and revenue.
fn matrix(c: &mut Canvas<'_, '_>, session: &Session, s: &Summary, x: f32, y: f32, w: f32) {
    section(c, x, y, w, &tr("report_pdf.matrix"));
    let has_whitespace = session.data.has_whitespace;
    let label_w = 44.0;
    let cell_w = (w - label_w) / 4.0;
    let cell_h = if has_whitespace { 44.0 } else { 36.0 };
    let top = y + 30.0;
    c.text(x + label_w + 2.0 * cell_w, y + 16.0, 8.0, MUTED, &tr("report_pdf.intent_axis"), Align::Center);
    for (i, band) in Band::ALL.into_iter().enumerate() {
        let name = i18n::band_name(band);
        let cx = x + label_w + (i as f32 + 0.5) * cell_w;
        c.text_in((cx, top - 4.0), 8.0, INK, &name, cell_w - 2.0, Align::Center);
        c.text_in((x, top + (i as f32 + 0.5) * cell_h + 3.0), 8.0, INK, &name, label_w - 4.0, Align::Left);
    }
    c.text(x, top - 4.0, 8.0, MUTED, &tr("report_pdf.fit_axis"), Align::Left);
    for fit in Band::ALL {
        for intent in Band::ALL {
            let cell = MatrixCell::new(fit, intent);
            let key = ClusterKey::from_cluster(Some(session.derived.rules.cluster_of(cell)));
            let cx = x + label_w + intent.index() as f32 * cell_w;
            let cy = top + fit.index() as f32 * cell_h;
            c.rect(cx + 1.0, cy + 1.0, cell_w - 2.0, cell_h - 2.0, light_rgb(key));
            c.text(cx + 4.0, cy + 9.0, SMALL_PT, MUTED, cell.name(), Align::Left);
            let stat = &s.matrix[cell.index()];
            let mid = cx + cell_w / 2.0;
            c.text_in(
                (mid, cy + cell_h / 2.0 + 4.0),
                11.0,
                INK,
                &i18n::format_count(stat.rows),
                cell_w - 4.0,
                Align::Center,
            );
            if has_whitespace {
                let revenue = i18n::format_usd_short(stat.whitespace_revenue);
                c.text_in((mid, cy + cell_h - 6.0), SMALL_PT, MUTED, &revenue, cell_w - 4.0, Align::Center);
            }
        }
    }
    // which colour is which cluster
    let mut ly = top + 4.0 * cell_h + 14.0;
    let mut lx = x + label_w;
    for cluster in crate::engine::Cluster::ALL {
        let key = ClusterKey::from_cluster(Some(cluster));
        let name = i18n::cluster_name(key);
        let item_w = 11.0 + c.fonts.width(7.0, &name);
        // a second line where the names are long (French)
        if lx + item_w > x + w {
            lx = x + label_w;
            ly += 12.0;
        }
        c.rect(lx, ly - 7.0, 8.0, 8.0, light_rgb(key));
        c.text(lx + 11.0, ly, 8.0, INK, &name, Align::Left);
        lx += item_w + 10.0;
    }
    let note =
        t!("report_pdf.checks", rows = i18n::format_count(s.rows), unscored = i18n::format_count(s.unscored_rows))
            .into_owned();
    c.text_in((x, ly + 16.0), SMALL_PT, MUTED, &note, w, Align::Left);
    if has_whitespace {
        let total = t!("report_pdf.whitespace_total", value = i18n::format_usd(s.whitespace_revenue, Cents::Hide));
        c.text_in((x, ly + 27.0), SMALL_PT, MUTED, &total, w, Align::Left);
    }
}

/// The accounts `ranked` lists first, with what a seller acts on: best cluster and its
/// products, fit and intent, the first agreement expiring and the revenue expiring.
fn top_accounts(
    c: &mut Canvas<'_, '_>,
    session: &Session,
    (accounts, ranked): (&Accounts, &[u32]),
    x: f32,
    y: f32,
    w: f32,
) {
    let shown = ranked.len().min(TOP_ACCOUNTS);
    let title =
        t!("report_pdf.top_accounts", shown = i18n::format_count(shown), count = i18n::format_count(accounts.len()));
    section(c, x, y, w, &title);
    // column starts (the last two end at their right edge)
    let cols = account_columns(c, x, w);
    let headers =
        ["col_customer", "col_best", "col_products", "col_fit_short", "col_intent", "col_end", "col_expiring"];
    let row_h = 14.8;
    let mut ry = y + 18.0;
    for (k, key) in headers.iter().enumerate() {
        let (cx, align) = column_place(&cols, k);
        // a score's header may reach over the gap before its column's figures
        let room = column_room(&cols, k) + if matches!(k, 3 | 4) { 14.0 } else { 0.0 };
        c.text_in((cx, ry), TABLE_PT, MUTED, &tr(&format!("report_pdf.{key}")), room, align);
    }
    for (n, &i) in ranked.iter().take(shown).enumerate() {
        let line = &accounts.lines[i as usize];
        ry += row_h;
        if n % 2 == 0 {
            c.rect(x - 2.0, ry - 10.2, w + 4.0, row_h, 0xF7F7F7);
        }
        let best = line.best.map_or_else(|| tr("report_pdf.no_best"), i18n::cluster_name);
        let score = |v: f64| if v.is_nan() { String::new() } else { i18n::format_number(v, 0) };
        let money = |v: f64| if v.is_nan() { String::new() } else { i18n::format_usd(v, Cents::Hide) };
        let cells = [
            format!("{}. {}", n + 1, account_name(&session.data, line.customer as usize)),
            best,
            best_products(session, accounts, line),
            score(line.fit),
            score(line.intent),
            first_expiring_end(session, line).map(i18n::format_date).unwrap_or_default(),
            money(line.expiring_revenue),
        ];
        for (k, text) in cells.iter().enumerate() {
            let (cx, align) = column_place(&cols, k);
            // the best cluster in its own colour, as in the bars beside
            let ink = match (k, line.best) {
                (1, Some(key)) => cluster_rgb(key),
                _ => INK,
            };
            c.text_in((cx, ry), TABLE_PT, ink, text, column_room(&cols, k), align);
        }
    }
    if accounts.is_empty() {
        c.text(x, ry + row_h, TABLE_PT, MUTED, &tr("report_pdf.no_accounts"), Align::Left);
    }
}

/// Where the accounts table's columns start (the last is its right edge): the best cluster as
/// wide as its longest name in this language ("Agir maintenant"), the products the rest.
fn account_columns(c: &Canvas<'_, '_>, x: f32, w: f32) -> [f32; 8] {
    let at = |share: f32| x + w * share;
    let longest = ClusterKey::ALL
        .iter()
        .map(|&k| i18n::cluster_name(k))
        .chain([tr("report_pdf.no_best")])
        .map(|name| c.fonts.width(TABLE_PT, &name))
        .fold(0.0, f32::max);
    // the customer, then best cluster and products share 0.345 of the width
    let best = (longest + 8.0).min(w * 0.2);
    [at(0.0), at(0.24), at(0.24) + best, at(0.585), at(0.635), at(0.705), at(0.85), at(1.0)]
}

/// Where column `k` of the accounts table is written: texts from the left, figures (fit,
/// intent, revenue) to the right.
fn column_place(cols: &[f32; 8], k: usize) -> (f32, Align) {
    match k {
        3 | 4 | 6 => (cols[k + 1] - 4.0, Align::Right),
        // a date after a figure: a gap as wide as between two texts
        5 => (cols[k] + 6.0, Align::Left),
        _ => (cols[k], Align::Left),
    }
}

fn column_room(cols: &[f32; 8], k: usize) -> f32 {
    cols[k + 1] - cols[k] - 5.0
}

/// The app and version, and the page number when there are two.
pub fn footer(c: &mut Canvas<'_, '_>, width: f32, height: f32, page: Option<(usize, usize)>) {
    let y = height - MARGIN + 12.0;
    let made = t!("report_pdf.footer", version = env!("CARGO_PKG_VERSION")).into_owned();
    c.text(MARGIN, y, SMALL_PT, MUTED, &made, Align::Left);
    if let Some((page, pages)) = page {
        c.text(width - MARGIN, y, SMALL_PT, MUTED, &format!("{page}/{pages}"), Align::Right);
    }
}
