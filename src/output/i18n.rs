//! The one translation layer: every user-visible string of the app and the readable
//! reports comes from `assets/locales/app.yml` through here, and numbers, amounts and
//! dates are formatted for the language in force.

use chrono::NaiveDate;
use std::cell::RefCell;
use std::sync::RwLock;

use crate::engine::load::fields::Field;
use crate::engine::load::value::{Cell, format_general, serial_to_date};
use crate::engine::{Band, ClusterKey, Segment};

/// `rust_i18n::t!` in the language of this thread (see [`set_language`]).
macro_rules! t {
    ($key:expr) => {
        rust_i18n::t!($key, locale = $crate::output::i18n::language_code())
    };
    ($key:expr, $($args:tt)*) => {
        rust_i18n::t!($key, locale = $crate::output::i18n::language_code(), $($args)*)
    };
}
pub(crate) use t;

/// The languages the app speaks.
pub const LANGUAGES: [(&str, &str); 2] = [("en", "English"), ("fr", "Français")];

/// A language and its date pattern, chosen when it is set (not per date shown).
#[derive(Clone, Debug)]
pub struct Language {
    code: &'static str,
    date_pattern: String,
}

impl Language {
    fn new(lang: &str) -> Language {
        let code = if lang.starts_with("fr") { "fr" } else { "en" };
        Language { code, date_pattern: locale_date_pattern(code) }
    }
}

/// The process's language: what threads that never set one speak.
static PROCESS: RwLock<Option<Language>> = RwLock::new(None);

thread_local! {
    /// This thread's language, once set: tests and windows of one process each keep theirs.
    static THREAD: RefCell<Option<Language>> = const { RefCell::new(None) };
}

/// Sets the language of this thread and of the process (threads that never set one).
pub fn set_language(lang: &str) {
    let language = Language::new(lang);
    if let Ok(mut process) = PROCESS.write() {
        *process = Some(language.clone());
    }
    use_language(language);
}

/// The language in force on this thread, to hand to a thread that works for it.
pub fn current() -> Language {
    THREAD
        .with(|t| t.borrow().clone())
        .or_else(|| PROCESS.read().ok().and_then(|p| p.clone()))
        .unwrap_or_else(|| Language::new("en"))
}

/// Speaks `language` on this thread (a worker thread of a window).
pub fn use_language(language: Language) {
    THREAD.with(|t| *t.borrow_mut() = Some(language));
}

/// "en" or "fr": the language in force on this thread.
pub fn language_code() -> &'static str {
    THREAD
        .with(|t| t.borrow().as_ref().map(|l| l.code))
        .or_else(|| PROCESS.read().ok().and_then(|p| p.as_ref().map(|l| l.code)))
        .unwrap_or("en")
}

pub fn language() -> String {
    language_code().to_string()
}

/// Whether French is in force (asked for every figure formatted: without allocating).
fn is_french() -> bool {
    language_code() == "fr"
}

/// The language of the system locale (LC_ALL, LC_MESSAGES, LANG), "en" by default.
pub fn system_language() -> &'static str {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        if let Ok(v) = std::env::var(var) {
            if v.is_empty() {
                continue;
            }
            return if v.to_ascii_lowercase().starts_with("fr") { "fr" } else { "en" };
        }
    }
    "en"
}

/// A translated string for a runtime key.
/// The key for `n` of something: `{key}_one` where the language says one (English: 1;
/// French: 0 and 1), else `key` itself. Every `_one` key has its plain key beside it.
pub fn plural(key: &str, n: usize) -> String {
    let one = if is_french() { n <= 1 } else { n == 1 };
    if one { format!("{key}_one") } else { key.to_string() }
}

/// "Label: value" in English, "Label : value" in French (a no-break space before the colon).
pub fn labelled(label: &str, value: &str) -> String {
    if is_french() { format!("{label}\u{a0}: {value}") } else { format!("{label}: {value}") }
}

pub fn tr(key: &str) -> String {
    t!(key).into_owned()
}

/// A rule set's name in the language: the built-in sets are translated, a user's own
/// name is kept as written.
pub fn rules_name(rules: &crate::engine::Rules) -> String {
    let built_in = crate::engine::Rules::built_in();
    match built_in.iter().position(|b| b.name == rules.name) {
        Some(0) => tr("rules.name.cloudascent"),
        Some(_) => tr("rules.name.partner_center_2023"),
        None => rules.name.clone(),
    }
}

pub fn cluster_name(key: ClusterKey) -> String {
    tr(&format!("cluster.{}", key.key()))
}

pub fn segment_name(segment: Segment) -> String {
    tr(&format!("segment.{}", segment.key()))
}

pub fn band_name(band: Band) -> String {
    tr(&format!("band.{}", band.key()))
}

pub fn field_name(field: Field) -> String {
    tr(&format!("field.{}", field.key()))
}

/// The number conventions of the language in force (grouping and decimal separators).
fn number_locale() -> &'static num_format::Locale {
    if is_french() { &num_format::Locale::fr } else { &num_format::Locale::en }
}

/// The system locale's name ("en_GB", "fr_CA"), without encoding or modifier.
fn system_locale_name() -> Option<String> {
    ["LC_ALL", "LC_TIME", "LANG"].iter().find_map(|var| {
        let v = std::env::var(var).ok()?;
        let name = v.split(['.', '@']).next()?.to_string();
        (!name.is_empty() && name != "C" && name != "POSIX").then_some(name)
    })
}

/// The date conventions: the system's own when it speaks the language in force ("en_GB"
/// puts the day first), else the language's usual ones (en_US, fr_FR).
fn date_locale(lang: &str) -> pure_rust_locales::Locale {
    use pure_rust_locales::Locale;
    system_locale_name()
        .filter(|name| name.starts_with(lang))
        .and_then(|name| Locale::try_from(name.as_str()).ok())
        .unwrap_or(if lang == "fr" { Locale::fr_FR } else { Locale::en_US })
}

/// "1,234,567" / "1 234 567".
pub fn format_count(n: usize) -> String {
    use num_format::ToFormattedString;
    n.to_formatted_string(number_locale())
}

/// A number with `decimals` places: "1,234.50" / "1 234,50".
pub fn format_number(v: f64, decimals: usize) -> String {
    use num_format::ToFormattedString;
    if !v.is_finite() {
        return "—".into();
    }
    let locale = number_locale();
    let text = format!("{:.*}", decimals, v.abs());
    let (int_part, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    match int_part.parse::<u128>() {
        Ok(n) => out.push_str(&n.to_formatted_string(locale)),
        Err(_) => out.push_str(int_part),
    }
    if !frac.is_empty() {
        out.push_str(locale.decimal());
        out.push_str(frac);
    }
    out
}

/// A USD amount: "$1,234,568" / "1 234 568 $US" (whole dollars; cents with `cents`).
/// Whether an amount shows its cents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cents {
    Show,
    Hide,
}

pub fn format_usd(v: f64, cents: Cents) -> String {
    let n = format_number(v, if cents == Cents::Show { 2 } else { 0 });
    if is_french() { format!("{n}\u{a0}$US") } else { format!("${n}") }
}

/// A compact amount for tight places: "$2.4M", "$512k".
pub fn format_usd_short(v: f64) -> String {
    let (divisor, unit) = usd_unit(v);
    let scaled = v / divisor;
    let decimals = if unit.is_empty() || scaled.abs() >= 100.0 { 0 } else { 1 };
    usd_in_unit(&format_number(scaled, decimals), unit)
}

/// The unit a compact amount is written in: millions, thousands, or dollars.
fn usd_unit(v: f64) -> (f64, &'static str) {
    if v.abs() >= 1e6 {
        (1e6, "M")
    } else if v.abs() >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    }
}

/// "$2.4M" / "2,4 M$".
fn usd_in_unit(n: &str, unit: &str) -> String {
    if is_french() { format!("{n}\u{a0}{unit}$") } else { format!("${n}{unit}") }
}

/// An amount on a chart axis, in the unit of its size ("$1.5M", "$250k", "$0"), with the
/// decimals the step between labels needs, so neighbouring labels never read the same.
pub fn format_usd_axis(v: f64, step: f64) -> String {
    let (divisor, unit) = usd_unit(v);
    let step = (step / divisor).abs();
    let decimals = if step >= 1.0 || step <= 0.0 { 0 } else { (-step.log10()).ceil().clamp(0.0, 3.0) as usize };
    usd_in_unit(&format_number(v / divisor, decimals), unit)
}

/// The locale's short date pattern for `lang`, always with a four-digit year.
fn locale_date_pattern(lang: &str) -> String {
    pure_rust_locales::locale_match!(date_locale(lang) => LC_TIME::D_FMT).replace("%y", "%Y")
}

/// The pattern chosen when the language was set.
fn date_pattern() -> String {
    THREAD.with(|t| t.borrow().as_ref().map(|l| l.date_pattern.clone())).unwrap_or_else(|| current().date_pattern)
}

/// "11/24/2026" (en_US), "24/11/2026" (fr, en_GB): the locale's short date.
pub fn format_date(d: NaiveDate) -> String {
    THREAD.with(|t| match t.borrow().as_ref() {
        Some(language) => d.format(&language.date_pattern).to_string(),
        None => d.format(&current().date_pattern).to_string(),
    })
}

/// A date typed in the locale's short form, or as YYYY-MM-DD.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, &date_pattern())
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
        .filter(|d| (1900..=9999).contains(&chrono::Datelike::year(d)))
}

/// How to type a date here: "MM/DD/YYYY", "JJ/MM/AAAA".
pub fn date_hint() -> String {
    date_pattern().replace("%d", &tr("date.dd")).replace("%m", &tr("date.mm")).replace("%Y", &tr("date.yyyy"))
}

/// "12.5%" / "12,5 %".
pub fn format_percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".into();
    }
    let v = part as f64 * 100.0 / whole as f64;
    if is_french() { format!("{}\u{a0}%", format_number(v, 1)) } else { format!("{}%", format_number(v, 1)) }
}

/// A source cell as Excel's General format shows it to this language's user: numbers
/// without grouping but with the locale's decimal mark, dates in the locale's order,
/// TRUE/FALSE translated.
pub fn format_cell(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) => {
            let text = format_general(*n);
            if is_french() { text.replace('.', ",") } else { text }
        }
        Cell::Date(d) => match serial_to_date(*d) {
            Some(date) => format_date(date),
            None => format_general(*d),
        },
        Cell::Bool(b) => tr(if *b { "cell.true" } else { "cell.false" }),
        other => other.display(),
    }
}

/// A size in the largest unit that keeps it whole or near ("2 GB", "512 MB", "900 KB").
pub fn format_bytes(bytes: u64) -> String {
    let (key, n) = match bytes {
        b if b >= 1 << 30 => ("size.gb", b >> 30),
        b if b >= 1 << 20 => ("size.mb", b >> 20),
        b if b >= 1 << 10 => ("size.kb", b >> 10),
        b => ("size.bytes", b),
    };
    t!(key, n = format_count(n as usize)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_amounts_have_the_decimals_their_step_needs() {
        set_language("en");
        // worked out by hand: a 100k step on 500k, a 0.5M step on 1.5M, and zero
        assert_eq!(format_usd_axis(500_000.0, 100_000.0), "$500k");
        assert_eq!(format_usd_axis(1_500_000.0, 500_000.0), "$1.5M");
        assert_eq!(format_usd_axis(0.0, 500_000.0), "$0");
        assert_eq!(format_usd_axis(250.0, 50.0), "$250");
        // neighbouring labels never read the same
        let labels: Vec<String> = (0..5).map(|k| format_usd_axis(f64::from(k) * 250_000.0, 250_000.0)).collect();
        assert_eq!(labels, ["$0", "$250k", "$500k", "$750k", "$1.0M"]);
        set_language("fr");
        assert_eq!(format_usd_axis(1_500_000.0, 500_000.0), "1,5\u{a0}M$");
        set_language("en");
    }
}
