//! Where notes belong in the current workspace: their target and anchor
//! resolved, and the orphans, whose theme, partner body or quoted text is
//! gone. Orphans are listed with the text they had, never dropped.

use super::model::{Note, NoteKind, Target};
use crate::anchor::{Orphaned, Reanchored};
use crate::model::{Span, Workspace};
use std::fmt;

/// What a note's target is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetRef {
    /// Index into [`Workspace::themes`].
    Theme(usize),
    /// Index into [`Workspace::entities`].
    Entity(usize),
    /// A passage: indices into [`Workspace::sources`] and its passages.
    Passage {
        /// Source index.
        source: usize,
        /// Passage index (`N - 1`).
        passage: usize,
    },
}

/// A note placed in the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The target, or `None` if it no longer exists.
    pub target: Option<TargetRef>,
    /// The anchor re-attached, or why not; `None` for a note without one.
    pub anchor: Option<Result<Reanchored, Orphaned>>,
}

impl Placement {
    /// Where the anchored text is now, if the note has an anchor that holds.
    pub fn span(&self) -> Option<&Span> {
        match &self.anchor {
            Some(Ok(r)) => Some(&r.span),
            _ => None,
        }
    }

    /// Why the note is an orphan, if it is one.
    pub fn orphan_reason(&self, note: &Note) -> Option<OrphanReason> {
        match (&self.target, &self.anchor) {
            (None, _) => Some(OrphanReason::TargetGone(note.target.to_string())),
            (_, Some(Err(why))) => Some(OrphanReason::AnchorLost(why.clone())),
            _ => None,
        }
    }
}

/// Resolves a note's target and re-attaches its anchor. A passage target
/// follows its anchor when the source changed; an analyst link needs a
/// theme.
pub fn place(ws: &Workspace, note: &Note) -> Placement {
    let anchor = note.anchor.as_ref().map(|a| a.reanchor(ws));
    let target = match &note.target {
        Target::Item(id) => ws
            .themes
            .iter()
            .position(|t| &t.id == id)
            .map(TargetRef::Theme)
            .or_else(|| {
                ws.entities
                    .iter()
                    .position(|e| &e.id == id)
                    .map(TargetRef::Entity)
            })
            .filter(|t| note.kind == NoteKind::Note || matches!(t, TargetRef::Theme(_))),
        Target::Passage { source, n } => match &anchor {
            Some(Ok(r)) => Some(TargetRef::Passage {
                source: r.span.source,
                passage: r.span.passage,
            }),
            Some(Err(_)) => None,
            None => ws
                .sources
                .iter()
                .position(|s| &s.id == source)
                .filter(|&s| *n <= ws.sources[s].passages.len())
                .map(|s| TargetRef::Passage {
                    source: s,
                    passage: n - 1,
                }),
        },
    };
    Placement { target, anchor }
}

/// Whether `note` is about `target`: its own target, or, for a passage,
/// a note whose anchor lies in that passage now (wherever it was written).
pub fn is_about(ws: &Workspace, note: &Note, target: &Target) -> bool {
    if &note.target == target {
        return true;
    }
    let Target::Passage { source, n } = target else {
        return false;
    };
    let placed = place(ws, note);
    let here = |s: usize, p: usize| ws.sources[s].id == *source && p + 1 == *n;
    placed.span().is_some_and(|s| here(s.source, s.passage))
        || matches!(placed.target, Some(TargetRef::Passage { source: s, passage: p }) if here(s, p))
}

/// Why a note is an orphan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrphanReason {
    /// Its theme, partner body or passage (as written) no longer exists.
    TargetGone(String),
    /// Its quoted text could not be re-attached.
    AnchorLost(Orphaned),
}

impl fmt::Display for OrphanReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrphanReason::TargetGone(t) => write!(f, "`{t}` no longer exists"),
            OrphanReason::AnchorLost(why) => write!(f, "its quote cannot be found: {why}"),
        }
    }
}

/// A note that lost its place, with the text it was anchored to.
#[derive(Debug, Clone)]
pub struct Orphan<'a> {
    /// The note.
    pub note: &'a Note,
    /// Why it is an orphan.
    pub reason: OrphanReason,
}

impl Orphan<'_> {
    /// The quoted text the note had, if it had an anchor.
    pub fn quote(&self) -> Option<&str> {
        self.note.anchor.as_ref().map(|a| a.exact.as_str())
    }
}

/// The orphans among `notes`, in the order given.
pub fn orphans<'a>(ws: &Workspace, notes: impl IntoIterator<Item = &'a Note>) -> Vec<Orphan<'a>> {
    notes
        .into_iter()
        .filter_map(|note| {
            place(ws, note)
                .orphan_reason(note)
                .map(|reason| Orphan { note, reason })
        })
        .collect()
}
