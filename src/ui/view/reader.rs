//! The reader: a whole source with links and mentions marked.

use super::{block, fit, styled};
use crate::ui::reader::{GUTTER, MarkKind, Reader, SELECTION};
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What the current mark is, for the status bar: its kind and whose it
/// is (`curated link · Cybercrime`, `mention · INTERPOL`).
pub fn mark_name(state: &State, r: &Reader) -> Option<String> {
    let ws = &state.ws;
    let theme = |t: usize| ws.themes[t].name.get(&state.lang);
    let (what, whose) = match r.marks.get(r.current)?.kind {
        MarkKind::Link(t) => ("curated link", theme(t).to_string()),
        MarkKind::Analyst(t) => ("analyst link", theme(t).to_string()),
        MarkKind::Keyword(t) => ("theme keyword", theme(t).to_string()),
        MarkKind::Mention(e) => ("mention", ws.entities[e].name.get(&state.lang).to_string()),
        MarkKind::Note(i) => (
            "note",
            state
                .notes
                .entries
                .get(i)
                .map_or_else(String::new, |e| format!("by {}", e.stored.note.author)),
        ),
    };
    Some(format!("{what} · {whose}"))
}

/// Draws the open reader over `area`.
pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let Some(r) = &state.reader else { return };
    let p = &state.palette;
    let source = &state.ws.sources[r.source];
    let title = format!("{} · {}", source.id, source.title.get(&state.lang));
    let title = fit(state, &title, area.width.saturating_sub(6) as usize);
    // In terminal mode the text is alone on its rows (no border, no
    // gutter): the terminal reorders whole rows.
    let framed = r.gutter() > 0;
    let height = if framed {
        area.height.saturating_sub(2)
    } else {
        area.height
    } as usize;
    let lines: Vec<Line> = r
        .lines
        .iter()
        .skip(r.scroll)
        .take(height)
        .map(|l| {
            let base = if l.heading { p.heading() } else { Style::new() };
            let mut line = styled(&l.line, base, |i| {
                if i == SELECTION {
                    p.selected(true)
                } else if i == r.current {
                    p.current()
                } else {
                    match r.marks[i].kind {
                        // The opened-from theme's links stand out.
                        MarkKind::Link(t) | MarkKind::Analyst(t)
                            if r.from.is_none_or(|from| from == t) =>
                        {
                            p.link()
                        }
                        MarkKind::Link(_) | MarkKind::Analyst(_) => p.other_link(),
                        MarkKind::Mention(_) => p.mention(),
                        MarkKind::Keyword(_) => p.keyword(),
                        MarkKind::Note(_) => p.note(),
                    }
                }
            });
            if framed {
                let gutter = l.gutter.as_deref().unwrap_or("");
                let pad = GUTTER.saturating_sub(crate::text::width::width(gutter));
                line.spans.insert(
                    0,
                    Span::styled(format!("{gutter}{}", " ".repeat(pad)), p.dim()),
                );
            }
            line
        })
        .collect();
    let text = Paragraph::new(lines);
    if framed {
        let mut framed = block(state, &title, true, area.width);
        // The mark is named under the text too: the status bar may be too
        // narrow to hold its name.
        if let Some(name) = mark_name(state, r) {
            let room = area.width.saturating_sub(4) as usize;
            let name = format!("mark {}/{}: {name}", r.current + 1, r.marks.len());
            framed = framed.title_bottom(
                Line::styled(format!(" {} ", fit(state, &name, room)), p.border(true))
                    .right_aligned(),
            );
        }
        frame.render_widget(text.block(framed), area);
    } else {
        frame.render_widget(text, area);
    }
}
