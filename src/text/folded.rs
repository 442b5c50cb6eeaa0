//! Folded text with its map back to the original: how a match in folded
//! text becomes the exact original letters (diacritics included), and how
//! a load folds each passage once for both mentions and search.

use super::normalize::{fold_with, folds_to_nothing};
use std::borrow::Cow;
use std::ops::Range;

/// Text folded for matching, with a map back to the original.
#[derive(Debug, Clone)]
pub struct Folded<'a> {
    original: &'a str,
    /// Owned, or a piece of a [`FoldArena`].
    text: Cow<'a, str>,
    /// Where the map from folded bytes back to original ones changes, in
    /// order: most text folds byte for byte (ASCII, Arabic letters), so a
    /// few anchors map a whole passage, where a map of every byte cost
    /// four bytes per byte and a write for each at load.
    anchors: Cow<'a, [Anchor]>,
}

/// From folded byte `folded` on (to the next anchor), byte `i` comes from
/// the original character holding byte `original + (i - folded)` (a
/// `run`), or every byte from the character at `original`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Anchor {
    pub folded: u32,
    pub original: u32,
    pub run: bool,
}

impl<'a> Folded<'a> {
    /// Folds `original`, keeping the offset map.
    pub fn new(original: &'a str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut anchors = Vec::new();
        fold_with(original, &mut text, |a| anchors.push(a));
        Folded {
            original,
            text: Cow::Owned(text),
            anchors: Cow::Owned(anchors),
        }
    }

    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text this was folded from.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// Maps a byte range of the folded text back onto the original text. The
    /// result starts at the first contributing character and runs to the end
    /// of the last one, marks and tatweel that were folded away included.
    pub fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        if folded.start >= folded.end || folded.start >= len {
            let at = if folded.start < len {
                self.source_of(folded.start)
            } else {
                self.original.len()
            };
            return at..at;
        }
        let start = self.source_of(folded.start);
        let last = self.source_of(folded.end.min(len) - 1);
        let mut end = last
            + self.original[last..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        // Carry on over characters that fold to nothing (diacritics, tatweel,
        // format controls) so highlights keep a letter's marks with it.
        for c in self.original[end..].chars() {
            if c.is_whitespace() || !folds_to_nothing(c) {
                break;
            }
            end += c.len_utf8();
        }
        start..end
    }

    /// The folded byte offset of the first folded character at or after the
    /// original byte offset `original_at`.
    pub fn folded_offset(&self, original_at: usize) -> usize {
        // Folded bytes map to character starts: the first at or after
        // `original_at` is the one to reach.
        let target = (original_at..self.original.len())
            .find(|&i| self.original.is_char_boundary(i))
            .unwrap_or(self.original.len());
        let k = self
            .anchors
            .partition_point(|a| (a.original as usize) < target);
        let Some(a) = k.checked_sub(1).map(|k| self.anchors[k]) else {
            return 0;
        };
        let end = self
            .anchors
            .get(k)
            .map_or(self.text.len(), |n| n.folded as usize);
        if a.run {
            (a.folded as usize + (target - a.original as usize)).min(end)
        } else {
            end
        }
    }

    /// The original byte offset of the character folded byte `i` (within
    /// the folded text) came from.
    pub(super) fn source_of(&self, i: usize) -> usize {
        let k = self.anchors.partition_point(|a| a.folded as usize <= i) - 1;
        let a = self.anchors[k];
        let at = if a.run {
            a.original as usize + (i - a.folded as usize)
        } else {
            a.original as usize
        };
        (0..=at)
            .rev()
            .find(|&i| self.original.is_char_boundary(i))
            .unwrap_or(0)
    }
}

/// The folds of consecutive texts in one string, each after one space:
/// `" fold0 fold1 …"`, the search index's layout. Finding mentions folds
/// every passage anyway; folding into an arena lets the index adopt the
/// folds instead of folding the workspace a second time.
#[derive(Debug, Default)]
pub struct FoldArena {
    text: String,
    starts: Vec<u32>,
    /// The map back of the last fold (reused: one allocation, not one
    /// per passage).
    anchors: Vec<Anchor>,
}

impl FoldArena {
    /// An arena for texts of about `bytes` bytes in all, `count` of them.
    pub fn with_capacity(bytes: usize, count: usize) -> Self {
        FoldArena {
            text: String::with_capacity(bytes + count),
            starts: Vec::with_capacity(count + 1),
            anchors: Vec::new(),
        }
    }

    /// Appends a space and the fold of `original`, and gives that fold
    /// (without its space) with its map back.
    pub fn push<'a>(&'a mut self, original: &'a str) -> Folded<'a> {
        let start = self.text.len();
        // Past 4 GiB an offset would not fit: `into_keys` says so.
        self.starts.push(u32::try_from(start).unwrap_or(u32::MAX));
        self.text.push(' ');
        self.anchors.clear();
        let anchors = &mut self.anchors;
        fold_with(original, &mut self.text, |a| anchors.push(a));
        Folded {
            original,
            text: Cow::Borrowed(&self.text[start + 1..]),
            anchors: Cow::Borrowed(&self.anchors),
        }
    }

    /// Forgets every fold, keeping the memory (for a pass that only needs
    /// one fold at a time).
    pub fn clear(&mut self) {
        self.text.clear();
        self.starts.clear();
    }

    /// The folds: the text, and where each fold starts (its space), then
    /// the text's length; `None` past 4 GiB, where offsets do not fit.
    pub fn into_keys(mut self) -> Option<(String, Vec<u32>)> {
        // Every start is below the length: if it fits, they all did.
        self.starts.push(u32::try_from(self.text.len()).ok()?);
        self.text.shrink_to_fit();
        Some((self.text, self.starts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn map_back_keeps_marks_with_their_letter() {
        let original = "الأمينان العامّان للأمم";
        let f = Folded::new(original);
        let at = f.text().find("العامان").unwrap();
        let range = f.original_range(at..at + "العامان".len());
        assert_eq!(&original[range], "العامّان");
    }

    #[test]
    fn map_back_over_ligature_and_space_runs() {
        let original = "x  \u{FEFB}y";
        let f = Folded::new(original);
        assert_eq!(f.text(), "x لاy");
        let at = f.text().find("لا").unwrap();
        assert_eq!(&original[f.original_range(at..at + "لا".len())], "\u{FEFB}");
        // Half of a ligature still maps onto the whole original character.
        assert_eq!(
            &original[f.original_range(at..at + 'ل'.len_utf8())],
            "\u{FEFB}"
        );
    }

    #[test]
    fn folded_offset_is_monotonic_inverse() {
        let original = "وأَكد  مكانة";
        let f = Folded::new(original);
        for (at, _) in original.char_indices() {
            let back = f.folded_offset(at);
            assert!(back <= f.text().len());
        }
        assert_eq!(f.folded_offset(0), 0);
        assert_eq!(f.folded_offset(original.len()), f.text().len());
    }

    #[test]
    fn an_arena_holds_each_fold_after_a_space_and_maps_it_back_alone() {
        let texts = ["  الأمينان العامّان", "", "Café  \u{FEFB}", "x"];
        let mut arena = FoldArena::default();
        for t in texts {
            let f = arena.push(t);
            let own = Folded::new(t);
            assert_eq!(f.text(), own.text(), "{t:?}");
            for i in 0..own.text().len() {
                assert_eq!(f.original_range(i..i + 1), own.original_range(i..i + 1));
            }
        }
        let (text, starts) = arena.into_keys().unwrap();
        let want: String = texts.iter().map(|t| format!(" {}", fold(t))).collect();
        assert_eq!(text, want);
        let keys: Vec<&str> = starts
            .windows(2)
            .map(|w| &text[w[0] as usize..w[1] as usize])
            .collect();
        assert_eq!(keys, [" الامينان العامان", " ", " cafe لا", " x"]);
    }
}
