//! Making untrusted text safe to draw: the one display sanitizer.
//!
//! Everything that comes from a file or another person (sources, names,
//! notes, error messages quoting them) passes through here before it can
//! reach a terminal. Control characters become visible Unicode "control
//! pictures" (ESC shows as ␛) so nothing is silently hidden; bidi overrides,
//! isolates and other invisible format characters ([`Invisible::Format`])
//! are dropped, because coopdash lays text out itself and a stray U+202E
//! would reverse a pane. ZWJ and ZWNJ stay: they steer Arabic joining and
//! are harmless.

use super::invisible::{self, Invisible};
use std::borrow::Cow;

/// What to draw for one character of untrusted text.
pub fn display_char(c: char) -> Option<char> {
    match c {
        // Tabs and line breaks are laid out by the caller; here they are space.
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' => Some(' '),
        '\u{00}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' => Some('\u{FFFD}'),
        _ if invisible::class(c) == Some(Invisible::Format) => None,
        _ => Some(c),
    }
}

/// Sanitizes a whole string for display on one line.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| display_char(c) == Some(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter_map(display_char).collect())
}

/// Whether `c` is an explicit bidi embedding, override or isolate
/// (U+202A–202E, U+2066–2069): the characters that steer the layout of
/// what follows them. The marks U+200E, U+200F and U+061C only state a
/// direction, like any strong letter, and are not among them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Data text as it enters layout: each bidi control (Trojan Source, a name
/// spelled "RLO-evil" shown as "live-OLR") becomes U+200B ZERO WIDTH
/// SPACE, which the bidi algorithm ignores (class BN) and display drops.
/// Same UTF-8 length, so every byte offset and highlight still holds.
pub fn neutralize_bidi(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_bidi_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_bidi_control(c) { '\u{200B}' } else { c })
            .collect(),
    )
}

/// Text for the clipboard (OSC 52): tabs and line feeds kept, every other
/// control character (C0, DEL, C1) and bidi control removed, so what the
/// analyst pastes next cannot carry an escape sequence (an `ESC[201~`
/// would end a bracketed paste early) or reverse a line.
pub fn for_clipboard(s: &str) -> String {
    s.chars()
        .filter(|&c| matches!(c, '\t' | '\n') || !(c.is_control() || is_bidi_control(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipboard_text_has_no_controls() {
        let copied =
            for_clipboard("a\tb\r\nc\u{1b}[201~d\u{8}\u{9b}e\u{7f}\u{202e}f\u{2066}g\u{200f}");
        assert_eq!(copied, "a\tb\nc[201~defg\u{200f}");
    }

    #[test]
    fn bidi_controls_are_neutral_and_offsets_hold() {
        let s = "\u{202E}RLO-evil\u{2069} \u{200F}";
        let n = neutralize_bidi(s);
        assert_eq!(n.len(), s.len());
        assert!(!n.chars().any(is_bidi_control));
        assert!(n.ends_with('\u{200F}'), "marks stay");
        assert!(matches!(neutralize_bidi("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_become_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a␛[2Jb");
        assert_eq!(sanitize("\u{1b}]0;title\u{7}x"), "␛]0;title␇x");
        assert_eq!(sanitize("c1\u{9b}31m"), "c1\u{FFFD}31m");
        assert_eq!(sanitize("del\u{7f}"), "del␡");
    }

    #[test]
    fn bidi_controls_are_dropped() {
        assert_eq!(
            sanitize("abc\u{202E}def\u{2066}g\u{2069}\u{200F}"),
            "abcdefg"
        );
        assert_eq!(sanitize("\u{FEFF}bom"), "bom");
    }

    #[test]
    fn joiners_and_plain_text_stay() {
        let s = "لا\u{200C}ب\u{200D} plain";
        assert!(matches!(sanitize(s), Cow::Borrowed(_)));
        assert_eq!(sanitize("a\tb\nc"), "a b c");
    }
}
