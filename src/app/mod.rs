//! The desktop app: a thin view over the engine. Views read the state and return
//! commands; commands are handled in one place ([`AscentApp::handle`]); loading and
//! exporting run on background threads while the previous month stays on screen.

pub mod accounts;
pub mod command;
pub mod compare;
pub mod file_dialog;
mod files;
pub mod focus;
mod handle;
pub mod library;
pub mod library_state;
pub mod renderer;
pub mod rows;
mod saved_views;
pub mod settings;
pub mod settings_file;
pub mod smoke;
pub mod start;
pub mod start_log;
pub mod state;
pub mod system_theme;
pub mod tasks;
pub mod tokens;
pub mod views;

use eframe::egui;
use std::path::PathBuf;

use crate::engine::Filter;
use crate::output::i18n::{self, t, tr};
pub use command::AppCommand;
use settings::{Settings, ThemeChoice};
pub use start::{Launch, StartError};
use state::*;
use tasks::DialogKind;

pub struct AscentApp {
    pub state: AppState,
    pub ui: UiState,
    commands: Vec<AppCommand>,
    /// The window check of the platform tests, when asked for (`smoke.rs`).
    smoke: Option<smoke::SmokeTest>,
    /// Where settings are saved (none in tests: nothing is written).
    settings_files: Option<settings_file::SettingsFiles>,
    /// The settings as last written, so that an unchanged state is not written again.
    saved_settings: Option<Settings>,
    /// Whether the window had the focus last frame: the system's app mode is read again
    /// when it comes back (`system_theme.rs`).
    focused: bool,
    /// Our text sizes and colours are installed (on the first frame).
    styled: bool,
    /// The keyboard focus, ringed and scrolled into view.
    focus: focus::FocusFollower,
    /// No window size was remembered: size the window to the screen once it is known.
    fit_window: bool,
    /// The monitor in points once the zoom was fitted to it ([`fitting_zoom`]), on a first start.
    screen: Option<egui::Vec2>,
    /// The renderer's start, until its first frame is on screen (none in tests).
    start: Option<start::StartRecord>,
    /// Frames drawn so far, up to the one that ends the start.
    frames: u32,
}

/// The smallest window the layout is made for (a 1024x768 screen less the taskbar).
const MIN_WINDOW: [f32; 2] = [800.0, 560.0];

/// The smallest screen, in points, on which the first window shows every card, the whole
/// matrix and the top of the table. Where the system's display scaling leaves fewer (1366x768
/// at 150% is 911x512 points), the app zooms out until it has these ([`fitting_zoom`]).
pub const MIN_SCREEN: [f32; 2] = [1150.0, 760.0];

/// A screen with this many times [`MIN_SCREEN`] at 100% is large: the first window zooms in.
const LARGE_SCREEN: f32 = 1.5;

/// The zoom that keeps the layout whole on a monitor of `monitor` points at zoom 1, where
/// the system scales by `native` (1.5 at 150%): 1 where it fits, else less in steps of 5%,
/// but never below the screen's own pixels (100%): scaling is undone, never overdone. On a
/// large screen the system does not scale (2560x1440 at 100%), text of 13 pixels is small
/// from a desk's distance: the zoom grows in steps of 25%, up to 150%, while the layout still
/// has half as much room again as it needs.
pub fn fitting_zoom(monitor: egui::Vec2, native: f32) -> f32 {
    let fit = (monitor.x / MIN_SCREEN[0]).min(monitor.y / MIN_SCREEN[1]);
    if native <= 1.0 && fit >= LARGE_SCREEN {
        return ((fit / LARGE_SCREEN * 4.0).floor() / 4.0).clamp(1.0, 1.5);
    }
    if fit >= 1.0 {
        return 1.0;
    }
    let unscaled = 1.0 / native.max(1.0);
    ((fit * 20.0).floor() / 20.0).max(unscaled).min(1.0)
}

/// Opens the window on `launch` with the first renderer that starts (`start.rs`).
pub fn run(launch: Launch) -> Result<(), StartError> {
    start::run(launch, &window_options, &|cc, app, record| {
        let mut ascent = AscentApp::new(cc, app.launch, app.files, app.settings, app.repairs);
        ascent.start = Some(record);
        Box::new(ascent)
    })
}

/// The window: its title, first size, smallest size and icon; saved place and size.
fn window_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Ascent Viewer")
            .with_app_id("ascent-viewer")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size(MIN_WINDOW)
            .with_drag_and_drop(true)
            .with_icon(views::icon()),
        persist_window: true,
        ..Default::default()
    }
}

/// Points kept free above and below the first window: its title bar and the taskbar.
const TITLE_AND_TASKBAR: f32 = 80.0;

/// The window's first size on a screen of `monitor` logical pixels: most of it, less its
/// title bar and the taskbar, and never more than it (a 1366x768 laptop gets 1257x688, a
/// 1920x1080 screen 1766x994).
pub fn first_window_size(monitor: egui::Vec2) -> egui::Vec2 {
    let size = egui::vec2(monitor.x * 0.92, (monitor.y * 0.92).min(monitor.y - TITLE_AND_TASKBAR));
    egui::vec2(size.x.max(MIN_WINDOW[0].min(monitor.x)), size.y.max(MIN_WINDOW[1].min(monitor.y))).round()
}

/// Where the first window of `size` goes: centred across, and in the room above the
/// taskbar (Windows keeps it at the bottom).
pub fn first_window_place(monitor: egui::Vec2, size: egui::Vec2) -> egui::Pos2 {
    egui::pos2((monitor.x - size.x) / 2.0, ((monitor.y - size.y - TITLE_AND_TASKBAR) / 2.0).max(0.0)).round()
}

impl AscentApp {
    /// The app in its window: `settings` read from `settings.ron` by [`run`] (none there yet:
    /// on the first run after an older version, what eframe's file held).
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        launch: Launch,
        files: Option<settings_file::SettingsFiles>,
        settings: Option<Settings>,
        repairs: Vec<settings_file::Repair>,
    ) -> AscentApp {
        let settings = settings.unwrap_or_else(|| Settings::load(cc.storage));
        let Launch { paths, compare_with, .. } = launch;
        let mut app = AscentApp::with_settings(settings);
        for repair in repairs {
            app.notify(settings_file::repair_words(&repair), NoticeKind::Problem, None);
        }
        app.settings_files = files;
        app.fit_window = cc.storage.and_then(|s| s.get_string("window")).is_none();
        app.smoke = smoke::SmokeTest::from_env();
        // SIGINT, SIGTERM, Ctrl+C in the terminal: close the window the usual way (settings
        // saved, an unfinished export's temporary file removed in `on_exit`)
        let ctx = cc.egui_ctx.clone();
        let _ = ctrlc::set_handler(move || {
            crate::engine::staging::remove_unfinished();
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            ctx.request_repaint();
        });
        if !compare_with.is_empty() {
            app.state.pending_compare = Some(compare_with);
        }
        app.apply_theme(&cc.egui_ctx);
        if paths.is_empty() {
            app.commands.push(AppCommand::OpenSample);
        } else {
            app.commands.push(AppCommand::OpenPaths(paths));
        }
        app.handle(&cc.egui_ctx);
        app
    }

    pub fn with_settings(settings: Settings) -> AscentApp {
        i18n::set_language(settings.language.as_deref().unwrap_or_else(|| i18n::system_language()));
        let mut notices = Vec::new();
        if !settings.damaged.is_empty() {
            notices.push(Notice {
                text: t!("notice.settings_damaged", keys = settings.damaged.join(", ")).into_owned(),
                kind: NoticeKind::Problem,
                path: None,
            });
        }
        let table_mode = settings.table_mode;
        let library_folder = settings.library_folder.clone();
        AscentApp {
            state: AppState {
                settings,
                drawing: None,
                month: None,
                filter: Filter::default(),
                view: ViewCache::default(),
                sort: None,
                selected: None,
                accounts: accounts::AccountsView::default(),
                account_sort: None,
                selected_account: None,
                loading: None,
                exporting: None,
                reporting: None,
                dialog: None,
                dialog_backend: DialogBackend::from_env(),
                notices,
                table_before_view: None,
                failure: None,
                // saving follows what the table shows
                export_choice: ExportChoice { lines: table_mode, ..ExportChoice::default() },
                compare: None,
                comparing: None,
                compare_view: CompareView::default(),
                pending_compare: None,
                library: library_state::LibraryState::new(library_folder),
                next_generation: 1,
            },
            ui: UiState { as_of_text: i18n::format_date(today()), ..UiState::default() },
            commands: Vec::new(),
            smoke: None,
            settings_files: None,
            saved_settings: None,
            focused: true,
            styled: false,
            focus: focus::FocusFollower::default(),
            fit_window: false,
            screen: None,
            start: None,
            frames: 0,
        }
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.state.settings.theme {
            ThemeChoice::System => match system_theme::app_mode() {
                Some(egui::Theme::Dark) => egui::ThemePreference::Dark,
                Some(egui::Theme::Light) => egui::ThemePreference::Light,
                None => egui::ThemePreference::System,
            },
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |m, k| KeyboardShortcut::new(m, k);
        // the most specific first: Ctrl+O also matches Ctrl+Shift+O (extra Shift and Alt are ignored)
        let (compare, open_folder, open, save_movers, save, find, rules, help, quit, esc) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::O)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::ALT, Key::O)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::O)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::S)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::S)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::F)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::R)),
                i.consume_shortcut(&shortcut(Modifiers::NONE, Key::F1)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Q)),
                i.key_pressed(Key::Escape),
            )
        });
        self.view_shortcuts(ctx);
        self.library_shortcuts(ctx);
        if open {
            self.commands.push(AppCommand::OpenDialog(DialogKind::OpenFiles));
        }
        if open_folder {
            self.commands.push(AppCommand::OpenDialog(DialogKind::OpenFolder));
        }
        if compare && self.state.month.is_some() {
            self.commands.push(AppCommand::OpenDialog(DialogKind::CompareFiles));
        }
        if save_movers {
            if self.state.compare.is_some() {
                self.commands.push(AppCommand::OpenDialog(DialogKind::SaveMovers));
            } else {
                self.notify(tr("notice.no_comparison"), NoticeKind::Info, None);
            }
        }
        if save && self.state.month.is_some() {
            self.commands.push(AppCommand::OpenDialog(DialogKind::SaveTargets));
        }
        if find {
            self.ui.focus_search = true;
        }
        // a window opened from the keyboard closes a menu left open: it would be drawn over it
        if rules || help {
            egui::Popup::close_all(ctx);
        }
        if rules {
            self.ui.show_rules = !self.ui.show_rules;
        }
        if help {
            self.ui.show_help = !self.ui.show_help;
        }
        if quit {
            self.commands.push(AppCommand::Quit);
        }
        // Esc closes what is on top: a window, then the floating details; else it clears the filter
        if esc && !self.ui.close_top() {
            let floating = !views::details_beside(ctx);
            let accounts = self.state.settings.table_mode == accounts::TableLines::Accounts;
            if floating && accounts && self.state.selected_account.is_some() {
                self.commands.push(AppCommand::SelectAccount(None));
            } else if floating && !accounts && self.state.selected.is_some() {
                self.commands.push(AppCommand::Select(None));
            } else {
                self.commands.push(AppCommand::ClearFilter);
            }
        }
    }

    /// Where no window was remembered (a first start), as soon as the monitor is known: the
    /// zoom that keeps the layout whole ([`fitting_zoom`]); on the next frame, when that zoom
    /// is in force, the window's size and place. A remembered window keeps its size and the
    /// zoom the user chose.
    fn fit_to_screen(&mut self, ctx: &egui::Context) {
        if !self.fit_window {
            return;
        }
        if let Some(screen) = self.screen {
            self.fit_window = false;
            let size = first_window_size(screen);
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(first_window_place(screen, size)));
            return;
        }
        let Some(monitor) = ctx.input(|i| i.viewport().monitor_size) else { return };
        let native = ctx.input(|i| i.viewport().native_pixels_per_point).unwrap_or(1.0);
        let at_one = monitor * ctx.zoom_factor();
        let fit = fitting_zoom(at_one, native);
        if ctx.zoom_factor() != fit {
            ctx.set_zoom_factor(fit);
            // said once: the zoom is remembered with the window
            let key = if fit > 1.0 { "notice.zoom_large" } else { "notice.zoom_fitted" };
            let text =
                t!(key, shown = format!("{:.0}", native * fit * 100.0), system = format!("{:.0}", native * 100.0));
            self.notify(text.into_owned(), NoticeKind::Info, None);
        }
        // the monitor in the points of the zoom in force from the next frame
        self.screen = Some(at_one / fit);
        ctx.request_repaint();
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if !dropped.is_empty() {
            self.commands.push(AppCommand::OpenPaths(dropped));
        }
    }
}

impl eframe::App for AscentApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if !self.styled {
            tokens::install(&ctx);
            self.styled = true;
        }
        self.fit_to_screen(&ctx);
        self.focus.follow(&ctx);
        let focused = ctx.input(|i| i.focused);
        if focused && !self.focused && self.state.settings.theme == ThemeChoice::System {
            self.apply_theme(&ctx);
        }
        self.focused = focused;
        self.poll_tasks(&ctx);
        self.shortcuts(&ctx);
        self.dropped_files(&ctx);
        self.handle(&ctx);
        self.refresh_view();
        let mut commands = std::mem::take(&mut self.commands);
        views::app_ui(ui, &self.state, &mut self.ui, &mut commands);
        let changed = !commands.is_empty();
        self.commands = commands;
        self.handle(&ctx);
        self.refresh_view();
        if changed {
            // show the outcome of this frame's clicks on the next one
            ctx.request_repaint();
        }
        self.frames = self.frames.saturating_add(1);
        // the second frame: the first has been painted
        if self.frames == 2
            && let Some(start) = self.start.take()
        {
            self.state.drawing = Some(start.drawn(frame));
        }
        if let Some(smoke) = &mut self.smoke {
            smoke.after_frame(&ctx, &self.state, frame);
        }
        self.focus.ring(&ctx);
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        // our own file, written whole or not at all; eframe's keeps the window and egui's memory.
        // eframe asks every 30 seconds: the file is written only when something changed.
        let Some(files) = &self.settings_files else { return };
        if self.saved_settings.as_ref() == Some(&self.state.settings) {
            return;
        }
        match files.save(&self.state.settings) {
            Ok(()) => self.saved_settings = Some(self.state.settings.clone()),
            Err(e) => self.notify(
                t!("notice.settings_not_saved", error = e.to_string()).into_owned(),
                NoticeKind::Problem,
                None,
            ),
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // the window closed during a save: the export thread ends with the process
        crate::engine::staging::remove_unfinished();
    }
}
