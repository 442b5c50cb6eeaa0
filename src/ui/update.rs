//! `update(state, action)`: the only place the UI state changes.

use super::action::Action;
use super::keys::Context;
use super::reader::Reader;
use super::state::{Cursor, Owner, Pane, State};
use super::{export_prompt, views};
use ratatui::layout::Rect;

/// The key context the state is in.
pub fn context(state: &State) -> Context {
    if state.help.is_some() {
        Context::Help
    } else if state.export.is_some() {
        Context::Export
    } else if state.reader.is_some() {
        Context::Reader
    } else if state.chart.is_some() {
        Context::Views
    } else {
        Context::Dashboard
    }
}

/// Applies `action` to `state`.
pub fn update(state: &mut State, action: Action) {
    // A report stays until the next key.
    if !matches!(action, Action::Resize(..)) {
        state.message = None;
    }
    match action {
        Action::Quit => state.quit = true,
        Action::Resize(w, h) => resize(state, w, h),
        Action::Help => state.help = if state.help.is_some() { None } else { Some(0) },
        Action::CycleLang => {
            let langs = &state.languages;
            let at = langs.iter().position(|l| *l == state.lang);
            if let Some(next) = at.map_or(langs.first(), |i| langs.get((i + 1) % langs.len())) {
                state.lang = next.clone();
            }
        }
        _ if state.help.is_some() => help(state, action),
        _ if state.export.is_some() => export_prompt::update(state, action),
        _ if state.reader.is_some() => reader(state, action),
        _ if state.chart.is_some() => views::update(state, action),
        _ => dashboard(state, action),
    }
}

fn resize(state: &mut State, w: u16, h: u16) {
    state.size = Rect::new(0, 0, w, h);
    let (width, height) = reader_size(state);
    if let Some(r) = &mut state.reader {
        r.relayout(&state.ws, width);
        r.scroll = r.scroll.min(r.max_scroll(height));
    }
    for pane in [Pane::Themes, Pane::Passages, Pane::Entities] {
        let visible = visible_rows(state, pane);
        cursor(state, pane).follow(visible);
    }
    views::resize(state);
}

/// Text width and height of the reader for the current size.
pub fn reader_size(state: &State) -> (usize, usize) {
    let main = state.areas().main;
    (
        main.width.saturating_sub(2) as usize,
        main.height.saturating_sub(2).max(1) as usize,
    )
}

fn help(state: &mut State, action: Action) {
    let scroll = state.help.get_or_insert(0);
    match action {
        Action::Back => state.help = None,
        Action::Down => *scroll += 1,
        Action::Up => *scroll = scroll.saturating_sub(1),
        _ => {}
    }
}

fn reader(state: &mut State, action: Action) {
    let (width, height) = reader_size(state);
    let Some(r) = &mut state.reader else { return };
    let max = r.max_scroll(height);
    match action {
        Action::Back => state.reader = None,
        Action::Down => r.scroll = (r.scroll + 1).min(max),
        Action::Up => r.scroll = r.scroll.saturating_sub(1),
        Action::PageDown => r.scroll = (r.scroll + height.saturating_sub(1).max(1)).min(max),
        Action::PageUp => r.scroll = r.scroll.saturating_sub(height.saturating_sub(1).max(1)),
        Action::Top => r.scroll = 0,
        Action::Bottom => r.scroll = max,
        Action::NextMark | Action::PrevMark if !r.marks.is_empty() => {
            let n = r.marks.len();
            r.current = if action == Action::NextMark {
                (r.current + 1) % n
            } else {
                (r.current + n - 1) % n
            };
            // Relayout so the current mark shows on top of any it overlaps.
            r.relayout(&state.ws, width);
            r.scroll_to_current(height);
        }
        _ => {}
    }
}

fn dashboard(state: &mut State, action: Action) {
    let focus = state.focus;
    let len = state.rows_in(focus);
    let visible = visible_rows(state, focus);
    let page = visible.saturating_sub(1).max(1) as isize;
    let step = |state: &mut State, delta: isize| {
        if focus == Pane::Details {
            state.details_scroll = state.details_scroll.saturating_add_signed(delta);
        } else {
            cursor(state, focus).step(delta, len, visible);
            selection_changed(state, focus);
        }
    };
    match action {
        Action::NextPane | Action::PrevPane => {
            let i = Pane::ALL.iter().position(|p| *p == focus).unwrap_or(0);
            let next = if action == Action::NextPane {
                i + 1
            } else {
                i + Pane::ALL.len() - 1
            };
            focus_pane(state, Pane::ALL[next % Pane::ALL.len()]);
        }
        Action::Focus(p) => focus_pane(state, p),
        Action::Down => step(state, 1),
        Action::Up => step(state, -1),
        Action::PageDown => step(state, page),
        Action::PageUp => step(state, -page),
        Action::Top => step(state, isize::MIN / 2),
        Action::Bottom => step(state, isize::MAX / 2),
        Action::Open => open(state),
        Action::Matrix | Action::Timeline => views::open(state, action),
        Action::Export => export_prompt::open(state),
        _ => {}
    }
}

fn focus_pane(state: &mut State, pane: Pane) {
    state.focus = pane;
    if pane != Pane::Details {
        state.subject = pane;
    }
    match pane {
        Pane::Themes => set_owner(state, Owner::Theme),
        Pane::Entities => set_owner(state, Owner::Entity),
        _ => {}
    }
}

/// Switches what the Passages pane lists, resetting its selection.
fn set_owner(state: &mut State, owner: Owner) {
    if state.owner != owner {
        state.owner = owner;
        state.passages = Cursor::default();
        state.details_scroll = 0;
    }
}

fn selection_changed(state: &mut State, pane: Pane) {
    state.details_scroll = 0;
    if matches!(pane, Pane::Themes | Pane::Entities) {
        state.passages = Cursor::default();
    }
}

fn open(state: &mut State) {
    match state.focus {
        // The owner stays: Passages now lists this theme's or body's spans.
        Pane::Themes | Pane::Entities => focus_pane(state, Pane::Passages),
        Pane::Passages | Pane::Details => {
            let Some(span) = state.passage().cloned() else {
                return;
            };
            let (width, height) = reader_size(state);
            state.reader = Some(Reader::open(&state.ws, &span, width, height));
        }
    }
}

fn cursor(state: &mut State, pane: Pane) -> &mut Cursor {
    match pane {
        Pane::Themes => &mut state.themes,
        Pane::Entities => &mut state.entities,
        _ => &mut state.passages,
    }
}

/// How many list rows fit in `pane` (passage rows take two lines).
pub fn visible_rows(state: &State, pane: Pane) -> usize {
    let inner = state.areas().inner_height(pane, pane);
    if pane == Pane::Passages {
        (inner / 2).max(1)
    } else {
        inner
    }
}
