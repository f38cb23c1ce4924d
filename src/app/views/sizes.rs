//! The sizes the dashboard chose for its charts (see `dashboard.rs`), handed to each chart.

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
