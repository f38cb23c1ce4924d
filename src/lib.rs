//! Ascent Viewer: reads Microsoft Partner Center CloudAscent propensity downloads,
//! recomputes segments and clusters, summarises, filters and exports target lists.
//!
//! - [`engine`]: loading, rules, summaries and exports, free of GUI types.
//! - [`cli`]: the headless command line over the engine.
//! - [`output`]: the words layer: translations, reports, export workbooks, messages.
//! - `app` (feature `gui`): the desktop app, a thin view over the engine.

rust_i18n::i18n!("assets/locales", fallback = "en");

pub mod cli;
pub mod console;
pub mod engine;
pub mod output;

#[cfg(feature = "gui")]
pub mod app;

/// The bundled sample download (today's Insights layout: five TSV files), opened when no
/// file is given.
pub mod sample_assets {
    use crate::engine::Source;
    use crate::engine::load::read::Origin;
    use std::sync::Arc;

    pub const FILES: [(&str, &[u8]); 5] = [
        (
            "Cloud Ascent - Microsoft 365 propensity report.tsv",
            include_bytes!("../assets/sample/Cloud Ascent - Microsoft 365 propensity report.tsv"),
        ),
        (
            "Cloud Ascent - Azure propensity report.tsv",
            include_bytes!("../assets/sample/Cloud Ascent - Azure propensity report.tsv"),
        ),
        (
            "Cloud Ascent - Dynamics 365 propensity report.tsv",
            include_bytes!("../assets/sample/Cloud Ascent - Dynamics 365 propensity report.tsv"),
        ),
        (
            "Cloud Ascent - Surface propensity report.tsv",
            include_bytes!("../assets/sample/Cloud Ascent - Surface propensity report.tsv"),
        ),
        (
            "Cloud Ascent - agreement renewal propensity report.tsv",
            include_bytes!("../assets/sample/Cloud Ascent - agreement renewal propensity report.tsv"),
        ),
    ];

    /// The sample files as in-memory sources.
    pub fn sources() -> Vec<(Source, Origin)> {
        FILES
            .iter()
            .map(|(name, bytes)| {
                (Source::Memory { name: (*name).to_string(), bytes: Arc::from(*bytes) }, Origin::Named)
            })
            .collect()
    }
}
