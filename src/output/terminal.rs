//! Text bound for a terminal: control characters from the data (a customer name, a product,
//! a file name) shown escaped, as ripgrep and git do, so a download can neither retitle nor
//! clear the user's terminal. Line breaks and tabs of our own layout stay.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character but line feeds and tabs written as an escape
/// (`\x1b`, `\r`, `\u{9b}`).
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            c if is_escaped(c) && (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_escaped(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// C0 and C1 controls and DEL, but for a line feed and a tab.
fn is_escaped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_layout_kept() {
        assert_eq!(terminal_safe("a\tb\nc"), "a\tb\nc");
        assert_eq!(terminal_safe("\u{1b}]0;owned\u{7}x"), "\\x1b]0;owned\\x07x");
        assert_eq!(terminal_safe("a\rb\u{9b}2J\u{7f}"), "a\\rb\\u{9b}2J\\x7f");
        assert_eq!(terminal_safe("Société 株式会社"), "Société 株式会社");
    }
}
