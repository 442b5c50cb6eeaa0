//! Notes in the dashboard: writing, editing, deleting, and what the store
//! answered. The store itself is the runner's ([`crate::ui::Session`]):
//! these functions only change the state and queue [`Effect`]s.

use super::{Pane, State};
use crate::notes::{Deleted, Edited, NoteKind, NotesError, Stored, Target, TargetRef};
use crate::ui::action::Action;
use crate::ui::notes::{Editor, Effect, NotesView, Purpose};
use crate::ui::state::{Confirm, Cursor};

/// `a`: a note on the selected theme, body or passage.
pub(super) fn add(state: &mut State) {
    let Some(subject) = state.notes_subject() else {
        return state.say("select a theme, partner body or passage first", true);
    };
    let ws = &state.ws;
    let (target, anchor, what) = match subject {
        TargetRef::Theme(t) => (
            Target::Item(ws.themes[t].id.clone()),
            None,
            ws.themes[t].name.get(&state.lang).to_string(),
        ),
        TargetRef::Entity(e) => (
            Target::Item(ws.entities[e].id.clone()),
            None,
            ws.entities[e].name.get(&state.lang).to_string(),
        ),
        TargetRef::Passage { source, passage } => {
            let span = state
                .passage()
                .filter(|s| s.source == source && s.passage == passage);
            let target = Target::Passage {
                source: ws.sources[source].id.clone(),
                n: passage + 1,
            };
            let anchor = span.map(|s| crate::anchor::TextAnchor::capture(ws, &s));
            (
                target,
                anchor,
                format!("{}:{}", ws.sources[source].id, passage + 1),
            )
        }
    };
    open_editor(
        state,
        Purpose::New {
            kind: NoteKind::Note,
            target,
            anchor,
        },
        format!("Note on {what}"),
    );
}

/// Opens the editor for `purpose`, with its kept draft if there is one.
pub(crate) fn open_editor(state: &mut State, purpose: Purpose, title: String) {
    let start = match &purpose {
        Purpose::Edit { base } => base.note.body.clone(),
        Purpose::New { .. } => String::new(),
    };
    let text = state.drafts.remove(&purpose.draft_key()).unwrap_or(start);
    if let Some(why) = &state.notes.read_only {
        state.say(
            format!("notes are read-only ({why}); what you write is kept in a recovery file"),
            true,
        );
    }
    state.editor = Some(Editor::new(purpose, title, &text));
}

/// `e`: edit the selected note, in `$EDITOR` where there is one.
pub(super) fn edit(state: &mut State) {
    let Some(entry) = focused_note(state) else {
        return;
    };
    let base = entry.stored.clone();
    if state.external_editor {
        state.effects.push(Effect::ExternalEdit(base));
    } else {
        let title = format!("Edit note by {}", base.note.author);
        open_editor(state, Purpose::Edit { base }, title);
    }
}

/// Enter on a note: open it in the inline editor.
pub(super) fn open(state: &mut State) {
    let Some(entry) = focused_note(state) else {
        return;
    };
    let base = entry.stored.clone();
    let title = format!("Note by {}", base.note.author);
    open_editor(state, Purpose::Edit { base }, title);
}

/// `d`: ask before deleting the selected note.
pub(super) fn delete(state: &mut State) {
    if let Some(entry) = focused_note(state) {
        state.confirm = Some(Confirm::Delete(entry.stored.clone()));
    }
}

fn focused_note(state: &mut State) -> Option<&crate::ui::notes::Entry> {
    if state.focus != Pane::Notes {
        state.say("select a note in the Notes pane (5) first", true);
        return None;
    }
    state.note()
}

pub(super) fn confirm(state: &mut State, action: Action) {
    let Action::Answer(yes) = action else { return };
    match state.confirm.take() {
        Some(Confirm::Delete(base)) if yes => state.effects.push(Effect::Delete(base)),
        _ => {}
    }
}

pub(super) fn editor(state: &mut State, action: Action) {
    let Some(ed) = &mut state.editor else { return };
    match action {
        Action::Type(key) => {
            ed.area.input(key);
        }
        Action::Save => {
            let body = ed.text();
            let purpose = ed.purpose.clone();
            if body.trim().is_empty()
                && matches!(
                    purpose,
                    Purpose::New {
                        kind: NoteKind::Note,
                        ..
                    }
                )
            {
                ed.error =
                    Some("the note is empty: write something, or C-d to throw it away".into());
                return;
            }
            state.effects.push(Effect::Save { purpose, body });
        }
        Action::CloseEditor => {
            let (key, text) = (ed.purpose.draft_key(), ed.text());
            let unchanged = match &ed.purpose {
                Purpose::Edit { base } => base.note.body == text,
                Purpose::New { .. } => text.trim().is_empty(),
            };
            state.editor = None;
            if !unchanged {
                state.drafts.insert(key, text);
                state.say("draft kept: reopen the note to go on", false);
            }
        }
        Action::Discard => {
            state.editor = None;
            state.say("draft thrown away", false);
        }
        _ => {}
    }
}

/// Text pasted into the editor (bracketed paste), as typed.
pub fn paste(state: &mut State, text: &str) {
    if let Some(ed) = &mut state.editor {
        // One paste, one undo step; the text is sanitized like any typing.
        let clean: Vec<String> = text
            .split('\n')
            .map(|l| crate::text::sanitize(l.trim_end_matches('\r')).into_owned())
            .collect();
        ed.area.insert_str(clean.join("\n"));
    }
}

/// `y`: puts `text` on the analyst's own clipboard.
pub(crate) fn copy(state: &mut State, text: String, what: &str) {
    let chars = text.chars().count();
    state.effects.push(Effect::Copy(text));
    state.say(
        format!("copied {what} ({chars} characters) to your clipboard"),
        false,
    );
}

/// The notes folder was (re)read.
pub fn loaded(state: &mut State, view: NotesView) {
    state.notes = view;
    // An open reader shows analyst links as marks: build them again.
    if let Some(r) = &state.reader {
        let (scroll, selection) = (r.scroll, r.selection.clone());
        let at = r.current_span().unwrap_or(crate::model::Span {
            source: r.source,
            passage: r.focus_passage(),
            range: 0..0,
        });
        super::open_reader(state, &at);
        let (width, _) = super::reader_size(state);
        if let Some(r) = &mut state.reader {
            r.scroll = scroll;
            if selection.is_some() {
                r.set_selection(&state.ws, selection, width);
            }
        }
    }
    let rows = state.note_rows().len();
    if state.notes_cursor.selected >= rows {
        state.notes_cursor = Cursor::default();
    }
}

/// What the store said to a save.
pub fn saved(state: &mut State, result: Result<String, NotesError>) {
    match result {
        Ok(message) => {
            state.editor = None;
            state.say(message, false);
        }
        Err(e) => {
            // The error names the recovery file the text was kept in.
            let msg = format!("not saved: {e}");
            if let Some(ed) = &mut state.editor {
                // The draft stays open in the editor.
                ed.error = Some(msg.clone());
            }
            state.say(msg, true);
        }
    }
}

/// Describes an edit's outcome.
pub fn edited_message(outcome: &Edited) -> String {
    match outcome {
        Edited::Saved(_) => "note saved".into(),
        Edited::Recreated(_) => {
            "someone had deleted this note; it is saved again with your text".into()
        }
        Edited::Conflict { ours, .. } => format!(
            "someone else changed this note meanwhile: both versions kept (yours is {})",
            ours.note.id
        ),
    }
}

/// What the store said to a delete.
pub fn deleted(state: &mut State, result: Result<Deleted, NotesError>) {
    match result {
        Ok(Deleted::Removed) => state.say("note deleted", false),
        Ok(Deleted::AlreadyGone) => state.say("someone had already deleted this note", false),
        Err(NotesError::Changed { .. }) => state.say(
            "not deleted: someone changed this note meanwhile; look at it again first",
            true,
        ),
        Err(e) => state.say(format!("not deleted: {e}"), true),
    }
}

/// What `$EDITOR` and the store did to an edit.
pub fn edited_externally(state: &mut State, base: &Stored, result: anyhow::Result<Option<Edited>>) {
    match result {
        Ok(None) => state.say(format!("note {} unchanged", base.note.id), false),
        Ok(Some(outcome)) => state.say(
            edited_message(&outcome),
            matches!(outcome, Edited::Conflict { .. }),
        ),
        Err(e) => state.say(format!("not saved: {e:#}"), true),
    }
}
