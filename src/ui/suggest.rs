//! The Suggestions view (`s`): the passages that name a theme but are not
//! linked to it ([`crate::suggest`]), grouped by theme or by source, to
//! accept as a curated link (`A`) or an analyst link (`a`), reject (`r`,
//! with an optional reason) or skip (`j`). The suggestions come built
//! once per workspace version ([`crate::suggest::cached`]); opening the
//! view and every notes change only filter them.

use super::action::Action;
use super::line_edit::LineEdit;
use super::notes::{Effect, NotesView, Purpose};
use super::state::{Cursor, State, Why};
use crate::anchor::TextAnchor;
use crate::curate::{Edit, unique_link};
use crate::model::Workspace;
use crate::notes::{NoteKind, Target};
use crate::suggest::{Decided, Grouping, Suggestion, Suggestions};
use ratatui::layout::{Constraint, Layout, Rect};
use std::collections::HashSet;
use std::sync::Arc;

/// A row of the list: a group's heading or a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The heading of a group: its first suggestion and how many it has.
    Heading {
        /// The group's first suggestion.
        first: u32,
        /// How many suggestions it has.
        count: u32,
    },
    /// Suggestion `rows[i]`.
    Item(u32),
}

/// The open Suggestions view.
#[derive(Debug, Clone)]
pub struct SuggestView {
    /// This workspace version's suggestions.
    pub data: Arc<Suggestions>,
    /// Theme by theme, or source by source.
    pub grouping: Grouping,
    /// The suggestions to review, in order (indices into `data`).
    pub items: Vec<u32>,
    /// The list's rows: headings and items.
    pub rows: Vec<Row>,
    /// For each item, its row.
    row_of: Vec<u32>,
    /// The selected item, and the first row shown.
    pub cursor: Cursor,
    /// Suggestions decided in this view whose link or rejection is on its
    /// way: hidden until the view is built on a new version.
    pending: HashSet<u32>,
    /// The reason being typed for a rejection, while the prompt is open.
    pub reason: Option<LineEdit>,
}

impl SuggestView {
    /// The selected suggestion.
    pub fn selected(&self) -> Option<&Suggestion> {
        self.items
            .get(self.cursor.selected)
            .and_then(|&i| self.data.get(i))
    }

    /// Filters the suggestions by `decided` and what this view decided,
    /// keeping the selection on the same suggestion when it is still
    /// there, else at the same place.
    fn refilter(&mut self, decided: &Decided, visible: usize) {
        let was = self.items.get(self.cursor.selected).copied();
        let mut hidden = self.data.decided(decided);
        for &i in &self.pending {
            hidden[i as usize] = true;
        }
        self.items.clear();
        self.rows.clear();
        self.row_of.clear();
        // One pass over the listing, in order: the headings counted as
        // their groups fill.
        let mut group = None;
        let mut heading = 0;
        for (i, g) in self.data.listing(self.grouping) {
            if hidden[i as usize] {
                continue;
            }
            if group != Some(g) {
                heading = self.rows.len();
                self.rows.push(Row::Heading { first: i, count: 0 });
                group = Some(g);
            }
            if let Row::Heading { count, .. } = &mut self.rows[heading] {
                *count += 1;
            }
            self.items.push(i);
            self.row_of.push(self.rows.len() as u32);
            self.rows.push(Row::Item(i));
        }
        let at = was
            .and_then(|w| self.items.iter().position(|&i| i == w))
            .unwrap_or(self.cursor.selected);
        self.select(at, visible);
    }

    /// Selects item `at` (clamped) and scrolls so it shows, with its
    /// heading when it is its group's first.
    pub fn select(&mut self, at: usize, visible: usize) {
        let visible = visible.max(1);
        self.cursor.selected = at.min(self.items.len().saturating_sub(1));
        let Some(&row) = self.row_of.get(self.cursor.selected) else {
            self.cursor = Cursor::default();
            return;
        };
        let row = row as usize;
        let top = if row > 0 && matches!(self.rows[row - 1], Row::Heading { .. }) {
            row - 1
        } else {
            row
        };
        if top < self.cursor.offset {
            self.cursor.offset = top;
        } else if row >= self.cursor.offset + visible {
            self.cursor.offset = row + 1 - visible;
        }
    }
}

/// Where the view's parts go in `main`: the list, then the selected
/// passage under it.
pub fn areas(main: Rect) -> [Rect; 2] {
    let preview = (main.height / 3).clamp(4, 12);
    Layout::vertical([Constraint::Min(4), Constraint::Length(preview)]).areas(main)
}

/// Rows of the list that fit on the screen.
fn visible(state: &State) -> usize {
    areas(state.areas().main)[0].height.saturating_sub(2).max(1) as usize
}

/// The passages each theme has been decided for by the notes: analyst
/// links and rejections.
pub fn decided(notes: &NotesView) -> Decided {
    Decided::from_notes(
        notes
            .entries
            .iter()
            .chain(&notes.rejections)
            .map(|e| (&e.stored.note, &e.placement)),
    )
}

/// Opens the view (`s`), grouped by theme.
pub fn open(state: &mut State) {
    let view = build(state, &state.ws.clone(), Grouping::Theme);
    if view.items.is_empty() {
        state.say(
            "no suggestions: every passage naming a theme is linked to it or rejected",
            false,
        );
    }
    state.chart = Some(super::views::Chart::Suggest(Box::new(view)));
}

/// A view of `ws`'s suggestions, filtered by the notes.
fn build(state: &State, ws: &Arc<Workspace>, grouping: Grouping) -> SuggestView {
    let mut view = SuggestView {
        data: crate::suggest::cached(ws),
        grouping,
        items: Vec::new(),
        rows: Vec::new(),
        row_of: Vec::new(),
        cursor: Cursor::default(),
        pending: HashSet::new(),
        reason: None,
    };
    view.refilter(&decided(&state.notes), visible(state));
    view
}

/// The view built again on a new workspace version, the grouping and the
/// place kept.
pub fn reopen(state: &mut State, old: &SuggestView) {
    let mut view = build(state, &state.ws.clone(), old.grouping);
    let at = old.cursor.selected;
    view.select(at, visible(state));
    state.chart = Some(super::views::Chart::Suggest(Box::new(view)));
}

/// The notes changed: what they decided leaves the list.
pub fn notes_changed(state: &mut State) {
    let decided = decided(&state.notes);
    let rows = visible(state);
    if let Some(super::views::Chart::Suggest(v)) = &mut state.chart {
        v.refilter(&decided, rows);
    }
}

/// A link or rejection asked for here was not written: the suggestions
/// taken out of the list while it was on its way come back.
pub fn not_decided(state: &mut State) {
    let decided = decided(&state.notes);
    let rows = visible(state);
    if let Some(super::views::Chart::Suggest(v)) = &mut state.chart
        && !v.pending.is_empty()
    {
        v.pending.clear();
        v.refilter(&decided, rows);
    }
}

/// Keeps the selection in sight after a resize.
pub fn resize(state: &mut State) {
    let rows = visible(state);
    if let Some(super::views::Chart::Suggest(v)) = &mut state.chart {
        let at = v.cursor.selected;
        v.select(at, rows);
    }
}

fn view_mut(state: &mut State) -> Option<&mut SuggestView> {
    match &mut state.chart {
        Some(super::views::Chart::Suggest(v)) => Some(v),
        _ => None,
    }
}

/// Applies a key's action to the view.
pub fn update(state: &mut State, action: Action) {
    let rows = visible(state);
    let (_, height) = super::update::reader_size(state);
    let Some(v) = view_mut(state) else { return };
    let at = v.cursor.selected;
    match action {
        Action::Back => state.chart = None,
        Action::Down => v.select(at + 1, rows),
        Action::Up => v.select(at.saturating_sub(1), rows),
        Action::PageDown => v.select(at + rows.saturating_sub(1).max(1), rows),
        Action::PageUp => v.select(at.saturating_sub(rows.saturating_sub(1).max(1)), rows),
        Action::Top => v.select(0, rows),
        Action::Bottom => v.select(usize::MAX, rows),
        Action::Group => {
            v.grouping = match v.grouping {
                Grouping::Theme => Grouping::Source,
                Grouping::Source => Grouping::Theme,
            };
            let decided = decided(&state.notes);
            if let Some(v) = view_mut(state) {
                v.refilter(&decided, rows);
            }
        }
        Action::Open => {
            if let Some(span) = v.selected().map(Suggestion::span) {
                super::update::open_reader(state, &span);
                if let Some(r) = &mut state.reader {
                    super::views::scroll_to_span(r, &span, height);
                }
            }
        }
        Action::AcceptCurated => accept_curated(state),
        Action::AcceptAnalyst => {
            if let Some(s) = v.selected().cloned() {
                let note = new_note(&state.ws, &s, NoteKind::Link);
                decide(state, note, String::new());
            }
        }
        Action::Reject if v.selected().is_some() => v.reason = Some(LineEdit::default()),
        _ => {}
    }
}

/// Keys in the reason prompt of a rejection.
pub fn reason(state: &mut State, action: Action) {
    let bidi = state.bidi;
    let Some(v) = view_mut(state) else { return };
    let Some(field) = &mut v.reason else { return };
    match action {
        Action::Back => v.reason = None,
        Action::Edit(edit) => {
            let opts = crate::layout::LayoutOptions {
                mode: bidi,
                lang: None,
            };
            field.apply_visual(edit, &opts);
        }
        Action::Open => {
            let why = field.text().trim().to_string();
            v.reason = None;
            if let Some(s) = v.selected().cloned() {
                let note = new_note(&state.ws, &s, NoteKind::Rejection);
                decide(state, note, why);
            }
        }
        _ => {}
    }
}

/// What a link or rejection of `s` is saved as.
fn new_note(ws: &Workspace, s: &Suggestion, kind: NoteKind) -> Purpose {
    Purpose::New {
        kind,
        target: Target::Item(ws.themes[s.theme].id.clone()),
        anchor: Some(TextAnchor::capture(ws, &s.span())),
    }
}

/// Saves an analyst link or rejection of the selected suggestion (no
/// editor, so no draft), and moves on.
fn decide(state: &mut State, purpose: Purpose, body: String) {
    state.effects.push(Effect::Save {
        purpose,
        body,
        draft: String::new(),
    });
    hide_selected(state);
}

/// `A`: the evidence words, with words around them until they are unique,
/// as a curated link in `themes.yaml`.
fn accept_curated(state: &mut State) {
    if !super::update::may_curate(state) {
        return;
    }
    let Some(s) = view_mut(state).and_then(|v| v.selected().cloned()) else {
        return;
    };
    let Some(link) = unique_link(&state.ws, &s.span()) else {
        return state.say(
            "these words occur in several places of the source even with words around them: a in the reader links a longer quote",
            true,
        );
    };
    let theme = state.ws.themes[s.theme].id.clone();
    state.effects.push(Effect::Curate {
        edit: Edit::AddLink { theme, link },
        why: Why::Do,
    });
    hide_selected(state);
}

/// Takes the selected suggestion out of the list; the next one is selected.
fn hide_selected(state: &mut State) {
    let decided = decided(&state.notes);
    let rows = visible(state);
    if let Some(v) = view_mut(state)
        && let Some(&i) = v.items.get(v.cursor.selected)
    {
        v.pending.insert(i);
        v.refilter(&decided, rows);
    }
}
