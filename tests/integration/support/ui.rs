//! THE dashboard harness: a real `Session` on ratatui's TestBackend, driven
//! the way the runners drive it (keys through the real key table, effects
//! carried out, frames drawn by the session). Every test that drives the
//! dashboard goes through `Dash`, so a change to the `Session` API is made
//! here and nowhere else.

use coopdash::model::Workspace;
use coopdash::notes::{DraftStore, SharedNotes};
use coopdash::progress::Progress;
use coopdash::ui::effects::{Done, Job};
use coopdash::ui::finder::{Found, SearchBase};
use coopdash::ui::session::Applied;
use coopdash::ui::style::Palette;
use coopdash::ui::{End, Event, Input, Session, State};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A dashboard on a test terminal. Derefs to its `State`, for assertions.
pub struct Dash {
    session: Session<TestBackend>,
    /// The finder's answers, once [`Dash::with_search`] started it.
    answers: Option<Receiver<Found>>,
    /// Jobs handed out, once [`Dash::with_held_jobs`] holds them.
    held: Option<Receiver<Job>>,
    /// The test's clock, once [`Dash::tick_at`] set it (else the real one).
    clock: Option<Instant>,
}

impl Deref for Dash {
    type Target = State;
    fn deref(&self) -> &State {
        &self.session.state
    }
}

impl DerefMut for Dash {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.session.state
    }
}

impl Dash {
    /// A `w`×`h` dashboard over `ws`.
    pub fn new(ws: Workspace, w: u16, h: u16, no_color: bool) -> Dash {
        let mut state = State::new(Arc::new(ws), Palette::new(no_color), Rect::new(0, 0, w, h));
        // The header and the default export name show the folder's name:
        // pinned, so snapshots do not depend on where the repository is.
        state.name = "workspace".into();
        let terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        Dash {
            session: Session::new(terminal, state),
            answers: None,
            held: None,
            clock: None,
        }
    }

    /// With `problems` listed, as the runner sets them after opening.
    pub fn with_problems(mut self, problems: Vec<coopdash::workspace::Problem>) -> Dash {
        self.session.state.set_problems(problems);
        self
    }

    /// The workspace folder loaded again and swapped in, as the watcher
    /// delivers a settled change (the watcher itself is tested in tmux).
    pub fn reload_workspace(&mut self) {
        let root = self.session.state.ws.root.clone();
        let loaded = coopdash::workspace::open(&root).expect("the workspace opens");
        let version = coopdash::workspace::watch::Version {
            ws: Arc::new(loaded.ws),
            problems: loaded.problems,
        };
        self.handle(Event::Workspace(Ok(Arc::new(version)), None));
    }

    /// A `w`×`h` dashboard over the bundled workspace, in colour.
    pub fn seed(w: u16, h: u16) -> Dash {
        Dash::new(super::seed(), w, h, false)
    }

    /// Signs new notes with `author`.
    pub fn author(mut self, author: &str) -> Dash {
        self.session.state.author = author.into();
        self
    }

    /// Connects a notes store (shared with other sessions of the test).
    pub fn with_notes(mut self, notes: &Arc<SharedNotes>) -> Dash {
        self.session.attach_notes(notes.clone());
        self
    }

    /// Starts the finder's search thread; [`Dash::settle`] feeds its
    /// answers back, as a runner does.
    pub fn with_search(mut self) -> Dash {
        let (tx, answers) = channel();
        let base = SearchBase::new(self.session.state.ws.clone());
        self.session.attach_search(base, move |f| {
            let _ = tx.send(f);
        });
        self.answers = Some(answers);
        self
    }

    /// Connects the analyst's draft store (and offers its drafts back).
    pub fn with_drafts(mut self, store: DraftStore) -> Dash {
        self.session.attach_drafts(store);
        self
    }

    /// Runs jobs as a real runner does, on an executor, and hands what
    /// they did back through the session's entrance before returning.
    pub fn with_executor(mut self) -> Dash {
        let (tx, rx) = std::sync::mpsc::channel();
        self.session
            .set_executor(Box::new(move |job: coopdash::ui::effects::Job| {
                let _ = tx.send(job.run());
            }));
        while let Ok(done) = rx.try_recv() {
            self.handle(coopdash::ui::session::Event::Done(done));
        }
        self
    }

    /// Hands jobs out as a real runner does, but holds each one for the
    /// test to run when it likes ([`Dash::next_job`], [`Dash::done`]), so
    /// a job can be as slow as the test wants. Jobs handed out on the way
    /// here (the history) run at once.
    pub fn with_held_jobs(mut self) -> Dash {
        let (tx, rx) = std::sync::mpsc::channel();
        self.session.set_executor(Box::new(move |job: Job| {
            let _ = tx.send(job);
        }));
        while let Ok(job) = rx.try_recv() {
            self.done(job.run());
        }
        self.held = Some(rx);
        self
    }

    /// The next job handed out (within a generous deadline).
    pub fn next_job(&mut self) -> Job {
        self.held
            .as_ref()
            .expect("with_held_jobs() first")
            .recv_timeout(Duration::from_secs(60))
            .expect("a job handed out")
    }

    /// A job's answer, back through the session's entrance.
    pub fn done(&mut self, done: Done) {
        self.handle(Event::Done(done));
    }

    /// A reload of the workspace began, reporting to `progress`.
    pub fn reloading(&mut self, progress: &std::sync::Arc<Progress>) {
        self.handle(Event::Reloading(progress.clone()));
    }

    /// The runner's timer fired at `at`: the clock reads `at` from now
    /// on, for every event (a clock the test controls). Whether the
    /// runner would draw.
    pub fn tick_at(&mut self, at: Instant) -> Applied {
        self.clock = Some(at);
        self.handle(Event::Tick)
    }

    /// Hands `event` to the session at the test's clock, if set.
    fn handle(&mut self, event: Event) -> Applied {
        let now = self.clock.unwrap_or_else(Instant::now);
        self.session.handle_at(event, now).unwrap()
    }

    /// Ends the session as a runner does; what it would tell the analyst.
    pub fn finish(&mut self, end: End) -> Vec<String> {
        self.session.finish(end)
    }

    /// When the session wants a [`Event::Tick`].
    pub fn deadline(&self) -> Option<std::time::Instant> {
        self.session.deadline()
    }

    /// The runner's timer fired.
    pub fn tick(&mut self) {
        self.handle(Event::Tick);
    }

    /// Presses a key with no modifier.
    pub fn press(&mut self, code: KeyCode) {
        self.key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// Presses Ctrl and `c`.
    pub fn ctrl(&mut self, c: char) {
        self.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    /// Presses a key, modifiers and all.
    pub fn key(&mut self, key: KeyEvent) {
        self.key_applied(key);
    }

    /// Presses a key; what the session made of it.
    pub fn key_applied(&mut self, key: KeyEvent) -> Applied {
        self.handle(Event::Input(Input::Key(key)))
    }

    /// Types `text` key by key (a newline is Enter).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            });
        }
    }

    /// Pastes `text` in one go (bracketed paste).
    pub fn paste(&mut self, text: &str) {
        self.handle(Event::Input(Input::Paste(text.into())));
    }

    /// A mouse report at column `x`, row `y`; what the session made of it.
    pub fn mouse(&mut self, kind: MouseEventKind, x: u16, y: u16) -> Applied {
        let event = MouseEvent {
            kind,
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        };
        self.handle(Event::Input(Input::Mouse(event)))
    }

    /// A left click (press and release) at column `x`, row `y`.
    pub fn click(&mut self, x: u16, y: u16) {
        self.mouse(MouseEventKind::Down(MouseButton::Left), x, y);
        self.mouse(MouseEventKind::Up(MouseButton::Left), x, y);
    }

    /// One wheel notch at column `x`, row `y`, down or up.
    pub fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let kind = if down {
            MouseEventKind::ScrollDown
        } else {
            MouseEventKind::ScrollUp
        };
        self.mouse(kind, x, y);
    }

    /// Whether Ctrl-Z asked the runner to suspend since the last call.
    pub fn take_suspend(&mut self) -> bool {
        self.session.take_suspend()
    }

    /// The terminal now measures `w`×`h`.
    pub fn resize(&mut self, w: u16, h: u16) {
        self.handle(Event::Input(Input::Resize(w, h)));
    }

    /// Draws, as the runner does after a change, and returns the screen.
    pub fn buffer(&mut self) -> Buffer {
        self.session.draw().unwrap();
        self.session.terminal.backend().buffer().clone()
    }

    /// The screen as text, a line per row.
    pub fn screen(&mut self) -> String {
        text(&self.buffer())
    }

    /// Row `y` of the screen.
    pub fn row(&mut self, y: u16) -> String {
        row(&self.buffer(), y)
    }

    /// The status bar (the last row).
    pub fn status_bar(&mut self) -> String {
        let h = self.session.state.size.height;
        self.row(h - 1)
    }

    /// Control sequences the session queued for the terminal (OSC 52…).
    pub fn take_raw(&mut self) -> Vec<u8> {
        self.session.take_raw()
    }

    /// Re-reads the notes store, as a runner does when told it changed.
    pub fn reload_notes(&mut self) {
        self.handle(Event::NotesChanged);
    }

    /// Hands the session an answer, as if the search thread sent it.
    pub fn found(&mut self, found: Found) {
        self.handle(Event::Found(found));
    }

    /// Feeds the finder's answers to the session until the complete one for
    /// what is typed arrives (each within a generous deadline).
    pub fn settle(&mut self) -> Found {
        loop {
            let found = self
                .answers
                .as_ref()
                .expect("with_search() first")
                .recv_timeout(Duration::from_secs(60))
                .expect("the finder answers");
            self.handle(Event::Found(found.clone()));
            let f = self
                .session
                .state
                .overlays
                .finder()
                .expect("the finder open");
            if found.complete && f.current() {
                return found;
            }
        }
    }

    /// Types `text` into the finder and waits for the complete answer.
    pub fn find(&mut self, text: &str) -> Found {
        self.type_text(text);
        self.settle()
    }

    /// Empties the finder's query.
    pub fn clear_query(&mut self) {
        let n = self
            .session
            .state
            .overlays
            .finder()
            .expect("the finder open")
            .query
            .text()
            .chars()
            .count();
        self.press(KeyCode::End);
        for _ in 0..n {
            self.press(KeyCode::Backspace);
        }
    }
}

/// Row `y` of a screen as text.
pub fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

/// A whole screen as text.
pub fn text(buf: &Buffer) -> String {
    (0..buf.area.height).map(|y| row(buf, y) + "\n").collect()
}

/// `text` as the app mode draws it on one line: shaped, in visual order,
/// without padding. What a screen shows of data, to look for.
pub fn shown(text: &str) -> String {
    use coopdash::layout::{LayoutOptions, layout};
    let w = coopdash::text::width::width(text).max(1);
    layout::<()>(text, &[], w, &LayoutOptions::default())
        .first()
        .map(|l| l.text().trim_start().to_string())
        .unwrap_or_default()
}
