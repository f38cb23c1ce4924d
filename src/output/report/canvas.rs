//! Drawing on a PDF page with krilla: boxes, lines, pie slices and text in the report's
//! fonts (see `fonts`), measured so text can be aligned and cut to fit. Coordinates are
//! points, from the top left corner.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

pub use super::fonts::Fonts;

/// Where a text's x is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A colour as 0xRRGGBB.
pub type Rgb = u32;

pub const INK: Rgb = 0x212121;
pub const MUTED: Rgb = 0x616161;
pub const RULE: Rgb = 0xBDBDBD;

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new((c >> 16) as u8, (c >> 8) as u8, c as u8)
}

fn fill(c: Rgb) -> Fill {
    Fill { paint: color(c).into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

pub struct Canvas<'a, 'p> {
    pub surface: Surface<'p>,
    pub fonts: &'a Fonts,
}

impl Canvas<'_, '_> {
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        let Some(rect) = Rect::from_xywh(x, y, w.max(0.01), h.max(0.01)) else { return };
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        if let Some(path) = pb.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(c)));
            self.surface.draw_path(&path);
        }
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, c: Rgb) {
        let mut pb = PathBuilder::new();
        pb.move_to(x1, y1);
        pb.line_to(x2, y2);
        if let Some(path) = pb.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke { paint: color(c).into(), width: 0.5, ..Stroke::default() }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    /// A line through `points`, `width` points thick.
    pub fn polyline(&mut self, points: &[(f32, f32)], width: f32, c: Rgb) {
        let mut pb = PathBuilder::new();
        let Some(((x, y), rest)) = points.split_first() else { return };
        pb.move_to(*x, *y);
        for (x, y) in rest {
            pb.line_to(*x, *y);
        }
        if let Some(path) = pb.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke { paint: color(c).into(), width, ..Stroke::default() }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    /// A pie slice from angle `from` to `to` (radians, clockwise from twelve o'clock).
    pub fn slice(&mut self, cx: f32, cy: f32, r: f32, from: f32, to: f32, c: Rgb) {
        let at = |a: f32| (cx + r * a.sin(), cy - r * a.cos());
        let mut pb = PathBuilder::new();
        pb.move_to(cx, cy);
        let steps = (((to - from) / 0.05).ceil() as usize).max(1);
        for i in 0..=steps {
            let (x, y) = at(from + (to - from) * i as f32 / steps as f32);
            pb.line_to(x, y);
        }
        pb.close();
        if let Some(path) = pb.finish() {
            self.surface.set_fill(Some(fill(c)));
            self.surface.draw_path(&path);
        }
    }

    /// Text on baseline `y`, aligned on `x`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, c: Rgb, text: &str, align: Align) {
        let runs = self.fonts.visual_runs(text);
        let width = size * runs.iter().map(|r| r.3).sum::<f32>();
        let mut x = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        self.surface.set_fill(Some(fill(c)));
        for (font, run, direction, run_width) in runs {
            self.surface.draw_text(Point::from_xy(x, y), font, size, &run, false, direction);
            x += run_width * size;
        }
    }

    /// Text cut to fit `max` points.
    pub fn text_in(&mut self, (x, y): (f32, f32), size: f32, c: Rgb, text: &str, max: f32, align: Align) {
        let fitted = self.fonts.fit(size, text, max);
        self.text(x, y, size, c, &fitted, align);
    }
}
