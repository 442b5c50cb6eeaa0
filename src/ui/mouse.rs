//! Mouse reports → actions: a pure function of the state and the screen's
//! areas ([`super::areas`], the same split `view` draws), so a click means
//! what is drawn under it. Only presses and the wheel count: the terminal
//! is asked for button reports alone (modes 1000 and 1006, never motion),
//! so an idle dashboard neither sends nor receives anything.

use super::action::Action;
use super::areas::{self, Body};
use super::keys::Context;
use super::state::{Pane, State};
use super::update::{context, finder_rows, row_height, visible_rows};
use crate::text::width::width;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

/// Lines of text (the reader, the help, Details) one wheel notch scrolls;
/// in a list a notch moves one row, as an arrow key.
pub const WHEEL_LINES: usize = 3;

/// Turns mouse tracking on: button presses and releases, the wheel (1000),
/// reported as SGR sequences (1006), which carry any column.
pub const ENABLE: &[u8] = b"\x1b[?1000h\x1b[?1006h";

/// Turns mouse tracking off again.
pub const DISABLE: &[u8] = b"\x1b[?1006l\x1b[?1000l";

/// What a mouse report asks for, in the state's current context: a click
/// on a pane's row selects it, on a tab or a border focuses its pane, on a
/// finder result opens it; the wheel scrolls what it is over (in the
/// matrix, timeline, suggestions, concordance and problems, it moves as the
/// arrow keys).
pub fn action(state: &State, event: MouseEvent) -> Option<Action> {
    let at = Position::new(event.column, event.row);
    let notches = match event.kind {
        MouseEventKind::ScrollUp => -1,
        MouseEventKind::ScrollDown => 1,
        MouseEventKind::Down(MouseButton::Left) => 0,
        _ => return None,
    };
    match context(state) {
        Context::Dashboard => panes(state, at, notches),
        Context::Reader | Context::Help | Context::HelpFind if notches != 0 => {
            Some(Action::Wheel(notches))
        }
        Context::Finder => finder(state, at, notches),
        // Lists of their own: a notch is a row, as an arrow key.
        Context::Views | Context::Suggest | Context::Concordance | Context::Problems
            if notches != 0 =>
        {
            Some(if notches < 0 {
                Action::Up
            } else {
                Action::Down
            })
        }
        _ => None,
    }
}

/// Over the panes (or the narrow tab bar).
fn panes(state: &State, at: Position, notches: i8) -> Option<Action> {
    let areas = state.areas();
    if let Body::Tabs { bar, .. } = areas.body
        && bar.contains(at)
    {
        return (notches == 0).then(|| tab(state, bar, at)).flatten();
    }
    let (pane, rect) = Pane::ALL.into_iter().find_map(|p| {
        areas
            .pane(p, state.focus, state.corner)
            .filter(|r| r.contains(at))
            .map(|r| (p, r))
    })?;
    if notches != 0 {
        return Some(Action::WheelPane(pane, notches));
    }
    let inner = areas::inner(rect);
    if pane == Pane::Details || !inner.contains(at) {
        return Some(Action::Focus(pane));
    }
    let offset = match pane {
        Pane::Themes => state.themes.offset,
        Pane::Passages => state.passages.offset,
        Pane::Entities => state.entities.offset,
        _ => state.notes_cursor.offset,
    };
    let shown = usize::from(at.y - inner.y) / row_height(pane);
    let row = offset + shown;
    if shown < visible_rows(state, pane) && row < state.rows_in(pane) {
        Some(Action::Pick(pane, row))
    } else {
        Some(Action::Focus(pane))
    }
}

/// The tab of the narrow tab bar under `at`, laid out as `view` draws it.
fn tab(state: &State, bar: Rect, at: Position) -> Option<Action> {
    let gap = width(super::view::TAB_GAP);
    let mut x = usize::from(bar.x);
    for (pane, label) in super::view::tab_labels(state) {
        let end = x + width(&label);
        if (x..end).contains(&usize::from(at.x)) {
            return Some(Action::Focus(pane));
        }
        x = end + gap;
    }
    None
}

/// Over the finder: the wheel moves through the results, a click on one
/// opens it.
fn finder(state: &State, at: Position, notches: i8) -> Option<Action> {
    if notches != 0 {
        return Some(Action::Wheel(notches));
    }
    let results = areas::finder_results(state.areas().main);
    if !results.contains(at) {
        return None;
    }
    let f = state.overlays.finder()?;
    let shown = usize::from(at.y - results.y);
    let row = f.cursor.offset + shown;
    let rows = f.found.as_ref().map_or(0, |found| found.rows.len());
    (f.current() && shown < finder_rows(state) && row < rows).then_some(Action::OpenResult(row))
}
