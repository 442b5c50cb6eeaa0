//! The terminal dashboard, in the Elm style ratatui recommends: [`State`],
//! [`Action`], [`update`](fn@update) and [`view`](fn@view). This file is the only part that
//! touches the real terminal: set-up, the event loop, and restoring the
//! terminal on every way out (quit, error, panic, SIGTERM, SIGHUP) and
//! while suspended (Ctrl-Z).

pub mod action;
pub mod areas;
pub mod caret;
pub mod chart_areas;
pub mod concordance;
pub mod contrast;
pub mod effects;
pub mod export_prompt;
pub mod finder;
pub mod form;
pub mod help;
pub mod import_prompt;
pub mod keymap;
pub mod keys;
pub mod line_edit;
pub mod loading;
pub mod mouse;
pub mod notes;
pub mod overlays;
pub mod problems;
pub mod reader;
pub mod session;
pub mod state;
pub mod style;
pub mod suggest;
pub mod sync;
pub mod update;
pub mod view;
pub mod views;
pub mod working;

pub use action::Action;
pub use session::{End, Event, Input, Session};
pub use state::State;
pub use update::update;
pub use view::view;

use crate::layout::BidiMode;
use crate::model::Workspace;
use crate::notes::SharedNotes;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::layout::Rect;
use session::Applied;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

/// How the dashboard should look and whose notes it keeps.
#[derive(Debug, Clone)]
pub struct Options {
    /// Styles for colour or `NO_COLOR` terminals.
    pub palette: style::Palette,
    /// Language to show names in first.
    pub lang: String,
    /// Who lays out right-to-left text.
    pub bidi: BidiMode,
    /// Who new notes are signed by.
    pub author: String,
    /// The caps the workspace was loaded within, for its reloads.
    pub limits: crate::workspace::Limits,
    /// Whether to ask the terminal for mouse reports (clicks and the
    /// wheel); off leaves the terminal's own text selection alone.
    pub mouse: bool,
    /// The key table with the settings file's remaps.
    pub keymap: Arc<keymap::Keymap>,
}

impl Options {
    /// Builds the starting state for a terminal of `width`×`height`.
    pub fn state(&self, ws: Arc<Workspace>, width: u16, height: u16) -> State {
        // Canonical once, here at the edge: `update` does no I/O, and over
        // `serve` the process's own folder means nothing.
        let root = ws.root.canonicalize().unwrap_or_else(|_| ws.root.clone());
        let mut state = State::new(ws, self.palette, Rect::new(0, 0, width, height));
        if let Some(name) = root.file_name() {
            state.name = name.to_string_lossy().into_owned();
        }
        // Whoever can write themes.yaml curates locally; `serve` narrows
        // this to curator keys.
        state.curation = crate::curate::writable(&root).map_err(|e| e.to_string());
        state.root = root;
        state.lang = self.lang.clone();
        state.bidi = self.bidi;
        state.author = self.author.clone();
        state.limits = self.limits;
        state.keymap = self.keymap.clone();
        state
    }
}

/// What wakes the event loop.
enum Msg {
    /// For the session.
    Event(session::Event),
    /// The input stream ended or failed: the terminal is gone.
    InputGone,
    /// SIGTERM, SIGHUP or SIGINT.
    Signal(End),
}

/// Restores the terminal when dropped, whatever the way out.
struct Restore {
    /// Whether mouse reporting was turned on.
    mouse: bool,
}

impl Drop for Restore {
    fn drop(&mut self) {
        leave_screen(self.mouse);
        ratatui::restore();
    }
}

/// Everything coopdash asked of the terminal beyond what ratatui undoes.
fn leave_screen(mouse: bool) {
    if mouse {
        let _ = write_plain(mouse::DISABLE);
    }
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    // Give row reordering back to terminals that do it (VTE).
    let _ = write_raw(session::bidi_sequence(BidiMode::Terminal));
}

/// Takes the terminal (back): raw mode, the alternate screen, bracketed
/// paste, the bidi mode and, when on, mouse reports. The caller redraws.
fn enter_screen(bidi: BidiMode, mouse: bool) -> std::io::Result<()> {
    ratatui::crossterm::terminal::enable_raw_mode()?;
    ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    write_raw(session::bidi_sequence(bidi))?;
    if mouse {
        write_plain(mouse::ENABLE)?;
    }
    Ok(())
}

/// Reads terminal input on its own thread; can be parked while `$EDITOR`
/// owns the terminal, so no keystroke is stolen from it.
struct InputThread {
    paused: Arc<AtomicBool>,
    parked: Arc<AtomicBool>,
}

impl InputThread {
    fn start(tx: mpsc::Sender<Msg>) -> Self {
        let paused = Arc::new(AtomicBool::new(false));
        let parked = Arc::new(AtomicBool::new(false));
        let (p, k) = (paused.clone(), parked.clone());
        thread::spawn(move || {
            loop {
                if p.load(Ordering::SeqCst) {
                    k.store(true, Ordering::SeqCst);
                    thread::sleep(Duration::from_millis(20));
                    continue;
                }
                k.store(false, Ordering::SeqCst);
                // A bounded wait, so a pause takes effect: no output, no
                // busy loop.
                let msg = match event::poll(Duration::from_millis(200)) {
                    Ok(false) => continue,
                    Ok(true) => match event::read() {
                        Ok(event::Event::Key(key)) => {
                            Msg::Event(session::Event::Input(Input::Key(key)))
                        }
                        Ok(event::Event::Resize(w, h)) => {
                            Msg::Event(session::Event::Input(Input::Resize(w, h)))
                        }
                        Ok(event::Event::Paste(text)) => {
                            Msg::Event(session::Event::Input(Input::Paste(text)))
                        }
                        Ok(event::Event::Mouse(m)) => {
                            Msg::Event(session::Event::Input(Input::Mouse(m)))
                        }
                        Ok(_) => continue,
                        Err(_) => Msg::InputGone,
                    },
                    Err(_) => Msg::InputGone,
                };
                let gone = matches!(msg, Msg::InputGone);
                if tx.send(msg).is_err() || gone {
                    break;
                }
            }
        });
        InputThread { paused, parked }
    }

    fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        while !self.parked.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(5));
        }
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

/// Runs the dashboard until the user quits or the terminal goes away.
/// Notes live in `notes_dir`; unsaved text is kept in the analyst's draft
/// store, and offered back on the next start.
pub fn run(
    ws: Workspace,
    problems: Vec<crate::workspace::Problem>,
    options: Options,
    notes_dir: &Path,
) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel();
    let signals = {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let tx = tx.clone();
        let handle = signals.handle();
        thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let end = if signal == SIGHUP {
                    End::Gone
                } else {
                    End::Terminated
                };
                let _ = tx.send(Msg::Signal(end));
            }
        });
        handle
    };
    let shared = SharedNotes::open(notes_dir);
    let _watcher = shared.as_ref().ok().map(|s| {
        let tx = tx.clone();
        s.subscribe(move || {
            let _ = tx.send(Msg::Event(Event::NotesChanged));
        });
        s.watch()
    });

    // `try_init` also installs a panic hook that restores the terminal; ours,
    // chained before it, also turns the mouse off and gives bidi back.
    let terminal = ratatui::try_init()?;
    let mouse = options.mouse;
    let _restore = Restore { mouse };
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if mouse {
            let _ = write_plain(mouse::DISABLE);
        }
        let _ = write_raw(session::bidi_sequence(BidiMode::Terminal));
        previous(info);
    }));
    ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste)?;
    if mouse {
        write_plain(mouse::ENABLE)?;
    }
    let found_tx = tx.clone();
    let done_tx = tx.clone();
    let reload_tx = tx.clone();
    let reloading_tx = tx.clone();
    let input = InputThread::start(tx);

    let size = terminal.size()?;
    let mut state = options.state(Arc::new(ws), size.width, size.height);
    state.external_editor = true;
    state.suspendable = true;
    state.set_problems(problems);
    let search = finder::SearchBase::new(state.ws.clone());
    crate::suggest::warm(state.ws.clone());
    let drafts = crate::notes::DraftStore::local(&state.root, notes_dir, &state.author);
    // A new version of themes.yaml or seeds/ reaches the session through
    // its one entrance, with a search base for it.
    let _workspace_watcher = {
        let tx = reload_tx;
        // Weak: the session owns the base it searches; this only lets the
        // next one reuse its folded passages.
        let last = std::sync::Mutex::new(Arc::downgrade(&search));
        crate::workspace::watch::watch(
            &state.root,
            options.limits,
            state.ws.clone(),
            state
                .problems
                .iter()
                .filter(|p| p.severity != crate::workspace::Severity::Warning)
                .count(),
            move |load| {
                let _ = reloading_tx.send(Msg::Event(Event::Reloading(load.clone())));
            },
            move |reloaded| {
                // Built here, off the UI thread, before the session sees
                // the version: `s` then only filters.
                if let Ok(v) = &reloaded {
                    crate::suggest::cached(&v.ws);
                }
                let base = reloaded.as_ref().ok().map(|v| {
                    let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                    let base = match last.upgrade() {
                        Some(prev) => prev.after(v.ws.clone()),
                        None => finder::SearchBase::new(v.ws.clone()),
                    };
                    *last = Arc::downgrade(&base);
                    base
                });
                let _ = tx.send(Msg::Event(Event::Workspace(reloaded, base)));
            },
        )
    };
    let mut session = Session::new(terminal, state);
    let worker = effects::Worker::start(move |done| {
        let _ = done_tx.send(Msg::Event(Event::Done(done)));
    });
    session.set_executor(worker.executor());
    session.attach_search(search, move |found| {
        let _ = found_tx.send(Msg::Event(Event::Found(found)));
    });
    match &shared {
        Ok(s) => session.attach_notes(s.clone()),
        Err(e) => session.state.say(format!("notes unavailable: {e}"), true),
    }
    session.attach_drafts(drafts);
    write_raw(&session.take_raw())?;
    session.draw()?;
    // Blocks until something happens (or an autosave is due): an idle
    // dashboard sends nothing.
    let end = loop {
        let msg = match session.deadline() {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(msg) => msg,
                Err(mpsc::RecvTimeoutError::Timeout) => Msg::Event(Event::Tick),
                Err(mpsc::RecvTimeoutError::Disconnected) => break End::Gone,
            },
            None => match rx.recv() {
                Ok(msg) => msg,
                Err(_) => break End::Gone,
            },
        };
        let event = match msg {
            Msg::Event(event) => event,
            Msg::InputGone => break End::Gone,
            Msg::Signal(end) => break end,
        };
        match session.handle(event)? {
            Applied::Nothing => {}
            Applied::Quit => break End::Quit,
            Applied::Changed => {
                if session.take_suspend() {
                    input.pause();
                    let result = suspend(&mut session, mouse);
                    input.resume();
                    result?;
                }
                for base in session.take_external() {
                    input.pause();
                    let result = edit_outside(&mut session, &base, mouse);
                    input.resume();
                    update::edited_externally(&mut session.state, &base, result);
                    session.handle(Event::NotesChanged)?;
                }
                write_raw(&session.take_raw())?;
                session.draw()?;
            }
        }
    };
    signals.close();
    // Let saves under way finish, so what they wrote is not also a draft.
    let until = Instant::now() + Duration::from_secs(10);
    while session.in_flight() > 0 {
        match rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
            Ok(Msg::Event(event @ Event::Done(_))) => {
                session.handle(event)?;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let said = session.finish(end);
    drop(_restore);
    // After SIGHUP nobody may be reading: never fail (or panic) over it.
    let mut err = std::io::stderr().lock();
    for line in said {
        let _ = writeln!(err, "coopdash: {}", crate::text::sanitize(&line));
    }
    Ok(())
}

/// Hands the terminal to `$EDITOR` for `base`'s text, then takes it back
/// and saves the edit.
fn edit_outside<B: ratatui::backend::Backend>(
    session: &mut Session<B>,
    base: &crate::notes::Stored,
    mouse: bool,
) -> anyhow::Result<Option<crate::notes::Edited>> {
    leave_screen(mouse);
    ratatui::restore();
    let edited = crate::editor::edit(&base.note.id, &base.note.body);
    // Take the terminal back whatever the editor did.
    enter_screen(session.state.bidi, mouse)?;
    let _ = session.terminal.clear();
    let Some((body, draft)) = edited? else {
        return Ok(None);
    };
    let Some(shared) = session.notes().cloned() else {
        anyhow::bail!(
            "no notes folder is open; your text is in {}",
            draft.display()
        );
    };
    let outcome = shared
        .lock()
        .edit(base, &body)
        .map_err(|e| anyhow::anyhow!("{e}; your edited text is also in {}", draft.display()))?;
    std::fs::remove_file(&draft).ok();
    shared.changed();
    Ok(Some(outcome))
}

/// Ctrl-Z: gives the terminal back to the shell as it was found, stops the
/// process as the terminal's own Ctrl-Z would have (raw mode turned that
/// off), and on `fg` takes the terminal back and redraws every cell.
fn suspend<B: ratatui::backend::Backend>(
    session: &mut Session<B>,
    mouse: bool,
) -> anyhow::Result<()> {
    let _ = session.terminal.show_cursor();
    leave_screen(mouse);
    ratatui::restore();
    // Stops here until SIGCONT. Where no shell could resume it (an orphaned
    // process group), the kernel ignores SIGTSTP and this returns at once.
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enter_screen(session.state.bidi, mouse)?;
    // The shell drew over the screen meanwhile: forget what ratatui
    // believes is on it.
    let _ = session.terminal.clear();
    Ok(())
}

/// Writes control sequences for the terminal the dashboard runs in (tmux
/// itself, not the terminal outside it): mouse modes.
fn write_plain(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
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
