//! The key table as this dashboard uses it: [`BINDINGS`] with the settings
//! file's remaps applied, built once ([`Keymap::new`]) and held in the
//! state. Dispatch, the status-bar hints and the help all read it, so a
//! remapped key is what they all show.

use super::action::{Action, Edit};
use super::keys::{BINDINGS, Binding, Context, ESSENTIAL, Key, TEXT, action_of};
use super::state::Pane;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::borrow::Cow;

/// One binding of the table with the keys it has here.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The table's binding (action, context, help words).
    pub binding: &'static Binding,
    /// Its keys: the table's, or the remap's.
    pub keys: Cow<'static, [Key]>,
    /// How its keys are written in help and hints.
    pub label: Cow<'static, str>,
}

/// The key table with remaps applied: one entry per binding, in table order.
#[derive(Debug, Clone)]
pub struct Keymap {
    entries: Vec<Entry>,
}

impl Default for Keymap {
    /// The table as written.
    fn default() -> Self {
        Keymap {
            entries: BINDINGS
                .iter()
                .map(|b| Entry {
                    binding: b,
                    keys: Cow::Borrowed(b.keys),
                    label: Cow::Borrowed(b.label),
                })
                .collect(),
        }
    }
}

/// A remap as the settings file gives it: in `context`, `action` takes
/// `keys` instead of its own.
#[derive(Debug, Clone)]
pub struct Remap {
    /// The context's name ([`Context::name`]).
    pub context: String,
    /// The action's name ([`action_name`]).
    pub action: String,
    /// The keys, as written (`x`, `C-x`, `A-x`, `Enter`, `S-Tab`, `F1`, `Space`).
    pub keys: Vec<String>,
}

/// Why a remap was refused, and which part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemapError {
    /// The index of the remap in the list given to [`Keymap::new`].
    pub remap: usize,
    /// Where in it: the context, the action, or the key at this index.
    pub part: RemapPart,
    /// What is wrong.
    pub what: String,
    /// How to fix it.
    pub fix: String,
}

/// The part of a remap an error points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemapPart {
    /// The `[keys.CONTEXT]` table's name.
    Context,
    /// The action's name.
    Action,
    /// The key at this index of the remap's keys.
    Key(usize),
}

impl Keymap {
    /// The table with `remaps` applied, each checked: a known context and
    /// action, keys that parse, and no key that another binding of the same
    /// context (after every remap) or typing there takes.
    pub fn new(remaps: &[Remap]) -> Result<Self, RemapError> {
        let mut map = Keymap::default();
        let mut placed = Vec::with_capacity(remaps.len());
        for (i, remap) in remaps.iter().enumerate() {
            let err = |part, what: String, fix: String| RemapError {
                remap: i,
                part,
                what,
                fix,
            };
            let Some(context) = Context::ALL.into_iter().find(|c| c.name() == remap.context) else {
                let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
                return Err(err(
                    RemapPart::Context,
                    format!("no key context `{}`", remap.context),
                    did_you_mean(&remap.context, &names),
                ));
            };
            let found = map.entries.iter().position(|e| {
                e.binding.context == context
                    && action_name(e.binding).as_deref() == Some(&*remap.action)
            });
            let Some(index) = found else {
                let names: Vec<String> = map
                    .entries
                    .iter()
                    .filter(|e| e.binding.context == context)
                    .filter_map(|e| action_name(e.binding))
                    .collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                return Err(err(
                    RemapPart::Action,
                    format!("no action `{}` in [keys.{}]", remap.action, context.name()),
                    did_you_mean(&remap.action, &names),
                ));
            };
            if remap.keys.is_empty() {
                return Err(err(
                    RemapPart::Action,
                    format!("`{}` is given no key", remap.action),
                    "give at least one key, e.g. \"x\" or [\"x\", \"C-x\"]".into(),
                ));
            }
            let mut keys = Vec::with_capacity(remap.keys.len());
            for (k, written) in remap.keys.iter().enumerate() {
                let key = parse_key(written).map_err(|fix| {
                    err(RemapPart::Key(k), format!("`{written}` is not a key"), fix)
                })?;
                if types(context) && key.mods.is_empty() && matches!(key.code, KeyCode::Char(_)) {
                    return Err(err(
                        RemapPart::Key(k),
                        format!("`{written}` is typed as text in [keys.{}]", context.name()),
                        "choose a key with C- or A-, or a named key such as F2".into(),
                    ));
                }
                keys.push(key);
            }
            let entry = &mut map.entries[index];
            entry.label = Cow::Owned(
                keys.iter()
                    .map(|k| key_name(*k))
                    .collect::<Vec<_>>()
                    .join("/"),
            );
            entry.keys = Cow::Owned(keys);
            placed.push(index);
        }
        // Clashes are judged on the finished map, so two actions may swap keys.
        for (i, &index) in placed.iter().enumerate() {
            let entry = &map.entries[index];
            for (k, &key) in entry.keys.iter().enumerate() {
                // A clash between two remaps is the later one's error.
                let later = &placed[i + 1..];
                let other = map.entries.iter().enumerate().find(|&(j, e)| {
                    j != index
                        && !later.contains(&j)
                        && e.binding.context == entry.binding.context
                        && e.keys.contains(&key)
                });
                if let Some((_, other)) = other {
                    let name = action_name(other.binding).unwrap_or_default();
                    return Err(RemapError {
                        remap: i,
                        part: RemapPart::Key(k),
                        what: format!(
                            "`{}` is already `{name}` ({}) in [keys.{}]",
                            key_name(key),
                            other.binding.help,
                            entry.binding.context.name()
                        ),
                        fix: format!("choose another key, or give `{name}` another key too"),
                    });
                }
            }
        }
        Ok(map)
    }

    /// Every entry, in table order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The action a key triggers in `context`, if any. Context bindings win
    /// over global ones.
    pub fn lookup(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let mut mods = event.modifiers;
        // Shifted letters arrive as their capital; BackTab arrives with SHIFT.
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let pressed = Key {
            code: event.code,
            mods,
        };
        let find = |ctx| {
            self.entries
                .iter()
                .filter(|e| e.binding.context == ctx)
                .find_map(|e| action_of(e.binding, &e.keys, pressed))
        };
        let own = find(context);
        match context {
            // Typing goes into the note; `q` or `?` there are letters.
            Context::Editor => own.or(Some(Action::Type(event))),
            Context::Confirm => own,
            _ => own.or_else(|| find(Context::Global)),
        }
    }

    /// How the words on screen that name the key for `action` in
    /// `context` (else a global one) write it: `written` (which may name
    /// more keys than the table's label, "PgDn/Space") unless a remap gave
    /// the action other keys.
    pub fn key<'a>(&'a self, context: Context, action: Action, written: &'a str) -> &'a str {
        let entry = [context, Context::Global].into_iter().find_map(|ctx| {
            self.entries
                .iter()
                .find(|e| e.binding.context == ctx && e.binding.action == action)
        });
        match entry {
            Some(e) if matches!(e.keys, Cow::Owned(_)) => &e.label,
            _ => written,
        }
    }

    /// Whether `context` takes typed text (so pasted text is typed too).
    pub fn takes_text(&self, context: Context) -> bool {
        takes_text(context)
    }

    /// Status-bar hints for `context`: `(keys, what)` pairs, the essential
    /// ones ([`ESSENTIAL`]) first, then the others in table order. A global
    /// key that the context takes for itself (`q` typed into a text field)
    /// is not hinted.
    pub fn hints(&self, context: Context) -> impl Iterator<Item = (&str, &'static str)> {
        let essential = |e: &&Entry| ESSENTIAL.contains(&e.binding.action);
        let all: Vec<&Entry> = self.hinted(context).collect();
        let (mut first, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(essential);
        first.sort_by_key(|e| ESSENTIAL.iter().position(|a| *a == e.binding.action));
        first
            .into_iter()
            .chain(rest)
            .filter_map(|e| e.binding.hint.map(|h| (&*e.label, h)))
    }

    /// How many of [`Keymap::hints`]'s first hints are essential.
    pub fn essential_hints(&self, context: Context) -> usize {
        self.hinted(context)
            .filter(|e| ESSENTIAL.contains(&e.binding.action) && e.binding.hint.is_some())
            .count()
    }

    /// The entries hinted in `context`, in table order.
    fn hinted(&self, context: Context) -> impl Iterator<Item = &Entry> {
        let global = !matches!(context, Context::Editor | Context::Confirm);
        self.entries
            .iter()
            .filter(move |e| match e.binding.context {
                Context::Global => {
                    global
                        && e.keys.first().is_none_or(|&k| {
                            !self.entries.iter().any(|own| {
                                own.binding.context == context
                                    && action_of(own.binding, &own.keys, k).is_some()
                            })
                        })
                }
                own => own == context,
            })
    }
}

/// Whether `context` takes typed text (so pasted text is typed too).
fn takes_text(context: Context) -> bool {
    BINDINGS
        .iter()
        .any(|b| b.context == context && b.keys.contains(&TEXT))
}

/// Whether plain letters are typed in `context`, so no remap may take one.
fn types(context: Context) -> bool {
    context == Context::Editor || takes_text(context)
}

/// ` — did you mean X?`-style advice among `known`, else the list.
fn did_you_mean(name: &str, known: &[&str]) -> String {
    match crate::text::closest(name, known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("use one of: {}", known.join(", ")),
    }
}

/// The name a binding's action has in the settings file (`matrix`,
/// `next-pane`, `focus-notes`); `None` for the typing bindings, which
/// take every printable key and cannot be remapped.
pub fn action_name(binding: &Binding) -> Option<String> {
    if binding.keys.contains(&TEXT) {
        return None;
    }
    let fixed = match binding.action {
        Action::Focus(pane) => {
            return Some(format!(
                "focus-{}",
                match pane {
                    Pane::Themes => "themes",
                    Pane::Passages => "passages",
                    Pane::Entities => "entities",
                    Pane::Details => "details",
                    Pane::Notes => "notes",
                }
            ));
        }
        Action::Answer(true) => "yes",
        Action::Answer(false) => "no",
        Action::MoveStart(1) => "shrink-start",
        Action::MoveStart(_) => "grow-start",
        Action::MoveEnd(-1) => "shrink-end",
        Action::MoveEnd(_) => "grow-end",
        Action::Edit(Edit::DeleteToStart) => "delete-to-start",
        Action::Edit(Edit::DeleteWord) => "delete-word",
        other => return Some(kebab(&format!("{other:?}"))),
    };
    Some(fixed.into())
}

/// `NextPane` → `next-pane`.
fn kebab(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The named keys, as the settings file writes them (case aside).
const NAMED: [(&str, KeyCode); 16] = [
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("S-Tab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Space", KeyCode::Char(' ')),
];

/// A key as the settings file writes it: one character (`x`, `X`, `ع`), a
/// key name (`Enter`, `Esc`, `S-Tab`, `PgDn`, `Space`, ...) or `F1` to
/// `F12`, after `C-` (Ctrl) and/or `A-` (Alt). The error is how to write it.
pub fn parse_key(written: &str) -> Result<Key, String> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = written;
    loop {
        let lower = rest.get(..2).map(str::to_ascii_lowercase);
        match lower.as_deref() {
            Some("c-") if rest.len() > 2 => mods |= KeyModifiers::CONTROL,
            Some("a-") if rest.len() > 2 => mods |= KeyModifiers::ALT,
            _ => break,
        }
        rest = &rest[2..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        // The arrows as help writes them.
        (Some('↑'), None) => KeyCode::Up,
        (Some('↓'), None) => KeyCode::Down,
        (Some('←'), None) => KeyCode::Left,
        (Some('→'), None) => KeyCode::Right,
        (Some(c), None) if !c.is_control() => KeyCode::Char(c),
        _ => {
            let named = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest));
            let function = rest
                .strip_prefix(['F', 'f'])
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (1..=12).contains(n));
            match (named, function) {
                (Some(&(_, code)), _) => code,
                (None, Some(n)) => KeyCode::F(n),
                (None, None) => {
                    return Err(
                        "write one character (x, X), C-x (Ctrl), A-x (Alt), F1 to F12, or one of: \
                         Enter, Esc, Tab, S-Tab, Backspace, Delete, Insert, Home, End, PgUp, PgDn, \
                         Up, Down, Left, Right, Space"
                            .into(),
                    );
                }
            }
        }
    };
    // Ctrl with a letter arrives lower-case.
    let code = match code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        other => other,
    };
    Ok(Key { code, mods })
}

/// How help and hints write `key`.
pub fn key_name(key: Key) -> String {
    let mut out = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        out.push_str("C-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        out.push_str("A-");
    }
    match key.code {
        KeyCode::Char(' ') => out.push_str("Space"),
        KeyCode::Char(c) => out.push(c),
        KeyCode::F(n) => out.push_str(&format!("F{n}")),
        KeyCode::Up => out.push('↑'),
        KeyCode::Down => out.push('↓'),
        KeyCode::Left => out.push('←'),
        KeyCode::Right => out.push('→'),
        code => out.push_str(
            NAMED
                .iter()
                .find(|(_, c)| *c == code)
                .map_or("?", |(n, _)| n),
        ),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remap(context: &str, action: &str, keys: &[&str]) -> Remap {
        Remap {
            context: context.into(),
            action: action.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
        }
    }

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn names_are_unique_in_each_context() {
        for ctx in Context::ALL {
            let names: Vec<String> = BINDINGS
                .iter()
                .filter(|b| b.context == ctx)
                .filter_map(action_name)
                .collect();
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{ctx:?}: {names:?}");
        }
        let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
        let mut sorted = names.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
    }

    #[test]
    fn keys_parse_and_print_back() {
        for written in [
            "x", "X", "ع", "C-r", "A-x", "Enter", "S-Tab", "F2", "Space", "PgDn", "Up",
        ] {
            let key = parse_key(written).unwrap();
            let back = key_name(key);
            assert_eq!(parse_key(&back), Ok(key), "{written} → {back}");
        }
        assert!(
            parse_key("Ctrl+r").is_err() && parse_key("").is_err() && parse_key("F13").is_err()
        );
        assert_eq!(parse_key("C-R"), parse_key("C-r"));
    }

    #[test]
    fn a_remap_moves_the_key_and_shows_in_hints() {
        let map = Keymap::new(&[remap("dashboard", "matrix", &["M", "C-x"])]).unwrap();
        assert_eq!(
            map.lookup(Context::Dashboard, press('M')),
            Some(Action::Matrix)
        );
        assert_eq!(map.lookup(Context::Dashboard, press('m')), None);
        let hint = map.hints(Context::Dashboard).find(|(_, w)| *w == "matrix");
        assert_eq!(hint, Some(("M/C-x", "matrix")));
        // Two actions may swap their keys.
        let swapped = [
            remap("dashboard", "matrix", &["t"]),
            remap("dashboard", "timeline", &["m"]),
        ];
        let map = Keymap::new(&swapped).unwrap();
        assert_eq!(
            map.lookup(Context::Dashboard, press('t')),
            Some(Action::Matrix)
        );
    }

    #[test]
    fn clashes_and_unknown_names_are_refused() {
        let clash = Keymap::new(&[remap("dashboard", "matrix", &["m", "t"])]).unwrap_err();
        assert_eq!((clash.remap, clash.part), (0, RemapPart::Key(1)));
        assert!(clash.what.contains("timeline"), "{}", clash.what);
        let both = [
            remap("dashboard", "matrix", &["M"]),
            remap("dashboard", "export", &["M"]),
        ];
        let clash = Keymap::new(&both).unwrap_err();
        assert_eq!(clash.remap, 1, "the later remap is the clash");
        assert!(clash.what.contains("`matrix`"), "{}", clash.what);
        let unknown = Keymap::new(&[remap("dashboard", "matrx", &["M"])]).unwrap_err();
        assert_eq!(unknown.part, RemapPart::Action);
        assert!(unknown.fix.contains("`matrix`"), "{}", unknown.fix);
        let context = Keymap::new(&[remap("panes", "matrix", &["M"])]).unwrap_err();
        assert_eq!(context.part, RemapPart::Context);
        let typed = Keymap::new(&[remap("finder", "open", &["o"])]).unwrap_err();
        assert!(typed.what.contains("typed"), "{}", typed.what);
        assert!(Keymap::new(&[remap("finder", "open", &["C-o"])]).is_ok());
    }
}
