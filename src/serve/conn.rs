//! One SSH connection: authentication, the one interactive session it may
//! open, and everything else refused.

use super::dashboard::{Analyst, run_dashboard};
use super::limits::Refusal;
use super::{Shared, log};
use russh::server::{
    Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Session as SshSession, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, ChannelWriteHalf, Pty};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{mpsc, watch};

/// Largest input message taken from a client; the rest is dropped.
const MAX_INPUT: usize = 16 * 1024;
/// Input messages queued while the session is busy sending a frame.
const INPUT_QUEUE: usize = 64;

/// The state of one connection.
pub struct Conn {
    shared: Arc<Shared>,
    peer: SocketAddr,
    ticket: super::limits::Ticket,
    /// Set once a key is verified; read by the login-grace timer.
    pub authenticated: Arc<AtomicBool>,
    /// When the last login attempt was refused, until the client asks
    /// again or is told yes: read by the connection's timers.
    pub refused: watch::Sender<Option<tokio::time::Instant>>,
    who: Option<super::auth::Who>,
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
            refused: watch::Sender::new(None),
            who: None,
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
        self.refused.send_replace(Some(tokio::time::Instant::now()));
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
        match self.shared.keys.who(offer.public_key) {
            Some(_) => {
                // The client may now take its time (a passphrase to type).
                self.refused.send_replace(None);
                Ok(Auth::Accept)
            }
            None => Ok(self.refuse_auth(user, "publickey (unknown key offered)", false)),
        }
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Error> {
        match self.shared.keys.who(key.public_key) {
            Some(who) => {
                if let Err(why) = self.ticket.promote() {
                    log(&format!("{} login refused: {why:?}", self.peer));
                    return Ok(Auth::reject());
                }
                let fingerprint = key.public_key.fingerprint(Default::default()).to_string();
                log(&format!(
                    "{} auth ok: user {user:?} as {:?}{} ({fingerprint})",
                    self.peer,
                    who.author,
                    if who.curator { ", curator" } else { "" },
                ));
                self.who = Some(who);
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
        if self.channel_id.is_some() || self.who.is_none() {
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
        let Some(person) = self.who.clone() else {
            return Ok(());
        };
        let author = person.author.clone();
        log(&format!(
            "{} session start for {author:?} at {w}x{h}",
            self.peer
        ));
        let shared = self.shared.clone();
        let peer = self.peer;
        tokio::spawn(async move {
            let who = Analyst {
                author: author.clone(),
                curator: person.curator,
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
