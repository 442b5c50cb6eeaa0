//! The Problems view: one problem per two lines, `file:line:col` first.

use super::{block, fit};
use crate::ui::action::Action;
use crate::ui::keys::Context;
use crate::ui::problems::rows;
use crate::ui::state::{Cursor, State};
use crate::workspace::Severity;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

/// Draws the list over `area`.
pub fn draw(state: &State, cursor: Cursor, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let n = state.problems.len();
    let key = |action, written| state.keymap.key(Context::Problems, action, written);
    let title = format!(
        "Problems · {n} · {} goes to the place · {} closes",
        key(Action::Open, "Enter"),
        key(Action::Back, "Esc")
    );
    let block = block(state, &title, true, area.width);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    if n == 0 {
        lines.push(Line::styled(
            "  no problems: the workspace is whole",
            p.dim(),
        ));
    }
    let visible = rows(state);
    for (i, problem) in state
        .problems
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(visible)
    {
        let mark = if i == cursor.selected { "▶ " } else { "  " };
        let file = problem
            .file
            .strip_prefix(&state.ws.root)
            .unwrap_or(&problem.file);
        let at = problem
            .pos
            .map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
        let kind = if problem.severity == Severity::Warning {
            "warning"
        } else {
            "problem"
        };
        let head = format!("{mark}{}{at} · {kind}", file.display());
        let style = if i == cursor.selected {
            p.selected(true)
        } else {
            p.heading()
        };
        lines.push(Line::styled(fit(state, &head, width), style));
        let text = format!("  {} — {}", problem.message, problem.hint);
        lines.push(Line::from(fit(state, &text, width)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
