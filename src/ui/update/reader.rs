//! The reader's keys, and choosing words in it for an analyst link.

use super::notes;
use super::reader_size;
use crate::notes::{NoteKind, Target, TargetRef};
use crate::ui::action::Action;
use crate::ui::notes::Purpose;
use crate::ui::overlays::Overlay;
use crate::ui::reader::Extra;
use crate::ui::state::{Picker, Selection, State};

pub(super) fn reader(state: &mut State, action: Action) {
    let (width, height) = reader_size(state);
    let Some(r) = &mut state.reader else { return };
    let max = r.max_scroll(height);
    match action {
        Action::Back => state.reader = None,
        Action::Down => r.scroll = (r.scroll + 1).min(max),
        Action::Up => r.scroll = r.scroll.saturating_sub(1),
        Action::Wheel(notches) => {
            let lines = isize::from(notches) * crate::ui::mouse::WHEEL_LINES as isize;
            r.scroll = r.scroll.saturating_add_signed(lines).min(max);
        }
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
        Action::Find => super::finder::open(state),
        Action::Select => {
            let (source, passage) = (r.source, r.focus_passage());
            let selection = Selection::whole(&state.ws, source, passage);
            state.overlays.open(Overlay::Selection(selection));
            show_selection(state);
        }
        Action::AddNote => {
            let (source, passage) = (r.source, r.focus_passage());
            let anchor = r.current_span().filter(|s| s.passage == passage);
            let target = Target::Passage {
                source: state.ws.sources[source].id.clone(),
                n: passage + 1,
            };
            let anchor = anchor.map(|s| crate::anchor::TextAnchor::capture(&state.ws, &s));
            let title = format!("Note on {}:{}", state.ws.sources[source].id, passage + 1);
            notes::open_editor(
                state,
                Purpose::New {
                    kind: NoteKind::Note,
                    target,
                    anchor,
                },
                title,
            );
        }
        Action::Copy => {
            if let Some(span) = r.current_span() {
                let text = state.ws.span_text(&span).to_string();
                let what = format!("the marked words of {}", state.ws.address(&span));
                notes::copy(state, text, &what);
            }
        }
        _ => {}
    }
}

/// Narrowing the selection word by word, or moving it to another passage.
pub(super) fn select(state: &mut State, action: Action) {
    let Some(sel) = state.overlays.selection_mut() else {
        return;
    };
    let count = state.ws.sources[sel.source].passages.len();
    match action {
        Action::Back => {
            state.overlays.take_selection();
        }
        Action::MoveStart(d) => {
            sel.first = sel.first.saturating_add_signed(d as isize).min(sel.last)
        }
        Action::MoveEnd(d) => {
            sel.last = sel
                .last
                .saturating_add_signed(d as isize)
                .max(sel.first)
                .min(sel.words.len().saturating_sub(1))
        }
        Action::Down | Action::Up => {
            let next = if action == Action::Down {
                sel.passage + 1
            } else {
                sel.passage.wrapping_sub(1)
            };
            if next < count {
                *sel = Selection::whole(&state.ws, sel.source, next);
            }
        }
        Action::Open if !sel.words.is_empty() => {
            let span = sel.span();
            // The picker starts on the theme the reader was opened from.
            let cursor = state.reader.as_ref().and_then(|r| r.from).unwrap_or(0);
            state
                .overlays
                .open(Overlay::Picker(Picker { span, cursor }));
        }
        Action::DropClitic => {
            let text = &state.ws.sources[sel.source].passages[sel.passage].text;
            if let Some(w) = sel.words.get_mut(sel.first) {
                let word = &text[w.clone()];
                let clitic = crate::text::phrase::clitic_len(word);
                if clitic == 0 {
                    state.say("the first word has no clitic to drop", false);
                } else {
                    w.start += clitic;
                }
            }
        }
        _ => {}
    }
    show_selection(state);
}

/// Choosing the theme; Enter opens the editor for the link's optional note.
pub(super) fn picker(state: &mut State, action: Action) {
    let Some(p) = state.overlays.picker_mut() else {
        return;
    };
    let themes = state.ws.themes.len();
    match action {
        Action::Back => {
            state.overlays.take_picker();
        }
        Action::Down => p.cursor = (p.cursor + 1).min(themes.saturating_sub(1)),
        Action::Up => p.cursor = p.cursor.saturating_sub(1),
        Action::Open if themes > 0 => {
            let (theme, span) = (p.cursor, p.span.clone());
            state.overlays.take_picker();
            state.overlays.take_selection();
            let target = Target::Item(state.ws.themes[theme].id.clone());
            let anchor = Some(crate::anchor::TextAnchor::capture(&state.ws, &span));
            let title = format!(
                "Analyst link {} → {} (note optional; C-s saves)",
                state.ws.address(&span),
                state.ws.themes[theme].name.get(&state.lang)
            );
            notes::open_editor(
                state,
                Purpose::New {
                    kind: NoteKind::Link,
                    target,
                    anchor,
                },
                title,
            );
        }
        _ => {}
    }
}

/// The analyst links, anchored notes and noted passages the reader marks.
pub(super) fn extra(state: &State) -> Extra {
    let analyst = (0..state.ws.themes.len())
        .flat_map(|t| state.notes.links_of(t).map(move |(s, _)| (t, s.clone())))
        .collect();
    let mut extra = Extra {
        analyst,
        ..Extra::default()
    };
    for (i, e) in state.notes.entries.iter().enumerate() {
        if e.is_orphan() || e.stored.note.kind == NoteKind::Link {
            continue;
        }
        if let Some(span) = e.placement.span() {
            extra.notes.push((i, span.clone()));
            extra.noted.push((span.source, span.passage));
        } else if let Some(TargetRef::Passage { source, passage }) = e.placement.target {
            extra.noted.push((source, passage));
        }
    }
    extra
}

/// Scrolls the reader to the selection and marks it.
fn show_selection(state: &mut State) {
    let (width, height) = reader_size(state);
    let span = state.overlays.selection().map(Selection::span);
    if let Some(r) = &mut state.reader {
        r.set_selection(&state.ws, span, width);
        r.scroll_to_selection(height);
    }
}
