//! Mentions: every occurrence of a partner body's (or a theme's) names,
//! aliases and keywords in every passage, found with the shared phrase rule
//! (folded text, word boundaries, clitic prefixes, case-sensitive acronyms,
//! longest name wins).

use crate::model::{Mention, Source, Span};
use crate::text::{Folded, PhraseSet};

/// Finds, for each item's list of phrases, its mentions in every source, in
/// source order. Items compete: where two items' phrases overlap, the longer
/// phrase's item takes the mention.
pub fn find<'a, I, P>(sources: &[Source], items: I) -> Vec<Vec<Mention>>
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
    let mut out = vec![Vec::new(); count];
    for (si, source) in sources.iter().enumerate() {
        for (pi, passage) in source.passages.iter().enumerate() {
            let folded = Folded::new(&passage.text);
            for hit in set.find_in(&folded) {
                out[hit.tag].push(Mention {
                    span: Span {
                        source: si,
                        passage: pi,
                        range: folded.original_range(hit.range),
                    },
                });
            }
        }
    }
    out
}
