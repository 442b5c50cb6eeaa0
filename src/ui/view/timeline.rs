//! The timeline: a time axis on top when there is room, then every entry
//! with its date as written, its label and its passage.
//!
//! Precision shows as a glyph, on the axis and in the list: `▬` a year
//! (drawn across its whole year on the axis), `▪` a month, `●` a day.

use super::{block, fit, opts, styled};
use crate::date::{PartialDate, Precision};
use crate::layout::snippet;
use crate::text::width::width;
use crate::timeline::{Entry, What};
use crate::ui::chart_areas::{Axis, timeline_areas};
use crate::ui::state::State;
use crate::ui::views::TimelineView;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Cells of the date column: `2022-12-09`.
const DATE_W: usize = 10;

/// The glyph for a date's precision.
fn glyph(date: &PartialDate) -> &'static str {
    match date.precision() {
        Precision::Year => "▬",
        Precision::Month => "▪",
        Precision::Day => "●",
    }
}

/// Events in the link colour, source dates in the mention colour.
fn kind_style(state: &State, entry: &Entry) -> Style {
    match entry.what {
        What::Event(_) => state.palette.link(),
        What::Source(_) => state.palette.mention(),
    }
}

/// What an entry says, in the UI language.
fn label(state: &State, entry: &Entry) -> String {
    match entry.what {
        What::Event(e) => state.ws.events[e].label.get(&state.lang).to_string(),
        What::Source(s) => format!("Source: {}", state.ws.sources[s].title.get(&state.lang)),
    }
}

/// Draws the timeline over `area`.
pub fn draw(state: &State, t: &TimelineView, frame: &mut Frame, area: Rect) {
    let a = timeline_areas(area, &t.data);
    let mut cursor = t.cursor;
    cursor.follow(a.list_items);
    let legend = Line::from(" ▬ year  ▪ month  ● day · events bold, source dates underlined ");
    let legend = if state.palette.no_color {
        legend
    } else {
        Line::from(" ▬ year  ▪ month  ● day · events yellow, source dates green ")
    };
    let block = block(
        state,
        "Timeline · events and source dates",
        true,
        area.width,
    )
    .title_bottom(legend);
    frame.render_widget(block, a.block);
    if let Some(axis) = &a.axis {
        draw_axis(state, t, axis, cursor.selected, frame.buffer_mut());
    }
    let lines = list(state, t, cursor, a.list_items, a.list.width as usize);
    frame.render_widget(Paragraph::new(lines), a.list);
}

/// Marks in lanes above the axis line, ticks and their labels below.
fn draw_axis(state: &State, t: &TimelineView, axis: &Axis, selected: usize, buf: &mut Buffer) {
    let p = &state.palette;
    let r = axis.area;
    let line_y = r.y + axis.lanes as u16;
    buf.set_string(r.x, line_y, "─".repeat(r.width as usize), p.dim());
    let mut free = r.x;
    for (x, label) in &axis.ticks {
        buf.set_string(r.x + x, line_y, "┬", p.dim());
        let at = r.x + x;
        // A label that would touch the previous one or the edge is left out.
        if at >= free && (at as usize + label.len()) <= (r.x + r.width) as usize {
            buf.set_string(at, line_y + 1, label, p.dim());
            free = at + label.len() as u16 + 1;
        }
    }
    // The selected entry last, so it shows on top of any it overlaps.
    let mut marks: Vec<_> = axis.marks.iter().collect();
    marks.sort_by_key(|m| m.entry == selected);
    for m in marks {
        let entry = &t.data.entries[m.entry];
        let style = if m.entry == selected {
            p.current()
        } else {
            kind_style(state, entry)
        };
        let y = line_y - 1 - m.lane as u16;
        let cells = (m.to - m.from + 1) as usize;
        buf.set_string(r.x + m.from, y, glyph(&entry.date).repeat(cells), style);
    }
}

/// Two lines per entry: date, glyph and label; then `SOURCE ¶N` and a
/// snippet around the words that give the date.
fn list(
    state: &State,
    t: &TimelineView,
    cursor: crate::ui::state::Cursor,
    items: usize,
    cells: usize,
) -> Vec<Line<'static>> {
    let p = &state.palette;
    let ws = &state.ws;
    let indent = " ".repeat(2 + DATE_W + 3);
    let mut out = Vec::new();
    for (i, entry) in t
        .data
        .entries
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(items)
    {
        let selected = i == cursor.selected;
        let room = cells.saturating_sub(indent.len());
        let mut first = Line::from(vec![
            Span::raw(if selected { "▶ " } else { "  " }),
            Span::styled(format!("{:<DATE_W$}", entry.date.to_string()), p.heading()),
            Span::raw(" "),
            Span::styled(glyph(&entry.date), kind_style(state, entry)),
            Span::raw(" "),
            Span::raw(fit(state, &label(state, entry), room)),
        ]);
        let mut second = match &entry.span {
            Some(span) => {
                let address = super::address(
                    state,
                    &ws.sources[span.source].id,
                    ws.passage(span).n,
                    room / 3,
                );
                let snip_room = room.saturating_sub(width(&address) + 1);
                let snip = snippet(
                    &ws.passage(span).text,
                    span.range.clone(),
                    snip_room,
                    &opts(state, ws.sources[span.source].lang.as_deref()),
                );
                let mut line = styled(&snip, Style::new(), |hit| {
                    if hit {
                        kind_style(state, entry)
                    } else {
                        Style::new()
                    }
                });
                line.spans.splice(
                    0..0,
                    [
                        Span::raw(indent.clone()),
                        Span::styled(address, p.dim()),
                        Span::raw(" "),
                    ],
                );
                line
            }
            None => Line::from(vec![
                Span::raw(indent.clone()),
                Span::styled(fit(state, "date from themes.yaml", room), p.dim()),
            ]),
        };
        if selected {
            for line in [&mut first, &mut second] {
                let used = line.width();
                line.spans
                    .push(Span::raw(" ".repeat(cells.saturating_sub(used))));
                *line = p.select_line(line.clone(), true);
            }
        }
        out.push(first);
        out.push(second);
    }
    if out.is_empty() {
        out.push(Line::styled("  (no dated event or source)", p.dim()));
    }
    out
}
