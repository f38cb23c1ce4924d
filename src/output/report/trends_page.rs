//! The report's trends page, when the library holds more than one month: the predictions
//! per cluster over the last twelve months, as lines and as figures.

use super::canvas::{Align, Canvas, INK, MUTED, RULE};
use super::overview::{MARGIN, SMALL_PT, TABLE_PT, footer};
use crate::engine::ClusterKey;
use crate::engine::trend::MonthFigures;
use crate::output::export::cluster_rgb;
use crate::output::i18n::{self, t, tr};
use crate::output::library::month_name;

/// The months the page shows at most, the last ones.
pub const TREND_MONTHS: usize = 12;

pub fn draw(c: &mut Canvas<'_, '_>, months: &[MonthFigures], (width, height): (f32, f32), page: (usize, usize)) {
    let months = &months[months.len().saturating_sub(TREND_MONTHS)..];
    let inner = width - 2.0 * MARGIN;
    let mut y = MARGIN + 14.0;
    c.text_in((MARGIN, y), 17.0, INK, &tr("report_pdf.trends_title"), inner, Align::Left);
    y += 15.0;
    if let (Some(first), Some(last)) = (months.first(), months.last()) {
        let span =
            t!("trends.heading", count = months.len(), from = month_name(first.month), to = month_name(last.month));
        c.text_in((MARGIN, y), 8.0, MUTED, &span, inner, Align::Left);
    }
    let chart_h = (height - y - 200.0).max(120.0);
    chart(c, months, (MARGIN, y + 16.0), (inner, chart_h));
    table(c, months, MARGIN, y + 16.0 + chart_h + 28.0, inner);
    footer(c, width, height, Some(page));
}

/// A line per cluster, months across, predictions up; the axis from zero.
fn chart(c: &mut Canvas<'_, '_>, months: &[MonthFigures], (x, y): (f32, f32), (w, h): (f32, f32)) {
    let legend_w = 110.0;
    let plot_w = w - legend_w - 40.0;
    let (left, bottom) = (x + 40.0, y + h);
    let max = months.iter().flat_map(|m| m.clusters).max().unwrap_or(0).max(1);
    let top = nice_ceiling(max);
    for k in 0..=4 {
        let value = top * k / 4;
        let gy = bottom - h * k as f32 / 4.0;
        c.line(left, gy, left + plot_w, gy, RULE);
        c.text(left - 4.0, gy + 2.5, SMALL_PT, MUTED, &i18n::format_count(value), Align::Right);
    }
    let step = if months.len() > 1 { plot_w / (months.len() - 1) as f32 } else { 0.0 };
    for (i, m) in months.iter().enumerate() {
        let label = t!("month.short_name", month = tr(&format!("month.short.{}", m.month.month)), year = m.month.year);
        c.text(left + step * i as f32, bottom + 11.0, SMALL_PT, MUTED, &label, Align::Center);
    }
    for (row, key) in ClusterKey::ALL.iter().enumerate() {
        let points: Vec<(f32, f32)> = months
            .iter()
            .enumerate()
            .map(|(i, m)| (left + step * i as f32, bottom - h * m.clusters[key.index()] as f32 / top as f32))
            .collect();
        c.polyline(&points, 1.6, cluster_rgb(*key));
        let ly = y + 10.0 + row as f32 * 14.0;
        c.rect(left + plot_w + 16.0, ly - 6.0, 10.0, 3.0, cluster_rgb(*key));
        c.text_in((left + plot_w + 30.0, ly), TABLE_PT, INK, &i18n::cluster_name(*key), legend_w - 20.0, Align::Left);
    }
}

/// 1, 2 or 5 times a power of ten, at or above `n`.
fn nice_ceiling(n: usize) -> usize {
    let mut power = 1usize;
    while power.saturating_mul(10) <= n {
        power *= 10;
    }
    [1, 2, 5, 10].iter().map(|k| k * power).find(|v| *v >= n).unwrap_or(n)
}

/// The figures: a row per cluster, a column per month.
fn table(c: &mut Canvas<'_, '_>, months: &[MonthFigures], x: f32, y: f32, w: f32) {
    let label_w = 110.0;
    let col_w = (w - label_w) / months.len().max(1) as f32;
    for (i, m) in months.iter().enumerate() {
        let label = t!("month.short_name", month = tr(&format!("month.short.{}", m.month.month)), year = m.month.year);
        c.text(x + label_w + col_w * (i as f32 + 1.0) - 3.0, y, SMALL_PT, MUTED, &label, Align::Right);
    }
    c.line(x, y + 4.0, x + w, y + 4.0, RULE);
    for (row, key) in ClusterKey::ALL.iter().enumerate() {
        let ry = y + 16.0 + row as f32 * 13.0;
        c.text_in((x, ry), TABLE_PT, INK, &i18n::cluster_name(*key), label_w - 4.0, Align::Left);
        for (i, m) in months.iter().enumerate() {
            let n = i18n::format_count(m.clusters[key.index()]);
            c.text(x + label_w + col_w * (i as f32 + 1.0) - 3.0, ry, TABLE_PT, INK, &n, Align::Right);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn axis_tops_are_round() {
        assert_eq!([1, 7, 12, 250, 1611, 9_999].map(super::nice_ceiling), [1, 10, 20, 500, 2000, 10_000]);
    }
}
