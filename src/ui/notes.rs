//! The dashboard's side of notes: a snapshot of the notes folder placed in
//! the workspace, the inline editor, kept drafts, and what the UI asks the
//! runner to do with the store ([`Effect`]).

use crate::anchor::TextAnchor;
use crate::model::{Span, Workspace};
use crate::notes::{
    About, Draft, Note, NoteKind, Placement, Store, Stored, Target, TargetRef, place,
};
use chrono::{DateTime, FixedOffset, Local};
use ratatui_textarea::{CursorMove, TextArea};

/// A note and where it stands in the workspace now.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The note as read, with the version edits start from.
    pub stored: Stored,
    /// Its target and anchor, re-attached.
    pub placement: Placement,
}

impl Entry {
    /// Whether the note lost its target or its quoted text.
    pub fn is_orphan(&self) -> bool {
        self.placement.orphan_reason(&self.stored.note).is_some()
    }

    /// Whether the note is about `subject`.
    pub fn is_about(&self, subject: TargetRef) -> bool {
        if self.is_orphan() {
            return false;
        }
        match subject {
            TargetRef::Passage { source, passage } => {
                self.placement.target == Some(subject)
                    || self
                        .placement
                        .span()
                        .is_some_and(|s| s.source == source && s.passage == passage)
            }
            _ => self.placement.target == Some(subject),
        }
    }
}

/// The notes as last read from the store, newest first.
#[derive(Debug, Default)]
pub struct NotesView {
    /// Every note and analyst link.
    pub entries: Vec<Entry>,
    /// The rejected suggestions: kept apart, since no list, search or
    /// export shows them as notes.
    pub rejections: Vec<Entry>,
    /// Malformed note files, as `file:line: what` lines.
    pub problems: Vec<String>,
    /// Why notes cannot be saved, when the folder is read-only.
    pub read_only: Option<String>,
    /// The notes as the exports and the matrix take them.
    pub bundle: crate::notes::Bundle,
}

impl NotesView {
    /// Places every note of `store` in `ws`.
    pub fn build(ws: &Workspace, store: &Store) -> Self {
        let bundle = crate::notes::Bundle::new(ws, store.notes().into_iter().map(|s| &s.note));
        let (rejections, entries) = store
            .notes()
            .into_iter()
            .map(|s| Entry {
                placement: place(ws, &s.note),
                stored: s.clone(),
            })
            .partition(|e| e.stored.note.kind == NoteKind::Rejection);
        NotesView {
            entries,
            rejections,
            problems: store.problems().map(|p| p.to_string()).collect(),
            read_only: store.writable().err().map(|e| e.to_string()),
            bundle,
        }
    }

    /// Notes about `subject`, newest first.
    pub fn about(&self, subject: TargetRef) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.is_about(subject))
            .collect()
    }

    /// Notes that lost their place.
    pub fn orphans(&self) -> Vec<&Entry> {
        self.entries.iter().filter(|e| e.is_orphan()).collect()
    }

    /// Analyst links of theme `t`: (span, entry).
    pub fn links_of(&self, theme: usize) -> impl Iterator<Item = (&Span, &Entry)> {
        self.entries.iter().filter_map(move |e| {
            let link = e.stored.note.kind == NoteKind::Link
                && e.placement.target == Some(TargetRef::Theme(theme));
            e.placement.span().filter(|_| link).map(|s| (s, e))
        })
    }
}

/// What an editor saves to.
#[derive(Debug, Clone)]
pub enum Purpose {
    /// A new note or analyst link.
    New {
        /// Note or link.
        kind: NoteKind,
        /// What it is about.
        target: Target,
        /// The words it is attached to.
        anchor: Option<TextAnchor>,
    },
    /// An edit of a stored note.
    Edit {
        /// The version the edit starts from.
        base: Stored,
    },
}

impl Purpose {
    /// What a draft of this purpose is about.
    pub fn about(&self) -> About {
        match self {
            Purpose::New {
                kind,
                target,
                anchor,
            } => About::New {
                kind: *kind,
                target: target.clone(),
                anchor: anchor.clone(),
            },
            Purpose::Edit { base } => About::Edit {
                id: base.note.id.clone(),
                version: base.version,
                kind: base.note.kind,
                target: base.note.target.clone(),
                anchor: base.note.anchor.clone(),
            },
        }
    }

    /// The purpose a recovered draft's editor saves to. An edit starts from
    /// the version the draft recorded, so a note changed meanwhile goes
    /// through the conflict rule; a note deleted meanwhile is recreated.
    pub fn of_draft(about: &About, notes: &NotesView, author: &str) -> Purpose {
        match about {
            About::New {
                kind,
                target,
                anchor,
            } => Purpose::New {
                kind: *kind,
                target: target.clone(),
                anchor: anchor.clone(),
            },
            About::Edit {
                id,
                version,
                kind,
                target,
                anchor,
            } => {
                let note = notes
                    .entries
                    .iter()
                    .find(|e| &e.stored.note.id == id)
                    .map(|e| e.stored.note.clone())
                    .unwrap_or_else(|| {
                        let mut note = Note::new(*kind, target.clone(), anchor.clone(), author, "");
                        note.id = id.clone();
                        note
                    });
                Purpose::Edit {
                    base: Stored {
                        note,
                        version: *version,
                    },
                }
            }
        }
    }
}

/// Where a draft stands in the workspace now: the theme, body or passage
/// its note is about, if that still exists.
pub fn draft_target(ws: &Workspace, about: &About) -> Option<TargetRef> {
    let probe = Note::new(
        about.kind(),
        about.target().clone(),
        about.anchor().cloned(),
        "",
        "",
    );
    place(ws, &probe).target
}

/// The inline multi-line note editor.
#[derive(Debug)]
pub struct Editor {
    /// The text being written.
    pub area: TextArea<'static>,
    /// Where it goes.
    pub purpose: Purpose,
    /// What the editor is for, for its border.
    pub title: String,
    /// The last save's error, shown until the next try.
    pub error: Option<String>,
    /// The draft file that keeps this text until it is saved or discarded.
    pub draft: String,
}

impl Editor {
    /// An editor for `purpose`, starting from `text`.
    pub fn new(purpose: Purpose, title: String, text: &str, draft: String) -> Self {
        // Text from other people's notes goes through the display sanitizer
        // before the widget draws it; newlines stay.
        let lines: Vec<String> = text
            .split('\n')
            .map(|l| crate::text::sanitize(l).into_owned())
            .collect();
        let mut area = TextArea::new(lines);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Editor {
            area,
            purpose,
            title,
            error: None,
            draft,
        }
    }

    /// The text as typed.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// The cursor as a byte offset of [`Editor::text`].
    pub fn cursor(&self) -> usize {
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let lines = self.area.lines();
        let before: usize = lines.iter().take(row).map(|l| l.len() + 1).sum();
        let line = lines.get(row).map_or("", String::as_str);
        before + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    /// Moves the cursor to byte offset `at` of [`Editor::text`].
    pub fn set_cursor(&mut self, at: usize) {
        let mut rest = at;
        for (row, line) in self.area.lines().iter().enumerate() {
            if rest <= line.len() {
                let col = line[..rest].chars().count();
                let clamp = |n: usize| n.min(u16::MAX as usize) as u16;
                self.area
                    .move_cursor(CursorMove::Jump(clamp(row), clamp(col)));
                return;
            }
            rest -= line.len() + 1;
        }
    }

    /// Whether closing would lose nothing: an empty new note, or an edit
    /// that changed nothing.
    pub fn unchanged(&self) -> bool {
        self.unchanged_with(&self.text())
    }

    /// [`Editor::unchanged`] for `text`, the editor's text already joined
    /// (the autosave looks at it on every key).
    pub fn unchanged_with(&self, text: &str) -> bool {
        match &self.purpose {
            Purpose::Edit { base } => base.note.body == text,
            Purpose::New { .. } => text.trim().is_empty(),
        }
    }

    /// The editor's text as a draft by `author`, written at `now`.
    pub fn as_draft(&self, author: &str, now: DateTime<FixedOffset>) -> Draft {
        self.draft_with(self.text(), author, now)
    }

    /// [`Editor::as_draft`] with `text`, the editor's text already joined.
    pub fn draft_with(&self, text: String, author: &str, now: DateTime<FixedOffset>) -> Draft {
        Draft {
            id: self.draft.clone(),
            about: Some(self.purpose.about()),
            author: author.to_string(),
            saved: now,
            text,
        }
    }
}

/// Something the UI asks its runner to do outside the state.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Save the open editor's text.
    Save {
        /// Where.
        purpose: Purpose,
        /// The text.
        body: String,
        /// The draft that keeps the text until the save succeeds.
        draft: String,
    },
    /// Delete a note (refused if someone changed it meanwhile).
    Delete(Stored),
    /// Edit a note in `$EDITOR` (local terminals only).
    ExternalEdit(Stored),
    /// Put text on the analyst's own clipboard (OSC 52).
    Copy(String),
    /// Write a draft to the analyst's draft store (replacing its earlier
    /// text).
    KeepDraft(Draft),
    /// Remove a draft from the store: its note was saved or thrown away.
    DropDraft(String),
    /// Render an export and write it to the path typed.
    Export {
        /// Which format.
        format: crate::export::Format,
        /// The path as typed (relative to the workspace folder).
        path: String,
    },
    /// Import the document (or folder) at the path typed.
    Import(String),
    /// Read each theme's and body's last change from git (at start and
    /// after each new version of the workspace: once per sync, not per key).
    History,
    /// Sync the workspace through git, true conflicts settled for a side
    /// if one was chosen.
    Sync(Option<crate::sync::Take>),
    /// Apply a curation edit to `themes.yaml`.
    Curate {
        /// The edit.
        edit: crate::curate::Edit,
        /// Why, for what to do with the answer.
        why: crate::ui::state::Why,
    },
    /// Promote the analyst link of this note to a curated link.
    Promote(String),
    /// Bring the note with this id back from the trash.
    Restore(String),
    /// Leave the terminal to the shell until `fg` (the local runner).
    Suspend,
    /// Search, off the UI thread.
    Search {
        /// What was typed.
        query: String,
        /// Only this kind.
        kind: Option<crate::search::Kind>,
        /// Language of the labels.
        lang: String,
    },
}

/// How long ago `t` was, for recent times; else the local date and time.
pub fn when(now: DateTime<Local>, t: &DateTime<FixedOffset>) -> String {
    let secs = now.signed_duration_since(*t).num_seconds();
    match secs {
        s if s < 60 => "just now".into(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        _ => t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A new note about `target`, by `author`.
pub fn new_note(purpose: &Purpose, author: &str, body: &str) -> Option<Note> {
    match purpose {
        Purpose::New {
            kind,
            target,
            anchor,
        } => Some(Note::new(
            *kind,
            target.clone(),
            anchor.clone(),
            author,
            body,
        )),
        Purpose::Edit { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_times_are_relative() {
        let now = Local::now();
        let at = |secs: i64| (now - chrono::Duration::seconds(secs)).fixed_offset();
        assert_eq!(when(now, &at(5)), "just now");
        assert_eq!(when(now, &at(125)), "2 min ago");
        assert_eq!(when(now, &at(3 * 3600 + 5)), "3 h ago");
        assert!(when(now, &at(3 * 86_400)).contains('-'));
    }
}
