//! Saved views in words: their names (the built-in ones translated), what a month lacked
//! when one was applied, and their errors.

use crate::engine::view::{Missing, View, ViewError};
use crate::output::i18n::{self, t, tr};
use crate::output::messages::Words;

/// The name shown: a built-in view's in the language in force, else the name given.
pub fn view_name(view: &View) -> String {
    display_name(&view.name)
}

/// A view's name as shown (built-in views are stored by key).
pub fn display_name(name: &str) -> String {
    let is_built_in = View::built_in().iter().any(|v| v.name == name);
    if is_built_in { tr(&format!("view.builtin.{name}")) } else { name.to_string() }
}

/// "View “France mid-size”: this month has no Country France, no column Employees; the
/// rest applies."
pub fn missing_words(name: &str, missing: &[Missing]) -> String {
    let parts: Vec<String> = missing
        .iter()
        .map(|m| match m {
            Missing::Value { dimension, value } => {
                i18n::labelled(&tr(&format!("filter.kind.{}", dimension.key())), value)
            }
            Missing::Flag(flag) => i18n::labelled(&tr("filter.kind.flag"), flag),
            Missing::Column(column) => i18n::labelled(&tr("view.missing_column"), column),
        })
        .collect();
    t!("view.missing", name = display_name(name), missing = parts.join("; ")).into_owned()
}

impl Words for ViewError {
    fn words(&self) -> String {
        match self {
            ViewError::Read { path, source } => t!("error.view.read", path = path, error = source.words()).into_owned(),
            ViewError::Parse { path, message } => t!("error.view.invalid", path = path, message = message).into_owned(),
            ViewError::Rules { path, problem } => {
                t!("error.view.invalid", path = path, message = problem.words()).into_owned()
            }
            ViewError::Disjoint { kind } => {
                t!("error.view.disjoint", kind = tr(&format!("filter.kind.{}", kind.key()))).into_owned()
            }
        }
    }
}
