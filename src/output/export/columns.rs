//! What a target list holds: the source columns (the union over files) and the computed
//! ones, their headers, kinds and values, and the formats of the workbook.

use rust_xlsxwriter::{Color, Format, FormatAlign, Worksheet, XlsxError};

use super::cell::excel_text;
use crate::engine::Session;
use crate::engine::dataset::{Dataset, ScoreState, WHOLE_ROW};
use crate::engine::derive::Agreement;
use crate::engine::load::fields::Field;
use crate::engine::load::table::Shape;
use crate::engine::load::value::Cell;
use crate::engine::rules::{Band, ClusterKey, ClusterSource, Segment};
use crate::output::i18n::{self, tr};

/// What an exported column holds, for its number format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    Plain,
    Id,
    Money,
    Date,
}

/// Columns computed for every exported prediction (DOMAIN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Computed {
    Product,
    Fit,
    Intent,
    FitBand,
    IntentBand,
    Cell,
    Cluster,
    ClusterSource,
    WorkbookCluster,
    Agrees,
    Segment,
}

impl Computed {
    pub(crate) fn header(self) -> String {
        tr(match self {
            Computed::Product => "export.col.product",
            Computed::Fit => "export.col.fit",
            Computed::Intent => "export.col.intent",
            Computed::FitBand => "export.col.fit_band",
            Computed::IntentBand => "export.col.intent_band",
            Computed::Cell => "export.col.cell",
            Computed::Cluster => "export.col.cluster",
            Computed::ClusterSource => "export.col.cluster_source",
            Computed::WorkbookCluster => "export.col.workbook_cluster",
            Computed::Agrees => "export.col.agrees",
            Computed::Segment => "export.col.segment",
        })
    }
}

/// The exported columns: the union of the source columns (first seen first) and the
/// computed ones.
pub(crate) struct Columns {
    pub(crate) source_file: bool,
    pub(crate) headers: Vec<String>,
    pub(crate) kinds: Vec<ColumnKind>,
    /// Per table (the tables of each data set planned, one after the other): output column
    /// of each table column.
    pub(crate) map: Vec<Vec<usize>>,
    pub(crate) computed: Vec<Computed>,
}

impl Columns {
    pub(crate) fn plan(ds: &Dataset) -> Columns {
        Columns::plan_many(&[ds])
    }

    /// The union over several data sets (a comparison's two months): see [`Columns::table_map`].
    pub(crate) fn plan_many(datasets: &[&Dataset]) -> Columns {
        let tables: Vec<(&Dataset, usize)> =
            datasets.iter().flat_map(|ds| (0..ds.tables.len()).map(move |t| (*ds, t))).collect();
        let union =
            crate::engine::dataset::union_columns(&tables.iter().map(|(ds, t)| &ds.tables[*t]).collect::<Vec<_>>());
        let headers: Vec<String> = union.iter().map(|c| c.header.clone()).collect();
        let mut kinds = vec![ColumnKind::Plain; union.len()];
        let mut map: Vec<Vec<usize>> = tables.iter().map(|(ds, t)| vec![0; ds.tables[*t].headers.len()]).collect();
        for (out, column) in union.iter().enumerate() {
            for (flat, col) in column.per_table.iter().enumerate() {
                let Some(col) = *col else { continue };
                let (ds, t) = tables[flat];
                map[flat][col] = out;
                match ds.field_of(t, col) {
                    Some(Field::CustomerId | Field::Duns | Field::AgreementId) => kinds[out] = ColumnKind::Id,
                    Some(Field::WhitespaceRevenue | Field::ExpiringRevenue | Field::AzurePotential) => {
                        kinds[out] = ColumnKind::Money
                    }
                    _ if holds_dates(&ds.tables[t], col) => kinds[out] = ColumnKind::Date,
                    _ => {}
                }
            }
        }
        let all_long = datasets.iter().all(|ds| ds.tables.iter().all(|t| t.shape == Shape::Long));
        let mut computed = Vec::new();
        if !all_long {
            computed.extend([Computed::Product, Computed::Fit, Computed::Intent]);
        }
        computed.extend([
            Computed::FitBand,
            Computed::IntentBand,
            Computed::Cell,
            Computed::Cluster,
            Computed::ClusterSource,
            Computed::WorkbookCluster,
            Computed::Agrees,
            Computed::Segment,
        ]);
        let files: usize = datasets.iter().map(|ds| ds.files.len()).sum();
        Columns { source_file: files > 1, headers, kinds, map, computed }
    }

    /// The output columns of table `t` of the `nth` data set planned.
    pub(crate) fn table_map(&self, datasets: &[&Dataset], nth: usize, t: usize) -> &[usize] {
        let before: usize = datasets[..nth].iter().map(|ds| ds.tables.len()).sum();
        &self.map[before + t]
    }

    /// The source columns only: the file name column (when several files) and the union.
    pub(crate) fn source_headers(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.headers.len() + 1);
        if self.source_file {
            out.push(tr("export.col.source_file"));
        }
        out.extend(self.headers.iter().cloned());
        out
    }

    /// Column formats for the source columns (ids, money, dates).
    pub(crate) fn set_formats(&self, ws: &mut Worksheet, formats: &Formats) -> Result<(), XlsxError> {
        let offset = usize::from(self.source_file);
        for (k, kind) in self.kinds.iter().enumerate() {
            let format = match kind {
                ColumnKind::Plain => continue,
                ColumnKind::Id => &formats.id,
                ColumnKind::Money => &formats.money,
                ColumnKind::Date => &formats.date,
            };
            ws.set_column_format((offset + k) as u16, format)?;
        }
        Ok(())
    }

    /// Writes the source cells of one row of table `t`; returns the first column after them.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn write_source_row(
        &self,
        ws: &mut Worksheet,
        r: u32,
        ds: &Dataset,
        table_map: &[usize],
        t: usize,
        row: usize,
        formats: &Formats,
        widths: &mut [usize],
    ) -> Result<usize, XlsxError> {
        let table = &ds.tables[t];
        if self.source_file {
            let name = &ds.files[table.file].name;
            widths[0] = widths[0].max(name.len());
            ws.write_string(r, 0, name)?;
        }
        let offset = usize::from(self.source_file);
        for (c, out) in table_map.iter().enumerate() {
            let col = offset + out;
            let w = &mut widths[col];
            match table.cell(row, c) {
                Cell::Empty => {}
                Cell::Number(v) => {
                    // money and id columns carry their number format as a column format
                    ws.write_number(r, col as u16, v)?;
                    *w = (*w).max(number_width(v));
                }
                Cell::Text(s) => {
                    // written as a string, never a formula, whatever it starts with
                    ws.write_string(r, col as u16, excel_text(s))?;
                    *w = (*w).max(s.chars().count());
                }
                Cell::Bool(b) => {
                    ws.write_boolean(r, col as u16, b)?;
                    *w = (*w).max(5);
                }
                Cell::Date(d) => {
                    if self.kinds[*out] == ColumnKind::Date {
                        ws.write_number(r, col as u16, d)?;
                    } else {
                        ws.write_number_with_format(r, col as u16, d, &formats.date)?;
                    }
                    *w = (*w).max(10);
                }
                Cell::Error(e) => {
                    ws.write_string(r, col as u16, e.as_str())?;
                }
            }
        }
        Ok(offset + self.headers.len())
    }

    pub(crate) fn width(&self) -> usize {
        usize::from(self.source_file) + self.headers.len() + self.computed.len()
    }

    pub(crate) fn header_row(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.width());
        if self.source_file {
            out.push(tr("export.col.source_file"));
        }
        out.extend(self.headers.iter().cloned());
        out.extend(self.computed.iter().map(|c| c.header()));
        out
    }
}

/// A column whose first values are all dates.
pub(crate) fn holds_dates(table: &crate::engine::load::table::Table, col: usize) -> bool {
    let mut seen = false;
    for row in 0..table.rows().min(100) {
        match table.cell(row, col) {
            Cell::Date(_) => seen = true,
            Cell::Empty => {}
            _ => return false,
        }
    }
    seen
}

/// Labels translated once per export, not per row.
pub(crate) struct Labels {
    pub(crate) clusters: [String; 5],
    pub(crate) segments: [String; 5],
    pub(crate) bands: [String; 4],
    pub(crate) sources: [String; 3],
    pub(crate) yes: String,
    pub(crate) no: String,
}

impl Labels {
    pub(crate) fn new() -> Labels {
        Labels {
            clusters: ClusterKey::ALL.map(i18n::cluster_name),
            segments: Segment::ALL.map(i18n::segment_name),
            bands: Band::ALL.map(i18n::band_name),
            sources: [tr("export.source.recomputed"), tr("export.source.workbook"), tr("export.source.unscored")],
            yes: tr("export.yes"),
            no: tr("export.no"),
        }
    }
}

/// A computed value of one prediction.
pub(crate) enum Value<'a> {
    Empty,
    Number(f64),
    Text(&'a str),
}

pub(crate) fn computed_value<'a>(session: &'a Session, labels: &'a Labels, i: usize, what: Computed) -> Value<'a> {
    let ds = &session.data;
    let d = &session.derived;
    let p = &ds.predictions;
    let score = |value: f64, state: ScoreState| match state {
        ScoreState::Number => Value::Number(value),
        ScoreState::Label(b) => Value::Text(&labels.bands[b.index()]),
        _ => Value::Empty,
    };
    let band = |b: Option<Band>| b.map(|b| Value::Text(&labels.bands[b.index()])).unwrap_or(Value::Empty);
    match what {
        Computed::Product => Value::Text(ds.products.name(p.product[i])),
        Computed::Fit => score(p.fit.value[i], p.fit.state[i]),
        Computed::Intent => score(p.intent.value[i], p.intent.state[i]),
        Computed::FitBand => band(d.fit_band[i]),
        Computed::IntentBand => band(d.intent_band[i]),
        Computed::Cell => d.matrix_cell(i).map(|c| Value::Text(c.name())).unwrap_or(Value::Empty),
        Computed::Cluster => Value::Text(&labels.clusters[d.cluster[i] as usize]),
        Computed::ClusterSource => Value::Text(
            &labels.sources[match d.source[i] {
                ClusterSource::Recomputed => 0,
                ClusterSource::Workbook => 1,
                ClusterSource::Unscored => 2,
            }],
        ),
        Computed::WorkbookCluster => {
            let table = &ds.tables[p.table[i] as usize];
            let col = if p.group[i] == WHOLE_ROW {
                table.mapping.get(Field::Cluster)
            } else {
                table.mapping.groups.get(p.group[i] as usize).and_then(|g| g.cluster)
            };
            match col.map(|c| table.cell(p.row[i] as usize, c)) {
                Some(Cell::Text(t)) => Value::Text(t),
                Some(Cell::Error(e)) => Value::Text(e.as_str()),
                _ => Value::Empty,
            }
        }
        Computed::Agrees => match d.agreement[i] {
            Agreement::Agrees => Value::Text(&labels.yes),
            Agreement::Disagrees => Value::Text(&labels.no),
            _ => Value::Empty,
        },
        Computed::Segment => Value::Text(&labels.segments[d.segment[p.customer[i] as usize].index()]),
    }
}

/// Excel's sheet-name rules: at most 31 characters, none of []:*?/\, not blank, unique.
pub fn safe_sheet_name(name: &str, taken: &[String]) -> String {
    let cleaned: String =
        name.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '_' } else { c }).collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    let base: String = if cleaned.is_empty() { "Sheet".into() } else { cleaned.chars().take(31).collect() };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!(" ({n})");
        candidate = format!("{}{suffix}", base.chars().take(31 - suffix.chars().count()).collect::<String>());
        n += 1;
    }
    candidate
}

pub(crate) struct Formats {
    pub(crate) header: Format,
    pub(crate) date: Format,
    /// A date in a column of text, aligned with it.
    pub(crate) date_left: Format,
    pub(crate) money: Format,
    pub(crate) id: Format,
    pub(crate) title: Format,
    pub(crate) bold: Format,
    pub(crate) percent: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_background_color(Color::RGB(0xE7EEF7)).set_align(FormatAlign::Center),
            // Excel's built-in short date (14): shown in its user's own order and separators
            date: Format::new().set_num_format_index(14),
            date_left: Format::new().set_num_format_index(14).set_align(FormatAlign::Left),
            money: Format::new().set_num_format("$#,##0.00"),
            id: Format::new().set_num_format("0"),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            percent: Format::new().set_num_format("0.0%"),
        }
    }
}

pub(crate) fn number_width(v: f64) -> usize {
    let digits = if v.abs() >= 1.0 { v.abs().log10().floor() as usize + 1 } else { 1 };
    digits + if v.fract() != 0.0 { 4 } else { 0 } + usize::from(v < 0.0) + digits / 3
}
