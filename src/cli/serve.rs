//! `coopdash serve`: options for the SSH server.

use crate::model::Workspace;
use crate::serve::ServeOptions;
use crate::serve::limits::{Limits, Startups};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `coopdash serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:2222")]
    pub listen: std::net::SocketAddr,
    /// Host key file, created (mode 0600) on first start
    /// [default: WORKSPACE/.coopdash/ssh_host_ed25519_key].
    #[arg(long)]
    pub host_key: Option<PathBuf>,
    /// Public keys allowed in, OpenSSH authorized_keys format, re-read when
    /// it changes [default: WORKSPACE/.coopdash/authorized_keys].
    #[arg(long)]
    pub authorized_keys: Option<PathBuf>,
    /// Most logged-in connections at once (connections still logging in
    /// have their own budget, --max-startups).
    #[arg(long, default_value_t = 64)]
    pub max_connections: usize,
    /// Most connections at once from one address.
    #[arg(long, default_value_t = 8)]
    pub max_per_address: usize,
    /// Connections not yet logged in, as OpenSSH's MaxStartups: all are
    /// admitted below START; from START on a newcomer is refused with
    /// probability RATE%, rising to 100% at FULL; a newcomer first displaces
    /// the oldest connection that has not sent its SSH banner.
    #[arg(long, default_value = "10:30:60", value_name = "START:RATE:FULL")]
    pub max_startups: Startups,
    /// New connections per second from one address (also the burst).
    #[arg(long, default_value_t = 10)]
    pub max_rate_per_address: u32,
    /// Seconds a new connection has to send its SSH banner.
    #[arg(long, default_value_t = 5)]
    pub banner_grace: u64,
    /// Seconds a connection has to log in.
    #[arg(long, default_value_t = 30)]
    pub login_grace: u64,
    /// Dashboards open at once with one key.
    #[arg(long, default_value_t = 4)]
    pub max_per_key: usize,
    /// Largest terminal drawn, COLSxROWS; a larger one is drawn at this size.
    #[arg(long, default_value = "500x200", value_parser = pty_size, value_name = "COLSxROWS")]
    pub max_pty: (u16, u16),
    /// Screen memory of all dashboards together, in MiB (about 96 bytes a
    /// terminal cell); a dashboard that would exceed it is refused.
    #[arg(long, default_value_t = 512)]
    pub screen_memory: usize,
    /// Close a session after this many seconds without input.
    #[arg(long, default_value_t = 1800)]
    pub idle_timeout: u64,
    /// Sync the workspace through git this often (`30s`, `5m`, `1h`), as
    /// `coopdash sync` does; what comes in reaches every dashboard.
    #[arg(long, value_parser = every, value_name = "DURATION")]
    pub sync_every: Option<Duration>,
}

/// `30s`, `5m` or `1h` (a whole number and a unit), at least one second.
fn every(s: &str) -> Result<Duration, String> {
    let bad = || format!("`{s}` is not a duration: a whole number and s, m or h (30s, 5m, 1h)");
    let unit = s.chars().last().ok_or_else(bad)?;
    let n: u64 = s[..s.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
    let secs = match unit {
        's' => n,
        'm' => n.saturating_mul(60),
        'h' => n.saturating_mul(3600),
        _ => return Err(bad()),
    };
    if secs == 0 {
        return Err(bad());
    }
    Ok(Duration::from_secs(secs))
}

/// Syncs every `every` on a thread of its own, for as long as the server
/// runs; each result is a line on stderr. A sync still running (a
/// curator's `S`) makes this round skip.
fn sync_every(every: Duration, workspace: &Path, author: &str) {
    let opts = crate::sync::Options {
        workspace: workspace.to_path_buf(),
        author: author.to_string(),
        timeout: crate::sync::DEFAULT_TIMEOUT,
        take: None,
    };
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(every);
            let line = match crate::sync::sync_exclusive(&opts) {
                Ok(report) => report.short(),
                Err(e) => {
                    let text = e.to_string();
                    format!(
                        "sync stopped: {}",
                        text.lines().map(str::trim).collect::<Vec<_>>().join(" · ")
                    )
                }
            };
            eprintln!("coopdash serve: {}", crate::text::sanitize(&line));
        }
    });
}

/// `COLSxROWS`, each 1 to 1000.
fn pty_size(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("`{s}` is not COLSxROWS with each 1 to 1000 (e.g. 500x200)");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u16, u16) = (w.parse().map_err(|_| bad())?, h.parse().map_err(|_| bad())?);
    if !(1..=1000).contains(&w) || !(1..=1000).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

/// Runs the server until SIGINT or SIGTERM.
pub fn run(
    ws: Workspace,
    problems: Vec<crate::workspace::Problem>,
    workspace: &Path,
    notes_dir: PathBuf,
    ui: crate::ui::Options,
    args: ServeArgs,
) -> anyhow::Result<ExitCode> {
    if let Some(every) = args.sync_every {
        sync_every(every, workspace, &ui.author);
    }
    let dot = workspace.join(".coopdash");
    let options = ServeOptions {
        listen: args.listen,
        host_key: args
            .host_key
            .unwrap_or_else(|| dot.join("ssh_host_ed25519_key")),
        authorized_keys: args
            .authorized_keys
            .unwrap_or_else(|| dot.join("authorized_keys")),
        limits: Limits {
            max_connections: args.max_connections,
            max_per_address: args.max_per_address,
            startups: args.max_startups,
            rate_per_address: args.max_rate_per_address,
            banner_grace: Duration::from_secs(args.banner_grace),
            login_grace: Duration::from_secs(args.login_grace),
            max_per_key: args.max_per_key,
            max_pty: args.max_pty,
            screen_budget: args.screen_memory.saturating_mul(1 << 20),
            idle_timeout: Duration::from_secs(args.idle_timeout),
            ..Limits::default()
        },
        ui,
        notes_dir,
        problems,
    };
    crate::serve::run(ws, options)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations() {
        use std::time::Duration;
        assert_eq!(super::every("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(super::every("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(super::every("1h"), Ok(Duration::from_secs(3600)));
        for bad in ["", "0s", "5", "m", "1.5h", "5d"] {
            assert!(super::every(bad).is_err(), "{bad}");
        }
    }
}
