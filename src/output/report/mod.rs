//! The PDF report of a view: one landscape page made for a meeting (the cards, the segment
//! pie, the matrix, the clusters and the top accounts), and a second page with the
//! transitions and the biggest moves when two months are compared. Drawn in vectors with
//! krilla, the app's fonts embedded (subset) so the text is selectable and searchable;
//! written to a temporary file renamed into place, like every export.
//!
//! krilla rather than printpdf: it shapes and subsets OpenType fonts itself, writes the
//! text's Unicode map (so a PDF reader can copy and search it), and draws paths and
//! colours with one small API.

mod canvas;
mod compare_page;
mod fonts;
mod input;
mod overview;
mod trends_page;

pub use input::{Compared, Paper, ReportInput};

use std::path::{Path, PathBuf};

use krilla::Document;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;

use crate::output::export::{ExportError, check_target, put_in_place, stage};
use crate::output::i18n::{self, t, tr};
use canvas::{Canvas, Fonts};

/// A report written.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOutcome {
    pub path: PathBuf,
    pub pages: usize,
    /// Characters of the data no font of the app or the system has (drawn as spaces).
    pub missing_characters: Vec<char>,
}

impl ReportOutcome {
    pub fn words(&self) -> String {
        let done = t!(
            &i18n::plural("report_pdf.done", self.pages),
            count = self.pages,
            path = self.path.display().to_string()
        );
        if self.missing_characters.is_empty() {
            return done.into_owned();
        }
        // enough to recognise each script: a name or two of each
        let shown: String = self.missing_characters.iter().take(60).collect();
        let count = self.missing_characters.len();
        let missing = t!(&i18n::plural("report_pdf.missing_characters", count), count = count, characters = shown);
        format!("{done}. {missing}")
    }
}

/// Draws the report and writes it to `out` (never over a source file; an existing file
/// only with `force`).
pub fn write_report(input: &ReportInput<'_>, out: &Path, force: bool) -> Result<ReportOutcome, ExportError> {
    let dir = check_target(&input.session.data, out, force)?;
    if let Some(compared) = input.comparison {
        check_target(&compared.cmp.before.data, out, true)?;
    }
    let Rendered { bytes, pages, missing_characters } =
        render_report(input).map_err(|message| ExportError::Write { out: out.display().to_string(), message })?;
    let staged = stage(&dir)?;
    {
        use std::io::Write;
        let mut file = staged.file();
        file.write_all(&bytes)
            .and_then(|()| file.flush())
            .map_err(|e| crate::output::export::folder_error(&dir, &e))?;
    }
    put_in_place(staged, &dir, out, force)?;
    Ok(ReportOutcome { path: out.to_path_buf(), pages, missing_characters })
}

/// The PDF's bytes and its number of pages.
/// A report drawn: its bytes, its pages, and the characters no font has.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub missing_characters: Vec<char>,
}

/// The report's bytes and pages (see [`render_report`]).
pub fn render(input: &ReportInput<'_>) -> Result<(Vec<u8>, usize), String> {
    render_report(input).map(|r| (r.bytes, r.pages))
}

pub fn render_report(input: &ReportInput<'_>) -> Result<Rendered, String> {
    let fonts = Fonts::new().ok_or_else(|| tr("error.report.font"))?;
    let (width, height) = input.paper.landscape();
    let settings = || PageSettings::from_wh(width, height).ok_or_else(|| tr("error.report.font"));
    let mut document = Document::new();
    let title = title(input);
    document.set_metadata(
        Metadata::new()
            .title(title.clone())
            .language(i18n::language_code().to_string())
            .creator(format!("Ascent Viewer {}", env!("CARGO_PKG_VERSION"))),
    );
    let mut pages = 1;
    {
        let mut page = document.start_page_with(settings()?);
        let mut canvas = Canvas { surface: page.surface(), fonts: &fonts };
        overview::draw(&mut canvas, input, &title, width, height);
        canvas.surface.finish();
    }
    if let Some(compared) = input.comparison {
        pages += 1;
        let mut page = document.start_page_with(settings()?);
        let mut canvas = Canvas { surface: page.surface(), fonts: &fonts };
        compare_page::draw(&mut canvas, compared, (input.filter, input.order), (width, height), (pages, input.pages()));
        canvas.surface.finish();
    }
    if let Some(months) = input.trend.filter(|t| t.len() > 1) {
        pages += 1;
        let mut page = document.start_page_with(settings()?);
        let mut canvas = Canvas { surface: page.surface(), fonts: &fonts };
        trends_page::draw(&mut canvas, months, (width, height), (pages, input.pages()));
        canvas.surface.finish();
    }
    let bytes = document.finish().map_err(|e| format!("{e:?}"))?;
    Ok(Rendered { bytes, pages, missing_characters: fonts.missing() })
}

/// "CloudAscent report: Act now and Evaluate".
fn title(input: &ReportInput<'_>) -> String {
    match &input.view_name {
        Some(name) => t!("report_pdf.title_view", name = name).into_owned(),
        None => tr("report_pdf.title"),
    }
}
