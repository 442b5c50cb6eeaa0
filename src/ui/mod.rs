//! The terminal dashboard, in the Elm style ratatui recommends: [`State`],
//! [`Action`], [`update`] and [`view`]. This file is the only part that
//! touches the real terminal: set-up, the event loop, and restoring the
//! terminal on every way out (quit, error, panic, SIGTERM, SIGHUP).

pub mod action;
pub mod areas;
pub mod chart_areas;
pub mod export_prompt;
pub mod keys;
pub mod line_edit;
pub mod reader;
pub mod session;
pub mod state;
pub mod style;
pub mod update;
pub mod view;
pub mod views;

pub use action::Action;
pub use session::{Input, Session};
pub use state::State;
pub use update::update;
pub use view::view;

use crate::model::Workspace;
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;

/// How the dashboard should look.
#[derive(Debug, Clone)]
pub struct Options {
    /// Styles for colour or `NO_COLOR` terminals.
    pub palette: style::Palette,
    /// Language to show names in first.
    pub lang: String,
}

impl Options {
    /// Builds the starting state for a terminal of `width`×`height`.
    pub fn state(&self, ws: Arc<Workspace>, width: u16, height: u16) -> State {
        let mut state = State::new(ws, self.palette, Rect::new(0, 0, width, height));
        state.lang = self.lang.clone();
        state
    }
}

/// What wakes the event loop.
enum Msg {
    Input(Event),
    /// The input stream ended or failed: the terminal is gone.
    InputGone,
    /// SIGTERM, SIGHUP or SIGINT.
    Signal,
}

/// Restores the terminal when dropped, whatever the way out.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Runs the dashboard until the user quits or the terminal goes away.
pub fn run(ws: Workspace, options: Options) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel();
    let signals = {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let tx = tx.clone();
        let handle = signals.handle();
        thread::spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Msg::Signal);
            }
        });
        handle
    };
    // `try_init` also installs a panic hook that restores the terminal.
    let terminal = ratatui::try_init()?;
    let _restore = Restore;
    thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(ev) => Msg::Input(ev),
                Err(_) => Msg::InputGone,
            };
            let gone = matches!(msg, Msg::InputGone);
            if tx.send(msg).is_err() || gone {
                break;
            }
        }
    });

    let size = terminal.size()?;
    let state = options.state(Arc::new(ws), size.width, size.height);
    let mut session = Session::new(terminal, state);
    session.draw()?;
    // Blocks until something happens: an idle dashboard sends nothing.
    while let Ok(msg) = rx.recv() {
        let input = match msg {
            Msg::Input(Event::Key(key)) => Input::Key(key),
            Msg::Input(Event::Resize(w, h)) => Input::Resize(w, h),
            Msg::Input(_) => continue,
            Msg::InputGone | Msg::Signal => Input::Stop,
        };
        if !session.handle(input)? {
            break;
        }
    }
    signals.close();
    Ok(())
}
