//! A month's identity (`YYYY-MM`, DOMAIN.md "Months"), the month a download describes when
//! its data says (the Month column of API downloads), and the month proposed otherwise.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap as HashMap;

use crate::engine::dataset::Dataset;
use crate::engine::load::value::{Cell, serial_to_date};
use crate::engine::text::fold_key;

/// A calendar month: the identity of a library entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

/// The day Partner Center refreshes CloudAscent: a download before it describes the month
/// before.
pub const REFRESH_DAY: u32 = 25;

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some(Month { year, month })
    }

    /// "2026-11" (also "2026-11-01", the first day as API downloads write it).
    pub fn parse(text: &str) -> Option<Month> {
        let text = text.trim();
        let head = text.get(..7)?;
        let rest = &text[7..];
        if !(rest.is_empty() || rest.starts_with('-')) || head.as_bytes().get(4) != Some(&b'-') {
            return None;
        }
        let year: i32 = head[..4].parse().ok()?;
        let month: u32 = head[5..].parse().ok()?;
        Month::new(year, month)
    }

    /// The stable name: "2026-11".
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn of_date(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn previous(self) -> Month {
        if self.month == 1 { Month { year: self.year - 1, month: 12 } } else { Month { month: self.month - 1, ..self } }
    }

    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { month: self.month + 1, ..self } }
    }

    /// The month a download made on `day` most likely describes: the month before until
    /// the refresh on the 25th, that month from then on.
    pub fn proposed_for(day: NaiveDate) -> Month {
        let month = Month::of_date(day);
        if day.day() < REFRESH_DAY { month.previous() } else { month }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

/// The month a data set's own Month column names (API downloads set it to the first day of
/// their month): the one most rows name, or None when no table has such a column.
pub fn month_in_data(ds: &Dataset) -> Option<Month> {
    let mut counts: HashMap<Month, usize> = HashMap::default();
    for table in &ds.tables {
        let Some(col) = table.headers.iter().position(|h| fold_key(h) == "month") else { continue };
        for row in 0..table.rows() {
            let month = match table.cell(row, col) {
                Cell::Date(serial) => serial_to_date(serial).map(Month::of_date),
                Cell::Text(text) => Month::parse(text),
                _ => None,
            };
            if let Some(month) = month {
                *counts.entry(month).or_default() += 1;
            }
        }
    }
    counts.into_iter().max_by_key(|(month, n)| (*n, std::cmp::Reverse(*month))).map(|(month, _)| month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_print() {
        assert_eq!(Month::parse("2026-11"), Month::new(2026, 11));
        assert_eq!(Month::parse("2026-11-01T00:00:00Z"), Month::new(2026, 11));
        for bad in ["2026-13", "2026-1", "26-11", "2026/11", "2026-11x", "", "２０２６-11"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Month::new(2026, 1).map(|m| (m.key(), m.previous().key())),
            Some(("2026-01".into(), "2025-12".into()))
        );
        assert_eq!(Month::new(2025, 12).map(|m| m.next().key()), Some("2026-01".into()));
    }

    #[test]
    fn the_month_proposed_follows_the_refresh_on_the_25th() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        assert_eq!(Month::proposed_for(day(24)).key(), "2026-10");
        assert_eq!(Month::proposed_for(day(25)).key(), "2026-11");
        assert_eq!(Month::proposed_for(NaiveDate::from_ymd_opt(2026, 1, 3).unwrap_or_default()).key(), "2025-12");
    }
}
