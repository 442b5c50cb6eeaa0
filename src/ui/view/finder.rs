//! The finder overlay: the query, the kind filter, ranked results with
//! their matched characters marked (through the right-to-left layout).

use super::field::line_field;
use super::panes::name;
use super::{fit, opts, styled};
use crate::layout::layout;
use crate::notes::TargetRef;
use crate::search::Kind;
use crate::text::width::width;
use crate::ui::action::Action;
use crate::ui::finder::{Finder, Jump, Row};
use crate::ui::keys::Context;
use crate::ui::state::State;
use crate::ui::update::finder_rows;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use std::ops::Range;

/// Cells of the kind column.
const KIND_W: usize = 8;

/// Draws the finder over `area`.
pub fn draw(state: &State, f: &Finder, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let rect = area;
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(p.border(true))
        .title({
            let key = |action, written| state.keymap.key(Context::Finder, action, written);
            format!(
                " Find · {} kind · {} go · {} back ",
                key(Action::NextPane, "Tab"),
                key(Action::Open, "Enter"),
                key(Action::Back, "Esc")
            )
        });
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let room = inner.width as usize;

    let mut query = vec![Span::styled("/ ", p.heading())];
    query.extend(line_field(state, &f.query, room.saturating_sub(2), None));
    let mut kinds = vec![Span::styled("in ", p.dim())];
    let names = std::iter::once(None).chain(Kind::ALL.into_iter().map(Some));
    for k in names {
        let name = k.map_or("all", kind_name);
        let style = if k == f.kind {
            p.selected(true)
        } else {
            p.dim()
        };
        kinds.push(Span::styled(format!(" {name} "), style));
    }
    let status = match &f.found {
        _ if f.query.text().is_empty() => {
            "type a name, an acronym, words of a passage…".to_string()
        }
        Some(found) if f.current() => {
            let more = if found.complete { "" } else { " so far" };
            let shown = if found.total > found.rows.len() {
                format!(", first {}", found.rows.len())
            } else {
                String::new()
            };
            format!(
                "{} result{}{more}{shown}",
                found.total,
                if found.total == 1 { "" } else { "s" }
            )
        }
        _ => "searching…".to_string(),
    };
    kinds.push(Span::styled(format!("  {status}"), p.dim()));

    let mut lines = vec![Line::from(query), Line::from(kinds)];
    if let Some(found) = f.found.as_ref() {
        let visible = finder_rows(state);
        let offset = f.cursor.offset;
        for (i, r) in found.rows.iter().enumerate().skip(offset).take(visible) {
            lines.push(row(state, r, i == f.cursor.selected, room));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One result: kind, label, and the matched words in context. A row
/// matched on the name it is labelled with marks the name itself, unless
/// the name is cut: then its matched part shows as the context.
fn row(state: &State, r: &Row, selected: bool, room: usize) -> Line<'static> {
    let p = &state.palette;
    let kind = kind_name(r.kind);
    let mut spans = vec![
        Span::raw(if selected { "▶ " } else { "  " }),
        Span::styled(format!("{kind:<KIND_W$}"), p.dim()),
    ];
    let label_room = (room / 3).clamp(8, 40);
    let label = note_label(state, r).unwrap_or_else(|| r.label.clone());
    let on_label = r.text == label && width(&label) <= label_room;
    let label_w = if on_label {
        let line = marked(state, &r.text, &r.marks, width(&r.text).max(1));
        let w = line.width();
        spans.extend(line.spans.into_iter().map(|mut s| {
            s.style = p.heading().patch(s.style);
            s
        }));
        w
    } else {
        let label = fit(state, &label, label_room);
        let w = width(&label);
        spans.push(Span::styled(label, p.heading()));
        w
    };
    spans.push(Span::raw("  "));
    let text_room = room.saturating_sub(2 + KIND_W + label_w + 2).max(1);
    if !r.text.is_empty() && !on_label {
        spans.extend(marked(state, &r.text, &r.marks, text_room).spans);
    }
    let line = Line::from(spans);
    if selected {
        p.select_line(line, true)
    } else {
        line
    }
}

/// The line of `text` (laid out `cells` wide, in display order) that holds
/// its first mark, the marks styled as matches.
fn marked(state: &State, text: &str, marks: &[Range<usize>], cells: usize) -> Line<'static> {
    let p = &state.palette;
    let tags: Vec<crate::layout::Mark<()>> = marks
        .iter()
        .map(|m| crate::layout::Mark {
            range: m.clone(),
            tag: (),
        })
        .collect();
    let lines = layout(text, &tags, cells, &opts(state, None));
    let first = marks.first().map_or(0, |m| m.start);
    lines
        .iter()
        .find(|l| l.source.end > first)
        .or(lines.first())
        .map(|line| styled(line, Style::new(), |()| p.link()))
        .unwrap_or_default()
}

/// A note's row says who wrote it and what it is about, not its file id:
/// `salma · INTERPOL`, `salma · un-interpol-2022:5` (the author first, so a
/// long name cut by the width keeps it).
fn note_label(state: &State, r: &Row) -> Option<String> {
    let Jump::Note(id) = &r.jump else {
        return None;
    };
    let entry = state
        .notes
        .entries
        .iter()
        .find(|e| &e.stored.note.id == id)?;
    let ws = &state.ws;
    let about = match entry.placement.target {
        _ if entry.is_orphan() => "orphan".to_string(),
        Some(TargetRef::Theme(t)) => name(state, &ws.themes[t].name).to_string(),
        Some(TargetRef::Entity(e)) => name(state, &ws.entities[e].name).to_string(),
        Some(TargetRef::Passage { source, passage }) => {
            format!("{}:{}", ws.sources[source].id, passage + 1)
        }
        None => "orphan".to_string(),
    };
    Some(format!("{} · {about}", entry.stored.note.author))
}

/// A kind as the dashboard calls it (partner bodies are "bodies").
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Entity => "body",
        other => other.name(),
    }
}
