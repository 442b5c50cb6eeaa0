//! The concordance: a keyword-in-context line per mention, the key column
//! fixed, the matched words marked. In the terminal mode the lines take
//! whole rows without a frame ([`crate::ui::concordance::lines_area`]).

use super::{block, fit, opts};
use crate::layout::{Columns, Part, kwic};
use crate::ui::concordance::{ConcordanceView, lines_area};
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the concordance over `area`.
pub fn draw(state: &State, c: &ConcordanceView, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let ws = &state.ws;
    let (lines, framed) = lines_area(area, state.bidi);
    let n = c.order.len();
    let title = format!(
        "Concordance · {} · {n} mention{} · {}",
        c.target.name(ws, &state.lang),
        if n == 1 { "" } else { "s" },
        c.sort.name()
    );
    let here = c
        .span(ws, c.cursor.selected)
        .map(|s| {
            format!(
                " {} ¶{} · {}/{n} ",
                ws.sources[s.source].id,
                s.passage + 1,
                c.cursor.selected + 1
            )
        })
        .unwrap_or_default();
    if framed {
        let b = block(state, &title, true, area.width).title_bottom(
            Line::styled(fit(state, &here, area.width as usize), p.dim()).right_aligned(),
        );
        frame.render_widget(b, area);
    } else {
        let w = area.width as usize;
        let head = Rect::new(area.x, area.y, area.width, 1);
        let foot = Rect::new(
            area.x,
            area.y + area.height.saturating_sub(1),
            area.width,
            1,
        );
        frame.render_widget(
            Paragraph::new(Line::styled(fit(state, &title, w), p.heading())),
            head,
        );
        frame.render_widget(
            Paragraph::new(Line::styled(fit(state, &here, w), p.dim())),
            foot,
        );
    }
    let cols = Columns::new(lines.width as usize, c.key);
    let mut cursor = c.cursor;
    cursor.follow(lines.height as usize);
    let mut out = Vec::new();
    for i in cursor.offset..(cursor.offset + lines.height as usize).min(n) {
        let Some(span) = c.span(ws, i) else { continue };
        let lang = ws.sources[span.source].lang.as_deref();
        let line = kwic(
            &ws.passage(&span).text,
            span.range.clone(),
            cols,
            &opts(state, lang),
        );
        let mut styled = Line::from(
            line.segments
                .iter()
                .map(|s| {
                    let style = match s.mark {
                        Some(Part::Match) => p.mention().add_modifier(Modifier::BOLD),
                        Some(Part::Key) => Style::new().add_modifier(Modifier::BOLD),
                        _ => Style::new(),
                    };
                    Span::styled(s.text.clone(), style)
                })
                .collect::<Vec<_>>(),
        );
        if i == c.cursor.selected {
            styled = styled.patch_style(p.selected(true));
        }
        out.push(styled);
    }
    frame.render_widget(Paragraph::new(out), lines);
}
