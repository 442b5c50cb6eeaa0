//! The concordance view (`c`): every mention of the selected theme or
//! partner body, one a line, the words holding it in a fixed column
//! ([`mod@crate::layout::kwic`]). `o` cycles the order; Enter opens the
//! reader there.

use super::action::Action;
use super::state::{Cursor, State};
use super::views::Chart;
use crate::concordance::{Sort, Target, key_width, order};
use crate::layout::BidiMode;
use crate::model::Span;
use ratatui::layout::Rect;

/// The open concordance.
#[derive(Debug, Clone)]
pub struct ConcordanceView {
    /// Whose mentions.
    pub target: Target,
    /// Its id, to find it again in a new workspace version.
    pub id: String,
    /// The order of the lines.
    pub sort: Sort,
    /// The mentions in that order (indices into the target's mentions).
    pub order: Vec<u32>,
    /// The widest key, in cells.
    pub key: usize,
    /// The selected line and the first shown.
    pub cursor: Cursor,
}

impl ConcordanceView {
    /// The mention on line `i`.
    pub fn span(&self, ws: &crate::model::Workspace, i: usize) -> Option<Span> {
        let m = self.order.get(i)?;
        self.target.mentions(ws).get(*m as usize).map(|m| m.span())
    }
}

/// Where the lines go in `main`, and whether they are framed: in the
/// terminal mode a line is the whole row, so a terminal that reorders a
/// right-to-left row mirrors it around its middle, where the key column
/// is, and no border joins it.
pub fn lines_area(main: Rect, mode: BidiMode) -> (Rect, bool) {
    if mode == BidiMode::Terminal {
        // A title row above, the selected line's place below.
        let height = main.height.saturating_sub(2);
        (Rect::new(main.x, main.y + 1, main.width, height), false)
    } else {
        let inner = Rect::new(
            main.x + 1,
            main.y + 1,
            main.width.saturating_sub(2),
            main.height.saturating_sub(2),
        );
        (inner, true)
    }
}

fn visible(state: &State) -> usize {
    (lines_area(state.areas().main, state.bidi).0.height as usize).max(1)
}

/// Opens the concordance of the theme or body the panes are on (`c`).
pub fn open(state: &mut State) {
    let target = match state.owner {
        super::state::Owner::Theme => state.theme().map(Target::Theme),
        super::state::Owner::Entity => state.entity().map(Target::Entity),
    };
    let Some(target) = target else {
        return state.say("select a theme (1) or a partner body (3) first", true);
    };
    let ws = state.ws.clone();
    let mentions = target.mentions(&ws);
    let name = target.name(&ws, &state.lang).to_string();
    if mentions.is_empty() {
        return state.say(
            format!("no mention of «{name}» in the sources: none of its names occurs"),
            false,
        );
    }
    let id = match target {
        Target::Theme(t) => ws.themes[t].id.clone(),
        Target::Entity(e) => ws.entities[e].id.clone(),
    };
    state.chart = Some(Chart::Concordance(Box::new(ConcordanceView {
        target,
        id,
        sort: Sort::Source,
        order: order(&ws, mentions, Sort::Source),
        key: key_width(&ws, mentions),
        cursor: Cursor::default(),
    })));
}

/// The concordance built again on a new workspace version: the same
/// target (by id), order and place; closed when the target is gone.
pub fn reopen(state: &mut State, old: &ConcordanceView) {
    let ws = state.ws.clone();
    let Some(target) = Target::find(&ws, &old.id) else {
        return state.say(format!("`{}` is gone: concordance closed", old.id), true);
    };
    let mentions = target.mentions(&ws);
    let mut view = ConcordanceView {
        target,
        id: old.id.clone(),
        sort: old.sort,
        order: order(&ws, mentions, old.sort),
        key: key_width(&ws, mentions),
        cursor: old.cursor,
    };
    let len = view.order.len();
    view.cursor.step(0, len, visible(state));
    state.chart = Some(Chart::Concordance(Box::new(view)));
}

/// Keeps the selection in sight after a resize or a bidi mode change.
pub fn resize(state: &mut State) {
    let rows = visible(state);
    if let Some(Chart::Concordance(c)) = &mut state.chart {
        c.cursor.follow(rows);
    }
}

/// Applies a key's action to the view.
pub fn update(state: &mut State, action: Action) {
    let rows = visible(state);
    let (_, height) = super::update::reader_size(state);
    let ws = state.ws.clone();
    let Some(Chart::Concordance(c)) = &mut state.chart else {
        return;
    };
    let len = c.order.len();
    let page = rows.saturating_sub(1).max(1) as isize;
    match action {
        Action::Back => state.chart = None,
        Action::Down => c.cursor.step(1, len, rows),
        Action::Up => c.cursor.step(-1, len, rows),
        Action::PageDown => c.cursor.step(page, len, rows),
        Action::PageUp => c.cursor.step(-page, len, rows),
        Action::Top => c.cursor.step(isize::MIN / 2, len, rows),
        Action::Bottom => c.cursor.step(isize::MAX / 2, len, rows),
        Action::CycleSort => {
            // The selected mention stays selected.
            let was = c.order.get(c.cursor.selected).copied();
            c.sort = c.sort.next();
            c.order = order(&ws, c.target.mentions(&ws), c.sort);
            let at = was
                .and_then(|w| c.order.iter().position(|&m| m == w))
                .unwrap_or(0);
            c.cursor = Cursor::default();
            c.cursor.step(at as isize, len, rows);
            let sort = c.sort.name();
            state.say(format!("sorted {sort}"), false);
        }
        Action::Open => {
            if let Some(span) = c.span(&ws, c.cursor.selected) {
                super::update::open_reader(state, &span);
                if let Some(r) = &mut state.reader {
                    super::views::scroll_to_span(r, &span, height);
                }
            }
        }
        _ => {}
    }
}
