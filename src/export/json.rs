//! `export --format json`: the whole resolved workspace as one document.
//! Offsets are character (Unicode scalar) offsets in the passage text, end
//! exclusive; `passage` is the N of `SOURCE:N`. README.md documents it.

use crate::model::{LangText, PassageKind, Span, Workspace};
use crate::text::char_offset;
use serde::Serialize;

#[derive(Serialize)]
struct Doc<'a> {
    sources: Vec<SourceOut<'a>>,
    themes: Vec<ThemeOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    events: Vec<EventOut<'a>>,
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

/// Renders the workspace as pretty-printed JSON.
pub fn render(ws: &Workspace) -> String {
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
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("plain data serializes");
    out.push('\n');
    out
}
