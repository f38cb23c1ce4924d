//! `view save` and `report`: saved views and the PDF of one.

use anyhow::{Result, anyhow, bail};

use super::args::{PaperArg, ReportArgs, ViewSaveArgs};
use super::common::{load_two, out_text};
use crate::engine::Rules;
use crate::engine::compare::Comparison;
use crate::engine::query;
use crate::engine::staging::write_atomically;
use crate::engine::view::{TableLines, View, ViewRules, ViewSort};
use crate::output::i18n::t;
use crate::output::messages::Words;
use crate::output::report::{Compared, Paper, ReportInput, write_report};
use crate::output::views::view_name;

/// Writes a view file from the filters and rules given.
pub(super) fn save_view(args: ViewSaveArgs) -> Result<()> {
    crate::output::i18n::set_language(crate::output::i18n::system_language());
    let base = args.filter.view()?.unwrap_or_default();
    let filter = args.filter.to_unchecked_filter()?;
    let rules = match (&args.rules, args.rule_set) {
        (Some(path), _) => Some(ViewRules::of(&Rules::load(path).map_err(|e| anyhow!(e.words()))?)),
        (None, Some(set)) => Some(ViewRules::BuiltIn(set.name())),
        (None, None) => base.rules.clone(),
    };
    let table = if args.accounts { TableLines::Accounts } else { base.table };
    let sort = match &args.sort {
        Some(text) => Some(ViewSort::parse(text, table).map_err(|e| anyhow!(e.words()))?),
        None => base.sort.clone(),
    };
    let view = View { name: args.name, rules, table, filter, sort, ..base };
    let shown = args.out.display().to_string();
    if args.out.exists() && !args.force {
        bail!(t!("error.export.exists", out = shown).into_owned());
    }
    write_atomically(&args.out, view.to_toml().as_bytes())
        .map_err(|e| anyhow!(t!("error.view.write", path = shown, error = e.to_string()).into_owned()))?;
    out_text(&format!("{}\n", t!("view.saved", name = view_name(&view), path = shown)))
}

/// Writes the PDF report of a month, or of two compared (`--before`).
pub(super) fn report(args: ReportArgs) -> Result<()> {
    args.load.context.apply_language();
    let view = args.filter.view()?;
    let paper = match args.paper {
        Some(PaperArg::A4) => Paper::A4,
        Some(PaperArg::Letter) => Paper::Letter,
        None => Paper::of_locale(),
    };
    let view_name = view.as_ref().map(view_name);
    let outcome = if args.before.is_empty() && args.before_month.is_none() {
        let mut session = args.load.session(view.as_ref())?;
        let filter = args.filter.to_filter(&[&session.data], view.as_ref())?;
        super::library::with_history(&mut session, &args.load, super::library::needs_history(&filter))?;
        let order = super::common::view_order(view.as_ref(), &session.data);
        let trend = super::library::report_trend(&session, &args.load, &filter);
        let trend = trend.as_deref();
        let input =
            ReportInput { session: &session, filter: &filter, view_name, comparison: None, order, paper, trend };
        write_report(&input, &args.out, args.force)?
    } else {
        let before_load = args.load.of_month(&args.before, args.before_month);
        let (mut before, mut after) = load_two(&before_load, &args.load, view.as_ref())?;
        let filter = args.filter.to_filter(&[&before.data, &after.data], view.as_ref())?;
        let needed = super::library::needs_history(&filter);
        super::library::with_history(&mut before, &before_load, needed)?;
        super::library::with_history(&mut after, &args.load, needed)?;
        let cmp = Comparison::new(before, after);
        let order = super::common::view_order(view.as_ref(), &cmp.after.data);
        let moves = view.map(|v| v.moves).unwrap_or_default();
        let pairs = query::move_pairs(&cmp, &filter, &moves, order.predictions);
        let comparison = Some(Compared { cmp: &cmp, pairs: &pairs, moves: &moves });
        let trend = super::library::report_trend(&cmp.after, &args.load, &filter);
        let trend = trend.as_deref();
        let input = ReportInput { session: &cmp.after, filter: &filter, view_name, comparison, order, paper, trend };
        write_report(&input, &args.out, args.force)?
    };
    out_text(&format!("{}\n", outcome.words()))
}
