//! The charts above the table, laid out for the room there is: one row when they fit,
//! otherwise as many rows as needed; larger on large windows, never cut.

use eframe::egui;

use super::super::command::AppCommand;
use super::super::state::{AppState, Month};
use super::super::tokens;
use super::sizes::Sizes;
use super::{charts, matrix, transitions};

/// A chart of the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chart {
    Pie,
    Matrix,
    Bars,
    Transitions,
}

const GAP: f32 = tokens::SPACING * 3.0;
const BARS_MIN: f32 = 240.0;
const BARS_MAX: f32 = 900.0;
/// The matrix's row labels and the transition view's.
const MATRIX_LABELS: f32 = 80.0;
const TRANSITION_LABELS: f32 = 120.0;
const SCALES: (f32, f32) = (0.85, 1.6);

/// The sizes at `scale` (1: the tokens' own).
fn sizes_at(scale: f32) -> Sizes {
    Sizes {
        pie: (tokens::PIE_SIZE * scale).round(),
        // the matrix never shrinks: its cells hold a name, a share and a count
        cell: (tokens::MATRIX_CELL * scale).round().max(tokens::MATRIX_CELL),
        transition_cell: (tokens::TRANSITION_CELL * scale.min(1.2)).round(),
        bars_width: BARS_MIN,
        plot_height: 0.0,
    }
}

/// How wide `chart` is drawn at `sizes`, the pie with its legend beside it.
fn width(sizes: &Sizes, chart: Chart, legend: f32) -> f32 {
    match chart {
        Chart::Pie => sizes.pie + tokens::SPACING * 2.0 + legend,
        Chart::Matrix => MATRIX_LABELS + 4.0 * (sizes.cell + 3.0),
        Chart::Transitions => TRANSITION_LABELS + 6.0 * (sizes.transition_cell + 3.0),
        Chart::Bars => BARS_MIN,
    }
}

/// Rows of charts for `room` pixels across: the largest scale that keeps them on one row within the
/// height allowed, else the smallest, in as many rows as needed.
fn arrange(charts: &[Chart], room: f32, max_cell: f32, legend: f32) -> (Sizes, Vec<Vec<Chart>>) {
    let total = |s: &Sizes| charts.iter().map(|c| width(s, *c, legend)).sum::<f32>() + GAP * (charts.len() - 1) as f32;
    let (low, high) = SCALES;
    let high = high.min(max_cell / tokens::MATRIX_CELL).max(low);
    let mut scale = high;
    while scale > low && total(&sizes_at(scale)) > room {
        scale -= 0.05;
    }
    let mut sizes = sizes_at(scale.max(low));
    // on several rows the matrix comes first (it is what people click through), then the
    // moves of a comparison, then the segments' pie (the cluster buttons above already count
    // the clusters the bars show)
    let mut order = charts.to_vec();
    if total(&sizes) > room {
        let place = |c: &Chart| match c {
            Chart::Matrix => 0,
            Chart::Transitions => 1,
            Chart::Pie => 2,
            Chart::Bars => 3,
        };
        order = (0..4).flat_map(|p| charts.iter().copied().filter(move |c| place(c) == p)).collect();
    }
    let mut rows: Vec<Vec<Chart>> = Vec::new();
    let mut used = f32::INFINITY;
    for chart in &order {
        let w = width(&sizes, *chart, legend);
        if used + GAP + w > room {
            rows.push(Vec::new());
            used = -GAP;
        }
        used += GAP + w;
        if let Some(row) = rows.last_mut() {
            row.push(*chart);
        }
    }
    // the bar chart takes what its row leaves
    if let Some(row) = rows.iter().find(|r| r.contains(&Chart::Bars)) {
        let others: f32 = row.iter().filter(|c| **c != Chart::Bars).map(|c| width(&sizes, *c, legend) + GAP).sum();
        sizes.bars_width = (room - others).clamp(BARS_MIN, BARS_MAX);
    }
    (sizes, rows)
}

/// The matrix's height for `cell`, to size the plots beside it.
fn matrix_height(cell: f32, has_revenue: bool) -> f32 {
    4.0 * (matrix::cell_height(cell, has_revenue) + 3.0) + 40.0
}

/// The charts: pie, matrix and bars for a month; matrix, moves and pie for two.
pub fn dashboard_ui(ui: &mut egui::Ui, month: &Month, state: &AppState, cmds: &mut Vec<AppCommand>, height: f32) {
    let charts: &[Chart] = match state.compare {
        Some(_) => &[Chart::Matrix, Chart::Transitions, Chart::Pie],
        None => &[Chart::Pie, Chart::Matrix, Chart::Bars],
    };
    let has_revenue = month.session.data.has_whitespace;
    // the matrix (the tallest chart) at most as tall as the room under the cards
    let max_cell = ((height - 320.0) / 4.0 / matrix::cell_height(1.0, has_revenue)).max(tokens::MATRIX_CELL);
    let legend = charts::pie_legend_width(ui, month, state);
    let (mut sizes, rows) = arrange(charts, ui.available_width(), max_cell, legend);
    sizes.plot_height = matrix_height(sizes.cell, has_revenue);
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            ui.add_space(tokens::SPACING * 2.0);
        }
        ui.horizontal_top(|ui| {
            for (i, chart) in row.iter().enumerate() {
                if i > 0 {
                    ui.add_space(GAP);
                }
                match chart {
                    Chart::Pie => charts::pie_ui(ui, month, state, cmds, &sizes),
                    Chart::Matrix => matrix::matrix_ui(ui, month, state, cmds, &sizes),
                    Chart::Bars => charts::cluster_bars_ui(ui, month, state, &sizes),
                    Chart::Transitions => {
                        if let Some(c) = &state.compare {
                            transitions::transitions_ui(ui, c, state, cmds, &sizes);
                        }
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MONTH: [Chart; 3] = [Chart::Pie, Chart::Matrix, Chart::Bars];

    #[test]
    fn a_wide_window_keeps_one_row_and_grows_the_charts() {
        let (sizes, rows) = arrange(&MONTH, 1640.0, 200.0, 290.0);
        assert_eq!(rows, vec![MONTH.to_vec()]);
        assert!(sizes.cell > tokens::MATRIX_CELL && sizes.pie > tokens::PIE_SIZE, "{sizes:?}");
        let used =
            width(&sizes, Chart::Pie, 290.0) + width(&sizes, Chart::Matrix, 290.0) + sizes.bars_width + 2.0 * GAP;
        assert!(used <= 1640.0 + 0.5, "{used}");
    }

    #[test]
    fn a_narrow_window_stacks_rather_than_cuts() {
        // 1024 px less the filter panel
        let (sizes, rows) = arrange(&MONTH, 740.0, 200.0, 290.0);
        assert!(rows.len() >= 2, "{rows:?}");
        for row in &rows {
            let used: f32 = row
                .iter()
                .map(|c| if *c == Chart::Bars { sizes.bars_width } else { width(&sizes, *c, 290.0) })
                .sum::<f32>()
                + GAP * (row.len() - 1) as f32;
            assert!(used <= 740.0 || row.len() == 1, "{row:?} {used}");
        }
        assert_eq!(rows[0][0], Chart::Matrix, "the matrix first: {rows:?}");
        let mut all = rows.concat();
        all.sort_by_key(|c| *c as u8);
        assert_eq!(all, MONTH.to_vec());
    }

    /// 1280x800 less the filter panel: the matrix and the segments' pie on the first row,
    /// above the fold; the bars (the cluster buttons count the clusters too) below.
    #[test]
    fn a_laptop_window_keeps_the_pie_beside_the_matrix() {
        let (_, rows) = arrange(&MONTH, 1030.0, tokens::MATRIX_CELL, 290.0);
        assert_eq!(rows[0], vec![Chart::Matrix, Chart::Pie], "{rows:?}");
    }

    #[test]
    fn a_short_window_keeps_the_matrix_small() {
        let (sizes, _) = arrange(&MONTH, 2400.0, tokens::MATRIX_CELL, 290.0);
        assert_eq!(sizes.cell, tokens::MATRIX_CELL);
    }
}
