//! Everything the dashboard can be asked to do. Keys map to actions through
//! [`super::keys`]; [`super::update`](fn@super::update) applies them.

use super::state::Pane;
use ratatui::crossterm::event::KeyEvent;

/// A change to a one-line text field. The key pressed picks it: see
/// [`super::keymap::Keymap::lookup`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Insert a character at the cursor.
    Insert(char),
    /// Cursor one character (grapheme) left.
    Left,
    /// Cursor one character right.
    Right,
    /// Cursor to the start.
    Home,
    /// Cursor to the end.
    End,
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character at the cursor.
    Delete,
    /// Delete everything before the cursor (Ctrl-U).
    DeleteToStart,
    /// Delete the word before the cursor, and the spaces after it (Ctrl-W).
    DeleteWord,
}

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
    /// Open the finder.
    Find,
    /// Open the Problems view.
    Problems,
    /// Switch who lays out right-to-left text (app, app-noshape, terminal).
    CycleBidi,
    /// Write a note on the selection (a theme, body or passage).
    AddNote,
    /// Edit the selected note (in `$EDITOR` on a local terminal).
    EditNote,
    /// Delete the selected note, after a confirmation.
    DeleteNote,
    /// Show the notes that lost their place, or the selection's again.
    ToggleOrphans,
    /// Copy the selected passage or quote to the analyst's clipboard.
    Copy,
    /// Answer the open question.
    Answer(bool),
    /// Save the editor's text.
    Save,
    /// Close the editor, keeping its text as a draft.
    CloseEditor,
    /// Close the editor and throw its text away.
    Discard,
    /// A key typed into the editor.
    Type(KeyEvent),
    /// In the reader, select the current passage to link it to a theme.
    Select,
    /// Move the selection's first word by one (-1 left, 1 right).
    MoveStart(i8),
    /// Move the selection's last word by one (-1 left, 1 right).
    MoveEnd(i8),
    /// Drop the clitic prefix (و ب ل ف ك, with or without ال) attached to
    /// the selection's first word.
    DropClitic,
    /// The terminal changed size.
    Resize(u16, u16),
    /// Open the matrix of themes × partner bodies.
    Matrix,
    /// Open the timeline.
    Timeline,
    /// Open the export prompt.
    Export,
    /// Open the import prompt (curators).
    Import,
    /// Sync the workspace through git (over `serve`: curators).
    Sync,
    /// Move left (the matrix's column).
    Left,
    /// Move right.
    Right,
    /// Edit a text field.
    Edit(Edit),
    /// Curation: a new theme or partner body, by the focused pane.
    NewItem,
    /// Curation: edit the selected theme or partner body.
    EditItem,
    /// Curation: delete the selected theme, partner body or curated link.
    DeleteItem,
    /// Curation: add a keyword to the theme or an alias to the body.
    AddWord,
    /// Curation: promote the selected analyst link to a curated link.
    Promote,
    /// In the theme picker: a curated link instead of an analyst link.
    CuratedLink,
    /// In the reader's selection: an event said by the selected words.
    NewEvent,
    /// Undo the last curation or note deletion of this session.
    Undo,
    /// Redo what was undone.
    Redo,
    /// In a question: the second way (detach a deleted body's parts).
    Alternative,
    /// Open the Suggestions view.
    Suggestions,
    /// Open the concordance of the selected theme or partner body.
    Concordance,
    /// In the Suggestions view: accept as a curated link.
    AcceptCurated,
    /// In the Suggestions view: accept as an analyst link.
    AcceptAnalyst,
    /// In the Suggestions view: reject (a reason is asked for).
    Reject,
    /// In the Suggestions view: group by theme or by source.
    Group,
    /// In the concordance: the next order.
    CycleSort,
    /// Mouse: focus a pane and select its row (an index into its list).
    Pick(Pane, usize),
    /// Mouse wheel over a pane: focus it and move its selection by this
    /// many rows (Details: scroll by this many notches).
    WheelPane(Pane, i8),
    /// Mouse wheel over the reader, the help or the finder's results:
    /// this many notches (negative: up).
    Wheel(i8),
    /// Mouse: open the finder's result at this index.
    OpenResult(usize),
    /// Leave the terminal to the shell until `fg` (Ctrl-Z; a local
    /// terminal only).
    Suspend,
}
