//! Where an export is written before it replaces its target: a hidden temporary file in the
//! target's folder, renamed over the target once complete and on disk.
//!
//! - Its permissions follow the umask like any editor's new file (0644 under 022), and a
//!   file replaced with `--force` keeps its own.
//! - It is flushed to disk (fsync) before the rename, so a crash leaves the old file or the
//!   new one, never a file of zeros.
//! - It is removed when the export fails, when the process is interrupted (SIGINT, SIGTERM,
//!   Ctrl+C: [`remove_unfinished`], called by the signal handler and when the app closes),
//!   and by the next export into the same folder if it was left by a process killed outright.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// What temporary files are named, so that stale ones are recognised.
const PREFIX: &str = ".ascent-export-";
const SUFFIX: &str = ".tmp";

/// A temporary file this old is no export's that is still running.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Temporary files of exports under way, removed if the process is interrupted.
static UNFINISHED: Mutex<Unfinished> = Mutex::new(Unfinished { paths: Vec::new(), interrupted: false });

struct Unfinished {
    paths: Vec<PathBuf>,
    /// Set once they were removed: the process is ending, and no new one is created.
    interrupted: bool,
}

/// Why a staged file did not replace its target.
#[derive(Debug)]
pub enum StagingError {
    /// The folder's disk (or quota) is full.
    NoSpace,
    /// Another program holds the target open (Excel, on Windows).
    Locked,
    /// Not to be replaced, and a file of that name appeared meanwhile.
    Exists,
    Io(std::io::Error),
}

impl From<std::io::Error> for StagingError {
    fn from(e: std::io::Error) -> StagingError {
        if is_no_space(&e) { StagingError::NoSpace } else { StagingError::Io(e) }
    }
}

pub fn is_no_space(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
}

/// A temporary file in the target's folder.
pub struct Staging {
    tmp: tempfile::NamedTempFile,
    listed: Listed,
}

/// A path in [`UNFINISHED`], taken off the list when dropped.
struct Listed(PathBuf);

impl Drop for Listed {
    fn drop(&mut self) {
        if let Ok(mut list) = UNFINISHED.lock() {
            list.paths.retain(|p| *p != self.0);
        }
    }
}

impl Staging {
    /// Creates the temporary file in `dir`, after removing stale ones left there.
    pub fn new(dir: &Path) -> std::io::Result<Staging> {
        remove_stale(dir);
        // created and listed under the lock, so an interruption never finds the file unlisted
        let mut list = UNFINISHED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if list.interrupted {
            return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "the process is being interrupted"));
        }
        let tmp = create_in(dir)?;
        let path = tmp.path().to_path_buf();
        list.paths.push(path.clone());
        Ok(Staging { tmp, listed: Listed(path) })
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn file(&self) -> &File {
        self.tmp.as_file()
    }

    /// Flushes the file to disk, gives it the permissions of the file it replaces, and
    /// renames it over `out` (with [`Replace::Refuse`], only where no file of that name is
    /// there at the rename itself). On failure the temporary file is removed and `out` is as
    /// it was.
    pub fn finish(self, out: &Path, replace: Replace) -> Result<(), StagingError> {
        // the data may have been written through another handle (by path): fsync reaches it all
        let Staging { tmp, listed } = self;
        tmp.as_file().sync_all()?;
        if let Ok(existing) = std::fs::metadata(out) {
            std::fs::set_permissions(&listed.0, existing.permissions())?;
        }
        drop(listed);
        let persisted = match replace {
            Replace::Replace => tmp.persist(out),
            // decided by the rename itself: two exports to one new name never both succeed
            Replace::Refuse => tmp.persist_noclobber(out),
        };
        match persisted {
            Ok(_) => {
                sync_folder(out);
                Ok(())
            }
            // dropping the error drops the temporary file, which removes it
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(StagingError::Exists),
            Err(e) if is_locked(&e.error, out) => Err(StagingError::Locked),
            Err(e) => Err(e.error.into()),
        }
    }
}

/// Whether a staged file may replace a file of its target's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    Replace,
    Refuse,
}

/// What is at an output path before anything is written there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputPath {
    Free,
    /// A regular file, or a link to one, or a link to nothing (a name that is taken).
    Taken,
    /// A device, a pipe, a socket or a folder (or a link to one): never replaced by a file,
    /// never opened.
    NotAFile,
}

/// What is at `out`, found without opening it (a pipe opened for reading blocks).
pub fn output_path(out: &Path) -> OutputPath {
    if is_device_name(out) {
        return OutputPath::NotAFile;
    }
    match std::fs::symlink_metadata(out) {
        Err(_) => OutputPath::Free,
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(out) {
            Ok(target) if !target.is_file() => OutputPath::NotAFile,
            _ => OutputPath::Taken,
        },
        Ok(meta) if meta.is_file() => OutputPath::Taken,
        Ok(_) => OutputPath::NotAFile,
    }
}

/// Windows' device names (`NUL`, `CON`, `COM1`... whatever the folder or extension) and
/// device namespace paths (`\\.\pipe\x`), which no metadata call reliably reports.
fn is_device_name(out: &Path) -> bool {
    if !cfg!(windows) {
        return false;
    }
    let text = out.as_os_str().to_string_lossy();
    if text.starts_with(r"\\.\") || text.starts_with(r"\\?\pipe\") || text.starts_with(r"\\?\GLOBALROOT") {
        return true;
    }
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().to_ascii_uppercase()) else { return false };
    let stem = name.split('.').next().unwrap_or("").trim_end();
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix)
            .is_some_and(|n| matches!(n, "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"))
    };
    matches!(stem, "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$") || numbered("COM") || numbered("LPT")
}

/// Removes the temporary files of exports under way: the process is being interrupted.
pub fn remove_unfinished() {
    let mut list = UNFINISHED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    list.interrupted = true;
    for path in list.paths.drain(..) {
        let _ = std::fs::remove_file(path);
    }
}

/// A new file opened like any other (`0666` less the umask), under a hidden temporary name.
fn create_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut last = None;
    for _ in 0..16 {
        // unique enough: create_new refuses a name taken meanwhile, and the loop tries another
        let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("{PREFIX}{}-{nanos:08x}{n:04x}{SUFFIX}", std::process::id());
        let path = dir.join(name);
        match std::fs::OpenOptions::new().write(true).read(true).create_new(true).open(&path) {
            Ok(file) => {
                let path = tempfile::TempPath::try_from_path(path)?;
                return Ok(tempfile::NamedTempFile::from_parts(file, path));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// Removes this program's temporary files in `dir` that no running export can own.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(PREFIX) || !name.ends_with(SUFFIX) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE_AFTER));
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes the rename itself durable where the system allows it.
fn sync_folder(out: &Path) {
    #[cfg(unix)]
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = out;
}

/// Whether `dir` has no room left: a probe of a megabyte written and removed. Used where a
/// writer failed without saying why (rust_xlsxwriter panics when its own writes fail).
pub fn is_folder_full(dir: &Path) -> bool {
    let Ok(mut probe) = tempfile::Builder::new().prefix(PREFIX).suffix(SUFFIX).tempfile_in(dir) else {
        return false;
    };
    let chunk = vec![0u8; 1 << 20];
    let written = probe.write_all(&chunk).and_then(|()| probe.as_file().sync_all());
    written.is_err_and(|e| is_no_space(&e))
}

/// Whether a failed replace of `out` comes from another program holding it open. Windows
/// refuses to replace a file that Excel has open (a sharing violation, or "access denied"
/// for a file whose opener did not share deletion); elsewhere an open file is no obstacle.
#[cfg(windows)]
fn is_locked(e: &std::io::Error, out: &Path) -> bool {
    const ERROR_ACCESS_DENIED: i32 = 5;
    const ERROR_SHARING_VIOLATION: i32 = 32;
    const ERROR_LOCK_VIOLATION: i32 = 33;
    match e.raw_os_error() {
        Some(ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION) => true,
        // "access denied" is also a read-only file or folder: ask the file itself
        Some(ERROR_ACCESS_DENIED) => std::fs::OpenOptions::new()
            .write(true)
            .open(out)
            .is_err_and(|e| matches!(e.raw_os_error(), Some(ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION))),
        _ => false,
    }
}

#[cfg(not(windows))]
fn is_locked(_: &std::io::Error, _: &Path) -> bool {
    false
}

/// Writes a small file through a temporary file in the same folder, renamed into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
