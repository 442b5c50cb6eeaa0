//! Problems found while loading a workspace, reported all at once as
//! `file:line:column: what is wrong — how to fix it`.

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
}

impl Problem {
    /// A problem at a position in `file`.
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
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote user data (names, quotes, YAML errors): sanitize.
        let file = self.file.display().to_string();
        write!(f, "{}", sanitize(&file))?;
        if let Some(p) = self.pos {
            write!(f, ":{}:{}", p.line, p.column)?;
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
