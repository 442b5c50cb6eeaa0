//! A query compiled once and matched against many keys: folded words,
//! their clitic stems, a letter mask, byte finders and fuzzy-matcher
//! thresholds.

use super::Tier;
use crate::text::phrase::clitic_stems;
use crate::text::word::{is_word_char, word_start};
use crate::text::{Phrase, fold};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem::Finder;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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
    /// Lowest fuzzy score that counts as a hit, in a name (`[0]`) and in a
    /// passage or note (`[1]`).
    threshold: [i64; 2],
    /// Longest stretch, in characters, an alignment reaching the threshold
    /// can span (same indexing).
    max_span: [usize; 2],
}

/// What scoring a candidate key found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// A hit: summed score and tier.
    Match(i64, Tier),
    /// Scattered letters only; scoring postponed.
    Deferred,
    /// Under the threshold.
    Miss,
}

/// A literal occurrence of a word.
#[derive(Debug, Clone)]
pub(super) struct Literal {
    /// Whole word, word start or inside a word.
    pub tier: Tier,
    /// What the phrase rule reports (article and clitics included).
    pub accepted: Range<usize>,
    /// Where the phrase's core itself is.
    pub core: Range<usize>,
}

/// At most this many compact windows are looked at per word and key.
const MAX_WINDOWS: usize = 32;

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
        let words: Vec<Word> = folded.split(' ').map(|w| Word::new(w, matcher)).collect();
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
    /// summed over words, and the key's tier. With `defer`, a key where
    /// some word occurs only as scattered letters is not scored now
    /// ([`Outcome::Deferred`]): it can only rank below every literal hit,
    /// so the first page rarely needs it.
    /// `prose` says the key is a passage's or note's (stricter threshold).
    pub fn score(&self, key: &str, matcher: &SkimMatcherV2, defer: bool, prose: bool) -> Outcome {
        let text = &key[1..];
        let mut literals = Vec::with_capacity(self.words.len());
        for w in &self.words {
            let literal = w.best_range(text);
            if defer && literal.is_none() {
                return Outcome::Deferred;
            }
            literals.push(literal);
        }
        let mut total = 0;
        let mut tier = Tier::Words;
        for (w, literal) in self.words.iter().zip(&literals) {
            let Some((score, _)) = w.place(key, literal.as_ref(), matcher, false, prose) else {
                return Outcome::Miss;
            };
            total += score;
            tier = tier.min(literal.as_ref().map_or(Tier::Scattered, |l| l.tier));
        }
        let first = literals.into_iter().next().flatten();
        // One word: its whole-word occurrence is the phrase.
        let phrase = match (self.words.len(), &first) {
            (1, Some(l)) if l.tier == Tier::Words => Some(l.accepted.clone()),
            (1, _) => None,
            _ if tier >= Tier::Substring => self.phrase_range(text),
            _ => None,
        };
        if let Some(range) = phrase {
            // The whole text, clitics taken by the first word included.
            tier = if word_start(text, range.start) == 0 && range.end == text.len() {
                Tier::Full
            } else {
                Tier::Exact
            };
        }
        Outcome::Match(total, tier)
    }

    /// For highlighting scattered matches: the characters fuzzy-matcher
    /// chose for each word, as byte offsets into `key` (leading space
    /// included).
    pub fn positions(&self, key: &str, matcher: &SkimMatcherV2, text: bool) -> Vec<usize> {
        let folded = &key[1..];
        self.words
            .iter()
            .filter_map(|w| w.place(key, w.best_range(folded).as_ref(), matcher, true, text))
            .flat_map(|(_, p)| p)
            .collect()
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
        self.words
            .iter()
            .map(|w| w.best_range(text).map(|l| l.accepted))
            .collect()
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
            if !forms
                .iter()
                .any(|(f, _): &(Phrase, _)| f.folded() == p.folded())
            {
                let finder = Finder::new(p.core().as_bytes()).into_owned();
                forms.push((p, finder));
            }
        }
        // A share of the score of the stem found whole at a word start. In
        // names, two thirds: initials (unodc in United Nations Office on
        // Drugs and Crime) and a gap or two pass. In running text, nine
        // tenths: a typo (one letter too many) passes, letters picked from
        // the starts of neighbouring words do not.
        let clean = matcher.fuzzy_match(&format!(" {stem}"), &stem).unwrap_or(0);
        let threshold = [clean * 2 / 3, clean * 9 / 10];
        // With skim's default scores a matched character earns at most
        // 16 + 8 and a gap of g characters costs 3 + g, so an alignment of
        // m characters over s > m characters scores at most
        // 24m - 3 - (s - m): reaching the threshold bounds s.
        let m = stem.chars().count() as i64;
        let max_span = threshold.map(|t| (25 * m - 3 - t).max(m) as usize);
        Word {
            chars: stem.chars().map(|c| c.to_string().into_bytes()).collect(),
            stem,
            forms,
            threshold,
            max_span,
        }
    }

    /// The word's score in `key` (with its leading space) if it reaches
    /// the threshold, and with `positions`, the byte offsets in `key` of
    /// the characters matched.
    ///
    /// fuzzy-matcher scores a window of the key, not the whole key: the
    /// literal occurrence when there is one, else the best of the compact
    /// windows (the shortest stretches holding the stem's letters in
    /// order), tried shortest first while the bound on their score can
    /// still beat the best so far. A window longer than `max_span` cannot
    /// reach the threshold, so it is never scored. This keeps a keystroke
    /// over a million passages to a few small matrix fills per key.
    fn place(
        &self,
        key: &str,
        literal: Option<&Literal>,
        matcher: &SkimMatcherV2,
        positions: bool,
        text: bool,
    ) -> Option<(i64, Vec<usize>)> {
        let threshold = self.threshold[usize::from(text)];
        if let Some(l) = literal {
            let core = 1 + l.core.start..1 + l.core.end;
            // The threshold is for scattered letters: the stem as written
            // (after an article, inside a word) always counts.
            return score_window(key, core, &self.stem, matcher, positions);
        }
        let max_span = self.max_span[usize::from(text)];
        let mut windows: Vec<(usize, Range<usize>)> = self
            .compact_windows(key.as_bytes(), max_span)
            .take(MAX_WINDOWS)
            .collect();
        windows.sort_by_key(|(span, w)| (*span, w.start));
        let m = self.chars.len() as i64;
        let mut best: Option<(i64, Vec<usize>)> = None;
        for (span, window) in windows {
            let bound = 25 * m - 3 - span as i64;
            if best.as_ref().is_some_and(|b| b.0 >= bound) || bound < threshold {
                break;
            }
            if let Some(found) = score_window(key, window, &self.stem, matcher, positions)
                && best.as_ref().is_none_or(|b| found.0 > b.0)
            {
                best = Some(found);
            }
        }
        best.filter(|(s, _)| *s >= threshold)
    }

    /// The minimal stretches of `key` holding the stem's characters in
    /// order and spanning at most `max_span` characters, left to right,
    /// with their span in characters.
    fn compact_windows<'k>(
        &'k self,
        key: &'k [u8],
        max_span: usize,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'k {
        let first = &self.chars[0];
        let mut from = 0;
        std::iter::from_fn(move || {
            loop {
                let p = find_char(key, from, first)? - first.len();
                from = p + first.len();
                // No window reaches past `max_span` characters from p.
                let reach = key[p..]
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b & 0xC0 != 0x80)
                    .nth(max_span)
                    .map_or(key.len(), |(i, _)| p + i);
                let hay = &key[..reach];
                // Forward from this first letter: the earliest end...
                let mut end = from;
                for c in &self.chars[1..] {
                    match find_char(hay, end, c) {
                        Some(next) => end = next,
                        None => {
                            end = usize::MAX;
                            break;
                        }
                    }
                }
                if end == usize::MAX {
                    continue;
                }
                // ...and backward from that end: the latest start.
                let mut start = end;
                for c in self.chars.iter().rev() {
                    start = rfind_char(key, start, c)?;
                }
                from = start + first.len();
                let span = key[start..end]
                    .iter()
                    .filter(|&&b| b & 0xC0 != 0x80)
                    .count();
                if span <= max_span {
                    return Some((span, start..end));
                }
            }
        })
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

    /// The best literal occurrence of any form of the word in folded
    /// `text`: whole word before word start before anywhere, first place
    /// first.
    fn best_range(&self, text: &str) -> Option<Literal> {
        let mut best: Option<Literal> = None;
        for (phrase, finder) in &self.forms {
            let open_end = phrase.core().chars().next_back().is_some_and(is_word_char);
            for at in finder.find_iter(text.as_bytes()) {
                let core = at..at + phrase.core().len();
                // A whole word is a word start that also ends there.
                let ends = !open_end || !text[core.end..].chars().next().is_some_and(is_word_char);
                if best.as_ref().is_some_and(|b| b.tier >= Tier::WordStart) && !ends {
                    continue; // Only a whole word could do better.
                }
                let (tier, accepted) = match phrase.accept_at(text, at, false) {
                    None => (Tier::Substring, core.clone()),
                    Some(r) if ends => (Tier::Words, r),
                    Some(r) => (Tier::WordStart, r),
                };
                if best.as_ref().is_none_or(|b| tier > b.tier) {
                    best = Some(Literal {
                        tier,
                        accepted,
                        core,
                    });
                    if tier == Tier::Words {
                        return best;
                    }
                }
            }
        }
        best
    }
}

/// fuzzy-matcher on `key[window]`, preceded by the character before the
/// window (so the first letter's word-start bonus is right) and by a
/// character that never matches (which takes skim's first-character
/// bonus, as the key's leading space does for whole keys).
///
/// Scores are memoized per thread by (stem, window text): most windows
/// are a literal occurrence after a space or a clitic, the same few
/// strings across thousands of passages.
fn score_window(
    key: &str,
    window: Range<usize>,
    stem: &str,
    matcher: &SkimMatcherV2,
    positions: bool,
) -> Option<(i64, Vec<usize>)> {
    const NEVER: char = '\u{E000}';
    const MEMO_MAX: usize = 1 << 16;
    thread_local! {
        static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        static MEMO: std::cell::RefCell<HashMap<String, Option<i64>, BuildHasherDefault<Fnv>>> =
            std::cell::RefCell::new(HashMap::default());
    }
    let before = key[..window.start].chars().next_back().unwrap_or(' ');
    let from = window.start - before.len_utf8();
    BUF.with_borrow_mut(|buf| {
        // `buf` is stem, NUL, then the choice the matcher sees.
        buf.clear();
        buf.push_str(stem);
        buf.push('\0');
        let choice_at = buf.len();
        buf.push(NEVER);
        buf.push_str(&key[from..window.end]);
        let choice = &buf[choice_at..];
        if positions {
            let (score, indices) = matcher.fuzzy_indices(choice, stem)?;
            let starts: Vec<usize> = choice.char_indices().map(|(i, _)| i).collect();
            let at = indices
                .into_iter()
                .filter(|&i| i >= 1)
                .map(|i| from + starts[i] - NEVER.len_utf8())
                .collect();
            return Some((score, at));
        }
        MEMO.with_borrow_mut(|memo| {
            if let Some(&score) = memo.get(buf.as_str()) {
                return score.map(|s| (s, Vec::new()));
            }
            let score = matcher.fuzzy_match(choice, stem);
            if memo.len() >= MEMO_MAX {
                memo.clear();
            }
            memo.insert(buf.clone(), score);
            score.map(|s| (s, Vec::new()))
        })
    })
}

/// FNV-1a: the memo's keys are short strings, hashed once per window.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The byte offset just after the first `c` at or after `from` in `hay`.
fn find_char(hay: &[u8], from: usize, c: &[u8]) -> Option<usize> {
    let (&last, lead) = c.split_last()?;
    let mut at = from + lead.len();
    while at < hay.len() {
        let i = at + memchr::memchr(last, &hay[at..])?;
        if hay[i - lead.len()..i].iter().eq(lead) {
            return Some(i + 1);
        }
        at = i + 1;
    }
    None
}

/// The start of the last `c` that ends at or before `before` in `hay`.
fn rfind_char(hay: &[u8], before: usize, c: &[u8]) -> Option<usize> {
    let (&last, lead) = c.split_last()?;
    let mut end = before;
    while end > lead.len() {
        let i = memchr::memrchr(last, &hay[lead.len()..end])? + lead.len();
        if hay[i - lead.len()..i].iter().eq(lead) {
            return Some(i - lead.len());
        }
        end = i;
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
