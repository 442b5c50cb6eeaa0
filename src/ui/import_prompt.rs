//! The `I` prompt: a document to import, for curators. Enter queues the
//! import as an effect ([`super::effects`] runs [`crate::import`]); what it
//! did, or why not, comes back to [`imported`] and the status bar. The
//! new source reaches the screen through the workspace's reload, as
//! anyone's edit does. Over `serve`, only files in the workspace's
//! `inbox/` folder can be named.

use super::action::Action;
use super::line_edit::LineEdit;
use super::notes::Effect;
use super::overlays::Overlay;
use super::state::State;

/// The open prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPrompt {
    /// What to import: a path relative to the workspace folder (over
    /// `serve`: to its `inbox/`).
    pub path: LineEdit,
    /// Whether an import is running (Enter waits for it).
    pub sending: bool,
}

/// Opens the prompt, for curators only.
pub fn open(state: &mut State) {
    if let Err(why) = &state.curation {
        let why = format!("import is for curators: {why}");
        return state.say(why, true);
    }
    state.overlays.open(Overlay::Import(ImportPrompt {
        path: LineEdit::new(""),
        sending: false,
    }));
}

/// Applies a key's action to the open prompt.
pub fn update(state: &mut State, action: Action) {
    let Some(prompt) = state.overlays.import_mut() else {
        return;
    };
    match action {
        Action::Back => {
            state.overlays.take_import();
        }
        Action::Edit(edit) => {
            // A path reads left to right, whatever its folder names.
            let opts = crate::layout::LayoutOptions {
                mode: state.bidi,
                lang: Some("en"),
            };
            prompt.path.apply_visual(edit, &opts);
        }
        Action::Open if !prompt.sending && !prompt.path.text().trim().is_empty() => {
            prompt.sending = true;
            let path = prompt.path.text().trim().to_string();
            state.effects.push(Effect::Import(path));
            state.say("importing…", false);
        }
        _ => {}
    }
}

/// The import finished: close the prompt, or keep it open so the path can
/// be fixed.
pub fn imported(state: &mut State, result: Result<String, String>) {
    match result {
        Ok(message) => {
            state.overlays.take_import();
            state.say(message, false);
        }
        Err(message) => {
            if let Some(prompt) = state.overlays.import_mut() {
                prompt.sending = false;
            }
            state.say(message, true);
        }
    }
}
