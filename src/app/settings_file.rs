//! The files settings live in, made safe to read and to write.
//!
//! - `settings.ron` holds what the app remembers ([`Settings`]), written to a temporary file
//!   and renamed, so a crash or a full disk never leaves it cut short. A first run after an
//!   older version takes them from eframe's `app.ron`, where they used to be.
//! - `app.ron` is eframe's (window place and size, egui's memory), written in place by
//!   eframe. Before eframe reads it, values egui would reject (a zoom of 0, NaN or infinity;
//!   a window of no or infinite size) are reset one by one, with a notice.
//! - Either file, when it cannot be read at all (cut short, not a settings file, a link to a
//!   device), is moved aside to `*.bak` and the app starts afresh, saying where the old one is.
//!   Only a regular file is ever opened.

use crate::output::i18n::{t, tr};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::settings::Settings;

/// Larger than any settings file; a bigger one is not read.
const MAX_BYTES: u64 = 16 << 20;

/// What reading a settings file found.
#[derive(Debug)]
pub enum Found {
    Missing,
    Read(HashMap<String, String>),
    /// Unreadable: moved aside to this path.
    MovedAside(PathBuf),
}

/// A problem found in the settings at start, for a notice.
#[derive(Debug, Clone, PartialEq)]
pub enum Repair {
    /// The file could not be read and was moved here; everything in it starts afresh.
    MovedAside(PathBuf),
    /// The zoom was not a usable number and is back to 100%.
    Zoom,
    /// The window's saved place or size was not usable and is forgotten.
    Window,
}

#[derive(Clone)]
pub struct SettingsFiles {
    dir: PathBuf,
}

impl SettingsFiles {
    /// The folder eframe keeps its state in (`%APPDATA%\ascent-viewer\data` on Windows).
    pub fn in_storage_dir() -> Option<SettingsFiles> {
        eframe::storage_dir("ascent-viewer").map(|dir| SettingsFiles { dir })
    }

    pub fn at(dir: &Path) -> SettingsFiles {
        SettingsFiles { dir: dir.to_path_buf() }
    }

    fn settings_path(&self) -> PathBuf {
        self.dir.join("settings.ron")
    }

    /// Our settings: from `settings.ron`, or `None` where there is none yet.
    pub fn load(&self, repairs: &mut Vec<Repair>) -> Option<Settings> {
        match read_map(&self.settings_path()) {
            Found::Missing => None,
            Found::Read(map) => Some(Settings::load(Some(&MapStorage(map)))),
            Found::MovedAside(to) => {
                repairs.push(Repair::MovedAside(to));
                Some(Settings::default())
            }
        }
    }

    /// Writes `settings.ron` whole or not at all.
    pub fn save(&self, settings: &Settings) -> std::io::Result<()> {
        let mut map = MapStorage(HashMap::new());
        settings.save(&mut map);
        let mut keys: Vec<(&String, &String)> = map.0.iter().collect();
        keys.sort();
        let text = ron::ser::to_string_pretty(
            &keys.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
            Default::default(),
        )
        .map_err(std::io::Error::other)?;
        std::fs::create_dir_all(&self.dir)?;
        super::files::write_atomically(&self.settings_path(), text.as_bytes())
    }

    /// Checks eframe's `app.ron` before eframe reads it, repairing or moving it aside.
    pub fn check_eframe_state(&self, repairs: &mut Vec<Repair>) {
        let path = self.dir.join("app.ron");
        let mut map = match read_map(&path) {
            Found::Missing => return,
            Found::MovedAside(to) => {
                repairs.push(Repair::MovedAside(to));
                return;
            }
            Found::Read(map) => map,
        };
        let mut changed = false;
        if let Some(memory) = map.get_mut("egui")
            && let Some(fixed) = with_usable_zoom(memory)
        {
            *memory = fixed;
            repairs.push(Repair::Zoom);
            changed = true;
        }
        if map.get("window").is_some_and(|w| !is_usable_window(w)) {
            map.remove("window");
            repairs.push(Repair::Window);
            changed = true;
        }
        if changed && let Ok(text) = ron::ser::to_string_pretty(&map, Default::default()) {
            let _ = super::files::write_atomically(&path, text.as_bytes());
        }
    }
}

/// Reads a RON map of strings, only from a regular file of a sane size.
fn read_map(path: &Path) -> Found {
    let Ok(meta) = std::fs::metadata(path) else {
        // a link to nowhere is moved aside too; nothing there is simply missing
        return if std::fs::symlink_metadata(path).is_ok() { move_aside(path) } else { Found::Missing };
    };
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return move_aside(path);
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(_) => return move_aside(path),
    };
    match ron::from_str::<HashMap<String, String>>(&text) {
        Ok(map) => Found::Read(map),
        Err(_) => move_aside(path),
    }
}

fn move_aside(path: &Path) -> Found {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    let to = path.with_file_name(name);
    match std::fs::rename(path, &to) {
        Ok(()) => Found::MovedAside(to),
        // cannot move it (a read-only folder): start afresh without touching it
        Err(_) => Found::Missing,
    }
}

/// egui's memory with its zoom back to 1 where the saved one is not a usable number.
fn with_usable_zoom(memory: &str) -> Option<String> {
    const KEY: &str = "zoom_factor:";
    let start = memory.find(KEY)? + KEY.len();
    let end = start + memory[start..].find([',', ')'])?;
    let zoom: f32 = memory[start..end].trim().parse().unwrap_or(f32::NAN);
    // egui's own zoom steps stay within 0.2 - 5
    if zoom.is_finite() && (0.2..=5.0).contains(&zoom) {
        return None;
    }
    Some(format!("{}1.0{}", &memory[..start], &memory[end..]))
}

/// Whether every number of a saved window geometry is finite and its size positive.
fn is_usable_window(window: &str) -> bool {
    let numbers = window
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+'))
        .filter(|t| t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') || is_special_float(t));
    let all_finite = numbers.clone().all(|t| t.parse::<f64>().is_ok_and(f64::is_finite));
    let size_ok = window.find("inner_size_points:").is_none_or(|at| {
        let rest = &window[at..];
        let size: Vec<f64> = rest
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .filter(|t| !t.is_empty())
            .take(2)
            .filter_map(|t| t.parse().ok())
            .collect();
        size.len() == 2 && size.iter().all(|v| *v >= 1.0)
    });
    all_finite && size_ok
}

fn is_special_float(token: &str) -> bool {
    matches!(token.trim_start_matches(['-', '+']), "NaN" | "inf" | "Infinity")
}

/// A key-value store in memory, to reuse [`Settings`]' per-key reading and writing.
#[derive(Default)]
pub(crate) struct MapStorage(pub HashMap<String, String>);

impl eframe::Storage for MapStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// What a settings repair at start says.
pub(crate) fn repair_words(repair: &Repair) -> String {
    match repair {
        Repair::MovedAside(to) => t!("notice.settings_moved_aside", path = to.display().to_string()).into_owned(),
        Repair::Zoom => tr("notice.zoom_reset"),
        Repair::Window => tr("notice.window_reset"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_is_reset_only_when_unusable() {
        assert_eq!(with_usable_zoom("(options:(zoom_factor:1.5,x:1))"), None);
        for bad in ["NaN", "0.0", "-2.0", "inf", "1e40", "abc"] {
            let fixed = with_usable_zoom(&format!("(options:(zoom_factor:{bad},x:1))")).unwrap();
            assert_eq!(fixed, "(options:(zoom_factor:1.0,x:1))", "{bad}");
        }
    }

    #[test]
    fn windows_of_no_or_infinite_size_are_forgotten() {
        let good = "(normal_geometry:(outer_position_pixels:Some((x:-8.0,y:0.0)),scale_factor:1.25,inner_size_points:(x:1280.0,y:800.0)),fullscreen:false,maximized:false)";
        assert!(is_usable_window(good));
        for bad in [
            good.replace("x:1280.0", "x:NaN"),
            good.replace("x:1280.0", "x:inf"),
            good.replace("x:1280.0", "x:0.0"),
            good.replace("y:800.0", "y:-800.0"),
            good.replace("scale_factor:1.25", "scale_factor:NaN"),
        ] {
            assert!(!is_usable_window(&bad), "{bad}");
        }
    }
}
