//! Paths: what a list of paths opens, default names for saved files, and writing a file so
//! that a crash never leaves it cut short.

use std::path::PathBuf;

use super::state::{AppState, ExportChoice};
use crate::engine::load::read::Origin;
use crate::engine::view::TableLines;
use crate::engine::{ClusterKey, Filter, LoadError, Source};
use crate::output::i18n::t;

/// The sources of files and folders given: a folder's workbooks and CSV files (flagged, so
/// that those holding no propensity data are skipped rather than failing the load).
pub(crate) fn sources_of(paths: &[PathBuf]) -> Result<Vec<(Source, Origin)>, LoadError> {
    let mut sources = Vec::new();
    for path in paths {
        if path.is_dir() {
            let files = crate::engine::load::read::expand_paths(std::slice::from_ref(path))?;
            sources.extend(files.into_iter().map(|f| (Source::Path(f), Origin::InFolder)));
        } else {
            sources.push((Source::Path(path.clone()), Origin::Named));
        }
    }
    Ok(sources)
}

/// "targets-act-now.xlsx" from the filter in force.
pub(crate) fn default_export_name(filter: &Filter, choice: &ExportChoice) -> String {
    let first = match (choice.crm, choice.lines) {
        (Some(crm), _) => format!("accounts-{}", crm.key()),
        (None, TableLines::Accounts) => "accounts".into(),
        (None, TableLines::Predictions) => "targets".into(),
    };
    let csv = choice.csv || choice.crm.is_some();
    let mut parts: Vec<String> = vec![first];
    for p in filter.parts().iter().take(2) {
        for v in p.values.iter().filter(|v| !v.is_empty()).take(2) {
            parts.push(v.replace('_', "-").to_lowercase().replace(|c: char| !c.is_alphanumeric() && c != '-', "-"));
        }
    }
    format!("{}.{}", parts.join("-"), if csv { "csv" } else { "xlsx" })
}

/// "movers-evaluate-act-now.xlsx" from the moves chosen.
pub(crate) fn default_movers_name(s: &AppState) -> String {
    let mut parts: Vec<String> = vec!["movers".into()];
    if let Some(c) = &s.compare {
        let m = &c.moves;
        if m.up {
            parts.push("up".into());
        }
        if m.down {
            parts.push("down".into());
        }
        let key = |row: usize, none: &str| ClusterKey::ALL.get(row).map(|k| k.key()).unwrap_or(none).replace('_', "-");
        for &(r, col) in m.cells.iter().take(2) {
            parts.push(format!("{}-{}", key(r as usize, "new"), key(col as usize, "gone")));
        }
    }
    format!("{}.xlsx", parts.join("-"))
}

pub use crate::engine::staging::write_atomically;

/// A month in a few words: its file, or its folder and how many files.
pub fn short_title(data: &crate::engine::Dataset) -> String {
    match data.files.as_slice() {
        [one] => one.name.clone(),
        files => {
            let folder = files
                .first()
                .and_then(|f| std::path::Path::new(&f.path).parent())
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            t!(&crate::output::i18n::plural("compare.files_in", files.len()), count = files.len(), folder = folder)
                .into_owned()
        }
    }
}
