//! `coopdash sync` and `coopdash log [TARGET]` ([`crate::sync`]).

use crate::sync::{self, Options};
use crate::text::sanitize;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `coopdash sync`.
#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// Seconds one git command may take before it is stopped.
    #[arg(long, env = "COOPDASH_GIT_TIMEOUT", default_value_t = sync::DEFAULT_TIMEOUT.as_secs(), value_name = "SECONDS")]
    pub git_timeout: u64,
    /// Settle true conflicts (the same field of themes.yaml set to two
    /// values, a seed changed on both sides) for this side: ours or theirs.
    #[arg(long, value_enum, value_name = "SIDE")]
    pub take: Option<sync::Take>,
}

/// Arguments of `coopdash log`.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// A note's id, or a theme's or partner body's id [default: every change].
    pub target: Option<String>,
    /// At most this many changes.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
}

/// Syncs once and prints what came in, what went out and what is still
/// unshared.
pub fn run(root: &Path, author: String, args: SyncArgs) -> anyhow::Result<ExitCode> {
    let opts = Options {
        workspace: root.to_path_buf(),
        author,
        timeout: Duration::from_secs(args.git_timeout.max(1)),
        take: args.take,
    };
    sync::git::stop_on_signals()?;
    let report = sync::sync(&opts)?;
    let text: String = report
        .to_string()
        .lines()
        .map(|l| format!("{}\n", sanitize(l)))
        .collect();
    super::write_output(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the history, one change a line: date, who, what.
pub fn log(root: &Path, args: LogArgs) -> anyhow::Result<ExitCode> {
    let changes = sync::log::history(
        root,
        args.target.as_deref(),
        args.limit.max(1),
        sync::DEFAULT_TIMEOUT,
    )?;
    if changes.is_empty() {
        if let Some(t) = &args.target {
            eprintln!("coopdash: no change to {} in the history", sanitize(t));
        } else {
            eprintln!("coopdash: no change in the history yet");
        }
        return Ok(ExitCode::FAILURE);
    }
    let text: String = changes
        .iter()
        .map(|c| {
            format!(
                "{}  {}  {}  {}\n",
                c.when,
                c.commit,
                c.who.join(", "),
                c.what
            )
        })
        .collect();
    super::write_output(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
