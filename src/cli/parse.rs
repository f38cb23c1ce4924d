//! The command line's values read from text: clusters, cells, segments, months, streaks,
//! dates, sizes, mappings and moves, with the message a wrong one gets.

use chrono::NaiveDate;

use crate::engine::compare::MoveFilter;
use crate::engine::history::Streak;
use crate::engine::library::Month;
use crate::engine::load::fields::Field;
use crate::engine::{ClusterKey, MatrixCell, Segment};

/// `up`, `down` or `FROM->TO` (none before = new, none after = gone).
pub fn parse_moved(s: &str) -> Result<MoveFilter, String> {
    let side = |x: &str, none: &str| -> Result<Option<ClusterKey>, String> {
        if x.trim().eq_ignore_ascii_case(none) { Ok(None) } else { parse_cluster(x).map(Some) }
    };
    match s.trim().to_ascii_lowercase().as_str() {
        "up" => Ok(MoveFilter { up: true, ..MoveFilter::default() }),
        "down" => Ok(MoveFilter { down: true, ..MoveFilter::default() }),
        other => {
            let (from, to) =
                other.split_once("->").ok_or_else(|| format!("expected up, down or FROM->TO, got \"{s}\""))?;
            Ok(MoveFilter::cell(side(from, "new")?, side(to, "gone")?))
        }
    }
}

/// "2G", "512M", "900K" or a number of bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, shift) = match text.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('G') => (&text[..text.len() - 1], 30),
        Some('M') => (&text[..text.len() - 1], 20),
        Some('K') => (&text[..text.len() - 1], 10),
        _ => (text, 0),
    };
    let n: u64 = digits.trim().parse().map_err(|_| format!("{text}: a size such as 2G, 512M or 1000000"))?;
    n.checked_mul(1 << shift).ok_or_else(|| format!("{text}: too large"))
}

pub fn parse_mapping(s: &str) -> Result<(Field, String), String> {
    let (field, header) = s.split_once('=').ok_or_else(|| format!("expected FIELD=HEADER, got \"{s}\""))?;
    let f = Field::from_key(field.trim()).ok_or_else(|| {
        let known: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        format!("unknown field \"{field}\"; fields: {}", known.join(", "))
    })?;
    Ok((f, header.trim().to_string()))
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("expected a date as YYYY-MM-DD, got \"{s}\""))
}

pub fn parse_cluster(s: &str) -> Result<ClusterKey, String> {
    ClusterKey::from_key(s)
        .ok_or_else(|| format!("unknown cluster \"{s}\"; use act-now, evaluate, nurture, educate or unscored"))
}

pub fn parse_streak(s: &str) -> Result<Streak, String> {
    let (cluster, months) =
        s.rsplit_once(':').ok_or_else(|| format!("expected CLUSTER:N such as act-now:3, got \"{s}\""))?;
    let cluster = parse_cluster(cluster)?;
    match months.trim().parse::<u32>() {
        Ok(months @ 1..=120) => Ok(Streak { cluster, months }),
        _ => Err(format!(
            "expected a number of months from 1 to 120 after \"{cluster}:\", got \"{months}\"",
            cluster = cluster.key()
        )),
    }
}

/// "YYYY-MM".
pub fn parse_month(s: &str) -> Result<Month, String> {
    Month::parse(s).filter(|m| m.key() == s.trim()).ok_or_else(|| format!("expected a month as YYYY-MM, got \"{s}\""))
}

pub fn parse_cell(s: &str) -> Result<MatrixCell, String> {
    MatrixCell::from_name(s).ok_or_else(|| format!("unknown cell \"{s}\"; cells are a1..a4, b1..b4, c1..c4, d1..d4"))
}

pub fn parse_segment(s: &str) -> Result<Segment, String> {
    Segment::from_key(s).ok_or_else(|| {
        format!("unknown segment \"{s}\"; use top-unmanaged-compute, top-unmanaged-user, mid-size, small or unknown")
    })
}

/// `--reader`: the xlsx reader.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReaderArg {
    Automatic,
    Calamine,
}

impl ReaderArg {
    pub fn reader(self) -> crate::engine::load::report::XlsxReader {
        match self {
            ReaderArg::Automatic => crate::engine::load::report::XlsxReader::Automatic,
            ReaderArg::Calamine => crate::engine::load::report::XlsxReader::Calamine,
        }
    }
}
