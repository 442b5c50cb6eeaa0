//! The help screen, generated from the key table: scrolled, narrowed by a
//! search, saying when more rows follow.

use crate::text::sanitize;
use crate::ui::action::Action;
use crate::ui::help::{Help, Row, WIDTH, rows, text_height};
use crate::ui::keys::Context;
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Cells the keys take before a binding's words.
const KEYS: usize = 10;

/// The help's rows as lines, the words cut to `room` cells.
fn lines(state: &State, rows: &[Row], room: usize) -> Vec<Line<'static>> {
    let p = &state.palette;
    rows.iter()
        .map(|r| match r {
            Row::Heading(ctx) => Line::styled(ctx.title(), p.heading()),
            Row::Key(e) => Line::from(vec![
                Span::styled(format!("  {:<8}", e.label), p.link()),
                // Laid out like data: the clitics' Arabic reads right.
                Span::styled(super::fit(state, e.binding.help, room), Style::new()),
            ]),
            Row::Blank => Line::default(),
        })
        .collect()
}

/// Draws the help over the screen.
pub fn draw(state: &State, frame: &mut Frame, help: &Help) {
    let p = &state.palette;
    let rows = rows(&state.keymap, help.query.text());
    let height = text_height(state, help, rows.len());
    let searching = help.typing || !help.query.text().is_empty();
    let area = state.areas().main;
    let [area] = Layout::horizontal([Constraint::Max(WIDTH)])
        .flex(Flex::Center)
        .areas(area);
    let all = lines(state, &rows, (area.width as usize).saturating_sub(2 + KEYS));
    let box_height = (height + 2 + usize::from(searching)) as u16;
    let [area] = Layout::vertical([Constraint::Length(box_height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let scroll = help.scroll.min(all.len().saturating_sub(height));
    let shown_to = (scroll + height).min(all.len());
    // Where the view is, and that more follows: visible without colour.
    let key = |context, action, written| state.keymap.key(context, action, written);
    let place = if all.is_empty() {
        format!(
            " no key matches · {} clears ",
            key(Context::HelpFind, Action::Back, "Esc")
        )
    } else if all.len() <= height && searching {
        let keys = rows.iter().filter(|r| matches!(r, Row::Key(_))).count();
        format!(" {keys} key{} found ", if keys == 1 { "" } else { "s" })
    } else if all.len() <= height {
        " all keys shown ".to_string()
    } else {
        let more = if shown_to < all.len() {
            format!(
                " · ↓ more: {}",
                key(Context::Help, Action::PageDown, "PgDn/Space")
            )
        } else {
            " · end".into()
        };
        format!(" rows {}–{shown_to} of {}{more} ", scroll + 1, all.len())
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(p.border(true))
        .title(format!(
            " Keys · {} searches · {} closes ",
            key(Context::Help, Action::Find, "/"),
            key(Context::Help, Action::Back, "Esc")
        ))
        .title_bottom(Line::styled(place, p.key()).right_aligned());
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut text: Vec<Line> = all.into_iter().skip(scroll).take(height).collect();
    if searching {
        text.resize(height, Line::default());
        let cursor = if help.typing { "▏" } else { "" };
        text.push(Line::from(vec![
            Span::styled("/ ", p.key()),
            Span::raw(sanitize(help.query.text()).into_owned()),
            Span::raw(cursor),
        ]));
    }
    frame.render_widget(Paragraph::new(text), inner);
}
