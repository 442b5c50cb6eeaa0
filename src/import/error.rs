//! Why a document was not imported. Whatever the reason, `seeds/` and
//! `themes.yaml` are left byte for byte as they were.

use crate::curate::CurateError;
use crate::text::sanitize;
use std::path::{Path, PathBuf};

/// Why [`super::Importer::import`] refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The document cannot be made into a source: an unknown type, an
    /// encrypted or damaged file, no text, over a size limit.
    #[error("{}: {} — {} (nothing was written)", shown(.path), sanitize(.what), sanitize(.fix))]
    Refused {
        /// The document.
        path: PathBuf,
        /// What is wrong, in plain words.
        what: String,
        /// How to fix it.
        fix: String,
    },
    /// The same text is already a source.
    #[error("{}: already imported as `{}` (the same text) — nothing was written", shown(.path), sanitize(.id))]
    Duplicate {
        /// The document.
        path: PathBuf,
        /// The source that holds the same text.
        id: String,
    },
    /// The workspace does not load, so nothing can be added to it.
    #[error("{}: the workspace does not load ({}) — run coopdash check, fix it, then import again", shown(.path), sanitize(.why))]
    Workspace {
        /// The document.
        path: PathBuf,
        /// The first problem.
        why: String,
    },
    /// The source file could not be written.
    #[error("{}: cannot write {}: {cause} (nothing was written)", shown(.path), shown(.seed))]
    Write {
        /// The document.
        path: PathBuf,
        /// The source file.
        seed: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// `themes.yaml` refused the new source (the source file was removed
    /// again).
    #[error("{}: {cause}{}", shown(.path), if .cause.to_string().contains("nothing was written") { "" } else { " (nothing was written)" })]
    Curate {
        /// The document.
        path: PathBuf,
        /// The curation error (boxed: it is large, and errors travel).
        cause: Box<CurateError>,
    },
}

impl ImportError {
    /// A refusal of the document `path`.
    pub fn refused(path: &Path, what: impl Into<String>, fix: impl Into<String>) -> ImportError {
        ImportError::Refused {
            path: path.to_path_buf(),
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// The id of the source that already holds this text, when that is why.
    pub fn existing(&self) -> Option<&str> {
        match self {
            ImportError::Duplicate { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// Why an extractor gave up on a document: what is wrong and how to fix
/// it ([`super::extract`] adds the path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong.
    pub what: String,
    /// How to fix it.
    pub fix: String,
}

impl Refusal {
    /// A refusal.
    pub fn new(what: impl Into<String>, fix: impl Into<String>) -> Refusal {
        Refusal {
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// The usual refusal of a file that does not parse as its type.
    pub fn damaged(kind: &str, why: impl std::fmt::Display) -> Refusal {
        Refusal::new(
            format!("this {kind} file is damaged or not a {kind} file: {why}"),
            format!("open it in its program and save it again as {kind}, or export it as text"),
        )
    }
}

fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}
