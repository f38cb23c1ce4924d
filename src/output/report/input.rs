//! What a report shows and the paper it is printed on.

use crate::engine::compare::{Comparison, MoveFilter};
use crate::engine::query::ViewOrder;
use crate::engine::{Filter, Session};

/// The paper the report is printed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// Letter where the locale is American (United States, Canada, Mexico, the
    /// Philippines...), else A4.
    pub fn of_locale() -> Paper {
        // LC_PAPER says it where it is set; else the user's locale (Windows' own setting)
        let locale = std::env::var("LC_PAPER").ok().filter(|v| !v.is_empty()).or_else(sys_locale::get_locale);
        locale.map_or(Paper::A4, |l| Paper::of_region(&l))
    }

    /// The paper of a locale such as "en_US.UTF-8", "fr-CA" or "fr_FR".
    pub fn of_region(locale: &str) -> Paper {
        let region = locale.split(['.', '@']).next().unwrap_or("").rsplit(['_', '-']).next().unwrap_or("");
        let letter = ["US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR"];
        if letter.iter().any(|r| region.eq_ignore_ascii_case(r)) { Paper::Letter } else { Paper::A4 }
    }

    /// Landscape width and height in points.
    pub fn landscape(self) -> (f32, f32) {
        match self {
            Paper::A4 => (841.89, 595.28),
            Paper::Letter => (792.0, 612.0),
        }
    }
}

/// What the report shows.
pub struct ReportInput<'a> {
    /// The month shown (the later one of a comparison).
    pub session: &'a Session,
    pub filter: &'a Filter,
    /// The view's name as shown, if the report is of a saved view.
    pub view_name: Option<String>,
    /// The comparison, when two months are compared.
    pub comparison: Option<Compared<'a>>,
    /// The view's order: the lists of accounts and of moves follow it (their own order without).
    pub order: ViewOrder,
    pub paper: Paper,
    /// The library's months up to the one shown, when there are several: a trends page.
    pub trend: Option<&'a [crate::engine::trend::MonthFigures]>,
}

impl ReportInput<'_> {
    /// The report's pages: the overview, the comparison's, the trends'.
    pub fn pages(&self) -> usize {
        1 + usize::from(self.comparison.is_some()) + usize::from(self.trend.is_some_and(|t| t.len() > 1))
    }
}

/// Two months compared: the pairs the filter and the moves chosen keep, and those moves.
#[derive(Clone, Copy)]
pub struct Compared<'a> {
    pub cmp: &'a Comparison,
    pub pairs: &'a [u32],
    pub moves: &'a MoveFilter,
}
