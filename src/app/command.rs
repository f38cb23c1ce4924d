//! What views ask for: every change goes through one of these, handled in `handle.rs`.

use chrono::NaiveDate;
use std::path::PathBuf;

use super::settings::{PieMetric, ThemeChoice};
use super::state::{ExportChoice, SortColumn};
use super::tasks::DialogKind;
use crate::engine::load::fields::Field;
use crate::engine::{ClusterKey, Filter, MatrixCell, Rules, Segment};

/// What views ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum AppCommand {
    OpenDialog(DialogKind),
    OpenPaths(Vec<PathBuf>),
    OpenSample,
    Reload {
        overrides: Vec<(Field, String)>,
        sheet: Option<String>,
        header_row: Option<u32>,
    },
    ToggleCluster(ClusterKey, bool),
    ToggleCell(MatrixCell, bool),
    ToggleSegment(Segment, bool),
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
    SetSort(SortColumn),
    Select(Option<u32>),
    SetColumns(Vec<String>),
    SetExportChoice(ExportChoice),
    Export(PathBuf),
    LoadRules(PathBuf),
    SaveRules(PathBuf),
    DismissNotice(usize),
    /// Open these files or folders as the month before the one on screen.
    CompareWith(Vec<PathBuf>),
    CloseComparison,
    /// Toggle a transition cell (row, column) in the moves shown; true adds to the others.
    ToggleMove(u8, u8, bool),
    /// Toggle all moves up (true) or down (false).
    ToggleMovedUp(bool),
    ClearMoves,
    SaveMovers(PathBuf),
    /// The month before goes on screen, the month on screen becomes the one before.
    SwapMonths,
    Quit,
}
