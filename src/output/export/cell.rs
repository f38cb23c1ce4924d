//! A text as a workbook cell can hold it.

use crate::output::i18n::t;

/// Excel's longest cell text, in UTF-16 units as Excel counts them.
const EXCEL_CELL_LIMIT: usize = 32_767;

/// A text as a cell can hold it: one longer than Excel's 32,767 characters (accounts'
/// products joined, say) cut, with a note saying so at its end, rather than failing the
/// whole export.
pub(crate) fn excel_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= EXCEL_CELL_LIMIT || text.encode_utf16().count() <= EXCEL_CELL_LIMIT {
        return std::borrow::Cow::Borrowed(text);
    }
    let note = t!("export.cell_cut", length = crate::output::i18n::format_count(text.chars().count())).into_owned();
    let room = EXCEL_CELL_LIMIT.saturating_sub(note.encode_utf16().count() + 1);
    let mut used = 0;
    let mut cut = String::with_capacity(room * 2);
    for c in text.chars() {
        used += c.len_utf16();
        if used > room {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut.push_str(&note);
    std::borrow::Cow::Owned(cut)
}
