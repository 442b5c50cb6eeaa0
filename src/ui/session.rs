//! One dashboard on one terminal: the state plus what draws it. The local
//! terminal and each `serve` connection drive a `Session` with the same
//! inputs, so both behave alike.

use super::action::Edit;
use super::notes::{Effect, NotesView, Purpose, new_note};
use super::{Action, State, keys, update, view};
use crate::layout::BidiMode;
use crate::notes::{SharedNotes, Stored};
use base64::Engine;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use std::sync::Arc;

/// What a session reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key press.
    Key(KeyEvent),
    /// The terminal's new size.
    Resize(u16, u16),
    /// Text pasted in one go (bracketed paste).
    Paste(String),
    /// The terminal went away or the process was told to stop.
    Stop,
}

/// A dashboard bound to a terminal.
pub struct Session<B: Backend> {
    /// Where frames go.
    pub terminal: Terminal<B>,
    /// What is shown.
    pub state: State,
    /// Control sequences for the terminal itself, to send before the next
    /// frame (the terminal-bidi mode).
    raw: Vec<u8>,
    /// The bidi mode the terminal was last told about.
    told: Option<BidiMode>,
    /// The notes store, shared with the process's other sessions.
    notes: Option<Arc<SharedNotes>>,
    /// Notes to edit in `$EDITOR`, for a runner that can.
    external: Vec<Stored>,
}

/// The terminal-bidi convention (ECMA-48 BDSM, honoured by VTE): explicit
/// mode (`CSI 8 l`) leaves order to us; implicit (`CSI 8 h`) lets the
/// terminal reorder rows, its default.
pub fn bidi_sequence(mode: BidiMode) -> &'static [u8] {
    match mode {
        BidiMode::Terminal => b"\x1b[8h",
        BidiMode::App | BidiMode::AppNoShape => b"\x1b[8l",
    }
}

impl<B: Backend> Session<B> {
    /// Binds `state` to `terminal`.
    pub fn new(terminal: Terminal<B>, state: State) -> Self {
        let mut session = Session {
            terminal,
            state,
            raw: Vec::new(),
            told: None,
            notes: None,
            external: Vec::new(),
        };
        session.tell_bidi();
        session
    }

    /// Draws the current state (after [`Session::take_raw`]'s bytes, if any,
    /// went out).
    pub fn draw(&mut self) -> Result<(), B::Error> {
        let state = &self.state;
        self.terminal.draw(|f| view(state, f))?;
        Ok(())
    }

    /// Connects the notes store and shows its notes.
    pub fn attach_notes(&mut self, notes: Arc<SharedNotes>) {
        self.notes = Some(notes);
        self.reload_notes();
    }

    /// The notes store, if attached.
    pub fn notes(&self) -> Option<&Arc<SharedNotes>> {
        self.notes.as_ref()
    }

    /// Re-reads the notes from the store (after any session saved, or the
    /// watcher saw another process write).
    pub fn reload_notes(&mut self) {
        if let Some(shared) = &self.notes {
            let view = NotesView::build(&self.state.ws, &shared.lock());
            update::loaded(&mut self.state, view);
        }
    }

    /// Notes the user asked to edit in `$EDITOR`.
    pub fn take_external(&mut self) -> Vec<Stored> {
        std::mem::take(&mut self.external)
    }

    /// Carries out what the last update asked for: saves, deletes, copies.
    fn run_effects(&mut self) {
        let mut changed = false;
        for effect in std::mem::take(&mut self.state.effects) {
            match effect {
                Effect::Save { purpose, body } => {
                    let Some(shared) = &self.notes else {
                        let kept = crate::notes::save_draft(
                            &super::notes::draft_file_name(&purpose.draft_key()),
                            &body,
                        );
                        update::saved(&mut self.state, Err(no_store(kept)));
                        continue;
                    };
                    let result = {
                        let mut store = shared.lock();
                        match &purpose {
                            Purpose::New { kind, .. } => {
                                let note = new_note(&purpose, &self.state.author, &body)
                                    .expect("a new note");
                                let what = match kind {
                                    crate::notes::NoteKind::Link => "analyst link saved",
                                    crate::notes::NoteKind::Note => "note saved",
                                };
                                store.add(note).map(|_| what.to_string())
                            }
                            Purpose::Edit { base } => {
                                store.edit(base, &body).map(|o| update::edited_message(&o))
                            }
                        }
                    };
                    changed |= result.is_ok();
                    update::saved(&mut self.state, result);
                }
                Effect::Delete(base) => {
                    let Some(shared) = &self.notes else { continue };
                    let result = shared.lock().delete(&base);
                    changed |= result.is_ok();
                    update::deleted(&mut self.state, result);
                }
                Effect::Copy(text) => self.raw.extend(osc52(&text)),
                Effect::ExternalEdit(base) => self.external.push(base),
            }
        }
        if changed {
            self.reload_notes();
            if let Some(shared) = &self.notes {
                shared.changed();
            }
        }
    }

    /// Control sequences to write to the terminal before the next frame.
    pub fn take_raw(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.raw)
    }

    /// Queues the bidi mode sequence when the mode changed, and a full
    /// redraw: the terminal may have laid the old screen out differently.
    fn tell_bidi(&mut self) {
        if self.told != Some(self.state.bidi) {
            if self.told.is_some() {
                let _ = self.terminal.clear();
            }
            self.told = Some(self.state.bidi);
            self.raw.extend_from_slice(bidi_sequence(self.state.bidi));
        }
    }

    /// Applies one input without drawing, so a caller that received several
    /// at once can draw once for all of them.
    pub fn apply(&mut self, input: Input) -> Result<Applied, B::Error> {
        let action = match input {
            Input::Key(key) if key.kind != KeyEventKind::Release => {
                keys::lookup(update::context(&self.state), key)
            }
            Input::Paste(text) if self.state.editor.is_some() => {
                update::paste(&mut self.state, &text);
                return Ok(Applied::Changed);
            }
            Input::Paste(text) if keys::takes_text(update::context(&self.state)) => {
                // Pasted text is typed, character by character.
                for c in text.chars() {
                    update(&mut self.state, Action::Edit(Edit::Insert(c)));
                }
                return Ok(Applied::Changed);
            }
            Input::Key(_) | Input::Paste(_) => None,
            Input::Resize(w, h) => {
                self.terminal
                    .resize(ratatui::layout::Rect::new(0, 0, w, h))?;
                Some(Action::Resize(w, h))
            }
            Input::Stop => Some(Action::Quit),
        };
        let Some(action) = action else {
            return Ok(Applied::Nothing);
        };
        self.state.now = chrono::Local::now();
        update(&mut self.state, action);
        self.run_effects();
        self.tell_bidi();
        Ok(if self.state.quit {
            Applied::Quit
        } else {
            Applied::Changed
        })
    }
}

/// What [`Session::apply`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The input meant nothing here.
    Nothing,
    /// The state changed: draw.
    Changed,
    /// The user quit.
    Quit,
}

/// Why a save failed when no notes folder is attached.
fn no_store(recovery: crate::notes::Recovery) -> crate::notes::NotesError {
    crate::notes::NotesError::Write {
        path: std::path::PathBuf::from("notes"),
        cause: std::io::Error::other("no notes folder is open in this session"),
        recovery,
    }
}

/// OSC 52: sets the clipboard of the terminal the analyst sits at (over SSH
/// too), since the host's clipboard is of no use to them.
pub fn osc52(text: &str) -> Vec<u8> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{encoded}\x07").into_bytes()
}
