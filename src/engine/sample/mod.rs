//! A realistic, deterministic month of CloudAscent downloads for one partner: today's
//! Insights layout (2023 data definitions: five TSV files, see [`insights_2023`]), the 2021
//! Insights layout (Microsoft 365, Azure and Dynamics 365 workbooks and the agreement
//! renewal report) or one CloudAscent workbook (long "Propensity model" tab). Messy on
//! purpose: title rows, numbers as text, size bands, placeholders, an error cell.

mod insights_2021;
mod insights_2023;
mod month;
mod workbook;

pub use insights_2021::write_insights;
pub use insights_2023::write_insights_2023;
pub use month::{Layout, SampleOptions};
pub use workbook::{LONG_HEADERS, write_workbook};

use rust_xlsxwriter::XlsxError;
use std::path::{Path, PathBuf};

/// Writes the sample of `opts.layout` into `dir`.
pub fn write_sample(dir: &Path, opts: &SampleOptions) -> Result<Vec<PathBuf>, XlsxError> {
    std::fs::create_dir_all(dir).map_err(XlsxError::IoError)?;
    match opts.layout {
        Layout::Insights2023 => write_insights_2023(dir, opts),
        Layout::Insights2021 => write_insights(dir, opts),
        Layout::Workbook => {
            let path = dir.join("CloudAscent propensity workbook.xlsx");
            write_workbook(&path, opts, None, false)?;
            Ok(vec![path])
        }
    }
}
