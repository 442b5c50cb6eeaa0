//! Why an edit of `themes.yaml` was not made. Whatever the reason, the
//! file is left byte for byte as it was.

use crate::text::sanitize;
use crate::workspace::{LoadError, Pos, Problem};
use std::path::PathBuf;

/// Why [`super::apply`] refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum CurateError {
    /// The edit breaks a rule: the workspace would have a problem it does
    /// not have now (a quote not found, a duplicate id, a cycle, an unknown
    /// reference), or the edit itself does not fit the file (no such theme,
    /// a keyword already there). The problem says where, what and how to
    /// fix it.
    #[error("{problem} (nothing was written)")]
    Refused {
        /// What is wrong.
        problem: Box<Problem>,
    },
    /// Compare-and-set failed: the value changed since the curator saw it.
    #[error("{}{}: {} is now «{}», not «{}» as you saw it — look at it again, then redo your edit (nothing was written)", sanitize(&.file.display().to_string()), .pos.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default(), sanitize(.what), sanitize(.current), sanitize(.seen))]
    Stale {
        /// `themes.yaml`.
        file: PathBuf,
        /// Where the value is.
        pos: Option<Pos>,
        /// Which value, in words (`the en name of theme x`).
        what: String,
        /// What the curator saw (`(none)` when absent).
        seen: String,
        /// What it is now.
        current: String,
    },
    /// `themes.yaml` has a problem that stops every load (a YAML syntax
    /// error, a limit): it must be fixed by hand first.
    #[error("themes.yaml cannot be edited until it loads: {}", first_problem(.0))]
    Broken(LoadError),
    /// `themes.yaml` cannot be written.
    #[error("{}: themes.yaml is read-only here: {cause} — ask for write access to the file and its folder, or edit elsewhere", sanitize(&.path.display().to_string()))]
    ReadOnly {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// Reading, locking or writing failed.
    #[error("{}: {what}: {cause}", sanitize(&.path.display().to_string()))]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done (`cannot read themes.yaml`).
        what: &'static str,
        /// Why.
        cause: std::io::Error,
    },
    /// A note to promote could not be read or saved.
    #[error(transparent)]
    Notes(#[from] crate::notes::NotesError),
}

fn first_problem(e: &LoadError) -> String {
    e.problems
        .iter()
        .find(|p| p.severity == crate::workspace::Severity::Fatal)
        .or(e.problems.first())
        .map_or_else(|| e.to_string(), |p| p.to_string())
}

impl CurateError {
    /// A refusal: `what` is wrong at `pos` of `file`; `fix` says how to
    /// fix it.
    pub fn refused(
        file: &std::path::Path,
        pos: Option<Pos>,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) -> CurateError {
        CurateError::Refused {
            problem: Box::new(Problem::at(file, pos, what, fix)),
        }
    }
}
