//! The one table of characters that have no glyph of their own (or only
//! stretch their neighbours), read by both the display sanitizer
//! ([`super::sanitize`](mod@super::sanitize)) and folding for matching
//! ([`super::normalize`]).
//!
//! The rule: what display drops, matching ignores too, so any text an
//! analyst can see can be found by typing what they see. Matching also
//! ignores the joining controls display keeps, since nobody types them.

/// How a character without a glyph of its own is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invisible {
    /// Dropped for display and ignored by matching: bidi and zero-width
    /// controls, the BOM, the soft hyphen, the prepended concatenation
    /// marks, interlinear annotation controls and tag characters.
    Format,
    /// Drawn, because it steers how its neighbours join or stretch (ZWNJ,
    /// ZWJ, tatweel), but ignored by matching.
    Joining,
}

/// The class of `c`, or `None` for a character matched and drawn as itself.
///
/// Per range, for display and for matching alike:
/// - U+0600–0605, U+06DD, U+070F, U+0890–0891, U+08E2, U+110BD, U+110CD
///   (prepended concatenation marks such as the Arabic number sign): a
///   terminal cannot draw a sign spanning the digits after it, and as a
///   grapheme prefix it would glue onto the next digit and upset widths;
///   the number is what a reader searches for, not its sign.
/// - U+FFF9–FFFB (interlinear annotation anchor, separator, terminator):
///   the base text and annotation show, and match, run together.
/// - U+E0000–E007F (language tags and tag characters): they can hide
///   whole sentences from a reader; an emoji flag made with them shows as
///   its plain black flag.
#[inline]
pub fn class(c: char) -> Option<Invisible> {
    match c {
        '\u{0640}' | '\u{200C}' | '\u{200D}' => Some(Invisible::Joining),
        '\u{00AD}'
        | '\u{0600}'..='\u{0605}'
        | '\u{061C}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{180E}'
        | '\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{E0000}'..='\u{E007F}' => Some(Invisible::Format),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{fold, sanitize};

    /// Every range the display sanitizer and folding once disagreed on:
    /// dropped by both now.
    #[test]
    fn display_and_matching_drop_the_same_format_characters() {
        let hidden = [
            '\u{0600}',
            '\u{0603}',
            '\u{0605}',
            '\u{06DD}',
            '\u{070F}',
            '\u{08E2}',
            '\u{FFF9}',
            '\u{FFFA}',
            '\u{FFFB}',
            '\u{E0001}',
            '\u{E0041}',
            '\u{E007F}',
            '\u{202E}',
            '\u{FEFF}',
        ];
        for c in hidden {
            let text = format!("ab{c}cd");
            assert_eq!(sanitize(&text), "abcd", "display of U+{:04X}", c as u32);
            assert_eq!(fold(&text), "abcd", "fold of U+{:04X}", c as u32);
        }
    }

    #[test]
    fn joining_controls_are_drawn_but_not_matched() {
        for c in ['\u{200C}', '\u{200D}', '\u{0640}'] {
            let text = format!("ل{c}ا");
            assert_eq!(sanitize(&text), text);
            assert_eq!(fold(&text), "لا");
        }
    }

    #[test]
    fn neighbours_of_the_ranges_are_kept() {
        for c in ['\u{0606}', '\u{FFFC}', '\u{E0080}'] {
            let text = format!("a{c}");
            assert_eq!(sanitize(&text), text, "U+{:04X}", c as u32);
            assert_eq!(fold(&text).chars().count(), 2, "U+{:04X}", c as u32);
        }
    }
}
