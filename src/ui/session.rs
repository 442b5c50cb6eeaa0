//! One dashboard on one terminal: the state plus what draws it. The local
//! terminal and each `serve` connection drive a `Session` with the same
//! inputs, so both behave alike.

use super::action::Edit;
use super::{Action, State, keys, update, view};
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
}

impl<B: Backend> Session<B> {
    /// Binds `state` to `terminal`.
    pub fn new(terminal: Terminal<B>, state: State) -> Self {
        Session { terminal, state }
    }

    /// Draws the current state.
    pub fn draw(&mut self) -> Result<(), B::Error> {
        let state = &self.state;
        self.terminal.draw(|f| view(state, f))?;
        Ok(())
    }

    /// Applies one input and redraws if anything happened. Returns `false`
    /// once the session is over.
    pub fn handle(&mut self, input: Input) -> Result<bool, B::Error> {
        match self.apply(input)? {
            Applied::Nothing => Ok(true),
            Applied::Changed => self.draw().map(|()| true),
            Applied::Quit => Ok(false),
        }
    }

    /// Applies one input without drawing, so a caller that received several
    /// at once can draw once for all of them.
    pub fn apply(&mut self, input: Input) -> Result<Applied, B::Error> {
        let action = match input {
            Input::Key(key) if key.kind != KeyEventKind::Release => {
                keys::lookup(update::context(&self.state), key)
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
        update(&mut self.state, action);
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
