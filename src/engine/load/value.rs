//! Cell values as the source holds them, stored column-wise, and the readers that turn
//! messy cells (numbers as text, currencies, both decimal conventions, percentages,
//! dates, flags, size bands) into numbers, dates and booleans.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::engine::text::trim_cell;

/// An Excel error value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ErrorCode {
    Null,
    Div0,
    Value,
    Ref,
    Name,
    Num,
    NotAvailable,
    GettingData,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::Null,
        ErrorCode::Div0,
        ErrorCode::Value,
        ErrorCode::Ref,
        ErrorCode::Name,
        ErrorCode::Num,
        ErrorCode::NotAvailable,
        ErrorCode::GettingData,
    ];

    /// How Excel shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Null => "#NULL!",
            ErrorCode::Div0 => "#DIV/0!",
            ErrorCode::Value => "#VALUE!",
            ErrorCode::Ref => "#REF!",
            ErrorCode::Name => "#NAME?",
            ErrorCode::Num => "#NUM!",
            ErrorCode::NotAvailable => "#N/A",
            ErrorCode::GettingData => "#DATA!",
        }
    }

    /// Reads error text written as plain text ("#N/A" in a CSV).
    pub fn from_text(text: &str) -> Option<ErrorCode> {
        let t = trim_cell(text);
        ErrorCode::ALL.into_iter().find(|code| code.as_str().eq_ignore_ascii_case(t))
    }

    pub(super) fn from_index(i: u64) -> ErrorCode {
        ErrorCode::ALL[(i as usize).min(ErrorCode::ALL.len() - 1)]
    }

    pub(super) fn index(self) -> u64 {
        ErrorCode::ALL.iter().position(|c| *c == self).unwrap_or(0) as u64
    }
}

/// One cell, borrowed from its column. Dates are Excel serial numbers of the 1900 system.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date(f64),
    Error(ErrorCode),
}

/// One cell that owns its text: used while a sheet's header is still being looked for.
#[derive(Clone, Debug, PartialEq)]
pub enum OwnedCell {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    Date(f64),
    Error(ErrorCode),
}

impl OwnedCell {
    pub fn as_cell(&self) -> Cell<'_> {
        match self {
            OwnedCell::Empty => Cell::Empty,
            OwnedCell::Number(n) => Cell::Number(*n),
            OwnedCell::Text(t) => Cell::Text(t),
            OwnedCell::Bool(b) => Cell::Bool(*b),
            OwnedCell::Date(d) => Cell::Date(*d),
            OwnedCell::Error(e) => Cell::Error(*e),
        }
    }
}

impl Cell<'_> {
    pub fn to_owned_cell(self) -> OwnedCell {
        match self {
            Cell::Empty => OwnedCell::Empty,
            Cell::Number(n) => OwnedCell::Number(n),
            Cell::Text(t) => OwnedCell::Text(t.to_string()),
            Cell::Bool(b) => OwnedCell::Bool(b),
            Cell::Date(d) => OwnedCell::Date(d),
            Cell::Error(e) => OwnedCell::Error(e),
        }
    }

    /// Blank: empty, or text of spaces only.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => trim_cell(t).is_empty(),
            _ => false,
        }
    }

    /// The text of a text cell, trimmed.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(trim_cell(t)),
            _ => None,
        }
    }

    /// The cell as Excel shows it in a report ("1000000", "2026-06-30", "#N/A").
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) => format_general(*n),
            Cell::Text(t) => (*t).to_string(),
            Cell::Bool(true) => "TRUE".into(),
            Cell::Bool(false) => "FALSE".into(),
            Cell::Date(d) => match serial_to_date(*d) {
                Some(date) => date.format("%Y-%m-%d").to_string(),
                None => format_general(*d),
            },
            Cell::Error(e) => e.as_str().into(),
        }
    }
}

/// A number the way Excel's General format shows it: no ".0" on whole numbers, and very
/// large ones in scientific notation ("1E+300", not three hundred digits).
pub fn format_general(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.is_finite() && n.abs() >= 1e15 {
        let text = format!("{n:E}");
        match text.split_once('E') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => format!("{mantissa}E+{exponent}"),
            _ => text,
        }
    } else {
        format!("{n}")
    }
}

/// Why a value could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unreadable {
    Missing,
    NotANumber,
    OutOfRange,
    ErrorCell,
    NotADate,
    AmbiguousDate,
    NotAFlag,
    NotACluster,
    /// Text that says "no value" ("N/A", "-", "null"): expected in downloads, counted as
    /// information rather than as a problem.
    NoValue,
}

impl Unreadable {
    pub fn key(self) -> &'static str {
        match self {
            Unreadable::Missing => "missing",
            Unreadable::NotANumber => "not_a_number",
            Unreadable::OutOfRange => "out_of_range",
            Unreadable::ErrorCell => "error_cell",
            Unreadable::NotADate => "not_a_date",
            Unreadable::AmbiguousDate => "ambiguous_date",
            Unreadable::NotAFlag => "not_a_flag",
            Unreadable::NotACluster => "not_a_cluster",
            Unreadable::NoValue => "no_value",
        }
    }
}

/// A number read from text, and whether it was written as a percentage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParsedNumber {
    pub value: f64,
    pub percent: bool,
}

const CURRENCY_WORDS: [&str; 8] = ["usd", "eur", "gbp", "chf", "cad", "aud", "us$", "dollars"];

/// Reads a number written as text: "$10,000.50", "10 000,50 EUR", "1.234,5", "82%",
/// "(1,200)", "1,200" (twelve hundred: three digits after a lone comma).
pub fn parse_number_text(text: &str) -> Option<ParsedNumber> {
    let mut t = trim_cell(text);
    if t.is_empty() || t.len() > 64 {
        return None;
    }
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = trim_cell(&t[1..t.len() - 1]);
    }
    let lower = t.to_ascii_lowercase();
    let mut body: &str = &lower;
    for word in CURRENCY_WORDS {
        if let Some(rest) = body.strip_suffix(word) {
            body = rest;
        }
        if let Some(rest) = body.strip_prefix(word) {
            body = rest;
        }
    }
    let body = trim_cell(body);
    let mut percent = false;
    let mut digits = String::with_capacity(body.len());
    let mut seen_digit = false;
    for (i, c) in body.char_indices() {
        match c {
            '0'..='9' => {
                seen_digit = true;
                digits.push(c);
            }
            '.' | ',' => digits.push(c),
            '-' | '+' if !seen_digit && digits.is_empty() => {
                if c == '-' {
                    negative = !negative;
                }
            }
            '-' if seen_digit && body[i..].trim() == "-" => {
                // a trailing minus, as some accounting exports write it
                negative = !negative;
            }
            '%' if i + 1 == body.len() => percent = true,
            '$' | '€' | '£' | '¥' => {}
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’' => {
                // thousands separators in French and Swiss writing: only between digits
                if !seen_digit {
                    continue;
                }
            }
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    let normalized = normalize_separators(&digits)?;
    let mut value: f64 = normalized.parse().ok()?;
    if negative {
        value = -value;
    }
    value.is_finite().then_some(ParsedNumber { value, percent })
}

/// Decides which of ',' and '.' is the decimal mark and returns a plain "1234.5".
fn normalize_separators(digits: &str) -> Option<String> {
    let commas = digits.matches(',').count();
    let dots = digits.matches('.').count();
    let out = match (commas, dots) {
        (0, 0) => digits.to_string(),
        (0, 1) => digits.to_string(),
        (0, _) => {
            // "1.234.567": dots group thousands
            check_groups(digits, '.')?;
            digits.replace('.', "")
        }
        (1, 0) => {
            let after = digits.len() - digits.find(',')? - 1;
            let before = digits.find(',')?;
            if after == 3 && (1..=3).contains(&before) && !digits.starts_with("0,") {
                digits.replace(',', "")
            } else {
                digits.replace(',', ".")
            }
        }
        (_, 0) => {
            check_groups(digits, ',')?;
            digits.replace(',', "")
        }
        _ => {
            // both: the last one is the decimal mark
            let last_comma = digits.rfind(',')?;
            let last_dot = digits.rfind('.')?;
            if last_comma > last_dot {
                if dots > 0 && digits[last_dot..].contains('.') && digits[..last_comma].contains(',') {
                    // "1,234.567,8" is not a number
                    if digits[..last_comma].matches(',').count() > 0 {
                        return None;
                    }
                }
                digits.replace('.', "").replace(',', ".")
            } else {
                if digits[..last_dot].matches('.').count() > 0 {
                    return None;
                }
                digits.replace(',', "")
            }
        }
    };
    Some(out)
}

/// Thousands groups after the first are three digits long.
fn check_groups(digits: &str, sep: char) -> Option<()> {
    let mut parts = digits.split(sep);
    let first = parts.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    parts.all(|p| p.len() == 3).then_some(())
}

/// The largest magnitude a number read from a cell may have, in every format alike: no
/// amount, count or score comes near it, f64 still holds its cents, and a sum over 2^32
/// such values (more rows than any load) stays below 5e24, far from overflowing. Beyond it
/// a value is out of range (as `inf` and `1e308` are), not a total's end.
pub const LARGEST_NUMBER: f64 = 1e15;

/// A number within [`LARGEST_NUMBER`]; NaN is no number.
fn in_range(n: f64) -> Result<f64, Unreadable> {
    if n.is_nan() {
        Err(Unreadable::NotANumber)
    } else if n.abs() >= LARGEST_NUMBER {
        Err(Unreadable::OutOfRange)
    } else {
        Ok(n)
    }
}

/// The cell as a number: numbers, numbers stored as text, percentages ("82%" -> 82).
pub fn number_of(cell: Cell<'_>) -> Result<f64, Unreadable> {
    match cell {
        Cell::Number(n) => in_range(n),
        Cell::Bool(_) | Cell::Date(_) => Err(Unreadable::NotANumber),
        Cell::Error(_) => Err(Unreadable::ErrorCell),
        Cell::Empty => Err(Unreadable::Missing),
        Cell::Text(t) => {
            if trim_cell(t).is_empty() {
                return Err(Unreadable::Missing);
            }
            if is_placeholder(t) {
                return Err(Unreadable::NoValue);
            }
            parse_number_text(t).map(|p| p.value).ok_or(Unreadable::NotANumber).and_then(in_range)
        }
    }
}

/// Text values that mean "no value" in downloads, read as blank rather than unreadable.
pub fn is_placeholder(text: &str) -> bool {
    matches!(trim_cell(text), "-" | "--" | "—" | "n/a" | "N/A" | "NA" | "na" | "null" | "NULL" | "None" | "none")
}

/// The cell as a yes/no flag. Blank is `Ok(None)`.
pub fn flag_of(cell: Cell<'_>) -> Result<Option<bool>, Unreadable> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Bool(b) => Ok(Some(b)),
        Cell::Number(1.0) => Ok(Some(true)),
        Cell::Number(0.0) => Ok(Some(false)),
        Cell::Number(_) | Cell::Date(_) => Err(Unreadable::NotAFlag),
        Cell::Error(_) => Err(Unreadable::ErrorCell),
        Cell::Text(t) => {
            let t = trim_cell(t);
            if t.is_empty() {
                return Ok(None);
            }
            const YES: [&str; 8] = ["yes", "y", "true", "1", "oui", "o", "vrai", "x"];
            const NO: [&str; 6] = ["no", "n", "false", "0", "non", "faux"];
            if YES.iter().any(|w| w.eq_ignore_ascii_case(t)) {
                Ok(Some(true))
            } else if NO.iter().any(|w| w.eq_ignore_ascii_case(t)) {
                Ok(Some(false))
            } else {
                Err(Unreadable::NotAFlag)
            }
        }
    }
}

/// The cell as an identifier: whole numbers without ".0", text trimmed (leading zeros stay).
pub fn id_of(cell: Cell<'_>) -> Option<String> {
    match cell {
        Cell::Number(n) => Some(format_general(n)),
        Cell::Text(t) => {
            let t = trim_cell(t);
            (!t.is_empty() && !is_placeholder(t)).then(|| t.to_string())
        }
        Cell::Bool(_) | Cell::Date(_) | Cell::Error(_) | Cell::Empty => None,
    }
}

/// An employee count from a number or a size band ("25-299", "300 - 999", "1000+",
/// "1 to 24", "< 25"): a band gives its lower bound.
pub fn employees_of(cell: Cell<'_>) -> Result<f64, Unreadable> {
    match cell {
        Cell::Text(t) => {
            let t = trim_cell(t);
            if t.is_empty() || is_placeholder(t) {
                return Err(Unreadable::Missing);
            }
            if let Some(p) = parse_number_text(t) {
                return in_range(p.value);
            }
            size_band_lower_bound(t).ok_or(Unreadable::NotANumber)
        }
        other => number_of(other),
    }
}

fn size_band_lower_bound(text: &str) -> Option<f64> {
    let lower = text.to_lowercase();
    let t = lower.trim();
    if let Some(rest) = t.strip_prefix('<').or_else(|| t.strip_prefix("less than")) {
        // "< 25": the band below 25 starts at zero
        parse_number_text(rest.trim_start_matches('=')).map(|_| 0.0)
    } else if let Some(rest) = t.strip_suffix('+') {
        parse_number_text(rest).map(|p| p.value)
    } else if let Some(rest) = t.strip_prefix('>').or_else(|| t.strip_prefix("more than")) {
        parse_number_text(rest.trim_start_matches('=')).map(|p| p.value)
    } else {
        for sep in [" to ", " - ", "-", "–", " à ", " a "] {
            if let Some((low, high)) = t.split_once(sep) {
                let low = parse_number_text(low)?;
                parse_number_text(high)?;
                return Some(low.value);
            }
        }
        None
    }
}

/// The order of day and month in text dates of one column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Only unambiguous text dates are read.
    #[default]
    Unknown,
    DayFirst,
    MonthFirst,
}

const EXCEL_EPOCH_DAYS: i64 = 693_594; // NaiveDate(1899-12-30).num_days_from_ce()

/// An Excel 1900-system serial to a date (whole days; Excel's 1900 leap-day bug honoured).
pub fn serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    if days < 61 {
        days += 1;
    }
    NaiveDate::from_num_days_from_ce_opt((EXCEL_EPOCH_DAYS + days) as i32)
}

/// A date to its Excel 1900-system serial.
pub fn date_to_serial(date: NaiveDate) -> f64 {
    let mut days = i64::from(date.num_days_from_ce()) - EXCEL_EPOCH_DAYS;
    if days < 61 {
        days -= 1;
    }
    days as f64
}

/// Reads a text date: ISO ("2026-06-30", with or without a time), and day/month/year in
/// either order where the day is over 12 or the column's order is known.
pub fn parse_date_text(text: &str, order: DateOrder) -> Result<NaiveDate, Unreadable> {
    let t = trim_cell(text);
    let (date_part, time) = t.split_once(['T', ' ']).unwrap_or((t, ""));
    if !is_time(time.trim()) {
        return Err(Unreadable::NotADate);
    }
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(Unreadable::NotADate);
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if nums.len() != 3 {
        return Err(Unreadable::NotADate);
    }
    if parts[0].len() == 4 {
        return NaiveDate::from_ymd_opt(nums[0] as i32, nums[1], nums[2]).ok_or(Unreadable::NotADate);
    }
    if parts[2].len() != 4 && parts[2].len() != 2 {
        return Err(Unreadable::NotADate);
    }
    let year = if parts[2].len() == 2 { 2000 + nums[2] as i32 } else { nums[2] as i32 };
    let (a, b) = (nums[0], nums[1]);
    let (day, month) = if a > 12 && b <= 12 {
        (a, b)
    } else if b > 12 && a <= 12 {
        (b, a)
    } else if a == b {
        (a, b)
    } else {
        match order {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
            DateOrder::Unknown => return Err(Unreadable::AmbiguousDate),
        }
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or(Unreadable::NotADate)
}

/// Whether the time after a text date is one a clock shows ("", "14:30", "23:59:59.5",
/// "12:00:00 AM", "10:00Z", "10:00:00+01:00"): 25:00 or 23:61 make the date unreadable.
fn is_time(time: &str) -> bool {
    if time.is_empty() {
        return true;
    }
    let upper = time.to_ascii_uppercase();
    let (clock, twelve_hour) = match upper.strip_suffix("AM").or_else(|| upper.strip_suffix("PM")) {
        Some(clock) => (clock.trim_end().to_string(), true),
        None => (upper.clone(), false),
    };
    let clock = clock.strip_suffix('Z').unwrap_or(&clock);
    // an offset from UTC: +01:00, -0500
    let clock = match clock.rfind(['+', '-']) {
        Some(at) if at > 0 && is_offset(&clock[at + 1..]) => &clock[..at],
        _ => clock,
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    let whole = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let (Some(hour), Some(minute)) = (parts[0].parse::<u32>().ok(), parts[1].parse::<u32>().ok()) else {
        return false;
    };
    if !whole(parts[0]) || !whole(parts[1]) || minute > 59 {
        return false;
    }
    let hour_ok = if twelve_hour { (1..=12).contains(&hour) } else { hour <= 23 };
    let second_ok = parts.get(2).is_none_or(|s| {
        let (whole_part, fraction) = s.split_once('.').unwrap_or((s, "0"));
        whole(whole_part)
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && whole_part.parse::<u32>().is_ok_and(|s| s <= 60)
    });
    hour_ok && second_ok
}

fn is_offset(text: &str) -> bool {
    let digits: String = text.chars().filter(|c| *c != ':').collect();
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits[..2].parse::<u32>().is_ok_and(|h| h <= 14)
        && digits[2..].parse::<u32>().is_ok_and(|m| m <= 59)
}

/// What a text date says of the column's order: `Some(DayFirst)` for "30/06/2026".
pub fn date_order_hint(text: &str) -> Option<DateOrder> {
    let t = trim_cell(text);
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts[0].len() == 4 {
        return None;
    }
    let a: u32 = parts[0].parse().ok()?;
    let b: u32 = parts[1].parse().ok()?;
    if a > 12 && b <= 12 {
        Some(DateOrder::DayFirst)
    } else if b > 12 && a <= 12 {
        Some(DateOrder::MonthFirst)
    } else {
        None
    }
}

/// The cell as a date: date cells, serial numbers, text dates.
pub fn date_of(cell: Cell<'_>, order: DateOrder) -> Result<NaiveDate, Unreadable> {
    match cell {
        Cell::Date(d) | Cell::Number(d) => serial_to_date(d).ok_or(Unreadable::NotADate),
        Cell::Text(t) => {
            if trim_cell(t).is_empty() {
                Err(Unreadable::Missing)
            } else {
                parse_date_text(t, order)
            }
        }
        Cell::Empty => Err(Unreadable::Missing),
        Cell::Error(_) => Err(Unreadable::ErrorCell),
        Cell::Bool(_) => Err(Unreadable::NotADate),
    }
}

/// Turns a CSV field into the cell Excel would make of it: plain numbers become numbers
/// (ids with leading zeros stay text), error codes become errors, the rest stays text.
pub fn cell_from_csv_field(field: &str) -> Cell<'_> {
    let t = trim_cell(field);
    if t.is_empty() {
        return Cell::Empty;
    }
    if let Some(code) = ErrorCode::from_text(t) {
        return Cell::Error(code);
    }
    let plain = t.bytes().enumerate().all(|(i, b)| b.is_ascii_digit() || (b == b'.') || (i == 0 && b == b'-'));
    let leading_zero = t.len() > 1 && t.starts_with('0') && !t.starts_with("0.");
    if plain
        && !leading_zero
        && t.len() <= 15
        && t.bytes().filter(|b| *b == b'.').count() <= 1
        && let Ok(n) = t.parse::<f64>()
    {
        return Cell::Number(n);
    }
    Cell::Text(field)
}

/// A date or time calamine read by its style: its serial number (a duration stays a number).
pub fn datetime_cell(dt: &calamine::ExcelDateTime) -> Cell<'static> {
    if dt.is_duration() {
        return Cell::Number(dt.as_f64());
    }
    match dt.as_datetime() {
        Some(ndt) => {
            let secs = f64::from(chrono::Timelike::num_seconds_from_midnight(&ndt.time()));
            Cell::Date(date_to_serial(ndt.date()) + secs / 86_400.0)
        }
        None => Cell::Number(dt.as_f64()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_times_make_a_date_unreadable() {
        let date = |t: &str| parse_date_text(t, DateOrder::Unknown).ok();
        let day = NaiveDate::from_ymd_opt(2027, 3, 1);
        for good in ["2027-03-01", "2027-03-01T23:59:59", "2027-03-01 00:00", "2027-03-01T10:00:00.250Z"] {
            assert_eq!(date(good), day, "{good}");
        }
        for good in ["2027-03-01T10:00:00+01:00", "2027-03-01 12:00:00 AM", "2027-03-01T23:59:60"] {
            assert_eq!(date(good), day, "{good}");
        }
        for bad in ["2027-03-01T25:00:00", "2027-03-01T23:61:00", "2027-03-01T24:00", "2027-03-01 13:00 PM"] {
            assert_eq!(date(bad), None, "{bad}");
        }
        for bad in ["2027-03-01T10", "2027-03-01T1:2:3:4", "2027-03-01 noon", "2027-03-01T10:00:61"] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    fn num(t: &str) -> Option<f64> {
        parse_number_text(t).map(|p| p.value)
    }

    #[test]
    fn reads_numbers_in_both_conventions() {
        assert_eq!(num("$10,000.50"), Some(10_000.5));
        assert_eq!(num("10 000,50 EUR"), Some(10_000.5));
        assert_eq!(num("10\u{a0}000,50 €"), Some(10_000.5));
        assert_eq!(num("1.234,5"), Some(1234.5));
        assert_eq!(num("1,200"), Some(1200.0));
        assert_eq!(num("10,5"), Some(10.5));
        assert_eq!(num("1.234.567"), Some(1_234_567.0));
        assert_eq!(num("1,234,567.89"), Some(1_234_567.89));
        assert_eq!(num("(1,200)"), Some(-1200.0));
        assert_eq!(num("-3"), Some(-3.0));
        assert_eq!(num("USD 12,500"), Some(12_500.0));
        assert_eq!(num("0,123"), Some(0.123));
        assert_eq!(num("abc"), None);
        assert_eq!(num("1,23,4"), None);
        assert_eq!(num(""), None);
        assert_eq!(num("12-5"), None);
        let p = parse_number_text("82%").unwrap();
        assert_eq!((p.value, p.percent), (82.0, true));
    }

    #[test]
    fn reads_flags() {
        for yes in ["Yes", "y", "TRUE", "1", "Oui", "X", " x "] {
            assert_eq!(flag_of(Cell::Text(yes)), Ok(Some(true)), "{yes}");
        }
        for no in ["No", "N", "false", "0", "Non"] {
            assert_eq!(flag_of(Cell::Text(no)), Ok(Some(false)), "{no}");
        }
        assert_eq!(flag_of(Cell::Number(1.0)), Ok(Some(true)));
        assert_eq!(flag_of(Cell::Empty), Ok(None));
        assert_eq!(flag_of(Cell::Text("maybe")), Err(Unreadable::NotAFlag));
    }

    #[test]
    fn reads_ids_as_excel_shows_them() {
        assert_eq!(id_of(Cell::Number(1_000_000.0)).as_deref(), Some("1000000"));
        assert_eq!(id_of(Cell::Text(" 000123 ")).as_deref(), Some("000123"));
        assert_eq!(id_of(Cell::Empty), None);
    }

    #[test]
    fn reads_size_bands_as_their_lower_bound() {
        assert_eq!(employees_of(Cell::Text("25-299")), Ok(25.0));
        assert_eq!(employees_of(Cell::Text("300 - 999")), Ok(300.0));
        assert_eq!(employees_of(Cell::Text("1000+")), Ok(1000.0));
        assert_eq!(employees_of(Cell::Text("1 to 24")), Ok(1.0));
        assert_eq!(employees_of(Cell::Text("10,000+")), Ok(10_000.0));
        assert_eq!(employees_of(Cell::Text("< 25")), Ok(0.0));
        assert_eq!(employees_of(Cell::Text("1,200")), Ok(1200.0));
        assert_eq!(employees_of(Cell::Text("lots")), Err(Unreadable::NotANumber));
    }

    #[test]
    fn reads_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_date_text("2026-06-30", DateOrder::Unknown), Ok(d(2026, 6, 30)));
        assert_eq!(parse_date_text("2026-06-30T00:00:00", DateOrder::Unknown), Ok(d(2026, 6, 30)));
        assert_eq!(parse_date_text("30/06/2026", DateOrder::Unknown), Ok(d(2026, 6, 30)));
        assert_eq!(parse_date_text("06/30/2026", DateOrder::Unknown), Ok(d(2026, 6, 30)));
        assert_eq!(parse_date_text("01/07/2026", DateOrder::Unknown), Err(Unreadable::AmbiguousDate));
        assert_eq!(parse_date_text("01/07/2026", DateOrder::DayFirst), Ok(d(2026, 7, 1)));
        assert_eq!(parse_date_text("01/07/2026", DateOrder::MonthFirst), Ok(d(2026, 1, 7)));
        assert_eq!(parse_date_text("31/02/2026", DateOrder::Unknown), Err(Unreadable::NotADate));
        // Excel serials: 46203 is 2026-06-30, 61 is 1900-03-01, 60 Excel's phantom 1900-02-29
        assert_eq!(serial_to_date(46203.0), Some(d(2026, 6, 30)));
        assert_eq!(serial_to_date(61.0), Some(d(1900, 3, 1)));
        assert_eq!(serial_to_date(1.0), Some(d(1900, 1, 1)));
        assert_eq!(date_to_serial(d(2026, 6, 30)), 46203.0);
        assert_eq!(date_to_serial(d(1900, 1, 1)), 1.0);
    }

    #[test]
    fn csv_fields_become_what_excel_makes_of_them() {
        assert_eq!(cell_from_csv_field("1000000"), Cell::Number(1e6));
        assert_eq!(cell_from_csv_field("0012"), Cell::Text("0012"));
        assert_eq!(cell_from_csv_field("#N/A"), Cell::Error(ErrorCode::NotAvailable));
        assert_eq!(cell_from_csv_field("  "), Cell::Empty);
        assert_eq!(cell_from_csv_field("12.5"), Cell::Number(12.5));
        assert_eq!(cell_from_csv_field("Contoso"), Cell::Text("Contoso"));
    }
}
