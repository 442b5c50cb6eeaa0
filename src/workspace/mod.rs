//! Loading a workspace folder (`themes.yaml` + `seeds/`) into the
//! [`crate::model`], reporting every problem at once with its position.
//!
//! Data flow: `seeds/` files → passages ([`seeds`]); `themes.yaml` → a
//! location index ([`locate`]) and per-item specs ([`spec`], via serde_yaml);
//! then `build` checks ids and references, resolves links and events
//! ([`crate::anchor`]) and finds mentions ([`crate::mentions`]).

mod build;
pub mod limits;
pub mod locate;
mod parse;
pub mod problem;
pub mod seeds;
pub mod spec;
pub mod watch;

pub use limits::Limits;
pub use problem::{LoadError, Pos, Problem, Severity};
pub use seeds::Unchanged;

use crate::model::Workspace;
use crate::text::FoldArena;
use limits::Cap;
use locate::Locations;
use std::path::{Path, PathBuf};

use parse::{Specs, parse_themes, read_themes};

/// The workspace's curated file.
pub const THEMES_FILE: &str = "themes.yaml";
/// The folder of source texts.
pub const SEEDS_DIR: &str = "seeds";

/// A workspace that opened, and what is wrong with items in it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Everything that is sound.
    pub ws: Workspace,
    /// Problems that left one item out or broken ([`Severity::Error`]), in
    /// file order. Warnings are in [`Workspace::warnings`].
    pub problems: Vec<Problem>,
}

/// Loads and validates the workspace in `root` within the default
/// [`Limits`]: any problem is an error (what `check` does).
pub fn load(root: &Path) -> Result<Workspace, LoadError> {
    load_with(root, &Limits::default())
}

/// Loads and validates the workspace in `root`; anything over `limits` is
/// a problem found before the work it would cost. Any problem is an error.
pub fn load_with(root: &Path, limits: &Limits) -> Result<Workspace, LoadError> {
    strict(root, open_with(root, limits))
}

/// Opens the workspace in `root` despite problems that concern one item
/// (a quote not found, an unknown reference, a bad date, an unreadable
/// source, a duplicate id, a cycle, a malformed item): those items are left
/// out or marked broken and listed in [`Loaded::problems`]. Only a fatal
/// problem (YAML syntax, nesting or alias bombs, a limit exceeded) is an
/// error.
pub fn open(root: &Path) -> Result<Loaded, LoadError> {
    open_with(root, &Limits::default())
}

/// [`open`] within `limits`.
pub fn open_with(root: &Path, limits: &Limits) -> Result<Loaded, LoadError> {
    reopen(root, limits, &Unchanged::new())
}

/// [`open_with`], taking the passages of the sources in `unchanged` as they
/// are instead of reading those files again (what a reload does).
pub fn reopen(root: &Path, limits: &Limits, unchanged: &Unchanged) -> Result<Loaded, LoadError> {
    opened(root, limits, unchanged, false).map(|(loaded, _)| loaded)
}

/// [`reopen`], keeping the passages' folds that finding mentions made
/// (arenas of consecutive sources, in order), for the search index to
/// adopt ([`crate::search::Index::with_folds`]): a load that goes on to
/// search then folds each passage once.
pub fn reopen_for_search(
    root: &Path,
    limits: &Limits,
    unchanged: &Unchanged,
) -> Result<(Loaded, Vec<FoldArena>), LoadError> {
    opened(root, limits, unchanged, true).map(|(loaded, folds)| (loaded, folds.unwrap_or_default()))
}

/// What [`reopen`] and [`reopen_for_search`] share.
fn opened(
    root: &Path,
    limits: &Limits,
    unchanged: &Unchanged,
    keep_folds: bool,
) -> Result<(Loaded, Option<Vec<FoldArena>>), LoadError> {
    let mut problems = Vec::new();
    if !root.is_dir() {
        problems.push(Problem::at(
            root,
            None,
            "this workspace folder does not exist",
            "pass --workspace DIR with a folder holding themes.yaml and seeds/",
        ));
        return Err(finish_problems(root, problems));
    }
    let themes_path = root.join(THEMES_FILE);
    let themes = read_themes(&themes_path, limits, &mut problems);
    // themes.yaml is parsed on a thread of its own (it takes one core)
    // while the sources are read on every core.
    let ((parsed, parse_problems), seeds) = std::thread::scope(|s| {
        let parsing = s.spawn(|| {
            let mut problems = Vec::new();
            let parsed = (themes.as_deref())
                .and_then(|t| parse_themes(&themes_path, t, limits, &mut problems));
            (parsed, problems)
        });
        let seeds = seeds::read_all(&root.join(SEEDS_DIR), limits, unchanged, &mut problems);
        let parsed = parsing
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (parsed, seeds)
    });
    problems.extend(parse_problems);
    built(root, parsed, seeds, limits, problems, keep_folds)
}

/// The sources of a workspace, read once, to check several versions of
/// `themes.yaml` against (what curation does before it writes one).
#[derive(Debug, Clone)]
pub struct Sources {
    seeds: seeds::Seeds,
    problems: Vec<Problem>,
}

/// Reads `seeds/` of the workspace in `root` within `limits`; what cannot
/// be read is a problem of every version checked against it.
pub fn read_sources(root: &Path, limits: &Limits) -> Sources {
    let mut problems = Vec::new();
    let seeds = seeds::read_all(
        &root.join(SEEDS_DIR),
        limits,
        &Unchanged::new(),
        &mut problems,
    );
    Sources { seeds, problems }
}

/// [`open_with`] for the text `themes` of `themes.yaml` (not read from
/// disk) and sources already read.
pub fn open_text(
    root: &Path,
    themes: &[u8],
    sources: &Sources,
    limits: &Limits,
) -> Result<Loaded, LoadError> {
    finish(
        root,
        themes,
        sources.seeds.clone(),
        limits,
        sources.problems.clone(),
    )
}

/// Loads a workspace held in memory: `themes` is the text of
/// `themes.yaml`, `sources` the files of `seeds/` (paths relative to it).
/// Problems name files as if the workspace were in `root`. For tests and
/// fuzzing: the same checks as [`load_with`], without a file system.
pub fn load_from_memory(
    root: &Path,
    themes: &[u8],
    sources: &[(PathBuf, &[u8])],
    limits: &Limits,
) -> Result<Workspace, LoadError> {
    let mut problems = Vec::new();
    let seeds_dir = root.join(SEEDS_DIR);
    if sources.is_empty() {
        problems.push(seeds::no_sources(&seeds_dir));
    }
    let seeds = seeds::from_memory(
        &seeds_dir,
        sources.iter().map(|(p, b)| (p.as_path(), *b)),
        limits,
        &mut problems,
    );
    strict(root, finish(root, themes, seeds, limits, problems))
}

/// Any problem, fatal or not, as an error.
fn strict(root: &Path, opened: Result<Loaded, LoadError>) -> Result<Workspace, LoadError> {
    let loaded = opened?;
    if loaded.problems.is_empty() {
        Ok(loaded.ws)
    } else {
        Err(finish_problems(root, loaded.problems))
    }
}

/// Parses `themes.yaml` (given, not read) and builds the model from the
/// sources already read.
fn finish(
    root: &Path,
    themes: &[u8],
    seeds: seeds::Seeds,
    limits: &Limits,
    mut problems: Vec<Problem>,
) -> Result<Loaded, LoadError> {
    let parsed = parse_themes(&root.join(THEMES_FILE), themes, limits, &mut problems);
    built(root, parsed, seeds, limits, problems, false).map(|(loaded, _)| loaded)
}

/// Builds the model from `themes.yaml` as parsed (`None` when it is
/// missing or did not parse) and the sources read.
fn built(
    root: &Path,
    parsed: Option<(Locations, Specs)>,
    seeds: seeds::Seeds,
    limits: &Limits,
    mut problems: Vec<Problem>,
    keep_folds: bool,
) -> Result<(Loaded, Option<Vec<FoldArena>>), LoadError> {
    let themes_path = root.join(THEMES_FILE);
    let within = !seeds.capped && passages_within(root, &seeds.files, limits, &mut problems);
    let workspace = parsed.filter(|_| within).map(|(locs, specs)| {
        build::build(
            root,
            &themes_path,
            &locs,
            specs,
            seeds.files,
            &mut problems,
            keep_folds,
        )
    });
    let fatal = problems.iter().any(|p| p.severity == Severity::Fatal);
    match workspace {
        Some((ws, folds)) if !fatal => Ok((
            Loaded {
                ws,
                problems: finish_problems(root, problems).problems,
            },
            folds,
        )),
        _ => Err(finish_problems(root, problems)),
    }
}

fn finish_problems(root: &Path, mut problems: Vec<Problem>) -> LoadError {
    problems.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
    problems.dedup();
    LoadError {
        root: root.to_path_buf(),
        problems,
    }
}

/// Checks the `passages` cap, reporting the passage that crosses it.
fn passages_within(
    root: &Path,
    seeds: &[seeds::SeedFile],
    limits: &Limits,
    problems: &mut Vec<Problem>,
) -> bool {
    let mut count = 0;
    for seed in seeds {
        if count + seed.passages.len() > limits.passages {
            let over = &seed.passages[limits.passages - count];
            problems.push(Problem::fatal(
                &root.join(SEEDS_DIR).join(&seed.rel),
                Some(Pos {
                    line: over.line,
                    column: 1,
                }),
                format!(
                    "this passage is one more than the {} the sources may hold together",
                    limits.shown(Cap::Passages)
                ),
                limits.how_to_raise(Cap::Passages),
            ));
            return false;
        }
        count += seed.passages.len();
    }
    true
}
