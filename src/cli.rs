//! The command line: argument parsing and the subcommands' edges. Errors
//! become `anyhow` here; the core speaks `thiserror` types.

use crate::export;
use crate::model::Workspace;
use crate::workspace::{self, LoadError};
use anyhow::Context;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// coopdash: track cooperation themes in source documents, in the terminal.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    /// Workspace folder holding themes.yaml and seeds/.
    #[arg(
        long,
        short = 'w',
        env = "COOPDASH_WORKSPACE",
        default_value = ".",
        global = true
    )]
    pub workspace: PathBuf,

    /// Language to show names in first (Details shows the others).
    #[arg(long, env = "COOPDASH_LANG", default_value = "en", global = true)]
    pub lang: String,

    /// What to do; without a command, open the dashboard.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the workspace and print a summary; every problem as
    /// file:line:column: what — how to fix, exit 1 on problems.
    Check,
    /// Write the resolved workspace for other tools.
    Export {
        /// Output format: json, markdown, csv, qdpx (REFI-QDA project, a zip:
        /// needs -o or a redirect) or qdc (REFI-QDA codebook).
        #[arg(long, short = 'f', value_enum, default_value = "json")]
        format: export::Format,
        /// Output file (default: standard output). Written atomically.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Serve the dashboard over SSH: `ssh -p 2222 host` opens it, no shell.
    Serve(ServeArgs),
}

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

/// Runs the program; the exit code is 0 on success, 1 on a problem the
/// user must fix, 2 on a usage error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "coopdash: {}",
                crate::text::sanitize(&format!("{e:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ws = match workspace::load(&cli.workspace) {
        Ok(ws) => ws,
        Err(e) => {
            print_problems(&e);
            return Ok(ExitCode::FAILURE);
        }
    };
    match cli.command {
        None => {
            let options = crate::ui::Options {
                palette: crate::ui::style::Palette::from_env(),
                lang: cli.lang,
            };
            crate::ui::run(ws, options)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check) => {
            println!("{}", summary(&ws));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Serve(args)) => {
            let dot = cli.workspace.join(".coopdash");
            let options = crate::serve::ServeOptions {
                listen: args.listen,
                host_key: args
                    .host_key
                    .unwrap_or_else(|| dot.join("ssh_host_ed25519_key")),
                authorized_keys: args
                    .authorized_keys
                    .unwrap_or_else(|| dot.join("authorized_keys")),
                limits: crate::serve::limits::Limits {
                    max_connections: args.max_connections,
                    max_per_address: args.max_per_address,
                    idle_timeout: std::time::Duration::from_secs(args.idle_timeout),
                    ..Default::default()
                },
                ui: crate::ui::Options {
                    palette: crate::ui::style::Palette::from_env(),
                    lang: cli.lang,
                },
            };
            crate::serve::run(ws, options)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export { format, output }) => {
            // Notes and analyst links join here once they are stored.
            let bytes = export::render(&ws, &export::Extras::default(), format)?;
            if output.is_none() && std::io::stdout().is_terminal() {
                if format.is_binary() {
                    anyhow::bail!(
                        "a qdpx export is a zip archive, not text for a terminal: \
                         write it with -o FILE.qdpx, or redirect standard output"
                    );
                }
                // Data reaching a terminal is sanitized, line by line (a
                // CSV record's CR is a line end, not a character to show).
                let text = String::from_utf8_lossy(&bytes);
                let shown: Vec<_> = text
                    .split('\n')
                    .map(|l| crate::text::sanitize(l.strip_suffix('\r').unwrap_or(l)))
                    .collect();
                write_output(None, shown.join("\n").as_bytes())?;
            } else {
                write_output(output.as_deref(), &bytes)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints every load problem to stderr, one a line, then a count.
fn print_problems(e: &LoadError) {
    let mut err = std::io::stderr().lock();
    for p in &e.problems {
        let _ = writeln!(err, "{p}");
    }
    let _ = writeln!(err, "coopdash: {e}");
}

/// The one-line summary `check` prints.
pub fn summary(ws: &Workspace) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    format!(
        "ok: {}: {}, {}, {}, {}, {}, {}, {}",
        ws.root.display(),
        n(ws.sources.len(), "source", "sources"),
        n(ws.passage_count(), "passage", "passages"),
        n(ws.themes.len(), "theme", "themes"),
        n(ws.link_count(), "link", "links"),
        n(ws.entities.len(), "partner body", "partner bodies"),
        n(ws.mention_count(), "mention", "mentions"),
        n(ws.events.len(), "event", "events"),
    )
}

fn write_output(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(p) => {
            crate::atomic::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .or_else(|e| {
                    // A closed pipe (`| head`) is not an error worth reporting.
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })?;
            Ok(())
        }
    }
}
