//! Where each part of the screen goes, as a pure function of the terminal
//! size, shared by `update` (page sizes, wrap widths) and `view`.

use super::state::Pane;
use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the dashboard says the terminal is too small.
pub const MIN_WIDTH: u16 = 40;
/// Below this the dashboard says the terminal is too small.
pub const MIN_HEIGHT: u16 = 10;
/// Below this width or [`TABS_HEIGHT`], panes become tabs.
pub const TABS_WIDTH: u16 = 76;
/// Below this height, panes become tabs.
pub const TABS_HEIGHT: u16 = 20;
/// From this width on, three columns.
pub const WIDE: u16 = 140;

/// How the body is divided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// Not enough room to draw anything useful.
    TooSmall,
    /// One pane at a time under a tab bar.
    Tabs {
        /// The tab bar.
        bar: Rect,
        /// The focused pane.
        pane: Rect,
    },
    /// All panes, in [`Pane::ALL`] order. In the narrow grid Details and
    /// Notes share one rectangle: the one focused last is drawn there.
    Grid([Rect; 5]),
}

/// The screen's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Top line: workspace and counts.
    pub header: Rect,
    /// Everything between header and status.
    pub main: Rect,
    /// The panes.
    pub body: Body,
    /// Bottom line: hints and messages.
    pub status: Rect,
}

impl Areas {
    /// Where `pane` is drawn (with its border), if visible. `focus` is the
    /// focused pane; `shared` the one of Details and Notes that holds a
    /// shared rectangle.
    pub fn pane(&self, pane: Pane, focus: Pane, shared: Pane) -> Option<Rect> {
        match self.body {
            Body::TooSmall => None,
            Body::Tabs { pane: rect, .. } => (pane == focus).then_some(rect),
            Body::Grid(rects) => {
                let [.., details, notes] = rects;
                if details == notes && matches!(pane, Pane::Details | Pane::Notes) && pane != shared
                {
                    return None;
                }
                Some(rects[Pane::ALL.iter().position(|p| *p == pane)?])
            }
        }
    }

    /// Rows inside a pane's border, when it is shown.
    pub fn inner_height(&self, pane: Pane) -> usize {
        self.pane(pane, pane, pane)
            .map_or(1, |r| r.height.saturating_sub(2).max(1) as usize)
    }
}

/// Splits a terminal of `size`.
pub fn areas(size: Rect) -> Areas {
    let [header, main, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(size);
    let body = if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        Body::TooSmall
    } else if size.width < TABS_WIDTH || size.height < TABS_HEIGHT {
        let [bar, pane] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(main);
        Body::Tabs { bar, pane }
    } else if size.width < WIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(main);
        let [themes, entities] =
            Layout::vertical([Constraint::Length(9), Constraint::Min(0)]).areas(left);
        let [passages, details] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
        Body::Grid([themes, passages, entities, details, details])
    } else {
        let [left, middle, right] = Layout::horizontal([
            Constraint::Percentage(28),
            Constraint::Percentage(40),
            Constraint::Percentage(32),
        ])
        .areas(main);
        let [themes, entities] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(left);
        let [details, notes] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(right);
        Body::Grid([themes, middle, entities, details, notes])
    };
    Areas {
        header,
        main,
        body,
        status,
    }
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    use ratatui::layout::Flex;
    let [area] = Layout::horizontal([Constraint::Max(w)])
        .flex(Flex::Center)
        .areas(area);
    let [area] = Layout::vertical([Constraint::Max(h)])
        .flex(Flex::Center)
        .areas(area);
    area
}

/// The note editor over `main`: its bordered text box and the two lines
/// under it.
pub fn editor(main: Rect) -> [Rect; 2] {
    let rect = centred(main, 76, 16.max(main.height * 2 / 3));
    Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(rect)
}

/// Cells of text in each line of the note editor (inside its border).
pub fn editor_text_width(main: Rect) -> usize {
    (editor(main)[0].width as usize).saturating_sub(2).max(1)
}

/// Inside a bordered block drawn over `rect`.
pub fn inner(rect: Rect) -> Rect {
    Rect::new(
        rect.x.saturating_add(1),
        rect.y.saturating_add(1),
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    )
}

/// The finder's result rows over `main`: inside its border, under the
/// query and the kinds line.
pub fn finder_results(main: Rect) -> Rect {
    let inner = inner(main);
    Rect::new(
        inner.x,
        inner.y.saturating_add(2),
        inner.width,
        inner.height.saturating_sub(2),
    )
}
