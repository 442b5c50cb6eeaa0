//! The Problems view (`!`): every problem of the workspace with its
//! `file:line:col`, and Enter to go to the place it names (the theme of a
//! broken link, or the passage closest to a quote not found).

use super::action::Action;
use super::overlays::Overlay;
use super::state::{Cursor, Pane, State};
use crate::model::Span;

/// Where Enter on a problem goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The passage a quote not found is closest to.
    Passage(Span),
    /// A theme (by index).
    Theme(usize),
    /// A partner body (by index).
    Entity(usize),
}

/// The place problem `i` names, if the workspace still has it.
pub fn place(state: &State, i: usize) -> Option<Place> {
    let problem = state.problems.get(i)?;
    let ws = &state.ws;
    for (t, theme) in ws.themes.iter().enumerate() {
        if let Some(b) = theme.broken.iter().find(|b| b.why == problem.message) {
            return Some(match b.closest {
                Some((source, passage)) => Place::Passage(Span {
                    source,
                    passage,
                    range: 0..0,
                }),
                None => Place::Theme(t),
            });
        }
    }
    // Otherwise the first id the message quotes (`id`).
    let quoted = problem.message.split('`').skip(1).step_by(2);
    for id in quoted {
        if let Some(t) = ws.themes.iter().position(|t| t.id == id) {
            return Some(Place::Theme(t));
        }
        if let Some(e) = ws.entities.iter().position(|e| e.id == id) {
            return Some(Place::Entity(e));
        }
    }
    None
}

/// `!`: opens the list.
pub fn open(state: &mut State) {
    state.overlays.open(Overlay::Problems(Cursor::default()));
}

/// Rows of the list that fit on screen.
pub fn rows(state: &State) -> usize {
    (state.areas().main.height.saturating_sub(2) as usize / 2).max(1)
}

/// Keys in the open list.
pub fn update(state: &mut State, action: Action) {
    let (len, visible) = (state.problems.len(), rows(state));
    let Some(cursor) = state.overlays.problems_mut() else {
        return;
    };
    match action {
        Action::Down => cursor.step(1, len, visible),
        Action::Up => cursor.step(-1, len, visible),
        Action::Back => {
            state.overlays.take_problems();
        }
        Action::Open => {
            let at = cursor.selected;
            match place(state, at) {
                Some(place) => {
                    state.overlays.take_problems();
                    go(state, place);
                }
                None => state.say("this problem names no place in the dashboard", false),
            }
        }
        _ => {}
    }
}

fn go(state: &mut State, place: Place) {
    state.reader = None;
    state.chart = None;
    match place {
        Place::Passage(span) => super::update::open_reader(state, &span),
        Place::Theme(t) => {
            super::update::focus_pane(state, Pane::Themes);
            state.themes = Cursor::default();
            let visible = super::update::visible_rows(state, Pane::Themes);
            state
                .themes
                .step(t as isize, state.ws.themes.len(), visible);
        }
        Place::Entity(e) => {
            let row = state.entity_rows.iter().position(|r| r.entity == e);
            super::update::focus_pane(state, Pane::Entities);
            state.entities = Cursor::default();
            let visible = super::update::visible_rows(state, Pane::Entities);
            let len = state.entity_rows.len();
            state.entities.step(row.unwrap_or(0) as isize, len, visible);
        }
    }
}
