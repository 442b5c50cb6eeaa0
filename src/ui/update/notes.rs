//! Notes in the dashboard: writing, editing, deleting, and what the store
//! answered. The store itself is the runner's ([`crate::ui::Session`]):
//! these functions only change the state and queue [`Effect`]s.

use super::{Pane, State};
use crate::notes::{About, Draft};
use crate::notes::{Deleted, Edited, NoteKind, NotesError, Stored, Target, TargetRef};
use crate::ui::action::Action;
use crate::ui::notes::{Editor, Effect, NotesView, Purpose};
use crate::ui::overlays::Overlay;
use crate::ui::state::{Confirm, Cursor, Step};

/// `a`: a note on the selected theme, body or passage.
pub(super) fn add(state: &mut State) {
    match new_purpose(state) {
        Some((purpose, what)) => open_editor(state, purpose, format!("Note on {what}")),
        None => state.say("select a theme, partner body or passage first", true),
    }
}

/// A new note on the Notes pane's subject, and how to name that subject.
fn new_purpose(state: &State) -> Option<(Purpose, String)> {
    let subject = state.notes_subject()?;
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
    let purpose = Purpose::New {
        kind: NoteKind::Note,
        target,
        anchor,
    };
    Some((purpose, what))
}

/// Opens the editor for `purpose`: on the newest draft for the same thing
/// when there is one (recovered or kept with Esc), else on a new draft.
pub(crate) fn open_editor(state: &mut State, purpose: Purpose, title: String) {
    let about = purpose.about();
    let same = |d: &Draft| match (&d.about, &about) {
        // An edit's draft is the note's whatever version it started from.
        (Some(About::Edit { id: a, .. }), About::Edit { id: b, .. }) => a == b,
        (Some(a), b) => a == b,
        (None, _) => false,
    };
    // `drafts` is newest first.
    let mut matching = state
        .drafts
        .iter()
        .filter(|d| same(d))
        .map(|d| d.id.clone());
    match matching.next() {
        Some(id) => {
            let more = matching.count();
            open_draft(state, &id, Some(title));
            if more > 0 {
                state.say(
                    format!("recovered draft reopened; {more} more for this item in Notes (5)"),
                    false,
                );
            }
        }
        None => {
            let text = match &purpose {
                Purpose::Edit { base } => base.note.body.clone(),
                Purpose::New { .. } => String::new(),
            };
            let draft = state.next_draft_id();
            read_only_warning(state);
            let editor = Editor::new(purpose, title, &text, draft);
            state.overlays.open(Overlay::Editor(Box::new(editor)));
        }
    }
}

/// Opens the draft `id` in the editor (it leaves the drafts list while it
/// is open). Its title is `title`, or one made from what it is about.
pub(crate) fn open_draft(state: &mut State, id: &str, title: Option<String>) {
    let Some(at) = state.drafts.iter().position(|d| d.id == id) else {
        return;
    };
    let draft = state.drafts.remove(at);
    let (purpose, title) = match &draft.about {
        Some(about) => {
            let purpose = Purpose::of_draft(about, &state.notes, &state.author);
            let title = title.unwrap_or_else(|| format!("Draft: {}", about.target()));
            (purpose, title)
        }
        // An old draft with no target: saved as a note on the subject.
        None => match new_purpose(state) {
            Some((purpose, what)) => (purpose, format!("Draft, to save as a note on {what}")),
            None => {
                state.drafts.insert(at, draft);
                return state.say("select a theme, partner body or passage first", true);
            }
        },
    };
    read_only_warning(state);
    state.say(
        format!(
            "recovered draft from {}: C-s saves it, C-d discards it",
            crate::ui::notes::when(state.now, &draft.saved)
        ),
        false,
    );
    let editor = Editor::new(purpose, title, &draft.text, draft.id);
    state.overlays.open(Overlay::Editor(Box::new(editor)));
}

fn read_only_warning(state: &mut State) {
    if let Some(why) = &state.notes.read_only {
        state.say(
            format!("notes are read-only ({why}); what you write is kept as a draft"),
            true,
        );
    }
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

/// Enter on a note: open it in the inline editor; on a draft, reopen it.
pub(super) fn open(state: &mut State) {
    if let Some(id) = state.draft().map(|d| d.id.clone()) {
        return open_draft(state, &id, None);
    }
    let Some(entry) = focused_note(state) else {
        return;
    };
    let base = entry.stored.clone();
    let title = format!("Note by {}", base.note.author);
    open_editor(state, Purpose::Edit { base }, title);
}

/// `d`: ask before deleting the selected note or discarding the draft.
pub(super) fn delete(state: &mut State) {
    if state.focus == Pane::Notes
        && let Some(draft) = state.draft()
    {
        let confirm = Confirm::Discard(draft.id.clone());
        state.overlays.open(Overlay::Confirm(confirm));
        return;
    }
    if let Some(entry) = focused_note(state) {
        let confirm = Confirm::Delete(Box::new(entry.stored.clone()));
        state.overlays.open(Overlay::Confirm(confirm));
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
    if !matches!(action, Action::Answer(_) | Action::Alternative) {
        return;
    }
    let Some(question) = state.overlays.take_confirm() else {
        return;
    };
    let Some(question) = super::curate::confirm(state, question, action) else {
        return;
    };
    if let Confirm::SyncConflict { .. } = question {
        return crate::ui::sync::answer(state, action);
    }
    let Action::Answer(yes) = action else {
        // Not a question with a second way: it stays open.
        return state.overlays.open(Overlay::Confirm(question));
    };
    match question {
        Confirm::Delete(base) if yes => state.effects.push(Effect::Delete(*base)),
        Confirm::Discard(id) if yes => {
            state.drafts.retain(|d| d.id != id);
            state.effects.push(Effect::DropDraft(id));
            state.say("draft thrown away", false);
        }
        _ => {}
    }
}

pub(super) fn editor(state: &mut State, action: Action) {
    // The editor's text is laid out at this width: arrows move through it.
    let width = crate::ui::areas::editor_text_width(state.areas().main);
    let opts = crate::layout::LayoutOptions {
        mode: state.bidi,
        lang: None,
    };
    let Some(ed) = state.overlays.editor_mut() else {
        return;
    };
    match action {
        Action::Type(key) => match visual_move(key) {
            Some(m) => {
                let laid = crate::ui::caret::lay_out(&ed.text(), width, &opts);
                if let Some(at) = laid.moved(ed.cursor(), m) {
                    ed.set_cursor(at);
                }
            }
            None => {
                ed.area.input(key);
            }
        },
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
            let draft = ed.draft.clone();
            state.effects.push(Effect::Save {
                purpose,
                body,
                draft,
            });
        }
        Action::CloseEditor => {
            let unchanged = ed.unchanged();
            let draft = ed.as_draft(&state.author, state.now.fixed_offset());
            state.overlays.take_editor();
            if unchanged {
                // Nothing to keep; an autosaved copy would only clutter.
                state.effects.push(Effect::DropDraft(draft.id));
            } else {
                state.drafts.insert(0, draft.clone());
                state.effects.push(Effect::KeepDraft(draft));
                state.say("draft kept: reopen the note to go on", false);
            }
        }
        Action::Discard => {
            let id = ed.draft.clone();
            state.overlays.take_editor();
            state.effects.push(Effect::DropDraft(id));
            state.say("draft thrown away", false);
        }
        _ => {}
    }
}

/// The arrows and Home/End move on the screen, through the layout; other
/// keys go to the textarea.
fn visual_move(key: ratatui::crossterm::event::KeyEvent) -> Option<crate::ui::caret::Move> {
    use crate::ui::caret::Move;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    if !key.modifiers.difference(KeyModifiers::SHIFT).is_empty() {
        return None;
    }
    Some(match key.code {
        KeyCode::Left => Move::Left,
        KeyCode::Right => Move::Right,
        KeyCode::Up => Move::Up,
        KeyCode::Down => Move::Down,
        KeyCode::Home => Move::Home,
        KeyCode::End => Move::End,
        _ => return None,
    })
}

/// Text pasted into the editor (bracketed paste), as typed.
pub fn paste(state: &mut State, text: &str) {
    if let Some(ed) = state.overlays.editor_mut() {
        // One paste, one undo step; the text is sanitized like any typing.
        // Terminals end pasted lines with CR; files may use LF or CR LF.
        let clean: Vec<String> = crate::text::split_lines(text)
            .map(|l| crate::text::sanitize(l).into_owned())
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
    // Links and rejections leave the suggestions.
    crate::ui::suggest::notes_changed(state);
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

/// What the store said to the save of draft `draft`.
pub fn saved(state: &mut State, draft: &str, result: Result<String, NotesError>) {
    match result {
        Ok(message) => {
            // The editor may have been closed (Esc) while the save ran.
            if state.overlays.editor().is_some_and(|ed| ed.draft == draft) {
                state.overlays.take_editor();
            }
            // A link or rejection saved from the Suggestions view had no
            // editor and no draft.
            if !draft.is_empty() {
                state.drafts.retain(|d| d.id != draft);
                state.effects.push(Effect::DropDraft(draft.to_string()));
            }
            state.say(message, false);
        }
        Err(e) => {
            if draft.is_empty() {
                crate::ui::suggest::not_decided(state);
            }
            // The error names the recovery file the text was kept in.
            let msg = format!("not saved: {e}");
            if let Some(ed) = state.overlays.editor_mut() {
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
        Ok(Deleted::Trashed { id, .. }) => {
            state.undo.push(Step::NoteDeleted { id });
            state.say("note deleted (kept in the trash; u brings it back)", false);
        }
        Ok(Deleted::AlreadyGone) => state.say("someone had already deleted this note", false),
        Err(NotesError::Changed { .. }) => state.say(
            "not deleted: someone changed this note meanwhile; look at it again first",
            true,
        ),
        Err(e) => state.say(format!("not deleted: {e}"), true),
    }
}

/// A deleted note brought back by `u`: `C-r` deletes it again.
pub fn restored(state: &mut State, result: Result<Box<Stored>, NotesError>) {
    match result {
        Ok(base) => {
            let id = base.note.id.clone();
            state.redo.push(Step::NoteRestored { base });
            state.say(format!("undone: note {id} is back"), false);
        }
        Err(e) => state.say(format!("the note could not be brought back: {e}"), true),
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
