//! The headless command line: the same engine as the app, for scripts and tests.

use anyhow::{Context, Result, anyhow, bail};
use std::path::PathBuf;

use crate::engine::query;
use crate::engine::sample::{Layout, SampleOptions, write_sample};
use crate::engine::view::TableLines;
use crate::output::i18n::{self, t};
mod args;
mod common;
mod library;
mod parse;
mod views;

use crate::output::terminal::terminal_safe;
use common::{load_two, out, out_text};

pub use args::*;

/// Runs a command; the error's message is what the user sees.
pub fn run(command: Command) -> Result<()> {
    // the locale's language until a command's --lang says otherwise
    i18n::set_language(i18n::system_language());
    match command {
        Command::Summary(args) => summary(args),
        Command::Sample(args) => {
            let opts = SampleOptions {
                layout: match args.layout {
                    SampleLayout::Insights => Layout::Insights2023,
                    SampleLayout::Insights2021 => Layout::Insights2021,
                    SampleLayout::Workbook => Layout::Workbook,
                },
                customers: args.customers,
                seed: args.seed,
                months_before: args.months_before,
            };
            if opts.customers == 0 {
                bail!(i18n::tr("error.cli.customers"));
            }
            let written = write_sample(&args.out, &opts).map_err(|e| {
                anyhow!(
                    t!("error.cli.sample", dir = args.out.display().to_string(), error = e.to_string()).into_owned()
                )
            })?;
            for path in written {
                out_text(&format!("{}\n", path.display()))?;
            }
            Ok(())
        }
        Command::Export(args) => export(*args),
        Command::Compare(args) => compare(*args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut cmd, "ascent-viewer", &mut buffer);
            out(&String::from_utf8_lossy(&buffer))
        }
        Command::Man { out_dir: None } => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut buffer = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buffer).context("cannot write the manual page")?;
            out(&String::from_utf8_lossy(&buffer))
        }
        Command::Man { out_dir: Some(dir) } => {
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::generate_to(cmd, &dir)
                .with_context(|| format!("cannot write the manual pages in {}", dir.display()))
        }
        Command::Rules(args) => out(&args.rule_set.name().rules().to_toml()),
        Command::View(ViewCommand::Save(args)) => views::save_view(*args),
        Command::Report(args) => views::report(*args),
        Command::Library(command) => library::library(command),
        Command::Trend(args) => library::trend(*args),
    }
}

/// The format `--format` names, else the one the output's name says; a name that says the
/// other format is refused (a workbook named .csv opens as garbage).
fn out_format(asked: Option<OutFormat>, out: &std::path::Path) -> Result<OutFormat> {
    use crate::output::export::ExportFormat;
    let ext = out.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let named = ExportFormat::named_by(out).map(|f| match f {
        ExportFormat::Csv => OutFormat::Csv,
        ExportFormat::Xlsx => OutFormat::Xlsx,
    });
    match (asked, named) {
        (Some(asked), Some(named)) if asked != named => bail!(
            t!("cli.format_mismatch", out = out.display().to_string(), format = asked.key(), ext = ext).into_owned()
        ),
        (Some(asked), _) => Ok(asked),
        (None, named) => Ok(named.unwrap_or(OutFormat::Xlsx)),
    }
}

fn export(args: ExportArgs) -> Result<()> {
    use crate::output::export::{CrmPreset, ExportFormat, ExportOptions, SplitBy, export};
    args.load.context.apply_language();
    let view = args.filter.view()?;
    let mut session = args.load.session(view.as_ref())?;
    let filter = args.filter.to_filter(&[&session.data], view.as_ref())?;
    let accounts = args.accounts || args.crm.is_some();
    library::with_history(&mut session, &args.load, accounts || library::needs_history(&filter))?;
    let order = common::view_order(view.as_ref(), &session.data);
    let rows = query::predictions(&session, &filter, order.predictions).rows;
    let opts = ExportOptions {
        format: match out_format(args.format, &args.out)? {
            OutFormat::Xlsx => ExportFormat::Xlsx,
            OutFormat::Csv => ExportFormat::Csv,
        },
        split_by: args.split_by.map(|k| match k {
            SplitKey::Cluster => SplitBy::Cluster,
            SplitKey::Segment => SplitBy::Segment,
            SplitKey::Product => SplitBy::Product,
        }),
        lines: if accounts { TableLines::Accounts } else { TableLines::Predictions },
        crm: args.crm.map(|crm| match crm {
            CrmArg::Dynamics365 => CrmPreset::Dynamics365,
            CrmArg::Salesforce => CrmPreset::Salesforce,
            CrmArg::Hubspot => CrmPreset::Hubspot,
        }),
        account_order: order.accounts,
        force: args.force,
    };
    let outcome = export(&session, &filter, &rows, &args.out, &opts, &mut |_, _| {})?;
    out_text(&format!("{}\n", outcome.words()))
}

fn compare(args: CompareArgs) -> Result<()> {
    use crate::engine::compare::Comparison;
    let month = |paths: &Vec<PathBuf>, month: Option<crate::engine::library::Month>| LoadArgs {
        paths: paths.clone(),
        month,
        library: args.library.clone(),
        read: ReadArgs::default(),
        context: args.context.clone(),
    };
    let (load, after_load) = (month(&args.before, args.before_month), month(&args.after, args.after_month));
    args.context.apply_language();
    let view = args.filter.view()?;
    let (mut before, mut after) = load_two(&load, &after_load, view.as_ref())?;
    let filter = args.filter.to_filter(&[&before.data, &after.data], view.as_ref())?;
    library::with_history(&mut before, &load, library::needs_history(&filter))?;
    library::with_history(&mut after, &after_load, library::needs_history(&filter))?;
    let cmp = Comparison::new(before, after);
    let order = common::view_order(view.as_ref(), &cmp.after.data);
    let moves = args.moved.or_else(|| view.map(|v| v.moves)).unwrap_or_default();
    let query::Moves { pairs, before: before_summary, after: after_summary } =
        query::moves(&cmp, &filter, &moves, order.predictions);
    if let Some(output) = &args.output {
        let outcome =
            crate::output::movers::export_movers(&cmp, &filter, &moves, &pairs, output, args.force, &mut |_, _| {})?;
        eprintln!("{}", terminal_safe(&outcome.words()));
    }
    let transitions = cmp.transitions(&pairs);
    if args.json {
        let json = serde_json::json!({
            "before": crate::output::json::summary(&before_summary, &cmp.before.data, &cmp.before.derived),
            "after": crate::output::json::summary(&after_summary, &cmp.after.data, &cmp.after.derived),
            "transitions": crate::output::json::transitions(&transitions),
            "moved_up": transitions.moved_up,
            "moved_down": transitions.moved_down,
            "unchanged": transitions.unchanged,
            "new": transitions.new,
            "gone": transitions.gone,
        });
        return out(&format!("{}\n", serde_json::to_string_pretty(&json).context("cannot write JSON")?));
    }
    out_text(&crate::output::summary_text::readable_comparison(
        &cmp,
        &pairs,
        &transitions,
        &before_summary,
        &after_summary,
    ))
}

fn summary(args: Box<SummaryArgs>) -> Result<()> {
    args.load.context.apply_language();
    let view = args.filter.view()?;
    let mut session = args.load.session(view.as_ref())?;
    let filter = args.filter.to_filter(&[&session.data], view.as_ref())?;
    library::with_history(&mut session, &args.load, library::needs_history(&filter))?;
    let (accounts, filtered) = if args.accounts {
        let lines = query::accounts(&session, &filter, None);
        (Some(lines.accounts.counts(&session.derived)), lines.summary)
    } else {
        (None, session.filtered(&filter).1)
    };
    if args.json {
        let mut json = crate::output::json::summary(&filtered, &session.data, &session.derived);
        if let (Some(counts), Some(map)) = (&accounts, json.as_object_mut()) {
            map.insert("accounts".into(), crate::output::json::accounts(counts));
        }
        out(&format!("{}\n", serde_json::to_string_pretty(&json).context("cannot write JSON")?))?;
    } else {
        let whole = session.whole();
        let mut text = crate::output::summary_text::readable_summary(&session, &filter, &filtered, &whole);
        if let Some(counts) = &accounts {
            crate::output::summary_text::accounts_section(&mut text, counts);
        }
        out_text(&text)?;
    }
    Ok(())
}

/// Turns a panic into one line for people, never Rust's message: "internal error: please
/// report it". A panic inside a parser is caught where it happens and reported as a damaged
/// file naming it, so it prints nothing here.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if crate::engine::guard::is_caught() {
            return;
        }
        eprintln!("error: {}", t!("error.internal.cli", version = env!("CARGO_PKG_VERSION")));
        // for a bug report: where it happened
        if std::env::var_os("ASCENT_PANIC_DETAIL").is_some() {
            eprintln!("{info}");
        }
    }));
}
