//! The finder's keys: typing searches at once (off the UI thread), Tab
//! filters by kind, Enter jumps to the item in place, Esc goes back.

use super::{Pane, State, focus_pane, open_reader, visible_rows};
use crate::notes::TargetRef;
use crate::ui::action::Action;
use crate::ui::finder::{Finder, Found, Jump, Saved};
use crate::ui::line_edit::LineEdit;
use crate::ui::notes::Effect;
use crate::ui::overlays::Overlay;
use crate::ui::state::Cursor;

/// `/`: opens the finder, remembering where the dashboard was, with the
/// last query selected (typing replaces it) and searched again.
pub(super) fn open(state: &mut State) {
    let saved = Saved {
        focus: state.focus,
        subject: state.subject,
        owner: state.owner,
        cursors: [
            state.themes,
            state.passages,
            state.entities,
            state.notes_cursor,
        ],
        reader: state.reader.clone(),
    };
    state.overlays.open(Overlay::Finder(Box::new(Finder {
        query: LineEdit::selected(&state.last_find),
        kind: None,
        found: None,
        cursor: Cursor::default(),
        saved,
    })));
    if !state.last_find.is_empty() {
        search(state);
    }
}

pub(super) fn finder(state: &mut State, action: Action) {
    let visible = finder_rows(state);
    let Some(f) = state.overlays.finder_mut() else {
        return;
    };
    let rows = f.found.as_ref().map_or(0, |found| found.rows.len());
    match action {
        Action::Edit(edit) => {
            let opts = crate::layout::LayoutOptions {
                mode: state.bidi,
                lang: None,
            };
            f.query.apply_visual(edit, &opts);
            search(state);
        }
        Action::NextPane => {
            f.kind = f.next_kind();
            search(state);
        }
        Action::Down => f.cursor.step(1, rows, visible),
        Action::Up => f.cursor.step(-1, rows, visible),
        // A notch is a result, as an arrow key.
        Action::Wheel(notches) => f.cursor.step(isize::from(notches), rows, visible),
        Action::OpenResult(i) if i < rows => {
            f.cursor.selected = i;
            f.cursor.follow(visible);
            finder(state, Action::Open);
        }
        Action::PageDown => f.cursor.step(visible as isize, rows, visible),
        Action::PageUp => f.cursor.step(-(visible as isize), rows, visible),
        Action::Back => {
            if let Some(f) = state.overlays.take_finder() {
                state.last_find = f.query.text().to_string();
                restore(state, f.saved);
            }
        }
        Action::Open => {
            let jump = f
                .current()
                .then(|| {
                    f.found
                        .as_ref()
                        .and_then(|found| found.rows.get(f.cursor.selected))
                })
                .flatten()
                .map(|r| r.jump.clone());
            if let Some(jump) = jump
                && let Some(f) = state.overlays.take_finder()
            {
                state.last_find = f.query.text().to_string();
                go(state, jump);
            }
        }
        _ => {}
    }
}

/// Asks the runner to search what is typed now.
fn search(state: &mut State) {
    let Some(f) = state.overlays.finder() else {
        return;
    };
    state.effects.push(Effect::Search {
        query: f.query.text().to_string(),
        kind: f.kind,
        lang: state.lang.clone(),
    });
}

/// The worker answered. Answers to older queries are dropped; the
/// selection stays on the first row while the ranking settles.
pub fn found(state: &mut State, found: Found) {
    let Some(f) = state.overlays.finder_mut() else {
        return;
    };
    if found.query != f.query.text() || found.kind != f.kind {
        return;
    }
    let first = f
        .found
        .as_ref()
        .is_none_or(|old| old.query != found.query || old.kind != found.kind);
    if first {
        f.cursor = Cursor::default();
    }
    f.cursor.selected = f.cursor.selected.min(found.rows.len().saturating_sub(1));
    f.found = Some(found);
}

/// Rows of results that fit in the finder.
pub fn finder_rows(state: &State) -> usize {
    (crate::ui::areas::finder_results(state.areas().main).height as usize).max(1)
}

fn restore(state: &mut State, saved: Saved) {
    state.focus = saved.focus;
    state.subject = saved.subject;
    state.owner = saved.owner;
    [
        state.themes,
        state.passages,
        state.entities,
        state.notes_cursor,
    ] = saved.cursors;
    state.reader = saved.reader;
}

/// Moves the dashboard to a found item.
fn go(state: &mut State, jump: Jump) {
    state.reader = None;
    match jump {
        Jump::Theme(t) => select(state, Pane::Themes, t),
        Jump::Entity(e) => select_entity(state, e),
        Jump::Reader(span) => open_reader(state, &span),
        Jump::Note(id) => {
            let Some(entry) = state
                .notes
                .entries
                .iter()
                .find(|e| e.stored.note.id == id)
                .cloned()
            else {
                return state.say("that note is gone", true);
            };
            match entry.placement.target {
                Some(TargetRef::Theme(t)) => select(state, Pane::Themes, t),
                Some(TargetRef::Entity(e)) => select_entity(state, e),
                Some(TargetRef::Passage { .. }) | None => {
                    if let Some(span) = entry.placement.span() {
                        return open_reader(state, &span.clone());
                    }
                    state.show_orphans = entry.is_orphan();
                }
            }
            focus_pane(state, Pane::Notes);
            let at = state
                .note_rows()
                .iter()
                .position(|e| e.stored.note.id == id)
                .unwrap_or(0);
            let visible = visible_rows(state, Pane::Notes);
            state.notes_cursor = Cursor::default();
            state
                .notes_cursor
                .step(at as isize, state.note_rows().len(), visible);
        }
    }
}

/// Selects partner body `e` in its tree.
fn select_entity(state: &mut State, e: usize) {
    let row = state
        .entity_rows
        .iter()
        .position(|r| r.entity == e)
        .unwrap_or(0);
    select(state, Pane::Entities, row);
}

fn select(state: &mut State, pane: Pane, row: usize) {
    focus_pane(state, pane);
    let len = state.rows_in(pane);
    let visible = visible_rows(state, pane);
    let cursor = match pane {
        Pane::Themes => &mut state.themes,
        _ => &mut state.entities,
    };
    *cursor = Cursor::default();
    cursor.step(row as isize, len, visible);
    state.passages = Cursor::default();
}
