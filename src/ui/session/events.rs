//! What a session takes in through its one entrance, and what it says
//! back.

use crate::ui::effects::Done;
use crate::ui::finder::{Found, SearchBase};
use crate::workspace::watch::Reloaded;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use std::sync::Arc;

/// What the terminal sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key press.
    Key(KeyEvent),
    /// The terminal's new size.
    Resize(u16, u16),
    /// Text pasted in one go (bracketed paste).
    Paste(String),
    /// A mouse button or the wheel (only when mouse reporting is on).
    Mouse(MouseEvent),
}

/// Everything a session reacts to, through its one entrance.
#[derive(Debug)]
pub enum Event {
    /// From the terminal.
    Input(Input),
    /// The search thread answered.
    Found(Found),
    /// The notes folder changed (this or another session, or another
    /// process).
    NotesChanged,
    /// A job the session handed to its runner finished.
    Done(Done),
    /// The time [`super::Session::deadline`] named has come.
    Tick,
    /// A reload of the workspace began, reporting to this progress; its
    /// [`Event::Workspace`] follows.
    Reloading(Arc<crate::progress::Progress>),
    /// A new version of the workspace settled (or failed to load), with
    /// the process's search base for it.
    Workspace(Reloaded, Option<Arc<SearchBase>>),
}

/// Why a session ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The analyst quit (`q`, Ctrl-C).
    Quit,
    /// The terminal or the SSH client went away (SIGHUP, lost input,
    /// dropped connection).
    Gone,
    /// SIGTERM or SIGINT to the process.
    Terminated,
    /// `serve`'s idle timeout.
    Idle,
    /// `serve` is shutting down.
    Shutdown,
    /// The session was dropped without a word: a panic, or a task ended.
    Dropped,
}

/// What [`super::Session::handle`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The input meant nothing here.
    Nothing,
    /// The state changed: draw.
    Changed,
    /// The user quit.
    Quit,
}
