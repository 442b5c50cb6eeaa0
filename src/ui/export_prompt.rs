//! The `x` prompt: pick a format and a file, write the export there. The
//! write is the dashboard's only file I/O in `update`; it is quick (the
//! export is rendered in memory, then written atomically) and its result,
//! path and size or the error, goes to the status bar.

use super::action::Action;
use super::line_edit::LineEdit;
use super::state::{State, Status};
use crate::atomic;
use crate::export::{self, Extras, Format};
use crate::model::Workspace;
use std::fs;
use std::path::{Path, PathBuf};

/// The formats offered, in the order the prompt lists them.
pub const FORMATS: [Format; 5] = [
    Format::Json,
    Format::Markdown,
    Format::Csv,
    Format::Qdpx,
    Format::Qdc,
];

/// The format's name as the command line writes it.
pub fn name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Markdown => "markdown",
        Format::Csv => "csv",
        Format::Qdpx => "qdpx",
        Format::Qdc => "qdc",
    }
}

/// The usual file extension of `format`.
pub fn extension(format: Format) -> &'static str {
    match format {
        Format::Markdown => "md",
        other => name(other),
    }
}

/// The open prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPrompt {
    /// The chosen format.
    pub format: Format,
    /// Where to write; a relative path is taken from the workspace folder.
    pub path: LineEdit,
}

/// Opens the prompt with JSON to `<workspace>/exports/<name>.json`.
pub fn open(state: &mut State) {
    let root = state
        .ws
        .root
        .canonicalize()
        .unwrap_or_else(|_| state.ws.root.clone());
    let format = Format::Json;
    let path = root
        .join("exports")
        .join(format!("{}.{}", state.name, extension(format)));
    state.export = Some(ExportPrompt {
        format,
        path: LineEdit::new(&path.to_string_lossy()),
    });
}

/// Applies a key's action to the open prompt.
pub fn update(state: &mut State, action: Action) {
    let Some(prompt) = &mut state.export else {
        return;
    };
    match action {
        Action::Back => state.export = None,
        Action::Edit(edit) => prompt.path.apply(edit),
        Action::Down | Action::Up => {
            let at = FORMATS
                .iter()
                .position(|&f| f == prompt.format)
                .unwrap_or(0);
            let next = if action == Action::Down {
                (at + 1) % FORMATS.len()
            } else {
                (at + FORMATS.len() - 1) % FORMATS.len()
            };
            switch_format(prompt, FORMATS[next]);
        }
        Action::Open => {
            let format = prompt.format;
            let path = resolve(&state.ws, prompt.path.text());
            let result = confined(&state.ws, state.confine_exports, &path)
                .and_then(|()| write(&state.ws, &state.notes.bundle.extras(), format, &path));
            state.status = Some(match result {
                Ok(bytes) => {
                    state.export = None;
                    Status {
                        text: format!(
                            "Exported {} ({bytes} bytes) to {}",
                            name(format),
                            path.display()
                        ),
                        error: false,
                    }
                }
                // The prompt stays open so the path can be fixed.
                Err(e) => Status {
                    text: format!("Export failed: {}: {e}", path.display()),
                    error: true,
                },
            });
        }
        _ => {}
    }
}

/// Changes the format, and the path's extension with it when the path ends
/// with the old format's.
fn switch_format(prompt: &mut ExportPrompt, format: Format) {
    let old = format!(".{}", extension(prompt.format));
    if let Some(stem) = prompt.path.text().strip_suffix(&old) {
        let path = format!("{stem}.{}", extension(format));
        prompt.path.set(&path);
    }
    prompt.format = format;
}

/// The path typed, from the workspace folder when relative (the dashboard
/// may be served over SSH, where the process's own folder means nothing).
fn resolve(ws: &Workspace, typed: &str) -> PathBuf {
    let root = ws.root.canonicalize().unwrap_or_else(|_| ws.root.clone());
    root.join(typed.trim())
}

/// Over `serve`, exports stay in the workspace's `exports/` folder: a remote
/// analyst must not write wherever the server process may.
fn confined(ws: &Workspace, confine: bool, path: &Path) -> Result<(), String> {
    if !confine {
        return Ok(());
    }
    let root = ws
        .root
        .canonicalize()
        .unwrap_or_else(|_| ws.root.clone())
        .join("exports");
    let parent_ok = path.parent() == Some(root.as_path());
    let plain_name = path
        .file_name()
        .is_some_and(|n| !n.to_string_lossy().starts_with('.'));
    if parent_ok && plain_name && !path.is_symlink() {
        Ok(())
    } else {
        Err(format!(
            "over SSH, exports go into {} only: give a file name there",
            root.display()
        ))
    }
}

/// Renders and writes the export; the number of bytes written. A missing
/// folder is created if its own parent exists (for `exports/`), and removed
/// again if the write fails, so a failed export leaves nothing behind.
fn write(ws: &Workspace, extras: &Extras, format: Format, path: &Path) -> Result<usize, String> {
    if path.file_name().is_none() || path.is_dir() {
        return Err("give a file name".into());
    }
    let bytes = export::render(ws, extras, format).map_err(|e| e.to_string())?;
    let folder = path.parent().unwrap_or(Path::new("."));
    let created = !folder.exists();
    if created {
        fs::create_dir(folder).map_err(|e| e.to_string())?;
    }
    atomic::write(path, &bytes).map_err(|e| {
        if created {
            let _ = fs::remove_dir(folder);
        }
        e.to_string()
    })?;
    Ok(bytes.len())
}
