//! The help screen, generated from the key table.

use crate::ui::keys::{BINDINGS, Context};
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Every key binding, grouped by where it applies.
pub fn lines(state: &State) -> Vec<Line<'static>> {
    let p = &state.palette;
    let mut out = Vec::new();
    for ctx in Context::ALL {
        out.push(Line::styled(ctx.title(), p.heading()));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<8}", b.label), p.link()),
                Span::styled(b.help, Style::new()),
            ]));
        }
        out.push(Line::default());
    }
    out
}

/// Draws the help over the screen.
pub fn draw(state: &State, frame: &mut Frame, scroll: usize) {
    let all = lines(state);
    let area = frame.area();
    let [area] = Layout::horizontal([Constraint::Max(72)])
        .flex(Flex::Center)
        .areas(area);
    let [area] = Layout::vertical([Constraint::Max(all.len() as u16 + 2)])
        .flex(Flex::Center)
        .areas(area);
    let height = area.height.saturating_sub(2) as usize;
    let scroll = scroll.min(all.len().saturating_sub(height));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(state.palette.border(true))
        .title(" Keys · Esc closes ");
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(all.into_iter().skip(scroll).collect::<Vec<_>>()).block(block),
        area,
    );
}
