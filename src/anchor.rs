//! Link resolution: finding a quote in a source the way a W3C Web Annotation
//! TextQuoteSelector is found. Quote, prefix and suffix are compared on
//! folded text ([`crate::text::normalize`]) through the clitic-aware phrase
//! rule ([`crate::text::phrase`]), so whitespace, diacritics, tatweel, hamza
//! forms and digits never break a link. A quote must match exactly one place;
//! prefix and suffix pick among several.
//!
//! Notes and analyst links anchor to text the same way, and must survive
//! edits of the source: [`TextAnchor`] re-attaches them ([`TextAnchor::reanchor`]).

mod reanchor;

pub use reanchor::{CONTEXT_CHARS, FUZZY_MIN, Method, Orphaned, Reanchored, TextAnchor};

use crate::model::Passage;
use crate::text::word::word_start;
use crate::text::{Folded, Phrase, fold};
use memchr::memmem::Finder;
use std::ops::Range;

/// How many distinct words of a quote not found are compared with the
/// passages to name the closest one.
pub const CLOSEST_WORDS: usize = 8;

/// A quote to find, with optional context around it.
#[derive(Debug, Clone, Copy)]
pub struct Quote<'a> {
    /// The text itself.
    pub exact: &'a str,
    /// Text just before it, to disambiguate.
    pub prefix: Option<&'a str>,
    /// Text just after it, to disambiguate.
    pub suffix: Option<&'a str>,
}

/// Where a quote resolved: a passage index and a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchored {
    /// Index of the passage in the source.
    pub passage: usize,
    /// Byte range in that passage's text.
    pub range: Range<usize>,
}

/// Why a quote did not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    /// The quote has no letters to match.
    #[error("the quote is empty")]
    Empty,
    /// No occurrence at all ([`FoldedSource::closest`] words a hint).
    #[error("the quote is not found in the source")]
    NotFound,
    /// Occurrences exist, but none with this prefix and suffix.
    #[error("the quote occurs {occurrences} time(s), but never with this prefix/suffix")]
    ContextNotFound {
        /// How many times the quote alone occurs.
        occurrences: usize,
    },
    /// More than one occurrence fits.
    #[error("the quote matches {count} places")]
    Ambiguous {
        /// How many places match.
        count: usize,
        /// Passage index of each match.
        passages: Vec<usize>,
    },
}

/// A source's passages folded once, ready for many quotes.
pub struct FoldedSource<'a> {
    passages: Vec<Folded<'a>>,
}

impl<'a> FoldedSource<'a> {
    /// Folds every passage of a source.
    pub fn new(passages: &'a [Passage]) -> Self {
        FoldedSource {
            passages: passages.iter().map(|p| Folded::new(&p.text)).collect(),
        }
    }

    /// Finds `quote`: exactly one match, or why not.
    pub fn resolve(&self, quote: Quote<'_>) -> Result<Anchored, AnchorError> {
        let phrase = Phrase::new(quote.exact).ok_or(AnchorError::Empty)?;
        let all = phrase.find_in_each(&self.passages);
        if all.is_empty() {
            return Err(AnchorError::NotFound);
        }
        let prefix = quote.prefix.map(fold).filter(|p| !p.is_empty());
        let suffix = quote.suffix.map(fold).filter(|s| !s.is_empty());
        let fitting: Vec<&(usize, Range<usize>)> = all
            .iter()
            .filter(|(i, r)| {
                let text = self.passages[*i].text();
                let before = text[..word_start(text, r.start)].trim_end();
                let after = text[r.end..].trim_start();
                prefix.as_deref().is_none_or(|p| before.ends_with(p))
                    && suffix.as_deref().is_none_or(|s| after.starts_with(s))
            })
            .collect();
        match fitting.as_slice() {
            [] => Err(AnchorError::ContextNotFound {
                occurrences: all.len(),
            }),
            [(i, r)] => Ok(Anchored {
                passage: *i,
                range: self.passages[*i].original_range(r.clone()),
            }),
            many => Err(AnchorError::Ambiguous {
                count: many.len(),
                passages: many.iter().map(|(i, _)| *i).collect(),
            }),
        }
    }

    /// The passage sharing the most words with `quote`, judged on its
    /// first [`CLOSEST_WORDS`] distinct words: each word costs a scan of
    /// the source, and a quote of thousands of words must not cost
    /// thousands of scans just to word a hint.
    pub fn closest(&self, quote: &str) -> Option<usize> {
        let phrase = Phrase::new(quote)?;
        let mut words: Vec<&str> = Vec::new();
        for w in phrase.folded().split(' ') {
            if words.len() == CLOSEST_WORDS {
                break;
            }
            if w.chars().count() > 1 && !words.contains(&w) {
                words.push(w);
            }
        }
        let words: Vec<Finder> = words.into_iter().map(Finder::new).collect();
        // Then the letter sequence: an edited word still shares most of its
        // neighbours' three-letter runs with its own passage («الأمن
        // البحري» edited to «الأمن الساحلي» keeps «الامن ال»), where
        // another passage only shares the words.
        let chars: Vec<char> = phrase.folded().chars().collect();
        let mut runs: Vec<String> = Vec::new();
        for w in chars.windows(3) {
            let run: String = w.iter().collect();
            if runs.len() == CLOSEST_WORDS * 4 {
                break;
            }
            if !runs.contains(&run) {
                runs.push(run);
            }
        }
        let runs: Vec<Finder> = runs
            .iter()
            .map(|r| Finder::new(r.as_str()).into_owned())
            .collect();
        self.passages
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let text = f.text().as_bytes();
                let shared = words.iter().filter(|w| w.find(text).is_some()).count();
                (shared > 0).then_some((shared, i))
            })
            .map(|(shared, i)| {
                let text = self.passages[i].text().as_bytes();
                let held = runs.iter().filter(|r| r.find(text).is_some()).count();
                (shared, held, i)
            })
            .max_by_key(|&(shared, held, i)| (shared, held, std::cmp::Reverse(i)))
            .map(|(_, _, i)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::seeds::split_passages;

    fn source() -> Vec<Passage> {
        split_passages(
            "العنوان\n\nواشتملت المجالات على الجريمة السيبرية، والفساد.\n\nمثل الإرهاب، والاتجار بالأسلحة، والفساد، والجريمة البيئية.",
        )
    }

    fn q<'a>(exact: &'a str, prefix: Option<&'a str>, suffix: Option<&'a str>) -> Quote<'a> {
        Quote {
            exact,
            prefix,
            suffix,
        }
    }

    #[test]
    fn an_edited_word_still_points_at_its_own_passage() {
        // ¶2 names security with another word; ¶3 had «الأمن البحري», now
        // edited to «الأمن الساحلي». Both share one word of the quote; the
        // letters decide.
        let passages = split_passages(
            "العنوان\n\nتعزيز الأمن والسلم الدوليين.\n\nوتشمل المجالات الأمن الساحلي والصحة.",
        );
        let source = FoldedSource::new(&passages);
        assert_eq!(source.closest("الأمن البحري"), Some(2));
    }

    #[test]
    fn resolves_through_diacritics_and_clitics() {
        let passages = source();
        let f = FoldedSource::new(&passages);
        let a = f.resolve(q("الجريمة السّيبريّة", None, None)).unwrap();
        assert_eq!(a.passage, 1);
        assert_eq!(&passages[1].text[a.range], "الجريمة السيبرية");
    }

    #[test]
    fn ambiguity_and_disambiguation() {
        let passages = source();
        let f = FoldedSource::new(&passages);
        assert_eq!(
            f.resolve(q("الفساد", None, None)),
            Err(AnchorError::Ambiguous {
                count: 2,
                passages: vec![1, 2]
            })
        );
        let a = f.resolve(q("الفساد", Some("بالأسلحة،"), None)).unwrap();
        assert_eq!(a.passage, 2);
        let a = f.resolve(q("الفساد", None, Some("، والجريمة"))).unwrap();
        assert_eq!(a.passage, 2);
        assert_eq!(
            f.resolve(q("الفساد", Some("لا شيء"), None)),
            Err(AnchorError::ContextNotFound { occurrences: 2 })
        );
    }

    #[test]
    fn not_found_names_the_closest_passage() {
        let passages = source();
        let f = FoldedSource::new(&passages);
        assert_eq!(
            f.resolve(q("الاتجار بالبشر", None, None)),
            Err(AnchorError::NotFound)
        );
        assert_eq!(f.closest("الاتجار بالبشر"), Some(2));
        assert_eq!(f.resolve(q("ـــ", None, None)), Err(AnchorError::Empty));
    }
}
