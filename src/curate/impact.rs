//! What a removal would take with it, for its confirmation, and whether
//! `themes.yaml` can be written at all, before anyone types.

use crate::model::Workspace;
use crate::notes::{Store, Target};
use crate::workspace::THEMES_FILE;
use std::path::Path;

/// What points at a theme or partner body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Impact {
    /// A theme's curated links (broken ones included); for a body, the
    /// themes that relate it.
    pub links: usize,
    /// Notes and analyst links on it (kept as orphans after a removal).
    pub notes: usize,
    /// Bodies `part_of` it.
    pub children: usize,
}

/// What points at the theme or partner body `id`: "3 links and 2 notes
/// point at this theme".
pub fn impact(ws: &Workspace, notes: &Store, id: &str) -> Impact {
    let target = Target::Item(id.to_string());
    let notes = notes
        .for_target(&target)
        .iter()
        .filter(|s| s.note.kind != crate::notes::NoteKind::Rejection)
        .count();
    if let Some(t) = ws.themes.iter().find(|t| t.id == id) {
        return Impact {
            links: t.links.len() + t.broken.len(),
            notes,
            children: 0,
        };
    }
    let Some(e) = ws.entities.iter().position(|e| e.id == id) else {
        return Impact {
            notes,
            ..Impact::default()
        };
    };
    Impact {
        links: ws.themes.iter().filter(|t| t.entities.contains(&e)).count(),
        notes,
        children: ws.children(Some(e)).count(),
    }
}

/// Whether `themes.yaml` in `root` can be edited here: a regular file (not
/// a link, which a write would replace), writable, in a folder where its
/// replacement can be created. Probes with a temporary file, since
/// permission bits say nothing for root, ACLs or read-only mounts.
pub fn writable(root: &Path) -> Result<(), super::CurateError> {
    let path = root.join(THEMES_FILE);
    let read_only = |cause| super::CurateError::ReadOnly {
        path: path.clone(),
        cause,
    };
    let meta = std::fs::symlink_metadata(&path).map_err(read_only)?;
    if !meta.file_type().is_file() {
        return Err(read_only(std::io::Error::other(
            "it is a symbolic link or not a regular file; edit the file it names",
        )));
    }
    rustix::fs::access(&path, rustix::fs::Access::WRITE_OK)
        .map_err(|e| read_only(std::io::Error::from(e)))?;
    let probe = root.join(format!(".{THEMES_FILE}.probe.{}.tmp", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|_| std::fs::remove_file(&probe))
        .map_err(read_only)
}
