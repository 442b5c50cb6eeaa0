//! The help screen's state and keys: every binding of the key table,
//! grouped by context, scrolled by line or page, narrowed by a search
//! (`/`). `view::help` draws it.

use super::action::Action;
use super::keymap::{Entry, Keymap};
use super::keys::Context;
use super::line_edit::LineEdit;
use super::state::State;

/// The open help.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    /// First row shown.
    pub scroll: usize,
    /// What the rows are narrowed to (empty: every key).
    pub query: LineEdit,
    /// Whether keys type into the query.
    pub typing: bool,
}

/// A row of the help.
#[derive(Debug, Clone, Copy)]
pub enum Row<'a> {
    /// A context's heading.
    Heading(Context),
    /// A binding, with its keys here.
    Key(&'a Entry),
    /// The space after a context.
    Blank,
}

/// The rows for `query`: every context with the bindings whose keys,
/// words or context title hold it (case aside); all of them for an empty
/// query. The keys are `keymap`'s, remaps included.
pub fn rows<'a>(keymap: &'a Keymap, query: &str) -> Vec<Row<'a>> {
    let query = query.trim().to_lowercase();
    let holds = |s: &str| s.to_lowercase().contains(&query);
    let mut out = Vec::new();
    for ctx in Context::ALL {
        let whole = query.is_empty() || holds(ctx.title());
        let keys: Vec<&Entry> = keymap
            .entries()
            .iter()
            .filter(|e| {
                e.binding.context == ctx && (whole || holds(&e.label) || holds(e.binding.help))
            })
            .collect();
        if keys.is_empty() {
            continue;
        }
        out.push(Row::Heading(ctx));
        out.extend(keys.into_iter().map(Row::Key));
        out.push(Row::Blank);
    }
    out
}

/// Widest the help box gets.
pub const WIDTH: u16 = 84;

/// Rows of text the help box shows at the current size, for `rows` rows
/// (the box shrinks to fit few); one less while a search line shows. The
/// box stays between the header and the status bar, so the hints show.
pub fn text_height(state: &State, help: &Help, rows: usize) -> usize {
    let search = usize::from(help.typing || !help.query.text().is_empty());
    let frame = state.areas().main.height as usize;
    (rows + 2 + search).min(frame).saturating_sub(2 + search)
}

/// The last useful scroll position.
fn max_scroll(state: &State, help: &Help) -> usize {
    let rows = rows(&state.keymap, help.query.text()).len();
    rows.saturating_sub(text_height(state, help, rows))
}

/// Keys on the help screen and in its search line.
pub fn update(state: &mut State, action: Action) {
    let Some(help) = state.overlays.help() else {
        return;
    };
    let max = max_scroll(state, help);
    let page = {
        let rows = rows(&state.keymap, help.query.text()).len();
        text_height(state, help, rows).saturating_sub(1).max(1)
    };
    let Some(help) = state.overlays.help_mut() else {
        return;
    };
    match (help.typing, action) {
        (false, Action::Back) => {
            state.overlays.take_help();
            return;
        }
        (_, Action::Wheel(notches)) => {
            let lines = isize::from(notches) * super::mouse::WHEEL_LINES as isize;
            help.scroll = help.scroll.saturating_add_signed(lines);
        }
        (false, Action::Down) => help.scroll += 1,
        (false, Action::Up) => help.scroll = help.scroll.saturating_sub(1),
        (false, Action::PageDown) => help.scroll += page,
        (false, Action::PageUp) => help.scroll = help.scroll.saturating_sub(page),
        (false, Action::Top) => help.scroll = 0,
        (false, Action::Bottom) => help.scroll = max,
        (false, Action::Find) => help.typing = true,
        (true, Action::Edit(edit)) => {
            help.query.apply(edit);
            help.scroll = 0;
        }
        (true, Action::Open) => help.typing = false,
        (true, Action::Back) => {
            *help = Help::default();
        }
        _ => {}
    }
    resize(state);
}

/// Keeps the scroll within the rows at the current size.
pub fn resize(state: &mut State) {
    let Some(help) = state.overlays.help() else {
        return;
    };
    let max = max_scroll(state, help);
    if let Some(help) = state.overlays.help_mut() {
        help.scroll = help.scroll.min(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_keeps_matching_keys_under_their_context() {
        let map = Keymap::default();
        let all = rows(&map, "").len();
        let found = rows(&map, "NOTE");
        assert!(found.len() < all);
        let keys: Vec<&Entry> = found
            .iter()
            .filter_map(|r| match r {
                Row::Key(e) => Some(*e),
                _ => None,
            })
            .collect();
        assert!(!keys.is_empty());
        for e in keys {
            let b = e.binding;
            let whole = format!("{} {} {}", e.label, b.help, b.context.title()).to_lowercase();
            assert!(whole.contains("note"), "{} does not match", b.help);
        }
        assert!(matches!(found[0], Row::Heading(_)));
        assert!(rows(&map, "no such words anywhere").is_empty());
    }
}
