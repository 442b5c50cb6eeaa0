//! The import prompt, over the panes: the path and where it is read from.

use super::block;
use super::field::line_field;
use crate::ui::action::Action;
use crate::ui::import_prompt::ImportPrompt;
use crate::ui::keys::Context;
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// Cells before the field: `Path    `.
const LABEL_W: usize = 8;

/// Draws the prompt centred in `area`.
pub fn draw(state: &State, prompt: &ImportPrompt, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let [area] = Layout::horizontal([Constraint::Max(78)])
        .flex(Flex::Center)
        .areas(area);
    let [area] = Layout::vertical([Constraint::Max(7)])
        .flex(Flex::Center)
        .areas(area);
    let block = block(state, "Import a document", true, area.width);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let mut path = vec![Span::styled(format!("{:<LABEL_W$}", "Path"), p.heading())];
    path.extend(line_field(
        state,
        &prompt.path,
        (inner.width as usize).saturating_sub(LABEL_W),
        Some("en"),
    ));
    let from = if state.confine_imports {
        "a file in the workspace's inbox/ folder (a name, or a path under it)"
    } else {
        "a file or folder, relative to the workspace: .txt .md .html .docx .pdf"
    };
    let help = if prompt.sending {
        "importing…".to_string()
    } else {
        format!(
            "{} imports · {} cancels",
            state.keymap.key(Context::Import, Action::Open, "Enter"),
            state.keymap.key(Context::Import, Action::Back, "Esc")
        )
    };
    let lines = vec![
        Line::from(path),
        Line::styled(from, p.dim()),
        Line::default(),
        Line::styled(help, p.dim()),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}
