//! The words layer: everything a person reads, above the engine. Translations and the
//! formats of numbers and dates ([`i18n`]), the target-list workbook and CSV ([`export`]),
//! the movers workbook ([`movers`]), the readable summary, the JSON for scripts, the
//! messages that put the engine's typed errors into words, and text made safe for a
//! terminal ([`terminal`]). The engine never imports it.

pub mod accounts;
pub mod export;
pub mod i18n;
pub mod json;
pub mod library;
pub mod messages;
pub mod movers;
pub mod report;
pub mod summary_text;
pub mod terminal;
pub mod views;
