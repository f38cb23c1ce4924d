//! Opening the window: the renderers tried in order until one draws (`renderer.rs`), each
//! attempt written to the start-up log (`start_log.rs`), and when none can draw, a message
//! box that says so in words, what to try, and where the log is.

use std::cell::Cell;
use std::path::PathBuf;
use std::rc::Rc;

use super::renderer::{self, Drawing, Renderer, RendererChoice, StartMarker};
use super::settings::Settings;
use super::settings_file::{Repair, SettingsFiles};
use super::start_log::{self, StartLog};
use crate::output::i18n::{self, t, tr};

/// What the app is opened on.
#[derive(Clone, Debug, Default)]
pub struct Launch {
    /// Files or folders (the bundled sample when empty).
    pub paths: Vec<PathBuf>,
    /// The month before, to compare with.
    pub compare_with: Vec<PathBuf>,
    /// `--renderer`: this one only, whatever the setting.
    pub renderer: Option<Renderer>,
}

/// Why the window did not open.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    NotBuilt(#[from] renderer::NotBuilt),
    #[error("no renderer could open the window ({}){}", tried_words(.tried), log_words(.log))]
    NoRenderer { tried: Vec<(Renderer, String)>, log: Option<PathBuf> },
    #[error("the window stopped: {0}")]
    Stopped(String),
}

fn tried_words(tried: &[(Renderer, String)]) -> String {
    tried.iter().map(|(r, e)| format!("{}: {e}", r.key())).collect::<Vec<_>>().join("; ")
}

fn log_words(log: &Option<PathBuf>) -> String {
    log.as_ref().map(|p| format!("; the start-up log is {}", p.display())).unwrap_or_default()
}

/// What the app keeps of its start until its first frame is on screen.
pub struct StartRecord {
    pub renderer: Renderer,
    log: Rc<StartLog>,
    marker: Option<Rc<StartMarker>>,
}

impl StartRecord {
    /// Called once the first frame has been painted: logs what draws, and ends the start.
    pub fn drawn(&self, frame: &eframe::Frame) -> Drawing {
        let drawing = drawing(self.renderer, frame);
        self.log.line(&format!(
            "drawing with {} ({}) on {}{}",
            drawing.renderer.key(),
            drawing.api,
            drawing.adapter,
            if drawing.software { ", a software adapter" } else { "" }
        ));
        if let Some(marker) = &self.marker {
            marker.finished();
        }
        drawing
    }
}

/// How the window is made (all but the renderer, which `run` sets).
pub type WindowOptions<'a> = &'a dyn Fn() -> eframe::NativeOptions;

/// Builds the app in its window, on its first frame's context.
pub type BuildApp<'a> = &'a dyn Fn(&eframe::CreationContext<'_>, AppStart, StartRecord) -> Box<dyn eframe::App>;

/// Opens the window with the first renderer that starts.
pub fn run(launch: Launch, window: WindowOptions<'_>, build: BuildApp<'_>) -> Result<(), StartError> {
    let files = SettingsFiles::in_storage_dir();
    let mut repairs = Vec::new();
    if let Some(files) = &files {
        files.check_eframe_state(&mut repairs);
    }
    let settings = files.as_ref().and_then(|f| f.load(&mut repairs));
    let dir = start_log::state_dir();
    let log = Rc::new(StartLog::open(dir.as_deref()));
    let marker = dir.map(|d| Rc::new(StartMarker::in_dir(&d)));
    let crashed = marker.as_ref().and_then(|m| m.crashed());
    let order = order(&launch, settings.as_ref(), crashed, &log)?;
    let mut tried = Vec::new();
    for renderer in order {
        log.line(&format!("trying {}", renderer.key()));
        if let Some(marker) = &marker {
            marker.starting(renderer);
        }
        let started = Rc::new(Cell::new(false));
        let record = StartRecord { renderer, log: log.clone(), marker: marker.clone() };
        let app = AppStart {
            launch: launch.clone(),
            files: files.clone(),
            repairs: repairs.clone(),
            settings: settings.clone(),
        };
        let options = eframe::NativeOptions { renderer: renderer.eframe(), ..window() };
        let result = open_window(options, app, record, started.clone(), build);
        match result {
            Ok(()) => return Ok(()),
            Err(e) if started.get() => {
                log.problem(&format!("the window stopped: {e}"));
                return Err(StartError::Stopped(e.to_string()));
            }
            Err(e) => {
                log.problem(&format!("{} could not start: {e}", renderer.key()));
                if let Some(marker) = &marker {
                    marker.finished();
                }
                tried.push((renderer, e.to_string()));
            }
        }
    }
    log.problem("no renderer could start: the window was not opened");
    let language = settings.as_ref().and_then(|s| s.language.clone());
    i18n::set_language(language.as_deref().unwrap_or_else(|| i18n::system_language()));
    show_failure(&tried, log.path());
    Err(StartError::NoRenderer { tried, log: log.path().map(PathBuf::from) })
}

/// The renderers to try: `--renderer`, else the setting, else this build's order.
fn order(
    launch: &Launch,
    settings: Option<&Settings>,
    crashed: Option<Renderer>,
    log: &StartLog,
) -> Result<Vec<Renderer>, StartError> {
    let setting = settings.map(|s| s.renderer).unwrap_or_default();
    let choice = launch.renderer.map(RendererChoice::from).unwrap_or(setting);
    let order = match renderer::to_try(choice, crashed) {
        Ok(order) => order,
        // typed on the command line: say so there
        Err(e) if launch.renderer.is_some() => return Err(e.into()),
        // a setting this build cannot follow: every renderer it has
        Err(e) => {
            log.problem(&format!("the renderer setting is not followed: {e}"));
            renderer::to_try(RendererChoice::Automatic, crashed)?
        }
    };
    if let Some(crashed) = crashed.filter(|_| choice == RendererChoice::Automatic && order.len() > 1) {
        log.problem(&format!("the last start with {} did not reach its first frame: it is tried last", crashed.key()));
    }
    log.line(&format!(
        "start: Ascent Viewer {} ({}), renderer setting {}, order {}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        choice.key(),
        order.iter().map(|r| r.key()).collect::<Vec<_>>().join(", ")
    ));
    Ok(order)
}

/// What one attempt builds the app from.
pub struct AppStart {
    pub launch: Launch,
    /// Where settings are saved.
    pub files: Option<SettingsFiles>,
    /// What was repaired in them, for notices.
    pub repairs: Vec<Repair>,
    /// `settings.ron`, read before the window (none yet: eframe's file may hold older ones).
    pub settings: Option<Settings>,
}

fn open_window(
    options: eframe::NativeOptions,
    app: AppStart,
    record: StartRecord,
    started: Rc<Cell<bool>>,
    build: BuildApp<'_>,
) -> eframe::Result<()> {
    eframe::run_native(
        "ascent-viewer",
        options,
        Box::new(move |cc| {
            started.set(true);
            Ok(build(cc, app, record))
        }),
    )
}

/// What draws, from the live context of the frame.
fn drawing(renderer: Renderer, frame: &eframe::Frame) -> Drawing {
    #[cfg(windows)]
    if let Some(state) = frame.wgpu_render_state() {
        let info = state.adapter.get_info();
        let api = match info.backend {
            wgpu::Backend::Dx12 => "Direct3D 12".to_string(),
            wgpu::Backend::Vulkan => "Vulkan".to_string(),
            other => format!("{other:?}"),
        };
        return Drawing { renderer, api, adapter: info.name, software: info.device_type == wgpu::DeviceType::Cpu };
    }
    if let Some(gl) = frame.gl() {
        use eframe::glow::HasContext as _;
        // SAFETY: plain queries on the live context eframe made current for this frame
        let (adapter, version) = unsafe {
            (gl.get_parameter_string(eframe::glow::RENDERER), gl.get_parameter_string(eframe::glow::VERSION))
        };
        let software = ["llvmpipe", "softpipe", "GDI Generic", "SwiftShader"].iter().any(|s| adapter.contains(s));
        // "4.5 (Core Profile) Mesa ...", or "OpenGL ES 3.2 Mesa ..." where EGL gave GLES
        let api = if version.starts_with("OpenGL") { version } else { format!("OpenGL {version}") };
        return Drawing { renderer, api, adapter, software };
    }
    Drawing { renderer, api: String::new(), adapter: String::new(), software: false }
}

/// The message box of a start that found no renderer (a windowed program has no console).
fn show_failure(tried: &[(Renderer, String)], log: Option<&std::path::Path>) {
    let tried: Vec<String> = tried
        .iter()
        .map(|(r, e)| {
            let first = e.lines().next().unwrap_or_default();
            let short: String = first.chars().take(200).collect();
            t!("start.failed_renderer", renderer = r.words(), error = short).into_owned()
        })
        .collect();
    let log = log.map(|p| p.display().to_string()).unwrap_or_else(|| tr("start.no_log"));
    let text = t!("start.failed_text", tried = tried.join("\n"), log = log);
    let _ = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(tr("start.failed_title"))
        .set_description(text.as_ref())
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}
