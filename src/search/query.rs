//! A query compiled once and matched against many keys: folded words,
//! their clitic stems, their typo variants, a letter mask and byte
//! finders.

use super::Tier;
use crate::text::phrase::{clitic_stems, is_acronym};
use crate::text::word::{is_word_char, word_start};
use crate::text::{Phrase, fold};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem::Finder;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Edits a word of `chars` letters may be away from a word it matches:
/// none below five letters, one from five, two from nine.
pub(super) fn edits_allowed(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Restricted Damerau–Levenshtein distance (optimal string alignment:
/// insertions, deletions, substitutions, adjacent transpositions), by
/// character. The one typo measure of the finder.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// A word of the workspace within a query word's allowed edits.
#[derive(Debug)]
struct Variant {
    /// The variant as found in the index (folded).
    text: String,
    /// Matches it in any clitic form, as a whole word.
    phrase: Phrase,
    finder: Finder<'static>,
    mask: u64,
    /// How many edits away from the typed stem.
    edits: usize,
}

/// One word of a query.
#[derive(Debug)]
pub(super) struct Word {
    /// The word without clitic prefixes: the fuzzy pattern. Every clitic
    /// form of the word contains it, so matching it loses no hit.
    pub stem: String,
    /// UTF-8 bytes of each character of `stem`, for the in-order check.
    chars: Vec<Vec<u8>>,
    /// Letter mask of `stem`.
    mask: u64,
    /// Phrases deciding the word's tier: the stem in any clitic form, and
    /// the word as typed (its first letters may be its own, as in وزير).
    forms: Vec<(Phrase, Finder<'static>)>,
    /// Words of the workspace a few edits away (closest first).
    variants: Vec<Variant>,
    /// Edits allowed ([`edits_allowed`]).
    edits: usize,
    /// fuzzy-matcher's score of the stem found whole at a word start: a
    /// typo scores below it.
    clean: i64,
}

/// What scoring a candidate key found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// A hit: summed score and tier; `whole` when the query names the
    /// whole key, perhaps with typos or its last word cut short (only
    /// worked out for names).
    Match { score: i64, tier: Tier, whole: bool },
    /// Typos or initials only; scoring postponed.
    Deferred,
    /// No match.
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

/// Finds the workspace's words within `edits` of a stem: `(word, edits)`,
/// closest first.
pub(super) type Variants<'a> = &'a dyn Fn(&str, usize) -> Vec<(String, usize)>;

/// A compiled query.
#[derive(Debug)]
pub(super) struct Query {
    /// Folded query.
    pub folded: String,
    /// Its words, in order.
    pub words: Vec<Word>,
    /// Letters every matching key must contain (for a word with typo
    /// variants, those its stem and every variant share).
    mask: u64,
    /// The whole query as a phrase (first word in any clitic form).
    phrase: Option<(Phrase, Finder<'static>)>,
    /// When every word is typed in capitals (WHO, UN DPO): those words,
    /// which rank the keys holding them in that case first.
    acronyms: Vec<String>,
}

impl Query {
    /// Compiles `query`, asking `variants` for the typo variants of its
    /// longer words; `None` when it folds to nothing.
    pub fn new(query: &str, matcher: &SkimMatcherV2, variants: Variants) -> Option<Query> {
        let folded = fold(query);
        if folded.is_empty() {
            return None;
        }
        let words: Vec<Word> = folded
            .split(' ')
            .map(|w| Word::new(w, matcher, variants))
            .collect();
        // A word with typo variants still needs the letters its stem and
        // every variant share: the prefilter keeps ruling out most keys.
        let mask = words.iter().fold(0, |m, w| {
            m | w.variants.iter().fold(w.mask, |shared, v| shared & v.mask)
        });
        let phrase = Phrase::any_form(&folded).map(|p| {
            let f = Finder::new(p.core().as_bytes()).into_owned();
            (p, f)
        });
        let typed: Vec<&str> = query.split_whitespace().collect();
        let acronyms = if typed.iter().all(|w| is_acronym(w)) {
            typed.into_iter().map(String::from).collect()
        } else {
            Vec::new()
        };
        Some(Query {
            folded,
            words,
            mask,
            phrase,
            acronyms,
        })
    }

    /// Whether every key matching `self` also matches `older`, so that
    /// `older`'s candidates are enough to scan: each of `older`'s stems is
    /// a subsequence of the stem in the same place here, and of each typo
    /// variant here unless `older` had that variant too.
    pub fn refines(&self, older: &Query) -> bool {
        older.words.len() <= self.words.len()
            && older.words.iter().zip(&self.words).all(|(o, n)| {
                is_subsequence(&o.stem, &n.stem)
                    && n.variants.iter().all(|v| {
                        is_subsequence(&o.stem, &v.text)
                            || o.variants.iter().any(|ov| ov.text == v.text)
                    })
            })
    }

    /// The cheap part: letter masks, every stem's characters in order or
    /// one of its typo variants. Every key that can match passes.
    pub fn candidate(&self, key: &[u8], key_mask: u64) -> bool {
        key_mask & self.mask == self.mask && self.words.iter().all(|w| w.present(key, key_mask))
    }

    /// Whether the query is in capitals and ranks exact-case keys first.
    pub fn in_capitals(&self) -> bool {
        !self.acronyms.is_empty()
    }

    /// Whether `original` (a key's text as written) holds every acronym of
    /// the query in its case, as a whole word.
    pub fn same_case_in(&self, original: &str) -> bool {
        self.in_capitals()
            && self.acronyms.iter().all(|a| {
                original.match_indices(a.as_str()).any(|(at, _)| {
                    let before = original[..at].chars().next_back();
                    let after = original[at + a.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })
            })
    }

    /// fuzzy-matcher's score of a candidate key (with its leading space),
    /// summed over words, and the key's tier. A word found literally
    /// scores its occurrence; else a typo variant (tier [`Tier::Typo`]);
    /// else, in a name only, the word spelt by the first letters of
    /// consecutive words (initials: unodc in United Nations Office on
    /// Drugs and Crime; [`Tier::Scattered`]). With `defer`, a key where
    /// some word is not found literally is not scored now
    /// ([`Outcome::Deferred`]): it can only rank below every literal hit,
    /// so the first page rarely needs it. `prose` says the key is a
    /// passage's, note's or summary's (no initials there).
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
            let (score, t) = if let Some(l) = literal {
                let core = 1 + l.core.start..1 + l.core.end;
                match score_window(key, core, &w.stem, matcher) {
                    Some(s) => (s, l.tier),
                    None => return Outcome::Miss,
                }
            } else if let Some((_, v)) = w.variant_in(text) {
                (w.clean - 8 * v.edits as i64, Tier::Typo)
            } else if !prose && initials(text, &w.chars).is_some() {
                (
                    matcher.fuzzy_match(key, &w.stem).unwrap_or(0),
                    Tier::Scattered,
                )
            } else {
                return Outcome::Miss;
            };
            total += score;
            tier = tier.min(t);
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
        let whole = !prose
            && match tier {
                Tier::Full => true,
                Tier::Typo => self.names_with_typos(text),
                Tier::Scattered => false,
                _ => self.names_cut_short(text),
            };
        Outcome::Match {
            score: total,
            tier,
            whole,
        }
    }

    /// Whether the query is folded name `text` with its last word cut
    /// short (`interp` for INTERPOL, `maritime sec`): at least four
    /// letters, three of them in the last word.
    fn names_cut_short(&self, text: &str) -> bool {
        let Some((phrase, finder)) = &self.phrase else {
            return false;
        };
        let letters = self.folded.chars().filter(|c| is_word_char(*c)).count();
        let last = self.words.last().map_or(0, |w| w.chars.len());
        letters >= 4
            && last >= 3
            && finder.find_iter(text.as_bytes()).any(|at| {
                phrase.accept_at(text, at, false).is_some_and(|r| {
                    word_start(text, r.start) == 0 && text[r.end..].chars().all(is_word_char)
                })
            })
    }

    /// Whether folded name `text` is the query word for word, each word
    /// the same or within its allowed edits (`interpool` for INTERPOL).
    fn names_with_typos(&self, text: &str) -> bool {
        let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
        words.len() == self.words.len()
            && words.iter().zip(&self.words).all(|(kw, w)| {
                clitic_stems(kw)
                    .iter()
                    .any(|s| *s == w.stem || edit_distance(s, &w.stem) <= w.edits)
            })
    }

    /// Where the whole query occurs as a phrase of whole words in folded
    /// `text`, the first place.
    pub fn phrase_range(&self, text: &str) -> Option<Range<usize>> {
        let (phrase, finder) = self.phrase.as_ref()?;
        finder
            .find_iter(text.as_bytes())
            .find_map(|at| phrase.accept_at(text, at, true))
    }

    /// For highlighting: per word, where it matched in folded `text`: the
    /// best literal occurrence, else a typo variant, else (with
    /// `initials`) the first letters it took from words.
    pub fn word_ranges(&self, text: &str, with_initials: bool) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for w in &self.words {
            if let Some(l) = w.best_range(text) {
                out.push(l.accepted);
            } else if let Some((r, _)) = w.variant_in(text) {
                out.push(r);
            } else if with_initials && let Some(chunks) = initials(text, &w.chars) {
                out.extend(chunks);
            }
        }
        out
    }
}

impl Word {
    fn new(word: &str, matcher: &SkimMatcherV2, variants: Variants) -> Word {
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
        let edits = edits_allowed(stem.chars().count());
        let variants = if edits == 0 {
            Vec::new()
        } else {
            variants(&stem, edits)
                .into_iter()
                .filter_map(|(text, edits)| {
                    let phrase = Phrase::any_form(&text)?;
                    let finder = Finder::new(phrase.core().as_bytes()).into_owned();
                    Some(Variant {
                        mask: mask_of(phrase.core()),
                        text,
                        phrase,
                        finder,
                        edits,
                    })
                })
                .collect()
        };
        let clean = matcher.fuzzy_match(&format!(" {stem}"), &stem).unwrap_or(0);
        Word {
            chars: stem.chars().map(|c| c.to_string().into_bytes()).collect(),
            mask: mask_of(&stem),
            stem,
            forms,
            variants,
            edits,
            clean,
        }
    }

    /// The cheap check for one word: its letters in order, or a variant.
    fn present(&self, key: &[u8], key_mask: u64) -> bool {
        (key_mask & self.mask == self.mask && self.in_order(key))
            || self
                .variants
                .iter()
                .any(|v| key_mask & v.mask == v.mask && v.finder.find(key).is_some())
    }

    /// The first whole-word occurrence of the closest typo variant in
    /// folded `text`, and that variant.
    fn variant_in(&self, text: &str) -> Option<(Range<usize>, &Variant)> {
        self.variants.iter().find_map(|v| {
            v.finder
                .find_iter(text.as_bytes())
                .find_map(|at| v.phrase.accept_at(text, at, true))
                .map(|r| (r, v))
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

/// The stem spelt by the first letters of consecutive words of folded
/// `text` (each piece a prefix of a later word than the one before, at
/// least two pieces): the pieces' byte ranges. Letters picked from the
/// middle of words are never a match, so `unodc` finds United Nations
/// Office on Drugs and Crime but not UNESCO's name, and `health` not the
/// Office of the Special Representative.
fn initials(text: &str, chars: &[Vec<u8>]) -> Option<Vec<Range<usize>>> {
    let m = chars.len();
    // reach[j]: the first j characters are spelt; how (previous j, the
    // piece's byte range).
    let mut reach: Vec<Option<(usize, Range<usize>)>> = vec![None; m + 1];
    reach[0] = Some((0, 0..0));
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let starts = is_word_char(c) && !text[..at].chars().next_back().is_some_and(is_word_char);
        if starts {
            for j in (0..m).rev() {
                if reach[j].is_none() {
                    continue;
                }
                let mut end = at;
                for (l, want) in chars[j..].iter().enumerate() {
                    if !bytes[end..].starts_with(want) {
                        break;
                    }
                    end += want.len();
                    if reach[j + l + 1].is_none() {
                        reach[j + l + 1] = Some((j, at..end));
                    }
                }
            }
        }
        at += c.len_utf8();
    }
    let mut pieces = Vec::new();
    let mut j = m;
    while j > 0 {
        let (prev, range) = reach[j].clone()?;
        pieces.push(range);
        j = prev;
    }
    pieces.reverse();
    (pieces.len() >= 2).then_some(pieces)
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
) -> Option<i64> {
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
        MEMO.with_borrow_mut(|memo| {
            if let Some(&score) = memo.get(buf.as_str()) {
                return score;
            }
            let score = matcher.fuzzy_match(choice, stem);
            if memo.len() >= MEMO_MAX {
                memo.clear();
            }
            memo.insert(buf.clone(), score);
            score
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

fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// A 64-bit summary of which letters a folded text contains: one bit per
/// Latin letter, per Arabic letter (folded forms) and per digit (9 and 0
/// share one). Other characters have no bit. A key can only match a query
/// whose mask is a subset of its own.
pub(super) fn mask_of(folded: &str) -> u64 {
    // Read as bytes through two tables (the search index masks every
    // passage at load): only ASCII and the two-byte Arabic letters (lead
    // byte D8 or D9, U+0600..U+067F) have a bit, and no other character's
    // bytes look like either.
    const ASCII: [u64; 128] = bits_of(0);
    const ARABIC: [u64; 128] = bits_of(0x600);
    let bytes = folded.as_bytes();
    let mut mask = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            mask |= ASCII[usize::from(b)];
            i += 1;
        } else if b & 0xFE == 0xD8 && i + 1 < bytes.len() {
            mask |= ARABIC[usize::from((b & 1) << 6 | (bytes[i + 1] & 0x3F))];
            i += 2;
        } else {
            i += 1;
        }
    }
    mask
}

/// The letter bit of each of the 128 characters from `first` on.
const fn bits_of(first: u32) -> [u64; 128] {
    let mut table = [0; 128];
    let mut i = 0;
    while i < 128 {
        if let Some(c) = char::from_u32(first + i as u32)
            && let Some(bit) = letter_bit(c)
        {
            table[i] = 1 << bit;
        }
        i += 1;
    }
    table
}

const fn letter_bit(c: char) -> Option<u32> {
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

    proptest::proptest! {
        /// The byte-wise mask is the mask of the text's letters.
        #[test]
        fn mask_is_that_of_the_letters(text in "[a-z0-9 ءاأبتثجحخدذرزسشصضطظعغفقكلمنهوىيéü😀ـ-]{0,40}") {
            let by_chars = text.chars().filter_map(letter_bit).fold(0u64, |m, b| m | 1 << b);
            proptest::prop_assert_eq!(mask_of(&text), by_chars);
        }
    }

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
            let query = Query::new(q, &m, &|_, _| Vec::new()).unwrap();
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
        let q = |s: &str| Query::new(s, &m, &|_, _| Vec::new()).unwrap();
        assert!(q("mari").refines(&q("mar")));
        assert!(q("maritime s").refines(&q("maritime")));
        assert!(!q("mar").refines(&q("mari")));
        assert!(!q("sea").refines(&q("maritime")));
        // وب keeps both letters; وبا strips و and leaves با.
        assert!(!q("وبا").refines(&q("وب")));
    }

    #[test]
    fn initials_take_word_starts_only() {
        let chars =
            |s: &str| -> Vec<Vec<u8>> { s.chars().map(|c| c.to_string().into_bytes()).collect() };
        let text = "united nations office on drugs and crime";
        let pieces = initials(text, &chars("unodc")).unwrap();
        let spelt: Vec<&str> = pieces.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(spelt.concat(), "unodc");
        assert!(
            pieces
                .iter()
                .all(|r| r.start == 0 || text.as_bytes()[r.start - 1] == b' ')
        );
        // Several letters of one word make one piece.
        let pieces = initials("counter terrorism committee", &chars("coterr")).unwrap();
        assert_eq!(pieces.len(), 2);
        let unesco = "united nations educational, scientific and cultural organization";
        assert!(initials(unesco, &chars("unodc")).is_none());
        let office = "office of the special representative of interpol to the united nations";
        assert!(initials(office, &chars("health")).is_none());
        // One piece is a word start, found literally: not initials.
        assert!(initials("maritime", &chars("mari")).is_none());
    }

    #[test]
    fn edits_grow_with_the_word() {
        assert_eq!([4, 5, 8, 9, 20].map(edits_allowed), [0, 1, 1, 2, 2]);
        assert_eq!(edit_distance("interpool", "interpol"), 1);
        assert_eq!(edit_distance("intrepol", "interpol"), 1);
        assert_eq!(edit_distance("غوتيرش", "غوتيريش"), 1);
    }

    #[test]
    fn a_new_typo_variant_needs_a_fresh_scan() {
        let m = SkimMatcherV2::default();
        let none = |_: &str, _: usize| Vec::new();
        let merit = |_: &str, _: usize| vec![("merit".to_string(), 1)];
        let marita = |_: &str, _: usize| vec![("marita".to_string(), 1)];
        let old = Query::new("mari", &m, &none).unwrap();
        // merit holds no "mari": the old candidates may lack it.
        assert!(!Query::new("marit", &m, &merit).unwrap().refines(&old));
        // marita does: every key holding it was a candidate.
        assert!(Query::new("marit", &m, &marita).unwrap().refines(&old));
        let with = Query::new("marit", &m, &merit).unwrap();
        assert!(Query::new("marit", &m, &merit).unwrap().refines(&with));
    }
}
