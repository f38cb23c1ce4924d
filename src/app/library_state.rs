//! What the app holds of the library: the user's and the sample's, the months listed, the
//! month on screen among them, the trend and the tasks under way (handled in `library`).

use std::path::PathBuf;
use std::sync::Arc;

use super::tasks::Task;
use crate::engine::library::{Kept, Library, LibraryError, Listing, Month, default_root};
use crate::engine::trend::Trend;
use crate::engine::{Dataset, Filter, Rules};

/// Which library: the user's, or the bundled sample's (never mixed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibraryKind {
    User,
    Sample,
}

/// What a trend was worked out for.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendKey {
    pub kind: LibraryKind,
    pub months: Vec<Month>,
    pub rules: Rules,
    pub filter: Filter,
    pub as_of: chrono::NaiveDate,
}

/// A month opened from files, waiting for the user to say which month it is.
#[derive(Clone, Debug)]
pub struct KeepPrompt {
    pub data: Arc<Dataset>,
    /// The month typed (YYYY-MM), first the one proposed.
    pub month_text: String,
    /// The library keeps this month already, from other files: keeping replaces it.
    pub replaces: bool,
}

/// The library as the app sees it.
pub struct LibraryState {
    pub user: Option<Library>,
    pub sample: Option<Library>,
    /// The library the Months strip and the Trends show.
    pub active: LibraryKind,
    pub listing: Listing,
    pub listing_task: Option<Task<(LibraryKind, Result<Listing, LibraryError>)>>,
    /// The month on screen, when it is one of the active library's (or its data names it).
    pub shown: Option<Month>,
    pub trend: Option<Arc<Trend>>,
    pub trend_key: Option<TrendKey>,
    pub trend_task: Option<Task<(TrendKey, Result<Trend, LibraryError>)>>,
    pub keeping: Option<Task<Result<Kept, LibraryError>>>,
    pub prompt: Option<KeepPrompt>,
    /// The month generation whose customers' history is on screen.
    pub history_generation: Option<u64>,
}

impl LibraryState {
    pub fn new(folder: Option<PathBuf>) -> LibraryState {
        LibraryState {
            user: folder.or_else(default_root).map(Library::new),
            sample: Some(Library::new(sample_root())),
            active: LibraryKind::User,
            listing: Listing::default(),
            listing_task: None,
            shown: None,
            trend: None,
            trend_key: None,
            trend_task: None,
            keeping: None,
            prompt: None,
            history_generation: None,
        }
    }

    pub fn library(&self, kind: LibraryKind) -> Option<&Library> {
        match kind {
            LibraryKind::User => self.user.as_ref(),
            LibraryKind::Sample => self.sample.as_ref(),
        }
    }

    pub fn is_busy(&self) -> bool {
        self.listing_task.is_some() || self.trend_task.is_some() || self.keeping.is_some()
    }
}

/// The months of the sample library: the `sample` generator's month and the five before it.
pub const SAMPLE_MONTHS: u32 = 6;

/// The bundled sample's library: in the temporary folder, made on first use, never the
/// user's.
fn sample_root() -> PathBuf {
    std::env::temp_dir().join(format!("ascent-viewer-{}-sample-library", env!("CARGO_PKG_VERSION")))
}
