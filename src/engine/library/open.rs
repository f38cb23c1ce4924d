//! Opening a kept month from its digest: predictions, customers, agreements and the load
//! report as stored, and the source tables read straight into tables (for their columns
//! and facets), without the builder that made the rest from them the first time. The
//! builder is most of a load once the downloads are parsed; skipping it is what makes a
//! month reopen ten times faster than its downloads parse.

use crate::engine::dataset::Dataset;
use crate::engine::load::LoadProgress;
use crate::engine::load::error::LoadError;
use crate::engine::load::report::LoadReport;
use crate::engine::load::stored::{StoredFile, read_stored};
use crate::engine::load::table::{DetectOptions, SheetEvent, Table};

use std::path::Path;

use super::digest::{DigestParts, read_digest, read_open_parts};

/// An entry opened from its digest; None when it has no digest to open from (kept by an
/// earlier release, its digest could not be written, or it is damaged).
pub(super) fn open_from_digest(
    dir: &Path,
    files: &[&StoredFile],
    detect: &DetectOptions,
    progress: &mut dyn FnMut(LoadProgress),
) -> Option<Result<Dataset, LoadError>> {
    // the digest on one thread, the tables on this one
    let (digest, tables) = std::thread::scope(|scope| {
        let digest = scope.spawn(|| {
            let parts = read_open_parts(dir)?;
            Some(parts.and_then(|parts| Ok((read_digest(dir, DigestParts::All)?, parts))))
        });
        let tables = read_tables(files, detect, progress);
        (digest.join().unwrap_or_else(|_| Some(Err("the digest's reader stopped".into()))), tables)
    });
    let tables = match tables {
        Ok(tables) => tables,
        Err(e) => return Some(Err(e)),
    };
    // a digest that cannot be read or does not fit its tables is not used: the tables
    // are still the month, built again as an earlier release kept them
    let (mut ds, (report, row_customers)) = digest?.ok()?;
    assemble(&mut ds, files, tables, report, row_customers).ok()?;
    Some(Ok(ds))
}

/// Every stored table, as the loader would have it before building on it.
fn read_tables(
    files: &[&StoredFile],
    detect: &DetectOptions,
    progress: &mut dyn FnMut(LoadProgress),
) -> Result<Vec<Table>, LoadError> {
    let mut tables: Vec<Table> = Vec::new();
    for (f, file) in files.iter().enumerate() {
        progress(LoadProgress { file: f, files: files.len(), name: file.name.clone() });
        read_stored(file, detect, &mut |event| match event {
            SheetEvent::Start(mut table) => {
                table.file = f;
                tables.push(table);
            }
            SheetEvent::Rows(chunk) => {
                if let Some(table) = tables.last_mut() {
                    table.push_chunk(chunk);
                    table.compact_last_chunk();
                }
            }
            SheetEvent::End { blank_rows, cells_outside, not_read } => {
                if let Some(table) = tables.last_mut() {
                    table.blank_rows = blank_rows;
                    table.cells_outside = cells_outside;
                    table.not_read = not_read;
                }
            }
            // a stored month is read by no xlsx reader
            SheetEvent::Skipped(_) | SheetEvent::ReadBy(_) | SheetEvent::Withdrawn => {}
        })?;
    }
    Ok(tables)
}

/// The digest and the tables as one data set, as the loader finishes one.
fn assemble(
    ds: &mut Dataset,
    files: &[&StoredFile],
    mut tables: Vec<Table>,
    report: LoadReport,
    row_customers: Vec<u32>,
) -> Result<(), String> {
    let reported: Vec<_> = report.files.iter().flat_map(|f| &f.tables).collect();
    let rows: usize = tables.iter().map(Table::rows).sum();
    if reported.len() != tables.len() || row_customers.len() != rows {
        return Err(format!(
            "its digest gives {} tables and {} rows, its files {} and {rows}",
            reported.len(),
            row_customers.len(),
            tables.len()
        ));
    }
    let customers = ds.customers.len() as u32;
    if row_customers.iter().any(|c| *c >= customers) {
        return Err("a row's customer past the customers".into());
    }
    let mut rest = row_customers.as_slice();
    for (table, reported) in tables.iter_mut().zip(&reported) {
        // the builder leaves out what it found no use for (a "Propensity" column of levels)
        table.mapping.fields.retain(|field, _| reported.mapping.iter().any(|m| m.field == *field));
        let (own, after) = rest.split_at(table.rows());
        ds.row_customers.push(own.to_vec());
        rest = after;
    }
    ds.files = files
        .iter()
        .map(|f| crate::engine::dataset::SourceFile { path: f.path.clone(), name: f.name.clone() })
        .collect();
    ds.tables = tables;
    ds.report = report;
    ds.columns = ds.source_columns();
    ds.facets = crate::engine::columns::facets(ds);
    Ok(())
}
