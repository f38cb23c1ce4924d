//! What the app holds: the month on screen and how it was loaded, the filter, the view's
//! cached figures, the tasks under way, notices, and the widget state the views edit.

use crate::engine::load::read::Origin;
use chrono::NaiveDate;
use std::path::PathBuf;

use super::settings::Settings;
use super::tasks::{self, DialogAnswer, LoadRequest, LoadResult, Task};
use crate::engine::compare::{Comparison, MoveFilter, TransitionCodes};
use crate::engine::dataset::SourceColumn;
use crate::engine::load::fields::Field;
use crate::engine::view::TableLines;
use crate::engine::{Filter, LoadOptions, Session, Source, Summary};
use crate::output::export::{CrmPreset, ExportError, ExportOutcome, SplitBy};

/// A loaded month and how it was loaded (to reload it with another mapping).
pub struct Month {
    pub session: Session,
    pub sources: Vec<(Source, Origin)>,
    pub options: LoadOptions,
    pub title: String,
    pub is_sample: bool,
    /// Bumped whenever the derived columns change (rules, as-of date).
    pub generation: u64,
    /// Bumped when the as-of date changes (breakdowns depend on it, not on the rules).
    pub as_of_generation: u64,
    pub columns: Vec<SourceColumn>,
    /// Per source column, the key column that already shows it ([`Month::shown_as`]).
    pub key_shown: Vec<Option<SortColumn>>,
}

impl Month {
    /// The key column that already shows source column `col`, if one does: the column
    /// chooser lists it as shown, and the table does not show it twice.
    pub fn shown_as(&self, col: usize) -> Option<SortColumn> {
        self.key_shown.get(col).copied().flatten()
    }
}

pub use crate::engine::query::SortColumn;

/// The predictions table's order.
pub type Sort = crate::engine::query::PredictionOrder;

/// What the screen shows for the current filter, recomputed only when its key changes.
#[derive(Default)]
pub struct ViewCache {
    pub(crate) key: Option<(u64, Filter, Option<Sort>)>,
    pub(crate) whole_generation: Option<u64>,
    pub(crate) whole_as_of_generation: Option<u64>,
    pub rows: Vec<u32>,
    pub summary: Summary,
    pub whole: Summary,
}

/// What a notice tells: news, or something that went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Problem,
    /// A saved view applied: one at a time, gone with the filter it set.
    View,
}

/// A notice at the bottom of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub kind: NoticeKind,
    /// A path the notice is about (export done), shown with an "Open folder" hint.
    pub path: Option<PathBuf>,
}

/// A load that failed, shown in the window with what can be done.
#[derive(Clone, Debug)]
pub struct LoadFailure {
    pub message: String,
    /// Headers seen, per sheet, when no table was recognised (for the mapping dialog).
    pub headers_seen: Vec<String>,
    pub sources: Vec<(Source, Origin)>,
    pub options: LoadOptions,
    pub is_sample: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ExportChoice {
    pub split_by: Option<SplitBy>,
    pub csv: bool,
    /// A line per prediction or per customer.
    pub lines: TableLines,
    /// Accounts shaped for a CRM's import (a CSV).
    pub crm: Option<CrmPreset>,
}

/// Everything a command can change.
pub struct AppState {
    pub settings: Settings,
    /// The renderer drawing the window, once its first frame is on screen (About).
    pub drawing: Option<super::renderer::Drawing>,
    pub month: Option<Month>,
    pub filter: Filter,
    pub view: ViewCache,
    pub sort: Option<Sort>,
    /// The selected prediction.
    pub selected: Option<u32>,
    /// The accounts mode of the table: its lines, order and selected customer.
    pub accounts: super::accounts::AccountsView,
    pub account_sort: Option<super::accounts::AccountSort>,
    pub selected_account: Option<u32>,
    pub loading: Option<Task<LoadResult>>,
    pub exporting: Option<Task<Result<ExportOutcome, ExportError>>>,
    /// The PDF report being written.
    pub reporting: Option<tasks::ReportTask>,
    pub dialog: Option<Task<DialogAnswer>>,
    pub dialog_backend: DialogBackend,
    pub notices: Vec<Notice>,
    /// The table shown before a saved view switched it, until the filter is cleared.
    pub table_before_view: Option<super::accounts::TableLines>,
    pub failure: Option<LoadFailure>,
    pub export_choice: ExportChoice,
    /// The month before, when two months are compared.
    pub compare: Option<CompareState>,
    pub comparing: Option<Task<tasks::CompareResult>>,
    pub compare_view: CompareView,
    /// Paths to compare with once the month being loaded is on screen.
    pub pending_compare: Option<Vec<PathBuf>>,
    /// The months kept, the trend over them, a month being kept.
    pub library: super::library_state::LibraryState,
    pub(crate) next_generation: u64,
}

/// Widget state the views edit directly: text being typed, windows open.
#[derive(Default)]
pub struct UiState {
    pub search: String,
    pub as_of_text: String,
    pub focus_search: bool,
    pub show_rules: bool,
    pub show_report: bool,
    pub show_mapping: bool,
    pub show_help: bool,
    pub show_columns: bool,
    pub show_about: bool,
    pub show_trends: bool,
    pub show_library: bool,
    /// The month typed in "Keep in the library as", and the month whose removal waits
    /// for a second click.
    pub keep_month_text: String,
    pub removing_month: Option<crate::engine::library::Month>,
    /// "Save view as...": its window, and the name typed.
    pub show_save_view: bool,
    pub view_name: String,
    /// The saved view being renamed, and the name typed.
    pub renaming_view: Option<(usize, String)>,
    /// The last saved view deleted and where it was, for Ctrl+Z.
    pub deleted_view: Option<(usize, crate::engine::view::View)>,
    /// The mapping being edited: field -> header ("" = automatic).
    pub mapping: Vec<(Field, String)>,
    pub mapping_sheet: String,
    pub mapping_header_row: String,
    /// "More columns": the column search, each facet's value search, each range's boxes.
    pub column_search: String,
    pub facet_search: std::collections::HashMap<String, String>,
    pub range_text: std::collections::HashMap<String, (String, String)>,
    /// The windows open, in the order they were opened: Esc closes the last.
    pub opened: Vec<Overlay>,
    /// Where the column chooser opens: under its button, where it was clicked.
    pub columns_at: Option<eframe::egui::Pos2>,
    /// The app's own file dialog, where the system's does not answer.
    pub file_dialog: Option<super::file_dialog::FileDialog>,
    /// The folder of the last file chosen in the app's own dialog.
    pub last_dir: Option<PathBuf>,
    /// The as-of date typed is not a date (it stays, with a message, until corrected).
    pub as_of_error: bool,
    /// The rules before "Reset to defaults", for its undo.
    pub rules_before_reset: Option<crate::engine::Rules>,
}

/// Which file dialog the app opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DialogBackend {
    /// The desktop's own (through its portal on Linux).
    #[default]
    System,
    /// The app's own: where the system's does not answer, or `ASCENT_FILE_DIALOG=builtin`.
    BuiltIn,
}

impl DialogBackend {
    pub fn from_env() -> DialogBackend {
        match std::env::var("ASCENT_FILE_DIALOG").as_deref() {
            Ok("builtin") => DialogBackend::BuiltIn,
            _ => DialogBackend::System,
        }
    }
}

/// A window over the main view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Rules,
    Report,
    Mapping,
    Columns,
    Help,
    About,
    SaveView,
    Trends,
    Library,
}

impl Overlay {
    pub const ALL: [Overlay; 9] = [
        Overlay::Rules,
        Overlay::Report,
        Overlay::Mapping,
        Overlay::Columns,
        Overlay::Help,
        Overlay::About,
        Overlay::SaveView,
        Overlay::Trends,
        Overlay::Library,
    ];
}

impl UiState {
    fn flag(&mut self, overlay: Overlay) -> &mut bool {
        match overlay {
            Overlay::Rules => &mut self.show_rules,
            Overlay::Report => &mut self.show_report,
            Overlay::Mapping => &mut self.show_mapping,
            Overlay::Columns => &mut self.show_columns,
            Overlay::Help => &mut self.show_help,
            Overlay::About => &mut self.show_about,
            Overlay::SaveView => &mut self.show_save_view,
            Overlay::Trends => &mut self.show_trends,
            Overlay::Library => &mut self.show_library,
        }
    }

    /// Keeps [`UiState::opened`] in step with the windows shown.
    pub fn track_windows(&mut self) {
        for overlay in Overlay::ALL {
            let open = *self.flag(overlay);
            let listed = self.opened.contains(&overlay);
            if open && !listed {
                self.opened.push(overlay);
            } else if !open && listed {
                self.opened.retain(|o| *o != overlay);
            }
        }
    }

    /// Closes the window on top: the file dialog, else the last window opened. False when none was open.
    pub fn close_top(&mut self) -> bool {
        if self.file_dialog.take().is_some() {
            return true;
        }
        self.track_windows();
        match self.opened.pop() {
            Some(overlay) => {
                *self.flag(overlay) = false;
                true
            }
            None => false,
        }
    }
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub struct CompareState {
    pub cmp: Comparison,
    /// The before month's files, for the banner.
    pub before_title: String,
    /// How the month before was loaded: it becomes the month on screen when the two are swapped.
    pub before_request: LoadRequest,
    /// The before month's source columns, in the order of the month's ([`Month::columns`]).
    pub before_columns: Vec<SourceColumn>,
    pub moves: MoveFilter,
    /// The month generation the after session was copied at.
    pub generation: u64,
}

/// What the comparison shows for the current filter and moves.
#[derive(Default)]
pub struct CompareView {
    /// (month generation, filter) the pairs were computed for.
    pub(crate) key: Option<(u64, crate::engine::Filter)>,
    pub(crate) moves_key: Option<(u64, crate::engine::Filter, MoveFilter, Option<Sort>)>,
    /// Each pair's transition cell, and the month generation it was computed for.
    pub(crate) codes: TransitionCodes,
    pub(crate) codes_generation: Option<u64>,
    /// Pairs passing the filter on either side, and their transition table.
    pub all_pairs: Vec<u32>,
    pub transitions: crate::engine::compare::Transitions,
    /// The month before's summary for the filter alone.
    pub filter_before_summary: Summary,
    /// Pairs passing the filter and the moves, in table order.
    pub pairs: Vec<u32>,
    /// The cards' figures before and after for the pairs shown.
    pub before_summary: Summary,
    pub after_summary: Summary,
}
