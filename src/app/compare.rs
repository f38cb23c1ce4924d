//! Two months on screen: the month loaded is "after", the one opened with "Compare with..."
//! is "before". The comparison holds both sessions; the after one is kept in step with
//! the month's rules and as-of date. Closing it leaves the month as it was.

use super::state::NoticeKind;
use crate::output::messages::Words;
use eframe::egui;
use std::path::PathBuf;

use super::AscentApp;
use super::command::{AppCommand, Pick};
use super::state::{CompareState, CompareView};
use super::tasks::{self, CompareResult, LoadRequest};
use crate::engine::compare::MoveFilter;
use crate::engine::query;
use crate::engine::summary::PARALLEL_FROM;
use crate::engine::{Selection, Summary};
use crate::output::i18n::{self, t};

impl AscentApp {
    /// Loads `paths` as the month before the one on screen.
    pub(super) fn start_compare(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        match super::files::sources_of(&paths) {
            Ok(sources) => {
                let options = self.state.settings.load_options();
                self.start_compare_sources(ctx, (sources, options), paths, None);
            }
            Err(e) => self.notify(t!("compare.failed", error = e.words()).into_owned(), NoticeKind::Problem, None),
        }
    }

    /// Loads `sources` (files, or a month of the library) as the other month of a comparison.
    pub(super) fn start_compare_sources(
        &mut self,
        ctx: &egui::Context,
        (sources, options): (
            Vec<(crate::engine::Source, crate::engine::load::read::Origin)>,
            crate::engine::LoadOptions,
        ),
        paths: Vec<PathBuf>,
        from_library: Option<(crate::engine::library::Month, crate::engine::library::Library)>,
    ) {
        let Some(month) = &self.state.month else { return };
        if self.state.comparing.is_some() {
            return;
        }
        let (library_month, library) = from_library.unzip();
        let request = LoadRequest { sources, options, is_sample: false, paths, reload: false, library_month, library };
        let label =
            t!(&crate::output::i18n::plural("compare.loading", request.sources.len()), count = request.sources.len())
                .into_owned();
        self.state.comparing = Some(tasks::spawn_compare(ctx, label, request, month.session.clone()));
    }

    pub(super) fn compared(&mut self, (mut request, result): CompareResult) {
        if self.state.month.is_none() {
            return;
        }
        match result {
            Ok(cmp) => {
                let paths = std::mem::take(&mut request.paths);
                if !paths.is_empty() {
                    self.state.settings.remember(&paths);
                }
                let Some(month) = &self.state.month else { return };
                let before_columns = query::matching_columns(&month.columns, &cmp.before);
                let before_title = super::files::short_title(&cmp.before.data);
                self.state.compare_view = CompareView::default();
                self.state.compare = Some(CompareState {
                    cmp,
                    before_title,
                    before_request: request,
                    before_columns,
                    moves: MoveFilter::default(),
                    // the rules or the date may have changed during the load: synced below
                    generation: u64::MAX,
                });
                self.sync_compare();
            }
            Err(e) => self.notify(t!("compare.failed", error = e.words()).into_owned(), NoticeKind::Problem, None),
        }
    }

    /// Brings the comparison's sessions in step with the month's rules and as-of date.
    pub(super) fn sync_compare(&mut self) {
        let (Some(month), Some(c)) = (&self.state.month, self.state.compare.as_mut()) else { return };
        if c.generation == month.generation {
            return;
        }
        let rules = &month.session.derived.rules;
        let before = &mut c.cmp.before;
        if before.derived.rules != *rules {
            std::sync::Arc::make_mut(&mut before.derived).set_rules(&before.data, rules.clone());
        }
        if before.derived.as_of != month.session.derived.as_of {
            std::sync::Arc::make_mut(&mut before.derived).set_as_of(&before.data, month.session.derived.as_of);
        }
        c.cmp.after = month.session.clone();
        c.generation = month.generation;
    }

    pub(super) fn handle_compare(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::CompareWith(paths) => self.start_compare(ctx, paths),
            AppCommand::CloseComparison => {
                self.state.compare = None;
                self.state.compare_view = CompareView::default();
            }
            AppCommand::ToggleMove(row, col, pick) => {
                if let Some(c) = self.state.compare.as_mut() {
                    pick.apply(&mut c.moves.cells, (row, col));
                    if pick == Pick::Only {
                        c.moves.up = false;
                        c.moves.down = false;
                    }
                }
            }
            AppCommand::ToggleMovedUp(up) => {
                if let Some(c) = self.state.compare.as_mut() {
                    if up {
                        c.moves.up = !c.moves.up;
                    } else {
                        c.moves.down = !c.moves.down;
                    }
                }
            }
            AppCommand::ClearMoves => {
                if let Some(c) = self.state.compare.as_mut() {
                    c.moves = MoveFilter::default();
                }
            }
            AppCommand::SaveMovers(path) => self.start_movers_export(ctx, path),
            AppCommand::SwapMonths => self.swap_months(ctx),
            _ => {}
        }
    }

    /// The month before goes on screen and the month on screen becomes the one before; the
    /// months are matched again on a background thread (nothing is reloaded).
    fn swap_months(&mut self, ctx: &egui::Context) {
        if self.state.comparing.is_some() {
            return;
        }
        let (Some(month), Some(c)) = (self.state.month.take(), self.state.compare.take()) else { return };
        self.state.compare_view = CompareView::default();
        let CompareState { cmp, before_request, .. } = c;
        let new_before = LoadRequest {
            sources: month.sources,
            options: month.options,
            is_sample: month.is_sample,
            paths: Vec::new(),
            reload: false,
            library_month: self.state.library.shown,
            library: None,
        };
        self.state.library.shown = before_request.library_month;
        self.state.library.history_generation = None;
        let after = self.month_of(cmp.before, before_request);
        let after_session = after.session.clone();
        self.state.month = Some(after);
        self.state.selected = None;
        self.state.comparing = Some(tasks::spawn_match(
            ctx,
            t!("compare.matching").into_owned(),
            new_before,
            month.session,
            after_session,
        ));
    }

    fn start_movers_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let s = &self.state;
        let Some(c) = &s.compare else { return };
        if s.exporting.is_some() {
            return;
        }
        let pairs = s.compare_view.pairs.clone();
        let movers = crate::output::movers::moved_pairs(&c.cmp, &pairs).len();
        let label = t!("movers.progress", rows = i18n::format_count(movers)).into_owned();
        let selection = (s.filter.clone(), c.moves.clone(), pairs);
        self.state.exporting = Some(tasks::spawn_movers(ctx, label, c.cmp.clone(), selection, path));
    }

    /// Brings the comparison's view up to date: pairs for the filter (on either side), the
    /// transition table, then the moves, the order and the cards.
    /// `before_rows`: the month before's rows for the filter when they were computed beside
    /// the month's own view.
    pub(super) fn refresh_compare_view(&mut self, before_rows: Option<Vec<u32>>) {
        let s = &mut self.state;
        let (Some(month), Some(c)) = (&s.month, &s.compare) else { return };
        let v = &mut s.compare_view;
        let cmp = &c.cmp;
        if v.codes_generation != Some(month.generation) {
            v.codes = cmp.codes();
            v.codes_generation = Some(month.generation);
        }
        // keys are compared in place every frame, cloned only when the view is computed again
        if v.key.as_ref().is_none_or(|(generation, f)| *generation != month.generation || *f != s.filter) {
            // the month after's filtered rows are the view's (any order will do); the month
            // before's are filtered here, its summary computed beside the pairs
            let filter = &s.filter;
            let after_rows = &s.view.rows;
            let before_rows = before_rows.unwrap_or_else(|| filter.apply(&cmp.before.data, &cmp.before.derived));
            let (pairs, before_summary) = std::thread::scope(|scope| {
                let summary = scope.spawn(|| {
                    let selection = if filter.is_empty() { Selection::All } else { Selection::Rows(&before_rows) };
                    Summary::compute_figures(&cmp.before.data, &cmp.before.derived, selection, PARALLEL_FROM)
                });
                let pairs = if filter.is_empty() {
                    (0..cmp.len() as u32).collect()
                } else {
                    cmp.pairs_of(&before_rows, after_rows)
                };
                (pairs, summary.join().unwrap_or_default())
            });
            v.transitions = cmp.transitions_coded(&pairs, &v.codes);
            v.all_pairs = pairs;
            v.filter_before_summary = before_summary;
            v.key = Some((month.generation, s.filter.clone()));
            v.moves_key = None;
        }
        if v.moves_key.as_ref().is_some_and(|(generation, f, moves, sort)| {
            *generation == month.generation && *f == s.filter && *moves == c.moves && *sort == s.sort
        }) {
            return;
        }
        let mut pairs = v.all_pairs.clone();
        cmp.select_coded(&mut pairs, &c.moves, &v.codes);
        query::order_pairs(cmp, (&month.columns, &c.before_columns), &v.codes, &mut pairs, s.sort);
        // the decision is the engine's: the movers chosen, else each month's filter (cached here)
        let filtered = || (v.filter_before_summary.clone(), s.view.summary.clone());
        (v.before_summary, v.after_summary) = query::comparison_cards(cmp, &c.moves, &pairs, filtered);
        v.pairs = pairs;
        v.moves_key = Some((month.generation, s.filter.clone(), c.moves.clone(), s.sort));
    }
}
