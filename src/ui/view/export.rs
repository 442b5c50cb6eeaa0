//! The export prompt, over the panes: the formats and the file path.

use super::block;
use crate::text::width::width;
use crate::ui::export_prompt::{ExportPrompt, FORMATS, name};
use crate::ui::line_edit::LineEdit;
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

/// Cells before each field: `Format  `, `File    `.
const LABEL_W: usize = 8;

/// Draws the prompt centred in `area`.
pub fn draw(state: &State, prompt: &ExportPrompt, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let [area] = Layout::horizontal([Constraint::Max(78)])
        .flex(Flex::Center)
        .areas(area);
    let [area] = Layout::vertical([Constraint::Max(6)])
        .flex(Flex::Center)
        .areas(area);
    let block = block(state, "Export", true);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);

    let mut formats = vec![Span::styled(format!("{:<LABEL_W$}", "Format"), p.heading())];
    for f in FORMATS {
        let chosen = f == prompt.format;
        let text = format!("{} {}", if chosen { "●" } else { "○" }, name(f));
        formats.push(Span::styled(
            text,
            if chosen {
                p.selected(true)
            } else {
                Style::new()
            },
        ));
        formats.push(Span::raw("  "));
    }
    // Too narrow for every format: the chosen one and where it is in the list.
    if Line::from(formats.clone()).width() > inner.width as usize {
        let at = FORMATS
            .iter()
            .position(|&f| f == prompt.format)
            .unwrap_or(0);
        formats.truncate(1);
        formats.push(Span::styled(
            format!("● {}", name(prompt.format)),
            p.selected(true),
        ));
        formats.push(Span::raw(format!("  {} of {}", at + 1, FORMATS.len())));
    }
    let mut file = vec![Span::styled(format!("{:<LABEL_W$}", "File"), p.heading())];
    file.extend(field(
        state,
        &prompt.path,
        (inner.width as usize).saturating_sub(LABEL_W),
    ));
    let help = Line::styled(
        "Enter writes · Esc cancels · ↓/Tab format · relative to the workspace",
        p.dim(),
    );
    let lines = vec![Line::from(formats), Line::from(file), Line::default(), help];
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The field's text in `room` cells, scrolled so the cursor shows; the
/// cursor is a reversed cell.
fn field(state: &State, edit: &LineEdit, room: usize) -> Vec<Span<'static>> {
    let text = edit.text();
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let at = text[..edit.cursor()].graphemes(true).count();
    let rest = |from: usize| graphemes[from..].iter().map(|g| width(g)).sum::<usize>();
    // Start as far left as lets the rest, the cursor cell and a leading `…` fit.
    let mut start = 0;
    while start < at && rest(start) + 1 + usize::from(start > 0) > room {
        start += 1;
    }
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::styled("…", state.palette.dim()));
    }
    let mut used = usize::from(start > 0);
    let cursor = state.palette.current();
    for (i, g) in graphemes.iter().enumerate().skip(start) {
        let w = width(g);
        if used + w > room {
            break;
        }
        used += w;
        let style = if i == at { cursor } else { Style::new() };
        spans.push(Span::styled((*g).to_string(), style));
    }
    if at == graphemes.len() && used < room {
        spans.push(Span::styled(" ", cursor));
    }
    spans
}
