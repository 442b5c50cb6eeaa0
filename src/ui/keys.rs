//! The one key table. Dispatch, the status-bar hints and the help screen
//! are all generated from [`BINDINGS`], so they cannot disagree.

use super::action::Action;
use super::state::Pane;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
    /// The note editor: unbound keys are typed.
    Editor,
    /// A yes/no question.
    Confirm,
    /// Choosing a theme for an analyst link.
    Picker,
    /// Choosing words in the reader for an analyst link.
    Select,
}

impl Context {
    /// Heading used on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Dashboard => "Panes",
            Context::Reader => "Reader",
            Context::Help => "Help",
            Context::Editor => "Note editor",
            Context::Confirm => "Questions",
            Context::Picker => "Theme picker",
            Context::Select => "Selecting words in the reader",
        }
    }
}

/// A key with modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    code: KeyCode,
    mods: KeyModifiers,
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
    bind!(Dashboard, [ch('3')], "3", Action::Focus(Pane::Entities), "Partner bodies pane", None),
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
    bind!(Reader, [code(KeyCode::Esc)], "Esc", Action::Back, "back to the panes", Some("back")),
    bind!(Select, [ch('l'), code(KeyCode::Right)], "l/→", Action::MoveStart(1), "drop the first word", Some("start")),
    bind!(Select, [ch('h'), code(KeyCode::Left)], "h/←", Action::MoveStart(-1), "take back a word at the start", None),
    bind!(Select, [ch('H')], "H", Action::MoveEnd(-1), "drop the last word", Some("end")),
    bind!(Select, [ch('L')], "L", Action::MoveEnd(1), "take back a word at the end", None),
    bind!(Select, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "the next passage", None),
    bind!(Select, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "the previous passage", None),
    bind!(Select, [code(KeyCode::Enter)], "Enter", Action::Open, "link the selected words: choose the theme", Some("theme")),
    bind!(Select, [code(KeyCode::Esc)], "Esc", Action::Back, "stop selecting", Some("cancel")),
    bind!(Picker, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "next theme", None),
    bind!(Picker, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "previous theme", None),
    bind!(Picker, [code(KeyCode::Enter)], "Enter", Action::Open, "link to this theme, then add an optional note", Some("link")),
    bind!(Picker, [code(KeyCode::Esc)], "Esc", Action::Back, "back to the selection", Some("back")),
    bind!(Editor, [ctrl('s')], "C-s", Action::Save, "save the note", Some("save")),
    bind!(Editor, [code(KeyCode::Esc)], "Esc", Action::CloseEditor, "close, keeping the text as a draft (a reopens it)", Some("keep draft")),
    bind!(Editor, [ctrl('d')], "C-d", Action::Discard, "close and throw the text away", Some("discard")),
    bind!(Confirm, [ch('y')], "y", Action::Answer(true), "yes", Some("yes")),
    bind!(Confirm, [ch('n'), code(KeyCode::Esc)], "n", Action::Answer(false), "no", Some("no")),
    bind!(Help, [code(KeyCode::Esc), ch('?')], "Esc", Action::Back, "close help", Some("close")),
    bind!(Help, [ch('j'), code(KeyCode::Down)], "j/↓", Action::Down, "scroll down", None),
    bind!(Help, [ch('k'), code(KeyCode::Up)], "k/↑", Action::Up, "scroll up", None),
    bind!(Global, [ch('b')], "b", Action::CycleBidi, "right-to-left display: app, app-noshape, terminal", None),
    bind!(Global, [ch('L')], "L", Action::CycleLang, "names in the next language", None),
    bind!(Global, [ch('?'), code(KeyCode::F(1))], "?", Action::Help, "this help", Some("help")),
    bind!(Global, [ch('q'), ctrl('c')], "q", Action::Quit, "quit (also Ctrl-C)", Some("quit")),
];

/// The action a key triggers in `context`, if any. Context bindings win
/// over global ones.
pub fn lookup(context: Context, event: KeyEvent) -> Option<Action> {
    let mut mods = event.modifiers;
    // Shifted letters arrive as their capital; BackTab arrives with SHIFT.
    if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    let pressed = Key {
        code: event.code,
        mods,
    };
    let own = BINDINGS
        .iter()
        .find(|b| b.context == context && b.keys.contains(&pressed))
        .map(|b| b.action);
    match context {
        // Typing goes into the note; `q` or `?` there are letters.
        Context::Editor => own.or(Some(Action::Type(event))),
        Context::Confirm => own,
        _ => own.or_else(|| {
            BINDINGS
                .iter()
                .find(|b| b.context == Context::Global && b.keys.contains(&pressed))
                .map(|b| b.action)
        }),
    }
}

/// Status-bar hints for `context`: `(keys, what)` pairs.
pub fn hints(context: Context) -> impl Iterator<Item = (&'static str, &'static str)> {
    let global = !matches!(context, Context::Editor | Context::Confirm);
    BINDINGS
        .iter()
        .filter(move |b| b.context == context || (global && b.context == Context::Global))
        .filter_map(|b| b.hint.map(|h| (b.label, h)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let clash = a.context == b.context && a.keys.iter().any(|k| b.keys.contains(k));
                assert!(!clash, "{} and {} clash", a.label, b.label);
            }
        }
    }
}
