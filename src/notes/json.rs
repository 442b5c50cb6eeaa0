//! `note list --json`: notes with everything about where they stand now.
//! Each object has `id`; `kind` (`note` or `link`); `target` as written (a
//! theme or partner body id, or `SOURCE:N`); `target_kind` (`theme`,
//! `entity`, `passage`, or null when the target is gone); `author`;
//! `created` and `updated` (RFC 3339 with offset); `conflict_of` (the note a
//! conflict copy was saved beside, or null); `body` (Markdown); `anchor`
//! (null, or the stored quote: `source`, `passage`, `start`, `end`, `quote`
//! (the words, named as in `export --format json`), `prefix`, `suffix`,
//! plus `resolved`: null when it cannot be re-attached, else `source`,
//! `passage`, `start`, `end` where it is now and `method`: `position`,
//! `exact`, `folded` or `fuzzy`); and `orphan` (null, or why the note lost
//! its place).

use crate::anchor::{Method, TextAnchor};
use crate::export::char_range;
use crate::model::Workspace;
use crate::notes::{Note, NoteKind, TargetRef, place};
use chrono::SecondsFormat;
use serde::Serialize;

#[derive(Serialize)]
struct NoteOut<'a> {
    id: &'a str,
    kind: NoteKind,
    target: String,
    target_kind: Option<&'static str>,
    author: &'a str,
    created: String,
    updated: String,
    conflict_of: Option<&'a str>,
    body: &'a str,
    anchor: Option<AnchorOut<'a>>,
    orphan: Option<String>,
}

#[derive(Serialize)]
struct AnchorOut<'a> {
    source: &'a str,
    passage: usize,
    start: usize,
    end: usize,
    quote: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    resolved: Option<ResolvedOut<'a>>,
}

#[derive(Serialize)]
struct ResolvedOut<'a> {
    source: &'a str,
    passage: usize,
    start: usize,
    end: usize,
    method: Method,
}

fn note_out<'a>(ws: &'a Workspace, note: &'a Note) -> NoteOut<'a> {
    let placed = place(ws, note);
    let time =
        |t: &chrono::DateTime<chrono::FixedOffset>| t.to_rfc3339_opts(SecondsFormat::AutoSi, false);
    NoteOut {
        id: &note.id,
        kind: note.kind,
        target: note.target.to_string(),
        target_kind: placed.target.map(|t| match t {
            TargetRef::Theme(_) => "theme",
            TargetRef::Entity(_) => "entity",
            TargetRef::Passage { .. } => "passage",
        }),
        author: &note.author,
        created: time(&note.created),
        updated: time(&note.updated),
        conflict_of: note.conflict_of.as_deref(),
        body: &note.body,
        anchor: note.anchor.as_ref().map(|a: &'a TextAnchor| AnchorOut {
            source: &a.source,
            passage: a.passage,
            start: a.start,
            end: a.end,
            quote: &a.exact,
            prefix: &a.prefix,
            suffix: &a.suffix,
            resolved: match &placed.anchor {
                Some(Ok(r)) => {
                    let (start, end) = char_range(ws, &r.span);
                    Some(ResolvedOut {
                        source: &ws.sources[r.span.source].id,
                        passage: r.span.passage + 1,
                        start,
                        end,
                        method: r.method,
                    })
                }
                _ => None,
            },
        }),
        orphan: placed.orphan_reason(note).map(|r| r.to_string()),
    }
}

/// Renders notes alone as a pretty-printed JSON array (`note list --json`),
/// objects as the module documentation describes.
pub fn render(ws: &Workspace, notes: &[&Note]) -> String {
    let out: Vec<NoteOut> = notes.iter().map(|n| note_out(ws, n)).collect();
    let mut text = crate::text::json::to_string_pretty(&out);
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_anchor_quote_is_named_as_in_the_export() {
        let anchor = super::AnchorOut {
            source: "talk",
            passage: 2,
            start: 0,
            end: 3,
            quote: "sea",
            prefix: "",
            suffix: "",
            resolved: None,
        };
        let v = serde_json::to_value(&anchor).unwrap();
        assert_eq!(v["quote"], "sea");
        assert!(v.get("exact").is_none());
    }
}
