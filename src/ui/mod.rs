//! The terminal dashboard, in the Elm style ratatui recommends: [`State`],
//! [`Action`], [`update`] and [`view`]. This file is the only part that
//! touches the real terminal: set-up, the event loop, and restoring the
//! terminal on every way out (quit, error, panic, SIGTERM, SIGHUP).

pub mod action;
pub mod areas;
pub mod keys;
pub mod reader;
pub mod state;
pub mod style;
pub mod update;
pub mod view;

pub use action::Action;
pub use state::State;
pub use update::update;
pub use view::view;

use crate::model::Workspace;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::layout::Rect;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;

/// How the dashboard should look.
#[derive(Debug, Clone)]
pub struct Options {
    /// Styles for colour or `NO_COLOR` terminals.
    pub palette: style::Palette,
}

impl Options {
    /// Options from the environment (`NO_COLOR`).
    pub fn from_env() -> Self {
        Options {
            palette: style::Palette::from_env(),
        }
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
    let mut terminal = ratatui::try_init()?;
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
    let mut state = State::new(
        Arc::new(ws),
        options.palette,
        Rect::new(0, 0, size.width, size.height),
    );
    terminal.draw(|f| view(&state, f))?;
    // Blocks until something happens: an idle dashboard sends nothing.
    while let Ok(msg) = rx.recv() {
        let action = match msg {
            Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                keys::lookup(update::context(&state), key)
            }
            Msg::Input(Event::Resize(w, h)) => Some(Action::Resize(w, h)),
            Msg::Input(_) => None,
            Msg::InputGone | Msg::Signal => Some(Action::Quit),
        };
        let Some(action) = action else { continue };
        update(&mut state, action);
        if state.quit {
            break;
        }
        terminal.draw(|f| view(&state, f))?;
    }
    signals.close();
    Ok(())
}
