//! One dashboard on one terminal: the state plus what draws it. The local
//! terminal and each `serve` connection drive a `Session` with the same
//! inputs, so both behave alike.

use super::{Action, State, keys, update, view};
use crate::layout::BidiMode;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

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
        update(&mut self.state, action);
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
