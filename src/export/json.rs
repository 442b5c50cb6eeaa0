//! `export --format json`: the whole resolved workspace as one document.
//! Offsets are character (Unicode scalar) offsets in the passage text, end
//! exclusive; `passage` is the N of `SOURCE:N`. README.md documents it.
//!
//! `notes` and `analyst_links` hold the notes folder's notes and analyst
//! links (newest first), each an object with: `id`; `kind` (`note` or
//! `link`); `target` as written (a theme or partner body id, or
//! `SOURCE:N`); `target_kind` (`theme`, `entity`, `passage`, or null when
//! the target is gone); `author`; `created` and `updated` (RFC 3339 with
//! offset); `conflict_of` (the note a conflict copy was saved beside, or
//! null); `body` (Markdown); `anchor` (null, or the stored quote: `source`,
//! `passage`, `start`, `end`, `exact`, `prefix`, `suffix`, plus `resolved`:
//! null when it cannot be re-attached, else `source`, `passage`, `start`,
//! `end` where it is now and `method`: `position`, `exact`, `folded` or
//! `fuzzy`); and `orphan` (null, or why the note lost its place).

use crate::anchor::{Method, TextAnchor};
use crate::model::{LangText, PassageKind, Span, Workspace};
use crate::notes::{Note, NoteKind, TargetRef, place};
use crate::text::char_offset;
use chrono::SecondsFormat;
use serde::Serialize;

#[derive(Serialize)]
struct Doc<'a> {
    sources: Vec<SourceOut<'a>>,
    themes: Vec<ThemeOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    events: Vec<EventOut<'a>>,
    notes: Vec<NoteOut<'a>>,
    analyst_links: Vec<NoteOut<'a>>,
}

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
    exact: &'a str,
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

#[derive(Serialize)]
struct SourceOut<'a> {
    id: &'a str,
    file: String,
    title: &'a LangText,
    lang: Option<&'a str>,
    date: Option<&'a str>,
    passages: Vec<PassageOut<'a>>,
}

#[derive(Serialize)]
struct PassageOut<'a> {
    n: usize,
    kind: PassageKind,
    text: &'a str,
}

#[derive(Serialize)]
struct ThemeOut<'a> {
    id: &'a str,
    name: &'a LangText,
    summary: &'a LangText,
    keywords: &'a [String],
    entities: Vec<&'a str>,
    links: Vec<LinkOut<'a>>,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    source: &'a str,
    passage: usize,
    quote: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: &'a str,
    kind: &'a str,
    name: &'a LangText,
    aliases: &'a [String],
    part_of: Option<&'a str>,
    mentions: Vec<MentionOut<'a>>,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    source: &'a str,
    passage: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct EventOut<'a> {
    date: &'a str,
    label: &'a LangText,
    source: &'a str,
    passage: usize,
}

/// Character offsets of a span within its passage.
fn char_span(ws: &Workspace, span: &Span) -> (usize, usize) {
    let text = &ws.passage(span).text;
    (
        char_offset(text, span.range.start),
        char_offset(text, span.range.end),
    )
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
            exact: &a.exact,
            prefix: &a.prefix,
            suffix: &a.suffix,
            resolved: match &placed.anchor {
                Some(Ok(r)) => {
                    let (start, end) = char_span(ws, &r.span);
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
/// each object as in the export's `notes`.
pub fn render_notes(ws: &Workspace, notes: &[&Note]) -> String {
    let out: Vec<NoteOut> = notes.iter().map(|n| note_out(ws, n)).collect();
    let mut text = serde_json::to_string_pretty(&out).expect("plain data serializes");
    text.push('\n');
    text
}

/// Renders the workspace and its notes as pretty-printed JSON.
pub fn render(ws: &Workspace, notes: &[&Note]) -> String {
    let of_kind = |kind| {
        notes
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| note_out(ws, n))
            .collect()
    };
    let source_id = |span: &Span| ws.sources[span.source].id.as_str();
    let doc = Doc {
        sources: ws
            .sources
            .iter()
            .map(|s| SourceOut {
                id: &s.id,
                file: s.file.to_string_lossy().replace('\\', "/"),
                title: &s.title,
                lang: s.lang.as_deref(),
                date: s.date.as_deref(),
                passages: s
                    .passages
                    .iter()
                    .map(|p| PassageOut {
                        n: p.n,
                        kind: p.kind,
                        text: &p.text,
                    })
                    .collect(),
            })
            .collect(),
        themes: ws
            .themes
            .iter()
            .map(|t| ThemeOut {
                id: &t.id,
                name: &t.name,
                summary: &t.summary,
                keywords: &t.keywords,
                entities: t
                    .entities
                    .iter()
                    .map(|&e| ws.entities[e].id.as_str())
                    .collect(),
                links: t
                    .links
                    .iter()
                    .map(|l| {
                        let (start, end) = char_span(ws, &l.span);
                        LinkOut {
                            source: source_id(&l.span),
                            passage: l.span.passage + 1,
                            quote: &l.quote,
                            start,
                            end,
                        }
                    })
                    .collect(),
            })
            .collect(),
        entities: ws
            .entities
            .iter()
            .map(|e| EntityOut {
                id: &e.id,
                kind: &e.kind,
                name: &e.name,
                aliases: &e.aliases,
                part_of: e.part_of.map(|p| ws.entities[p].id.as_str()),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let (start, end) = char_span(ws, &m.span);
                        MentionOut {
                            source: source_id(&m.span),
                            passage: m.span.passage + 1,
                            start,
                            end,
                            text: ws.span_text(&m.span),
                        }
                    })
                    .collect(),
            })
            .collect(),
        events: ws
            .events
            .iter()
            .map(|ev| EventOut {
                date: &ev.date,
                label: &ev.label,
                source: source_id(&ev.span),
                passage: ev.span.passage + 1,
            })
            .collect(),
        notes: of_kind(NoteKind::Note),
        analyst_links: of_kind(NoteKind::Link),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("plain data serializes");
    out.push('\n');
    out
}
