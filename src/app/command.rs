//! What views ask for: every change goes through one of these, handled in `handle.rs`.

use chrono::NaiveDate;
use std::path::PathBuf;

use super::settings::{PieMetric, ThemeChoice};
use super::state::{ExportChoice, SortColumn};
use super::tasks::DialogKind;
use crate::engine::load::fields::Field;
use crate::engine::{ClusterKey, Filter, MatrixCell, Rules, Segment};

/// How a click on a value changes its filter: that value alone, or added to the others
/// (removed if it was there): Ctrl+click, Cmd+click on a Mac.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Only,
    Toggle,
}

impl Pick {
    /// The pick the keys held down say.
    pub fn of(ui: &eframe::egui::Ui) -> Pick {
        if ui.input(|i| i.modifiers.command) { Pick::Toggle } else { Pick::Only }
    }

    /// Picks `value` in `set`: alone (picking the one picked value again clears it), or
    /// toggled among the others.
    pub fn apply<T: Ord + Copy>(self, set: &mut std::collections::BTreeSet<T>, value: T) {
        if self == Pick::Toggle {
            if !set.remove(&value) {
                set.insert(value);
            }
        } else if set.len() == 1 && set.contains(&value) {
            set.clear();
        } else {
            set.clear();
            set.insert(value);
        }
    }
}

/// What views ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum AppCommand {
    OpenDialog(DialogKind),
    OpenPaths(Vec<PathBuf>),
    OpenSample,
    /// Close the banner of a load that failed over the month on screen.
    DismissFailure,
    Reload {
        overrides: Vec<(Field, String)>,
        sheet: Option<String>,
        header_row: Option<u32>,
    },
    ToggleCluster(ClusterKey, Pick),
    ToggleCell(MatrixCell, Pick),
    ToggleSegment(Segment, Pick),
    SetFilter(Box<Filter>),
    ClearFilter,
    SetSearch(String),
    SetRules(Rules),
    SetAsOf(NaiveDate),
    SetTheme(ThemeChoice),
    SetLanguage(String),
    SetPieMetric(PieMetric),
    /// The memory one file may take, in GB (None: half of the machine's memory).
    SetMemoryLimit(Option<u32>),
    /// The renderer of the next start.
    SetRenderer(super::renderer::RendererChoice),
    SetSort(SortColumn),
    Select(Option<u32>),
    /// Predictions or accounts in the table.
    SetTableLines(super::accounts::TableLines),
    SetAccountSort(crate::output::accounts::AccountColumn),
    /// The customer whose account is selected.
    SelectAccount(Option<u32>),
    SetColumns(Vec<String>),
    SetExportChoice(ExportChoice),
    Export(PathBuf),
    LoadRules(PathBuf),
    SaveRules(PathBuf),
    DismissNotice(usize),
    /// Open these files or folders as the month before the one on screen.
    CompareWith(Vec<PathBuf>),
    CloseComparison,
    /// Toggle a transition cell (row, column) in the moves shown.
    ToggleMove(u8, u8, Pick),
    /// Toggle all moves up (true) or down (false).
    ToggleMovedUp(bool),
    ClearMoves,
    SaveMovers(PathBuf),
    /// The month before goes on screen, the month on screen becomes the one before.
    SwapMonths,
    /// Saved views, by position in the list: apply one, keep the screen as a new one,
    /// rename, delete, move one place, write one to a file, read one.
    ApplyView(usize),
    SaveViewAs(String),
    RenameView(usize, String),
    DeleteView(usize),
    MoveView(usize, Shift),
    ExportView(usize, PathBuf),
    ImportView(PathBuf),
    /// The PDF report of the screen.
    SaveReport(PathBuf),
    /// A month of the library on screen; compared with the month on screen (Shift+click).
    OpenLibraryMonth(crate::engine::library::Month),
    CompareLibraryMonth(crate::engine::library::Month),
    /// Keep the month on screen (or the one the prompt asks about) as this month.
    KeepMonth(crate::engine::library::Month, crate::engine::library::Replace),
    DismissKeep,
    RemoveLibraryMonth(crate::engine::library::Month),
    /// Keep files opened in the library (the setting).
    SetKeepInLibrary(bool),
    OpenLibraryFolder,
    /// The library's folder (the setting), chosen in a folder dialog.
    SetLibraryFolder(PathBuf),
    Quit,
}

impl AppCommand {
    /// What choosing `paths` in a file dialog of `kind` does (the system's or the app's own).
    pub fn chosen(kind: DialogKind, paths: Vec<PathBuf>) -> Option<AppCommand> {
        let first = paths.first().cloned()?;
        Some(match kind {
            DialogKind::OpenFiles | DialogKind::OpenFolder => AppCommand::OpenPaths(paths),
            DialogKind::CompareFiles | DialogKind::CompareFolder => AppCommand::CompareWith(paths),
            DialogKind::SaveMovers => AppCommand::SaveMovers(first),
            DialogKind::SaveTargets => AppCommand::Export(first),
            DialogKind::LoadRules => AppCommand::LoadRules(first),
            DialogKind::SaveRules => AppCommand::SaveRules(first),
            DialogKind::ExportView(i) => AppCommand::ExportView(i, first),
            DialogKind::ImportView => AppCommand::ImportView(first),
            DialogKind::SaveReport => AppCommand::SaveReport(first),
            DialogKind::LibraryFolder => AppCommand::SetLibraryFolder(first),
        })
    }
}

/// Where a saved view moves in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shift {
    Up,
    Down,
}
