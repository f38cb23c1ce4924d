//! Saved views in the app: the screen kept as a view (filter, order, columns, table lines,
//! rules, moves), a view applied to the month on screen (saying what it lacked), the list
//! kept in order, views shared as TOML files, and the PDF report of the screen.

use eframe::egui;
use std::path::{Path, PathBuf};

use super::AscentApp;
use super::accounts::TableLines;
use super::command::{AppCommand, Shift};
use super::state::{AppState, NoticeKind};
use super::tasks::{self, DialogKind, Task};
use crate::engine::Dataset;
use crate::engine::query::{self, ViewOrder};
use crate::engine::view::{View, ViewRules};
use crate::output::i18n::{t, tr};
use crate::output::messages::Words;
use crate::output::report::{Compared, Paper, ReportInput, write_report};
use crate::output::views::{missing_words, view_name};

/// The screen as a view named `name`.
pub fn capture(state: &AppState, name: String) -> View {
    let accounts = state.settings.table_mode == TableLines::Accounts;
    let sort = if accounts {
        state.account_sort.map(|o| o.to_view())
    } else {
        let month = state.month.as_ref();
        state.sort.and_then(|o| o.to_view(&month?.session.data))
    };
    View {
        name,
        rules: Some(ViewRules::of(&state.settings.rules)),
        table: state.settings.table_mode,
        columns: Some(state.settings.columns.clone()),
        sort,
        filter: state.filter.clone(),
        moves: state.compare.as_ref().map(|c| c.moves.clone()).unwrap_or_default(),
    }
}

/// The months a view is fitted to: the one on screen, and the one before when compared.
fn months(state: &AppState) -> Vec<&Dataset> {
    let mut months: Vec<&Dataset> = state.month.iter().map(|m| m.session.data.as_ref()).collect();
    months.extend(state.compare.iter().map(|c| c.cmp.before.data.as_ref()));
    months
}

/// A name made safe for a file on every system: letters, digits, spaces and dashes.
fn safe_file_stem(name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == ' ' { c } else { '-' }).collect();
    safe.trim_matches(['-', ' ']).to_string()
}

/// The default file name of a view: its name, made safe for a file.
pub fn file_name_of(state: &AppState, i: usize) -> String {
    let name = state.settings.views.get(i).map(view_name).unwrap_or_default();
    let stem = safe_file_stem(&name);
    format!("{}.toml", if stem.is_empty() { "view" } else { &stem })
}

/// The saved view the screen shows, if it shows one: the report's title.
fn shown_view_name(s: &AppState) -> Option<String> {
    let months = months(s);
    s.settings.views.iter().find(|v| v.fit_to(&months).view.filter == s.filter).map(view_name)
}

/// The report's default file name: the view shown (or "Report") and the as-of date.
pub fn report_name(state: &AppState) -> String {
    let stem = shown_view_name(state).map(|name| safe_file_stem(&name)).filter(|stem| !stem.is_empty());
    let date = state.month.as_ref().map(|m| m.session.derived.as_of.format(" %Y-%m-%d").to_string());
    format!("{}{}.pdf", stem.unwrap_or_else(|| tr("report_pdf.file_stem")), date.unwrap_or_default())
}

impl AscentApp {
    pub(crate) fn handle_views(&mut self, ctx: &egui::Context, command: AppCommand) {
        let views = &mut self.state.settings.views;
        match command {
            AppCommand::ApplyView(i) => self.apply_view(ctx, i),
            AppCommand::SaveViewAs(name) => {
                let view = capture(&self.state, name.trim().to_string());
                let text = t!("notice.view_saved_as", name = view_name(&view)).into_owned();
                // a name already in the list: that view is replaced, in its place
                let views = &mut self.state.settings.views;
                match views.iter().position(|v| view_name(v) == view_name(&view)) {
                    Some(i) => views[i] = view,
                    None => views.push(view),
                }
                self.notify(text, NoticeKind::Info, None);
            }
            AppCommand::RenameView(i, name) if i < views.len() && !name.trim().is_empty() => {
                views[i].name = name.trim().to_string();
            }
            AppCommand::DeleteView(i) if i < views.len() => {
                let view = views.remove(i);
                self.ui.deleted_view = Some((i, view.clone()));
                self.notify(t!("notice.view_deleted", name = view_name(&view)).into_owned(), NoticeKind::Info, None);
            }
            AppCommand::MoveView(i, Shift::Up) if i > 0 && i < views.len() => views.swap(i - 1, i),
            AppCommand::MoveView(i, Shift::Down) if i + 1 < views.len() => views.swap(i, i + 1),
            AppCommand::ExportView(i, path) => self.export_view(i, &path),
            AppCommand::ImportView(path) => match View::load(&path) {
                Ok(view) => {
                    let text = t!("notice.view_imported", name = view_name(&view)).into_owned();
                    self.state.settings.views.push(view);
                    self.notify(text, NoticeKind::Info, None);
                }
                Err(e) => self.notify(e.words(), NoticeKind::Problem, None),
            },
            AppCommand::SaveReport(path) => self.start_report(ctx, path),
            _ => {}
        }
    }

    /// Ctrl+1..Ctrl+9 apply the first nine views, Ctrl+P saves the report, Ctrl+Z puts the
    /// last view deleted back.
    pub(crate) fn view_shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        const KEYS: [Key; 9] =
            [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
        let undo = self.ui.deleted_view.is_some();
        let (view, report, undo) = ctx.input_mut(|i| {
            let view = KEYS.iter().position(|k| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, *k)));
            let report = i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::P));
            (view, report, undo && i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)))
        });
        if let Some(i) = view.filter(|i| *i < self.state.settings.views.len() && self.state.month.is_some()) {
            self.commands.push(AppCommand::ApplyView(i));
        }
        if report && self.state.month.is_some() && self.state.reporting.is_none() {
            self.commands.push(AppCommand::OpenDialog(DialogKind::SaveReport));
        }
        if undo {
            self.undo_delete_view();
        }
    }

    /// Puts the last view deleted back where it was.
    pub(crate) fn undo_delete_view(&mut self) {
        if let Some((i, view)) = self.ui.deleted_view.take() {
            let views = &mut self.state.settings.views;
            views.insert(i.min(views.len()), view);
        }
    }

    fn apply_view(&mut self, ctx: &egui::Context, i: usize) {
        let Some(view) = self.state.settings.views.get(i).cloned() else { return };
        if self.state.month.is_none() {
            return;
        }
        if let Some(rules) = &view.rules {
            let rules = rules.rules();
            if rules != self.state.settings.rules {
                self.set_rules(rules);
            }
        }
        let fitted = view.fit_to(&months(&self.state));
        let v = fitted.view;
        let mode = v.table;
        // the table shown before the first view of a run, for Esc to go back to
        let before = self.state.settings.table_mode;
        self.state.table_before_view.get_or_insert(before);
        self.commands_now(ctx, AppCommand::SetTableLines(mode));
        if let Some(columns) = &v.columns {
            self.commands_now(ctx, AppCommand::SetColumns(columns.clone()));
        }
        self.commands_now(ctx, AppCommand::SetFilter(Box::new(v.filter.clone())));
        let s = &mut self.state;
        // the order of the table the view shows; the other table's is left as it was
        if let Some(month) = &s.month {
            let order = ViewOrder::of(v.sort.as_ref(), &month.session.data);
            match mode {
                TableLines::Accounts => s.account_sort = order.accounts,
                TableLines::Predictions => s.sort = order.predictions,
            }
        }
        if let Some(compare) = &mut s.compare {
            compare.moves = v.moves.clone();
        }
        if fitted.missing.is_empty() {
            self.notify(t!("notice.view_applied", name = view_name(&view)).into_owned(), NoticeKind::View, None);
        } else {
            self.notify(missing_words(&view.name, &fitted.missing), NoticeKind::Problem, None);
        }
    }

    fn export_view(&mut self, i: usize, path: &Path) {
        let Some(view) = self.state.settings.views.get(i) else { return };
        let shown = path.display().to_string();
        match crate::engine::staging::write_atomically(path, view.to_toml().as_bytes()) {
            Ok(()) => {
                let text = t!("view.saved", name = view_name(view), path = shown).into_owned();
                self.notify(text, NoticeKind::Info, Some(path.to_path_buf()));
            }
            Err(e) => {
                let text = t!("error.view.write", path = shown, error = e.to_string()).into_owned();
                self.notify(text, NoticeKind::Problem, None);
            }
        }
    }

    fn start_report(&mut self, ctx: &egui::Context, path: PathBuf) {
        let s = &self.state;
        let Some(month) = &s.month else { return };
        if s.reporting.is_some() {
            return;
        }
        let session = month.session.clone();
        let filter = s.filter.clone();
        let view_name = shown_view_name(s);
        // the report's lists follow the table's order
        let order = ViewOrder { predictions: s.sort, accounts: s.account_sort };
        let comparison = s.compare.as_ref().map(|c| {
            let pairs = query::move_pairs(&c.cmp, &filter, &c.moves, order.predictions);
            (c.cmp.clone(), pairs, c.moves.clone())
        });
        // the trend on screen (the filter's, the rules'), up to the month shown
        let trend: Option<Vec<crate::engine::trend::MonthFigures>> = s.library.trend.as_ref().map(|t| {
            let shown = s.library.shown;
            t.months.iter().filter(|m| shown.is_none_or(|at| m.month <= at)).cloned().collect()
        });
        let label = tr("report_pdf.progress");
        self.state.reporting = Some(Task::spawn(ctx, label, move |_| {
            let input = ReportInput {
                session: comparison.as_ref().map_or(&session, |(cmp, _, _)| &cmp.after),
                filter: &filter,
                view_name,
                comparison: comparison.as_ref().map(|(cmp, pairs, moves)| Compared { cmp, pairs, moves }),
                order,
                paper: Paper::of_locale(),
                trend: trend.as_deref(),
            };
            // the save dialog already asked whether to replace an existing file
            write_report(&input, &path, true)
        }));
    }

    /// The report's end: said in a notice.
    pub(crate) fn poll_report(&mut self) {
        if let Some(task) = self.state.reporting.as_mut()
            && let Some(polled) = task.poll()
        {
            self.state.reporting = None;
            match polled {
                Err(tasks::Panicked) => self.notify(tr("error.internal.export"), NoticeKind::Problem, None),
                Ok(Ok(outcome)) => self.notify(outcome.words(), NoticeKind::Info, Some(outcome.path)),
                Ok(Err(e)) => self.notify(e.to_string(), NoticeKind::Problem, None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe_file_stem;

    #[test]
    fn file_names_hold_no_character_windows_refuses() {
        assert_eq!(safe_file_stem("France: mid/size?"), "France- mid-size");
        assert_eq!(safe_file_stem("Agir maintenant et Évaluer"), "Agir maintenant et Évaluer");
        assert_eq!(safe_file_stem("<\"*|>"), "");
    }
}
