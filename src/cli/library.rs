//! `library` and `trend`: the months kept, and the figures across them; the customers'
//! months before the one shown, for `--streak`, `--new` and the accounts' history columns.

use anyhow::{Context, Result, anyhow};
use std::sync::Arc;

use super::args::{Lang, LibraryAddArgs, LibraryCommand, LoadArgs, TrendArgs};
use super::common::{out, out_text};
use crate::engine::library::{KeepOptions, Kept, LibraryError, Month, Replace, month_in_data};
use crate::engine::trend::{Trend, TrendRequest};
use crate::engine::{Dataset, Filter, Session};
use crate::output::i18n;
use crate::output::library::{kept_words, listing_json, listing_text, trend_json, trend_text};
use crate::output::messages::Words;

fn words(e: LibraryError) -> anyhow::Error {
    anyhow!(e.words())
}

pub(super) fn library(command: LibraryCommand) -> Result<()> {
    match command {
        LibraryCommand::Add(args) => add(*args),
        LibraryCommand::List { json, library } => {
            let library = library.library()?;
            let listing = library.list().map_err(words)?;
            let root = library.root.display().to_string();
            if json {
                let json = listing_json(&root, &listing);
                out(&format!("{}\n", serde_json::to_string_pretty(&json).context("cannot write JSON")?))
            } else {
                out_text(&listing_text(&root, &listing))
            }
        }
        LibraryCommand::Remove { month, library } => {
            library.library()?.remove(month).map_err(words)?;
            out_text(&format!("{}\n", i18n::t!("library.removed", month = month.key())))
        }
        LibraryCommand::Path { library } => out_text(&format!("{}\n", library.library()?.root.display())),
    }
}

fn add(args: LibraryAddArgs) -> Result<()> {
    match args.lang {
        Some(Lang::Fr) => i18n::set_language("fr"),
        Some(Lang::En) => i18n::set_language("en"),
        None => {}
    }
    let library = args.library.library()?;
    let opts = args.read.load_options();
    let ds = Dataset::load_paths(&args.paths, &opts, &mut |_| {}).map_err(|e| anyhow!(e.words()))?;
    let month = args.month.or_else(|| month_in_data(&ds)).ok_or_else(|| words(LibraryError::MonthUnknown))?;
    let keep = KeepOptions {
        month,
        replace: if args.force { Replace::Replace } else { Replace::Refuse },
        overrides: args.read.map.clone(),
        sample: false,
    };
    let kept = library.keep(&ds, &keep).map_err(words)?;
    if let (Kept::AlreadyKept { month: kept_as }, Some(asked)) = (kept, args.month)
        && kept_as != asked
    {
        eprintln!("{}", i18n::t!("library.kept_as_other", month = asked.key(), other = kept_as.key()));
    }
    out_text(&format!("{}\n", kept_words(kept)))
}

pub(super) fn trend(args: TrendArgs) -> Result<()> {
    args.context.apply_language();
    let view = args.filter.view()?;
    let rules = args.context.rules(view.as_ref())?;
    let filter = args.filter.to_unchecked_filter()?;
    let library = args.library.library()?;
    let load = crate::engine::LoadOptions::default();
    let request = TrendRequest {
        filter: &filter,
        rules: &rules,
        as_of: args.context.as_of(),
        from: args.from,
        to: args.to,
        load: &load,
    };
    let trend = Trend::compute(&library, &request, &mut |_| {}).map_err(words)?;
    if args.json {
        let json = trend_json(&trend.months);
        return out(&format!("{}\n", serde_json::to_string_pretty(&json).context("cannot write JSON")?));
    }
    out_text(&trend_text(&trend.months))
}

/// Whether a filter asks about the months before (a streak, or new customers).
pub(super) fn needs_history(filter: &Filter) -> bool {
    filter.streak.is_some() || filter.new_this_month
}

/// Gives the session its customers' months before, from the library, when `needed` (a
/// streak or "new" filter, the accounts' history columns). The month shown is `--month`,
/// else the one its data names; without either, it is known alone (said on stderr).
pub(super) fn with_history(session: &mut Session, load: &LoadArgs, needed: bool) -> Result<()> {
    if !needed {
        return Ok(());
    }
    let Some(month) = load.month.or_else(|| month_in_data(&session.data)) else {
        eprintln!("{}", i18n::tr("library.month_alone"));
        return Ok(());
    };
    let history = history_before(session, load, month)?;
    Arc::make_mut(&mut session.derived).history = Some(Arc::new(history));
    Ok(())
}

/// The trend a report shows: the library's months up to the month shown (when it is
/// known), under the session's rules and the filter; None with fewer than two months or
/// without a library.
pub(super) fn report_trend(
    session: &Session,
    load: &LoadArgs,
    filter: &Filter,
) -> Option<Vec<crate::engine::trend::MonthFigures>> {
    let library = load.library.library().ok()?;
    let to = load.month.or_else(|| month_in_data(&session.data));
    let opts = load.read.load_options();
    let rules = session.derived.rules.clone();
    let filter = Filter { streak: None, new_this_month: false, ..filter.clone() };
    let request =
        TrendRequest { filter: &filter, rules: &rules, as_of: session.derived.as_of, from: None, to, load: &opts };
    let trend = Trend::compute(&library, &request, &mut |_| {}).ok()?;
    (trend.months.len() > 1).then_some(trend.months)
}

fn history_before(session: &Session, load: &LoadArgs, month: Month) -> Result<crate::engine::history::CustomerHistory> {
    let library = load.library.library()?;
    let opts = load.read.load_options();
    let rules = session.derived.rules.clone();
    let request = TrendRequest {
        filter: &Filter::default(),
        rules: &rules,
        as_of: session.derived.as_of,
        from: None,
        to: Some(month.previous()),
        load: &opts,
    };
    let trend = Trend::compute(&library, &request, &mut |_| {}).map_err(words)?;
    Ok(trend.history_for(&session.data, &session.derived, month))
}
