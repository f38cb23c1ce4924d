//! Where a file's bytes come from, and reading them: a workbook on disk is read as its parser
//! asks (never held whole in memory), the bundled sample and tests from memory.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{FileKind, LoadError};

/// Where a file's bytes come from: a path, or memory (the bundled sample, tests, fuzzing).
#[derive(Clone, Debug)]
pub enum Source {
    Path(PathBuf),
    Memory {
        name: String,
        bytes: Arc<[u8]>,
    },
    /// A file of a month kept in the library: its tables as Parquet.
    Stored(Arc<super::stored::StoredFile>),
}

impl Source {
    pub fn display_name(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Memory { name, .. } => name.clone(),
            Source::Stored(file) => file.path.clone(),
        }
    }

    pub fn file_name(&self) -> String {
        match self {
            Source::Path(p) => {
                p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
            }
            Source::Memory { name, .. } => name.clone(),
            Source::Stored(file) => file.name.clone(),
        }
    }

    pub(super) fn extension(&self) -> String {
        let name = match self {
            Source::Path(p) => p.to_string_lossy().into_owned(),
            Source::Memory { name, .. } => name.clone(),
            Source::Stored(file) => file.name.clone(),
        };
        Path::new(&name).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
    }

    /// Its size in bytes, where known without opening it (0 otherwise).
    pub(super) fn size_hint(&self) -> u64 {
        match self {
            Source::Memory { bytes, .. } => bytes.len() as u64,
            Source::Path(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Source::Stored(file) => file.tables.iter().map(|t| std::fs::metadata(&t.path).map_or(0, |m| m.len())).sum(),
        }
    }

    /// Opens the source for reading: its first bytes, its length, and a reader.
    pub(super) fn open(&self) -> Result<Opened, LoadError> {
        match self {
            Source::Memory { bytes, .. } => Opened::new(Input::Memory(Cursor::new(bytes.clone())), bytes.len() as u64)
                .map_err(|e| LoadError::io(&self.display_name(), e)),
            Source::Path(p) => open_regular_file(p).map_err(|e| match e {
                ReadFailure::Special => {
                    LoadError::NotASpreadsheet { path: self.display_name(), what: FileKind::Special }
                }
                ReadFailure::TooBig => {
                    LoadError::FileTooLarge { path: self.display_name(), limit_gb: MAX_FILE_BYTES >> 30 }
                }
                ReadFailure::Io(e) => LoadError::io(&self.display_name(), e),
            }),
            // read by `stored`, table by table, never as one stream of bytes
            Source::Stored(_) => Err(LoadError::NoFiles),
        }
    }
}

enum ReadFailure {
    Special,
    TooBig,
    Io(std::io::Error),
}

/// No download comes near this; a larger file is refused before it is read.
const MAX_FILE_BYTES: u64 = 4 << 30;

/// Opens a regular file. A device, pipe or socket is refused before it is opened: opening
/// a pipe waits for a writer, and a device may never end.
fn open_regular_file(path: &Path) -> Result<Opened, ReadFailure> {
    let meta = std::fs::metadata(path).map_err(ReadFailure::Io)?;
    if !meta.is_file() {
        return Err(ReadFailure::Special);
    }
    let file = File::open(path).map_err(ReadFailure::Io)?;
    let len = file.metadata().map_err(ReadFailure::Io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(ReadFailure::TooBig);
    }
    Opened::new(Input::File(BufReader::new(file)), len).map_err(ReadFailure::Io)
}

/// Bytes enough to tell a file's kind and encoding.
const HEAD_BYTES: u64 = 4096;

/// A source opened for reading.
pub(super) struct Opened {
    /// The first bytes (up to [`HEAD_BYTES`]).
    pub head: Vec<u8>,
    /// The length when opened: a file still growing is not followed.
    pub len: u64,
    input: Input,
}

impl Opened {
    fn new(mut input: Input, len: u64) -> std::io::Result<Opened> {
        let mut head = Vec::new();
        (&mut input).take(HEAD_BYTES.min(len)).read_to_end(&mut head)?;
        Ok(Opened { head, len, input })
    }

    /// A reader of the whole source from its start, for a parser: a file is read as the parser
    /// asks, never held whole.
    pub fn reader(&self) -> std::io::Result<Input> {
        let mut input = match &self.input {
            Input::File(file) => Input::File(BufReader::new(file.get_ref().try_clone()?)),
            Input::Memory(cursor) => Input::Memory(Cursor::new(cursor.get_ref().clone())),
        };
        input.rewind()?;
        Ok(input)
    }

    /// Every byte, for Excel 97-2003 workbooks (small, and read whole by calamine too).
    pub fn whole(&self) -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(usize::try_from(self.len).unwrap_or(0));
        self.reader()?.take(self.len).read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// What a parser reads from.
pub(super) enum Input {
    File(BufReader<File>),
    Memory(Cursor<Arc<[u8]>>),
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::File(file) => file.read(buf),
            Input::Memory(cursor) => cursor.read(buf),
        }
    }
}

impl Seek for Input {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Input::File(file) => file.seek(pos),
            Input::Memory(cursor) => cursor.seek(pos),
        }
    }
}

/// What the first bytes say a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Magic {
    Zip,
    Ole,
    Other(FileKind),
}

pub(super) fn sniff(bytes: &[u8]) -> Option<Magic> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Magic::Zip)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Magic::Ole)
    } else if bytes.starts_with(b"\x89PNG") {
        Some(Magic::Other(FileKind::Png))
    } else if bytes.starts_with(b"%PDF") {
        Some(Magic::Other(FileKind::Pdf))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Magic::Other(FileKind::Jpeg))
    } else if bytes.starts_with(b"GIF8") {
        Some(Magic::Other(FileKind::Gif))
    } else if bytes.starts_with(&[0x1F, 0x8B]) {
        Some(Magic::Other(FileKind::Gzip))
    } else {
        None
    }
}

/// An OLE container holding an encrypted Office Open XML package.
pub(super) fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

pub(super) fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    sample.starts_with(&[0xEF, 0xBB, 0xBF])
        || sample.starts_with(&[0xFF, 0xFE])
        || sample.starts_with(&[0xFE, 0xFF])
        || (!sample.contains(&0)
            && std::str::from_utf8(sample).is_ok_and(|s| s.chars().all(|c| !c.is_control() || c.is_whitespace())))
        || (!sample.contains(&0) && sample.iter().all(|b| *b >= 0x09))
}
