//! Text helpers shared by header matching and value reading.

use crate::engine::memory::{PushGrowing, reserve_growing};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds a header or label to the key it is compared by: lower case, accents and
/// everything but letters and digits removed ("Nombre d'employés" -> "nombredemployes").
pub fn fold_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_key_into(text, &mut out);
    out
}

/// [`fold_key`] into a reused buffer.
pub fn fold_key_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.extend(text.bytes().filter(u8::is_ascii_alphanumeric).map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    for c in text.nfd() {
        if is_combining_mark(c) || !c.is_alphanumeric() {
            continue;
        }
        out.extend(c.to_lowercase());
    }
}

/// Trims ordinary, non-breaking and narrow non-breaking spaces.
pub fn trim_cell(text: &str) -> &str {
    // most cells start and end with a visible ASCII character: nothing to trim
    let bytes = text.as_bytes();
    if let (Some(first), Some(last)) = (bytes.first(), bytes.last())
        && first.is_ascii_graphic()
        && last.is_ascii_graphic()
    {
        return text;
    }
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\u{feff}')
}

/// Lower-cased, accent-free and space-collapsed, for case-blind search.
pub fn fold_search(text: &str) -> String {
    let text = trim_cell(text);
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Whether `text`, folded as [`fold_search`] folds, contains `folded` (already folded). ASCII
/// text, most of it, is compared in place with no allocation.
pub fn contains_folded(text: &str, folded: &str) -> bool {
    if !text.is_ascii() {
        return fold_search(text).contains(folded);
    }
    let (hay, needle) = (text.as_bytes(), folded.as_bytes());
    if needle.is_empty() {
        return true;
    }
    if !folded.is_ascii() || needle.len() > hay.len() {
        return false;
    }
    hay.windows(needle.len()).any(|w| w[0].to_ascii_lowercase() == needle[0] && w.eq_ignore_ascii_case(needle))
}

/// Excel's name for a zero-based column index: 0 -> "A", 27 -> "AB".
pub fn column_letters(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// Excel's name for a cell from zero-based coordinates: (0, 0) -> "A1".
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// 1234567 -> "1,234,567" (English grouping, for logs and generated files).
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Many short strings in one buffer, each found by its index: the cells' text of a column,
/// customers' names. Offsets are 32-bit (a column's text is capped far below 4 GB).
#[derive(Clone, Debug, Default)]
pub struct TextArena {
    text: String,
    ends: Vec<u32>,
}

impl TextArena {
    pub fn with_capacity(bytes: usize) -> TextArena {
        TextArena { text: String::with_capacity(bytes), ends: Vec::new() }
    }

    /// Adds a string; its index.
    pub fn push(&mut self, s: &str) -> usize {
        reserve_growing(&mut self.text, s.len());
        self.text.push_str(s);
        self.ends.push_growing(self.text.len() as u32);
        self.ends.len() - 1
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) as usize };
        let end = self.ends.get(i).map_or(start, |e| *e as usize);
        &self.text[start..end]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes of text held.
    pub fn bytes(&self) -> usize {
        self.text.len()
    }

    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Bytes on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_headers_the_same_way() {
        assert_eq!(fold_key("SMC Type Summary"), "smctypesummary");
        assert_eq!(fold_key("smc_type_summary"), "smctypesummary");
        assert_eq!(fold_key("Nombre d'employés"), "nombredemployes");
        assert_eq!(fold_key("D365 F&O"), "d365fo");
        assert_eq!(fold_key("# Employees"), "employees");
        assert_eq!(fold_key("Très faible"), "tresfaible");
    }

    #[test]
    fn names_columns_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_name(11, 2), "C12");
    }

    #[test]
    fn finds_folded_text_as_folding_the_whole_would() {
        let texts = ["Contoso Ltd", "CONTOSO", "Société Générale", "contoso.com", "", "Ab", "Zürich Versicherung"];
        let queries = ["contoso", "oso l", "generale", "societe", "zurich", "b", "", "ltd.", "société"];
        for text in texts {
            for query in queries {
                let folded = fold_search(query);
                assert_eq!(contains_folded(text, &folded), fold_search(text).contains(&folded), "{text:?} {query:?}");
            }
        }
        assert!(contains_folded("Société Générale", "generale"));
        assert!(!contains_folded("Contoso", "fabrikam"));
    }

    #[test]
    fn trims_non_breaking_spaces() {
        assert_eq!(trim_cell("\u{a0} Contoso \u{202f}"), "Contoso");
    }
}

/// The most a rules or view file may hold: a few kilobytes in practice.
pub const SETTINGS_FILE_LIMIT: u64 = 1 << 20;

/// Why a small text file (rules, a view) was not read.
#[derive(Debug, thiserror::Error)]
pub enum SmallFileError {
    /// A device, a pipe or a folder: never read (`/dev/zero` would fill the memory, a pipe
    /// would wait forever).
    #[error("not a regular file")]
    NotAFile,
    #[error("larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A rules or view file's text: a regular file (or a link to one) of at most
/// [`SETTINGS_FILE_LIMIT`] bytes, checked before and while it is read.
pub fn read_small_file(path: &std::path::Path) -> Result<String, SmallFileError> {
    use std::io::Read;
    if !std::fs::metadata(path)?.is_file() {
        return Err(SmallFileError::NotAFile);
    }
    let mut text = String::new();
    std::fs::File::open(path)?.take(SETTINGS_FILE_LIMIT + 1).read_to_string(&mut text)?;
    if text.len() as u64 > SETTINGS_FILE_LIMIT {
        return Err(SmallFileError::TooLarge { limit: SETTINGS_FILE_LIMIT });
    }
    Ok(text)
}
