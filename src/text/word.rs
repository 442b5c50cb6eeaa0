//! What a word is, the one rule for phrase matching (on folded text), the
//! reader's word selection and the Markdown export's bold runs (on original
//! text): a run of letters, digits and combining marks, starting on a
//! letter or digit. Characters that folding drops ([`super::invisible`]:
//! ZWNJ, soft hyphen, bidi marks) join the letters on either side and never
//! start or end a word, so a word of the original text folds to a word of
//! the folded text.

use super::invisible;
use std::ops::Range;
use unicode_normalization::char::is_combining_mark;

/// Whether `c` is part of a word: a letter or digit (`char::is_alphanumeric`)
/// or a combining mark (tashkeel, accents), answered without a table lookup
/// for ASCII and Arabic letters.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || is_arabic_letter(c)
        || (!c.is_ascii() && (c.is_alphanumeric() || is_combining_mark(c)))
}

/// Whether `c` is a letter or digit (`char::is_alphanumeric`), answered
/// without a table lookup for ASCII and Arabic letters: a word starts on
/// one.
#[inline]
pub(crate) fn starts_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_arabic_letter(c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// Whether `c` is an Arabic letter (the script clitics belong to).
pub(crate) fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

/// Whether `c` may sit inside a word without ending it.
fn joins(c: char) -> bool {
    is_word_char(c) || invisible::class(c).is_some()
}

/// Start of the word that byte offset `at` of `text` lies in or ends at
/// (`at` itself when no word does).
pub fn word_start(text: &str, at: usize) -> usize {
    let run = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| joins(c))
        .last()
        .map_or(at, |(i, _)| i);
    run + text[run..at].find(starts_word).unwrap_or(at - run)
}

/// End of the word that byte offset `at` of `text` lies in or starts at
/// (`at` itself when no word does).
pub fn word_end(text: &str, at: usize) -> usize {
    let run = text[at..]
        .char_indices()
        .take_while(|&(_, c)| joins(c))
        .last()
        .map_or(at, |(i, c)| at + i + c.len_utf8());
    text[at..run]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_word_char(c))
        .map_or(at, |(i, c)| at + i + c.len_utf8())
}

/// The words of `text`, as byte ranges, in order.
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + text[from..].find(starts_word)?;
        let end = word_end(text, start);
        from = end;
        Some(start..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Folded, Phrase};

    fn split(text: &str) -> Vec<&str> {
        words(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn words_are_letter_runs_with_their_marks() {
        assert_eq!(split("«الأَمْنُ البحريّ»، ثم."), ["الأَمْنُ", "البحريّ", "ثم"]);
        assert_eq!(
            split("Café, can't 3.5 e-mail"),
            ["Café", "can", "t", "3", "5", "e", "mail"]
        );
        // ZWNJ and a soft hyphen join; a leading mark or RLM starts nothing.
        assert_eq!(
            split("می\u{200C}خواهم co\u{AD}op"),
            ["می\u{200C}خواهم", "co\u{AD}op"]
        );
        assert_eq!(split("\u{0301}a\u{200F} \u{200F}b\u{200F}"), ["a", "b"]);
        assert_eq!(split("中文 漢字"), ["中文", "漢字"]);
        assert!(split(" ,; ").is_empty());
    }

    #[test]
    fn arabic_letters_are_letters() {
        for c in ('\u{0600}'..='\u{06FF}').filter(|&c| is_arabic_letter(c)) {
            assert!(c.is_alphanumeric(), "{:04X}", c as u32);
        }
        for c in ('\0'..='\u{2FFF}').chain(['\u{FE70}', '中']) {
            assert_eq!(starts_word(c), c.is_alphanumeric(), "{:04X}", c as u32);
        }
    }

    #[test]
    fn start_and_end_agree_with_words() {
        let text = "وَالأمن، co\u{AD}op 中文";
        for w in words(text) {
            for at in (w.start..=w.end).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(word_start(text, at), w.start, "start from {at}");
                assert_eq!(word_end(text, at), w.end, "end from {at}");
            }
        }
    }

    /// Every word the reader can select, quoted alone, is found where it
    /// stands by the phrase rule links and mentions use.
    #[test]
    fn every_word_is_found_by_the_phrase_rule() {
        let text = "والأمن البحريّ، UN و-Interpol می\u{200C}خواهم co\u{AD}op 中文 漢字 can't";
        let hay = Folded::new(text);
        for w in words(text) {
            let phrase = Phrase::new(&text[w.clone()]).unwrap();
            let found = phrase
                .find_in(&hay)
                .into_iter()
                .any(|r| hay.original_range(r) == w);
            assert!(found, "{:?} not found where it stands", &text[w]);
        }
    }
}
