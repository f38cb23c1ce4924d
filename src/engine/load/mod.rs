//! Loading: reader threads parse the files side by side ([`read`]: sheets, [`table`]: headers
//! and shapes, [`value`]: cells) while this thread builds the data set from the rows they hand
//! on ([`builder`]), then assembles the load report.
mod builder;
mod cells;
pub mod column;
mod customers;
mod delimited;
pub mod error;
mod fast;
pub mod fields;
pub mod format;
mod input;
mod keys;
mod memo;
mod package;
pub mod read;
pub mod report;
pub mod stored;
pub mod table;
pub mod value;

use crate::engine::dataset::{ByCustomer, Dataset, SourceFile};
use builder::{Builder, TableStats, TableWork};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use self::error::LoadError;
use self::fields::Field;
use self::format::FastRows;
use self::read::{Origin, Source, expand_paths, read_streaming};
use self::report::{FileReport, GroupReport, MappedColumn, RepeatedFile, SkippedFile, TableReport};
use self::table::{DetectOptions, SheetEvent, Table};
use crate::engine::text::fold_key;

/// Progress of a load, for a progress bar.
#[derive(Clone, Debug)]
pub struct LoadProgress {
    pub file: usize,
    pub files: usize,
    pub name: String,
}

/// Options of a load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub detect: DetectOptions,
    /// Files read at once: at most this many (0: one per core).
    pub max_readers: usize,
}

/// The default cell limit per sheet: a million rows of fifty columns.
pub const DEFAULT_MAX_CELLS: u64 = 50_000_000;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            detect: DetectOptions {
                max_cells: DEFAULT_MAX_CELLS,
                max_bytes: default_max_bytes(),
                ..DetectOptions::default()
            },
            max_readers: 0,
        }
    }
}

/// The memory one file's cells may take by default: half of the machine's memory.
pub fn default_max_bytes() -> u64 {
    crate::engine::memory::total_bytes().map_or(4 << 30, |total| total / 2)
}

impl Dataset {
    /// Loads paths (folders expand to the workbooks and CSV/TSV files they hold).
    pub fn load_paths(
        paths: &[std::path::PathBuf],
        opts: &LoadOptions,
        progress: &mut dyn FnMut(LoadProgress),
    ) -> Result<Dataset, LoadError> {
        let mut sources = Vec::new();
        for path in paths {
            let origin = if path.is_dir() { Origin::InFolder } else { Origin::Named };
            for file in expand_paths(std::slice::from_ref(path))? {
                sources.push((Source::Path(file), origin));
            }
        }
        Dataset::load(&sources, opts, progress)
    }

    /// Loads sources; one found in a folder is skipped (and reported) rather than refused
    /// when it holds no propensity data. Reader threads parse the files side by side while
    /// this thread builds the data set from the rows they hand on, file after file in the
    /// order given: the result is the same as loading them one by one.
    pub fn load(
        sources: &[(Source, Origin)],
        opts: &LoadOptions,
        progress: &mut dyn FnMut(LoadProgress),
    ) -> Result<Dataset, LoadError> {
        if sources.is_empty() {
            return Err(LoadError::NoFiles);
        }
        let (once, repeated) = read_once(sources);
        if !repeated.is_empty() {
            let mut ds = Dataset::load(&once, opts, progress)?;
            ds.report.repeated_files = repeated;
            return Ok(ds);
        }
        let readers = reader_threads(sources.len(), opts.max_readers);
        // side by side, the largest files are read first, so the last to finish is not a
        // large one started late; the builder still takes them in the order given
        let mut read_order: Vec<usize> = (0..sources.len()).collect();
        if readers > 1 {
            read_order.sort_by_key(|&i| std::cmp::Reverse(sources[i].0.size_hint()));
        }
        let next_file = AtomicUsize::new(0);
        let consuming = AtomicUsize::new(0);
        let queued: Vec<AtomicUsize> = sources.iter().map(|_| AtomicUsize::new(0)).collect();
        // each file's sender goes to the reader that takes the file, and ends with it
        let (senders, receivers): (Vec<_>, Vec<_>) =
            sources.iter().map(|_| mpsc::channel::<ReadMessage>()).map(|(tx, rx)| (Mutex::new(Some(tx)), rx)).unzip();
        let built = std::thread::scope(|scope| -> Result<Option<Dataset>, LoadError> {
            for _ in 0..readers {
                let queues = Queues {
                    senders: &senders,
                    read_order: &read_order,
                    next_file: &next_file,
                    consuming: &consuming,
                    queued: &queued,
                };
                scope.spawn(move || read_files(sources, opts, queues));
            }
            let mut loader = Loader::default();
            for (i, rx) in receivers.into_iter().enumerate() {
                consuming.store(i, Ordering::Relaxed);
                for message in rx {
                    match message {
                        ReadMessage::Sheet(SheetEvent::Rows(_)) => {
                            queued[i].fetch_sub(1, Ordering::Relaxed);
                        }
                        // the readers' channels close as this returns
                        ReadMessage::Sheet(SheetEvent::Withdrawn) => return Ok(None),
                        _ => {}
                    }
                    loader.take(message, sources, progress)?;
                }
            }
            loader.finish(&opts.detect.overrides).map(Some)
        })?;
        match built {
            Some(ds) => Ok(ds),
            // the fast reader gave up on a sheet after handing rows of it on, and what was
            // built of them cannot be taken out: the load starts over, each sheet's rows held
            // until its scan ends (so once at most)
            None => {
                let mut holding = opts.clone();
                holding.detect.fast_rows = FastRows::AtSheetEnd;
                Dataset::load(sources, &holding, progress)
            }
        }
    }
}

/// Reader threads: one per core (this thread, building, takes far less time than reading),
/// at most one per file and `max` (0: no limit).
fn reader_threads(files: usize, max: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let max = if max == 0 { usize::MAX } else { max };
    files.min(cores).min(max).max(1)
}

/// What the reader threads share with the builder.
#[derive(Clone, Copy)]
struct Queues<'a> {
    /// Each file's channel, taken by the reader that reads the file.
    senders: &'a [Mutex<Option<mpsc::Sender<ReadMessage>>>],
    /// The files in the order they are read, and the next of them to take.
    read_order: &'a [usize],
    next_file: &'a AtomicUsize,
    /// The file the builder is on.
    consuming: &'a AtomicUsize,
    /// Per file, the chunks of rows sent and not yet taken.
    queued: &'a [AtomicUsize],
}

/// Chunks of the builder's file that may wait before the reader stores them compactly
/// itself: the builder compacts them otherwise, off the reader's path.
const QUEUED_RAW_CHUNKS: usize = 2;

/// A reader thread: takes the next file not yet taken, largest first, and sends what it reads
/// on that file's channel. Rows waiting in the channel (of a file the builder is not on
/// yet, or more than a few of its file) are stored compactly by the reader itself.
fn read_files(sources: &[(Source, Origin)], opts: &LoadOptions, queues: Queues<'_>) {
    let Queues { senders, read_order, next_file, consuming, queued } = queues;
    loop {
        let Some(&i) = read_order.get(next_file.fetch_add(1, Ordering::Relaxed)) else {
            return;
        };
        let Some((source, _)) = sources.get(i) else {
            return;
        };
        let Some(tx) = senders.get(i).and_then(|s| s.lock().ok()?.take()) else {
            return;
        };
        if tx.send(ReadMessage::FileStart(i)).is_err() {
            return;
        }
        let mut gone = false;
        // per column of the table being read: whether its cells mostly differed last time
        let mut distinct = Vec::new();
        let result = read_streaming(source, 0, &opts.detect, &mut |mut event| {
            match &mut event {
                SheetEvent::Start(_) => distinct.clear(),
                SheetEvent::Rows(chunk) => {
                    let waiting = queued[i].fetch_add(1, Ordering::Relaxed);
                    if consuming.load(Ordering::Relaxed) != i || waiting >= QUEUED_RAW_CHUNKS {
                        chunk.compact_after(&mut distinct);
                    }
                }
                _ => {}
            }
            gone = gone || tx.send(ReadMessage::Sheet(event)).is_err();
        });
        if gone || tx.send(ReadMessage::FileEnd(result)).is_err() {
            return;
        }
    }
}

/// What the reader thread sends.
enum ReadMessage {
    FileStart(usize),
    Sheet(SheetEvent),
    FileEnd(Result<self::read::Format, LoadError>),
}

/// The receiving end of a load: files, tables and their rows as they come.
#[derive(Default)]
struct Loader {
    ds: Dataset,
    builder: Builder,
    work: Option<TableWork>,
    file_reports: Vec<FileReport>,
    file_tables: usize,
    skipped_files: Vec<SkippedFile>,
    first_skip: Option<LoadError>,
    stats: Vec<TableStats>,
}

impl Loader {
    fn take(
        &mut self,
        message: ReadMessage,
        sources: &[(Source, Origin)],
        progress: &mut dyn FnMut(LoadProgress),
    ) -> Result<(), LoadError> {
        match message {
            ReadMessage::FileStart(i) => {
                let source = &sources[i].0;
                progress(LoadProgress { file: i, files: sources.len(), name: source.file_name() });
                self.ds.files.push(SourceFile { path: source.display_name(), name: source.file_name() });
                self.file_reports.push(FileReport {
                    path: source.display_name(),
                    format: None,
                    tables: Vec::new(),
                    skipped_sheets: Vec::new(),
                    readers: Vec::new(),
                });
                self.file_tables = 0;
            }
            ReadMessage::Sheet(SheetEvent::Start(mut table)) => {
                table.file = self.ds.files.len() - 1;
                let t = self.ds.tables.len();
                self.ds.tables.push(table);
                self.stats.push(TableStats::default());
                self.work = Some(self.builder.start_table(&mut self.ds, t));
                self.file_tables += 1;
            }
            ReadMessage::Sheet(SheetEvent::Rows(chunk)) => {
                if let Some(work) = self.work.as_mut() {
                    // compacted first: the builder reads each distinct cell of the chunk once
                    self.ds.tables[work.t].push_chunk(chunk);
                    self.ds.tables[work.t].compact_last_chunk();
                    self.builder.rows(&mut self.ds, work);
                }
            }
            ReadMessage::Sheet(SheetEvent::End { blank_rows, cells_outside, not_read }) => {
                if let Some(work) = self.work.take() {
                    let table = &mut self.ds.tables[work.t];
                    table.blank_rows = blank_rows;
                    table.cells_outside = cells_outside;
                    table.not_read = not_read;
                    let t = work.t;
                    self.stats[t] = self.builder.end_table(&mut self.ds, work);
                }
            }
            ReadMessage::Sheet(SheetEvent::ReadBy(reading)) => {
                if let Some(report) = self.file_reports.last_mut() {
                    report.readers.push(reading);
                }
            }
            // `load` starts over rather than hand this on
            ReadMessage::Sheet(SheetEvent::Withdrawn) => {}
            ReadMessage::Sheet(SheetEvent::Skipped(sheet)) => {
                if let Some(report) = self.file_reports.last_mut() {
                    report.skipped_sheets.push(sheet);
                }
            }
            ReadMessage::FileEnd(result) => {
                let i = self.ds.files.len() - 1;
                let format = result?;
                self.file_reports[i].format = Some(format);
                if self.file_tables == 0 {
                    let in_folder = sources
                        .iter()
                        .any(|(s, origin)| *origin == Origin::InFolder && s.display_name() == self.ds.files[i].path);
                    let sheets = std::mem::take(&mut self.file_reports[i].skipped_sheets);
                    let error = LoadError::NoData { path: self.ds.files[i].path.clone(), sheets };
                    if !in_folder {
                        return Err(error);
                    }
                    self.skipped_files
                        .push(SkippedFile { path: self.ds.files[i].path.clone(), reason: error.to_string() });
                    self.first_skip.get_or_insert(error);
                    self.ds.files.pop();
                    self.file_reports.pop();
                }
            }
        }
        Ok(())
    }

    fn finish(mut self, overrides: &[(Field, String)]) -> Result<Dataset, LoadError> {
        if self.ds.files.is_empty() {
            // every file of the folders held nothing: how many, and why for the first
            let Some(first) = self.first_skip else { return Err(LoadError::NoFiles) };
            if self.skipped_files.len() < 2 {
                return Err(first);
            }
            let names = self
                .skipped_files
                .iter()
                .take(5)
                .map(|f| {
                    std::path::Path::new(&f.path)
                        .file_name()
                        .map_or(f.path.clone(), |n| n.to_string_lossy().into_owned())
                })
                .collect();
            return Err(LoadError::NoDataInFolder { count: self.skipped_files.len(), names, first: Box::new(first) });
        }
        missing_mapped_header(&self.ds.tables, overrides)?;
        // a dashboard of zeros would say the month is empty: it is the file that is
        if self.ds.tables.iter().all(|t| t.rows() == 0) {
            return Err(LoadError::NoRows { paths: self.ds.files.iter().map(|f| f.path.clone()).collect() });
        }
        self.builder.renewal_predictions(&mut self.ds, &mut self.stats);
        // every row is joined: the keys go before the columns below are built
        self.builder.by_id = Default::default();
        self.builder.by_name = Default::default();
        self.builder.agreement_by_id = Default::default();
        let mut ds = self.ds;
        ds.predictions.shrink_to_fit();
        ds.customers.shrink_to_fit();
        ds.customers.flags = std::mem::take(&mut self.builder.customer_flags);
        ds.customers.flag_masks = (0..ds.customers.len())
            .map(|c| {
                (0..ds.customers.flags.len().min(64))
                    .filter(|f| ds.customers.has_flag(c, *f))
                    .fold(0u64, |m, f| m | (1 << f))
            })
            .collect();
        ds.columns = ds.source_columns();
        ds.facets = crate::engine::columns::facets(&ds);
        let agreements: Vec<u32> = (0..ds.agreements.len() as u32).collect();
        let owner = &ds.agreements.customer;
        ds.agreements.by_customer = ByCustomer::new(ds.customers.len(), &agreements, |a| owner[a as usize]);
        ds.report.files = self.file_reports;
        assemble_report(&mut ds, &self.stats, &mut self.builder);
        ds.report.skipped_files = self.skipped_files;
        Ok(ds)
    }
}

/// The sources without a file given again (the same file by another spelling, through a
/// folder or a link, or a hard link to it), and each repeat with the mention kept.
fn read_once(sources: &[(Source, Origin)]) -> (Vec<(Source, Origin)>, Vec<RepeatedFile>) {
    let mut seen: HashMap<FileIdentity, String> = HashMap::default();
    let mut once = Vec::with_capacity(sources.len());
    let mut repeated = Vec::new();
    for (source, origin) in sources {
        if let Source::Path(path) = source
            && let Some(identity) = file_identity(path)
        {
            if let Some(first) = seen.get(&identity) {
                repeated.push(RepeatedFile { path: source.display_name(), same_as: first.clone() });
                continue;
            }
            seen.insert(identity, source.display_name());
        }
        once.push((source.clone(), *origin));
    }
    (once, repeated)
}

/// What makes two paths one file: its device and inode where the system has them, else
/// its canonical path (case aside on Windows).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileIdentity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(std::path::PathBuf),
}

fn file_identity(path: &std::path::Path) -> Option<FileIdentity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileIdentity::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let canonical = path.canonicalize().ok()?;
        Some(FileIdentity::Path(std::path::PathBuf::from(canonical.to_string_lossy().to_lowercase())))
    }
}

/// A header mapped by hand that no table has: an error naming the headers there are (a
/// mapping that silently does nothing would leave the field to the aliases).
fn missing_mapped_header(tables: &[Table], overrides: &[(Field, String)]) -> Result<(), LoadError> {
    for (field, header) in overrides {
        let want = fold_key(header);
        if tables.iter().any(|t| t.headers.iter().any(|h| fold_key(h) == want)) {
            continue;
        }
        let mut headers: Vec<String> = Vec::new();
        for h in tables.iter().flat_map(|t| &t.headers) {
            if !headers.contains(h) {
                headers.push(h.clone());
            }
        }
        return Err(LoadError::MappedHeaderMissing { field: field.key().to_string(), header: header.clone(), headers });
    }
    Ok(())
}

/// The load report of every table, once all are read.
fn assemble_report(ds: &mut Dataset, stats: &[TableStats], b: &mut Builder) {
    let mut file_reports = std::mem::take(&mut ds.report.files);
    ds.has_whitespace = ds.tables.iter().any(|t| t.mapping.has(Field::WhitespaceRevenue));
    for (t, table) in ds.tables.iter().enumerate() {
        let s = &stats[t];
        let mut products: Vec<String> = Vec::new();
        for p in &s.products {
            let name = ds.products.name(*p).to_string();
            if !products.contains(&name) {
                products.push(name);
            }
        }
        let mapped: HashSet<usize> = table
            .mapping
            .fields
            .values()
            .copied()
            .chain(table.mapping.groups.iter().flat_map(|g| [g.fit, g.intent, g.cluster]).flatten())
            .collect();
        let flag_cols = &stats[t].flag_columns;
        let report = TableReport {
            sheet: table.sheet.clone(),
            header_row: table.header_row + 1,
            shape: table.shape,
            rows: table.rows(),
            predictions: s.predictions,
            agreements: s.agreements,
            products,
            mapping: table
                .mapping
                .fields
                .iter()
                .map(|(f, c)| MappedColumn {
                    field: *f,
                    header: table.headers[*c].clone(),
                    column: table.column_letter(*c),
                })
                .collect(),
            groups: table
                .mapping
                .groups
                .iter()
                .map(|g| GroupReport {
                    product: g.product.clone(),
                    fit: g.fit.map(|c| table.headers[c].clone()),
                    intent: g.intent.map(|c| table.headers[c].clone()),
                    cluster: g.cluster.map(|c| table.headers[c].clone()),
                })
                .collect(),
            unreadable: b.issues.take_table(t, &table.headers, |c| table.column_letter(c)),
            scaled_from_fraction: s.scaled.iter().map(|c| table.headers[*c].clone()).collect(),
            open_rule: s.open_rule,
            flag_columns: flag_cols.iter().map(|(c, _)| table.headers[*c].clone()).collect(),
            other_columns: (0..table.headers.len())
                .filter(|c| !mapped.contains(c) && !flag_cols.iter().any(|(fc, _)| fc == c))
                .map(|c| table.headers[c].clone())
                .collect(),
            blank_rows: table.blank_rows,
            cells_outside: table.cells_outside,
            cells_not_read: table.not_read.clone(),
        };
        file_reports[table.file].tables.push(report);
    }
    ds.report.files = file_reports;
}
