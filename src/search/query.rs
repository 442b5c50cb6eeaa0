//! A query compiled once and matched against many keys: folded words,
//! their clitic stems, a letter mask, byte finders and fuzzy-matcher
//! thresholds.

use super::Tier;
use crate::text::phrase::clitic_stems;
use crate::text::{Phrase, fold};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem::Finder;
use std::ops::Range;

/// One word of a query.
#[derive(Debug)]
pub(super) struct Word {
    /// The word without clitic prefixes: the fuzzy pattern. Every clitic
    /// form of the word contains it, so matching it loses no hit.
    pub stem: String,
    /// UTF-8 bytes of each character of `stem`, for the in-order check.
    chars: Vec<Vec<u8>>,
    /// Phrases deciding the word's tier: the stem in any clitic form, and
    /// the word as typed (its first letters may be its own, as in وزير).
    forms: Vec<(Phrase, Finder<'static>)>,
    /// Lowest fuzzy score that counts as a hit.
    threshold: i64,
}

/// A compiled query.
#[derive(Debug)]
pub(super) struct Query {
    /// Folded query.
    pub folded: String,
    /// Its words, in order.
    pub words: Vec<Word>,
    /// Letters every matching key must contain.
    mask: u64,
    /// The whole query as a phrase (first word in any clitic form).
    phrase: Option<(Phrase, Finder<'static>)>,
}

impl Query {
    /// Compiles `query`; `None` when it folds to nothing.
    pub fn new(query: &str, matcher: &SkimMatcherV2) -> Option<Query> {
        let folded = fold(query);
        if folded.is_empty() {
            return None;
        }
        let words: Vec<Word> = folded
            .split(' ')
            .map(|w| Word::new(w, matcher))
            .collect();
        let mask = words.iter().fold(0, |m, w| m | mask_of(&w.stem));
        let phrase = Phrase::any_form(&folded).map(|p| {
            let f = Finder::new(p.core().as_bytes()).into_owned();
            (p, f)
        });
        Some(Query {
            folded,
            words,
            mask,
            phrase,
        })
    }

    /// Whether every key matching `self` also matches `older`, so that
    /// `older`'s candidates are enough to scan: each of `older`'s stems is
    /// a subsequence of the stem in the same place here.
    pub fn refines(&self, older: &Query) -> bool {
        older.words.len() <= self.words.len()
            && older
                .words
                .iter()
                .zip(&self.words)
                .all(|(o, n)| is_subsequence(&o.stem, &n.stem))
    }

    /// The cheap part: the key's letter mask and every stem's characters in
    /// order. Exactly the keys fuzzy-matcher would match at all.
    pub fn candidate(&self, key: &[u8], key_mask: u64) -> bool {
        key_mask & self.mask == self.mask && self.words.iter().all(|w| w.in_order(key))
    }

    /// fuzzy-matcher's score of a candidate key (with its leading space),
    /// summed over words, when every word reaches its threshold.
    pub fn score(&self, key: &str, matcher: &SkimMatcherV2) -> Option<i64> {
        self.words.iter().try_fold(0, |sum, w| {
            let s = matcher.fuzzy_match(key, &w.stem)?;
            (s >= w.threshold).then_some(sum + s)
        })
    }

    /// The tier of a matching key (folded, with its leading space).
    pub fn tier(&self, key: &str) -> Tier {
        let text = &key[1..];
        if let Some(range) = self.phrase_range(text) {
            return if range == (0..text.len()) {
                Tier::Full
            } else {
                Tier::Exact
            };
        }
        self.words
            .iter()
            .map(|w| w.tier(text))
            .min()
            .unwrap_or(Tier::Scattered)
    }

    /// Where the whole query occurs as a phrase of whole words in folded
    /// `text`, the first place.
    pub fn phrase_range(&self, text: &str) -> Option<Range<usize>> {
        let (phrase, finder) = self.phrase.as_ref()?;
        finder
            .find_iter(text.as_bytes())
            .find_map(|at| phrase.accept_at(text, at, true))
    }

    /// For highlighting: per word, the best literal occurrence in folded
    /// `text` (whole word, else word start, else anywhere).
    pub fn word_ranges(&self, text: &str) -> Vec<Option<Range<usize>>> {
        self.words.iter().map(|w| w.best_range(text).map(|(_, r)| r)).collect()
    }
}

impl Word {
    fn new(word: &str, matcher: &SkimMatcherV2) -> Word {
        let stems = clitic_stems(word);
        let stem = stems.last().copied().unwrap_or(word).to_string();
        let mut forms = Vec::new();
        for p in [Phrase::any_form(&stem), Phrase::new(word)]
            .into_iter()
            .flatten()
        {
            if !forms.iter().any(|(f, _): &(Phrase, _)| f.folded() == p.folded()) {
                let finder = Finder::new(p.core().as_bytes()).into_owned();
                forms.push((p, finder));
            }
        }
        // Two thirds of the score of the stem found whole at a word start:
        // one or two gaps pass, letters strewn across a passage do not.
        let clean = matcher
            .fuzzy_match(&format!(" {stem}"), &stem)
            .unwrap_or(0);
        Word {
            chars: stem.chars().map(|c| c.to_string().into_bytes()).collect(),
            stem,
            forms,
            threshold: clean * 2 / 3,
        }
    }

    /// Whether the stem's characters occur in `key` in order.
    fn in_order(&self, key: &[u8]) -> bool {
        let mut at = 0;
        for c in &self.chars {
            match find_char(key, at, c) {
                Some(next) => at = next,
                None => return false,
            }
        }
        true
    }

    /// This word's tier in folded `text`.
    fn tier(&self, text: &str) -> Tier {
        self.best_range(text).map_or(Tier::Scattered, |(t, _)| t)
    }

    /// The best literal occurrence of any form of the word: whole word
    /// before word start before anywhere, first place first.
    fn best_range(&self, text: &str) -> Option<(Tier, Range<usize>)> {
        let mut best: Option<(Tier, Range<usize>)> = None;
        for (phrase, finder) in &self.forms {
            for at in finder.find_iter(text.as_bytes()) {
                let found = if let Some(r) = phrase.accept_at(text, at, true) {
                    (Tier::Words, r)
                } else if let Some(r) = phrase.accept_at(text, at, false) {
                    (Tier::WordStart, r)
                } else {
                    (Tier::Substring, at..at + phrase.core().len())
                };
                if best.as_ref().is_none_or(|(t, _)| found.0 > *t) {
                    let whole = found.0 == Tier::Words;
                    best = Some(found);
                    if whole {
                        return best;
                    }
                }
            }
        }
        best
    }
}

/// The byte offset just after the first `c` at or after `from` in `hay`.
fn find_char(hay: &[u8], from: usize, c: &[u8]) -> Option<usize> {
    let (&last, lead) = c.split_last()?;
    let mut at = from + lead.len();
    while at < hay.len() {
        let i = at + memchr::memchr(last, &hay[at..])?;
        if hay[i - lead.len()..i] == *lead {
            return Some(i + 1);
        }
        at = i + 1;
    }
    None
}

fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// A 64-bit summary of which letters a folded text contains: one bit per
/// Latin letter, per Arabic letter (folded forms) and per digit (9 and 0
/// share one). Other characters have no bit. A key can only match a query
/// whose mask is a subset of its own.
pub(super) fn mask_of(folded: &str) -> u64 {
    folded
        .chars()
        .filter_map(letter_bit)
        .fold(0, |m, b| m | 1 << b)
}

fn letter_bit(c: char) -> Option<u32> {
    let u = c as u32;
    Some(match c {
        'a'..='z' => u - 'a' as u32,
        '0'..='9' => 26 + (u - '0' as u32) % 9,
        'ء' => 35,
        'ا' => 36,
        'ب' => 37,
        'ت'..='غ' => 38 + (u - 'ت' as u32),
        'ف'..='ه' => 55 + (u - 'ف' as u32),
        'و' => 62,
        'ي' => 63,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_bits_are_distinct_and_fit() {
        let letters = "abcdefghijklmnopqrstuvwxyz012345678ءابتثجحخدذرزسشصضطظعغفقكلمنهوي";
        let bits: Vec<u32> = letters.chars().map(|c| letter_bit(c).unwrap()).collect();
        let mut sorted = bits.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), bits.len());
        assert!(bits.iter().all(|&b| b < 64));
        assert_eq!(letter_bit('9'), letter_bit('0'));
    }

    #[test]
    fn in_order_check_agrees_with_the_matcher() {
        let m = SkimMatcherV2::default();
        let keys = [" مكتب الامم المتحده", " unodc office", " الانتربول", " abc"];
        for q in ["امم", "متحد", "uo", "ofc", "نترب", "ca", "بك", "x"] {
            let query = Query::new(q, &m).unwrap();
            for key in keys {
                let fuzzy = m.fuzzy_match(key, &query.words[0].stem).is_some();
                assert_eq!(
                    query.candidate(key.as_bytes(), mask_of(key)),
                    fuzzy,
                    "{q} in {key}"
                );
            }
        }
    }

    #[test]
    fn refinement_needs_every_old_stem_inside_the_new_one() {
        let m = SkimMatcherV2::default();
        let q = |s: &str| Query::new(s, &m).unwrap();
        assert!(q("mari").refines(&q("mar")));
        assert!(q("maritime s").refines(&q("maritime")));
        assert!(!q("mar").refines(&q("mari")));
        assert!(!q("sea").refines(&q("maritime")));
        // وب keeps both letters; وبا strips و and leaves با.
        assert!(!q("وبا").refines(&q("وب")));
    }
}
