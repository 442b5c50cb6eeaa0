//! The one key table. Dispatch, the status-bar hints and the help screen
//! are all generated from [`BINDINGS`] (through [`super::keymap::Keymap`],
//! which applies the settings file's remaps), so they cannot disagree.

use super::action::{Action, Edit};
use super::state::Pane;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere.
    Global,
    /// The four panes.
    Dashboard,
    /// The source reader.
    Reader,
    /// The help screen.
    Help,
    /// Typing a search on the help screen.
    HelpFind,
    /// The note editor: unbound keys are typed.
    Editor,
    /// A yes/no question.
    Confirm,
    /// Choosing a theme for an analyst link.
    Picker,
    /// Choosing words in the reader for an analyst link.
    Select,
    /// The matrix and timeline views.
    Views,
    /// The export prompt.
    Export,
    /// The import prompt.
    Import,
    /// The finder.
    Finder,
    /// The Problems view.
    Problems,
    /// A curation form.
    Form,
    /// The Suggestions view.
    Suggest,
    /// The reason asked for a rejected suggestion.
    Reason,
    /// The concordance.
    Concordance,
}

impl Context {
    /// Heading used on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Dashboard => "Panes",
            Context::Reader => "Reader",
            Context::Help => "Help",
            Context::HelpFind => "Searching the help",
            Context::Editor => "Note editor",
            Context::Confirm => "Questions",
            Context::Picker => "Theme picker",
            Context::Select => "Selecting words in the reader",
            Context::Views => "Matrix and timeline",
            Context::Export => "Export",
            Context::Import => "Import (curators)",
            Context::Finder => "Finder",
            Context::Problems => "Problems (!)",
            Context::Form => "Curation forms (curators)",
            Context::Suggest => "Suggestions (s)",
            Context::Reason => "Rejecting a suggestion",
            Context::Concordance => "Concordance (c)",
        }
    }

    /// The context's name in the settings file's `[keys.NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Dashboard => "dashboard",
            Context::Reader => "reader",
            Context::Help => "help",
            Context::HelpFind => "help-find",
            Context::Editor => "editor",
            Context::Confirm => "confirm",
            Context::Picker => "picker",
            Context::Select => "select",
            Context::Views => "views",
            Context::Export => "export",
            Context::Import => "import",
            Context::Finder => "finder",
            Context::Problems => "problems",
            Context::Form => "form",
            Context::Suggest => "suggest",
            Context::Reason => "reason",
            Context::Concordance => "concordance",
        }
    }

    /// Every context, in help order.
    pub const ALL: [Context; 18] = [
        Context::Dashboard,
        Context::Form,
        Context::Finder,
        Context::Problems,
        Context::Views,
        Context::Suggest,
        Context::Reason,
        Context::Concordance,
        Context::Reader,
        Context::Select,
        Context::Picker,
        Context::Editor,
        Context::Confirm,
        Context::Export,
        Context::Import,
        Context::Help,
        Context::HelpFind,
        Context::Global,
    ];
}

/// A key with modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub(super) code: KeyCode,
    pub(super) mods: KeyModifiers,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

/// Stands for any printable character in the keys of an editing binding.
pub(super) const TEXT: Key = code(KeyCode::Null);

/// The action of an editing binding as the table writes it: [`lookup`]
/// replaces it with the edit of the key actually pressed.
const EDIT: Action = Action::Edit(Edit::Insert(' '));

/// One entry of the key table.
#[derive(Debug)]
pub struct Binding {
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// How the keys are written in help and hints.
    pub label: &'static str,
    /// What it does.
    pub action: Action,
    /// Where it applies.
    pub context: Context,
    /// One line for the help screen.
    pub help: &'static str,
    /// A word or two for the status bar, when worth a hint.
    pub hint: Option<&'static str>,
}

macro_rules! bind {
    ($ctx:ident, [$($k:expr),+], $label:expr, $action:expr, $help:expr, $hint:expr) => {
        Binding { keys: &[$($k),+], label: $label, action: $action, context: Context::$ctx, help: $help, hint: $hint }
    };
}

/// Every key coopdash knows, in help order.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind!(Dashboard, [code(KeyCode::Tab)], "Tab", Action::NextPane, "next pane", Some("pane")),
    bind!(Dashboard, [code(KeyCode::BackTab)], "S-Tab", Action::PrevPane, "previous pane", None),
    bind!(Dashboard, [ch('1')], "1", Action::Focus(Pane::Themes), "Themes pane", None),
    bind!(Dashboard, [ch('2')], "2", Action::Focus(Pane::Passages), "Passages pane", None),
    bind!(Dashboard, [ch('3')], "3", Action::Focus(Pane::Entities), "Partner bodies and programmes pane", None),
    bind!(Dashboard, [ch('4')], "4", Action::Focus(Pane::Details), "Details pane", None),
    bind!(Dashboard, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "move down", Some("move")),
    bind!(Dashboard, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "move up", None),
    bind!(Dashboard, [code(KeyCode::PageDown)], "PgDn", Action::PageDown, "page down", None),
    bind!(Dashboard, [code(KeyCode::PageUp)], "PgUp", Action::PageUp, "page up", None),
    bind!(Dashboard, [ch('g'), code(KeyCode::Home)], "g", Action::Top, "first item", None),
    bind!(Dashboard, [ch('G'), code(KeyCode::End)], "G", Action::Bottom, "last item", None),
    bind!(Dashboard, [ch('5')], "5", Action::Focus(Pane::Notes), "Notes pane", None),
    bind!(Dashboard, [code(KeyCode::Enter)], "Enter", Action::Open, "open: a theme's passages, the reader, a note", Some("open")),
    bind!(Dashboard, [ch('a')], "a", Action::AddNote, "write a note on the selected theme, body or passage", Some("note")),
    bind!(Dashboard, [ch('e')], "e", Action::EditNote, "edit the selected note ($EDITOR when local)", None),
    bind!(Dashboard, [ch('d')], "d", Action::DeleteNote, "delete the selected note (asks first)", None),
    bind!(Dashboard, [ch('o')], "o", Action::ToggleOrphans, "Notes: list orphans (notes that lost their place)", None),
    bind!(Dashboard, [ch('y')], "y", Action::Copy, "copy the selected passage to your clipboard (OSC 52)", None),
    bind!(Dashboard, [ch('n')], "n", Action::NewItem, "curate: new theme or partner body (by pane)", None),
    bind!(Dashboard, [ch('E')], "E", Action::EditItem, "curate: edit the selected theme or partner body", None),
    bind!(Dashboard, [ch('D')], "D", Action::DeleteItem, "curate: delete theme, body or curated link (asks)", None),
    bind!(Dashboard, [ch('+')], "+", Action::AddWord, "curate: keyword for a theme, alias for a body", None),
    bind!(Dashboard, [ch('P')], "P", Action::Promote, "curate: make the analyst link a curated link", None),
    bind!(Dashboard, [ch('u')], "u", Action::Undo, "undo the last curation or note deletion", None),
    bind!(Dashboard, [ctrl('r')], "C-r", Action::Redo, "redo what was undone", None),
    bind!(Dashboard, [ch('m')], "m", Action::Matrix, "matrix: themes × partner bodies", Some("matrix")),
    bind!(Dashboard, [ch('t')], "t", Action::Timeline, "timeline: events and source dates", Some("timeline")),
    bind!(Dashboard, [ch('x')], "x", Action::Export, "export the workspace to a file", None),
    bind!(Dashboard, [ch('s')], "s", Action::Suggestions, "suggestions: passages naming a theme, not linked to it yet", None),
    bind!(Dashboard, [ch('c')], "c", Action::Concordance, "concordance: every mention of the theme or body, in context", None),
    bind!(Suggest, [ch('A')], "A", Action::AcceptCurated, "accept: a curated link in themes.yaml (curators)", Some("curated")),
    bind!(Suggest, [ch('a')], "a", Action::AcceptAnalyst, "accept: an analyst link (anyone)", Some("link")),
    bind!(Suggest, [ch('r')], "r", Action::Reject, "reject, with an optional reason: nobody is asked again", Some("reject")),
    bind!(Suggest, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "skip: the next suggestion", Some("skip")),
    bind!(Suggest, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "the previous suggestion", None),
    bind!(Suggest, [code(KeyCode::PageDown)], "PgDn", Action::PageDown, "a page down", None),
    bind!(Suggest, [code(KeyCode::PageUp)], "PgUp", Action::PageUp, "a page up", None),
    bind!(Suggest, [code(KeyCode::Home)], "Home", Action::Top, "the first suggestion", None),
    bind!(Suggest, [code(KeyCode::End)], "End", Action::Bottom, "the last suggestion", None),
    bind!(Suggest, [ch('g')], "g", Action::Group, "group by theme or by source", Some("group")),
    bind!(Suggest, [code(KeyCode::Enter)], "Enter", Action::Open, "open the reader at the words", Some("read")),
    bind!(Suggest, [code(KeyCode::Esc)], "Esc", Action::Back, "back to the panes", Some("back")),
    bind!(Reason, [TEXT, code(KeyCode::Left), code(KeyCode::Right), code(KeyCode::Home), code(KeyCode::End), code(KeyCode::Backspace), code(KeyCode::Delete)], "type", EDIT, "type why (optional)", None),
    bind!(Reason, [code(KeyCode::Enter)], "Enter", Action::Open, "reject the suggestion", Some("reject")),
    bind!(Reason, [code(KeyCode::Esc)], "Esc", Action::Back, "cancel: keep the suggestion", Some("cancel")),
    bind!(Concordance, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "next line", Some("move")),
    bind!(Concordance, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "previous line", None),
    bind!(Concordance, [code(KeyCode::PageDown)], "PgDn", Action::PageDown, "a page down", None),
    bind!(Concordance, [code(KeyCode::PageUp)], "PgUp", Action::PageUp, "a page up", None),
    bind!(Concordance, [ch('g'), code(KeyCode::Home)], "g", Action::Top, "first line", None),
    bind!(Concordance, [ch('G'), code(KeyCode::End)], "G", Action::Bottom, "last line", None),
    bind!(Concordance, [ch('o')], "o", Action::CycleSort, "order: by source, by left context, by right context", Some("order")),
    bind!(Concordance, [code(KeyCode::Enter)], "Enter", Action::Open, "open the reader there", Some("read")),
    bind!(Concordance, [code(KeyCode::Esc)], "Esc", Action::Back, "back to the panes", Some("back")),
    bind!(Dashboard, [ch('I')], "I", Action::Import, "curate: import a document (over SSH: from inbox/)", None),
    bind!(Dashboard, [ch('S')], "S", Action::Sync, "sync through git: commit, merge, push (over SSH: curators)", None),
    bind!(Views, [ch('h'), code(KeyCode::Left)], "h/←", Action::Left, "matrix: previous partner body (column)", None),
    bind!(Views, [ch('l'), code(KeyCode::Right)], "l/→", Action::Right, "matrix: next partner body (column)", None),
    bind!(Views, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "next theme, timeline entry or passage", Some("move")),
    bind!(Views, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "previous theme, timeline entry or passage", None),
    bind!(Views, [ch('g'), code(KeyCode::Home)], "g", Action::Top, "first theme, entry or passage", None),
    bind!(Views, [ch('G'), code(KeyCode::End)], "G", Action::Bottom, "last theme, entry or passage", None),
    bind!(Views, [code(KeyCode::Enter)], "Enter", Action::Open, "a cell: list its passages; a passage or entry: the reader", Some("open")),
    bind!(Views, [code(KeyCode::Esc)], "Esc", Action::Back, "back: from the passages to the grid, then to the panes", Some("back")),
    bind!(Reader, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "scroll down", Some("scroll")),
    bind!(Reader, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "scroll up", None),
    bind!(Reader, [code(KeyCode::PageDown), ch(' ')], "PgDn", Action::PageDown, "page down", None),
    bind!(Reader, [code(KeyCode::PageUp)], "PgUp", Action::PageUp, "page up", None),
    bind!(Reader, [ch('g'), code(KeyCode::Home)], "g", Action::Top, "top of the source", None),
    bind!(Reader, [ch('G'), code(KeyCode::End)], "G", Action::Bottom, "end of the source", None),
    bind!(Reader, [ch('n')], "n", Action::NextMark, "next mark (link or mention)", Some("next mark")),
    bind!(Reader, [ch('N')], "N", Action::PrevMark, "previous mark", Some("prev")),
    bind!(Reader, [ch('a')], "a", Action::AddNote, "write a note on this passage, anchored at the mark", None),
    bind!(Reader, [ch('v')], "v", Action::Select, "select this passage to link it to a theme", Some("link")),
    bind!(Reader, [ch('y')], "y", Action::Copy, "copy the marked words to your clipboard (OSC 52)", None),
    bind!(Select, [ch('l'), code(KeyCode::Right)], "l/→", Action::MoveStart(1), "drop the first word", Some("start")),
    bind!(Select, [ch('h'), code(KeyCode::Left)], "h/←", Action::MoveStart(-1), "take back a word at the start", None),
    bind!(Select, [ch('H')], "H", Action::MoveEnd(-1), "drop the last word", Some("end")),
    bind!(Select, [ch('L')], "L", Action::MoveEnd(1), "take back a word at the end", None),
    bind!(Select, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "the next passage", None),
    bind!(Select, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "the previous passage", None),
    bind!(Select, [code(KeyCode::Enter)], "Enter", Action::Open, "link the selected words: choose the theme", Some("theme")),
    bind!(Select, [ch('e')], "e", Action::NewEvent, "curate: an event said by the selected words", Some("event")),
    bind!(Select, [ch('c')], "c", Action::DropClitic, "drop the first word's clitic (و ب ل ف ك), ال kept", Some("clitic")),
    bind!(Select, [code(KeyCode::Esc)], "Esc", Action::Back, "stop selecting", Some("cancel")),
    bind!(Picker, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "next theme", None),
    bind!(Picker, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "previous theme", None),
    bind!(Picker, [code(KeyCode::Enter)], "Enter", Action::Open, "link to this theme, then add an optional note", Some("link")),
    bind!(Picker, [ch('C')], "C", Action::CuratedLink, "curate: a curated link in themes.yaml instead", Some("curated")),
    bind!(Picker, [code(KeyCode::Esc)], "Esc", Action::Back, "back to the selection", Some("back")),
    bind!(Editor, [ctrl('s')], "C-s", Action::Save, "save the note", Some("save")),
    bind!(Editor, [code(KeyCode::Esc)], "Esc", Action::CloseEditor, "close, keeping the text as a draft (a reopens it)", Some("keep draft")),
    bind!(Editor, [ctrl('d')], "C-d", Action::Discard, "close and throw the text away", Some("discard")),
    bind!(Editor, [ctrl('z')], "C-z", Action::Suspend, "suspend to the shell, the text kept (local terminal only)", None),
    bind!(Confirm, [ch('y')], "y", Action::Answer(true), "yes", Some("yes")),
    bind!(Confirm, [ch('n'), code(KeyCode::Esc)], "n", Action::Answer(false), "no", Some("no")),
    bind!(Confirm, [ch('d')], "d", Action::Alternative, "deleting a body: detach its parts; a sync conflict: keep ours", None),
    bind!(Form, [TEXT, code(KeyCode::Left), code(KeyCode::Right), code(KeyCode::Home), code(KeyCode::End), code(KeyCode::Backspace), code(KeyCode::Delete)], "type", EDIT, "type the field; lists are comma-separated", None),
    bind!(Form, [code(KeyCode::Tab), code(KeyCode::Down)], "Tab/↓", Action::Down, "next field", Some("field")),
    bind!(Form, [code(KeyCode::BackTab), code(KeyCode::Up)], "S-Tab/↑", Action::Up, "previous field", None),
    bind!(Form, [code(KeyCode::Enter)], "Enter", Action::Open, "write it to themes.yaml", Some("save")),
    bind!(Form, [code(KeyCode::Esc)], "Esc", Action::Back, "cancel", Some("cancel")),
    bind!(Reader, [code(KeyCode::Esc)], "Esc", Action::Back, "back to the panes (or the matrix or timeline)", Some("back")),
    bind!(Finder, [TEXT, code(KeyCode::Left), code(KeyCode::Right), code(KeyCode::Home), code(KeyCode::End), code(KeyCode::Backspace), code(KeyCode::Delete)], "type", EDIT, "type what to find: Arabic or English, any spelling", None),
    bind!(Finder, [ctrl('u')], "C-u", Action::Edit(Edit::DeleteToStart), "delete the query before the cursor", None),
    bind!(Finder, [ctrl('w')], "C-w", Action::Edit(Edit::DeleteWord), "delete the word before the cursor", None),
    bind!(Finder, [code(KeyCode::Tab)], "Tab", Action::NextPane, "only themes, bodies, passages, events, notes, or all", Some("kind")),
    bind!(Finder, [code(KeyCode::Down), ctrl('n')], "↓/C-n", Action::Down, "next result", Some("move")),
    bind!(Finder, [code(KeyCode::Up), ctrl('p')], "↑/C-p", Action::Up, "previous result", None),
    bind!(Finder, [code(KeyCode::PageDown)], "PgDn", Action::PageDown, "a page of results down", None),
    bind!(Finder, [code(KeyCode::PageUp)], "PgUp", Action::PageUp, "a page of results up", None),
    bind!(Finder, [code(KeyCode::Enter)], "Enter", Action::Open, "go to the result", Some("go")),
    bind!(Finder, [code(KeyCode::Esc)], "Esc", Action::Back, "close, back where you were", Some("close")),
    bind!(Export, [TEXT, code(KeyCode::Left), code(KeyCode::Right), code(KeyCode::Home), code(KeyCode::End), code(KeyCode::Backspace), code(KeyCode::Delete)], "type", EDIT, "edit the path: type, ←/→, Home/End, Backspace, Delete", None),
    bind!(Export, [code(KeyCode::Down), code(KeyCode::Tab)], "↓/Tab", Action::Down, "next format", Some("format")),
    bind!(Export, [code(KeyCode::Up), code(KeyCode::BackTab)], "↑/S-Tab", Action::Up, "previous format", None),
    bind!(Export, [code(KeyCode::Enter)], "Enter", Action::Open, "write the file", Some("write")),
    bind!(Export, [code(KeyCode::Esc)], "Esc", Action::Back, "cancel", Some("cancel")),
    bind!(Import, [TEXT, code(KeyCode::Left), code(KeyCode::Right), code(KeyCode::Home), code(KeyCode::End), code(KeyCode::Backspace), code(KeyCode::Delete)], "type", EDIT, "type the path of a file or folder", None),
    bind!(Import, [code(KeyCode::Enter)], "Enter", Action::Open, "import it", Some("import")),
    bind!(Import, [code(KeyCode::Esc)], "Esc", Action::Back, "cancel", Some("cancel")),
    bind!(Help, [code(KeyCode::Esc), ch('?')], "Esc", Action::Back, "close help", Some("close")),
    bind!(Help, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "scroll down", None),
    bind!(Help, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "scroll up", None),
    bind!(Help, [code(KeyCode::PageDown), ch(' ')], "PgDn", Action::PageDown, "page down (also Space)", Some("more")),
    bind!(Help, [code(KeyCode::PageUp)], "PgUp", Action::PageUp, "page up", None),
    bind!(Help, [ch('g'), code(KeyCode::Home)], "g", Action::Top, "top", None),
    bind!(Help, [ch('G'), code(KeyCode::End)], "G", Action::Bottom, "end", None),
    bind!(Help, [ch('/')], "/", Action::Find, "search: show only the keys whose words hold it", Some("find")),
    bind!(HelpFind, [TEXT, code(KeyCode::Left), code(KeyCode::Right), code(KeyCode::Home), code(KeyCode::End), code(KeyCode::Backspace), code(KeyCode::Delete)], "type", EDIT, "type words to look for (Arabic or English)", None),
    bind!(HelpFind, [code(KeyCode::Enter)], "Enter", Action::Open, "keep the keys found and scroll them", Some("keep")),
    bind!(HelpFind, [code(KeyCode::Esc)], "Esc", Action::Back, "clear the search", Some("clear")),
    bind!(Dashboard, [ch('/')], "/", Action::Find, "find anything: themes, bodies, passages, events, notes", Some("find")),
    bind!(Reader, [ch('/')], "/", Action::Find, "find anything", Some("find")),
    bind!(Problems, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "next problem", Some("move")),
    bind!(Problems, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "previous problem", None),
    bind!(Problems, [code(KeyCode::Enter)], "Enter", Action::Open, "go to the place it names, or the closest passage", Some("go")),
    bind!(Problems, [code(KeyCode::Esc), ch('!')], "Esc", Action::Back, "close", Some("close")),
    bind!(Dashboard, [ch('!')], "!", Action::Problems, "problems: items left out or broken, warnings", None),
    bind!(Reader, [ch('!')], "!", Action::Problems, "problems of the workspace", None),
    bind!(Reader, [ch('u')], "u", Action::Undo, "undo the last curation or note deletion", None),
    bind!(Reader, [ctrl('r')], "C-r", Action::Redo, "redo what was undone", None),
    bind!(Views, [ch('!')], "!", Action::Problems, "problems of the workspace", None),
    bind!(Global, [ch('b')], "b", Action::CycleBidi, "right-to-left display: app, app-noshape, terminal", None),
    bind!(Global, [ch('L')], "L", Action::CycleLang, "names in the next language", None),
    bind!(Global, [ch('?'), code(KeyCode::F(1))], "?", Action::Help, "this help", Some("help")),
    bind!(Global, [ctrl('z')], "C-z", Action::Suspend, "suspend to the shell; fg brings it back (local terminal only)", None),
    bind!(Global, [ch('q'), ctrl('c')], "q", Action::Quit, "quit (also Ctrl-C)", Some("quit")),
];

/// What `binding`, given `keys` (its own or a remap's), does for the key
/// `pressed`, if it takes that key.
pub(super) fn action_of(binding: &Binding, keys: &[Key], pressed: Key) -> Option<Action> {
    let text = match pressed.code {
        KeyCode::Char(c) if pressed.mods.is_empty() => Some(c),
        _ => None,
    };
    let taken = keys.contains(&pressed) || (text.is_some() && keys.contains(&TEXT));
    if !taken {
        return None;
    }
    // Only a typing binding takes its edit from the key pressed.
    if !keys.contains(&TEXT) {
        return Some(binding.action);
    }
    let edit = match pressed.code {
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        _ => Edit::Insert(text?),
    };
    Some(Action::Edit(edit))
}

/// The actions whose hints win over all others on the status bar: help,
/// find and quit are always one key away.
pub const ESSENTIAL: [Action; 3] = [Action::Help, Action::Find, Action::Quit];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::keymap::Keymap;
    use ratatui::crossterm::event::KeyEvent;

    fn lookup(context: Context, event: KeyEvent) -> Option<Action> {
        Keymap::default().lookup(context, event)
    }

    fn takes_text(context: Context) -> bool {
        Keymap::default().takes_text(context)
    }

    fn hints(context: Context) -> Vec<(String, &'static str)> {
        let map = Keymap::default();
        map.hints(context)
            .map(|(k, w)| (k.to_string(), w))
            .collect()
    }

    #[test]
    fn context_wins_over_global() {
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(lookup(Context::Reader, esc), Some(Action::Back));
        assert_eq!(lookup(Context::Dashboard, esc), None);
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Reader, q), Some(Action::Quit));
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Dashboard, shift_g), Some(Action::Bottom));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Help, ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn text_fields_take_every_printable_key() {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let typed = |c| Some(Action::Edit(Edit::Insert(c)));
        for c in ['q', '?', 'x', 'L', 'ع', ' ', '/'] {
            assert_eq!(lookup(Context::Export, key(KeyCode::Char(c))), typed(c));
        }
        let shift_l = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Export, shift_l), typed('L'));
        for (code, edit) in [
            (KeyCode::Left, Edit::Left),
            (KeyCode::Right, Edit::Right),
            (KeyCode::Home, Edit::Home),
            (KeyCode::End, Edit::End),
            (KeyCode::Backspace, Edit::Backspace),
            (KeyCode::Delete, Edit::Delete),
        ] {
            assert_eq!(lookup(Context::Export, key(code)), Some(Action::Edit(edit)));
        }
        assert_eq!(
            lookup(Context::Export, key(KeyCode::Enter)),
            Some(Action::Open)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Export, ctrl_c), Some(Action::Quit));
        for (c, edit) in [('u', Edit::DeleteToStart), ('w', Edit::DeleteWord)] {
            let ctrl = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
            assert_eq!(lookup(Context::Finder, ctrl), Some(Action::Edit(edit)));
        }
        let alt_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT);
        assert_eq!(lookup(Context::Export, alt_x), None);
        // Elsewhere letters are commands.
        assert_eq!(
            lookup(Context::Dashboard, key(KeyCode::Char('x'))),
            Some(Action::Export)
        );
        assert_eq!(
            lookup(Context::Views, key(KeyCode::Char('h'))),
            Some(Action::Left)
        );
        assert_eq!(
            lookup(Context::Views, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert!(takes_text(Context::Export) && !takes_text(Context::Dashboard));
    }

    #[test]
    fn hints_leave_out_global_keys_a_context_takes() {
        let whats = |ctx| {
            hints(ctx)
                .into_iter()
                .map(|(_, what)| what)
                .collect::<Vec<_>>()
        };
        assert!(whats(Context::Dashboard).contains(&"quit"));
        assert!(whats(Context::Views).contains(&"quit"));
        let export = whats(Context::Export);
        assert!(!export.contains(&"quit") && !export.contains(&"help"));
        assert!(export.contains(&"write"));
    }

    #[test]
    fn every_context_with_keys_is_in_the_help() {
        for b in BINDINGS {
            assert!(
                Context::ALL.contains(&b.context),
                "{:?} is missing from Context::ALL",
                b.context
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let clash = a.context == b.context && a.keys.iter().any(|k| b.keys.contains(k));
                assert!(!clash, "{} and {} clash", a.label, b.label);
            }
        }
    }
}
