//! The terminal dashboard, in the Elm style ratatui recommends: [`State`],
//! [`Action`], [`update`] and [`view`]. This file is the only part that
//! touches the real terminal: set-up, the event loop, and restoring the
//! terminal on every way out (quit, error, panic, SIGTERM, SIGHUP).

pub mod action;
pub mod areas;
pub mod keys;
pub mod reader;
pub mod session;
pub mod state;
pub mod style;
pub mod update;
pub mod view;

pub use action::Action;
pub use session::{Input, Session};
pub use state::State;
pub use update::update;
pub use view::view;

use crate::layout::BidiMode;
use crate::model::Workspace;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::layout::Rect;
use session::Applied;
use std::io::Write;
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
    /// Who lays out right-to-left text.
    pub bidi: BidiMode,
}

impl Options {
    /// Builds the starting state for a terminal of `width`×`height`.
    pub fn state(&self, ws: Arc<Workspace>, width: u16, height: u16) -> State {
        let mut state = State::new(ws, self.palette, Rect::new(0, 0, width, height));
        state.lang = self.lang.clone();
        state.bidi = self.bidi;
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
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
        // Give row reordering back to terminals that do it (VTE).
        let _ = write_raw(session::bidi_sequence(BidiMode::Terminal));
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
    // `try_init` also installs a panic hook that restores the terminal; ours,
    // chained before it, also gives bidi back to the terminal.
    let terminal = ratatui::try_init()?;
    let _restore = Restore;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = write_raw(session::bidi_sequence(BidiMode::Terminal));
        previous(info);
    }));
    ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste)?;
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
    write_raw(&session.take_raw())?;
    session.draw()?;
    // Blocks until something happens: an idle dashboard sends nothing.
    while let Ok(msg) = rx.recv() {
        let input = match msg {
            Msg::Input(Event::Key(key)) => Input::Key(key),
            Msg::Input(Event::Resize(w, h)) => Input::Resize(w, h),
            Msg::Input(Event::Paste(text)) => Input::Paste(text),
            Msg::Input(_) => continue,
            Msg::InputGone | Msg::Signal => Input::Stop,
        };
        match session.apply(input)? {
            Applied::Nothing => {}
            Applied::Quit => break,
            Applied::Changed => {
                write_raw(&session.take_raw())?;
                session.draw()?;
            }
        }
    }
    signals.close();
    Ok(())
}

/// Writes control sequences for the terminal itself. Inside tmux they are
/// wrapped for passthrough (which tmux honours with `allow-passthrough on`)
/// so the outer terminal sees them.
fn write_raw(bytes: &[u8]) -> std::io::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    if std::env::var_os("TMUX").is_some() {
        out.write_all(b"\x1bPtmux;")?;
        for &b in bytes {
            // Inside the passthrough, every ESC is doubled.
            if b == 0x1b {
                out.write_all(b"\x1b")?;
            }
            out.write_all(&[b])?;
        }
        out.write_all(b"\x1b\\")?;
    } else {
        out.write_all(bytes)?;
    }
    out.flush()
}
