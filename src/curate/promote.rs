//! Promoting an analyst link (a note of kind `link` in the notes folder)
//! to a curated link in `themes.yaml`.

use super::{Applied, CurateError, Edit, apply};
use crate::anchor::{FoldedSource, Quote};
use crate::model::{Span, Workspace};
use crate::notes::{Edited, NoteKind, Store, Stored, Target};
use crate::workspace::spec::LinkSpec;
use crate::workspace::{self, Limits, THEMES_FILE};
use std::path::Path;

/// Most words of context a promoted quote takes on each side.
const MAX_CONTEXT_WORDS: usize = 8;

/// What [`promote`] did.
#[derive(Debug, Clone)]
pub struct Promoted {
    /// The curated link added ([`Applied::undo`] removes it; the note
    /// stays a plain note).
    pub applied: Applied,
    /// The link as written in `themes.yaml`.
    pub link: LinkSpec,
    /// The note, now a plain note with its text and anchor.
    pub note: Stored,
}

/// Adds the analyst link `note_id` of the notes folder `notes_dir` to its
/// theme's curated links: its quote, with the fewest words before or after
/// it that make it match one place of its source. The note stays, as a
/// plain note with its text, so the link is not counted twice. If the note
/// changed meanwhile, the curated link is taken back and nothing changes.
pub fn promote(
    root: &Path,
    notes_dir: &Path,
    limits: &Limits,
    note_id: &str,
) -> Result<Promoted, CurateError> {
    let file = notes_dir.join(format!("{note_id}.md"));
    let refused = |what: String, fix: &str| CurateError::refused(&file, None, what, fix);
    let mut store = Store::open(notes_dir)?;
    let base = store.get(note_id).cloned().ok_or_else(|| {
        refused(
            format!("there is no note `{note_id}`"),
            "`coopdash note list` lists the notes and their ids",
        )
    })?;
    let (NoteKind::Link, Target::Item(theme), Some(anchor)) =
        (base.note.kind, &base.note.target, &base.note.anchor)
    else {
        return Err(refused(
            format!("note `{note_id}` is not an analyst link"),
            "promote a note of kind link (`coopdash note list` marks them)",
        ));
    };
    let ws = workspace::open_with(root, limits)
        .map_err(CurateError::Broken)?
        .ws;
    let span = anchor
        .reanchor(&ws)
        .map_err(|why| {
            refused(
                format!("its quote cannot be placed: {why}"),
                "re-link the passage from the reader, then promote that link",
            )
        })?
        .span;
    let link = unique_link(&ws, &span).ok_or_else(|| {
        refused(
            format!("«{}» matches several places of `{}`, even with {MAX_CONTEXT_WORDS} words around it", ws.span_text(&span), anchor.source),
            "add the link by hand with a longer quote: coopdash link add",
        )
    })?;
    let applied = apply(
        root,
        limits,
        &Edit::AddLink {
            theme: theme.clone(),
            link: link.clone(),
        },
    )?;
    let taken_back = |store: &mut Store, ours: Option<&Stored>| {
        if let Some(ours) = ours {
            let _ = store.delete(ours);
        }
        let _ = apply(root, limits, &applied.undo);
        CurateError::refused(
            &root.join(THEMES_FILE),
            None,
            format!(
                "note `{note_id}` changed while it was being promoted, so the curated link was taken back"
            ),
            "look at the note again, then promote it again",
        )
    };
    match store.set_kind(&base, NoteKind::Note) {
        Ok(Edited::Saved(note)) => Ok(Promoted {
            applied,
            link,
            note,
        }),
        Ok(Edited::Recreated(ours)) | Ok(Edited::Conflict { ours, .. }) => {
            Err(taken_back(&mut store, Some(&ours)))
        }
        Err(e) => {
            let _ = taken_back(&mut store, None);
            Err(e.into())
        }
    }
}

/// The quote of `span` with the fewest words of context (before, then
/// after, then both) that resolve to it and nowhere else.
pub fn unique_link(ws: &Workspace, span: &Span) -> Option<LinkSpec> {
    let text = &ws.passage(span).text;
    let exact = ws.span_text(span).to_string();
    // Whole words only: a quote that starts inside a word (after a clitic)
    // takes its context from before that word.
    let before = &text[..span.range.start];
    let before = match before.chars().last() {
        Some(c) if !c.is_whitespace() => before
            .rfind(char::is_whitespace)
            .map_or("", |i| &before[..i]),
        _ => before,
    };
    let after = &text[span.range.end..];
    let after = match after.chars().next() {
        Some(c) if !c.is_whitespace() => {
            after.find(char::is_whitespace).map_or("", |i| &after[i..])
        }
        _ => after,
    };
    let last_words = |k: usize| -> Option<String> {
        let words: Vec<&str> = before.split_whitespace().collect();
        (k <= words.len()).then(|| words[words.len() - k..].join(" "))
    };
    let first_words = |k: usize| -> Option<String> {
        let words: Vec<&str> = after.split_whitespace().collect();
        (k <= words.len()).then(|| words[..k].join(" "))
    };
    let source = FoldedSource::new(&ws.sources[span.source].passages);
    let fits = |prefix: &Option<String>, suffix: &Option<String>| {
        source
            .resolve(Quote {
                exact: &exact,
                prefix: prefix.as_deref(),
                suffix: suffix.as_deref(),
            })
            .is_ok_and(|a| {
                a.passage == span.passage
                    && a.range.start < span.range.end
                    && span.range.start < a.range.end
            })
    };
    let mut tries = vec![(0, 0)];
    for k in 1..=MAX_CONTEXT_WORDS {
        tries.extend([(k, 0), (0, k), (k, k)]);
    }
    tries.into_iter().find_map(|(b, a)| {
        let prefix = if b == 0 { None } else { Some(last_words(b)?) };
        let suffix = if a == 0 { None } else { Some(first_words(a)?) };
        fits(&prefix, &suffix).then(|| LinkSpec {
            source: ws.sources[span.source].id.clone(),
            quote: exact.clone(),
            prefix,
            suffix,
        })
    })
}
