//! Mentions: every occurrence of a partner body's (or a theme's) names,
//! aliases and keywords in every passage, found with the shared phrase rule
//! (folded text, word boundaries, clitic prefixes, case-sensitive acronyms,
//! longest name wins). [`Names`] asks the same of one passage for one
//! item: does it name it at all (the evidence check on theme links).

use crate::model::{Mention, Source, Span};
use crate::text::{FoldArena, Folded, PhraseSet};

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
    let ([found, _], _) = find_both(sources, items, std::iter::empty::<P>(), false);
    found
}

/// [`find`] for two independent groups of items at once (partner bodies
/// and themes): one automaton finds both in one pass over each passage,
/// folded once, and the sources are shared out between the machine's
/// cores. Items compete within their group only.
///
/// With `keep_folds`, the passages' folds come back too, in arenas of
/// consecutive sources in order, for the search index to adopt
/// ([`crate::search::Index::with_folds`]) instead of folding every
/// passage again.
pub fn find_both<'a, I, J, P, Q>(
    sources: &[Source],
    first: I,
    second: J,
    keep_folds: bool,
) -> ([Vec<Vec<Mention>>; 2], Option<Vec<FoldArena>>)
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
    // What reading and splitting the sources freed, before the pass
    // holds the folds and mentions on top of it.
    crate::heap::give_back();
    crate::progress::stage(
        "finding mentions",
        sources.iter().map(|s| s.passages.len()).sum(),
    );
    // Contiguous runs of sources, of about the same number of bytes, keep
    // each item's mentions in source order once the runs are joined in
    // order.
    let bytes = |s: &Source| s.passages.iter().map(|p| p.text.len()).sum();
    let parts = crate::progress::on_cores(sources, bytes, |first, run| {
        let mut arena = if keep_folds {
            let passages = run.iter().map(|s| s.passages.len()).sum();
            FoldArena::with_capacity(run.iter().map(bytes).sum(), passages)
        } else {
            FoldArena::default()
        };
        let found = find_in(run, first, &set, counts, &mut arena, keep_folds);
        (found, arena)
    });
    let (parts, arenas): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
    // Each item's mentions in one allocation of the exact size, filled
    // from each run in order (each run freed once spread): a million
    // passages hold millions of mentions, next to the text and its folds.
    let mut per_item = vec![0usize; counts[0] + counts[1]];
    for &(item, _) in parts.iter().flatten() {
        per_item[item as usize] += 1;
    }
    let mut all: Vec<Vec<Mention>> = per_item.into_iter().map(Vec::with_capacity).collect();
    for part in parts {
        for (item, mention) in part {
            all[item as usize].push(mention);
        }
        // The run is freed: its pages go back before the next one's
        // mentions are spread.
        crate::heap::give_back();
    }
    let second = all.split_off(counts[0]);
    let out = [all, second];
    (out, keep_folds.then_some(arenas))
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

/// Mentions in `sources` (the first being source number `first`), in
/// source order, each with its item's number (group 0's items first, then
/// group 1's; `counts` items in each). Each passage is folded onto
/// `arena`, which keeps every fold with `keep`, or only the last.
fn find_in(
    sources: &[Source],
    first: usize,
    set: &PhraseSet<(usize, usize)>,
    counts: [usize; 2],
    arena: &mut FoldArena,
    keep: bool,
) -> Vec<(u32, Mention)> {
    let mut out = Vec::new();
    for (si, source) in sources.iter().enumerate() {
        for (pi, passage) in source.passages.iter().enumerate() {
            if !keep {
                arena.clear();
            }
            let folded = arena.push(&passage.text);
            for hit in set.find_in(&folded) {
                let (group, item) = hit.tag;
                let span = Span {
                    source: first + si,
                    passage: pi,
                    range: folded.original_range(hit.range),
                };
                // Past 4 Gi (a source a thousand times the default cap),
                // a place cannot be held, and is left out.
                if let Some(m) = Mention::new(&span) {
                    out.push(((item + group * counts[0]) as u32, m));
                }
            }
        }
        crate::progress::advance(source.passages.len());
    }
    out
}
