//! The index's folded keys, in segments of consecutive keys: how they
//! are folded (on every core) and checked when read from disk.

use crate::search::query::mask_of;

/// Keys folded between two progress reports (one atomic add each).
const PROGRESS_EVERY: usize = 4096;

/// Folded keys of consecutive texts.
#[derive(Debug)]
pub(in crate::search) struct Segment {
    /// `" key0 key1 …"`: every key preceded by one space, so a match at a
    /// key's first letter scores as a word start like any other, and a
    /// key's slice with its space is what the matcher sees.
    pub arena: String,
    /// Key `i` is `arena[starts[i]..starts[i + 1]]`; the last entry is
    /// the arena's length.
    pub starts: Vec<u32>,
    /// Letter mask of each key, until the index takes them into its one
    /// list of every key's mask.
    pub masks: Vec<u64>,
}

/// A text to put in a segment: as written, or folded already (with its
/// space and mask) by an earlier index.
pub(super) enum Key<'a> {
    /// A text as written.
    Text(&'a str),
    /// A key folded already, with its space, and its letter mask.
    Folded(&'a str, u64),
}

impl Key<'_> {
    /// About the bytes it takes in a segment (a text's before folding,
    /// which changes its length little).
    pub(super) fn len(&self) -> usize {
        match self {
            Key::Text(t) => t.len() + 1,
            Key::Folded(f, _) => f.len(),
        }
    }
}

impl Segment {
    /// Segments of `keys`: the first `named` (theme and body names, few),
    /// then runs of about the same bytes, folded on every core.
    pub(super) fn fold_on_cores(keys: &[Key], named: usize) -> Vec<Segment> {
        crate::progress::stage("indexing for search", keys.len());
        let (names, passages) = keys.split_at(named);
        let mut segments = vec![Segment::fold(names)];
        segments.extend(crate::progress::on_cores(passages, Key::len, |_, run| {
            Segment::fold(run)
        }));
        segments
    }

    /// The letter masks of the keys of `arena` that start at `starts`
    /// (and end at the next start).
    pub(super) fn masks_of(arena: &str, starts: &[u32]) -> Vec<u64> {
        crate::progress::advance(starts.len() - 1);
        starts
            .windows(2)
            .map(|w| mask_of(&arena[w[0] as usize..w[1] as usize]))
            .collect()
    }

    /// The segment of `keys`, folded on this thread (a key folded
    /// already is copied).
    pub(super) fn fold(keys: &[Key]) -> Segment {
        let mut out = Segment {
            arena: String::with_capacity(keys.iter().map(Key::len).sum()),
            starts: Vec::with_capacity(keys.len() + 1),
            masks: Vec::with_capacity(keys.len()),
        };
        for (i, k) in keys.iter().enumerate() {
            if i % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
                crate::progress::advance(PROGRESS_EVERY);
            }
            let start = out.arena.len();
            out.starts.push(start as u32);
            match k {
                Key::Text(t) => {
                    out.arena.push(' ');
                    crate::text::fold_into(t, &mut out.arena);
                    out.masks.push(mask_of(&out.arena[start..]));
                }
                Key::Folded(f, mask) => {
                    out.arena.push_str(f);
                    out.masks.push(*mask);
                }
            }
        }
        assert!(
            u32::try_from(out.arena.len()).is_ok(),
            "the search index holds at most 4 GiB of folded text per half"
        );
        out.starts.push(out.arena.len() as u32);
        out
    }

    /// Number of keys.
    pub(in crate::search) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether offsets and masks fit the arena and every key starts with
    /// its space, as the matcher assumes (for keys read from disk).
    /// Whether the keys' offsets and masks fit the folded text.
    pub(in crate::search) fn is_sound(&self) -> bool {
        self.starts.len() == self.masks.len() + 1
            && self.starts.first() == Some(&0)
            && self
                .starts
                .last()
                .is_some_and(|&e| e as usize == self.arena.len())
            && self.starts.windows(2).all(|w| w[0] < w[1])
            && self.starts[..self.len()]
                .iter()
                .all(|&s| self.arena.as_bytes()[s as usize] == b' ')
    }
}
