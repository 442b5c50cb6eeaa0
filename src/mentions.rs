//! Mentions: every occurrence of a partner body's (or a theme's) names,
//! aliases and keywords in every passage, found with the shared phrase rule
//! (folded text, word boundaries, clitic prefixes, case-sensitive acronyms,
//! longest name wins). [`Names`] asks the same of one passage for one
//! item: does it name it at all (the evidence check on theme links).

use crate::model::{Mention, Source, Span};
use crate::text::{Folded, PhraseSet};

/// One item's names (a theme's names and keywords, say), prepared once to
/// ask whether passages name it, by the same rule as [`find`]: folded text,
/// word boundaries, clitic prefixes (`والإنتربول` names `الإنتربول`),
/// acronyms in capitals only. Unlike [`find`], other items' longer names do
/// not compete: a passage names the item if any of its phrases occurs.
#[derive(Debug, Clone)]
pub struct Names(PhraseSet<()>);

impl Names {
    /// Prepares `phrases`.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Self {
        Names(PhraseSet::new(
            phrases.into_iter().map(|p| (p.to_string(), ())),
        ))
    }

    /// Whether `text` holds one of the phrases.
    pub fn occur_in(&self, text: &str) -> bool {
        !self.0.find_in(&Folded::new(text)).is_empty()
    }
}

/// Finds, for each item's list of phrases, its mentions in every source, in
/// source order. Items compete: where two items' phrases overlap, the longer
/// phrase's item takes the mention.
pub fn find<'a, I, P>(sources: &[Source], items: I) -> Vec<Vec<Mention>>
where
    I: IntoIterator<Item = P>,
    P: IntoIterator<Item = &'a str>,
{
    let [found, _] = find_both(sources, items, std::iter::empty::<P>());
    found
}

/// [`find`] for two independent groups of items at once (partner bodies
/// and themes): one automaton finds both in one pass over each passage,
/// folded once, and the sources are shared out between the machine's
/// cores. Items compete within their group only.
pub fn find_both<'a, I, J, P, Q>(sources: &[Source], first: I, second: J) -> [Vec<Vec<Mention>>; 2]
where
    I: IntoIterator<Item = P>,
    J: IntoIterator<Item = Q>,
    P: IntoIterator<Item = &'a str>,
    Q: IntoIterator<Item = &'a str>,
{
    let mut phrases = Vec::new();
    let counts = [
        add_group(&mut phrases, 0, first),
        add_group(&mut phrases, 1, second),
    ];
    let set = PhraseSet::grouped(phrases);
    crate::progress::stage(
        "finding mentions",
        sources.iter().map(|s| s.passages.len()).sum(),
    );
    // Contiguous runs of sources, of about the same number of bytes, keep
    // each item's mentions in source order once the runs are joined in
    // order.
    let bytes = |s: &Source| s.passages.iter().map(|p| p.text.len()).sum();
    let parts = crate::progress::on_cores(sources, bytes, |first, run| {
        find_in(run, first, &set, counts)
    });
    // Each item's mentions from every run, in order, in one allocation of
    // the exact size: a million passages hold millions of mentions.
    let mut out: [Vec<Vec<Mention>>; 2] = counts.map(|count| vec![Vec::new(); count]);
    for (group, items) in out.iter_mut().enumerate() {
        for (item, all) in items.iter_mut().enumerate() {
            all.reserve_exact(parts.iter().map(|p| p[group][item].len()).sum());
        }
    }
    for part in parts {
        for (group, items) in part.into_iter().enumerate() {
            for (item, found) in items.into_iter().enumerate() {
                out[group][item].extend(found);
            }
        }
    }
    out
}

/// Adds the phrases of `items` as group `group` (tagged with the group
/// and the item's index); returns how many items there were.
fn add_group<'a, I, P>(
    phrases: &mut Vec<(usize, String, (usize, usize))>,
    group: usize,
    items: I,
) -> usize
where
    I: IntoIterator<Item = P>,
    P: IntoIterator<Item = &'a str>,
{
    let mut count = 0;
    for (item, texts) in items.into_iter().enumerate() {
        phrases.extend(
            texts
                .into_iter()
                .map(|t| (group, t.to_string(), (group, item))),
        );
        count = item + 1;
    }
    count
}

/// Mentions in `sources` (the first being source number `first`), per
/// group and item (`counts` items in each group), in source order.
fn find_in(
    sources: &[Source],
    first: usize,
    set: &PhraseSet<(usize, usize)>,
    counts: [usize; 2],
) -> [Vec<Vec<Mention>>; 2] {
    let mut out = counts.map(|count| vec![Vec::new(); count]);
    for (si, source) in sources.iter().enumerate() {
        for (pi, passage) in source.passages.iter().enumerate() {
            let folded = Folded::new(&passage.text);
            for hit in set.find_in(&folded) {
                let (group, item) = hit.tag;
                let span = Span {
                    source: first + si,
                    passage: pi,
                    range: folded.original_range(hit.range),
                };
                // Past 4 Gi (a source a thousand times the default cap),
                // a place cannot be held, and is left out.
                out[group][item].extend(Mention::new(&span));
            }
        }
        crate::progress::advance(source.passages.len());
    }
    out
}
