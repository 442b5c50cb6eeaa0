//! Notes as the exports take them: placed notes and analyst links become
//! [`Extras`]; those that lost their place become orphans, kept with what
//! they had.

use super::{Note, NoteKind, OrphanReason, TargetRef, place};
use crate::export::{ExportNote, ExportOrphan, Extras, NoteTarget};
use crate::model::{AnalystLink, Span, Workspace};

/// Everything the exports need from the notes folder.
#[derive(Debug, Default, Clone)]
pub struct Bundle {
    notes: Vec<ExportNote>,
    links: Vec<AnalystLink>,
    orphans: Vec<ExportOrphan>,
}

impl Bundle {
    /// Places every note in `ws`.
    pub fn new<'a>(ws: &Workspace, notes: impl IntoIterator<Item = &'a Note>) -> Bundle {
        let mut out = Bundle::default();
        // Rejections are the suggestions' business, not the analysts'
        // writing: never exported.
        for note in notes.into_iter().filter(|n| n.kind != NoteKind::Rejection) {
            let placed = place(ws, note);
            let anchor = placed.span().cloned();
            let whole = |source: usize, passage: usize| Span {
                source,
                passage,
                range: 0..ws.sources[source].passages[passage].text.len(),
            };
            let orphan = |reason: String| ExportOrphan {
                id: note.id.clone(),
                kind: note.kind.name().into(),
                target: note.target.to_string(),
                quote: note.anchor.as_ref().map(|a| a.exact.clone()),
                author: note.author.clone(),
                created: note.created,
                body: note.body.clone(),
                reason,
            };
            if let Some(reason) = placed.orphan_reason(note) {
                out.orphans.push(orphan(reason.to_string()));
                continue;
            }
            match (note.kind, placed.target) {
                (NoteKind::Link, Some(TargetRef::Theme(theme))) => match anchor {
                    Some(span) => out.links.push(AnalystLink {
                        theme,
                        span,
                        author: note.author.clone(),
                        created: note.created,
                        note: Some(note.body.clone()).filter(|b| !b.trim().is_empty()),
                    }),
                    None => out
                        .orphans
                        .push(orphan("an analyst link without a passage".into())),
                },
                (NoteKind::Link, _) => out.orphans.push(orphan(
                    OrphanReason::TargetGone(format!("{} (a link needs a theme)", note.target))
                        .to_string(),
                )),
                (NoteKind::Note, Some(target)) => out.notes.push(ExportNote {
                    id: note.id.clone(),
                    target: match target {
                        TargetRef::Theme(t) => NoteTarget::Theme(t),
                        TargetRef::Entity(e) => NoteTarget::Entity(e),
                        TargetRef::Passage { source, passage } => NoteTarget::Passage(
                            anchor.clone().unwrap_or_else(|| whole(source, passage)),
                        ),
                    },
                    anchor,
                    author: note.author.clone(),
                    created: note.created,
                    body: note.body.clone(),
                }),
                (NoteKind::Note, None) | (NoteKind::Rejection, _) => {}
            }
        }
        out
    }

    /// The exports' view of it.
    pub fn extras(&self) -> Extras<'_> {
        Extras {
            notes: &self.notes,
            links: &self.links,
            orphans: &self.orphans,
        }
    }

    /// The analyst links (for the matrix).
    pub fn links(&self) -> &[AnalystLink] {
        &self.links
    }
}
