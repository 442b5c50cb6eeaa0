//! The finder overlay: the query, the kind filter, ranked results with
//! their matched characters marked (through the right-to-left layout).

use super::field::line_field;
use super::{fit, opts, styled};
use crate::layout::layout;
use crate::search::Kind;
use crate::text::width::width;
use crate::ui::finder::{Finder, Row};
use crate::ui::state::State;
use crate::ui::update::finder_rows;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

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
        .title(" Find · Tab kind · Enter go · Esc back ");
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

/// One result: kind, label, and the matched text in context.
fn row(state: &State, r: &Row, selected: bool, room: usize) -> Line<'static> {
    let p = &state.palette;
    let kind = kind_name(r.kind);
    let mut spans = vec![
        Span::raw(if selected { "▶ " } else { "  " }),
        Span::styled(format!("{kind:<KIND_W$}"), p.dim()),
    ];
    let label_room = (room / 3).clamp(8, 40);
    let label = fit(state, &r.label, label_room);
    let label_w = width(&label);
    spans.push(Span::styled(label, p.heading()));
    spans.push(Span::raw("  "));
    let text_room = room.saturating_sub(2 + KIND_W + label_w + 2).max(1);
    if !r.text.is_empty() && r.text != r.label {
        let marks: Vec<crate::layout::Mark<()>> = r
            .marks
            .iter()
            .map(|m| crate::layout::Mark {
                range: m.clone(),
                tag: (),
            })
            .collect();
        // The line that holds the first match, laid out in display order.
        let lines = layout(&r.text, &marks, text_room, &opts(state, None));
        let first = r.marks.first().map_or(0, |m| m.start);
        let line = lines
            .iter()
            .find(|l| l.source.end > first)
            .or(lines.first());
        if let Some(line) = line {
            spans.extend(styled(line, Style::new(), |()| p.link()).spans);
        }
    }
    let line = Line::from(spans);
    if selected {
        p.select_line(line, true)
    } else {
        line
    }
}

/// A kind as the dashboard calls it (partner bodies are "bodies").
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Entity => "body",
        other => other.name(),
    }
}
