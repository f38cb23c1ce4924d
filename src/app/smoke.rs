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
    if let Some(gl) = frame.gl() {
        use eframe::glow::HasContext as _;
        // SAFETY: a plain query on the live context eframe made current for this frame
        let renderer = unsafe { gl.get_parameter_string(eframe::glow::RENDERER) };
        let _ = writeln!(out, "renderer: {renderer}");
    }
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
