//! The library: every month a partner opened, kept in a folder, one entry per month
//! (`YYYY-MM/`): each source table as a Parquet file (every source column, one row per
//! source row) and a manifest. Partner Center keeps no earlier month; this is where the
//! partner's history lives, and Power BI, DuckDB or pandas read the same files.
//!
//! Writes are atomic: an entry is written in a hidden folder, then renamed into place. A
//! damaged or foreign entry is listed with what is wrong and skipped.

pub mod digest;
pub mod manifest;
pub mod month;
mod open;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::engine::dataset::Dataset;
use crate::engine::load::error::{IoReason, LoadError};
use crate::engine::load::fields::Field;
use crate::engine::load::read::{Origin, Source};
use crate::engine::load::stored::{StoredTable, row_runs, write_table};
use crate::engine::load::{LoadOptions, LoadProgress};
use manifest::{Counts, FORMAT_VERSION, MANIFEST_FILE, Manifest, ManifestFile, ManifestSkippedSheet, ManifestTable};
pub use month::{Month, month_in_data};

/// What went wrong with the library.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{path}: {reason}")]
    Io { path: String, reason: IoReason },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("the library already keeps {month} (other files); replace it with --force")]
    MonthKept { month: Month },
    #[error("the library keeps no month {month}")]
    NoSuchMonth { month: Month },
    #[error("{entry}: {detail}")]
    Damaged { entry: String, detail: EntryDamage },
    #[error("the files do not say which month they describe; name it with --month YYYY-MM")]
    MonthUnknown,
}

/// Why an entry of the library cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum EntryDamage {
    #[error("not a month of the library (a month's folder is named YYYY-MM)")]
    Foreign,
    #[error("its manifest is missing")]
    NoManifest,
    #[error("its manifest cannot be read: {0}")]
    Manifest(String),
    #[error("its manifest names month {0}")]
    OtherMonth(String),
    #[error("its files give {found:?}, its manifest says {expected:?}")]
    CountsDiffer { expected: Counts, found: Counts },
    #[error("{0}")]
    Unreadable(Box<LoadError>),
}

impl LibraryError {
    fn io(path: &Path, e: std::io::Error) -> LibraryError {
        let reason = match e.kind() {
            std::io::ErrorKind::PermissionDenied => IoReason::PermissionDenied,
            _ => IoReason::System(e.to_string()),
        };
        LibraryError::Io { path: path.display().to_string(), reason }
    }
}

/// A month kept in the library.
#[derive(Clone, Debug)]
pub struct Entry {
    pub month: Month,
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// The entry's size on disk.
    pub bytes: u64,
}

/// The months of a library, oldest first, and the entries that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    pub damaged: Vec<(String, EntryDamage)>,
}

impl Listing {
    pub fn months(&self) -> Vec<Month> {
        self.entries.iter().map(|e| e.month).collect()
    }

    pub fn entry(&self, month: Month) -> Option<&Entry> {
        self.entries.iter().find(|e| e.month == month)
    }
}

/// What keeping a month did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    Added {
        month: Month,
        bytes: u64,
    },
    Replaced {
        month: Month,
        bytes: u64,
    },
    /// The same files (by SHA-256) are already kept, as this month: nothing was written.
    AlreadyKept {
        month: Month,
    },
}

/// Whether keeping a month the library has replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    Refuse,
    Replace,
}

/// What a month is kept with.
#[derive(Clone, Debug)]
pub struct KeepOptions {
    pub month: Month,
    pub replace: Replace,
    /// Headers mapped by hand when the files were read.
    pub overrides: Vec<(Field, String)>,
    pub sample: bool,
}

/// A library folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Library {
    pub root: PathBuf,
}

/// The library's folder when none is given: `ASCENT_VIEWER_LIBRARY`, else
/// `%LOCALAPPDATA%\ascent-viewer\library` on Windows and
/// `$XDG_DATA_HOME/ascent-viewer/library` (`~/.local/share/...`) elsewhere.
pub fn default_root() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = var("ASCENT_VIEWER_LIBRARY") {
        return Some(dir);
    }
    let base = if cfg!(windows) {
        var("LOCALAPPDATA")?
    } else {
        var("XDG_DATA_HOME").filter(|p| p.is_absolute()).or_else(|| var("HOME").map(|h| h.join(".local/share")))?
    };
    Some(base.join("ascent-viewer").join("library"))
}

impl Library {
    pub fn new(root: impl Into<PathBuf>) -> Library {
        Library { root: root.into() }
    }

    /// Every month kept, oldest first; a folder that is not a readable month is listed
    /// among the damaged. A library that does not exist yet is empty.
    pub fn list(&self) -> Result<Listing, LibraryError> {
        let mut listing = Listing::default();
        let dir = match std::fs::read_dir(&self.root) {
            Ok(dir) => dir,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(listing),
            Err(e) => return Err(LibraryError::io(&self.root, e)),
        };
        for item in dir.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            // an entry being written or removed, or a file beside the months
            if name.starts_with('.') || !item.path().is_dir() {
                continue;
            }
            match read_entry(&item.path(), &name) {
                Ok(entry) => listing.entries.push(entry),
                Err(damage) => listing.damaged.push((name, damage)),
            }
        }
        listing.entries.sort_by_key(|e| e.month);
        listing.damaged.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(listing)
    }

    pub fn entry(&self, month: Month) -> Result<Entry, LibraryError> {
        let dir = self.root.join(month.key());
        if !dir.join(MANIFEST_FILE).exists() && !dir.is_dir() {
            return Err(LibraryError::NoSuchMonth { month });
        }
        read_entry(&dir, &month.key()).map_err(|detail| LibraryError::Damaged { entry: month.key(), detail })
    }

    /// Keeps a loaded month: its tables as Parquet and its manifest, written aside and
    /// renamed into place. The same files kept already (by SHA-256) are not written again.
    pub fn keep(&self, ds: &Dataset, opts: &KeepOptions) -> Result<Kept, LibraryError> {
        let identities =
            ds.files.iter().map(|f| file_identity(Path::new(&f.path))).collect::<Result<Vec<_>, LibraryError>>()?;
        let listing = self.list()?;
        if let Some(same) = listing.entries.iter().find(|e| same_files(&e.manifest, &identities)) {
            return Ok(Kept::AlreadyKept { month: same.month });
        }
        let exists = listing.entry(opts.month).is_some() || self.root.join(opts.month.key()).exists();
        if exists && opts.replace == Replace::Refuse {
            return Err(LibraryError::MonthKept { month: opts.month });
        }
        std::fs::create_dir_all(&self.root).map_err(|e| LibraryError::io(&self.root, e))?;
        let staging = self.root.join(format!(".adding-{}-{}", opts.month.key(), std::process::id()));
        let written = write_entry(ds, opts, &identities, &staging);
        let bytes = match written {
            Ok(bytes) => bytes,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        let target = self.root.join(opts.month.key());
        if exists {
            let old = self.root.join(format!(".removing-{}-{}", opts.month.key(), std::process::id()));
            std::fs::rename(&target, &old).map_err(|e| LibraryError::io(&target, e))?;
            std::fs::rename(&staging, &target).map_err(|e| LibraryError::io(&target, e))?;
            let _ = std::fs::remove_dir_all(&old);
            return Ok(Kept::Replaced { month: opts.month, bytes });
        }
        std::fs::rename(&staging, &target).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            LibraryError::io(&target, e)
        })?;
        Ok(Kept::Added { month: opts.month, bytes })
    }

    /// Removes a month (renamed aside first, so a month is never half removed).
    pub fn remove(&self, month: Month) -> Result<(), LibraryError> {
        let dir = self.root.join(month.key());
        if !dir.is_dir() {
            return Err(LibraryError::NoSuchMonth { month });
        }
        let aside = self.root.join(format!(".removing-{}-{}", month.key(), std::process::id()));
        std::fs::rename(&dir, &aside).map_err(|e| LibraryError::io(&dir, e))?;
        std::fs::remove_dir_all(&aside).map_err(|e| LibraryError::io(&aside, e))
    }

    /// Opens a kept month from its Parquet files: the same data set as from its downloads,
    /// checked against the counts its manifest recorded.
    pub fn load(
        &self,
        month: Month,
        opts: &LoadOptions,
        progress: &mut dyn FnMut(LoadProgress),
    ) -> Result<Dataset, LibraryError> {
        let entry = self.entry(month)?;
        load_entry(&entry, opts, progress)
    }
}

/// An entry's stored files as the loader takes them, and `opts` with the headers the
/// month was mapped with by hand.
pub fn entry_sources(entry: &Entry, opts: &LoadOptions) -> Result<(Vec<(Source, Origin)>, LoadOptions), LibraryError> {
    let files = entry
        .manifest
        .stored_files(&entry.dir)
        .map_err(|e| LibraryError::Damaged { entry: entry.month.key(), detail: EntryDamage::Manifest(e) })?;
    let mut opts = opts.clone();
    opts.detect.overrides = entry.manifest.overrides();
    Ok((files.into_iter().map(|f| (Source::Stored(Arc::new(f)), Origin::Named)).collect(), opts))
}

/// Opens an entry (see [`Library::load`]).
pub fn load_entry(
    entry: &Entry,
    opts: &LoadOptions,
    progress: &mut dyn FnMut(LoadProgress),
) -> Result<Dataset, LibraryError> {
    let damaged = |detail| LibraryError::Damaged { entry: entry.month.key(), detail };
    let (sources, opts) = entry_sources(entry, opts)?;
    let stored: Vec<_> = sources
        .iter()
        .filter_map(|(source, _)| match source {
            Source::Stored(file) => Some(file.as_ref()),
            _ => None,
        })
        .collect();
    let opened = entry.manifest.digest.then(|| open::open_from_digest(&entry.dir, &stored, &opts.detect, progress));
    let ds = match opened.flatten() {
        Some(opened) => opened.map_err(|e| damaged(EntryDamage::Unreadable(Box::new(e))))?,
        // kept by an earlier release: built again from its tables
        None => Dataset::load(&sources, &opts, progress).map_err(|e| damaged(EntryDamage::Unreadable(Box::new(e))))?,
    };
    let found = counts_of(&ds);
    if found != entry.manifest.counts {
        return Err(damaged(EntryDamage::CountsDiffer { expected: entry.manifest.counts, found }));
    }
    Ok(ds)
}

/// Opens an entry's digest (its data set without source tables), checked against the
/// counts its manifest recorded; None when the entry has none.
pub fn load_digest(entry: &Entry, parts: digest::DigestParts) -> Option<Result<Dataset, LibraryError>> {
    if !entry.manifest.digest {
        return None;
    }
    let damaged = |detail| LibraryError::Damaged { entry: entry.month.key(), detail };
    let ds = match digest::read_digest(&entry.dir, parts) {
        Ok(ds) => ds,
        Err(why) => return Some(Err(damaged(EntryDamage::Manifest(why)))),
    };
    let found = Counts { tables: entry.manifest.counts.tables, rows: entry.manifest.counts.rows, ..counts_of(&ds) };
    if found != entry.manifest.counts {
        return Some(Err(damaged(EntryDamage::CountsDiffer { expected: entry.manifest.counts, found })));
    }
    Some(Ok(ds))
}

fn read_entry(dir: &Path, name: &str) -> Result<Entry, EntryDamage> {
    let month = Month::parse(name).filter(|m| m.key() == name).ok_or(EntryDamage::Foreign)?;
    let text = match std::fs::read_to_string(dir.join(MANIFEST_FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(EntryDamage::NoManifest),
        Err(e) => return Err(EntryDamage::Manifest(e.to_string())),
    };
    let manifest = Manifest::from_json(&text).map_err(EntryDamage::Manifest)?;
    if manifest.month != name {
        return Err(EntryDamage::OtherMonth(manifest.month));
    }
    let bytes = std::fs::read_dir(dir)
        .map(|d| d.flatten().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0);
    Ok(Entry { month, dir: dir.to_path_buf(), manifest, bytes })
}

pub fn counts_of(ds: &Dataset) -> Counts {
    Counts {
        tables: ds.tables.len(),
        rows: ds.tables.iter().map(|t| t.rows()).sum(),
        predictions: ds.predictions.len(),
        customers: ds.customers.len(),
        agreements: ds.agreements.len(),
    }
}

/// A file's size and SHA-256 (empty for a file not on disk, as the bundled sample's).
fn file_identity(path: &Path) -> Result<(u64, String), LibraryError> {
    let Ok(mut file) = std::fs::File::open(path) else { return Ok((0, String::new())) };
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(|e| LibraryError::io(path, e))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buffer[..n]);
    }
    let hash = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((size, hash))
}

fn same_files(manifest: &Manifest, identities: &[(u64, String)]) -> bool {
    let mut kept: Vec<&str> = manifest.files.iter().map(|f| f.sha256.as_str()).collect();
    let mut given: Vec<&str> = identities.iter().map(|(_, h)| h.as_str()).collect();
    kept.sort_unstable();
    given.sort_unstable();
    !given.iter().any(|h| h.is_empty()) && kept == given
}

/// A Parquet file's name from its source file and sheet: letters, digits, '-' and '_'.
fn parquet_name(file: usize, stem: &str, sheet: Option<&str>) -> String {
    let clean = |s: &str| -> String {
        s.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).take(60).collect()
    };
    match sheet {
        Some(sheet) => format!("{:02}-{}-{}.parquet", file + 1, clean(stem), clean(sheet)),
        None => format!("{:02}-{}.parquet", file + 1, clean(stem)),
    }
}

/// Writes an entry in `dir`: a Parquet file per table, then the manifest. Returns its size.
fn write_entry(
    ds: &Dataset,
    opts: &KeepOptions,
    identities: &[(u64, String)],
    dir: &Path,
) -> Result<u64, LibraryError> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| LibraryError::io(dir, e))?;
    let mut files = Vec::with_capacity(ds.files.len());
    let mut bytes = 0;
    for (f, source) in ds.files.iter().enumerate() {
        let tables: Vec<usize> = (0..ds.tables.len()).filter(|t| ds.tables[*t].file == f).collect();
        let stem = Path::new(&source.name).file_stem().map_or(String::new(), |s| s.to_string_lossy().into_owned());
        let mut manifest_tables = Vec::with_capacity(tables.len());
        for &t in &tables {
            let table = &ds.tables[t];
            let name = parquet_name(f, &stem, (tables.len() > 1).then_some(table.sheet.as_str()));
            let path = dir.join(&name);
            let size = write_table(table, &path).map_err(|detail| {
                LibraryError::Load(LoadError::StoredDamaged { path: path.display().to_string(), detail })
            })?;
            bytes += size;
            let stored = StoredTable {
                path,
                sheet: table.sheet.clone(),
                header_row: table.header_row,
                first_col: table.first_col,
                headers: table.headers.clone(),
                rows: table.rows(),
                sheet_rows: row_runs(&table.sheet_rows),
                blank_rows: table.blank_rows,
                cells_outside: table.cells_outside,
                not_read: table.not_read.clone(),
            };
            manifest_tables.push(ManifestTable::of(&stored, name, size));
        }
        let report = ds.report.files.get(f);
        let (size, sha256) = identities.get(f).cloned().unwrap_or_default();
        files.push(ManifestFile {
            name: source.name.clone(),
            path: source.path.clone(),
            size,
            sha256,
            format: report.and_then(|r| r.format).map_or("csv", |format| format.key()).to_string(),
            tables: manifest_tables,
            skipped_sheets: report
                .map_or(Vec::new(), |r| r.skipped_sheets.iter().map(ManifestSkippedSheet::of).collect()),
        });
    }
    let manifest = Manifest {
        format: FORMAT_VERSION,
        month: opts.month.key(),
        added: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        sample: opts.sample,
        mapping: opts
            .overrides
            .iter()
            .map(|(field, header)| manifest::MappedByHand { field: field.key().to_string(), header: header.clone() })
            .collect(),
        files,
        counts: counts_of(ds),
        // a month without a digest is still a month: trends open it whole
        digest: digest::write_digest(ds, dir).is_ok(),
    };
    let text = manifest.to_json();
    let path = dir.join(MANIFEST_FILE);
    // flushed through the handle that wrote it (Windows flushes only a handle open for writing)
    let written = std::fs::File::create(&path).and_then(|mut file| {
        use std::io::Write;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    written.map_err(|e| LibraryError::io(&path, e))?;
    Ok(bytes + text.len() as u64)
}
