//! `coopdash serve`: options for the SSH server.

use crate::model::Workspace;
use crate::serve::{ServeOptions, limits::Limits};
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
    /// Most connections at once.
    #[arg(long, default_value_t = 64)]
    pub max_connections: usize,
    /// Most connections at once from one address.
    #[arg(long, default_value_t = 8)]
    pub max_per_address: usize,
    /// Close a session after this many seconds without input.
    #[arg(long, default_value_t = 1800)]
    pub idle_timeout: u64,
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
