//! The typo vocabulary: the distinct folded words of a workspace, by
//! length, with their letter masks.

use super::Segment;
use crate::search::query::{edit_distance, mask_of};
use crate::text::phrase::clitic_stems_into;
use crate::text::word::{is_arabic_letter, is_word_char};
use std::collections::HashSet;

/// Distinct folded words (three letters or more) and the clitic stems of
/// Arabic ones, by length in characters, each with its letter mask.
#[derive(Debug, Default)]
pub(super) struct Vocabulary {
    pub(super) by_len: Vec<Vec<(Box<str>, u64)>>,
}

/// Distinct words of one length, while collecting. Hashed with foldhash
/// (seeded per process, so crafted collisions are not a cheap attack), a
/// fraction of SipHash's cost over the tens of millions of words of a
/// large workspace.
type WordSet = HashSet<Box<str>, foldhash::fast::RandomState>;

/// Distinct words by length, while collecting.
type WordSets = Vec<WordSet>;

impl Vocabulary {
    /// The words of every segment (on every core).
    pub(super) fn new(segments: &[Segment]) -> Vocabulary {
        let parts = crate::progress::on_cores(
            segments,
            |s| s.arena.len(),
            |_, run| {
                let mut sets = WordSets::new();
                run.iter().for_each(|s| add_words(&mut sets, &s.arena));
                sets
            },
        );
        let mut all = WordSets::new();
        for sets in parts {
            for (len, words) in sets.into_iter().enumerate() {
                if all.len() <= len {
                    all.resize_with(len + 1, WordSet::default);
                }
                if all[len].len() < words.len() {
                    // Into the larger set: fewer words to hash again.
                    let smaller = std::mem::replace(&mut all[len], words);
                    all[len].extend(smaller);
                } else {
                    all[len].extend(words);
                }
            }
        }
        Vocabulary::from_sets(all)
    }

    /// The words of folded `texts` (a few notes).
    pub(super) fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vocabulary {
        let mut sets = WordSets::new();
        for t in texts {
            add_words(&mut sets, t);
        }
        Vocabulary::from_sets(sets)
    }

    fn from_sets(sets: WordSets) -> Vocabulary {
        let by_len = sets
            .into_iter()
            .map(|set| {
                set.into_iter()
                    .map(|w| {
                        let mask = mask_of(&w);
                        (w, mask)
                    })
                    .collect()
            })
            .collect();
        Vocabulary { by_len }
    }

    /// Words within `edits` of `stem` that do not contain it. Each edit
    /// brings at most one letter in and takes at most one out, so the
    /// letter masks rule out most words before the distance is computed.
    pub(super) fn near<'a>(
        &'a self,
        stem: &'a str,
        edits: usize,
    ) -> impl Iterator<Item = (String, usize)> + 'a {
        let len = stem.chars().count();
        let mask = mask_of(stem);
        let (lo, hi) = (len.saturating_sub(edits), len + edits);
        self.by_len
            .iter()
            .enumerate()
            .filter(move |(l, _)| (lo..=hi).contains(l))
            .flat_map(|(_, words)| words)
            .filter(move |(w, m)| {
                (mask & !m).count_ones() as usize <= edits
                    && (m & !mask).count_ones() as usize <= edits
                    && !w.contains(stem)
            })
            .filter_map(move |(w, _)| {
                let d = edit_distance(w, stem);
                (d <= edits).then(|| (w.to_string(), d))
            })
    }
}

/// Adds the words of folded `text`, and the clitic stems of Arabic ones.
fn add_words(sets: &mut WordSets, text: &str) {
    let mut add = |form: &str| {
        // Most words are ASCII or Arabic: counted and told letters without
        // the general Unicode tables.
        let (len, letters) = if form.is_ascii() {
            (form.len(), form.bytes().any(|b| b.is_ascii_alphabetic()))
        } else {
            let mut letters = false;
            let mut len = 0;
            for c in form.chars() {
                len += 1;
                letters = letters || is_arabic_letter(c) || c.is_alphabetic();
            }
            (len, letters)
        };
        if !(3..=MAX_WORD).contains(&len) || !letters {
            return;
        }
        if sets.len() <= len {
            sets.resize_with(len + 1, WordSet::default);
        }
        if !sets[len].contains(form) {
            sets[len].insert(form.into());
        }
    };
    let mut stems = Vec::new();
    for word in text
        .split(|c: char| !is_word_char(c))
        .filter(|w| w.len() >= 3)
    {
        if word.chars().next().is_some_and(is_arabic_letter) {
            clitic_stems_into(word, &mut stems);
            stems.iter().for_each(|s| add(s));
        } else {
            add(word);
        }
    }
}

/// Longer words are left out of the vocabulary (no one mistypes a
/// 40-letter run of characters as a word).
pub(super) const MAX_WORD: usize = 40;
