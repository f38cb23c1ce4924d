//! Drawing on a PDF page with krilla: boxes, lines, pie slices and text in the app's own
//! fonts (egui's Ubuntu Light, Hack where it lacks a glyph), measured with skrifa so text
//! can be aligned and cut to fit. Coordinates are points, from the top left corner.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// The two fonts, for krilla to embed and for skrifa to measure.
pub struct Fonts {
    faces: [(Font, &'static [u8]); 2],
}

impl Fonts {
    pub fn new() -> Option<Fonts> {
        let load = |bytes: &'static [u8]| Some((Font::new(bytes.to_vec().into(), 0)?, bytes));
        Some(Fonts { faces: [load(epaint_default_fonts::UBUNTU_LIGHT)?, load(epaint_default_fonts::HACK_REGULAR)?] })
    }

    /// The face that has `c`: the proportional one first.
    fn face_of(&self, c: char) -> Option<usize> {
        self.faces.iter().position(|(_, bytes)| {
            skrifa::FontRef::new(bytes).is_ok_and(|f| f.charmap().map(c).is_some_and(|g| g.to_u32() != 0))
        })
    }

    /// `text` in runs of one face each; a character neither face has becomes a space.
    fn runs(&self, text: &str) -> Vec<(usize, String)> {
        let mut runs: Vec<(usize, String)> = Vec::new();
        for c in text.chars() {
            // French groups digits with a narrow no-break space: a thin space where the
            // proportional face has one, else its no-break space (the monospace one is wide)
            let c = match c {
                '\u{202F}' if self.face_of('\u{2009}') == Some(0) => '\u{2009}',
                '\u{202F}' => '\u{A0}',
                c => c,
            };
            let (face, c) = match self.face_of(c) {
                Some(face) => (face, c),
                None => (0, ' '),
            };
            match runs.last_mut() {
                Some((f, run)) if *f == face => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    fn run_width(&self, face: usize, size: f32, run: &str) -> f32 {
        let Ok(font) = skrifa::FontRef::new(self.faces[face].1) else { return 0.0 };
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        let charmap = font.charmap();
        run.chars().filter_map(|c| charmap.map(c)).filter_map(|g| metrics.advance_width(g)).sum()
    }

    /// The width of `text` at `size`, in points.
    pub fn width(&self, size: f32, text: &str) -> f32 {
        self.runs(text).iter().map(|(face, run)| self.run_width(*face, size, run)).sum()
    }

    /// `text`, cut with an ellipsis to fit `max` points.
    pub fn fit(&self, size: f32, text: &str, max: f32) -> String {
        if self.width(size, text) <= max {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let cut: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
            if self.width(size, &cut) <= max {
                return cut;
            }
        }
        String::new()
    }

    /// `text` broken into lines of at most `max` points, at spaces.
    pub fn wrap(&self, size: f32, text: &str, max: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split(' ') {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if self.width(size, &candidate) <= max || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

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
        let width = self.fonts.width(size, text);
        let mut x = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        self.surface.set_fill(Some(fill(c)));
        for (face, run) in self.fonts.runs(text) {
            let font = self.fonts.faces[face].0.clone();
            self.surface.draw_text(Point::from_xy(x, y), font, size, &run, false, TextDirection::Auto);
            x += self.fonts.run_width(face, size, &run);
        }
    }

    /// Text cut to fit `max` points.
    pub fn text_in(&mut self, (x, y): (f32, f32), size: f32, c: Rgb, text: &str, max: f32, align: Align) {
        let fitted = self.fonts.fit(size, text, max);
        self.text(x, y, size, c, &fitted, align);
    }
}
