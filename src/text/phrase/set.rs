//! Many phrases found at once: one automaton offers every occurrence of
//! every phrase's core, and the phrase rule judges each.

use super::Phrase;
use crate::text::Folded;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::BTreeMap;
use std::ops::Range;

/// Many phrases searched at once; each hit carries its phrase's tag.
/// Phrases may come in groups (partner bodies, themes) that are found in
/// one pass over the text but compete only within their group.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    automaton: Option<AhoCorasick>,
    /// Each phrase with its group and tag, in automaton pattern order.
    phrases: Vec<(Phrase, usize, T)>,
}

/// One accepted occurrence from a [`PhraseSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<T> {
    /// The tag of the phrase that matched.
    pub tag: T,
    /// Folded byte range.
    pub range: Range<usize>,
}

impl<T: Clone> PhraseSet<T> {
    /// Builds the set; phrases that fold to nothing are skipped, and a
    /// phrase already in the set is not added again: of identical phrases
    /// only the first could ever win a hit, and each copy cost the
    /// automaton's construction time (400,000 copies of one keyword took
    /// minutes), so the set is linear in what it holds.
    pub fn new(items: impl IntoIterator<Item = (String, T)>) -> Self {
        Self::grouped(items.into_iter().map(|(text, tag)| (0, text, tag)))
    }

    /// [`Self::new`] for phrases in groups, as `(group, text, tag)`: a
    /// phrase is held once per group, and hits compete within their group
    /// only ([`Self::find_in`]).
    pub fn grouped(items: impl IntoIterator<Item = (usize, String, T)>) -> Self {
        let mut seen = std::collections::HashSet::new();
        let phrases: Vec<(Phrase, usize, T)> = items
            .into_iter()
            .filter_map(|(group, text, tag)| Phrase::new(&text).map(|p| (p, group, tag)))
            .filter(|(p, group, _)| seen.insert((p.clone(), *group)))
            .collect();
        let automaton = (!phrases.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(phrases.iter().map(|(p, _, _)| p.core()))
                .expect("phrase automaton within default size limits")
        });
        PhraseSet { automaton, phrases }
    }

    /// How many phrases the set holds, all distinct within a group.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether the set holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Non-overlapping occurrences in `hay` within each group, longest
    /// first: a name inside a longer name's occurrence counts for the
    /// longer one only. Sorted by group, then position.
    pub fn find_in(&self, hay: &Folded) -> Vec<Hit<T>> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let candidates: Vec<(usize, Range<usize>)> = ac
            .find_overlapping_iter(hay.text())
            .filter_map(|m| {
                let (phrase, _, _) = &self.phrases[m.pattern().as_usize()];
                phrase
                    .accept(hay, m.start(), m.end())
                    .map(|r| (m.pattern().as_usize(), r))
            })
            .collect();
        self.choose(candidates)
            .into_iter()
            .map(|(idx, range)| Hit {
                tag: self.phrases[idx].2.clone(),
                range,
            })
            .collect()
    }

    /// The candidates (phrase, range) that stand: within a group, longest
    /// first, each unless it overlaps one taken before. Sorted by group,
    /// then position.
    fn choose(&self, mut candidates: Vec<(usize, Range<usize>)>) -> Vec<(usize, Range<usize>)> {
        // Most passages hold no two candidates of a group that overlap:
        // then every one stands.
        let group_of = |idx: usize| self.phrases[idx].1;
        candidates.sort_unstable_by_key(|(idx, r)| (group_of(*idx), r.start, r.end));
        let apart = candidates
            .windows(2)
            .all(|w| group_of(w[0].0) != group_of(w[1].0) || w[0].1.end <= w[1].1.start);
        if apart {
            return candidates;
        }
        self.longest_first(candidates)
    }

    /// [`Self::choose`] the long way, for candidates that overlap.
    fn longest_first(
        &self,
        mut candidates: Vec<(usize, Range<usize>)>,
    ) -> Vec<(usize, Range<usize>)> {
        candidates.sort_by(|a, b| {
            (b.1.end - b.1.start)
                .cmp(&(a.1.end - a.1.start))
                .then(a.1.start.cmp(&b.1.start))
                .then(a.0.cmp(&b.0))
        });
        // Chosen hits by group and start. They never overlap within a
        // group, so the one starting last before a candidate's end is the
        // only one that can overlap it: a lookup, not a scan of every hit
        // (a passage of 60 000 mentions took seconds that way, a large
        // source hours).
        let mut chosen: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
        for (idx, range) in candidates {
            let group = self.phrases[idx].1;
            let free = chosen
                .range((group, 0)..(group, range.end))
                .next_back()
                .is_none_or(|(_, &(end, _))| end <= range.start);
            if free {
                chosen.insert((group, range.start), (range.end, idx));
            }
        }
        chosen
            .into_iter()
            .map(|((_, start), (end, idx))| (idx, start..end))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    proptest::proptest! {
        /// Candidates apart within their group all stand, as the long way
        /// finds; any set of candidates gives what the long way gives.
        #[test]
        fn choosing_agrees_with_longest_first(
            picks in proptest::collection::vec((0usize..4, 0usize..40, 1usize..6), 0..12),
            spread in proptest::bool::ANY,
        ) {
            let set = PhraseSet::grouped(
                ["UN", "INTERPOL", "the Council", "Council"]
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| (i % 2, p.to_string(), i)),
            );
            // Spread out, the candidates never overlap (the quick way).
            let candidates: Vec<(usize, Range<usize>)> = picks
                .iter()
                .enumerate()
                .map(|(n, &(idx, start, len))| {
                    let start = if spread { n * 50 + start } else { start };
                    (idx, start..start + len)
                })
                .collect();
            proptest::prop_assert_eq!(
                set.choose(candidates.clone()),
                set.longest_first(candidates)
            );
        }
    }

    proptest::proptest! {
        /// The automaton holds each distinct phrase once, however often
        /// it is given, and finds exactly what the deduplicated set finds.
        #[test]
        fn automaton_phrases_are_distinct(picks in proptest::collection::vec(0usize..6, 0..200)) {
            let words = ["UN", "un", "the Council", "Council", "الأمم المتحدة", "Interpol"];
            let items: Vec<(String, usize)> = picks.iter().map(|&i| (words[i].to_string(), i)).collect();
            let set = PhraseSet::new(items.clone());
            let distinct: std::collections::HashSet<Phrase> =
                items.iter().filter_map(|(t, _)| Phrase::new(t)).collect();
            proptest::prop_assert_eq!(set.len(), distinct.len());
            let mut once = Vec::new();
            for item in items {
                if !once.iter().any(|(t, _): &(String, usize)| Phrase::new(t) == Phrase::new(&item.0)) {
                    once.push(item);
                }
            }
            let hay = Folded::new("The UN Council met Interpol and الأمم المتحدة; un Council.");
            proptest::prop_assert_eq!(set.find_in(&hay), PhraseSet::new(once).find_in(&hay));
        }
    }

    #[test]
    fn set_prefers_the_longest_name() {
        let set = PhraseSet::new([
            ("الأمم المتحدة".to_string(), "un"),
            (
                "مكتب الأمم المتحدة المعني بالمخدرات والجريمة".to_string(),
                "unodc",
            ),
        ]);
        let text = "مع مكتب الأمم المتحدة المعني بالمخدرات والجريمة، وإدارة الأمم المتحدة";
        let hay = Folded::new(text);
        let hits = set.find_in(&hay);
        let tags: Vec<_> = hits.iter().map(|h| h.tag).collect();
        assert_eq!(tags, ["unodc", "un"]);
    }
}
