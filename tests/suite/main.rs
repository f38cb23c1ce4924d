//! The integration tests, in one crate: one binary to build and link (twenty took minutes of
//! CI on two cores, on Linux and again for Windows). Each module is what was a test file;
//! `cargo test --test suite MODULE::` runs one. `translations.rs` stays a binary of its own:
//! it changes the process's locale variables, which the other modules read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

mod common;

mod accounts;
mod architecture;
mod cli;
mod compare;
mod corpus;
mod downloads_2023;
mod engine_fixtures;
mod export;
mod export_safety;
mod fast_reader;
mod gui;
mod gui_library;
mod hostile;
mod library;
mod other_producers;
mod packaging;
mod polish;
mod properties;
mod query;
mod report;
mod robustness;
mod settings_files;
mod silently_wrong;
mod views;
mod windows;
