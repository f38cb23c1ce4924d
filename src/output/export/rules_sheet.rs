//! The Rules sheet: files, the filter in words and every rule in force.

use super::columns::Formats;
use super::summary_sheet::light_rgb;
use crate::engine::filter::FilterKind;
use crate::output::messages::Words;
use rust_xlsxwriter::{Color, Format, Worksheet, XlsxError};

use crate::engine::Session;
use crate::engine::filter::Filter;
use crate::engine::rules::{Band, ClusterKey, MatrixCell, Segment};
use crate::output::i18n::{self, t, tr};

/// The filter in words, in the language in force.
pub fn describe_filter(filter: &Filter) -> String {
    let parts = filter.parts();
    if parts.is_empty() {
        return tr("export.no_filter");
    }
    parts
        .iter()
        .map(|p| {
            let column = p.column.clone().unwrap_or_default();
            if p.kind == FilterKind::Range {
                let (from, to) =
                    (p.values.first().cloned().unwrap_or_default(), p.values.get(1).cloned().unwrap_or_default());
                return match (from.is_empty(), to.is_empty()) {
                    (false, false) => t!("filter.range_both", column = column, from = from, to = to).into_owned(),
                    (false, true) => t!("filter.range_from", column = column, from = from).into_owned(),
                    _ => t!("filter.range_to", column = column, to = to).into_owned(),
                };
            }
            if p.kind == FilterKind::Streak {
                let cluster = p.values.first().and_then(|v| ClusterKey::from_key(v));
                let months = p.values.get(1).cloned().unwrap_or_default();
                let cluster = cluster.map(i18n::cluster_name).unwrap_or_default();
                return t!("filter.streak", cluster = cluster, months = months).into_owned();
            }
            if p.kind == FilterKind::NewThisMonth {
                return tr("filter.kind.new_this_month");
            }
            if p.kind == FilterKind::Column {
                let values: Vec<String> =
                    p.values.iter().map(|v| if v.is_empty() { tr("filter.blank") } else { v.clone() }).collect();
                return crate::output::i18n::labelled(&column, &values.join(&format!(" {} ", tr("filter.or"))));
            }
            let values: Vec<String> = p
                .values
                .iter()
                .map(|v| match p.kind {
                    FilterKind::Cluster => ClusterKey::from_key(v).map(i18n::cluster_name).unwrap_or_else(|| v.clone()),
                    FilterKind::Segment => Segment::from_key(v).map(i18n::segment_name).unwrap_or_else(|| v.clone()),
                    _ => v.clone(),
                })
                .collect();
            crate::output::i18n::labelled(&tr(&format!("filter.kind.{}", p.kind.key())), &values.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn write_rules(
    ws: &mut Worksheet,
    session: &Session,
    description: &str,
    rows: usize,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let ds = &session.data;
    let d = &session.derived;
    let rules = &d.rules;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 60)?;
    ws.write_string_with_format(0, 0, tr("export.rules_title"), &f.title)?;
    let mut r = 2u32;
    let line = |ws: &mut Worksheet, r: &mut u32, key: String, value: String| -> Result<(), XlsxError> {
        ws.write_string_with_format(*r, 0, key, &f.bold)?;
        ws.write_string(*r, 1, value)?;
        *r += 1;
        Ok(())
    };
    for file in &ds.report.files {
        line(ws, &mut r, tr("export.source_file"), file.path.clone())?;
        for t in &file.tables {
            line(
                ws,
                &mut r,
                format!("  {}", tr("export.sheet_and_header")),
                format!(
                    "{} / {} {} ({})",
                    t.sheet,
                    tr("export.header_row"),
                    t.header_row,
                    tr(&format!("shape.{}", t.shape.key()))
                ),
            )?;
        }
    }
    // a real date (Excel shows it its user's way), the fiscal year beside it
    ws.write_string_with_format(r, 0, tr("export.as_of"), &f.bold)?;
    ws.write_number_with_format(r, 1, crate::engine::load::value::date_to_serial(d.as_of), &f.date_left)?;
    ws.write_string(r, 2, d.fiscal_year.words())?;
    r += 1;
    line(ws, &mut r, tr("export.filter"), description.to_string())?;
    line(ws, &mut r, tr("export.rows"), rows.to_string())?;
    line(ws, &mut r, tr("export.rules_in_force"), crate::output::i18n::rules_name(rules))?;
    line(ws, &mut r, tr("export.band_high"), format!("{}", rules.bands.high))?;
    line(ws, &mut r, tr("export.band_medium"), format!("{}", rules.bands.medium))?;
    line(ws, &mut r, tr("export.band_low"), format!("{}", rules.bands.low))?;
    line(ws, &mut r, tr("export.seg_azure"), format!("{}", rules.segments.azure_potential_over))?;
    line(ws, &mut r, tr("export.seg_user"), format!("{}", rules.segments.user_based_employees_from))?;
    line(ws, &mut r, tr("export.seg_mid"), format!("{}", rules.segments.mid_size_employees_from))?;
    r += 1;
    ws.write_string_with_format(r, 0, tr("export.cell_map"), &f.bold)?;
    r += 1;
    ws.write_string_with_format(r, 0, tr("export.fit_intent"), &f.header)?;
    for b in Band::ALL {
        ws.write_string_with_format(r, 1 + b.index() as u16, i18n::band_name(b), &f.header)?;
    }
    for fit in Band::ALL {
        r += 1;
        ws.write_string_with_format(r, 0, i18n::band_name(fit), &f.header)?;
        for intent in Band::ALL {
            let cell = MatrixCell::new(fit, intent);
            let key = ClusterKey::from_cluster(Some(rules.cluster_of(cell)));
            let fmt = Format::new().set_background_color(Color::RGB(light_rgb(key)));
            ws.write_string_with_format(
                r,
                1 + intent.index() as u16,
                format!("{} {}", cell.name(), i18n::cluster_name(key)),
                &fmt,
            )?;
        }
    }
    Ok(r + 1)
}
