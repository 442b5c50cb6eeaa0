//! Text being typed, drawn like every other text ([`crate::ui::caret`]):
//! a one-line field scrolled sideways to its cursor, and a soft-wrapped
//! box scrolled down to it. The cursor is a reversed cell at the visual
//! place of the insertion point.

use crate::layout::{LayoutOptions, VisualLine};
use crate::text::width::width;
use crate::ui::caret::{Laid, lay_out};
use crate::ui::line_edit::LineEdit;
use crate::ui::state::State;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

/// A line as cells: each grapheme on its first cell, `None` on the cells
/// a wide one also covers.
fn cells(line: &VisualLine<usize>) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for s in &line.segments {
        for g in s.text.graphemes(true) {
            out.push(Some(g.to_string()));
            for _ in 1..width(g) {
                out.push(None);
            }
        }
    }
    out
}

/// Cells `from..from + room` of `line`, the one at `cursor` reversed; with
/// `selected`, the text drawn as a selection.
fn spans(
    state: &State,
    line: Option<&VisualLine<usize>>,
    from: usize,
    room: usize,
    cursor: Option<usize>,
    selected: bool,
) -> Vec<Span<'static>> {
    let cells = line.map(cells).unwrap_or_default();
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut plain = String::new();
    for x in from..from + room {
        let cell = cells.get(x).cloned().unwrap_or(Some(" ".into()));
        let Some(text) = cell else { continue };
        if Some(x) == cursor {
            out.push(Span::raw(std::mem::take(&mut plain)));
            out.push(Span::styled(text, state.palette.current()));
        } else {
            plain.push_str(&text);
        }
    }
    out.push(Span::raw(plain));
    out.retain(|s| !s.content.is_empty());
    if selected {
        let style = state.palette.selected(true);
        for s in out.iter_mut().filter(|s| !s.content.trim().is_empty()) {
            s.style = s.style.patch(style);
        }
    }
    out
}

/// A one-line field in `room` cells: laid out whole, then the `room` cells
/// around the cursor. `lang` sets the base direction (`en` for a path).
pub fn line_field(
    state: &State,
    edit: &LineEdit,
    room: usize,
    lang: Option<&str>,
) -> Vec<Span<'static>> {
    let room = room.max(1);
    let opts = LayoutOptions {
        mode: state.bidi,
        lang,
    };
    // Wide enough never to wrap.
    let total = room.max(width(edit.text()) + 1);
    let laid = lay_out(edit.text(), total, &opts);
    let (_, x) = laid.position(edit.cursor());
    // A right-aligned line shows its right end (where it starts) first.
    let right = laid.lines.first().is_some_and(|l| {
        l.segments
            .first()
            .is_some_and(|s| s.mark.is_none() && s.text.trim().is_empty())
    });
    let mut from = if right { total - room } else { 0 };
    if x < from {
        from = x;
    } else if x >= from + room {
        from = x + 1 - room;
    }
    spans(
        state,
        laid.lines.first(),
        from,
        room,
        Some(x),
        edit.is_selected(),
    )
}

/// A text box `width` cells wide showing `height` lines, scrolled so the
/// cursor's line shows.
pub fn text_box(
    state: &State,
    text: &str,
    cursor: usize,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let opts = LayoutOptions {
        mode: state.bidi,
        lang: None,
    };
    let laid: Laid = lay_out(text, width, &opts);
    let (row, x) = laid.position(cursor);
    let top = (row + 1).saturating_sub(height.max(1));
    let rows = laid.lines.len().max(1);
    (top..rows.min(top + height))
        .map(|r| {
            let at = (r == row).then_some(x);
            Line::from(spans(state, laid.lines.get(r), 0, width, at, false)).style(Style::new())
        })
        .collect()
}
