//! The command line: argument parsing and the subcommands' edges. Errors
//! become `anyhow` here; the core speaks `thiserror` types.

mod search;

use crate::export;
use crate::model::Workspace;
use crate::workspace::{self, LoadError};
use anyhow::Context;
use clap::{Parser, Subcommand};
use std::io::Write;
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
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value = "json")]
        format: export::Format,
        /// Output file (default: standard output). Written atomically.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Fuzzy-find themes, partner bodies, passages and events, in Arabic
    /// or English; one result a line (kind, id or SOURCE:N, score, label
    /// or context), best first. Exit 1 when nothing matches.
    Search {
        /// What to look for (diacritics, hamza, clitics and case optional).
        query: String,
        /// Only this kind: theme, entity, passage, event or note.
        #[arg(long, short = 'k')]
        kind: Option<crate::search::Kind>,
        /// At most this many results (0: all).
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        /// Print a JSON array instead (see README.md for its fields).
        #[arg(long)]
        json: bool,
        /// Load without the index cache (.coopdash/search-cache.bin), and
        /// do not write it.
        #[arg(long)]
        no_cache: bool,
    },
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
    if let Some(Command::Search {
        query,
        kind,
        limit,
        json,
        no_cache,
    }) = &cli.command
    {
        return search::run(&cli.workspace, query, *kind, *limit, *json, *no_cache);
    }
    let ws = match workspace::load(&cli.workspace) {
        Ok(ws) => ws,
        Err(e) => {
            print_problems(&e);
            return Ok(ExitCode::FAILURE);
        }
    };
    match cli.command {
        None => {
            crate::ui::run(ws, crate::ui::Options::from_env())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check) => {
            println!("{}", summary(&ws));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export { format, output }) => {
            let text = match format {
                export::Format::Json => export::json::render(&ws),
            };
            write_output(output.as_deref(), text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search { .. }) => unreachable!("searched above, without a full load"),
    }
}

/// Prints every load problem to stderr, one a line, then a count.
pub(crate) fn print_problems(e: &LoadError) {
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
