//! Design tokens: every colour, text size and spacing the views use comes from here, and
//! the contrast they promise (WCAG 2.1 AA: text 4.5:1, controls 3:1) is tested below.

use eframe::egui::{self, Color32, FontFamily, FontId, Stroke, TextStyle, Theme, Visuals};

use crate::engine::compare::Direction;
use crate::engine::{ClusterKey, Segment};
use crate::output::export::cluster_rgb;

fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// The smallest text anywhere: 12 logical pixels.
pub const TEXT_SMALL: f32 = 12.0;
pub const TEXT_BODY: f32 = 13.5;
/// A matrix or transition cell's count.
pub const TEXT_CELL: f32 = 16.0;
/// A card's figure.
pub const TEXT_FIGURE: f32 = 24.0;

/// Installs our fonts, text sizes and both themes' colours.
pub fn install(ctx: &egui::Context) {
    // egui's proportional font has no arrows (→ ↑ ↓); its monospace font does: it is the
    // fallback, so "Evaluate → Act now" reads the same in a chip, a table and a workbook
    let mut fonts = egui::FontDefinitions::default();
    let mono = fonts.families.get(&FontFamily::Monospace).and_then(|f| f.first().cloned());
    if let Some(mono) = mono {
        fonts.families.entry(FontFamily::Proportional).or_default().push(mono);
    }
    ctx.set_fonts(fonts);
    for theme in [Theme::Dark, Theme::Light] {
        ctx.style_mut_of(theme, |style| {
            style.visuals = visuals(theme);
            style.text_styles = [
                (TextStyle::Small, FontId::new(TEXT_SMALL, FontFamily::Proportional)),
                (TextStyle::Body, FontId::new(TEXT_BODY, FontFamily::Proportional)),
                (TextStyle::Button, FontId::new(TEXT_BODY, FontFamily::Proportional)),
                (TextStyle::Heading, FontId::new(19.0, FontFamily::Proportional)),
                (TextStyle::Monospace, FontId::new(13.0, FontFamily::Monospace)),
            ]
            .into();
            // scroll bars that are always there: a list that goes on must look like one
            style.spacing.scroll = egui::style::ScrollStyle::solid();
        });
    }
}

/// egui's theme with text and control edges raised to AA contrast.
pub fn visuals(theme: Theme) -> Visuals {
    let mut v = match theme {
        Theme::Dark => Visuals::dark(),
        Theme::Light => Visuals::light(),
    };
    let (text, weak, edge) = match theme {
        Theme::Dark => (Color32::from_gray(205), Color32::from_gray(150), Color32::from_gray(120)),
        Theme::Light => (Color32::from_gray(40), Color32::from_gray(95), Color32::from_gray(120)),
    };
    v.widgets.noninteractive.fg_stroke.color = text;
    v.weak_text_color = Some(weak);
    // buttons, checkboxes and text boxes get an edge that stands out from the panel
    v.widgets.inactive.bg_stroke = Stroke::new(1.0, edge);
    // egui draws a focused widget (Tab) in its "active" style: a 2 px accent ring shows it
    v.widgets.active.bg_stroke = Stroke::new(2.0, accent_of(theme));
    v.warn_fg_color = warning_of(theme);
    v.error_fg_color = warning_of(theme);
    v.hyperlink_color = accent_of(theme);
    v
}

fn theme_of(visuals: &Visuals) -> Theme {
    if visuals.dark_mode { Theme::Dark } else { Theme::Light }
}

fn warning_of(theme: Theme) -> Color32 {
    match theme {
        Theme::Dark => rgb(0xFF8A80),
        Theme::Light => rgb(0xC62828),
    }
}

fn accent_of(theme: Theme) -> Color32 {
    match theme {
        Theme::Dark => rgb(0x64B5F6),
        Theme::Light => rgb(0x1565C0),
    }
}

/// Real problems: text and frames.
pub fn warning(visuals: &Visuals) -> Color32 {
    warning_of(theme_of(visuals))
}

/// The comparison's banner and its frame.
pub fn accent(visuals: &Visuals) -> Color32 {
    accent_of(theme_of(visuals))
}

/// The "sample data" badge.
pub fn sample_badge(visuals: &Visuals) -> Color32 {
    match theme_of(visuals) {
        Theme::Dark => rgb(0xFFB74D),
        Theme::Light => rgb(0xA04A00),
    }
}

/// The ring around a focused custom-painted widget (matrix cells, pie slices).
pub fn focus_stroke(visuals: &Visuals) -> Stroke {
    Stroke::new(3.0, accent(visuals))
}

/// A cluster's colour (the same as in exports).
pub fn cluster_color(key: ClusterKey) -> Color32 {
    rgb(cluster_rgb(key))
}

/// A segment's colour (the same as in the PDF and the workbook: never a cluster's).
pub fn segment_color(segment: Segment) -> Color32 {
    rgb(crate::output::export::segment_rgb(segment))
}

/// How strongly a cell with the most rows is filled, and one with none (the matrix legend).
pub const CELL_ALPHA: (f32, f32) = (0.18, 0.9);

/// A matrix cell's fill: its cluster's colour, stronger with more rows; opaque, so the text
/// colour chosen for it is the colour seen.
pub fn cell_fill(key: ClusterKey, share_of_max: f32, dimmed: bool, visuals: &Visuals) -> Color32 {
    let (low, high) = CELL_ALPHA;
    let alpha = low + (high - low) * share_of_max.clamp(0.0, 1.0);
    let fill = lerp(visuals.extreme_bg_color, cluster_color(key), alpha);
    if dimmed { lerp(visuals.panel_fill, fill, 0.4) } else { fill }
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// Text on a filled shape: black or white, whichever contrasts more (never under 4.5:1).
pub fn text_on(fill: Color32) -> Color32 {
    let (dark, light) = (Color32::from_gray(0), Color32::from_gray(255));
    if contrast(fill, dark) >= contrast(fill, light) { dark } else { light }
}

/// WCAG 2.1 relative luminance.
fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG 2.1 contrast ratio, 1 to 21.
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

pub const SPACING: f32 = 8.0;
pub const ROW_HEIGHT: f32 = 24.0;
pub const FILTER_PANEL_WIDTH: f32 = 260.0;
pub const DETAILS_PANEL_WIDTH: f32 = 360.0;
/// The matrix cell's width at its smallest (its name, share and count fit); large windows give it more.
pub const MATRIX_CELL: f32 = 74.0;
pub const PIE_SIZE: f32 = 150.0;
pub const TRANSITION_CELL: f32 = 66.0;
/// Below this width the centre is too narrow for the dashboard and a details panel beside
/// it: the details float over the table instead.
/// The least height kept under the dashboard, chips and toolbar for the table: its header
/// and eight rows (the dashboard shrinks, then scrolls, before the table goes).
pub const TABLE_MIN_HEIGHT: f32 = ROW_HEIGHT + 2.0 + 8.0 * ROW_HEIGHT + 8.0;
/// The table's least height in a window shorter than 768 points (a laptop at 125%): its
/// header and five rows, so that the dashboard keeps the matrix whole.
pub const TABLE_SHORT_HEIGHT: f32 = 135.0;
/// The height under the top bar from which the table keeps eight rows (a 1024x768 window).
pub const ROOM_FOR_EIGHT_ROWS: f32 = 640.0;
pub const DETAILS_BESIDE_MIN_WIDTH: f32 = 1500.0;

/// A direction's colour in the transition view and the movers table (as in the movers workbook, stronger).
pub fn direction_color(direction: Direction) -> Color32 {
    match direction {
        Direction::Up => rgb(0x2E7D32),
        Direction::Down => rgb(0xC62828),
        Direction::Unchanged => rgb(0x9E9E9E),
        Direction::New => rgb(0x1565C0),
        Direction::Gone => rgb(0x616161),
    }
}

/// A direction's colour as text on the panel: lighter in the dark theme.
pub fn direction_text(direction: Direction, visuals: &Visuals) -> Color32 {
    match (theme_of(visuals), direction) {
        (Theme::Dark, Direction::Up) => rgb(0x81C784),
        (Theme::Dark, Direction::Down) => rgb(0xFF8A80),
        (Theme::Dark, Direction::New) => rgb(0x64B5F6),
        (Theme::Dark, Direction::Unchanged | Direction::Gone) => rgb(0xBDBDBD),
        (Theme::Light, Direction::Unchanged) => rgb(0x616161),
        (Theme::Light, d) => direction_color(d),
    }
}

/// A transition cell's fill: its direction's colour, stronger with more predictions.
pub fn transition_fill(direction: Direction, share_of_max: f32, dimmed: bool, visuals: &Visuals) -> Color32 {
    let alpha = 0.12 + 0.6 * share_of_max.clamp(0.0, 1.0);
    let fill = lerp(visuals.extreme_bg_color, direction_color(direction), alpha);
    if dimmed { lerp(visuals.panel_fill, fill, 0.4) } else { fill }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: f64 = 4.5;
    const CONTROL: f64 = 3.0;

    fn backgrounds(v: &Visuals) -> [Color32; 3] {
        [v.panel_fill, v.window_fill, v.extreme_bg_color]
    }

    #[test]
    fn contrast_of_known_pairs() {
        // black on white is 21:1, a colour on itself 1:1 (the WCAG definitions)
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(rgb(0x777777), rgb(0x777777)) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1
        assert!((contrast(rgb(0x767676), Color32::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn text_and_controls_meet_aa_in_both_themes() {
        for theme in [Theme::Dark, Theme::Light] {
            let v = visuals(theme);
            for bg in backgrounds(&v) {
                for (what, fg) in [
                    ("text", v.text_color()),
                    ("weak text", v.weak_text_color()),
                    ("warning", warning(&v)),
                    ("accent", accent(&v)),
                    ("sample badge", sample_badge(&v)),
                    ("button text", v.widgets.inactive.fg_stroke.color),
                ] {
                    assert!(contrast(fg, bg) >= TEXT, "{theme:?}: {what} {:.2}:1", contrast(fg, bg));
                }
                for d in [Direction::Up, Direction::Down, Direction::Unchanged, Direction::New, Direction::Gone] {
                    assert!(contrast(direction_text(d, &v), bg) >= TEXT, "{theme:?}: {d:?}");
                }
                assert!(contrast(v.widgets.inactive.bg_stroke.color, bg) >= CONTROL, "{theme:?}: control edge");
                assert!(contrast(focus_stroke(&v).color, bg) >= CONTROL, "{theme:?}: focus ring");
            }
            // button text on the button
            assert!(contrast(v.widgets.inactive.fg_stroke.color, v.widgets.inactive.weak_bg_fill) >= TEXT);
        }
    }

    #[test]
    fn numbers_are_readable_on_every_cell_colour() {
        for theme in [Theme::Dark, Theme::Light] {
            let v = visuals(theme);
            for key in ClusterKey::ALL {
                for step in 0..=20 {
                    for dimmed in [false, true] {
                        let fill = cell_fill(key, step as f32 / 20.0, dimmed, &v);
                        let ratio = contrast(text_on(fill), fill);
                        assert!(ratio >= TEXT, "{theme:?} {key:?} {step} {dimmed}: {ratio:.2}");
                    }
                }
            }
            for d in [Direction::Up, Direction::Down, Direction::Unchanged, Direction::New, Direction::Gone] {
                for step in 0..=20 {
                    let fill = transition_fill(d, step as f32 / 20.0, false, &v);
                    assert!(contrast(text_on(fill), fill) >= TEXT);
                }
            }
            // a selected cluster button: its name on its colour
            for key in ClusterKey::ALL {
                let fill = cluster_color(key);
                assert!(contrast(text_on(fill), fill) >= TEXT, "{key:?}");
            }
        }
    }

    #[test]
    fn no_text_style_is_under_twelve_pixels() {
        let ctx = egui::Context::default();
        install(&ctx);
        for theme in [Theme::Dark, Theme::Light] {
            for (style, font) in &ctx.style_of(theme).text_styles {
                assert!(font.size >= TEXT_SMALL, "{style:?} {}", font.size);
            }
        }
    }
}
