//! The search index: every searchable text of a workspace folded once into
//! arenas (segments of consecutive keys: the names', then runs of
//! passages, folded on every core or adopted from the load's mention
//! pass), with a letter mask per key, plus a small set of notes that can
//! change without a rebuild.
//!
//! Memory: the arenas hold the folded text (about the size of the original:
//! folding only drops marks) plus one space per key; per key 4 bytes of
//! offset and 8 of mask. The map from folded back to original offsets is
//! not kept: highlighting re-folds the few texts on screen.

use super::query::mask_of;
use super::{Field, Item};
use crate::model::Workspace;
use crate::text::{FoldArena, fold};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

mod segment;
mod vocabulary;

use segment::Key;
pub(super) use segment::Segment;
use vocabulary::{MAX_WORD, Vocabulary};

/// One text of a theme, partner body or event.
#[derive(Debug, Clone)]
pub(super) struct NamedKey {
    /// The item (not a passage or note).
    pub item: Item,
    /// Which of its texts.
    pub field: Field,
}

/// The part built once from the workspace and shared by every clone.
#[derive(Debug)]
struct Base {
    ws: Arc<Workspace>,
    /// The keys in segments of consecutive keys (each folded on a core
    /// and kept as it is, so building never holds the folded text twice):
    /// the named keys, then runs of passages.
    segments: Vec<Segment>,
    /// The key after each segment's last (its end, counting from 0).
    ends: Vec<u32>,
    /// Letter mask of every key, in one list: a scan checks every key's
    /// mask, and most keys go no further.
    masks: Vec<u64>,
    /// Keys `0..named.len()` belong to themes, partner bodies and events;
    /// the rest are passages in document order.
    named: Vec<NamedKey>,
    /// Key of each source's first passage.
    first_passage: Vec<u32>,
    /// The distinct words of the keys, for typo variants; built by the
    /// first query that can have typos.
    vocabulary: OnceLock<Vocabulary>,
}

/// A note's key. Notes are few and change; they live outside the arena.
#[derive(Debug, Clone)]
pub(super) struct NoteKey {
    /// The note's id.
    pub id: String,
    /// Its text as written.
    pub text: String,
    /// `" " + fold(text)`.
    pub key: String,
    /// Letter mask of `key`.
    pub mask: u64,
}

/// The search index over a workspace, and its notes.
///
/// Cloning is cheap (the workspace part is shared); the UI clones, changes
/// notes, and hands the new `Arc<Index>` to a new [`super::Searcher`].
#[derive(Debug, Clone)]
pub struct Index {
    base: Arc<Base>,
    notes: Vec<NoteKey>,
}

impl Index {
    /// Folds every searchable text of `ws` (passages on every core).
    pub fn new(ws: Arc<Workspace>) -> Index {
        let (named, texts, first_passage) = layout(&ws);
        let keys: Vec<Key> = texts.into_iter().map(Key::Text).collect();
        let segments = Segment::fold_on_cores(&keys, named.len());
        drop(keys);
        Index::from_parts(ws, segments, named, first_passage)
    }

    /// The index of `ws` from the folds of its passages that finding
    /// mentions made ([`crate::workspace::reopen_for_search`]): only the
    /// names are folded here, and the passages' letter masks computed.
    /// Folds that do not fit `ws` (which the loader never gives) are
    /// folded again.
    pub fn with_folds(ws: Arc<Workspace>, folds: Vec<FoldArena>) -> Index {
        let (named, texts, first_passage) = layout(&ws);
        let passages = texts.len() - named.len();
        let names: Vec<Key> = texts[..named.len()].iter().map(|t| Key::Text(t)).collect();
        let name_segment = Segment::fold(&names);
        drop((names, texts));
        let Some(folds) = folds
            .into_iter()
            .map(FoldArena::into_keys)
            .collect::<Option<Vec<_>>>()
            .filter(|f| f.iter().map(|(_, starts)| starts.len() - 1).sum::<usize>() == passages)
        else {
            return Index::new(ws);
        };
        crate::progress::stage("indexing for search", passages);
        let masks = crate::progress::on_cores(
            &folds,
            |(arena, _)| arena.len(),
            |_, run| {
                run.iter()
                    .map(|(arena, starts)| Segment::masks_of(arena, starts))
                    .collect::<Vec<_>>()
            },
        );
        let segments = std::iter::once(name_segment)
            .chain(folds.into_iter().zip(masks.into_iter().flatten()).map(
                |((arena, starts), masks)| Segment {
                    arena,
                    starts,
                    masks,
                },
            ))
            .collect();
        Index::from_parts(ws, segments, named, first_passage)
    }

    /// The index of `ws`, a later version of `prev`'s workspace: passages
    /// of sources it shares with that version (the same file and the same
    /// passages, as a reload keeps them) are copied folded from `prev`;
    /// only the rest is folded.
    pub fn after(prev: &Index, ws: Arc<Workspace>) -> Index {
        let (named, texts, first_passage) = layout(&ws);
        let mut keys: Vec<Key> = texts.into_iter().map(Key::Text).collect();
        let old = prev.workspace();
        let old_at: HashMap<&Path, usize> = old
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.file.as_path(), i))
            .collect();
        for (si, s) in ws.sources.iter().enumerate() {
            let Some(&oi) = old_at.get(s.file.as_path()) else {
                continue;
            };
            if !Arc::ptr_eq(&old.sources[oi].passages, &s.passages) {
                continue;
            }
            let (from, to) = (
                prev.base.first_passage[oi] as usize,
                first_passage[si] as usize,
            );
            for p in 0..s.passages.len() {
                keys[to + p] = Key::Folded(prev.key(from + p), prev.mask(from + p));
            }
        }
        let segments = Segment::fold_on_cores(&keys, named.len());
        drop(keys);
        Index::from_parts(ws, segments, named, first_passage)
    }

    /// An index from folded keys saved earlier ([`Self::segments`]) for
    /// the same workspace; `None` when they do not fit its shape.
    pub(super) fn from_folded(ws: Arc<Workspace>, segments: Vec<Segment>) -> Option<Index> {
        let (named, texts, first_passage) = layout(&ws);
        let fits = segments.iter().map(Segment::len).sum::<usize>() == texts.len()
            && segments.iter().all(Segment::is_sound);
        drop(texts);
        fits.then(|| Index::from_parts(ws, segments, named, first_passage))
    }

    fn from_parts(
        ws: Arc<Workspace>,
        mut segments: Vec<Segment>,
        named: Vec<NamedKey>,
        first_passage: Vec<u32>,
    ) -> Index {
        let masks = segments
            .iter_mut()
            .flat_map(|s| std::mem::take(&mut s.masks))
            .collect();
        let ends = segments
            .iter()
            .scan(0, |end, s| {
                *end += s.len() as u32;
                Some(*end)
            })
            .collect();
        Index {
            base: Arc::new(Base {
                ws,
                segments,
                ends,
                masks,
                named,
                first_passage,
                vocabulary: OnceLock::new(),
            }),
            notes: Vec::new(),
        }
    }

    /// The folded keys, in segments (for the on-disk cache); their
    /// masks are [`Self::segment_masks`].
    pub(super) fn segments(&self) -> &[Segment] {
        &self.base.segments
    }

    /// The letter masks of segment `i`'s keys.
    pub(super) fn segment_masks(&self, i: usize) -> &[u64] {
        let ends = &self.base.ends;
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        &self.base.masks[start..ends[i] as usize]
    }

    /// The workspace the index was built from.
    pub fn workspace(&self) -> &Arc<Workspace> {
        &self.base.ws
    }

    /// Adds a note, or replaces the note with the same id.
    ///
    /// This is the extension point for notes (issue 5): notes are kept
    /// apart from the workspace's arena, so adding, replacing or removing
    /// one costs a fold of that note only.
    pub fn upsert_note(&mut self, id: &str, text: &str) {
        let key = format!(" {}", fold(text));
        let note = NoteKey {
            id: id.to_string(),
            text: text.to_string(),
            mask: mask_of(&key),
            key,
        };
        match self.notes.iter_mut().find(|n| n.id == id) {
            Some(n) => *n = note,
            None => self.notes.push(note),
        }
    }

    /// Removes a note; whether it was there.
    pub fn remove_note(&mut self, id: &str) -> bool {
        let before = self.notes.len();
        self.notes.retain(|n| n.id != id);
        self.notes.len() != before
    }

    /// Number of keys in the workspace part (named texts and passages).
    pub(super) fn key_count(&self) -> usize {
        self.base.ends.last().map_or(0, |&e| e as usize)
    }

    /// Number of keys of themes, partner bodies and events (they come
    /// first).
    pub(super) fn named_count(&self) -> usize {
        self.base.named.len()
    }

    /// Key `k` with its leading space.
    pub(super) fn key(&self, k: usize) -> &str {
        let (segment, i) = self.locate(k);
        let starts = &segment.starts;
        &segment.arena[starts[i] as usize..starts[i + 1] as usize]
    }

    /// Letter mask of key `k`.
    pub(super) fn mask(&self, k: usize) -> u64 {
        self.base.masks[k]
    }

    /// The segment holding key `k`, and its index there.
    fn locate(&self, k: usize) -> (&Segment, usize) {
        let ends = &self.base.ends;
        let s = ends.partition_point(|&e| e as usize <= k);
        let first = if s == 0 { 0 } else { ends[s - 1] as usize };
        (&self.base.segments[s], k - first)
    }

    /// The words of the workspace and the notes within `edits` of folded
    /// `stem`, closest first, without those that hold `stem` (found
    /// literally anyway); at most [`MAX_VARIANTS`].
    pub(super) fn variants(&self, stem: &str, edits: usize) -> Vec<(String, usize)> {
        let vocabulary = self.vocabulary();
        let notes = Vocabulary::of(self.notes.iter().map(|n| n.key.as_str()));
        let mut found: Vec<(String, usize)> = vocabulary
            .near(stem, edits)
            .chain(notes.near(stem, edits))
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        found.dedup_by(|a, b| a.0 == b.0);
        found.truncate(MAX_VARIANTS);
        found
    }

    /// Whether the workspace's words for typo variants are collected (or
    /// were read from the cache) already.
    pub(super) fn has_words(&self) -> bool {
        self.base.vocabulary.get().is_some()
    }

    /// The workspace's distinct words (three letters or more, and the
    /// clitic stems of Arabic ones), built on first use.
    fn vocabulary(&self) -> &Vocabulary {
        self.base
            .vocabulary
            .get_or_init(|| Vocabulary::new(&self.base.segments))
    }

    /// The vocabulary's words, by length in characters (for the on-disk
    /// cache).
    pub(super) fn words(&self) -> impl Iterator<Item = &[(Box<str>, u64)]> {
        self.vocabulary().by_len.iter().map(Vec::as_slice)
    }

    /// Gives the index the words [`Index::words`] listed (read from the
    /// cache), so that the first typo search need not collect them again.
    /// `false`, and nothing set, unless each word has the length of its
    /// list and is within the vocabulary's bounds.
    pub(super) fn set_words(&self, by_len: Vec<Vec<Box<str>>>) -> bool {
        let fits = by_len.iter().enumerate().all(|(len, words)| {
            words.is_empty()
                || ((3..=MAX_WORD).contains(&len) && words.iter().all(|w| w.chars().count() == len))
        });
        if !fits {
            return false;
        }
        let by_len = by_len
            .into_iter()
            .map(|words| {
                words
                    .into_iter()
                    .map(|w| {
                        let mask = mask_of(&w);
                        (w, mask)
                    })
                    .collect()
            })
            .collect();
        self.base.vocabulary.set(Vocabulary { by_len }).is_ok()
    }

    /// The named key `k` (`k < named_count()`).
    pub(super) fn named(&self, k: usize) -> &NamedKey {
        &self.base.named[k]
    }

    /// The notes.
    pub(super) fn notes(&self) -> &[NoteKey] {
        &self.notes
    }

    /// The passage of passage key `k`.
    pub(super) fn passage_of(&self, k: usize) -> Item {
        let k = k as u32;
        let source = self.base.first_passage.partition_point(|&f| f <= k) - 1;
        Item::Passage {
            source,
            passage: (k - self.base.first_passage[source]) as usize,
        }
    }

    /// The key of a passage.
    pub(super) fn passage_key(&self, source: usize, passage: usize) -> usize {
        self.base.first_passage[source] as usize + passage
    }

    /// The original text of an item's field, if both exist.
    pub fn text(&self, item: &Item, field: &Field) -> Option<&str> {
        let ws = &self.base.ws;
        Some(match (item, field) {
            (Item::Theme(i), Field::Name(l)) => ws.themes.get(*i)?.name.0.get(l)?,
            (Item::Theme(i), Field::Keyword(k)) => ws.themes.get(*i)?.keywords.get(*k)?,
            (Item::Theme(i), Field::Summary(l)) => ws.themes.get(*i)?.summary.0.get(l)?,
            (Item::Entity(i), Field::Name(l)) => ws.entities.get(*i)?.name.0.get(l)?,
            (Item::Entity(i), Field::Alias(k)) => ws.entities.get(*i)?.aliases.get(*k)?,
            (Item::Event(i), Field::Label(l)) => ws.events.get(*i)?.label.0.get(l)?,
            (Item::Event(i), Field::Date) => &ws.events.get(*i)?.date,
            (Item::Passage { source, passage }, Field::Text) => {
                &ws.sources.get(*source)?.passages.get(*passage)?.text
            }
            (Item::Note(id), Field::Text) => &self.notes.iter().find(|n| &n.id == id)?.text,
            _ => return None,
        })
    }

    /// A one-line name for an item: a theme's or body's name (in `lang`
    /// when it has one), an event's date and label, a passage's
    /// `SOURCE:N`, a note's id. Not sanitized.
    pub fn label(&self, item: &Item, lang: &str) -> String {
        let ws = &self.base.ws;
        match item {
            Item::Theme(i) => ws.themes[*i].name.get(lang).to_string(),
            Item::Entity(i) => ws.entities[*i].name.get(lang).to_string(),
            Item::Event(i) => format!("{} {}", ws.events[*i].date, ws.events[*i].label.get(lang)),
            Item::Passage { source, passage } => {
                format!("{}:{}", ws.sources[*source].id, passage + 1)
            }
            Item::Note(id) => id.clone(),
        }
    }

    /// The `SOURCE:N` address of a passage.
    pub fn address(&self, item: &Item) -> Option<String> {
        match item {
            Item::Passage { .. } => Some(self.label(item, "en")),
            _ => None,
        }
    }

    /// The stable id of an item: a theme's, body's or note's id, an
    /// event's number (1-based, `themes.yaml` order), a passage's
    /// `SOURCE:N`.
    pub fn id(&self, item: &Item) -> String {
        let ws = &self.base.ws;
        match item {
            Item::Theme(i) => ws.themes[*i].id.clone(),
            Item::Entity(i) => ws.entities[*i].id.clone(),
            Item::Event(i) => format!("event-{}", i + 1),
            Item::Passage { .. } | Item::Note(_) => self.label(item, "en"),
        }
    }
}

/// The keys of `ws` in index order: named keys (with their owners), then
/// every passage; and the key of each source's first passage.
fn layout(ws: &Workspace) -> (Vec<NamedKey>, Vec<&str>, Vec<u32>) {
    let mut named = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    let mut push = |item: Item, field: Field, text| {
        named.push(NamedKey { item, field });
        texts.push(text);
    };
    for (i, t) in ws.themes.iter().enumerate() {
        for (lang, name) in &t.name.0 {
            push(Item::Theme(i), Field::Name(lang.clone()), name);
        }
        for (k, word) in t.keywords.iter().enumerate() {
            push(Item::Theme(i), Field::Keyword(k), word);
        }
        for (lang, summary) in &t.summary.0 {
            push(Item::Theme(i), Field::Summary(lang.clone()), summary);
        }
    }
    for (i, e) in ws.entities.iter().enumerate() {
        for (lang, name) in &e.name.0 {
            push(Item::Entity(i), Field::Name(lang.clone()), name);
        }
        for (k, alias) in e.aliases.iter().enumerate() {
            push(Item::Entity(i), Field::Alias(k), alias);
        }
    }
    for (i, e) in ws.events.iter().enumerate() {
        for (lang, label) in &e.label.0 {
            push(Item::Event(i), Field::Label(lang.clone()), label);
        }
        push(Item::Event(i), Field::Date, e.date.as_str());
    }
    let mut first_passage = Vec::with_capacity(ws.sources.len());
    let mut at = named.len() as u32;
    for s in &ws.sources {
        first_passage.push(at);
        at += s.passages.len() as u32;
        texts.extend(s.passages.iter().map(|p| p.text.as_str()));
    }
    (named, texts, first_passage)
}

/// At most this many typo variants per query word: the closest.
const MAX_VARIANTS: usize = 24;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::load_from_memory;
    use std::path::PathBuf;

    fn ws(a: &str, b: &str) -> Workspace {
        let themes = b"themes:\n  - id: t\n    name: Maritime\n";
        let sources = [
            (PathBuf::from("a.txt"), a.as_bytes()),
            (PathBuf::from("b.txt"), b.as_bytes()),
        ];
        load_from_memory(Path::new("/w"), themes, &sources, &Default::default()).unwrap()
    }

    fn keys(index: &Index) -> Vec<&str> {
        (0..index.key_count()).map(|k| index.key(k)).collect()
    }

    #[test]
    fn segments_hold_about_the_same_bytes_each() {
        let long = vec!["word ".repeat(200); 10].join("\n\n");
        let short = vec!["short one"; 200].join("\n\n");
        let ws = Arc::new(ws(&long, &short));
        let index = Index::new(ws.clone());
        let bytes: Vec<usize> = index.segments().iter().map(|s| s.arena.len()).collect();
        let total: usize = bytes.iter().sum();
        // Cut by count, one run would hold the ten long passages (83% of
        // the text); cut by bytes, none holds a quarter.
        assert!(
            bytes.iter().all(|&b| b * 4 < total),
            "segments of {bytes:?} bytes"
        );
        let texts = layout(&ws).1;
        assert_eq!(keys(&index).len(), texts.len());
        assert_eq!(index.key_count(), texts.len());
    }

    #[test]
    fn the_folds_of_finding_mentions_index_as_a_fresh_fold_does() {
        let ws = Arc::new(ws(
            "Title A\n\nThe Ports of the UN.\n\nالأمم  المتّحدة",
            "Title B\n\nCyber crime.\n\nMaritime.",
        ));
        let names = [vec!["Ports"], vec!["UN"]];
        let (_, folds) = crate::mentions::find_both(&ws.sources, names, [["cyber"]], true);
        let adopted = Index::with_folds(ws.clone(), folds.unwrap());
        let fresh = Index::new(ws.clone());
        assert_eq!(keys(&adopted), keys(&fresh));
        assert!(keys(&fresh).contains(&" الامم المتحده"));
        for k in 0..fresh.key_count() {
            assert_eq!(adopted.mask(k), fresh.mask(k), "key {k}");
        }
        // Folds that do not fit the workspace are not taken.
        let (_, other) = crate::mentions::find_both(&ws.sources[..1], [["x"]], [["y"]], true);
        let refolded = Index::with_folds(ws, other.unwrap());
        assert_eq!(keys(&refolded), keys(&fresh));
    }

    #[test]
    fn a_later_version_copies_the_unchanged_sources_and_folds_the_rest() {
        let first = ws("Title A\n\nThe Ports.\n", "Title B\n\nCyber crime.\n");
        let mut prev = Index::new(Arc::new(first.clone()));
        // Mark source a's folded passage in the old index: a copy keeps the
        // mark, a fresh fold would not.
        let k = prev.base.first_passage[0] as usize + 1;
        let (s, i) = {
            let s = prev.base.ends.partition_point(|&e| e as usize <= k);
            (s, k - prev.base.ends[..s].last().map_or(0, |&e| e as usize))
        };
        let segment = &mut Arc::get_mut(&mut prev.base).unwrap().segments[s];
        let at = segment.starts[i] as usize + 1;
        segment.arena.replace_range(at..at + 1, "X");

        // b.txt changed, a.txt kept its passages (as a reload keeps them).
        let mut next = ws("Title A\n\nThe Ports.\n", "Title B\n\nMaritime security.\n");
        next.sources[0].passages = first.sources[0].passages.clone();
        let next = Arc::new(next);
        let after = Index::after(&prev, next.clone());
        let fresh = Index::new(next);
        let (got, want) = (keys(&after), keys(&fresh));
        assert_eq!(got.len(), want.len());
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            if k == after.base.first_passage[0] as usize + 1 {
                assert_eq!(
                    *g, " Xhe ports.",
                    "source a's passage is copied, not folded"
                );
            } else {
                assert_eq!(g, w, "key {k}");
            }
        }
        assert!(want.contains(&" maritime security."));
    }
}
