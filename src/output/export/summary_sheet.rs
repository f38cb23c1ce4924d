//! The Summary sheet: cards, segments, the matrix and clusters, with charts.

use super::columns::{Formats, Labels};
use crate::output::messages::Words;
use rust_xlsxwriter::{Chart, ChartType, Color, ConditionalFormatFormula, Format, Worksheet, XlsxError};

use crate::engine::Session;
use crate::engine::rules::{Band, ClusterKey, MatrixCell, Segment};
use crate::engine::summary::Summary;
use crate::output::i18n::tr;

/// A fill colour for each cluster, shared by the matrix and the charts.
pub fn cluster_rgb(key: ClusterKey) -> u32 {
    match key {
        ClusterKey::ActNow => 0x2E7D32,
        ClusterKey::Evaluate => 0x1565C0,
        ClusterKey::Nurture => 0xEF8F00,
        ClusterKey::Educate => 0x7B1FA2,
        ClusterKey::Unscored => 0x757575,
    }
}

/// A colour for each segment, in the app's pie, the PDF and the workbook's pie alike: teals
/// and browns, so that no segment wears a cluster's colour.
pub fn segment_rgb(segment: Segment) -> u32 {
    match segment {
        Segment::TopUnmanagedCompute => 0x00897B,
        Segment::TopUnmanagedUser => 0x80CBC4,
        Segment::MidSize => 0x8D6E63,
        Segment::Small => 0xBCAAA4,
        Segment::Unknown => 0x9E9E9E,
    }
}

pub(crate) fn light_rgb(key: ClusterKey) -> u32 {
    match key {
        ClusterKey::ActNow => 0xC8E6C9,
        ClusterKey::Evaluate => 0xBBDEFB,
        ClusterKey::Nurture => 0xFFE0B2,
        ClusterKey::Educate => 0xE1BEE7,
        ClusterKey::Unscored => 0xE0E0E0,
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn write_summary(
    ws: &mut Worksheet,
    sheet: &str,
    session: &Session,
    filtered: &Summary,
    whole: &Summary,
    labels: &Labels,
    f: &Formats,
    description: &str,
) -> Result<(), XlsxError> {
    let d = &session.derived;
    ws.set_column_width(0, 36)?;
    for c in 1..=12u16 {
        ws.set_column_width(c, 16)?;
    }
    ws.write_string_with_format(0, 0, tr("export.summary_title"), &f.title)?;
    ws.write_string(1, 0, crate::output::i18n::labelled(&tr("export.filter"), description))?;
    // a real date: Excel shows it in its user's order
    ws.write_string(2, 0, tr("export.as_of"))?;
    ws.write_number_with_format(2, 1, crate::engine::load::value::date_to_serial(d.as_of), &f.date_left)?;
    ws.write_string(2, 2, d.fiscal_year.words())?;
    // cards
    let mut r = 4u32;
    ws.write_string_with_format(r, 0, tr("report.cards"), &f.bold)?;
    ws.write_string_with_format(r, 1, tr("export.exported"), &f.header)?;
    ws.write_string_with_format(r, 2, tr("export.whole_source"), &f.header)?;
    let cards: [(String, f64, f64, bool); 5] = [
        (tr("card.customers"), filtered.cards.customers as f64, whole.cards.customers as f64, false),
        (
            tr("card.expiring_agreements"),
            filtered.cards.expiring_agreements as f64,
            whole.cards.expiring_agreements as f64,
            false,
        ),
        (tr("card.expiring_revenue"), filtered.cards.expiring_revenue, whole.cards.expiring_revenue, true),
        (
            tr("card.open_expiring_revenue"),
            filtered.cards.open_expiring_revenue,
            whole.cards.open_expiring_revenue,
            true,
        ),
        (tr("export.predictions"), filtered.rows as f64, whole.rows as f64, false),
    ];
    for (label, a, b, money) in cards {
        r += 1;
        ws.write_string(r, 0, label)?;
        if money {
            ws.write_number_with_format(r, 1, a, &f.money)?;
            ws.write_number_with_format(r, 2, b, &f.money)?;
        } else {
            ws.write_number(r, 1, a)?;
            ws.write_number(r, 2, b)?;
        }
    }
    // segments
    r += 2;
    let seg_header = r;
    ws.write_string_with_format(r, 0, tr("report.segments"), &f.bold)?;
    ws.write_string_with_format(r, 1, tr("export.exported"), &f.header)?;
    ws.write_string_with_format(r, 2, tr("export.share"), &f.header)?;
    ws.write_string_with_format(r, 3, tr("export.whole_source"), &f.header)?;
    for s in Segment::ALL {
        r += 1;
        ws.write_string(r, 0, &labels.segments[s.index()])?;
        ws.write_number(r, 1, filtered.segment(s) as f64)?;
        let share = if filtered.customers > 0 { filtered.segment(s) as f64 / filtered.customers as f64 } else { 0.0 };
        ws.write_number_with_format(r, 2, share, &f.percent)?;
        ws.write_number(r, 3, whole.segment(s) as f64)?;
    }
    let mut pie = Chart::new(ChartType::Pie);
    pie.title().set_name(tr("report.segments").as_str());
    let points: Vec<rust_xlsxwriter::ChartPoint> = Segment::ALL
        .iter()
        .map(|s| {
            rust_xlsxwriter::ChartPoint::new().set_format(
                rust_xlsxwriter::ChartFormat::new()
                    .set_solid_fill(rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(segment_rgb(*s)))),
            )
        })
        .collect();
    pie.add_series()
        .set_categories((sheet, seg_header + 1, 0, seg_header + 5, 0))
        .set_values((sheet, seg_header + 1, 1, seg_header + 5, 1))
        .set_points(&points);
    ws.insert_chart(4, 5, &pie)?;
    r = write_matrix(ws, r + 2, session, filtered, labels, f)?;
    // clusters
    r += 2;
    let cl_header = r;
    ws.write_string_with_format(r, 0, tr("report.clusters"), &f.bold)?;
    ws.write_string_with_format(r, 1, tr("export.exported"), &f.header)?;
    ws.write_string_with_format(r, 2, tr("export.whitespace"), &f.header)?;
    ws.write_string_with_format(r, 3, tr("export.from_workbook"), &f.header)?;
    ws.write_string_with_format(r, 4, tr("export.whole_source"), &f.header)?;
    for k in ClusterKey::ALL {
        r += 1;
        let stat = filtered.cluster(k);
        ws.write_string(r, 0, &labels.clusters[k.index()])?;
        ws.write_number(r, 1, stat.rows as f64)?;
        ws.write_number_with_format(r, 2, stat.whitespace_revenue, &f.money)?;
        ws.write_number(r, 3, stat.from_workbook as f64)?;
        ws.write_number(r, 4, whole.cluster(k).rows as f64)?;
    }
    let mut bar = Chart::new(ChartType::Column);
    bar.title().set_name(tr("report.clusters").as_str());
    bar.legend().set_hidden();
    bar.add_series()
        .set_name(tr("export.exported").as_str())
        .set_categories((sheet, cl_header + 1, 0, cl_header + 5, 0))
        .set_values((sheet, cl_header + 1, 1, cl_header + 5, 1));
    ws.insert_chart(cl_header, 6, &bar)?;
    Ok(())
}

/// The matrix from row `r`: counts, revenue, and the cluster of each cell (which colours
/// them); the last row written.
fn write_matrix(
    ws: &mut Worksheet,
    mut r: u32,
    session: &Session,
    filtered: &Summary,
    labels: &Labels,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let d = &session.derived;
    ws.write_string_with_format(r, 0, tr("report.matrix"), &f.bold)?;
    r += 1;
    let top = r;
    ws.write_string_with_format(r, 0, tr("export.fit_intent"), &f.header)?;
    for (k, b) in Band::ALL.iter().enumerate() {
        let col = 1 + k as u16;
        ws.write_string_with_format(r, col, &labels.bands[b.index()], &f.header)?;
        ws.write_string_with_format(r, col + 5, &labels.bands[b.index()], &f.header)?;
        ws.write_string_with_format(r, col + 10, &labels.bands[b.index()], &f.header)?;
    }
    ws.write_string_with_format(r - 1, 5 + 1, tr("export.whitespace_by_cell"), &f.bold)?;
    ws.write_string_with_format(r - 1, 10 + 1, tr("export.cluster_by_cell"), &f.bold)?;
    for fit in Band::ALL {
        r += 1;
        ws.write_string_with_format(r, 0, &labels.bands[fit.index()], &f.header)?;
        ws.write_string_with_format(r, 5, &labels.bands[fit.index()], &f.header)?;
        ws.write_string_with_format(r, 10, &labels.bands[fit.index()], &f.header)?;
        for intent in Band::ALL {
            let cell = MatrixCell::new(fit, intent);
            let col = 1 + intent.index() as u16;
            let stat = filtered.cell(cell);
            ws.write_number(r, col, stat.rows as f64)?;
            ws.write_number_with_format(r, col + 5, stat.whitespace_revenue, &f.money)?;
            let cluster = ClusterKey::from_cluster(Some(d.rules.cluster_of(cell)));
            ws.write_string(r, col + 10, format!("{} {}", cell.name(), labels.clusters[cluster.index()]))?;
        }
    }
    // colour the counts and revenue by the cluster named in the third grid
    for key in [ClusterKey::ActNow, ClusterKey::Evaluate, ClusterKey::Nurture, ClusterKey::Educate] {
        let fill = Format::new().set_background_color(Color::RGB(light_rgb(key)));
        let letter = key.cluster().map(|c| c.letter()).unwrap_or('a');
        // relative to each grid's top-left cell, the same offset reaches the cluster grid
        let formula = format!("=LEFT(L{},1)=\"{letter}\"", top + 2);
        let rule = ConditionalFormatFormula::new().set_rule(formula.as_str()).set_format(&fill);
        ws.add_conditional_format(top + 1, 1, top + 4, 4, &rule)?;
        ws.add_conditional_format(top + 1, 6, top + 4, 9, &rule)?;
        ws.add_conditional_format(top + 1, 11, top + 4, 14, &rule)?;
    }
    Ok(r)
}
