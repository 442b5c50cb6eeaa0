//! Everything the dashboard can be asked to do. Keys map to actions through
//! [`super::keys`]; [`super::update`] applies them.

use super::state::Pane;

/// A request to change the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave coopdash.
    Quit,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Focus a given pane.
    Focus(Pane),
    /// Move the selection (or scroll) up one.
    Up,
    /// Move the selection (or scroll) down one.
    Down,
    /// One page up.
    PageUp,
    /// One page down.
    PageDown,
    /// To the first item or the top.
    Top,
    /// To the last item or the bottom.
    Bottom,
    /// Open the selection: a theme's or body's passages, a passage in the reader.
    Open,
    /// Close the reader or the help.
    Back,
    /// In the reader, the next mark.
    NextMark,
    /// In the reader, the previous mark.
    PrevMark,
    /// Show or hide the key help.
    Help,
    /// Show names in the next language.
    CycleLang,
    /// Switch who lays out right-to-left text (app, app-noshape, terminal).
    CycleBidi,
    /// The terminal changed size.
    Resize(u16, u16),
}
