//! One analyst's dashboard over an SSH channel: input bytes in, events
//! through the [`Session`], frames out under flow control, at most one
//! frame per [`FRAME`], each update and draw in its turn
//! ([`super::turns`]).

use super::input::{ESCAPE_TIMEOUT, InputParser};
use super::limits::Dashboard;
use super::turns::Turns;
use super::{Shared, log};
use crate::notes::DraftStore;
use crate::ui::effects::Worker;
use crate::ui::session::Applied;
use crate::ui::{End, Event, Input, Session};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelWriteHalf;
use russh::server::Msg;
use std::sync::Arc;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

/// The shortest time between two frames of one session (30 per second).
const FRAME: std::time::Duration = std::time::Duration::from_millis(33);
/// Events one session handles in one turn before others get theirs.
const PER_TURN: usize = 64;
/// A client that accepts no screen output for this long is disconnected.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Leaves the client's terminal as it found it.
const EPILOGUE: &[u8] = b"\x1b[?2004l\x1b[0m\x1b[?25h\x1b[8h\x1b[?1049l";
/// Alternate screen, hidden cursor, bracketed paste.
const PROLOGUE: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[2J";

/// Who a dashboard is for: the name and key `authorized_keys` gave.
pub(super) struct Analyst {
    pub(super) author: String,
    /// Whether their key's line gives them the curator role.
    pub(super) curator: bool,
    /// The key's fingerprint; it owns the drafts.
    pub(super) key: String,
}

/// Runs one analyst's dashboard until they quit, disconnect, go idle or the
/// server stops; returns why it ended. Every way out goes through
/// [`Session::finish`], which keeps unsaved text as drafts.
#[allow(clippy::too_many_arguments)]
pub(super) async fn run_dashboard(
    shared: Arc<Shared>,
    who: Analyst,
    mut place: Dashboard,
    out: ChannelWriteHalf<Msg>,
    mut inputs: mpsc::Receiver<Vec<u8>>,
    mut resize: watch::Receiver<(u16, u16)>,
    width: u16,
    height: u16,
) -> String {
    let mut shutdown = shared.shutdown.clone();
    let frames = FrameBuffer::default();
    let backend = CrosstermBackend::new(frames.clone());
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    let Ok(terminal) = Terminal::with_options(backend, options) else {
        return "terminal setup failed".into();
    };
    let (ws, problems, search) = {
        let current = shared.current();
        (
            current.ws.clone(),
            current.problems.clone(),
            current.search.clone(),
        )
    };
    let mut state = shared.ui.state(ws, width, height);
    // Notes are signed by the verified key's name, never a client's claim.
    state.author = who.author.clone();
    state.confine_exports = true;
    state.confine_imports = true;
    state.sync_curators_only = true;
    // The role comes from the server's authorized_keys only.
    if !who.curator {
        state.curation = Err(
            "this key is not a curator's (the server's authorized_keys gives the role: environment=\"COOPDASH_ROLE=curator\")".into(),
        );
    }
    state.set_problems(problems);
    let drafts = DraftStore::for_key(&state.root, &shared.notes_dir, &who.key, &who.author);
    let mut session = Session::new(terminal, state);
    // One channel brings every event that is not a key: search answers and
    // finished jobs (run on the session's own worker thread, off the async
    // executor, so a large export never stalls another analyst).
    let (events_tx, mut events) = mpsc::unbounded_channel();
    let worker = {
        let tx = events_tx.clone();
        Worker::start(move |done| {
            let _ = tx.send(Event::Done(done));
        })
    };
    session.set_executor(worker.executor());
    if let Some(notes) = &shared.notes {
        session.attach_notes(notes.clone());
    }
    session.attach_drafts(drafts);
    let mut notes_changed = shared.notes_changed.subscribe();
    let mut reloads = shared.reloads.subscribe();
    reloads.mark_unchanged();
    let mut reloading = shared.reloading.subscribe();
    reloading.mark_unchanged();
    session.attach_search(search, move |found| {
        let _ = events_tx.send(Event::Found(found));
    });
    let mut parser = InputParser::default();
    let idle = shared.gate.limits().idle_timeout;
    let mut deadline = Instant::now() + idle;
    // Frames at most every FRAME: a storm of resizes or keys costs one
    // draw per interval, not one per event.
    let mut last_frame = Instant::now();
    let mut draw_due: Option<Instant> = None;
    let mut escape_due: Option<Instant> = None;

    let mut pending: Vec<u8> = PROLOGUE.to_vec();
    // Clicks and the wheel, never motion: an idle client sends nothing.
    if shared.ui.mouse {
        pending.extend_from_slice(crate::ui::mouse::ENABLE);
    }
    pending.extend(session.take_raw());
    let _ = shared.turns.run(|| session.draw()).await;
    frames.drain_into(&mut pending);
    let end = loop {
        // Frames go out with the channel's flow control: a client that does
        // not read only ever holds up its own session.
        if !pending.is_empty() {
            let frame = std::mem::take(&mut pending);
            match tokio::time::timeout(SEND_TIMEOUT, out.data_bytes(frame)).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => break (End::Gone, "connection lost"),
                Err(_) => break (End::Gone, "client stopped reading"),
            }
        }
        let autosave = session.deadline().map(Instant::from_std);
        let mut batch = Vec::new();
        let mut draw_now = false;
        tokio::select! {
            msg = inputs.recv() => match msg {
                Some(bytes) => batch.extend(parser.feed(&bytes).into_iter().map(Event::Input)),
                None => break (End::Gone, "client closed the channel"),
            },
            Some(event) = events.recv() => batch.push(event),
            Ok(()) = reloads.changed() => {
                if let Some((reloaded, base)) = reloads.borrow_and_update().clone() {
                    batch.push(Event::Workspace(reloaded, base));
                }
            }
            Ok(()) = reloading.changed() => {
                if let Some(load) = reloading.borrow_and_update().clone() {
                    batch.push(Event::Reloading(load));
                }
            }
            Ok(()) = notes_changed.changed() => {
                notes_changed.borrow_and_update();
                batch.push(Event::NotesChanged);
            }
            changed = resize.changed() => match changed {
                Ok(()) => {
                    let (w, h) = *resize.borrow_and_update();
                    if place.resize(w as usize * h as usize) {
                        batch.push(Event::Input(Input::Resize(w, h)));
                    }
                }
                Err(_) => break (End::Gone, "client closed the channel"),
            },
            _ = shutdown.changed() => break (End::Shutdown, "server shutting down"),
            _ = tokio::time::sleep_until(deadline) => break (End::Idle, "idle timeout"),
            () = sleep_until_some(autosave) => batch.push(Event::Tick),
            () = sleep_until_some(draw_due) => draw_now = true,
            () = sleep_until_some(escape_due) => {
                parser.expire();
                escape_due = None;
            }
        }
        // Take what queued meanwhile, up to a turn's worth: the rest waits
        // in the channel, and TCP slows a client that types faster.
        while batch.len() < PER_TURN
            && let Ok(bytes) = inputs.try_recv()
        {
            batch.extend(parser.feed(&bytes).into_iter().map(Event::Input));
        }
        if batch.iter().any(|e| matches!(e, Event::Input(_))) {
            deadline = Instant::now() + idle;
        }
        // An unfinished escape sequence ends after a quiet spell, so the
        // keys after it are never swallowed.
        if parser.waiting() {
            escape_due.get_or_insert_with(|| Instant::now() + ESCAPE_TIMEOUT);
        } else {
            escape_due = None;
        }
        // Updating and drawing take a turn: sessions take turns at the
        // render pool, off the executor's threads, so a busy session never
        // starves another's.
        let quit = in_turns(&shared.turns, batch, |event| match session.handle(event) {
            Ok(Applied::Changed) => {
                draw_due.get_or_insert_with(|| last_frame + FRAME);
                false
            }
            Ok(Applied::Quit) | Err(_) => true,
            Ok(Applied::Nothing) => false,
        })
        .await;
        if quit {
            break (End::Quit, "user quit");
        }
        if draw_due.is_some_and(|at| draw_now || at <= Instant::now()) {
            draw_due = None;
            last_frame = Instant::now();
            frames.drain_into(&mut pending);
            pending.extend(session.take_raw());
            let _ = shared.turns.run(|| session.draw()).await;
        }
        frames.drain_into(&mut pending);
    };
    let (end, reason) = end;
    // Saves under way finish first, so what they wrote is not also a draft.
    let until = Instant::now() + std::time::Duration::from_secs(10);
    while session.in_flight() > 0 {
        match tokio::time::timeout_at(until, events.recv()).await {
            Ok(Some(event @ Event::Done(_))) => {
                let _ = session.handle(event);
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    let said = session.finish(end);
    for line in &said {
        log(&format!("{reason} for {:?}: {line}", who.author));
    }
    if end != End::Gone {
        let mut bye = Vec::new();
        if shared.ui.mouse {
            bye.extend_from_slice(crate::ui::mouse::DISABLE);
        }
        bye.extend_from_slice(EPILOGUE);
        for line in &said {
            bye.extend(format!("coopdash: {line}\r\n").into_bytes());
        }
        bye.extend_from_slice(match end {
            End::Shutdown => &b"coopdash serve is shutting down.\r\n"[..],
            End::Idle => &b"coopdash: closed after being idle.\r\n"[..],
            _ => &b""[..],
        });
        let _ = tokio::time::timeout(SEND_TIMEOUT, out.data_bytes(bye)).await;
        let _ = out.exit_status(0).await;
        let _ = out.eof().await;
    }
    let _ = out.close().await;
    reason.to_string()
}

/// Handles `batch` with `handle` (true: the session ends, and the rest is
/// dropped), at most [`PER_TURN`] events a turn, then back in the queue:
/// one message of pasted keys cannot hold a turn for long. Whether the
/// session ended.
async fn in_turns<E>(turns: &Turns, batch: Vec<E>, mut handle: impl FnMut(E) -> bool) -> bool {
    let mut events = batch.into_iter().peekable();
    while events.peek().is_some() {
        let chunk: Vec<E> = events.by_ref().take(PER_TURN).collect();
        if turns.run(|| chunk.into_iter().any(&mut handle)).await {
            return true;
        }
    }
    false
}

/// Sleeps until `at`, or forever when there is nothing to wait for.
async fn sleep_until_some(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Where the session's backend writes a frame, until it is sent.
#[derive(Clone, Default)]
struct FrameBuffer(Arc<std::sync::Mutex<Vec<u8>>>);

impl FrameBuffer {
    fn drain_into(&self, out: &mut Vec<u8>) {
        out.append(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

impl std::io::Write for FrameBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;

    /// A session with a long batch (a paste) and another with one key, one
    /// turn at a time: the other's key is handled after the first
    /// [`PER_TURN`] events of the batch, not after all of them.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_long_batch_gives_up_its_turn_every_per_turn_events() {
        let turns = Arc::new(Turns::new(1));
        let order = Arc::new(Mutex::new(Vec::new()));
        let (started_tx, started_rx) = tokio::sync::oneshot::channel();
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let busy = {
            let (turns, order) = (turns.clone(), order.clone());
            tokio::spawn(async move {
                let mut started = Some((started_tx, go_rx));
                let batch: Vec<usize> = (0..PER_TURN * 3 + 5).collect();
                in_turns(&turns, batch, |n| {
                    // Holds the first turn until the other session waits.
                    if let Some((tx, go)) = started.take() {
                        tx.send(()).unwrap();
                        go.recv_timeout(Duration::from_secs(60)).unwrap();
                    }
                    order.lock().unwrap().push(Some(n));
                    false
                })
                .await
            })
        };
        started_rx.await.unwrap();
        let other = {
            let (turns, order) = (turns.clone(), order.clone());
            tokio::spawn(async move {
                in_turns(&turns, vec![()], |()| {
                    order.lock().unwrap().push(None);
                    false
                })
                .await
            })
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while turns.waiting() != 1 {
            assert!(std::time::Instant::now() < deadline, "never queued");
            tokio::task::yield_now().await;
        }
        go_tx.send(()).unwrap();
        assert!(!busy.await.unwrap() && !other.await.unwrap());
        let order = order.lock().unwrap();
        assert_eq!(order.len(), PER_TURN * 3 + 6);
        assert_eq!(
            order.iter().position(Option::is_none),
            Some(PER_TURN),
            "the other key waited for more than one turn's worth"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_quit_ends_the_batch() {
        let turns = Turns::new(1);
        let mut seen = Vec::new();
        let quit = in_turns(&turns, (0..PER_TURN * 2).collect(), |n| {
            seen.push(n);
            n == 3
        })
        .await;
        assert!(quit);
        assert_eq!(seen, [0, 1, 2, 3]);
    }
}
