//! Problems found while loading a workspace, reported all at once as
//! `file:line:column: what is wrong — how to fix it`. Errors stop the load;
//! warnings (`file:line:column: warning: …`) do not, and travel with the
//! loaded workspace ([`crate::model::Workspace::warnings`]).

use crate::text::sanitize;
use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a file (1-based line and column, in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// How bad a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Nothing loads until it is fixed: a YAML syntax error, nesting or an
    /// alias bomb, a limit exceeded.
    Fatal,
    /// One item is left out or marked broken; the rest of the workspace
    /// opens ([`crate::workspace::open`]), but `check` fails.
    Error,
    /// The workspace loads, but something in it is doubtful (`coopdash
    /// check --strict` fails on it).
    Warning,
}

/// One thing wrong with a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file at fault.
    pub file: PathBuf,
    /// Where in it, when known.
    pub pos: Option<Pos>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// An error or a warning.
    pub severity: Severity,
    /// The id of the theme, partner body or source it concerns, when it
    /// concerns one that is still shown (to mark it broken).
    pub about: Option<Box<str>>,
}

impl Problem {
    /// An error at a position in `file`.
    pub fn at(
        file: &Path,
        pos: Option<Pos>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            hint: hint.into(),
            severity: Severity::Error,
            about: None,
        }
    }

    /// A problem that stops the whole load (a limit exceeded).
    pub fn fatal(
        file: &Path,
        pos: Option<Pos>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Problem::at(file, pos, message, hint).with(Severity::Fatal)
    }

    /// A warning at a position in `file`: printed with `warning:` before
    /// the message; it does not stop the load.
    pub fn warning(
        file: &Path,
        pos: Option<Pos>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Problem::at(file, pos, message, hint).with(Severity::Warning)
    }

    fn with(self, severity: Severity) -> Self {
        Problem { severity, ..self }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote user data (names, quotes, YAML errors): sanitize.
        // `themes.yaml`, not `./themes.yaml`, in the current folder.
        let file = self.file.strip_prefix(".").unwrap_or(&self.file);
        let file = file.display().to_string();
        write!(f, "{}", sanitize(&file))?;
        if let Some(p) = self.pos {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        if self.severity == Severity::Warning {
            write!(f, ": warning")?;
        }
        write!(f, ": {}", sanitize(&self.message))?;
        if !self.hint.is_empty() {
            write!(f, " — {}", sanitize(&self.hint))?;
        }
        Ok(())
    }
}

/// Why a workspace did not load: every problem found, in file order.
#[derive(Debug, thiserror::Error)]
#[error("{} problem{} in workspace {}", .problems.len(), if .problems.len() == 1 { "" } else { "s" }, .root.display())]
pub struct LoadError {
    /// The workspace folder.
    pub root: PathBuf,
    /// What is wrong.
    pub problems: Vec<Problem>,
}
