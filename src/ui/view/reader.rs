//! The reader: a whole source with links and mentions marked.

use super::{block, fit, styled};
use crate::ui::reader::{GUTTER, MarkKind, SELECTION};
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
                        MarkKind::Link(_) | MarkKind::Analyst(_) => p.link(),
                        MarkKind::Mention(_) => p.mention(),
                    }
                }
            });
            if framed {
                let gutter = l.gutter.as_deref().unwrap_or("");
                line.spans
                    .insert(0, Span::styled(format!("{gutter:<GUTTER$}"), p.dim()));
            }
            line
        })
        .collect();
    let text = Paragraph::new(lines);
    if framed {
        frame.render_widget(text.block(block(state, &title, true, area.width)), area);
    } else {
        frame.render_widget(text, area);
    }
}
