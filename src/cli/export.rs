//! `coopdash export`: the workspace, with the notes folder's notes and
//! analyst links, in a format other tools read.

use super::write_output;
use crate::export::{self, Format};
use crate::model::Workspace;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `coopdash export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output format: json, markdown, csv, qdpx (REFI-QDA project, a zip:
    /// needs -o or a redirect) or qdc (REFI-QDA codebook).
    #[arg(long, short = 'f', value_enum, default_value = "json")]
    pub format: Format,
    /// Output file (default: standard output). Written atomically.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Exit 0 even when the workspace has problems (what is sound is
    /// exported either way; what was left out is said on stderr).
    #[arg(long)]
    pub allow_problems: bool,
}

/// Runs the export.
/// With `problems`, what is sound is written and what was left out is said
/// on stderr; the exit code is 1 unless `--allow-problems`, so a script
/// cannot take a partial export for a full one.
pub fn run(
    ws: &Workspace,
    problems: &[crate::workspace::Problem],
    notes_dir: &Path,
    args: ExportArgs,
) -> anyhow::Result<ExitCode> {
    let store = super::note::open(notes_dir)?;
    let bundle = crate::notes::Bundle::new(ws, store.notes().into_iter().map(|s| &s.note));
    let bytes = super::progress::shown(|| {
        crate::progress::stage("exporting", 0);
        export::render(ws, &bundle.extras(), args.format)
    })?;
    if args.output.is_none() && std::io::stdout().is_terminal() {
        if args.format.is_binary() {
            anyhow::bail!(
                "a qdpx export is a zip archive, not text for a terminal: \
                 write it with -o FILE.qdpx, or redirect standard output"
            );
        }
        // Data reaching a terminal is sanitized, line by line (a CSV
        // record's CR is a line end, not a character to show).
        let text = String::from_utf8_lossy(&bytes);
        let shown: Vec<_> = text
            .split('\n')
            .map(|l| crate::text::sanitize(l.strip_suffix('\r').unwrap_or(l)))
            .collect();
        write_output(None, shown.join("\n").as_bytes())?;
    } else {
        write_output(args.output.as_deref(), &bytes)?;
    }
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut err = std::io::stderr().lock();
    for p in problems {
        let _ = writeln!(err, "left out: {p}");
    }
    if args.allow_problems {
        Ok(ExitCode::SUCCESS)
    } else {
        let _ = writeln!(
            err,
            "coopdash: the export leaves out what these problems concern; \
             fix them, or pass --allow-problems to accept a partial export"
        );
        Ok(ExitCode::FAILURE)
    }
}
