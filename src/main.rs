// On Windows the app is a GUI program: no console window opens from the Start menu or
// Explorer. From a terminal, the command line joins the terminal's console (`console.rs`).
#![cfg_attr(all(windows, feature = "gui"), windows_subsystem = "windows")]

use clap::Parser;
use std::process::ExitCode;

use ascent_viewer::cli::{Cli, run};

fn main() -> ExitCode {
    ascent_viewer::console::attach_to_parent();
    ascent_viewer::cli::install_panic_hook();
    let cli = Cli::parse();
    // a panic left anywhere ends in one line (the hook) and exit code 1, like any error
    std::panic::catch_unwind(|| dispatch(cli)).unwrap_or(ExitCode::from(1))
}

fn dispatch(cli: Cli) -> ExitCode {
    match cli.command {
        Some(command) => {
            // SIGINT, SIGTERM, Ctrl+C: an export under way leaves no temporary file behind.
            // (The app closes its window instead: exiting from this thread would race with
            // the window's own teardown.)
            let _ = ctrlc::set_handler(|| {
                ascent_viewer::engine::staging::remove_unfinished();
                std::process::exit(130);
            });
            match run(command) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    // the error may quote the data (a file name, a header)
                    eprintln!("error: {}", ascent_viewer::output::terminal::terminal_safe(&format!("{e:#}")));
                    ExitCode::from(1)
                }
            }
        }
        None => open_app(cli),
    }
}

#[cfg(feature = "gui")]
fn open_app(cli: Cli) -> ExitCode {
    let launch =
        ascent_viewer::app::Launch { paths: cli.paths, compare_with: cli.compare_with, renderer: cli.renderer };
    match ascent_viewer::app::run(launch) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_cli: Cli) -> ExitCode {
    eprintln!(
        "error: this build has no desktop app (built without the `gui` feature); use a subcommand such as `summary`, see --help"
    );
    ExitCode::from(2)
}
