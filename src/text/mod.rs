//! Text rules, each in one place: folding for matching ([`normalize`]),
//! clitic-aware phrase finding ([`phrase`]), display sanitizing
//! ([`sanitize`](mod@sanitize)), the characters both of those drop
//! ([`invisible`]), word boundaries ([`word`]) and terminal cell widths
//! ([`width`]).

pub mod folded;
pub mod invisible;
pub mod json;
pub mod normalize;
pub mod phrase;
pub mod sanitize;
pub mod width;
pub mod word;

pub use folded::{FoldArena, Folded};
pub use normalize::{fold, fold_into, plain_letters};
pub use phrase::{Hit, Phrase, PhraseSet};
pub use sanitize::sanitize;
pub use word::words;

/// Character (Unicode scalar) offset of byte offset `byte` in `s`.
pub fn char_offset(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// The known name a mistyped `name` most likely meant, for every "did you
/// mean" hint: the nearest by edit distance, if at most half of `name`'s
/// length away (one edit for names up to three letters), else `None`.
/// Ties go to the first in sorted order, so hints do not depend on the
/// order `known` comes in.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = name.chars().count().max(3) / 2;
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(k, name), k))
        .filter(|&(distance, _)| distance <= limit)
        .min()
        .map(|(_, k)| k)
}

/// The lines of `text`, each of CR LF, a lone CR (what terminals send in a
/// paste) and a lone LF ending one. A line end at the very end yields an
/// empty last line, as with `split('\n')`.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\r', '\n']) {
            Some(at) => {
                let end = if s[at..].starts_with("\r\n") {
                    at + 2
                } else {
                    at + 1
                };
                rest = Some(&s[end..]);
                Some(&s[..at])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// Whether `s` has any Arabic letter (to guess the language of a plain text).
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(is_arabic)
}

/// Whether `c` is in an Arabic block (letters, marks, digits,
/// presentation forms).
pub fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_line_end_ends_a_line() {
        let lines = |s| super::split_lines(s).collect::<Vec<_>>();
        assert_eq!(lines("a\rb\nc\r\nd"), ["a", "b", "c", "d"]);
        assert_eq!(lines("a\r\rb"), ["a", "", "b"]);
        assert_eq!(lines("a\n"), ["a", ""]);
        assert_eq!(lines(""), [""]);
        assert_eq!(lines("\r\n"), ["", ""]);
    }

    #[test]
    fn closest_is_near_enough_and_order_free() {
        let known = ["interpol", "europol", "report.txt"];
        assert_eq!(super::closest("interpoll", known), Some("interpol"));
        assert_eq!(super::closest("reprot.txt", known), Some("report.txt"));
        // Five edits from anything: no hint rather than a wild guess.
        assert_eq!(super::closest("unodc", known), None);
        // Short names get one edit.
        assert_eq!(super::closest("un", ["uk", "ux"]), Some("uk"));
        assert_eq!(super::closest("un", ["ab"]), None);
        // A tie is broken the same way whatever the order.
        assert_eq!(super::closest("ab", ["ax", "ay"]), Some("ax"));
        assert_eq!(super::closest("ab", ["ay", "ax"]), Some("ax"));
    }
}
