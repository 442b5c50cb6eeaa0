//! Curating `themes.yaml` from the dashboard and the command line: add,
//! edit and remove themes, partner bodies, links and events.
//!
//! Every [`Edit`] goes through [`apply`], which
//! - takes the lock `.coopdash/themes.lock`, then re-reads `themes.yaml`:
//!   the edit is an operation on the file as it is now, so two curators
//!   adding different things both succeed;
//! - changes only the text of what it edits ([`yaml`]): comments, blank
//!   lines, key order, quoting and flow or block style stay; new items
//!   follow their siblings' style;
//! - loads the result with the real sources and refuses it if it has a
//!   problem the file did not have ([`CurateError::Refused`]);
//! - compares each field edit's `was` with the file ([`CurateError::Stale`]);
//! - writes atomically, keeping the file's mode;
//! - returns the inverse ([`Applied::undo`]): applied right after, it
//!   restores the file byte for byte.
//!
//! Whatever fails, the file is left byte for byte as it was.

mod error;
mod impact;
mod ops;
mod patch;
mod promote;
mod slug;
pub mod tree;
pub mod yaml;

pub use error::CurateError;
pub use impact::{Impact, impact, writable};
pub use ops::Seen;
pub use patch::Patch;
pub use promote::{Promoted, promote, unique_link};
pub use slug::{free_id, id_taken, slug};

use crate::model::Workspace;
use crate::workspace::spec::LinkSpec;
use crate::workspace::{self, Limits, Problem, THEMES_FILE};
use std::path::Path;

/// The lock curators take, in the workspace's `.coopdash/` folder.
pub const LOCK_FILE: &str = "themes.lock";
/// The folder of the lock.
pub const STATE_DIR: &str = ".coopdash";

/// Text in one language: `(LANG, TEXT)`.
pub type LangText = (String, String);

/// A new theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTheme {
    /// Its id (see [`slug`] for one from a name).
    pub id: String,
    /// Names, at least one.
    pub names: Vec<LangText>,
    /// Summaries.
    pub summaries: Vec<LangText>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Related partner bodies (ids).
    pub entities: Vec<String>,
}

/// A new partner body, person or programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntity {
    /// Its id.
    pub id: String,
    /// `organization`, `body`, `person`, `programme`…
    pub kind: String,
    /// Names, at least one.
    pub names: Vec<LangText>,
    /// Acronyms, short forms, spellings.
    pub aliases: Vec<String>,
    /// The body it is part of.
    pub part_of: Option<String>,
}

/// A new event.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// Labels, at least one.
    pub labels: Vec<LangText>,
    /// The words of a source that say so.
    pub quote: LinkSpec,
}

/// A new source: a file already under `seeds/`, registered under
/// `sources:` (what `coopdash import` writes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSource {
    /// Its id (free among sources, themes and partner bodies).
    pub id: String,
    /// The file, relative to `seeds/`.
    pub file: String,
    /// Titles by language (may be empty: the loader then takes the first
    /// passage).
    pub titles: Vec<LangText>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Language code (`ar`, `en`).
    pub lang: Option<String>,
}

/// One change to a theme or partner body. Field changes are
/// compare-and-set: `was` is the value the curator saw (`None`: there was
/// none), and the edit is refused if the file now says otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The name in `lang`: set (`now`) or removed (`None`).
    Name {
        /// Language code.
        lang: String,
        /// As seen.
        was: Option<String>,
        /// As wanted.
        now: Option<String>,
    },
    /// A theme's summary in `lang`.
    Summary {
        /// Language code.
        lang: String,
        /// As seen.
        was: Option<String>,
        /// As wanted.
        now: Option<String>,
    },
    /// A partner body's kind.
    Kind {
        /// As seen.
        was: String,
        /// As wanted.
        now: String,
    },
    /// The body a partner body is part of.
    PartOf {
        /// As seen.
        was: Option<String>,
        /// As wanted.
        now: Option<String>,
    },
    /// Adds a keyword to a theme.
    AddKeyword(String),
    /// Removes a keyword from a theme.
    RemoveKeyword(String),
    /// Relates a partner body to a theme.
    AddEntity(String),
    /// Unrelates a partner body from a theme.
    RemoveEntity(String),
    /// Adds an alias to a partner body.
    AddAlias(String),
    /// Removes an alias from a partner body.
    RemoveAlias(String),
}

/// What becomes of the bodies that are `part_of` a body being removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Children {
    /// Refuse the removal if there are any.
    Refuse,
    /// They become part of this body.
    ReparentTo(String),
    /// They lose their `part_of`.
    Detach,
}

/// An edit of `themes.yaml`.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Adds a theme.
    AddTheme(NewTheme),
    /// Changes a theme.
    EditTheme {
        /// Its id.
        id: String,
        /// The changes, made in order.
        changes: Vec<Change>,
    },
    /// Removes a theme (notes on it become orphans; they are kept).
    RemoveTheme {
        /// Its id.
        id: String,
    },
    /// Adds a partner body.
    AddEntity(NewEntity),
    /// Changes a partner body.
    EditEntity {
        /// Its id.
        id: String,
        /// The changes, made in order.
        changes: Vec<Change>,
    },
    /// Removes a partner body, and it from every theme's `entities:`.
    RemoveEntity {
        /// Its id.
        id: String,
        /// What becomes of the bodies part of it.
        children: Children,
    },
    /// Links a theme to the words of a source.
    AddLink {
        /// The theme's id.
        theme: String,
        /// The words.
        link: LinkSpec,
    },
    /// Removes a theme's link to a passage.
    RemoveLink {
        /// The theme's id.
        theme: String,
        /// The source's id.
        source: String,
        /// The passage number (the `N` of `SOURCE:N`).
        passage: usize,
        /// The link's quote, when the theme has several links there.
        quote: Option<String>,
    },
    /// Adds an event.
    AddEvent(NewEvent),
    /// Registers source files under `sources:`, in one edit (a batch of
    /// imports is validated once, not once per document).
    AddSources(Vec<NewSource>),
    /// Puts back what an applied edit replaced ([`Applied::undo`]); its
    /// own undo is the edit again (redo).
    Revert(Patch),
}

/// What [`apply`] did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// In a few words: `+keyword maritime-security "الموانئ"`.
    pub summary: String,
    /// The inverse edit: applied right after, the file is as it was, byte
    /// for byte.
    pub undo: Edit,
    /// Warnings the edit brought (a link whose passage does not name its
    /// theme): written anyway, as `check` passes with warnings.
    pub warnings: Vec<Problem>,
}

/// Applies `edit` to `themes.yaml` in the workspace `root` (see the module
/// documentation for the guarantees).
pub fn apply(root: &Path, limits: &Limits, edit: &Edit) -> Result<Applied, CurateError> {
    apply_and_load(root, limits, edit).map(|(applied, _)| applied)
}

/// [`apply`], and the workspace as the edit left it (loaded to validate the
/// edit, so the caller need not load it again).
pub fn apply_and_load(
    root: &Path,
    limits: &Limits,
    edit: &Edit,
) -> Result<(Applied, Workspace), CurateError> {
    let path = root.join(THEMES_FILE);
    let _lock = crate::atomic::lock(&root.join(STATE_DIR), LOCK_FILE).map_err(|cause| {
        io_error(
            &root.join(STATE_DIR).join(LOCK_FILE),
            "cannot take the lock",
            cause,
        )
    })?;
    writable(root)?;
    let (bytes, mode) = read_themes(root, limits)?;
    let old = String::from_utf8(bytes).map_err(|_| {
        CurateError::refused(
            &path,
            None,
            "themes.yaml is not UTF-8",
            "save it as UTF-8, then edit again",
        )
    })?;
    let sources = workspace::read_sources(root, limits);
    let before = workspace::open_text(root, old.as_bytes(), &sources, limits)
        .map_err(CurateError::Broken)?;
    let (new, summary) = match edit {
        Edit::Revert(patch) => {
            let new = patch.apply(&old).map_err(|current| CurateError::Stale {
                file: path.clone(),
                pos: Some(ops::pos_at(&old, patch.at.min(old.len()))),
                what: "the text this undo puts back".into(),
                seen: patch.now.trim().to_string(),
                current: current.trim().to_string(),
            })?;
            (new, patch.summary.clone())
        }
        _ => ops::plan_and_edit(&path, &old, &before.ws, edit)?,
    };
    if new == old {
        return Err(CurateError::refused(
            &path,
            None,
            "this edit changes nothing",
            "themes.yaml already says that",
        ));
    }
    let after = match workspace::open_text(root, new.as_bytes(), &sources, limits) {
        Ok(after) => after,
        Err(e) => return Err(refusal(e.problems.into_iter().next(), &path)),
    };
    if let Some(p) = new_problems(&before.problems, &after.problems).next() {
        return Err(refusal(Some(p.clone()), &path));
    }
    let warnings = new_problems(&before.ws.warnings, &after.ws.warnings)
        .cloned()
        .collect();
    crate::atomic::write_mode(&path, new.as_bytes(), mode)
        .map_err(|cause| io_error(&path, "cannot write themes.yaml", cause))?;
    let undo = Edit::Revert(Patch::between(&old, &new, format!("undo: {summary}")));
    let undo = match (edit, undo) {
        // Redo is the patch undone, so it needs no planning again.
        (Edit::Revert(p), Edit::Revert(_)) => Edit::Revert(p.inverse()),
        (_, undo) => undo,
    };
    Ok((
        Applied {
            summary,
            undo,
            warnings,
        },
        after.ws,
    ))
}

/// The fields of the item `id` of `section` (`themes` or `entities`) as
/// `themes.yaml` writes them now: what a form shows, and the `was` of its
/// changes.
pub fn seen(root: &Path, limits: &Limits, section: &str, id: &str) -> Result<Seen, CurateError> {
    let (bytes, _) = read_themes(root, limits)?;
    let text = String::from_utf8_lossy(&bytes);
    ops::seen_in(&root.join(THEMES_FILE), &text, section, id)
}

/// The bytes of `themes.yaml` (never through a link: the write would
/// replace the link, not its target) and its mode.
fn read_themes(root: &Path, limits: &Limits) -> Result<(Vec<u8>, u32), CurateError> {
    let path = root.join(THEMES_FILE);
    let opened = crate::fsio::open_in(root, THEMES_FILE)
        .map_err(|cause| io_error(&path, "cannot read themes.yaml", cause))?;
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        opened
            .0
            .metadata()
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o644)
    };
    let bytes = crate::fsio::read_within(opened, limits.themes_bytes)
        .map_err(|cause| io_error(&path, "cannot read themes.yaml", cause))?;
    Ok((bytes, mode))
}

fn io_error(path: &Path, what: &'static str, cause: std::io::Error) -> CurateError {
    if matches!(
        cause.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    ) {
        CurateError::ReadOnly {
            path: path.to_path_buf(),
            cause,
        }
    } else {
        CurateError::Io {
            path: path.to_path_buf(),
            what,
            cause,
        }
    }
}

fn refusal(problem: Option<Problem>, path: &Path) -> CurateError {
    let problem = problem.unwrap_or_else(|| {
        Problem::at(
            path,
            None,
            "the edited workspace does not load",
            "undo the edit by hand",
        )
    });
    CurateError::Refused {
        problem: Box::new(problem),
    }
}

/// Problems in `after` that `before` did not have, compared by what they
/// say (lines move with every edit).
fn new_problems<'a>(before: &[Problem], after: &'a [Problem]) -> impl Iterator<Item = &'a Problem> {
    let mut known: Vec<(&str, &str)> = before
        .iter()
        .map(|p| (p.message.as_str(), p.hint.as_str()))
        .collect();
    after.iter().filter(move |p| {
        match known
            .iter()
            .position(|k| *k == (p.message.as_str(), p.hint.as_str()))
        {
            Some(i) => {
                known.swap_remove(i);
                false
            }
            None => true,
        }
    })
}
