//! A check that the real window works where no test harness reaches it (the Windows build
//! under Wine, in CI): with `ASCENT_VIEWER_SMOKE_TEST=FILE` set, once a month is on screen
//! and has been painted a few frames, the app writes to FILE what the cards show, the
//! window's place and size, the theme in force, the OpenGL renderer and where settings are
//! kept, leaves the window up a moment (for a screenshot), then closes it (eframe saves the
//! settings on the way out, as on any exit).

use eframe::egui;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::state::AppState;
use super::views::cards::{CardText, card_texts};

/// The environment variable naming the report file.
pub const VARIABLE: &str = "ASCENT_VIEWER_SMOKE_TEST";

/// Frames painted with the month on screen before the report: the first frames lay out.
const FRAMES_BEFORE_REPORT: u32 = 3;

/// The table's height, in points, that counts as shown: its header and two rows.
const TABLE_SHOWN: f32 = 60.0;

/// How long the window stays up after the report, for a screenshot.
const HOLD: Duration = Duration::from_secs(3);

pub struct SmokeTest {
    out: PathBuf,
    frames_with_month: u32,
    reported_at: Option<Instant>,
}

impl SmokeTest {
    /// The check asked for by the environment, if any.
    pub fn from_env() -> Option<SmokeTest> {
        let out = std::env::var_os(VARIABLE).filter(|v| !v.is_empty())?;
        Some(SmokeTest { out: PathBuf::from(out), frames_with_month: 0, reported_at: None })
    }

    /// Called after each frame is drawn: writes the report and closes once the month is shown.
    pub fn after_frame(&mut self, ctx: &egui::Context, state: &AppState, frame: &eframe::Frame) {
        if let Some(at) = self.reported_at {
            if at.elapsed() >= HOLD {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                ctx.request_repaint_after(Duration::from_millis(250));
            }
            return;
        }
        if state.month.is_none() || state.loading.is_some() {
            return;
        }
        self.frames_with_month += 1;
        if self.frames_with_month < FRAMES_BEFORE_REPORT {
            ctx.request_repaint();
            return;
        }
        self.reported_at = Some(Instant::now());
        let report = report(ctx, state, frame);
        // whole or not at all: the test script watches for the file
        let part = self.out.with_extension("part");
        if let Err(e) = std::fs::write(&part, report).and_then(|()| std::fs::rename(&part, &self.out)) {
            eprintln!("error: the smoke test report {} cannot be written: {e}", self.out.display());
        }
        ctx.request_repaint_after(Duration::from_millis(250));
    }
}

fn report(ctx: &egui::Context, state: &AppState, frame: &eframe::Frame) -> String {
    let mut out = String::new();
    let (outer, inner) = ctx.input(|i| (i.viewport().outer_rect, i.viewport().inner_rect));
    if let Some(r) = outer {
        let _ = writeln!(out, "window position: {:.0},{:.0}", r.min.x, r.min.y);
    }
    if let Some(r) = inner {
        let _ = writeln!(out, "window size: {:.0}x{:.0}", r.width(), r.height());
    }
    let _ = writeln!(out, "theme: {:?}", ctx.theme());
    let _ = writeln!(out, "system theme: {:?}", ctx.input(|i| i.raw.system_theme));
    if let Some(d) = &state.drawing {
        let _ = writeln!(out, "renderer: {}", d.renderer.key());
        let _ = writeln!(out, "api: {}", d.api);
        let _ = writeln!(out, "adapter: {}{}", d.adapter, if d.software { " (software)" } else { "" });
    }
    let _ = writeln!(out, "frame cpu ms: {:.1}", frame.info().cpu_usage.unwrap_or(0.0) * 1000.0);
    placement(&mut out, ctx);
    if let Some(dir) = eframe::storage_dir("ascent-viewer") {
        let _ = writeln!(out, "settings folder: {}", dir.display());
    }
    if let Some(month) = &state.month {
        let _ = writeln!(out, "month: {}", month.title);
        let _ = writeln!(out, "predictions: {}", month.session.data.predictions.len());
    }
    for CardText { label, value, of_whole, .. } in card_texts(&state.view.summary, &state.view.whole) {
        let _ = writeln!(out, "card: {label}: {value} (of {of_whole})");
    }
    for notice in &state.notices {
        let _ = writeln!(out, "notice: {}", notice.text);
    }
    out
}

/// A part of the window the checks want whole on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Cards,
    Matrix,
    Table,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Cards, Part::Matrix, Part::Table];

    fn id(self) -> egui::Id {
        egui::Id::unique(("smoke_part", self as u8))
    }

    fn name(self) -> &'static str {
        match self {
            Part::Cards => "cards",
            Part::Matrix => "matrix",
            Part::Table => "table",
        }
    }
}

/// Where `part` was drawn this frame, and how much of it its clip (a scroll area, the
/// window) let show; read by the report. A rect stored per part and frame: no allocation.
pub fn place(ui: &egui::Ui, part: Part, rect: egui::Rect) {
    let visible = rect.intersect(ui.clip_rect());
    ui.ctx().data_mut(|d| d.insert_temp(part.id(), (rect, visible)));
}

/// Where `part` was drawn last frame, and the part of it that showed (window points).
pub fn drawn(ctx: &egui::Context, part: Part) -> Option<(egui::Rect, egui::Rect)> {
    ctx.data(|d| d.get_temp::<(egui::Rect, egui::Rect)>(part.id()))
}

/// The scale, the monitor and each part: `whole` when all of it shows inside the window
/// and the window inside the monitor, else how much shows.
fn placement(out: &mut String, ctx: &egui::Context) {
    let (monitor, inner, native) =
        ctx.input(|i| (i.viewport().monitor_size, i.viewport().inner_rect, i.viewport().native_pixels_per_point));
    let _ = writeln!(out, "pixels per point: {:.2}", ctx.pixels_per_point());
    if let Some(native) = native {
        let _ = writeln!(out, "system scale: {:.0}%", native * 100.0);
    }
    if let Some(m) = monitor {
        let _ = writeln!(out, "monitor: {:.0}x{:.0} points", m.x, m.y);
    }
    let screen = monitor.map(|m| egui::Rect::from_min_size(egui::Pos2::ZERO, m));
    for part in Part::ALL {
        let Some((rect, visible)) = drawn(ctx, part) else {
            let _ = writeln!(out, "{}: not drawn", part.name());
            continue;
        };
        // in the monitor's points: the window's place added
        let on_screen = match (inner, screen) {
            (Some(inner), Some(screen)) => screen.expand(1.0).contains_rect(visible.translate(inner.min.to_vec2())),
            _ => true,
        };
        // the table scrolls: whole is its header and a few rows, uncut
        let tall_enough = part != Part::Table || visible.height() >= TABLE_SHOWN;
        let whole = tall_enough && visible.width() >= rect.width() - 1.0 && visible.height() >= rect.height() - 1.0;
        let shown = if whole && on_screen {
            "whole"
        } else if on_screen {
            "cut"
        } else {
            "off screen"
        };
        let _ = writeln!(
            out,
            "{}: {shown}, {:.0}x{:.0} of {:.0}x{:.0} points shown",
            part.name(),
            visible.width().max(0.0),
            visible.height().max(0.0),
            rect.width(),
            rect.height()
        );
    }
}
