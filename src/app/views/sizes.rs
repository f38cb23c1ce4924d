//! The sizes the dashboard chose for its charts (see `dashboard.rs`), handed to each chart;
//! and sizes measured in one frame for the next to lay out with.

use eframe::egui;

/// Sizes measured as the last frame was laid out under `id` (none before the first).
pub fn last_frame<const N: usize>(ctx: &egui::Context, id: egui::Id) -> Option<[f32; N]> {
    ctx.data(|d| d.get_temp(id))
}

/// Keeps the sizes measured in this frame for the next; where one moved by more than half a
/// point from `was`, egui lays this frame out again with them (`why` says what moved).
pub fn keep_measure<const N: usize>(
    ctx: &egui::Context,
    id: egui::Id,
    was: [f32; N],
    now: [f32; N],
    why: &'static str,
) {
    if now.iter().zip(was).any(|(n, w)| (n - w).abs() > 0.5) {
        ctx.data_mut(|d| d.insert_temp(id, now));
        ctx.request_discard(why);
    }
}

/// The sizes the charts are drawn at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sizes {
    pub pie: f32,
    pub cell: f32,
    pub transition_cell: f32,
    /// The bar chart's width, filling what its row leaves.
    pub bars_width: f32,
    /// The height the plots take, to stand as tall as the matrix.
    pub plot_height: f32,
}
