//! The report's fonts: the app's own (egui's Ubuntu Light, Hack where it lacks a glyph),
//! then, for the scripts they lack (Chinese, Japanese, Korean, Thai, Hebrew, Arabic...), the
//! first font of the system that has the character, found on first need and subset into the
//! PDF like the others. A character no font has is counted, for the report to say so.
//!
//! Text is measured in linear time: each character's advance is looked up once and kept,
//! and a text is cut to what a line can hold before it is measured.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use unicode_bidi::BidiInfo;

/// More characters than any line of a page holds at the report's smallest size: a longer
/// text (a 20,000-character name) is cut to it before it is measured.
const MOST_ON_A_LINE: usize = 400;

/// A face: krilla's for drawing, and its bytes for measuring.
struct Face {
    font: Font,
    bytes: Arc<Vec<u8>>,
    index: u32,
}

impl Face {
    fn new(bytes: Arc<Vec<u8>>, index: u32) -> Option<Face> {
        let font = Font::new(krilla::Data::from(Arc::clone(&bytes)), index)?;
        Some(Face { font, bytes, index })
    }

    fn font_ref(&self) -> Option<skrifa::FontRef<'_>> {
        skrifa::FontRef::from_index(&self.bytes, self.index).ok()
    }

    fn has(&self, c: char) -> bool {
        self.font_ref().is_some_and(|f| f.charmap().map(c).is_some_and(|g| g.to_u32() != 0))
    }

    /// The width of `run` at one point, shaped as krilla shapes it (Arabic letters join,
    /// and a joined word is narrower than its letters alone).
    fn shaped_width(&self, run: &str, direction: TextDirection) -> Option<f32> {
        let face = rustybuzz::Face::from_slice(&self.bytes, self.index)?;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(run);
        buffer.guess_segment_properties();
        buffer.set_direction(match direction {
            TextDirection::RightToLeft => rustybuzz::Direction::RightToLeft,
            _ => rustybuzz::Direction::LeftToRight,
        });
        let shaped = rustybuzz::shape(&face, &[], buffer);
        let advance: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        Some(advance as f32 / f32::from(face.units_per_em().max(1) as u16))
    }

    /// The advance of `c` at a size of one point.
    fn advance(&self, c: char) -> f32 {
        let Some(font) = self.font_ref() else { return 0.0 };
        let metrics = font.glyph_metrics(Size::new(1.0), LocationRef::default());
        font.charmap().map(c).and_then(|g| metrics.advance_width(g)).unwrap_or(0.0)
    }
}

/// The fonts of one report.
pub struct Fonts {
    faces: RefCell<Vec<Face>>,
    /// Per character: the face that draws it and its advance at one point (None: no face).
    glyphs: RefCell<HashMap<char, Option<(usize, f32)>>>,
    /// The system's fonts, read on the first character the app's fonts lack.
    system: OnceCell<fontdb::Database>,
    missing: RefCell<BTreeSet<char>>,
}

impl Fonts {
    pub fn new() -> Option<Fonts> {
        let own = |bytes: &'static [u8]| Face::new(Arc::new(bytes.to_vec()), 0);
        let faces = vec![own(epaint_default_fonts::UBUNTU_LIGHT)?, own(epaint_default_fonts::HACK_REGULAR)?];
        Some(Fonts {
            faces: RefCell::new(faces),
            glyphs: RefCell::new(HashMap::new()),
            system: OnceCell::new(),
            missing: RefCell::new(BTreeSet::new()),
        })
    }

    /// The characters drawn so far that no font of the app or the system has.
    pub fn missing(&self) -> Vec<char> {
        self.missing.borrow().iter().copied().collect()
    }

    /// The face of `c` and its advance at one point; a character no font has is a space.
    fn glyph(&self, c: char) -> (usize, f32) {
        self.lookup(c).unwrap_or_else(|| self.glyph(' '))
    }

    /// The face of `c` and its advance at one point, None where no font has it (looked up
    /// once, then kept).
    fn lookup(&self, c: char) -> Option<(usize, f32)> {
        if let Some(&known) = self.glyphs.borrow().get(&c) {
            return known;
        }
        let found = self.find_face(c).map(|face| (face, self.faces.borrow()[face].advance(c)));
        self.glyphs.borrow_mut().insert(c, found);
        if found.is_none() && !c.is_whitespace() && !c.is_control() {
            self.missing.borrow_mut().insert(c);
        }
        found
    }

    fn find_face(&self, c: char) -> Option<usize> {
        if let Some(face) = self.faces.borrow().iter().position(|f| f.has(c)) {
            return Some(face);
        }
        if c.is_whitespace() || c.is_control() {
            return None;
        }
        let face = self.system_face(c)?;
        let mut faces = self.faces.borrow_mut();
        faces.push(face);
        Some(faces.len() - 1)
    }

    /// The first font of the system with `c`, regular faces first.
    fn system_face(&self, c: char) -> Option<Face> {
        let db = self.system.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        });
        let mut candidates: Vec<&fontdb::FaceInfo> = db.faces().collect();
        candidates.sort_by_key(|f| (f.style != fontdb::Style::Normal, f.weight.0.abs_diff(400)));
        candidates.into_iter().find_map(|info| {
            let has = db.with_face_data(info.id, |data, index| {
                skrifa::FontRef::from_index(data, index)
                    .is_ok_and(|f| f.charmap().map(c).is_some_and(|g| g.to_u32() != 0))
                    .then(|| data.to_vec())
            })??;
            Face::new(Arc::new(has), info.index)
        })
    }

    /// What is drawn for `c`: French groups digits with a narrow no-break space, drawn as a
    /// thin space where the proportional face has one (the monospace one is wide).
    fn shown(&self, c: char) -> char {
        match c {
            '\u{202F}' if self.glyph('\u{2009}').0 == 0 => '\u{2009}',
            '\u{202F}' => '\u{A0}',
            c => c,
        }
    }

    /// `text` in runs of one face each, in logical order.
    fn runs(&self, text: &str) -> Vec<(usize, String)> {
        let mut runs: Vec<(usize, String)> = Vec::new();
        for c in text.chars() {
            let shown = self.shown(c);
            // a character no font has is drawn as a space, in the face of a space
            let (c, (face, _)) = match self.lookup(shown) {
                Some(glyph) => (shown, glyph),
                None => (' ', self.glyph(' ')),
            };
            match runs.last_mut() {
                Some((f, run)) if *f == face => run.push(c),
                // a space stays in the face around it, so a word of joined letters and the
                // next are shaped as one run
                Some((f, run)) if c == ' ' && self.faces.borrow()[*f].has(' ') => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    /// `text` as drawn left to right: runs of one face and one direction, right-to-left
    /// stretches (Hebrew, Arabic) reordered as the Unicode bidirectional algorithm says.
    pub(super) fn visual_runs(&self, text: &str) -> Vec<(Font, String, TextDirection, f32)> {
        let mut out = Vec::new();
        // a line of a left-to-right page: "5. שטראוס" keeps its number first
        let bidi = BidiInfo::new(text, Some(unicode_bidi::Level::ltr()));
        for para in &bidi.paragraphs {
            let (levels, ranges) = bidi.visual_runs(para, para.range.clone());
            for range in ranges {
                let rtl = levels[range.start].is_rtl();
                let mut runs = self.runs(&text[range]);
                if rtl {
                    runs.reverse();
                }
                let direction = if rtl { TextDirection::RightToLeft } else { TextDirection::LeftToRight };
                for (face, run) in runs {
                    let faces = self.faces.borrow();
                    let width = faces[face].shaped_width(&run, direction).unwrap_or_else(|| self.width(1.0, &run));
                    out.push((faces[face].font.clone(), run, direction, width));
                }
            }
        }
        out
    }

    /// The width of `text` at `size`, in points.
    pub fn width(&self, size: f32, text: &str) -> f32 {
        size * text.chars().map(|c| self.glyph(self.shown(c)).1).sum::<f32>()
    }

    /// `text`, cut with an ellipsis to fit `max` points.
    pub fn fit(&self, size: f32, text: &str, max: f32) -> String {
        let capped = cap(text);
        let widths: Vec<f32> = capped.chars().map(|c| size * self.glyph(self.shown(c)).1).collect();
        if capped.len() == text.len() && widths.iter().sum::<f32>() <= max {
            return text.to_string();
        }
        let room = max - self.width(size, "…");
        let mut used = 0.0;
        let mut end = 0;
        for ((at, c), w) in capped.char_indices().zip(&widths) {
            if used + w > room {
                break;
            }
            used += w;
            end = at + c.len_utf8();
        }
        let kept = capped[..end].trim_end();
        if kept.is_empty() && room < 0.0 { String::new() } else { format!("{kept}…") }
    }

    /// `text` broken into lines of at most `max` points, at spaces (a text longer than a
    /// few lines cut first).
    pub fn wrap(&self, size: f32, text: &str, max: f32) -> Vec<String> {
        let text: String = text.chars().take(MOST_ON_A_LINE * 4).collect();
        let space = self.width(size, " ");
        let mut lines: Vec<String> = Vec::new();
        let (mut line, mut line_width) = (String::new(), 0.0);
        for word in text.split(' ') {
            let word_width = self.width(size, word);
            if line.is_empty() {
                (line, line_width) = (word.to_string(), word_width);
            } else if line_width + space + word_width <= max {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
                line_width = word_width;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// `text` with at most [`MOST_ON_A_LINE`] characters.
fn cap(text: &str) -> &str {
    match text.char_indices().nth(MOST_ON_A_LINE) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}
