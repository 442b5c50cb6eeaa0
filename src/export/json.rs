//! `export --format json`: the whole resolved workspace as one document.
//! Offsets are character (Unicode scalar) offsets in the passage text, end
//! exclusive; `passage` is the N of `SOURCE:N`. README.md documents it.
//!
//! `notes` and `analyst_links` come from [`Extras`]: a note's `target` is
//! `{"kind": "theme"|"entity", "id"}` or `{"kind": "passage", "source",
//! "passage", "start", "end"}`; its `anchor` is null or `{"source",
//! "passage", "start", "end", "quote"}`; `created` is RFC 3339 with offset.
//! An analyst link is `{"theme", "source", "passage", "start", "end",
//! "quote", "author", "created", "note"}`. A `quote` is exactly the passage
//! characters `start..end`. `orphans` lists notes and links whose target
//! or quoted text is gone: `{"id", "kind", "target", "quote", "author",
//! "created", "body", "reason"}`.

use super::{ExportOrphan, Extras, NoteTarget, char_range};
use crate::model::{LangText, PassageKind, Span, Workspace};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

#[derive(Serialize)]
struct Doc<'a> {
    sources: Vec<SourceOut<'a>>,
    themes: Vec<ThemeOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    events: Vec<EventOut<'a>>,
    notes: Vec<NoteOut<'a>>,
    analyst_links: Vec<AnalystLinkOut<'a>>,
    orphans: &'a [ExportOrphan],
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

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum TargetOut<'a> {
    Theme {
        id: &'a str,
    },
    Entity {
        id: &'a str,
    },
    Passage {
        source: &'a str,
        passage: usize,
        start: usize,
        end: usize,
    },
}

#[derive(Serialize)]
struct AnchorOut<'a> {
    source: &'a str,
    passage: usize,
    start: usize,
    end: usize,
    quote: &'a str,
}

#[derive(Serialize)]
struct NoteOut<'a> {
    id: &'a str,
    target: TargetOut<'a>,
    anchor: Option<AnchorOut<'a>>,
    author: &'a str,
    created: DateTime<FixedOffset>,
    body: &'a str,
}

#[derive(Serialize)]
struct AnalystLinkOut<'a> {
    theme: &'a str,
    source: &'a str,
    passage: usize,
    start: usize,
    end: usize,
    quote: &'a str,
    author: &'a str,
    created: DateTime<FixedOffset>,
    note: Option<&'a str>,
}

/// Renders the workspace, with the analysts' notes and links, as
/// pretty-printed JSON.
pub fn render(ws: &Workspace, extras: &Extras) -> String {
    let source_id = |span: &Span| ws.sources[span.source].id.as_str();
    let anchor = |span: &Span| {
        let (start, end) = char_range(ws, span);
        AnchorOut {
            source: source_id(span),
            passage: span.passage + 1,
            start,
            end,
            quote: ws.span_text(span),
        }
    };
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
                        let (start, end) = char_range(ws, &l.span);
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
                        let (start, end) = char_range(ws, &m.span());
                        MentionOut {
                            source: source_id(&m.span()),
                            passage: m.passage() + 1,
                            start,
                            end,
                            text: ws.span_text(&m.span()),
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
        notes: extras
            .notes
            .iter()
            .map(|n| NoteOut {
                id: &n.id,
                target: match &n.target {
                    NoteTarget::Theme(t) => TargetOut::Theme {
                        id: &ws.themes[*t].id,
                    },
                    NoteTarget::Entity(e) => TargetOut::Entity {
                        id: &ws.entities[*e].id,
                    },
                    NoteTarget::Passage(span) => {
                        let a = anchor(span);
                        TargetOut::Passage {
                            source: a.source,
                            passage: a.passage,
                            start: a.start,
                            end: a.end,
                        }
                    }
                },
                anchor: n.anchor.as_ref().map(anchor),
                author: &n.author,
                created: n.created,
                body: &n.body,
            })
            .collect(),
        analyst_links: extras
            .links
            .iter()
            .map(|l| {
                let a = anchor(&l.span);
                AnalystLinkOut {
                    theme: &ws.themes[l.theme].id,
                    source: a.source,
                    passage: a.passage,
                    start: a.start,
                    end: a.end,
                    quote: a.quote,
                    author: &l.author,
                    created: l.created,
                    note: l.note.as_deref(),
                }
            })
            .collect(),
        orphans: extras.orphans,
    };
    let mut out = crate::text::json::to_string_pretty(&doc);
    out.push('\n');
    out
}
