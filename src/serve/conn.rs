//! One SSH connection: authentication, the one interactive session it may
//! open, and everything else refused.

use super::input::{ESCAPE_TIMEOUT, InputParser};
use super::limits::{Dashboard, Refusal};
use super::{Shared, log};
use crate::notes::DraftStore;
use crate::ui::effects::Worker;
use crate::ui::session::Applied;
use crate::ui::{End, Event, Input, Session};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::server::{
    Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Session as SshSession, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, ChannelWriteHalf, Pty};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

/// Largest input message taken from a client; the rest is dropped.
const MAX_INPUT: usize = 16 * 1024;
/// Input messages queued while the session is busy sending a frame.
const INPUT_QUEUE: usize = 64;
/// The shortest time between two frames of one session (30 per second).
const FRAME: std::time::Duration = std::time::Duration::from_millis(33);
/// A client that accepts no screen output for this long is disconnected.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Leaves the client's terminal as it found it.
const EPILOGUE: &[u8] = b"\x1b[?2004l\x1b[0m\x1b[?25h\x1b[8h\x1b[?1049l";
/// Alternate screen, hidden cursor, bracketed paste.
const PROLOGUE: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[2J";

/// The state of one connection.
pub struct Conn {
    shared: Arc<Shared>,
    peer: SocketAddr,
    ticket: super::limits::Ticket,
    /// Set once a key is verified; read by the login-grace timer.
    pub authenticated: Arc<AtomicBool>,
    author: Option<String>,
    /// The verified key's fingerprint: whose drafts this connection holds.
    key: Option<String>,
    auth_attempts: usize,
    channel: Option<ChannelWriteHalf<Msg>>,
    channel_id: Option<ChannelId>,
    pty: Option<(u16, u16)>,
    inputs: Option<mpsc::Sender<Vec<u8>>>,
    resize: Option<watch::Sender<(u16, u16)>>,
    oversized_input: bool,
}

type Error = russh::Error;

impl Conn {
    /// A new connection from `peer`, admitted with `ticket`.
    pub fn new(shared: Arc<Shared>, peer: SocketAddr, ticket: super::limits::Ticket) -> Self {
        Conn {
            shared,
            peer,
            ticket,
            authenticated: Arc::new(AtomicBool::new(false)),
            author: None,
            key: None,
            auth_attempts: 0,
            channel: None,
            channel_id: None,
            pty: None,
            inputs: None,
            resize: None,
            oversized_input: false,
        }
    }

    /// Refuses one attempt. Only a failed signature also counts toward the
    /// address's block (`failed`): an offered key is a question, not a
    /// failure, and the connection as a whole counts once if it ends
    /// without a login (its ticket does that).
    fn refuse_auth(&mut self, user: &str, method: &str, failed: bool) -> Auth {
        self.auth_attempts += 1;
        if failed {
            self.shared.gate.failed(self.peer.ip());
        }
        log(&format!(
            "{} auth refused: user {user:?}, method {method}",
            self.peer
        ));
        Auth::reject()
    }

    /// A client's terminal size within `--max-pty`.
    fn clamp(&self, cols: u32, rows: u32) -> (u16, u16) {
        let (w, h) = self.shared.gate.limits().max_pty;
        (
            cols.clamp(1, w.max(1) as u32) as u16,
            rows.clamp(1, h.max(1) as u32) as u16,
        )
    }

    fn ours(&self, channel: ChannelId) -> bool {
        self.channel_id == Some(channel)
    }

    fn refuse_request(
        &self,
        channel: ChannelId,
        what: &str,
        session: &mut SshSession,
    ) -> Result<(), Error> {
        log(&format!("{} refused {what}", self.peer));
        session.channel_failure(channel)?;
        Ok(())
    }
}

impl Handler for Conn {
    type Error = Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Error> {
        Ok(Auth::reject())
    }

    async fn auth_password(&mut self, user: &str, _password: &str) -> Result<Auth, Error> {
        Ok(self.refuse_auth(user, "password", false))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Error> {
        Ok(self.refuse_auth(user, "keyboard-interactive", false))
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Error> {
        // Only a yes/no on an unverified key: the identity is bound later,
        // in auth_publickey, once the client proved it holds the key.
        if self.shared.gate.blocked(self.peer.ip())
            || self.auth_attempts >= self.shared.gate.limits().max_auth_attempts
        {
            return Ok(self.refuse_auth(user, "publickey (blocked)", false));
        }
        match self.shared.keys.author_of(offer.public_key) {
            Some(_) => Ok(Auth::Accept),
            None => Ok(self.refuse_auth(user, "publickey (unknown key offered)", false)),
        }
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Error> {
        match self.shared.keys.author_of(key.public_key) {
            Some(author) => {
                if let Err(why) = self.ticket.promote() {
                    log(&format!("{} login refused: {why:?}", self.peer));
                    return Ok(Auth::reject());
                }
                let fingerprint = key.public_key.fingerprint(Default::default()).to_string();
                log(&format!(
                    "{} auth ok: user {user:?} as {author:?} ({fingerprint})",
                    self.peer,
                ));
                self.author = Some(author);
                self.key = Some(fingerprint);
                self.authenticated.store(true, Ordering::SeqCst);
                Ok(Auth::Accept)
            }
            None => Ok(self.refuse_auth(user, "publickey (unknown key)", true)),
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut SshSession,
    ) -> Result<(), Error> {
        // One session channel per connection, ever: a second would be a
        // second dashboard.
        if self.channel_id.is_some() || self.author.is_none() {
            log(&format!("{} refused a second session channel", self.peer));
            return Ok(()); // Dropping `reply` refuses the channel.
        }
        self.channel_id = Some(channel.id());
        // Input comes through `data` below; the read half is dropped so
        // nothing queues in it.
        let (_read, write) = channel.split();
        self.channel = Some(write);
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut SshSession,
    ) -> Result<(), Error> {
        if !self.ours(channel) {
            return self.refuse_request(channel, "a pty on an unknown channel", session);
        }
        self.pty = Some(self.clamp(cols, rows));
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut SshSession,
    ) -> Result<(), Error> {
        let (Some((w, h)), true) = (self.pty, self.ours(channel)) else {
            self.refuse_request(channel, "a shell without a pty", session)?;
            let _ = session
                .handle()
                .extended_data(
                    channel,
                    1,
                    &b"coopdash needs an interactive terminal: connect with ssh -t\r\n"[..],
                )
                .await;
            let _ = session.handle().close(channel).await;
            return Ok(());
        };
        let Some(write) = self.channel.take() else {
            return self.refuse_request(channel, "a second shell", session);
        };
        let key = self.key.clone().unwrap_or_default();
        let place = match self.shared.gate.dashboard(&key, w as usize * h as usize) {
            Ok(place) => place,
            Err(why) => {
                log(&format!("{} dashboard refused: {why:?}", self.peer));
                self.refuse_request(channel, "a dashboard over the limits", session)?;
                let message = match why {
                    Refusal::TooManyForKey => {
                        "coopdash: this key has its most dashboards open; close one first\r\n"
                    }
                    _ => {
                        "coopdash: the server is at its screen memory limit; try a smaller terminal or later\r\n"
                    }
                };
                tokio::spawn(async move {
                    let _ = write.extended_data(1, message.as_bytes()).await;
                    let _ = write.close().await;
                });
                return Ok(());
            }
        };
        let (tx, rx) = mpsc::channel(INPUT_QUEUE);
        let (resize_tx, resize_rx) = watch::channel((w, h));
        self.inputs = Some(tx);
        self.resize = Some(resize_tx);
        let author = self.author.clone().unwrap_or_default();
        log(&format!(
            "{} session start for {author:?} at {w}x{h}",
            self.peer
        ));
        let shared = self.shared.clone();
        let peer = self.peer;
        tokio::spawn(async move {
            let who = Analyst {
                author: author.clone(),
                key,
            };
            let reason = run_dashboard(shared, who, place, write, rx, resize_rx, w, h).await;
            log(&format!("{peer} session end for {author:?}: {reason}"));
        });
        session.channel_success(channel)?;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut SshSession,
    ) -> Result<(), Error> {
        // Never log the command: it may carry secrets.
        self.refuse_request(channel, "exec", session)?;
        let _ = session.handle().close(channel).await;
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut SshSession,
    ) -> Result<(), Error> {
        self.refuse_request(channel, &format!("subsystem {name:?}"), session)?;
        let _ = session.handle().close(channel).await;
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut SshSession,
    ) -> Result<(), Error> {
        self.refuse_request(channel, "X11 forwarding", session)
    }

    async fn env_request(
        &mut self,
        _channel: ChannelId,
        _name: &str,
        _value: &str,
        _session: &mut SshSession,
    ) -> Result<(), Error> {
        // Ignored: a client must not steer the server's environment.
        Ok(())
    }

    async fn agent_request(
        &mut self,
        channel: ChannelId,
        session: &mut SshSession,
    ) -> Result<bool, Error> {
        self.refuse_request(channel, "agent forwarding", session)?;
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut SshSession,
    ) -> Result<bool, Error> {
        log(&format!("{} refused remote port forwarding", self.peer));
        Ok(false)
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _origin: &str,
        _origin_port: u32,
        _reply: ChannelOpenHandle,
        _session: &mut SshSession,
    ) -> Result<(), Error> {
        log(&format!("{} refused local port forwarding", self.peer));
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _path: &str,
        _reply: ChannelOpenHandle,
        _session: &mut SshSession,
    ) -> Result<(), Error> {
        log(&format!("{} refused socket forwarding", self.peer));
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut SshSession,
    ) -> Result<(), Error> {
        if let (true, Some(tx)) = (self.ours(channel), &self.resize) {
            let _ = tx.send(self.clamp(cols, rows));
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut SshSession,
    ) -> Result<(), Error> {
        let (true, Some(tx)) = (self.ours(channel), &self.inputs) else {
            return Ok(());
        };
        if data.len() > MAX_INPUT && !self.oversized_input {
            self.oversized_input = true;
            log(&format!(
                "{} sent an oversized input message: truncated",
                self.peer
            ));
        }
        let data = &data[..data.len().min(MAX_INPUT)];
        // Waiting here stops russh reading this client's socket: a client
        // that sends faster than its dashboard keeps up is slowed down by
        // TCP itself, and nobody else is.
        let _ = tx.send(data.to_vec()).await;
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut SshSession,
    ) -> Result<(), Error> {
        if self.ours(channel) {
            self.inputs = None;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut SshSession,
    ) -> Result<(), Error> {
        if self.ours(channel) {
            self.inputs = None;
            self.resize = None;
        }
        Ok(())
    }
}

/// Who a dashboard is for: the name and key `authorized_keys` gave.
struct Analyst {
    author: String,
    /// The key's fingerprint; it owns the drafts.
    key: String,
}

/// Runs one analyst's dashboard until they quit, disconnect, go idle or the
/// server stops; returns why it ended. Every way out goes through
/// [`Session::finish`], which keeps unsaved text as drafts.
#[allow(clippy::too_many_arguments)]
async fn run_dashboard(
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
    let mut state = shared.ui.state(shared.ws.clone(), width, height);
    // Notes are signed by the verified key's name, never a client's claim.
    state.author = who.author.clone();
    state.confine_exports = true;
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
    session.attach_search(shared.search.clone(), move |found| {
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
        // Take everything that queued meanwhile.
        while let Ok(bytes) = inputs.try_recv() {
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
        let mut quit = false;
        if !batch.is_empty() {
            quit = shared
                .turns
                .run(|| {
                    for event in batch {
                        match session.handle(event) {
                            Ok(Applied::Changed) => {
                                draw_due.get_or_insert_with(|| last_frame + FRAME);
                            }
                            Ok(Applied::Quit) | Err(_) => return true,
                            Ok(Applied::Nothing) => {}
                        }
                    }
                    false
                })
                .await;
        }
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
        let mut bye = EPILOGUE.to_vec();
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
