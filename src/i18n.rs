//! The one translation layer: every user-visible string of the app and the readable
//! reports comes from `assets/locales/app.yml` through here, and numbers, amounts and
//! dates are formatted for the language in force.

use chrono::NaiveDate;
pub use rust_i18n::t;

use crate::engine::{Band, ClusterKey, Segment, fields::Field};

/// The languages the app speaks.
pub const LANGUAGES: [(&str, &str); 2] = [("en", "English"), ("fr", "Français")];

pub fn set_language(lang: &str) {
    let lang = if lang.starts_with("fr") { "fr" } else { "en" };
    rust_i18n::set_locale(lang);
}

pub fn language() -> String {
    rust_i18n::locale().to_string()
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
pub fn tr(key: &str) -> String {
    t!(key).into_owned()
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

fn separators() -> (&'static str, &'static str) {
    if language() == "fr" { ("\u{202f}", ",") } else { (",", ".") }
}

fn group(int_part: &str, sep: &str) -> String {
    let mut out = String::new();
    let len = int_part.len();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// "1,234,567" / "1 234 567".
pub fn format_count(n: usize) -> String {
    group(&n.to_string(), separators().0)
}

/// A number with `decimals` places: "1,234.50" / "1 234,50".
pub fn format_number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let (thousands, decimal) = separators();
    let text = format!("{:.*}", decimals, v.abs());
    let (int_part, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&group(int_part, thousands));
    if !frac.is_empty() {
        out.push_str(decimal);
        out.push_str(frac);
    }
    out
}

/// A USD amount: "$1,234,568" / "1 234 568 $US" (whole dollars; cents with `cents`).
pub fn format_usd(v: f64, cents: bool) -> String {
    let n = format_number(v, if cents { 2 } else { 0 });
    if language() == "fr" { format!("{n}\u{a0}$US") } else { format!("${n}") }
}

/// A compact amount for tight places: "$2.4M", "$512k".
pub fn format_usd_short(v: f64) -> String {
    let (scaled, unit) = if v.abs() >= 1e6 {
        (v / 1e6, "M")
    } else if v.abs() >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let decimals = if unit.is_empty() || scaled.abs() >= 100.0 { 0 } else { 1 };
    let n = format_number(scaled, decimals);
    if language() == "fr" { format!("{n}\u{a0}{unit}$") } else { format!("${n}{unit}") }
}

/// "11/24/2026" / "24/11/2026".
pub fn format_date(d: NaiveDate) -> String {
    if language() == "fr" { d.format("%d/%m/%Y").to_string() } else { d.format("%m/%d/%Y").to_string() }
}

/// "12.5%" / "12,5 %".
pub fn format_percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".into();
    }
    let v = part as f64 * 100.0 / whole as f64;
    if language() == "fr" { format!("{}\u{a0}%", format_number(v, 1)) } else { format!("{}%", format_number(v, 1)) }
}
