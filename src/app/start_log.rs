//! The start-up log: which renderer was tried, why one could not start, which one draws and
//! on what adapter (a GPU, or a software one such as WARP). On Windows a windowed program has
//! no console, so this file is where a failed start leaves its reason.
//!
//! It lives in `%LOCALAPPDATA%\ascent-viewer\` on Windows and in the XDG state folder
//! (`~/.local/state/ascent-viewer/`) elsewhere, and stays short: past [`MAX_BYTES`] it is
//! moved to `start.log.old` (replacing the one before) and begun again.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The log's size before it is rotated.
pub const MAX_BYTES: u64 = 64 * 1024;

pub const FILE_NAME: &str = "start.log";

pub struct StartLog {
    path: Option<PathBuf>,
}

/// The folder the log and the renderer marker live in: `%LOCALAPPDATA%\ascent-viewer` on
/// Windows, `$XDG_STATE_HOME/ascent-viewer` (default `~/.local/state/ascent-viewer`) elsewhere.
pub fn state_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = if cfg!(windows) {
        var("LOCALAPPDATA")?
    } else {
        var("XDG_STATE_HOME").filter(|p| p.is_absolute()).or_else(|| var("HOME").map(|h| h.join(".local/state")))?
    };
    Some(base.join("ascent-viewer"))
}

impl StartLog {
    /// The log in `dir`, rotated first if it has grown past [`MAX_BYTES`]. Without a folder,
    /// lines go nowhere: a start never fails for its log.
    pub fn open(dir: Option<&Path>) -> StartLog {
        let Some(dir) = dir else { return StartLog { path: None } };
        let path = dir.join(FILE_NAME);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_BYTES) {
            let _ = std::fs::rename(&path, dir.join(format!("{FILE_NAME}.old")));
        }
        StartLog { path: std::fs::create_dir_all(dir).ok().map(|()| path) }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What went wrong: in the log, and on stderr for a terminal.
    pub fn problem(&self, text: &str) {
        eprintln!("{text}");
        self.line(text);
    }

    /// Appends a line with the time (UTC) before it.
    pub fn line(&self, text: &str) {
        let Some(path) = &self.path else { return };
        let stamp = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S");
        if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = writeln!(file, "{stamp} {text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_appended_and_the_log_is_rotated_past_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let log = StartLog::open(Some(dir.path()));
        log.line("start: one");
        StartLog::open(Some(dir.path())).line("start: two");
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with(" start: one") && lines[1].ends_with(" start: two"), "{text}");
        // a stamp of 19 characters: 2026-12-06 21:40:01
        assert_eq!(lines[0].find(" start").unwrap(), 19);

        std::fs::write(dir.path().join(FILE_NAME), vec![b'x'; MAX_BYTES as usize + 1]).unwrap();
        StartLog::open(Some(dir.path())).line("start: three");
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        let old = std::fs::metadata(dir.path().join("start.log.old")).unwrap();
        assert_eq!(old.len(), MAX_BYTES + 1);
    }

    #[test]
    fn without_a_folder_nothing_is_written_and_nothing_fails() {
        let log = StartLog::open(None);
        log.line("start: nowhere");
        assert!(log.path().is_none());
    }
}
