//! Text rules, each in one place: folding for matching ([`normalize`]),
//! clitic-aware phrase finding ([`phrase`]), display sanitizing
//! ([`sanitize`](mod@sanitize)), the characters both of those drop
//! ([`invisible`]) and terminal cell widths ([`width`]).

pub mod invisible;
pub mod normalize;
pub mod phrase;
pub mod sanitize;
pub mod width;

pub use normalize::{Folded, fold};
pub use phrase::{Hit, Phrase, PhraseSet};
pub use sanitize::sanitize;

/// Character (Unicode scalar) offset of byte offset `byte` in `s`.
pub fn char_offset(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// Whether `s` has any Arabic letter (to guess the language of a plain text).
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
}
