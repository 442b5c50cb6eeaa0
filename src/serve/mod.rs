//! `coopdash serve`: an SSH server where each connection gets its own
//! dashboard over one shared workspace. It is a security boundary: public
//! keys only, one interactive PTY session per connection, everything else
//! (exec, subsystems, forwarding, agent, X11) refused, limits on
//! connections, logins, idle time and input size.
//!
//! Flow: [`run`] accepts TCP connections through a [`limits::Gate`], hands
//! each to russh with a `conn::Conn` handler; an accepted shell starts a
//! dashboard task that parses input bytes ([`input`]) into the same inputs
//! the local terminal produces and sends frames back with flow control.

mod auth;
mod conn;
mod dashboard;
mod hostkey;
pub mod input;
pub mod limits;
mod turns;

use crate::model::Workspace;
use crate::text::sanitize;
use anyhow::Context;
use russh::MethodKind;
use russh::server::Config;
use russh::{Preferred, kex, mac};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// The host key file (created on first start).
    pub host_key: PathBuf,
    /// The authorized keys file (re-read when it changes).
    pub authorized_keys: PathBuf,
    /// Limits on connections and sessions.
    pub limits: limits::Limits,
    /// Look of each dashboard (its author is replaced by each key's).
    pub ui: crate::ui::Options,
    /// The notes folder every session shares.
    pub notes_dir: PathBuf,
    /// What is wrong with items of the workspace (each dashboard lists
    /// them under `!`).
    pub problems: Vec<crate::workspace::Problem>,
}

/// What every connection shares.
pub struct Shared {
    /// The version new sessions start on; replaced on every good reload.
    current: std::sync::Mutex<Current>,
    /// The newest reload, for every running session (one watcher and one
    /// load per server, not per session).
    reloads: watch::Sender<Option<Reload>>,
    /// The reload under way, for the sessions' status bars.
    reloading: watch::Sender<Option<Arc<crate::progress::Progress>>>,
    ui: crate::ui::Options,
    keys: auth::KeyRing,
    gate: Arc<limits::Gate>,
    shutdown: watch::Receiver<bool>,
    notes: Option<Arc<crate::notes::SharedNotes>>,
    /// The finder's index, built once for every session on first use.

    /// Bumped whenever the notes changed; every session watches it.
    notes_changed: watch::Sender<u64>,
    /// The notes folder, which drafts record.
    notes_dir: std::path::PathBuf,
    /// Where sessions take turns to update and draw.
    turns: turns::Turns,
}

/// A reload as every session receives it: the version (or why it cannot
/// load) and the search base built for it.
type Reload = (
    crate::workspace::watch::Reloaded,
    Option<Arc<crate::ui::finder::SearchBase>>,
);

/// The version of the workspace new sessions open on.
pub struct Current {
    /// The workspace.
    pub ws: Arc<Workspace>,
    /// Its problems.
    pub problems: Vec<crate::workspace::Problem>,
    /// Its finder index, built on first use.
    pub search: Arc<crate::ui::finder::SearchBase>,
}

impl Shared {
    /// The version new sessions open on.
    fn current(&self) -> std::sync::MutexGuard<'_, Current> {
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One line to stderr; never key material or note text. Data from clients
/// (user names) is sanitized.
pub fn log(message: &str) {
    let now = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%z");
    eprintln!("{now} coopdash serve: {}", sanitize(message));
}

/// Runs the server until SIGINT or SIGTERM.
pub fn run(ws: Workspace, options: ServeOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(ws, options))
}

/// The algorithms ssh-audit's hardening guide keeps: no 2048-bit
/// group14, no group exchange, MACs only in their encrypt-then-MAC form.
/// The classical curve25519 and DH group 16/18 exchanges stay beside
/// `mlkem768x25519-sha256` for clients without post-quantum key exchange.
fn hardened() -> Preferred {
    let weak_kex = [
        kex::DH_G14_SHA256,
        kex::DH_G14_SHA1,
        kex::DH_GEX_SHA256,
        kex::DH_GEX_SHA1,
        kex::DH_G15_SHA512,
        kex::DH_G17_SHA512,
    ];
    let kex: Vec<kex::Name> = Preferred::DEFAULT
        .kex
        .iter()
        .filter(|k| !weak_kex.contains(k))
        .cloned()
        .collect();
    Preferred {
        kex: kex.into(),
        mac: (&[mac::HMAC_SHA512_ETM, mac::HMAC_SHA256_ETM][..]).into(),
        ..Preferred::DEFAULT
    }
}

/// How long a client whose login was refused may stay silent before the
/// connection is closed. Clients ask again at once (OpenSSH offers its next
/// key); one that waits is waiting for an answer russh never gives (paramiko
/// asks for the login service anew before each key), and would otherwise
/// hold its place until the whole login grace ends.
const AFTER_REFUSAL: Duration = Duration::from_secs(5);

/// One connection from admission to its end: its banner within
/// `banner_grace` (or sooner gone, if a newcomer evicts it while silent),
/// then a login within `login_grace`, then the session until it closes.
async fn connection(
    shared: Arc<Shared>,
    config: Arc<Config>,
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    ticket: limits::Ticket,
    evicted: Arc<tokio::sync::Notify>,
) {
    let limits = shared.gate.limits().clone();
    let started = tokio::time::Instant::now();
    let id = ticket.id();
    let gate = shared.gate.clone();
    let handler = conn::Conn::new(shared, peer, ticket);
    let authenticated = handler.authenticated.clone();
    let mut refused = handler.refused.subscribe();
    let _ = socket.set_nodelay(true);
    let banner = tokio::time::timeout(
        limits.banner_grace,
        russh::server::run_stream(config, socket, handler),
    );
    let mut session = tokio::select! {
        s = banner => match s {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => return log(&format!("{peer} handshake failed: {e}")),
            Err(_) => return log(&format!("{peer} sent no banner in time")),
        },
        () = evicted.notified() => return log(&format!("{peer} dropped: silent while the login budget was full")),
    };
    gate.spoke(id);
    let handle = session.handle();
    // The grace timers live and die with the connection: nothing is said
    // about a connection that already closed.
    let far = started + limits.login_grace;
    let ended = loop {
        let after_refusal = refused
            .borrow()
            .map_or(far, |at| (at + AFTER_REFUSAL).min(far));
        tokio::select! {
            ended = &mut session => break ended,
            Ok(()) = refused.changed() => continue,
            () = tokio::time::sleep_until(after_refusal), if after_refusal < far => {
                if !authenticated.load(Ordering::SeqCst) {
                    log(&format!("{peer} asked nothing more within {}s of a refused login (a client that asks for the login service again, as paramiko does, is not answered: give it the one right key)", AFTER_REFUSAL.as_secs()));
                    let _ = handle
                        .disconnect(russh::Disconnect::ByApplication, "login refused".into(), "".into())
                        .await;
                }
                break session.await;
            }
            () = tokio::time::sleep_until(far) => {
                if !authenticated.load(Ordering::SeqCst) {
                    log(&format!("{peer} did not authenticate in time"));
                    let _ = handle
                        .disconnect(russh::Disconnect::ByApplication, "login grace time over".into(), "".into())
                        .await;
                }
                break session.await;
            }
        }
    };
    match ended {
        Ok(()) => log(&format!("{peer} disconnected")),
        Err(e) => log(&format!("{peer} disconnected: {e}")),
    }
}

async fn serve(ws: Workspace, options: ServeOptions) -> anyhow::Result<()> {
    let host_key = hostkey::load_or_create(&options.host_key)?;
    let limits = options.limits.clone();
    let config = Arc::new(Config {
        preferred: hardened(),
        methods: (&[MethodKind::PublicKey][..]).into(),
        keys: vec![host_key],
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: limits.max_auth_attempts,
        inactivity_timeout: Some(limits.idle_timeout + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        nodelay: true,
        ..Default::default()
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    let (notes_changed, _) = watch::channel(0u64);
    let notes = match crate::notes::SharedNotes::open(&options.notes_dir) {
        Ok(n) => Some(n),
        Err(e) => {
            log(&format!("notes unavailable: {e}"));
            None
        }
    };
    if let Some(n) = &notes {
        let tx = notes_changed.clone();
        n.subscribe(move || {
            tx.send_modify(|g| *g += 1);
        });
    }
    // One watcher for all sessions: other processes' writes reach them all.
    let _watcher = notes.as_ref().map(|n| n.watch());
    let ws = Arc::new(ws);
    crate::suggest::warm(ws.clone());
    let shared = Arc::new(Shared {
        current: std::sync::Mutex::new(Current {
            search: crate::ui::finder::SearchBase::new(ws.clone()),
            ws,
            problems: options.problems.clone(),
        }),
        reloads: watch::channel(None).0,
        reloading: watch::channel(None).0,
        ui: options.ui.clone(),
        keys: auth::KeyRing::new(&options.authorized_keys),
        gate: limits::Gate::new(limits.clone()),
        shutdown: stop_rx,
        notes,
        notes_changed,
        notes_dir: options.notes_dir.clone(),
        turns: turns::Turns::new(std::thread::available_parallelism().map_or(1, |n| n.get())),
    });
    // themes.yaml and seeds/ are watched once for the whole server.
    let _workspace_watcher = {
        let shared = shared.clone();
        let current = shared.current();
        let errors = options
            .problems
            .iter()
            .filter(|p| p.severity != crate::workspace::Severity::Warning)
            .count();
        let root = current.ws.root.clone();
        let ws = current.ws.clone();
        drop(current);
        let began = shared.clone();
        let reloading = move |load: &Arc<crate::progress::Progress>| {
            began.reloading.send_replace(Some(load.clone()));
        };
        crate::workspace::watch::watch(
            &root,
            options.ui.limits,
            ws,
            errors,
            reloading,
            move |reloaded| {
                let base = reloaded.as_ref().ok().map(|v| {
                    // Not under the lock: building takes a while. The
                    // suggestions too, once for every session.
                    crate::suggest::cached(&v.ws);
                    let prev = shared.current().search.clone();
                    prev.after(v.ws.clone())
                });
                match &reloaded {
                    Ok(v) => log(&format!(
                        "workspace reloaded: {} themes, {} passages, {} problems",
                        v.ws.themes.len(),
                        v.ws.passage_count(),
                        v.problems.len()
                    )),
                    Err(e) => log(&format!("workspace not reloaded: {e}")),
                }
                if let (Ok(v), Some(base)) = (&reloaded, &base) {
                    *shared.current.lock().unwrap_or_else(|e| e.into_inner()) = Current {
                        ws: v.ws.clone(),
                        problems: v.problems.clone(),
                        search: base.clone(),
                    };
                }
                shared.reloads.send_replace(Some((reloaded, base)));
            },
        )
    };
    let listener = TcpListener::bind(options.listen)
        .await
        .with_context(|| format!("cannot listen on {}", options.listen))?;
    log(&format!(
        "listening on {} (authorized keys: {})",
        listener.local_addr()?,
        shared.keys.path().display()
    ));

    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (socket, peer) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, go on.
                        log(&format!("accept failed: {e}"));
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let (ticket, evicted) = match shared.gate.admit(peer.ip(), rand::random_range(0..100)) {
                    Ok(t) => t,
                    Err(why) => {
                        log(&format!("{peer} connection refused: {why:?}"));
                        continue;
                    }
                };
                log(&format!("{peer} connected"));
                tasks.spawn(connection(shared.clone(), config.clone(), socket, peer, ticket, evicted));
            }
            _ = tokio::signal::ctrl_c() => break,
            _ = sigterm.recv() => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    }
    log("shutting down: telling sessions");
    let _ = stop_tx.send(true);
    drop(listener);
    // Sessions restore their clients' terminals and close; notes are saved
    // as they are written, so there is nothing else to flush.
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    log("stopped");
    Ok(())
}
