//! The command line: argument parsing and the subcommands' edges. Errors
//! become `anyhow` here; the core speaks `thiserror` types. One file per
//! subcommand group.

mod curate;
mod export;
mod import;
mod init;
mod kwic;
mod note;
mod progress;
pub(crate) mod search;
mod serve;
mod suggest;
mod sync;

use crate::model::Workspace;
use crate::settings;
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

    /// Language to show names in first (Details shows the others)
    /// [default: the settings file's `lang`, else en].
    #[arg(long, env = "COOPDASH_LANG", global = true)]
    pub lang: Option<String>,

    /// Who lays out right-to-left text: app (coopdash orders and joins
    /// Arabic), app-noshape (orders, leaves letters unjoined) or terminal
    /// (the terminal reorders). `coopdash bidi-test` shows which reads right.
    /// [default: the settings file's `bidi`, else app]
    #[arg(long, env = "COOPDASH_BIDI", global = true)]
    pub bidi: Option<crate::layout::BidiMode>,

    /// Notes folder [default: WORKSPACE/notes].
    #[arg(long, env = "COOPDASH_NOTES", global = true, value_name = "DIR")]
    pub notes: Option<PathBuf>,

    /// Author of new notes [default: $COOPDASH_AUTHOR, else the settings
    /// file's `author`, else the login name].
    #[arg(long, global = true, value_name = "NAME")]
    pub author: Option<String>,

    /// Leave the mouse to the terminal (its own text selection) instead of
    /// clicks selecting rows and the wheel scrolling; with `serve`, for
    /// every analyst's dashboard.
    #[arg(long, global = true)]
    pub no_mouse: bool,

    /// The settings file [default: $XDG_CONFIG_HOME/coopdash/config.toml,
    /// else ~/.config/coopdash/config.toml]. Flags and environment
    /// variables win over it.
    #[arg(long, env = "COOPDASH_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Read no settings file (wins over --config).
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Raise a cap on what a workspace may hold: NAME=N, repeatable. NAME is
    /// themes-size, source-size, import-size (bytes; N may end in K or M),
    /// field-length (characters), sources, passages, themes, entities or
    /// links.
    #[arg(
        long = "max",
        env = "COOPDASH_LIMITS",
        value_delimiter = ',',
        global = true,
        value_name = "NAME=N"
    )]
    pub limits: Vec<workspace::limits::Setting>,

    /// What to do; without a command, open the dashboard.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a workspace: an annotated themes.yaml with one example theme
    /// and partner body, seeds/ with one example source, and a .gitignore
    /// for what must never be shared. Refuses, changing nothing, if
    /// themes.yaml or seeds/ is already there.
    Init(init::InitArgs),
    /// Validate the workspace and print a summary; every problem as
    /// file:line:column: what — how to fix, exit 1 on problems. Warnings
    /// are printed the same way (`warning:` before the message) and do not
    /// fail the check unless --strict is given.
    Check {
        /// Exit 1 when there are warnings, too (for CI).
        #[arg(long)]
        strict: bool,
    },
    /// Write the resolved workspace for other tools.
    Export(export::ExportArgs),
    /// Add, list, edit and delete notes and analyst links.
    Note {
        /// The note command.
        #[command(subcommand)]
        command: note::NoteCommand,
    },
    /// Add, change and remove themes in themes.yaml (format-preserving,
    /// validated, locked, atomic).
    Theme {
        /// The theme command.
        #[command(subcommand)]
        command: curate::ThemeCommand,
    },
    /// Add, change and remove partner bodies in themes.yaml.
    Entity {
        /// The entity command.
        #[command(subcommand)]
        command: curate::EntityCommand,
    },
    /// Add and remove themes' curated links; promote an analyst link.
    Link {
        /// The link command.
        #[command(subcommand)]
        command: curate::LinkCommand,
    },
    /// Add events to themes.yaml.
    Event {
        /// The event command.
        #[command(subcommand)]
        command: curate::EventCommand,
    },
    /// Passages that name a theme but are not linked to it: list them,
    /// accept one as a link, or reject it.
    Suggest {
        /// The suggest command.
        #[command(subcommand)]
        command: suggest::SuggestCommand,
    },
    /// The concordance of a theme or partner body: every mention, one a
    /// line, the matched words in a fixed column between the text before
    /// and after them (in reading order: on the right in Arabic).
    Kwic {
        /// The theme's or partner body's id.
        target: String,
        /// Line width in cells, the SOURCE:N column included.
        #[arg(long, default_value_t = 100)]
        width: usize,
        /// Print CSV instead: source, passage, left (the text before, in
        /// reading order), match, right.
        #[arg(long)]
        csv: bool,
    },
    /// Make documents into sources: each file (.txt, .md, .html, .htm,
    /// .docx, .pdf; a folder: every such file under it) becomes
    /// seeds/ID.txt, registered in themes.yaml with its title, date and
    /// language. The same text twice is refused with the id it has.
    Import(import::ImportArgs),
    /// Serve the dashboard over SSH: `ssh -p 2222 host` opens it, no shell.
    Serve(serve::ServeArgs),
    /// Share the workspace through its git repository: commit the changes
    /// to notes, themes.yaml and seeds/, fetch and merge the upstream
    /// (never rebase), push. Prints what came in, what went out and what
    /// is not yet shared.
    Sync(sync::SyncArgs),
    /// Who changed a note, theme or partner body, and when (from git and
    /// the Coopdash-Author trailers); without TARGET, every change.
    Log(sync::LogArgs),
    /// Print a sample Arabic paragraph in each --bidi mode, to see which
    /// reads right in this terminal.
    BidiTest {
        /// Line width (default: the terminal's, else 60).
        #[arg(long)]
        width: Option<usize>,
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
            // Line by line: a message of several lines (a sync's
            // conflicts) keeps its lines, each sanitized.
            let text = format!("{e:#}");
            let lines: Vec<_> = text.lines().map(crate::text::sanitize).collect();
            let _ = writeln!(err, "coopdash: {}", lines.join("\n"));
            ExitCode::FAILURE
        }
    }
}

/// The settings file `--config`, `--no-config` and the default location
/// name.
fn load_settings(cli: &Cli) -> anyhow::Result<settings::Settings> {
    Ok(settings::load(&if cli.no_config {
        settings::Source::Ignore
    } else {
        cli.config
            .clone()
            .map_or(settings::Source::Default, settings::Source::Path)
    })?)
}

fn run(mut cli: Cli) -> anyhow::Result<ExitCode> {
    if matches!(cli.command, Some(Command::Init(_)))
        && let Some(Command::Init(args)) = cli.command.take()
    {
        return init::run(&cli.workspace, args);
    }
    let curation = match cli.command.take() {
        Some(Command::Theme { command }) => Some(curate::Curate::Theme(command)),
        Some(Command::Entity { command }) => Some(curate::Curate::Entity(command)),
        Some(Command::Link { command }) => Some(curate::Curate::Link(command)),
        Some(Command::Event { command }) => Some(curate::Curate::Event(command)),
        other => {
            cli.command = other;
            None
        }
    };
    if let Some(command) = curation {
        // Each edit loads the workspace itself, under the lock.
        let limits = workspace::Limits::with(&cli.limits);
        let notes_dir = cli
            .notes
            .clone()
            .unwrap_or_else(|| cli.workspace.join(crate::notes::DIR));
        return curate::run(&cli.workspace, &notes_dir, &limits, command);
    }
    if matches!(cli.command, Some(Command::Import(_)))
        && let Some(Command::Import(args)) = cli.command.take()
    {
        // Each import loads the workspace itself.
        let limits = workspace::Limits::with(&cli.limits);
        return import::run(&cli.workspace, &limits, args);
    }
    // Sync and log need git, not a loadable workspace.
    match cli.command.take() {
        Some(Command::Sync(args)) => {
            let settings = load_settings(&cli)?;
            let author = crate::notes::author(cli.author.as_deref(), settings.author.as_deref());
            return sync::run(&cli.workspace, author, args);
        }
        Some(Command::Log(args)) => return sync::log(&cli.workspace, args),
        other => cli.command = other,
    }
    if let Some(Command::Search {
        query,
        kind,
        limit,
        json,
        no_cache,
    }) = &cli.command
    {
        let limits = workspace::Limits::with(&cli.limits);
        return search::run(
            &cli.workspace,
            query,
            *kind,
            *limit,
            *json,
            *no_cache,
            &limits,
        );
    }
    let limits = workspace::Limits::with(&cli.limits);
    // `check` reports every problem and fails on any; everything else opens
    // despite problems that concern one item, and says so on stderr.
    if let Some(Command::Check { strict }) = &cli.command {
        return Ok(
            match progress::shown(|| workspace::load_with(&cli.workspace, &limits)) {
                Ok(ws) => check(&ws, *strict),
                Err(e) => {
                    print_problems(&e);
                    ExitCode::FAILURE
                }
            },
        );
    }
    // The dashboard shows its own loading screen; the rest a bar on stderr.
    let opened = if cli.command.is_none() {
        crate::ui::loading::open(&cli.workspace, &limits)?
    } else {
        Some(progress::shown(|| {
            workspace::open_with(&cli.workspace, &limits)
        }))
    };
    let Some(opened) = opened else {
        // Quit on the loading screen.
        return Ok(ExitCode::SUCCESS);
    };
    let (ws, problems) = match opened {
        Ok(loaded) => {
            say_problems(&loaded.problems, &cli.workspace);
            (loaded.ws, loaded.problems)
        }
        // Notes never depend on themes.yaml being valid: on a fatal problem
        // the notes commands still run, every note an orphan.
        Err(e) if matches!(cli.command, Some(Command::Note { .. })) => {
            say_problems(&e.problems, &cli.workspace);
            (Workspace::empty(&cli.workspace), e.problems)
        }
        Err(e) => {
            print_problems(&e);
            return Ok(ExitCode::FAILURE);
        }
    };
    let notes_dir = cli
        .notes
        .clone()
        .unwrap_or_else(|| ws.root.join(crate::notes::DIR));
    // Over `serve` too this is the file of the user running the process:
    // the server's settings apply to every analyst.
    let settings = load_settings(&cli)?;
    // Flag (or its environment variable, which clap reads) > file > default.
    let bidi = cli.bidi.or(settings.bidi).unwrap_or_default();
    let author = crate::notes::author(cli.author.as_deref(), settings.author.as_deref());
    let mut palette = crate::ui::style::Palette::from_env();
    palette.colors = settings.colors;
    let ui = crate::ui::Options {
        limits,
        palette,
        lang: cli
            .lang
            .clone()
            .or(settings.lang)
            .unwrap_or_else(|| "en".into()),
        bidi,
        author: author.clone(),
        keymap: std::sync::Arc::new(settings.keymap),
        // The flag wins over the file; on by default, as in lazygit.
        mouse: !cli.no_mouse && settings.mouse.unwrap_or(true),
    };
    match cli.command {
        None => {
            crate::ui::run(ws, problems, ui, &notes_dir)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check { .. }) => unreachable!("check returns early"),
        Some(Command::Init(_)) => unreachable!("init returns early"),
        Some(
            Command::Theme { .. }
            | Command::Entity { .. }
            | Command::Link { .. }
            | Command::Event { .. },
        ) => {
            unreachable!("curation returns early")
        }
        Some(Command::Export(args)) => export::run(&ws, &problems, &notes_dir, args),
        Some(Command::Note { command }) => note::run(&ws, &notes_dir, &author, command),
        Some(Command::Suggest { command }) => {
            suggest::run(&ws, &notes_dir, &limits, &author, command)
        }
        Some(Command::Kwic { target, width, csv }) => kwic::run(&ws, &target, width, csv, bidi),
        Some(Command::Serve(args)) => serve::run(ws, problems, &cli.workspace, notes_dir, ui, args),
        // Handled before the full load (it may use the index cache).
        Some(Command::Search { .. }) => unreachable!("search returns early"),
        Some(Command::Import(_)) => unreachable!("import returns early"),
        Some(Command::Sync(_) | Command::Log(_)) => unreachable!("sync and log return early"),
        Some(Command::BidiTest { width }) => {
            let width = width
                .or_else(|| {
                    ratatui::crossterm::terminal::size()
                        .ok()
                        .map(|(w, _)| w as usize)
                })
                .unwrap_or(60)
                .clamp(20, 200);
            write_output(None, bidi_sample(&ws, width).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The `bidi-test` text: the first Arabic paragraph of the workspace with
/// Latin digits in it (the seed's ¶8: 2018, 2030, a diacritic, lam-alef),
/// else the first paragraph, in each mode.
fn bidi_sample(ws: &Workspace, width: usize) -> String {
    let paragraphs = || {
        ws.sources
            .iter()
            .flat_map(|s| s.passages.iter().map(move |p| (s, p)))
    };
    let arabic_with_digits = paragraphs().find(|(_, p)| {
        crate::text::has_arabic(&p.text) && p.text.chars().any(|c| c.is_ascii_digit())
    });
    let Some((source, passage)) = arabic_with_digits.or_else(|| paragraphs().next()) else {
        return "no passage to show\n".into();
    };
    format!(
        "{}:{} at width {width}\n\n{}",
        source.id,
        passage.n,
        crate::layout::bidi_test(&passage.text, source.lang.as_deref(), width)
    )
}

/// `N problems; run coopdash check` on stderr, when there are any: the
/// command goes on without the items they concern.
fn say_problems(problems: &[workspace::Problem], root: &Path) {
    if problems.is_empty() {
        return;
    }
    let n = problems.len();
    eprintln!(
        "coopdash: {n} problem{} in workspace {}; run coopdash check",
        if n == 1 { "" } else { "s" },
        crate::text::sanitize(&root.display().to_string())
    );
}

/// Prints every load problem to stderr, one a line, then a count.
fn print_problems(e: &LoadError) {
    let mut err = std::io::stderr().lock();
    for p in &e.problems {
        let _ = writeln!(err, "{p}");
    }
    let _ = writeln!(err, "coopdash: {e}");
}

/// `check` on a workspace that loaded: every warning to stderr, then the
/// summary to stdout; with `strict`, warnings fail it instead (exit 1,
/// saying so).
fn check(ws: &Workspace, strict: bool) -> ExitCode {
    let mut err = std::io::stderr().lock();
    for w in &ws.warnings {
        let _ = writeln!(err, "{w}");
    }
    let n = ws.warnings.len();
    if strict && n > 0 {
        let _ = writeln!(
            err,
            "coopdash: {n} warning{} in workspace {}, and --strict fails on warnings",
            if n == 1 { "" } else { "s" },
            crate::text::sanitize(&ws.root.display().to_string())
        );
        return ExitCode::FAILURE;
    }
    println!("{}", summary(ws));
    ExitCode::SUCCESS
}

/// The one-line summary `check` prints.
pub fn summary(ws: &Workspace) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    format!(
        "ok: {}: {}, {}, {}, {}, {}, {}, {}, {}",
        ws.root.display(),
        n(ws.sources.len(), "source", "sources"),
        n(ws.passage_count(), "passage", "passages"),
        n(ws.themes.len(), "theme", "themes"),
        n(ws.link_count(), "link", "links"),
        n(
            ws.entities.len(),
            "partner body or programme",
            "partner bodies and programmes"
        ),
        n(ws.mention_count(), "mention", "mentions"),
        n(ws.events.len(), "event", "events"),
        n(ws.warnings.len(), "warning", "warnings"),
    )
}

/// Writes to `path` atomically, or to standard output (a closed pipe is
/// not an error).
fn write_output(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(p) => {
            crate::atomic::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(()),
            }
        }
    }
}
