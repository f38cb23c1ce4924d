//! The engine: loading, rules, derived columns, filters, summaries, comparisons, the
//! order of every table (`query`) and saved views. No GUI type and no word for people
//! lives here; the words layer (`output`), the desktop app and the command line are
//! views over it.

pub mod accounts;
pub mod columns;
pub mod compare;
pub mod dataset;
pub mod derive;
pub mod filter;
pub mod guard;
pub mod history;
pub mod library;
pub mod load;
pub mod memory;
pub mod query;
pub mod rules;
pub mod sample;
pub mod staging;
pub mod summary;
pub mod text;
pub mod trend;
pub mod view;

pub use dataset::Dataset;
pub use derive::{Derived, FiscalYear};
pub use filter::Filter;
pub use load::error::LoadError;
pub use load::read::Source;
pub use load::{LoadOptions, LoadProgress};
pub use rules::{Band, Cluster, ClusterKey, MatrixCell, Rules, Segment};
pub use summary::{Selection, Summary};

/// A loaded month with its rules applied: the value the app and the CLI hold (twice, when
/// two months are compared).
#[derive(Clone, Debug)]
pub struct Session {
    pub data: std::sync::Arc<Dataset>,
    /// Shared, not copied: a session handed to an export or a comparison costs nothing; a
    /// rules change copies it only while another holds it (`Arc::make_mut`).
    pub derived: std::sync::Arc<Derived>,
}

impl Session {
    pub fn new(data: std::sync::Arc<Dataset>, rules: Rules, as_of: chrono::NaiveDate) -> Session {
        let derived = Derived::new(&data, rules, as_of);
        Session { data, derived: std::sync::Arc::new(derived) }
    }

    /// The filtered prediction indices and their summary (the whole data set's summary
    /// when the filter is empty, agreements without predictions included).
    pub fn filtered(&self, filter: &Filter) -> (Vec<u32>, Summary) {
        let rows = filter.apply(&self.data, &self.derived);
        let summary = if filter.is_empty() {
            Summary::compute(&self.data, &self.derived, Selection::All)
        } else {
            Summary::compute(&self.data, &self.derived, Selection::Rows(&rows))
        };
        (rows, summary)
    }

    pub fn whole(&self) -> Summary {
        Summary::compute(&self.data, &self.derived, Selection::All)
    }
}
