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
    /// All four panes.
    Grid([Rect; 4]),
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
    /// Where `pane` is drawn (with its border), if visible.
    pub fn pane(&self, pane: Pane, focus: Pane) -> Option<Rect> {
        match self.body {
            Body::TooSmall => None,
            Body::Tabs { pane: rect, .. } => (pane == focus).then_some(rect),
            Body::Grid(rects) => Some(rects[Pane::ALL.iter().position(|p| *p == pane)?]),
        }
    }

    /// Rows inside a pane's border.
    pub fn inner_height(&self, pane: Pane, focus: Pane) -> usize {
        self.pane(pane, focus)
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
        Body::Grid([themes, passages, entities, details])
    } else {
        let [left, middle, right] = Layout::horizontal([
            Constraint::Percentage(28),
            Constraint::Percentage(40),
            Constraint::Percentage(32),
        ])
        .areas(main);
        let [themes, entities] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(left);
        Body::Grid([themes, middle, entities, right])
    };
    Areas {
        header,
        main,
        body,
        status,
    }
}
