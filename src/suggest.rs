//! Suggested links: passages that name a theme but are not linked to it.
//!
//! A passage is suggested for a theme when it holds one of the theme's
//! names or keywords by the mention rule ([`crate::mentions`]: folding,
//! word boundaries, clitics, so `والإنتربول` names `الإنتربول`) and no
//! curated link of the theme points into it. Analyst links and rejections
//! live in the notes folder and change more often than the workspace, so
//! they are left out later, by [`Decided`]. The theme's related partner
//! bodies named in the same passage raise a suggestion's score; they never
//! make one on their own (the UN and INTERPOL are named almost everywhere).
//!
//! [`Suggestions::build`] is linear in the theme mentions (plus a binary
//! search per related body); [`cached`] builds it once per workspace
//! version for the whole process.

use crate::model::{Mention, Span, Workspace};
use crate::notes::{Note, NoteKind, Placement, TargetRef};
use crate::text::fold;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex, Weak};

/// Score for each distinct word (folded) of the theme found in the passage.
pub const PER_WORD: u32 = 4;
/// Score for each occurrence, up to [`MAX_OCCURRENCES`].
pub const PER_OCCURRENCE: u32 = 1;
/// Occurrences beyond this add nothing: a list repeating one keyword is
/// not more about the theme than a sentence about it.
pub const MAX_OCCURRENCES: u32 = 4;
/// Score for each related partner body named in the passage.
pub const PER_BODY: u32 = 2;

/// One passage suggested for one theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Index into [`Workspace::themes`].
    pub theme: usize,
    /// Index into [`Workspace::sources`].
    pub source: usize,
    /// Index into that source's passages.
    pub passage: usize,
    /// Byte ranges of the passage that name the theme, in order.
    pub evidence: Vec<Range<usize>>,
    /// The theme's related partner bodies named in the passage (indices
    /// into [`Workspace::entities`]), in the theme's order.
    pub bodies: Vec<usize>,
    /// What orders suggestions, highest first: [`PER_WORD`] per distinct
    /// word, [`PER_OCCURRENCE`] per occurrence (up to
    /// [`MAX_OCCURRENCES`]), [`PER_BODY`] per related body.
    pub score: u32,
}

impl Suggestion {
    /// The first evidence words, as a span: what an accepted link quotes and
    /// a rejection is anchored to.
    pub fn span(&self) -> Span {
        Span {
            source: self.source,
            passage: self.passage,
            range: self.evidence.first().cloned().unwrap_or(0..0),
        }
    }

    /// The passage, `(source, passage)`.
    pub fn place(&self) -> (usize, usize) {
        (self.source, self.passage)
    }
}

/// How the suggestions are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// Theme by theme (in `themes.yaml` order), best first in each.
    #[default]
    Theme,
    /// Source by source, passages in order, themes in file order.
    Source,
}

/// Every suggestion of one workspace version, before the notes decide.
/// Both listings are laid out here, once, as plain arrays: filtering
/// them for the notes is then one pass over contiguous memory, without a
/// hash per suggestion (300,000 of them at 100k passages).
#[derive(Debug, Default)]
pub struct Suggestions {
    /// By theme, best first within each.
    items: Vec<Suggestion>,
    /// Each suggestion's index by (theme, source, passage).
    index: HashMap<(usize, usize, usize), u32>,
    /// Per grouping (theme, source): the suggestions in order, and each
    /// one's group (theme or source index).
    listings: [(Vec<u32>, Vec<u32>); 2],
}

impl Suggestions {
    /// Finds every suggestion of `ws`, the themes shared out between the
    /// machine's cores.
    pub fn build(ws: &Workspace) -> Suggestions {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let themes: Vec<usize> = (0..ws.themes.len()).collect();
        let per = themes.len().div_ceil(threads).max(1);
        let items: Vec<Suggestion> = std::thread::scope(|s| {
            let handles: Vec<_> = themes
                .chunks(per)
                .map(|chunk| {
                    s.spawn(move || {
                        chunk
                            .iter()
                            .flat_map(|&t| of_theme(ws, t))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("suggestion thread"))
                .collect()
        });
        let index = items
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.theme, s.source, s.passage), i as u32))
            .collect();
        let by_theme: Vec<u32> = (0..items.len() as u32).collect();
        let mut by_source = by_theme.clone();
        by_source.sort_by_key(|&i| {
            let s = &items[i as usize];
            (s.source, s.passage, s.theme)
        });
        let groups = |order: &[u32], of: fn(&Suggestion) -> usize| -> Vec<u32> {
            order
                .iter()
                .map(|&i| of(&items[i as usize]) as u32)
                .collect()
        };
        let theme_groups = groups(&by_theme, |s| s.theme);
        let source_groups = groups(&by_source, |s| s.source);
        let listings = [(by_theme, theme_groups), (by_source, source_groups)];
        Suggestions {
            items,
            index,
            listings,
        }
    }

    /// Every suggestion, by theme.
    pub fn items(&self) -> &[Suggestion] {
        &self.items
    }

    /// Suggestion `i` (an index [`Suggestions::open`] returned).
    pub fn get(&self, i: u32) -> Option<&Suggestion> {
        self.items.get(i as usize)
    }

    /// Which suggestions `decided` holds, by index: one lookup per decided
    /// passage, not one per suggestion.
    pub fn decided(&self, decided: &Decided) -> Vec<bool> {
        let mut mask = vec![false; self.items.len()];
        for key in &decided.0 {
            if let Some(&i) = self.index.get(key) {
                mask[i as usize] = true;
            }
        }
        mask
    }

    /// Every suggestion in `grouping`'s order, with its group (the theme
    /// or source index).
    pub fn listing(&self, grouping: Grouping) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (order, groups) = &self.listings[grouping as usize];
        order.iter().copied().zip(groups.iter().copied())
    }

    /// The suggestions still to review, in `grouping`'s order: those whose
    /// passage `decided` holds for their theme are left out. Indices for
    /// [`Suggestions::get`].
    pub fn open(&self, decided: &Decided, grouping: Grouping) -> Vec<u32> {
        let mask = self.decided(decided);
        self.listing(grouping)
            .filter(|&(i, _)| !mask[i as usize])
            .map(|(i, _)| i)
            .collect()
    }

    /// The suggestion of theme `theme` for passage `(source, passage)`, if
    /// there is one.
    pub fn find(&self, theme: usize, source: usize, passage: usize) -> Option<u32> {
        self.index.get(&(theme, source, passage)).copied()
    }
}

/// Theme `t`'s suggestions, best first (equal scores in source order).
fn of_theme(ws: &Workspace, t: usize) -> Vec<Suggestion> {
    let theme = &ws.themes[t];
    let linked: HashSet<(usize, usize)> = theme
        .links
        .iter()
        .map(|l| (l.span.source, l.span.passage))
        .collect();
    let mut items = Vec::new();
    // Mentions are in source order: each passage's are together.
    for group in theme.mentions.chunk_by(|a, b| place_of(a) == place_of(b)) {
        let (source, passage) = place_of(&group[0]);
        if linked.contains(&(source, passage)) {
            continue;
        }
        let bodies: Vec<usize> = theme
            .entities
            .iter()
            .copied()
            .filter(|&e| names(&ws.entities[e].mentions, (source, passage)))
            .collect();
        let evidence: Vec<Range<usize>> = group.iter().map(|m| m.range()).collect();
        let text = &ws.sources[source].passages[passage].text;
        // Mostly one occurrence: nothing to fold then.
        let words = if evidence.len() == 1 {
            1
        } else {
            evidence
                .iter()
                .map(|r| fold(text.get(r.clone()).unwrap_or("")))
                .collect::<HashSet<String>>()
                .len()
        };
        let occurrences = (evidence.len() as u32).min(MAX_OCCURRENCES);
        let score =
            PER_WORD * words as u32 + PER_OCCURRENCE * occurrences + PER_BODY * bodies.len() as u32;
        items.push(Suggestion {
            theme: t,
            source,
            passage,
            evidence,
            bodies,
            score,
        });
    }
    // Stable: equal scores stay in source order.
    items.sort_by_key(|s| std::cmp::Reverse(s.score));
    items
}

fn place_of(m: &Mention) -> (usize, usize) {
    (m.source(), m.passage())
}

/// Whether `mentions` (in source order) has one in passage `at`.
fn names(mentions: &[Mention], at: (usize, usize)) -> bool {
    mentions.binary_search_by(|m| place_of(m).cmp(&at)).is_ok()
}

/// The passages already decided for each theme: linked by an analyst, or
/// rejected. `(theme, source, passage)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decided(HashSet<(usize, usize, usize)>);

impl Decided {
    /// From notes placed in the workspace: analyst links and rejections
    /// whose theme and anchor still hold.
    pub fn from_notes<'a>(notes: impl IntoIterator<Item = (&'a Note, &'a Placement)>) -> Decided {
        let mut out = Decided::default();
        for (note, placed) in notes {
            if let (NoteKind::Link | NoteKind::Rejection, Some(TargetRef::Theme(t)), Some(span)) =
                (note.kind, placed.target, placed.span())
            {
                out.add(t, span.source, span.passage);
            }
        }
        out
    }

    /// Marks passage `(source, passage)` decided for `theme`.
    pub fn add(&mut self, theme: usize, source: usize, passage: usize) {
        self.0.insert((theme, source, passage));
    }

    /// Whether passage `(source, passage)` is decided for `theme`.
    pub fn contains(&self, theme: usize, source: usize, passage: usize) -> bool {
        self.0.contains(&(theme, source, passage))
    }
}

/// The workspace versions whose suggestions were built, weakly held: a
/// version dropped by every session frees its suggestions at the next
/// call. Holding the `Weak` keeps the allocation, so a live entry's
/// address is never another version's.
type Memo = Vec<(Weak<Workspace>, Arc<Suggestions>)>;

static MEMO: Mutex<Memo> = Mutex::new(Vec::new());

/// The suggestions of `ws`, built once per workspace version for the whole
/// process: sessions of one `serve` share them, and the watcher builds
/// them for a new version before the sessions see it. A second caller
/// waits for the first one's build rather than repeating it.
pub fn cached(ws: &Arc<Workspace>) -> Arc<Suggestions> {
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    memo.retain(|(w, _)| w.strong_count() > 0);
    if let Some((_, s)) = memo.iter().find(|(w, _)| w.as_ptr() == Arc::as_ptr(ws)) {
        return s.clone();
    }
    let built = Arc::new(Suggestions::build(ws));
    memo.push((Arc::downgrade(ws), built.clone()));
    built
}

/// Builds `ws`'s suggestions on a thread of their own, so the first `s`
/// finds them ready.
pub fn warm(ws: Arc<Workspace>) {
    let _ = std::thread::Builder::new()
        .name("suggest".into())
        .spawn(move || {
            cached(&ws);
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::load_from_memory;

    fn ws() -> Workspace {
        let themes = "\
sources:
  - {id: a, file: a.txt, lang: ar}
themes:
  - id: interpol-coop
    name: {en: Interpol cooperation, ar: التعاون مع الإنتربول}
    keywords: [الإنتربول]
    entities: [un]
    links:
      - {source: a, quote: الأول}
  - id: health
    name: {en: Global health, ar: الصحة العالمية}
entities:
  - id: un
    kind: organization
    name: {en: United Nations, ar: الأمم المتحدة}
";
        let text = "العنوان\n\nالأول والإنتربول.\n\nتعاون الأمم المتحدة والإنتربول وبالإنتربول.\n\nالإنتربول وحده.\n\nالأمم المتحدة وحدها.";
        load_from_memory(
            std::path::Path::new("/ws"),
            themes.as_bytes(),
            &[(std::path::PathBuf::from("a.txt"), text.as_bytes())],
            &Default::default(),
        )
        .expect("loads")
    }

    #[test]
    fn passages_naming_a_theme_through_clitics_are_suggested_unless_linked() {
        let ws = ws();
        let s = Suggestions::build(&ws);
        let places: Vec<(usize, usize, u32)> = s
            .items()
            .iter()
            .map(|x| (x.theme, x.passage, x.score))
            .collect();
        // ¶2 is linked; ¶3 names INTERPOL twice through clitics and the UN
        // (one word, two occurrences, one body); ¶4 once; ¶5 names the UN
        // only: no suggestion.
        assert_eq!(
            places,
            [
                (0, 2, PER_WORD + 2 * PER_OCCURRENCE + PER_BODY),
                (0, 3, PER_WORD + PER_OCCURRENCE)
            ]
        );
        let third = &s.items()[0];
        let text = &ws.sources[0].passages[2].text;
        let words: Vec<&str> = third.evidence.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(words, ["الإنتربول", "الإنتربول"]);
        assert_eq!(third.bodies, [0]);
    }

    #[test]
    fn decided_passages_are_left_out_and_groupings_order_them() {
        let ws = ws();
        let s = Suggestions::build(&ws);
        assert_eq!(s.open(&Decided::default(), Grouping::Theme), [0, 1]);
        assert_eq!(s.open(&Decided::default(), Grouping::Source), [0, 1]);
        let mut d = Decided::default();
        d.add(0, 0, 2);
        assert_eq!(s.open(&d, Grouping::Theme), [1]);
        assert!(d.contains(0, 0, 2) && !d.contains(1, 0, 2));
        assert_eq!(s.find(0, 0, 3), Some(1));
    }

    #[test]
    fn one_build_per_version() {
        let a = Arc::new(ws());
        let first = cached(&a);
        assert!(Arc::ptr_eq(&first, &cached(&a)));
        let b = Arc::new(ws());
        assert!(!Arc::ptr_eq(&first, &cached(&b)));
    }
}
