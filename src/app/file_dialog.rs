//! The app's own file dialog, for desktops where the system's does not answer (no portal:
//! a bare X session, some tiling desktops). egui_file was tried: it cannot put the focus in
//! its file-name field, and a typed full path then Enter is the fastest way to save.

use eframe::egui;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::tasks::DialogKind;
use crate::output::i18n::{t, tr};

/// A folder holding more entries than this lists the first ones (and says so).
const MAX_ENTRIES: usize = 5_000;

const WORKBOOKS: [&str; 8] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

struct Entry {
    name: String,
    is_dir: bool,
}

/// What the user did with the dialog this frame.
#[derive(Debug, PartialEq, Eq)]
pub enum DialogOutcome {
    Open,
    Chosen(Vec<PathBuf>),
    Cancelled,
}

pub struct FileDialog {
    pub kind: DialogKind,
    title: String,
    dir: PathBuf,
    /// The folder's entries, read when the folder changes (never per frame).
    entries: Vec<Entry>,
    more: usize,
    /// The file name (saving) or a path typed to open; a full path is taken as it is.
    pub name: String,
    /// Files picked in the list (opening several).
    picked: BTreeSet<usize>,
    problem: Option<String>,
    /// A file about to be replaced, waiting for the user's word.
    replace: Option<PathBuf>,
    focus_name: bool,
}

impl FileDialog {
    pub fn new(kind: DialogKind, title: String, default_name: Option<String>, dir: PathBuf) -> FileDialog {
        let mut dialog = FileDialog {
            kind,
            title,
            dir: PathBuf::new(),
            entries: Vec::new(),
            more: 0,
            name: default_name.unwrap_or_default(),
            picked: BTreeSet::new(),
            problem: None,
            replace: None,
            focus_name: true,
        };
        dialog.enter(dir);
        dialog
    }

    fn saving(&self) -> bool {
        matches!(
            self.kind,
            DialogKind::SaveTargets
                | DialogKind::SaveMovers
                | DialogKind::SaveRules
                | DialogKind::ExportView(_)
                | DialogKind::SaveReport
        )
    }

    fn picks_folder(&self) -> bool {
        matches!(self.kind, DialogKind::OpenFolder | DialogKind::CompareFolder | DialogKind::LibraryFolder)
    }

    fn extensions(&self) -> &'static [&'static str] {
        match self.kind {
            DialogKind::OpenFiles | DialogKind::CompareFiles => &WORKBOOKS,
            DialogKind::SaveTargets => &["xlsx", "csv"],
            DialogKind::SaveMovers => &["xlsx"],
            DialogKind::LoadRules | DialogKind::SaveRules | DialogKind::ExportView(_) | DialogKind::ImportView => {
                &["toml"]
            }
            DialogKind::SaveReport => &["pdf"],
            DialogKind::OpenFolder | DialogKind::CompareFolder | DialogKind::LibraryFolder => &[],
        }
    }

    /// Shows `dir`'s folders, then the files this dialog is for, sorted by name.
    fn enter(&mut self, dir: PathBuf) {
        self.picked.clear();
        self.problem = None;
        let read = match std::fs::read_dir(&dir) {
            Ok(read) => read,
            Err(e) => {
                self.problem = Some(
                    t!("file_dialog.unreadable", path = dir.display().to_string(), error = e.to_string()).into_owned(),
                );
                return;
            }
        };
        let extensions = self.extensions();
        let folders_only = self.picks_folder();
        let mut entries: Vec<Entry> = read
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let is_dir = e.path().is_dir();
                let ext = Path::new(&name).extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
                let shown = !name.starts_with('.') && (is_dir || (!folders_only && extensions.contains(&ext.as_str())));
                shown.then_some(Entry { name, is_dir })
            })
            .collect();
        entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
        self.more = entries.len().saturating_sub(MAX_ENTRIES);
        entries.truncate(MAX_ENTRIES);
        self.entries = entries;
        self.dir = dir;
    }

    /// The typed name as a path: a full path as it is, else in the folder shown.
    fn typed_path(&self) -> PathBuf {
        let typed = PathBuf::from(self.name.trim());
        if typed.is_absolute() { typed } else { self.dir.join(typed) }
    }

    /// Enter, or the main button: go into a folder, or choose.
    fn confirm(&mut self) -> DialogOutcome {
        if !self.saving() && !self.picked.is_empty() && self.name.trim().is_empty() {
            let paths = self.picked.iter().map(|&i| self.dir.join(&self.entries[i].name)).collect();
            return DialogOutcome::Chosen(paths);
        }
        if self.name.trim().is_empty() {
            return if self.picks_folder() {
                DialogOutcome::Chosen(vec![self.dir.clone()])
            } else {
                DialogOutcome::Open
            };
        }
        let mut path = self.typed_path();
        if path.is_dir() && !self.picks_folder() {
            self.name.clear();
            self.enter(path);
            return DialogOutcome::Open;
        }
        if self.saving() {
            let extensions = self.extensions();
            let ext = path.extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
            if !extensions.contains(&ext.as_str()) {
                path.as_mut_os_string().push(format!(".{}", extensions[0]));
            }
            if !path.parent().is_some_and(Path::is_dir) {
                self.problem = Some(t!("file_dialog.no_folder", path = path.display().to_string()).into_owned());
                return DialogOutcome::Open;
            }
            if path.exists() && self.replace.as_ref() != Some(&path) {
                self.replace = Some(path);
                return DialogOutcome::Open;
            }
            return DialogOutcome::Chosen(vec![path]);
        }
        if self.picks_folder() != path.is_dir() || !path.exists() {
            self.problem = Some(t!("file_dialog.not_found", path = path.display().to_string()).into_owned());
            return DialogOutcome::Open;
        }
        DialogOutcome::Chosen(vec![path])
    }

    pub fn show(&mut self, ctx: &egui::Context) -> DialogOutcome {
        let screen = ctx.content_rect();
        let size = egui::vec2((screen.width() * 0.8).min(720.0), (screen.height() * 0.75).min(560.0));
        let modal = egui::Modal::new(egui::Id::unique("file_dialog")).show(ctx, |ui| {
            ui.set_width(size.x);
            ui.heading(&self.title);
            self.folder_bar_ui(ui);
            ui.separator();
            let mut outcome = self.list_ui(ui, size.y - 190.0);
            ui.separator();
            if let DialogOutcome::Open = outcome {
                outcome = self.name_bar_ui(ui);
            }
            outcome
        });
        if modal.should_close() {
            return DialogOutcome::Cancelled;
        }
        modal.inner
    }

    /// Up, and the folder shown (a path typed there and Enter goes to it).
    fn folder_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let parent = self.dir.parent().map(Path::to_path_buf);
            if ui.add_enabled(parent.is_some(), egui::Button::new(tr("file_dialog.up"))).clicked()
                && let Some(parent) = parent
            {
                self.enter(parent);
            }
            ui.label(tr("file_dialog.folder"));
            ui.add(egui::Label::new(egui::RichText::new(self.dir.display().to_string()).strong()).truncate());
        });
    }

    /// The folder's entries: a click picks, a double click opens a folder or chooses a file.
    fn list_ui(&mut self, ui: &mut egui::Ui, height: f32) -> DialogOutcome {
        let mut outcome = DialogOutcome::Open;
        let mut go_into = None;
        egui::ScrollArea::vertical().max_height(height.max(120.0)).auto_shrink([false, false]).show_rows(
            ui,
            ui.text_style_height(&egui::TextStyle::Body) + 4.0,
            self.entries.len(),
            |ui, range| {
                for i in range {
                    let entry = &self.entries[i];
                    // folders in bold with a separator after their name, files plain
                    let text = if entry.is_dir {
                        egui::RichText::new(format!("{}{}", entry.name, std::path::MAIN_SEPARATOR)).strong()
                    } else {
                        egui::RichText::new(&entry.name)
                    };
                    let response = ui.selectable_label(self.picked.contains(&i), text);
                    if response.double_clicked() {
                        if entry.is_dir {
                            go_into = Some(self.dir.join(&entry.name));
                        } else {
                            outcome = DialogOutcome::Chosen(vec![self.dir.join(&entry.name)]);
                        }
                    } else if response.clicked() {
                        self.pick(i, ui.input(|i| i.modifiers.command));
                    }
                }
            },
        );
        if self.more > 0 {
            ui.weak(t!("file_dialog.more", count = crate::output::i18n::format_count(self.more)));
        }
        if self.entries.is_empty() && self.problem.is_none() {
            ui.weak(tr("file_dialog.empty"));
        }
        if let Some(dir) = go_into {
            self.name.clear();
            self.enter(dir);
        }
        outcome
    }

    fn pick(&mut self, i: usize, add: bool) {
        let entry = &self.entries[i];
        let several = matches!(self.kind, DialogKind::OpenFiles | DialogKind::CompareFiles);
        if add && several && !entry.is_dir {
            if !self.picked.remove(&i) {
                self.picked.insert(i);
            }
            self.name.clear();
            return;
        }
        self.picked = BTreeSet::from([i]);
        if !entry.is_dir || self.picks_folder() {
            self.name = entry.name.clone();
        }
    }

    /// The file name (focused when the dialog opens), problems, and the buttons.
    fn name_bar_ui(&mut self, ui: &mut egui::Ui) -> DialogOutcome {
        let mut outcome = DialogOutcome::Open;
        ui.horizontal(|ui| {
            let label = ui.label(tr(if self.saving() { "file_dialog.file_name" } else { "file_dialog.path" }));
            let edit = egui::TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY);
            let response = ui.add(edit).labelled_by(label.id);
            if std::mem::take(&mut self.focus_name) {
                response.request_focus();
                // the suggested name selected: typing a name or a whole path replaces it
                let mut state = egui::text_edit::TextEditState::load(ui.ctx(), response.id).unwrap_or_default();
                let end = egui::text::CCursor::new(self.name.chars().count());
                let all = egui::text::CCursorRange::two(egui::text::CCursor::new(0), end);
                state.cursor.set_char_range(Some(all));
                state.store(ui.ctx(), response.id);
            }
            if response.changed() {
                self.replace = None;
                self.problem = None;
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                outcome = self.confirm();
            }
        });
        ui.weak(tr(if self.saving() { "file_dialog.hint" } else { "file_dialog.hint_open" }));
        if let Some(problem) = &self.problem {
            ui.colored_label(super::tokens::warning(ui.visuals()), problem);
        }
        if let Some(path) = self.replace.clone() {
            ui.colored_label(
                super::tokens::warning(ui.visuals()),
                t!("file_dialog.replace", path = path.display().to_string()),
            );
        }
        ui.horizontal(|ui| {
            let main = match (self.saving(), self.replace.is_some(), self.picks_folder()) {
                (true, true, _) => tr("file_dialog.replace_button"),
                (true, false, _) => tr("file_dialog.save"),
                (false, _, true) => tr("file_dialog.choose_folder"),
                (false, _, false) => tr("file_dialog.open"),
            };
            if ui.button(main).clicked() {
                outcome = self.confirm();
            }
            if ui.button(tr("file_dialog.cancel")).clicked() {
                outcome = DialogOutcome::Cancelled;
            }
        });
        outcome
    }
}

/// Where a dialog starts: the folder of `near` when given, else the home folder.
pub fn start_dir(near: Option<&Path>) -> PathBuf {
    near.and_then(|p| if p.is_dir() { Some(p.to_path_buf()) } else { p.parent().map(Path::to_path_buf) })
        .filter(|d| d.is_dir())
        .or_else(std::env::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}
