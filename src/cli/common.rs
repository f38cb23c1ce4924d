//! What the commands share: printing, and loading two months.

use anyhow::{Result, anyhow};

use super::args::LoadArgs;
use crate::engine::Session;
use crate::output::i18n::t;
use crate::output::terminal::terminal_safe;

/// Writes text for people to standard output, its control characters escaped (they come
/// from the data: see [`terminal_safe`]).
pub(super) fn out_text(text: &str) -> Result<()> {
    out(&terminal_safe(text))
}

/// Writes to standard output as it is (JSON, TOML, completions); a reader that went away
/// (`| head`) is not an error.
pub(super) fn out(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow!(t!("error.cli.output", error = e.to_string()).into_owned()))
        }
        _ => Ok(()),
    }
}

/// Loads two months side by side.
pub(super) fn load_two(
    before: &LoadArgs,
    after: &LoadArgs,
    view: Option<&crate::engine::view::View>,
) -> Result<(Session, Session)> {
    let (before, after) = std::thread::scope(|scope| {
        let before = scope.spawn(|| before.session(view));
        let after = after.session(view);
        (before.join(), after)
    });
    Ok((before.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?, after?))
}

/// The order of a view given with --view, as each table takes it in `ds`.
pub(super) fn view_order(
    view: Option<&crate::engine::view::View>,
    ds: &crate::engine::Dataset,
) -> crate::engine::query::ViewOrder {
    crate::engine::query::ViewOrder::of(view.and_then(|v| v.sort.as_ref()), ds)
}
