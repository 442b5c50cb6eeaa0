//! `coopdash note …`: notes and analyst links for scripts and one-liners
//! over SSH. The same store, rules and conflict handling as the dashboard.

use crate::anchor::TextAnchor;
use crate::model::{Span, Workspace};
use crate::notes::{self, Deleted, Edited, Note, NoteKind, Store, Stored, Target, Trash, place};
use crate::text::sanitize;
use anyhow::{Context, bail};
use chrono::Local;
use clap::Subcommand;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::SystemTime;

/// The `note` subcommands.
#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Add a note on a theme or partner body (or a passage, SOURCE:N) and
    /// print its id.
    Add {
        /// Theme or partner body id, or SOURCE:N for a passage.
        target: String,
        /// Anchor the note to this passage, SOURCE:N.
        #[arg(long, value_name = "SOURCE:N")]
        passage: Option<String>,
        /// Save an analyst link: attach the --passage to the theme TARGET.
        #[arg(long, requires = "passage")]
        link: bool,
        /// The note's text (Markdown); `-` or nothing reads standard input.
        text: Option<String>,
    },
    /// List notes, newest first: all, or those about TARGET.
    List {
        /// Theme or partner body id, or SOURCE:N.
        target: Option<String>,
        /// Print JSON (the fields of `export --format json`'s notes).
        #[arg(long)]
        json: bool,
        /// List the deleted notes kept in the trash instead, most recently
        /// deleted first.
        #[arg(long)]
        trash: bool,
    },
    /// Edit a note's text in $EDITOR (an id or an unambiguous start of one).
    Edit {
        /// The note's id.
        id: String,
    },
    /// Delete a note (an id or an unambiguous start of one): it is kept in
    /// the trash for 30 days.
    Rm {
        /// The note's id.
        id: String,
    },
    /// Bring a deleted note back from the trash, as it was (an id or an
    /// unambiguous start of one).
    Restore {
        /// The note's id.
        id: String,
    },
}

/// Runs a `note` subcommand on the notes folder `dir`.
pub fn run(
    ws: &Workspace,
    dir: &Path,
    author: &str,
    command: NoteCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        NoteCommand::Add {
            target,
            passage,
            link,
            text,
        } => add(ws, dir, author, &target, passage.as_deref(), link, text),
        NoteCommand::List {
            target,
            json,
            trash,
        } => list(ws, dir, target.as_deref(), json, trash),
        NoteCommand::Edit { id } => edit(dir, &id),
        NoteCommand::Rm { id } => remove(dir, &id),
        NoteCommand::Restore { id } => restore(dir, &id),
    }
}

fn add(
    ws: &Workspace,
    dir: &Path,
    author: &str,
    target: &str,
    passage: Option<&str>,
    link: bool,
    text: Option<String>,
) -> anyhow::Result<ExitCode> {
    let target = parse_target(ws, target)?;
    let mut anchor = match &target {
        Target::Passage { source, n } => Some(passage_anchor(ws, source, *n)?),
        Target::Item(_) => None,
    };
    if let Some(p) = passage {
        let Ok(Target::Passage { source, n }) = p.parse::<Target>() else {
            bail!(
                "--passage takes SOURCE:N, e.g. --passage {}:1",
                first_source(ws)
            );
        };
        anchor = Some(passage_anchor(ws, &source, n)?);
    }
    let kind = if link { NoteKind::Link } else { NoteKind::Note };
    if link && !matches!(&target, Target::Item(id) if ws.themes.iter().any(|t| &t.id == id)) {
        bail!("an analyst link attaches a passage to a theme: TARGET must be a theme id");
    }
    let body = match text.as_deref() {
        None | Some("-") => {
            // Bounded, yet well above a note's limit: an oversized note is
            // refused with its text kept, not cut mid-character.
            const STDIN_LIMIT: usize = 16 * crate::notes::model::MAX_BODY_BYTES;
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(STDIN_LIMIT as u64 + 1)
                .read_to_end(&mut bytes)
                .context("cannot read the note from standard input")?;
            if bytes.len() > STDIN_LIMIT {
                bail!(
                    "standard input is over {} MiB: not a note",
                    STDIN_LIMIT >> 20
                );
            }
            String::from_utf8(bytes).context("the note on standard input must be UTF-8")?
        }
        Some(t) => t.to_string(),
    };
    if kind == NoteKind::Note && body.trim().is_empty() {
        bail!("the note is empty: give its text as an argument or on standard input");
    }
    let note = Note::new(kind, target, anchor, author, &body);
    let stored = Store::new(dir).add(note)?;
    println!("{}", stored.note.id);
    // Saved whatever it quotes; a passage that does not name the theme gets
    // the warning `coopdash check` gives curated links.
    let theme = ws
        .themes
        .iter()
        .position(|t| link && matches!(&stored.note.target, Target::Item(id) if *id == t.id));
    if let (Some(t), Some(span)) = (theme, place(ws, &stored.note).span())
        && let Some((what, fix)) = ws.link_warning(t, span)
    {
        let file = dir.join(format!("{}.md", stored.note.id));
        eprintln!(
            "{}: warning: {} — {}",
            sanitize(&file.display().to_string()),
            sanitize(&what),
            fix
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn list(
    ws: &Workspace,
    dir: &Path,
    target: Option<&str>,
    json: bool,
    in_trash: bool,
) -> anyhow::Result<ExitCode> {
    let store = open(dir)?;
    let trash = if in_trash {
        Some(open_trash(&store)?)
    } else {
        None
    };
    // Newest first in the folder; most recently deleted first in the trash.
    // Rejected suggestions are kept as files of their own kind, not notes:
    // `suggest list` is where they matter.
    let (all, deleted): (Vec<&Note>, Vec<Option<SystemTime>>) = match &trash {
        Some(t) => t.notes.iter().map(|t| (&t.note, Some(t.since))).unzip(),
        None => store.notes().into_iter().map(|s| (&s.note, None)).unzip(),
    };
    let (all, deleted): (Vec<&Note>, Vec<Option<SystemTime>>) = all
        .into_iter()
        .zip(deleted)
        .filter(|(n, _)| n.kind != NoteKind::Rejection)
        .unzip();
    // A target that no longer exists still lists its (orphaned) notes.
    let orphaned = |t: &str| {
        t.parse::<Target>()
            .ok()
            .filter(|t| all.iter().any(|n| &n.target == t))
    };
    let target = match target {
        Some(t) => Some(orphaned(t).map_or_else(|| parse_target(ws, t), Ok)?),
        None => None,
    };
    let shown: Vec<(&Note, Option<SystemTime>)> = all
        .into_iter()
        .zip(deleted)
        .filter(|(n, _)| target.as_ref().is_none_or(|t| notes::is_about(ws, n, t)))
        .collect();
    let mut out = std::io::stdout().lock();
    if json {
        let notes: Vec<&Note> = shown.iter().map(|(n, _)| *n).collect();
        out.write_all(crate::notes::json::render(ws, &notes).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    for (note, deleted) in shown {
        let placed = place(ws, note);
        let at = placed
            .span()
            .map(|s| format!("  {}", ws.address(s)))
            .unwrap_or_default();
        let kind = note.kind.name();
        let head = format!(
            "{}  {kind}  {}  {}  {}{at}",
            note.id,
            note.target,
            note.author,
            note.created.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
        );
        writeln!(out, "{}", sanitize(&head))?;
        if let Some(at) = deleted {
            let at = chrono::DateTime::<Local>::from(at).format("%Y-%m-%d %H:%M");
            writeln!(out, "    deleted {at}")?;
        }
        if let Some(reason) = placed.orphan_reason(note) {
            writeln!(out, "    orphan: {}", sanitize(&reason.to_string()))?;
            if let Some(a) = &note.anchor {
                writeln!(
                    out,
                    "    quote was: «{}» ({})",
                    sanitize(&a.exact),
                    sanitize(&a.address())
                )?;
            }
        }
        if let Some(of) = &note.conflict_of {
            writeln!(out, "    conflict copy of {}", sanitize(of))?;
        }
        for line in note.body.lines() {
            writeln!(out, "    {}", sanitize(line))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn edit(dir: &Path, id: &str) -> anyhow::Result<ExitCode> {
    let mut store = open(dir)?;
    let base = find(&store, id)?.clone();
    let id = &base.note.id;
    let Some((body, draft)) = crate::editor::edit(id, &base.note.body)? else {
        eprintln!("note {}: no change", sanitize(id));
        return Ok(ExitCode::SUCCESS);
    };
    let edited = store
        .edit(&base, &body)
        .with_context(|| format!("your edited text is also in {}", draft.display()))?;
    std::fs::remove_file(&draft).ok();
    match edited {
        Edited::Saved(s) => println!("{}", s.note.id),
        Edited::Recreated(s) => {
            eprintln!(
                "note {}: it had been deleted meanwhile; saved again with your text",
                sanitize(id)
            );
            println!("{}", s.note.id);
        }
        Edited::Conflict { ours, .. } => {
            eprintln!(
                "note {}: someone else saved it while you edited; theirs is kept, yours is saved as note {}",
                sanitize(id),
                sanitize(&ours.note.id)
            );
            println!("{}", ours.note.id);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(dir: &Path, id: &str) -> anyhow::Result<ExitCode> {
    let mut store = open(dir)?;
    let base = find(&store, id)?.clone();
    match store.delete(&base)? {
        Deleted::Trashed { id, .. } => eprintln!(
            "deleted note {id}; it is kept in the trash for 30 days: `coopdash note restore {id}` brings it back",
            id = sanitize(&id)
        ),
        Deleted::AlreadyGone => eprintln!("note {} was already deleted", sanitize(&base.note.id)),
    }
    Ok(ExitCode::SUCCESS)
}

fn restore(dir: &Path, id: &str) -> anyhow::Result<ExitCode> {
    let mut store = open(dir)?;
    let trash = open_trash(&store)?;
    // An id, or the start of one trashed note's id; anything else is the
    // store's to refuse, with its reason.
    let mut ids: Vec<&str> = trash.notes.iter().map(|t| t.note.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let id = match ids
        .iter()
        .filter(|t| !id.is_empty() && t.starts_with(id))
        .collect::<Vec<_>>()[..]
    {
        _ if ids.contains(&id) => id,
        [one] => one,
        [] => id,
        ref many => bail!(
            "`{id}` starts {} deleted notes' ids; give more of it: {}",
            many.len(),
            many.iter().map(|s| **s).collect::<Vec<_>>().join(", ")
        ),
    };
    match store.restore(id) {
        Ok(stored) => {
            eprintln!("restored note {}", sanitize(id));
            println!("{}", stored.note.id);
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ notes::NotesError::NotInTrash { .. }) => {
            bail!("{e} (`coopdash note list --trash` lists the deleted notes)")
        }
        Err(e) => Err(e.into()),
    }
}

/// The store's trash, reporting copies that are not notes on stderr.
fn open_trash(store: &Store) -> anyhow::Result<Trash> {
    let trash = store.trash()?;
    let mut err = std::io::stderr().lock();
    for p in &trash.problems {
        let _ = writeln!(err, "warning: {p}");
    }
    Ok(trash)
}

/// Opens the store, reporting malformed files on stderr (the rest load).
pub fn open(dir: &Path) -> anyhow::Result<Store> {
    let store = Store::open(dir)?;
    let mut err = std::io::stderr().lock();
    for p in store.problems() {
        let _ = writeln!(err, "warning: {p}");
    }
    Ok(store)
}

/// A note by id or unambiguous id prefix.
fn find<'a>(store: &'a Store, id: &str) -> anyhow::Result<&'a Stored> {
    if let Some(s) = store.get(id) {
        return Ok(s);
    }
    let matching: Vec<&Stored> = store
        .notes()
        .into_iter()
        .filter(|s| !id.is_empty() && s.note.id.starts_with(id))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => bail!(
            "there is no note `{id}` in {} (see `coopdash note list`)",
            store.dir().display()
        ),
        many => bail!(
            "`{id}` starts {} note ids; give more of it: {}",
            many.len(),
            many.iter()
                .map(|s| s.note.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Parses and checks a target against the workspace.
fn parse_target(ws: &Workspace, text: &str) -> anyhow::Result<Target> {
    let target: Target = text.parse().map_err(anyhow::Error::msg)?;
    // themes.yaml could not be read at all: a note is still taken (an
    // orphan until the workspace loads again), never refused for it.
    if ws.themes.is_empty() && ws.entities.is_empty() && ws.sources.is_empty() {
        return Ok(target);
    }
    match &target {
        Target::Item(id) => {
            if !ws.themes.iter().any(|t| &t.id == id) && !ws.entities.iter().any(|e| &e.id == id) {
                let known = ws
                    .themes
                    .iter()
                    .map(|t| &t.id)
                    .chain(ws.entities.iter().map(|e| &e.id));
                let hint = match crate::text::closest(id, known.map(String::as_str)) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => "`coopdash export` lists the theme and partner body ids".into(),
                };
                bail!("unknown theme or partner body `{id}`: {hint}");
            }
        }
        Target::Passage { source, n } => {
            passage_span(ws, source, *n)?;
        }
    }
    Ok(target)
}

fn passage_span(ws: &Workspace, source: &str, n: usize) -> anyhow::Result<Span> {
    let Some(si) = ws.sources.iter().position(|s| s.id == source) else {
        bail!(
            "unknown source `{source}` (sources: {})",
            ws.sources
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let count = ws.sources[si].passages.len();
    if n == 0 || n > count {
        bail!("source `{source}` has passages 1 to {count}, not {n}");
    }
    Ok(Span {
        source: si,
        passage: n - 1,
        range: 0..ws.sources[si].passages[n - 1].text.len(),
    })
}

fn passage_anchor(ws: &Workspace, source: &str, n: usize) -> anyhow::Result<TextAnchor> {
    Ok(TextAnchor::capture(ws, &passage_span(ws, source, n)?))
}

fn first_source(ws: &Workspace) -> &str {
    ws.sources.first().map_or("SOURCE", |s| s.id.as_str())
}
