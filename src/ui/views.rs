//! The matrix and timeline views: their state and how keys move through
//! them. Where their parts go on screen is [`super::chart_areas`], shared
//! with `view` so scrolling here and drawing there agree.

use super::action::Action;
use super::chart_areas::{matrix_areas, timeline_areas};
use super::reader::Reader;
use super::state::{Cursor, State, Status};
use super::update::reader_size;
use crate::matrix::Matrix;
use crate::model::Span;
use crate::timeline::{Timeline, What};

/// The view open over the panes.
#[derive(Debug, Clone)]
pub enum Chart {
    /// Themes × partner bodies.
    Matrix(MatrixView),
    /// Events and source dates in date order.
    Timeline(TimelineView),
    /// Suggested links to review.
    Suggest(Box<super::suggest::SuggestView>),
    /// Every mention of a theme or body, in context.
    Concordance(Box<super::concordance::ConcordanceView>),
}

/// The matrix and where its cursor is.
#[derive(Debug, Clone)]
pub struct MatrixView {
    /// Passages per theme and partner body.
    pub data: Matrix,
    /// The cursor's row (theme) and the first row shown.
    pub rows: Cursor,
    /// The cursor's column (partner body) and the first column shown.
    pub cols: Cursor,
    /// The selection in the cell's passage list.
    pub list: Cursor,
    /// Whether keys move in the passage list rather than the grid.
    pub in_list: bool,
}

impl MatrixView {
    /// The passages of the cell under the cursor.
    pub fn passages(&self) -> &[Span] {
        self.data.passages(self.rows.selected, self.cols.selected)
    }
}

/// The timeline and its selected entry.
#[derive(Debug, Clone)]
pub struct TimelineView {
    /// Entries in date order.
    pub data: Timeline,
    /// The selected entry and the first one listed.
    pub cursor: Cursor,
}

impl TimelineView {
    /// Where the reader opens for entry `i`: its passage, or the top of the
    /// source when only `themes.yaml` gives the source's date.
    pub fn span(&self, i: usize) -> Option<Span> {
        let entry = self.data.entries.get(i)?;
        Some(match (&entry.span, entry.what) {
            (Some(span), _) => span.clone(),
            (None, What::Source(source)) => Span {
                source,
                passage: 0,
                range: 0..0,
            },
            // Every event has its quote's span; this arm is never reached
            // with a loaded workspace.
            (None, What::Event(_)) => return None,
        })
    }
}

/// Opens the matrix or the timeline (for [`Action::Matrix`] and
/// [`Action::Timeline`]).
pub fn open(state: &mut State, action: Action) {
    state.chart = match action {
        Action::Matrix => Some(Chart::Matrix(MatrixView {
            data: Matrix::build(&state.ws, state.notes.bundle.links()),
            rows: Cursor::default(),
            cols: Cursor::default(),
            list: Cursor::default(),
            in_list: false,
        })),
        Action::Timeline => Some(Chart::Timeline(TimelineView {
            data: Timeline::build(&state.ws),
            cursor: Cursor::default(),
        })),
        _ => return,
    };
}

/// Applies a key's action to the open view.
pub fn update(state: &mut State, action: Action) {
    let main = state.areas().main;
    let (_, height) = reader_size(state);
    let mut open_at = None;
    match &mut state.chart {
        // Their own contexts take their keys.
        None | Some(Chart::Suggest(_) | Chart::Concordance(_)) => {}
        Some(Chart::Matrix(m)) => {
            let a = matrix_areas(main, &state.ws, &state.lang, &m.data);
            let list_len = m.passages().len();
            match action {
                Action::Back if m.in_list => m.in_list = false,
                Action::Back => state.chart = None,
                Action::Open if m.in_list => open_at = m.passages().get(m.list.selected).cloned(),
                Action::Open if list_len > 0 => {
                    m.in_list = true;
                    m.list = Cursor::default();
                }
                Action::Open => {
                    state.status = Some(Status {
                        text: "No passage where both occur".into(),
                        error: false,
                    });
                }
                Action::Up | Action::Down | Action::Top | Action::Bottom => {
                    let delta = match action {
                        Action::Up => -1,
                        Action::Down => 1,
                        Action::Top => isize::MIN / 2,
                        _ => isize::MAX / 2,
                    };
                    if m.in_list {
                        m.list.step(delta, list_len, a.list_rows);
                    } else {
                        m.rows.step(delta, m.data.themes(), a.rows);
                        m.list = Cursor::default();
                    }
                }
                Action::Left | Action::Right if !m.in_list => {
                    let delta = if action == Action::Left { -1 } else { 1 };
                    m.cols.step(delta, m.data.entities(), a.cols);
                    m.list = Cursor::default();
                }
                _ => {}
            }
        }
        Some(Chart::Timeline(t)) => {
            let visible = timeline_areas(main, &t.data).list_items;
            let len = t.data.entries.len();
            match action {
                Action::Back => state.chart = None,
                Action::Open => open_at = t.span(t.cursor.selected),
                Action::Up => t.cursor.step(-1, len, visible),
                Action::Down => t.cursor.step(1, len, visible),
                Action::Top => t.cursor.step(isize::MIN / 2, len, visible),
                Action::Bottom => t.cursor.step(isize::MAX / 2, len, visible),
                _ => {}
            }
        }
    }
    if let Some(span) = open_at {
        super::update::open_reader(state, &span);
        if let Some(r) = &mut state.reader {
            scroll_to_span(r, &span, height);
        }
    }
}

/// Scrolls a reader opened at `span` to it. An event's words are no mark of the reader
/// (only links and mentions are), so when the current mark is elsewhere
/// the reader is scrolled to the span itself.
pub(crate) fn scroll_to_span(r: &mut Reader, span: &Span, height: usize) {
    let on_span = r
        .marks
        .get(r.current)
        .is_some_and(|m| m.passage == span.passage && m.range == span.range);
    let line = r
        .lines
        .iter()
        .position(|l| l.passage == Some(span.passage) && l.line.source.end > span.range.start);
    if let (false, Some(line)) = (on_span, line) {
        r.scroll = line.saturating_sub(height / 3).min(r.max_scroll(height));
    }
}

/// Keeps the cursors visible after the terminal changed size.
pub fn resize(state: &mut State) {
    let main = state.areas().main;
    match &mut state.chart {
        None => {}
        Some(Chart::Suggest(_)) => super::suggest::resize(state),
        Some(Chart::Concordance(_)) => super::concordance::resize(state),
        Some(Chart::Matrix(m)) => {
            let a = matrix_areas(main, &state.ws, &state.lang, &m.data);
            let list = m.passages().len();
            m.rows.fit(m.data.themes(), a.rows);
            m.cols.fit(m.data.entities(), a.cols);
            m.list.fit(list, a.list_rows);
        }
        Some(Chart::Timeline(t)) => {
            let a = timeline_areas(main, &t.data);
            t.cursor.fit(t.data.entries.len(), a.list_items);
        }
    }
}
