//! The export prompt, over the panes: the formats and the file path.

use super::block;
use super::field::line_field;
use crate::ui::action::Action;
use crate::ui::export_prompt::{ExportPrompt, FORMATS, name};
use crate::ui::keys::Context;
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

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
    let block = block(state, "Export", true, area.width);
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
    // A path reads left to right, whatever its folder names.
    file.extend(line_field(
        state,
        &prompt.path,
        (inner.width as usize).saturating_sub(LABEL_W),
        Some("en"),
    ));
    let key = |action, written| state.keymap.key(Context::Export, action, written);
    let help = Line::styled(
        format!(
            "{} writes · {} cancels · {} format · relative to the workspace",
            key(Action::Open, "Enter"),
            key(Action::Back, "Esc"),
            key(Action::Down, "↓/Tab")
        ),
        p.dim(),
    );
    let lines = vec![Line::from(formats), Line::from(file), Line::default(), help];
    frame.render_widget(Paragraph::new(lines), inner);
}
