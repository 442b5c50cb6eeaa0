//! `coopdash suggest …`: the suggested links of [`crate::suggest`] for
//! scripts, and accepting or rejecting one without the dashboard. The
//! same rules as the Suggestions view: a curated link through
//! [`crate::curate::apply`], an analyst link or a rejection as a file of
//! the notes folder.

use super::note::open;
use crate::anchor::TextAnchor;
use crate::curate::{Edit, unique_link};
use crate::model::Workspace;
use crate::notes::{Note, NoteKind, Store, Target, place};
use crate::suggest::{Decided, Grouping, Suggestion, Suggestions};
use crate::text::{char_offset, sanitize};
use crate::workspace::Limits;
use anyhow::bail;
use clap::Subcommand;
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

/// The `suggest` subcommands.
#[derive(Debug, Subcommand)]
pub enum SuggestCommand {
    /// List the passages that name a theme but are not linked to it (nor
    /// rejected), best first theme by theme: THEME, SOURCE:N, score, the
    /// words that name it, and the theme's related bodies also named.
    List {
        /// Only this theme's.
        theme: Option<String>,
        /// Only this source's.
        #[arg(long, value_name = "ID")]
        source: Option<String>,
        /// Print a JSON array instead (see README.md for its fields).
        #[arg(long)]
        json: bool,
    },
    /// Accept a suggestion: a curated link in themes.yaml quoting its
    /// words (with --analyst, an analyst link in the notes folder).
    Accept {
        /// The theme's id.
        theme: String,
        /// The passage, SOURCE:N.
        passage: String,
        /// Save an analyst link instead of a curated link.
        #[arg(long)]
        analyst: bool,
    },
    /// Reject a suggestion: it is kept in the notes folder, and nobody is
    /// asked again.
    Reject {
        /// The theme's id.
        theme: String,
        /// The passage, SOURCE:N.
        passage: String,
        /// Why, for whoever wonders later.
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
}

/// Runs a `suggest` subcommand.
pub fn run(
    ws: &Workspace,
    notes_dir: &Path,
    limits: &Limits,
    author: &str,
    command: SuggestCommand,
) -> anyhow::Result<ExitCode> {
    let store = open(notes_dir)?;
    let suggestions = Suggestions::build(ws);
    let decided = decided(ws, &store);
    match command {
        SuggestCommand::List {
            theme,
            source,
            json,
        } => {
            let theme = theme.map(|t| theme_index(ws, &t)).transpose()?;
            let source = source.map(|s| source_index(ws, &s)).transpose()?;
            let shown: Vec<&Suggestion> = suggestions
                .open(&decided, Grouping::Theme)
                .into_iter()
                .filter_map(|i| suggestions.get(i))
                .filter(|s| theme.is_none_or(|t| s.theme == t))
                .filter(|s| source.is_none_or(|x| s.source == x))
                .collect();
            list(ws, &shown, json)
        }
        SuggestCommand::Accept {
            theme,
            passage,
            analyst,
        } => {
            let s = pick(ws, &suggestions, &decided, &theme, &passage)?;
            let theme = &ws.themes[s.theme].id;
            if analyst {
                let note = Note::new(
                    NoteKind::Link,
                    Target::Item(theme.clone()),
                    Some(TextAnchor::capture(ws, &s.span())),
                    author,
                    "",
                );
                let mut store = store;
                let saved = store.add(note)?;
                println!("{}", saved.note.id);
                return Ok(ExitCode::SUCCESS);
            }
            let Some(link) = unique_link(ws, &s.span()) else {
                bail!(
                    "the words «{}» occur in several places of {} even with words around them: link them with `coopdash link add` and a --prefix",
                    ws.span_text(&s.span()),
                    ws.sources[s.source].id
                );
            };
            let edit = Edit::AddLink {
                theme: theme.clone(),
                link,
            };
            let applied = crate::curate::apply(&ws.root, limits, &edit)?;
            println!("{}", sanitize(&applied.summary));
            Ok(ExitCode::SUCCESS)
        }
        SuggestCommand::Reject {
            theme,
            passage,
            reason,
        } => {
            let s = pick(ws, &suggestions, &decided, &theme, &passage)?;
            let note = Note::new(
                NoteKind::Rejection,
                Target::Item(ws.themes[s.theme].id.clone()),
                Some(TextAnchor::capture(ws, &s.span())),
                author,
                reason.as_deref().unwrap_or(""),
            );
            let mut store = store;
            let saved = store.add(note)?;
            println!("{}", saved.note.id);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The passages decided by the notes folder's analyst links and rejections.
fn decided(ws: &Workspace, store: &Store) -> Decided {
    let placed: Vec<_> = store
        .notes()
        .into_iter()
        .map(|s| (&s.note, place(ws, &s.note)))
        .collect();
    Decided::from_notes(placed.iter().map(|(n, p)| (*n, p)))
}

fn theme_index(ws: &Workspace, id: &str) -> anyhow::Result<usize> {
    if let Some(t) = ws.themes.iter().position(|t| t.id == id) {
        return Ok(t);
    }
    let hint = match crate::text::closest(id, ws.themes.iter().map(|t| t.id.as_str())) {
        Some(c) => format!("did you mean `{c}`?"),
        None => "`coopdash export` lists the theme ids".into(),
    };
    bail!("unknown theme `{id}`: {hint}")
}

fn source_index(ws: &Workspace, id: &str) -> anyhow::Result<usize> {
    if let Some(s) = ws.sources.iter().position(|s| s.id == id) {
        return Ok(s);
    }
    let hint = match crate::text::closest(id, ws.sources.iter().map(|s| s.id.as_str())) {
        Some(c) => format!("did you mean `{c}`?"),
        None => "`coopdash export` lists the source ids".into(),
    };
    bail!("unknown source `{id}`: {hint}")
}

/// The open suggestion of `theme` for `passage` (SOURCE:N), or why there
/// is none.
fn pick<'a>(
    ws: &Workspace,
    suggestions: &'a Suggestions,
    decided: &Decided,
    theme: &str,
    passage: &str,
) -> anyhow::Result<&'a Suggestion> {
    let t = theme_index(ws, theme)?;
    let Ok(Target::Passage { source, n }) = passage.parse::<Target>() else {
        bail!("`{passage}` is not a passage: give SOURCE:N, e.g. un-interpol-2022:5");
    };
    let s = source_index(ws, &source)?;
    let count = ws.sources[s].passages.len();
    if n > count {
        bail!("{source} has {count} passages; there is no passage {n}");
    }
    let p = n - 1;
    if decided.contains(t, s, p) {
        bail!(
            "{passage} is already decided for theme `{theme}` (an analyst link or a rejection in the notes folder)"
        );
    }
    match suggestions.find(t, s, p).and_then(|i| suggestions.get(i)) {
        Some(found) => Ok(found),
        None if ws.themes[t]
            .links
            .iter()
            .any(|l| l.span.source == s && l.span.passage == p) =>
        {
            bail!("{passage} is already linked to theme `{theme}` in themes.yaml")
        }
        None => bail!(
            "{passage} names none of theme `{theme}`'s names or keywords: nothing is suggested there (`coopdash link add` links it anyway)"
        ),
    }
}

/// One suggestion as `suggest list --json` prints it.
#[derive(Serialize)]
struct Row<'a> {
    theme: &'a str,
    source: &'a str,
    passage: usize,
    score: u32,
    /// The words naming the theme; `start`/`end` in characters of the
    /// passage text.
    evidence: Vec<Evidence<'a>>,
    bodies: Vec<&'a str>,
}

#[derive(Serialize)]
struct Evidence<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn list(ws: &Workspace, shown: &[&Suggestion], json: bool) -> anyhow::Result<ExitCode> {
    let rows: Vec<Row> = shown
        .iter()
        .map(|s| {
            let text = &ws.sources[s.source].passages[s.passage].text;
            Row {
                theme: &ws.themes[s.theme].id,
                source: &ws.sources[s.source].id,
                passage: s.passage + 1,
                score: s.score,
                evidence: s
                    .evidence
                    .iter()
                    .map(|r| Evidence {
                        text: &text[r.clone()],
                        start: char_offset(text, r.start),
                        end: char_offset(text, r.end),
                    })
                    .collect(),
                bodies: s
                    .bodies
                    .iter()
                    .map(|&e| ws.entities[e].id.as_str())
                    .collect(),
            }
        })
        .collect();
    if json {
        let text = crate::text::json::to_string_pretty(&rows) + "\n";
        super::write_output(None, text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    if rows.is_empty() {
        eprintln!("no suggestions: every passage naming a theme is linked or rejected");
    }
    for r in rows {
        let mut words: Vec<(&str, usize)> = Vec::new();
        for e in &r.evidence {
            match words.iter_mut().find(|(w, _)| *w == e.text) {
                Some((_, n)) => *n += 1,
                None => words.push((e.text, 1)),
            }
        }
        let words: Vec<String> = words
            .into_iter()
            .map(|(w, n)| match n {
                1 => format!("«{w}»"),
                n => format!("«{w}» ×{n}"),
            })
            .collect();
        let bodies = if r.bodies.is_empty() {
            String::new()
        } else {
            format!("  with {}", r.bodies.join(", "))
        };
        let line = format!(
            "{}  {}:{}  {}  {}{bodies}",
            r.theme,
            r.source,
            r.passage,
            r.score,
            words.join(" ")
        );
        let _ = writeln!(out, "{}", sanitize(&line));
    }
    super::write_output(None, out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
