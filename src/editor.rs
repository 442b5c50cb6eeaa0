//! Editing a note's text in the user's own `$EDITOR`, for `note edit` and
//! the dashboard's `e`. The text lives in a recovery file while the editor
//! runs, so a dropped connection or a crash leaves it there.

use crate::notes::{self, Recovery};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

/// Opens `body` (of note `id`) in `$EDITOR`; returns the new text and the
/// file it is kept in until saved, or `None` when nothing changed (the file
/// is then removed).
pub fn edit(id: &str, body: &str) -> anyhow::Result<Option<(String, PathBuf)>> {
    let draft = match notes::save_draft(&format!("{id}.editing"), body) {
        Recovery::Saved(p) => p,
        other => bail!("cannot make a file to edit the note in{other}"),
    };
    run(&draft)?;
    // Bounded like any note file, and the file the editor left, not a link.
    let edited = crate::fsio::open_file(&draft, crate::fsio::Links::Refuse)
        .and_then(|f| crate::fsio::read_within(f, notes::format::MAX_FILE_BYTES))
        .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
        .with_context(|| format!("cannot read the edited text back from {}", draft.display()))?;
    if notes::model::normalize_body(&edited) == body {
        std::fs::remove_file(&draft).ok();
        return Ok(None);
    }
    Ok(Some((edited, draft)))
}

/// Runs `$EDITOR` (else `$VISUAL`, else `vi`) on `path`, through the shell
/// so that editors given with options (`code -w`) work.
fn run(path: &Path) -> anyhow::Result<()> {
    let editor = ["EDITOR", "VISUAL"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .with_context(|| format!("cannot run the editor `{editor}`"))?;
    if !status.success() {
        bail!(
            "the editor `{editor}` failed ({status}); your text is in {}",
            path.display()
        );
    }
    Ok(())
}
