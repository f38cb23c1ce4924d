//! What the app remembers between runs (eframe persistence): theme, language, recent
//! files, the last rules, table columns. Never the data. Each setting is stored under
//! its own key, so a damaged one falls back to its default without losing the others.

use eframe::Storage;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::path::PathBuf;

use crate::engine::Rules;

// every name below is kept in users' settings: the aliases read those of version 0.1

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    #[serde(rename = "system", alias = "System")]
    System,
    #[serde(rename = "light", alias = "Light")]
    Light,
    #[serde(rename = "dark", alias = "Dark")]
    Dark,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PieMetric {
    #[default]
    #[serde(rename = "customers", alias = "Customers")]
    Customers,
    #[serde(rename = "revenue", alias = "Revenue")]
    Revenue,
}

/// The settings' keys: (today's name, the name of version 0.1 where it differs).
mod key {
    pub const THEME: (&str, &str) = ("theme", "theme");
    pub const LANGUAGE: (&str, &str) = ("language", "language");
    pub const RECENT: (&str, &str) = ("recent", "recent");
    pub const RULES: (&str, &str) = ("rules", "rules");
    pub const COLUMNS: (&str, &str) = ("columns", "columns");
    pub const PIE_METRIC: (&str, &str) = ("pie-metric", "pie_metric");
    pub const MEMORY_LIMIT_GB: (&str, &str) = ("memory-limit-gb", "memory_limit_gb");
    pub const TABLE_LINES: (&str, &str) = ("table-lines", "table_mode");
    pub const VIEWS: (&str, &str) = ("views", "views");
    pub const RENDERER: (&str, &str) = ("renderer", "renderer");
    pub const KEEP_IN_LIBRARY: (&str, &str) = ("keep-in-library", "keep-in-library");
    pub const LIBRARY_FOLDER: (&str, &str) = ("library-folder", "library-folder");
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// "en" or "fr"; None follows the system.
    pub language: Option<String>,
    /// Recently opened file sets, newest first.
    pub recent: Vec<Vec<PathBuf>>,
    pub rules: Rules,
    /// Extra source columns shown in the table, by header.
    pub columns: Vec<String>,
    pub pie_metric: PieMetric,
    /// The memory one file's cells may take, in GB; None: half of the machine's memory.
    pub memory_limit_gb: Option<u32>,
    /// One line per prediction or per customer in the table.
    pub table_mode: super::accounts::TableLines,
    /// Saved views, in the user's order (the built-in ones first on a first run).
    pub views: Vec<crate::engine::view::View>,
    /// Which renderer draws the window (from the next start).
    pub renderer: super::renderer::RendererChoice,
    /// Files opened are kept in the library (as their month).
    pub keep_in_library: bool,
    /// The library's folder (None: the app's data folder).
    pub library_folder: Option<PathBuf>,
    /// Settings that could not be read, by key (shown once).
    pub damaged: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: ThemeChoice::System,
            language: None,
            recent: Vec::new(),
            rules: Rules::default(),
            columns: Vec::new(),
            pie_metric: PieMetric::Customers,
            memory_limit_gb: None,
            table_mode: super::accounts::TableLines::Predictions,
            views: crate::engine::view::View::built_in().to_vec(),
            renderer: super::renderer::RendererChoice::Automatic,
            keep_in_library: true,
            library_folder: None,
            damaged: Vec::new(),
        }
    }
}

pub const MAX_RECENT: usize = 8;

/// A setting under its name, else under its name of version 0.1.
fn read<T: DeserializeOwned>(storage: &dyn Storage, (key, old): (&str, &str), damaged: &mut Vec<String>) -> Option<T> {
    let text = storage.get_string(key).or_else(|| storage.get_string(old))?;
    match ron::from_str(&text) {
        Ok(v) => Some(v),
        Err(_) => {
            damaged.push(key.to_string());
            None
        }
    }
}

fn write<T: Serialize>(storage: &mut dyn Storage, (key, _): (&str, &str), value: &T) {
    if let Ok(text) = ron::to_string(value) {
        storage.set_string(key, text);
    }
}

impl Settings {
    pub fn load(storage: Option<&dyn Storage>) -> Settings {
        let mut s = Settings::default();
        let Some(storage) = storage else { return s };
        let mut damaged = Vec::new();
        if let Some(v) = read(storage, key::THEME, &mut damaged) {
            s.theme = v;
        }
        if let Some(v) = read(storage, key::LANGUAGE, &mut damaged) {
            s.language = v;
        }
        if let Some(v) = read::<Vec<Vec<PathBuf>>>(storage, key::RECENT, &mut damaged) {
            s.recent = v;
        }
        if let Some(v) = read::<Rules>(storage, key::RULES, &mut damaged) {
            if v.validate().is_ok() {
                s.rules = v;
            } else {
                damaged.push(key::RULES.0.into());
            }
        }
        if let Some(v) = read(storage, key::COLUMNS, &mut damaged) {
            s.columns = v;
        }
        if let Some(v) = read(storage, key::PIE_METRIC, &mut damaged) {
            s.pie_metric = v;
        }
        if let Some(v) = read::<Option<u32>>(storage, key::MEMORY_LIMIT_GB, &mut damaged) {
            // a limit of no memory at all would refuse every file
            s.memory_limit_gb = v.filter(|gb| *gb > 0);
        }
        if let Some(v) = read(storage, key::TABLE_LINES, &mut damaged) {
            s.table_mode = v;
        }
        if let Some(v) = read(storage, key::VIEWS, &mut damaged) {
            s.views = v;
        }
        if let Some(v) = read(storage, key::RENDERER, &mut damaged) {
            s.renderer = v;
        }
        if let Some(v) = read(storage, key::KEEP_IN_LIBRARY, &mut damaged) {
            s.keep_in_library = v;
        }
        if let Some(v) = read(storage, key::LIBRARY_FOLDER, &mut damaged) {
            s.library_folder = v;
        }
        s.damaged = damaged;
        s
    }

    pub fn save(&self, storage: &mut dyn Storage) {
        write(storage, key::THEME, &self.theme);
        write(storage, key::LANGUAGE, &self.language);
        write(storage, key::RECENT, &self.recent);
        write(storage, key::RULES, &self.rules);
        write(storage, key::COLUMNS, &self.columns);
        write(storage, key::PIE_METRIC, &self.pie_metric);
        write(storage, key::MEMORY_LIMIT_GB, &self.memory_limit_gb);
        write(storage, key::TABLE_LINES, &self.table_mode);
        write(storage, key::VIEWS, &self.views);
        write(storage, key::RENDERER, &self.renderer);
        write(storage, key::KEEP_IN_LIBRARY, &self.keep_in_library);
        write(storage, key::LIBRARY_FOLDER, &self.library_folder);
    }

    /// How files are loaded: the defaults, with the memory limit chosen.
    pub fn load_options(&self) -> crate::engine::LoadOptions {
        let mut options = crate::engine::LoadOptions::default();
        if let Some(gb) = self.memory_limit_gb {
            options.detect.max_bytes = u64::from(gb) << 30;
        }
        options
    }

    /// Puts a file set first in the recent list.
    pub fn remember(&mut self, paths: &[PathBuf]) {
        if paths.is_empty() {
            return;
        }
        self.recent.retain(|r| r.as_slice() != paths);
        self.recent.insert(0, paths.to_vec());
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::settings_file::MapStorage as Memory;

    #[test]
    fn a_damaged_setting_falls_back_alone() {
        let mut s = Settings {
            theme: ThemeChoice::Dark,
            table_mode: crate::app::accounts::TableLines::Accounts,
            renderer: crate::app::renderer::RendererChoice::Glow,
            ..Settings::default()
        };
        s.remember(&[PathBuf::from("/data/a.xlsx")]);
        s.rules.bands.high = 80.0;
        s.views.swap(0, 2);
        s.views.push(crate::engine::view::View { name: "Mine".into(), ..Default::default() });
        let mut storage = Memory::default();
        s.save(&mut storage);
        assert_eq!(Settings::load(Some(&storage)).rules.bands.high, 80.0);
        storage.set_string("rules", "(broken".into());
        let loaded = Settings::load(Some(&storage));
        assert_eq!(loaded.rules, Rules::default());
        assert_eq!(loaded.theme, ThemeChoice::Dark);
        assert_eq!(loaded.table_mode, crate::app::accounts::TableLines::Accounts);
        assert_eq!(loaded.renderer, crate::app::renderer::RendererChoice::Glow);
        assert_eq!(loaded.recent, s.recent);
        // the views, in the user's order
        assert_eq!(loaded.views, s.views);
        assert_eq!(loaded.damaged, ["rules"]);
    }
}
