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
/// and themes): each passage is folded once for both, and the sources are
/// shared out between the machine's cores. Items compete within their
/// group only.
pub fn find_both<'a, I, J, P, Q>(sources: &[Source], first: I, second: J) -> [Vec<Vec<Mention>>; 2]
where
    I: IntoIterator<Item = P>,
    J: IntoIterator<Item = Q>,
    P: IntoIterator<Item = &'a str>,
    Q: IntoIterator<Item = &'a str>,
{
    let (a, a_count) = phrase_set(first);
    let (b, b_count) = phrase_set(second);
    let sets = [&a, &b];
    // Contiguous slices of sources per thread keep each item's mentions in
    // source order once the slices are joined in order.
    crate::progress::stage(
        "finding mentions",
        sources.iter().map(|s| s.passages.len()).sum(),
    );
    // Contiguous runs of sources per core keep each item's mentions in
    // source order once the runs are joined in order.
    let parts = crate::progress::on_cores(sources, |first, run| find_in(run, first, sets));
    let mut out = [vec![Vec::new(); a_count], vec![Vec::new(); b_count]];
    for part in parts {
        for (group, found) in part.into_iter().enumerate() {
            for (item, mention) in found {
                out[group][item].push(mention);
            }
        }
    }
    out
}

/// One group's phrases, tagged with their item's index, and the item count.
fn phrase_set<'a, I, P>(items: I) -> (PhraseSet<usize>, usize)
where
    I: IntoIterator<Item = P>,
    P: IntoIterator<Item = &'a str>,
{
    let mut count = 0;
    let set = PhraseSet::new(
        items
            .into_iter()
            .enumerate()
            .inspect(|(i, _)| count = i + 1)
            .flat_map(|(i, phrases)| phrases.into_iter().map(move |p| (p.to_string(), i)))
            .collect::<Vec<_>>(),
    );
    (set, count)
}

/// Mentions in `sources` (the first being source number `first`), per
/// group, in source order.
fn find_in(
    sources: &[Source],
    first: usize,
    sets: [&PhraseSet<usize>; 2],
) -> [Vec<(usize, Mention)>; 2] {
    let mut out = [Vec::new(), Vec::new()];
    for (si, source) in sources.iter().enumerate() {
        for (pi, passage) in source.passages.iter().enumerate() {
            let folded = Folded::new(&passage.text);
            for (group, set) in sets.iter().enumerate() {
                for hit in set.find_in(&folded) {
                    out[group].push((
                        hit.tag,
                        Mention {
                            span: Span {
                                source: first + si,
                                passage: pi,
                                range: folded.original_range(hit.range),
                            },
                        },
                    ));
                }
            }
        }
        crate::progress::advance(source.passages.len());
    }
    out
}
