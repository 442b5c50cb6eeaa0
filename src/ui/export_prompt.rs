//! The `x` prompt: pick a format and a file. Enter queues the export as an
//! effect ([`super::effects`] writes it); its result, path and size or the
//! error, comes back to [`exported`] and the status bar.

use super::action::Action;
use super::line_edit::LineEdit;
use super::notes::Effect;
use super::state::State;
use crate::export::Format;
use crate::ui::overlays::Overlay;

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
    let format = Format::Json;
    let path = state
        .root
        .join("exports")
        .join(format!("{}.{}", state.name, extension(format)));
    state.overlays.open(Overlay::Export(ExportPrompt {
        format,
        path: LineEdit::new(&path.to_string_lossy()),
    }));
}

/// Applies a key's action to the open prompt.
pub fn update(state: &mut State, action: Action) {
    let Some(prompt) = state.overlays.export_mut() else {
        return;
    };
    match action {
        Action::Back => {
            state.overlays.take_export();
        }
        Action::Edit(edit) => {
            // A path reads left to right, whatever its folder names.
            let opts = crate::layout::LayoutOptions {
                mode: state.bidi,
                lang: Some("en"),
            };
            prompt.path.apply_visual(edit, &opts);
        }
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
            let effect = Effect::Export {
                format: prompt.format,
                path: prompt.path.text().to_string(),
            };
            state.effects.push(effect);
            state.say("exporting…", false);
        }
        _ => {}
    }
}

/// The export finished: close the prompt, or keep it open so the path can
/// be fixed.
pub fn exported(state: &mut State, result: Result<String, String>) {
    match result {
        Ok(message) => {
            state.overlays.take_export();
            state.say(message, false);
        }
        Err(message) => state.say(message, true),
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
