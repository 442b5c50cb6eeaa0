//! `update(state, action)`: the only place the UI state changes. Notes and
//! the reader have their own files; this one dispatches and runs the panes.

mod curate;
mod finder;
mod notes;
mod reader;
mod reload;

pub use curate::curated;
pub(crate) use curate::may_curate;
pub use finder::{finder_rows, found};
pub use notes::{deleted, edited_externally, edited_message, loaded, paste, restored, saved};
pub use reload::{workspace_broken, workspace_changed};

use super::action::Action;
use super::keys::Context;
use super::overlays::Overlay;
use super::reader::Reader;
use super::state::{Cursor, Owner, Pane, Screen, State};
use super::views::Chart;
use super::{concordance, export_prompt, import_prompt, suggest, views};
use crate::layout::BidiMode;
use ratatui::layout::Rect;

/// The key context the state is in: the top overlay's, else the screen's.
/// The title, the hints and the drawing order follow the same stack.
pub fn context(state: &State) -> Context {
    match state.overlays.top() {
        Some(overlay) => overlay.context(),
        None => match state.screen() {
            Screen::Reader => Context::Reader,
            Screen::Chart => match &state.chart {
                Some(Chart::Suggest(v)) if v.reason.is_some() => Context::Reason,
                Some(Chart::Suggest(_)) => Context::Suggest,
                Some(Chart::Concordance(_)) => Context::Concordance,
                _ => Context::Views,
            },
            Screen::Panes => Context::Dashboard,
        },
    }
}

/// Applies `action` to `state`.
pub fn update(state: &mut State, action: Action) {
    // A report stays until the next key.
    if !matches!(action, Action::Resize(..)) {
        state.status = None;
    }
    match action {
        Action::Quit => state.quit = true,
        Action::Suspend => {
            if state.suspendable {
                state.effects.push(super::notes::Effect::Suspend);
            }
        }
        // Bound in the panes, the reader and the views only.
        Action::Problems => super::problems::open(state),
        Action::Resize(w, h) => resize(state, w, h),
        Action::Help => {
            if state.overlays.take_help().is_none() {
                state.overlays.open(Overlay::Help(Default::default()));
            }
        }
        Action::CycleBidi => {
            state.bidi = state.bidi.next();
            let (width, height) = reader_size(state);
            if let Some(r) = &mut state.reader {
                r.mode = state.bidi;
                r.relayout(&state.ws, width);
                r.scroll = r.scroll.min(r.max_scroll(height));
            }
            // The concordance loses its frame in the terminal mode.
            views::resize(state);
        }
        Action::CycleLang => {
            let langs = &state.languages;
            let at = langs.iter().position(|l| *l == state.lang);
            if let Some(next) = at.map_or(langs.first(), |i| langs.get((i + 1) % langs.len())) {
                state.lang = next.clone();
            }
        }
        _ => match context(state) {
            Context::Help | Context::HelpFind => super::help::update(state, action),
            Context::Confirm => notes::confirm(state, action),
            Context::Export => export_prompt::update(state, action),
            Context::Import => import_prompt::update(state, action),
            Context::Finder => finder::finder(state, action),
            Context::Problems => super::problems::update(state, action),
            Context::Editor => notes::editor(state, action),
            Context::Form => curate::form(state, action),
            Context::Picker if action == Action::CuratedLink => curate::curated_link(state),
            Context::Picker => reader::picker(state, action),
            Context::Select if action == Action::NewEvent => curate::new_event(state),
            Context::Select => reader::select(state, action),
            Context::Dashboard | Context::Reader
                if matches!(action, Action::Undo | Action::Redo) =>
            {
                curate::undo_redo(state, action)
            }
            Context::Reader => reader::reader(state, action),
            Context::Views => views::update(state, action),
            Context::Suggest => suggest::update(state, action),
            Context::Reason => suggest::reason(state, action),
            Context::Concordance => concordance::update(state, action),
            _ => dashboard(state, action),
        },
    }
}

fn resize(state: &mut State, w: u16, h: u16) {
    state.size = Rect::new(0, 0, w, h);
    let (width, height) = reader_size(state);
    if let Some(r) = &mut state.reader {
        r.relayout(&state.ws, width);
        r.scroll = r.scroll.min(r.max_scroll(height));
    }
    // Every scrolled list keeps its window full at the new size.
    for pane in [Pane::Themes, Pane::Passages, Pane::Entities, Pane::Notes] {
        let (len, visible) = (state.rows_in(pane), visible_rows(state, pane));
        cursor(state, pane).fit(len, visible);
    }
    let details = super::view::details_len(state);
    let height = state.areas().inner_height(Pane::Details);
    state.details_scroll = state.details_scroll.min(details.saturating_sub(height));
    views::resize(state);
    let (len, visible) = (state.problems.len(), super::problems::rows(state));
    if let Some(c) = state.overlays.problems_mut() {
        c.fit(len, visible);
    }
    let visible = finder_rows(state);
    if let Some(f) = state.overlays.finder_mut() {
        let len = f.found.as_ref().map_or(0, |found| found.rows.len());
        f.cursor.fit(len, visible);
    }
    super::help::resize(state);
}

/// Text width and height of the reader for the current size.
pub fn reader_size(state: &State) -> (usize, usize) {
    let main = state.areas().main;
    if state.bidi == BidiMode::Terminal {
        // No border: the text alone on each row.
        return (main.width as usize, main.height.max(1) as usize);
    }
    (
        main.width.saturating_sub(2) as usize,
        main.height.saturating_sub(2).max(1) as usize,
    )
}

fn dashboard(state: &mut State, action: Action) {
    let focus = state.focus;
    let len = state.rows_in(focus);
    let visible = visible_rows(state, focus);
    let page = visible.saturating_sub(1).max(1) as isize;
    let step = |state: &mut State, delta: isize| {
        state.status = None;
        if focus == Pane::Details {
            let max = super::view::details_len(state).saturating_sub(visible);
            state.details_scroll = state.details_scroll.saturating_add_signed(delta).min(max);
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
        Action::Pick(pane, row) => pick(state, pane, row),
        Action::WheelPane(pane, notches) => {
            focus_pane(state, pane);
            // A notch is a row of a list, as an arrow key; Details scrolls
            // lines of text, a few a notch.
            let per = if pane == Pane::Details {
                super::mouse::WHEEL_LINES
            } else {
                1
            };
            let step = if notches < 0 {
                Action::Up
            } else {
                Action::Down
            };
            for _ in 0..usize::from(notches.unsigned_abs()) * per {
                dashboard(state, step);
            }
        }
        Action::Down => step(state, 1),
        Action::Up => step(state, -1),
        Action::PageDown => step(state, page),
        Action::PageUp => step(state, -page),
        Action::Top => step(state, isize::MIN / 2),
        Action::Bottom => step(state, isize::MAX / 2),
        Action::Open => open(state),
        Action::AddNote => notes::add(state),
        Action::EditNote => notes::edit(state),
        Action::DeleteNote => notes::delete(state),
        Action::ToggleOrphans => {
            state.show_orphans = !state.show_orphans;
            state.notes_cursor = Cursor::default();
            focus_pane(state, Pane::Notes);
        }
        Action::Copy => {
            if let Some(span) = state.passage() {
                let text = state.ws.passage(&span).text.to_string();
                notes::copy(state, text, &state.ws.address(&span));
            }
        }
        Action::Matrix | Action::Timeline => views::open(state, action),
        Action::Suggestions => suggest::open(state),
        Action::Concordance => concordance::open(state),
        Action::Export => export_prompt::open(state),
        Action::Import => import_prompt::open(state),
        Action::Sync => super::sync::request(state),
        Action::Find => finder::open(state),
        Action::NewItem => curate::new_item(state),
        Action::EditItem => curate::edit_item(state),
        Action::DeleteItem => curate::delete_item(state),
        Action::AddWord => curate::add_word(state),
        Action::Promote => curate::promote(state),
        _ => {}
    }
}

pub(super) fn focus_pane(state: &mut State, pane: Pane) {
    state.focus = pane;
    match pane {
        Pane::Details | Pane::Notes => state.corner = pane,
        _ => state.subject = pane,
    }
    match pane {
        Pane::Themes => set_owner(state, Owner::Theme),
        Pane::Entities => set_owner(state, Owner::Entity),
        _ => {}
    }
}

/// A click on a row: focuses its pane and selects it, as the arrow keys
/// would have (the subject and the lists under it follow).
fn pick(state: &mut State, pane: Pane, row: usize) {
    focus_pane(state, pane);
    if pane == Pane::Details {
        return;
    }
    let (len, visible) = (state.rows_in(pane), visible_rows(state, pane));
    let c = cursor(state, pane);
    if row >= len || row == c.selected {
        return;
    }
    c.selected = row;
    c.fit(len, visible);
    selection_changed(state, pane);
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
    if pane != Pane::Notes {
        state.notes_cursor = Cursor::default();
    }
    if matches!(pane, Pane::Themes | Pane::Entities) {
        state.passages = Cursor::default();
    }
}

fn open(state: &mut State) {
    match state.focus {
        // The owner stays: Passages now lists this theme's or body's spans.
        Pane::Themes | Pane::Entities => focus_pane(state, Pane::Passages),
        Pane::Passages | Pane::Details => {
            if let Some(span) = state.passage() {
                open_reader(state, &span);
            }
        }
        Pane::Notes => notes::open(state),
    }
}

/// Opens the reader at `span`, its marks including the analyst links and
/// notes. The theme it is opened from (kept when the reader is built again)
/// is the matrix row's, or the Themes selection's when `span` is one of its
/// passages.
pub(crate) fn open_reader(state: &mut State, span: &crate::model::Span) {
    let (width, height) = reader_size(state);
    let from = match (&state.reader, &state.chart) {
        (Some(r), _) => r.from,
        (None, Some(views::Chart::Matrix(m))) => Some(m.rows.selected),
        (None, Some(_)) => None,
        (None, None) => state.theme().filter(|_| {
            state.owner == Owner::Theme
                && state
                    .passage_rows()
                    .iter()
                    .any(|r| r.span.source == span.source && r.span.passage == span.passage)
        }),
    };
    let mut extra = reader::extra(state);
    extra.from = from;
    state.reader = Some(Reader::open(
        &state.ws, span, &extra, width, height, state.bidi,
    ));
}

fn cursor(state: &mut State, pane: Pane) -> &mut Cursor {
    match pane {
        Pane::Themes => &mut state.themes,
        Pane::Entities => &mut state.entities,
        Pane::Notes => &mut state.notes_cursor,
        _ => &mut state.passages,
    }
}

/// Lines each row of a list takes.
pub fn row_height(pane: Pane) -> usize {
    match pane {
        Pane::Passages => 2,
        Pane::Notes => NOTE_ROWS,
        _ => 1,
    }
}

/// Lines a note takes in the Notes pane: a header and the start of its text.
pub const NOTE_ROWS: usize = 3;

/// How many list rows fit in `pane`.
pub fn visible_rows(state: &State, pane: Pane) -> usize {
    (state.areas().inner_height(pane) / row_height(pane)).max(1)
}
