//! Design tokens: every colour and spacing the views use comes from here.

use eframe::egui::{Color32, Visuals};

use crate::engine::{ClusterKey, Segment};
use crate::output::export::cluster_rgb;

fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// A cluster's colour (the same as in exports).
pub fn cluster_color(key: ClusterKey) -> Color32 {
    rgb(cluster_rgb(key))
}

pub fn segment_color(segment: Segment) -> Color32 {
    match segment {
        Segment::TopUnmanagedCompute => rgb(0x00838F),
        Segment::TopUnmanagedUser => rgb(0x3949AB),
        Segment::MidSize => rgb(0x43A047),
        Segment::Small => rgb(0xF9A825),
        Segment::Unknown => rgb(0x9E9E9E),
    }
}

/// A matrix cell's fill: its cluster's colour, stronger with more rows.
pub fn cell_fill(key: ClusterKey, share_of_max: f32, visuals: &Visuals) -> Color32 {
    let base = cluster_color(key);
    let alpha = 0.18 + 0.72 * share_of_max.clamp(0.0, 1.0);
    let bg = visuals.extreme_bg_color;
    lerp(bg, base, alpha)
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// Text on a filled cell: dark on light fills, light on dark ones.
pub fn text_on(fill: Color32) -> Color32 {
    let luma = 0.299 * f32::from(fill.r()) + 0.587 * f32::from(fill.g()) + 0.114 * f32::from(fill.b());
    if luma > 150.0 { Color32::from_gray(20) } else { Color32::from_gray(245) }
}

pub const WARNING: Color32 = Color32::from_rgb(0xC6, 0x28, 0x28);
pub const COMPARE_ACCENT: Color32 = Color32::from_rgb(0x15, 0x65, 0xC0);
pub const SAMPLE_BADGE: Color32 = Color32::from_rgb(0xEF, 0x8F, 0x00);

pub const SPACING: f32 = 8.0;
pub const CARD_MIN_WIDTH: f32 = 180.0;
pub const ROW_HEIGHT: f32 = 22.0;
pub const FILTER_PANEL_WIDTH: f32 = 250.0;
pub const DETAILS_PANEL_WIDTH: f32 = 340.0;
pub const MATRIX_CELL: f32 = 66.0;
pub const PIE_SIZE: f32 = 150.0;

/// A direction's colour in the transition view and the movers table (as in the movers workbook, stronger).
pub fn direction_color(direction: crate::engine::compare::Direction) -> Color32 {
    use crate::engine::compare::Direction;
    match direction {
        Direction::Up => rgb(0x2E7D32),
        Direction::Down => rgb(0xC62828),
        Direction::Unchanged => rgb(0x9E9E9E),
        Direction::New => rgb(0x1565C0),
        Direction::Gone => rgb(0x616161),
    }
}

/// A transition cell's fill: its direction's colour, stronger with more predictions.
pub fn transition_fill(direction: crate::engine::compare::Direction, share_of_max: f32, visuals: &Visuals) -> Color32 {
    let alpha = 0.12 + 0.6 * share_of_max.clamp(0.0, 1.0);
    lerp(visuals.extreme_bg_color, direction_color(direction), alpha)
}

pub const TRANSITION_CELL: f32 = 56.0;
