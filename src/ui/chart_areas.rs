//! Where the parts of the matrix and the timeline go, as pure functions of
//! the area and the data, shared by `update` (what fits, so cursors scroll)
//! and `view` (what to draw), like [`super::areas`].

use crate::matrix::Matrix;
use crate::model::{Entity, Workspace};
use crate::text::{sanitize, width::width};
use crate::timeline::Timeline;
use chrono::{Datelike, NaiveDate};
use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;

/// Longest column head, in graphemes.
const HEAD_MAX: usize = 8;
/// Row-label room taken besides the name: the `▶ ` marker and a space.
const LABEL_EXTRA: usize = 3;
/// Passage rows the matrix's list keeps when the screen is short.
const LIST_MIN_ROWS: u16 = 1;

/// The matrix's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixAreas {
    /// The grid's block (with its border).
    pub grid: Rect,
    /// The passage list's block (with its border), if there is room.
    pub list: Option<Rect>,
    /// Cells for a row label: marker, theme name, a space.
    pub label: usize,
    /// Cells of one grid cell (columns are one cell wider: a gap).
    pub cell: usize,
    /// Whether column heads are written top to bottom.
    pub vertical: bool,
    /// Lines taken by column heads.
    pub head: usize,
    /// Grid rows (themes) shown at once.
    pub rows: usize,
    /// Grid columns (partner bodies) shown at once.
    pub cols: usize,
    /// Passages the list shows at once.
    pub list_rows: usize,
}

/// A short column head for a partner body: its first acronym alias
/// (`UNODC`), a person's surname, or the initials of its name (in the first
/// language whose name has capitals), else its first word.
pub fn head(entity: &Entity, lang: &str) -> String {
    let head = if let Some(acronym) = entity.aliases.iter().find(|a| is_acronym(a)) {
        acronym.clone()
    } else if entity.kind == "person" {
        let name = entity.name.get(lang);
        name.split_whitespace().last().unwrap_or(name).to_string()
    } else {
        let initials = |name: &str| -> String {
            name.split_whitespace()
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_uppercase())
                .collect()
        };
        let name = entity.name.get(lang);
        std::iter::once(name)
            .chain(entity.name.all())
            .map(initials)
            .find(|i| i.chars().count() >= 2)
            .unwrap_or_else(|| name.split_whitespace().next().unwrap_or(name).to_string())
    };
    let head = sanitize(&head);
    head.graphemes(true).take(HEAD_MAX).collect()
}

/// `UN`, `UNODC`, `G7`: two to eight capitals or digits, starting with a capital.
fn is_acronym(s: &str) -> bool {
    (2..=HEAD_MAX).contains(&s.chars().count())
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Every column head, in workspace order.
pub fn heads(ws: &Workspace, lang: &str) -> Vec<String> {
    ws.entities.iter().map(|e| head(e, lang)).collect()
}

/// Splits `area` for the matrix of `ws` in language `lang`.
///
/// Columns get the narrowest cell that shows the largest count with a shade
/// on each side, and row labels give way (down to a floor) so that every
/// column fits; heads are written across when each fits its column, else
/// top to bottom. What still does not fit scrolls.
pub fn matrix_areas(area: Rect, ws: &Workspace, lang: &str, data: &Matrix) -> MatrixAreas {
    let n = data.entities().max(1);
    let heads = heads(ws, lang);
    let inner_w = area.width.saturating_sub(2) as usize;
    let digits = data.max().max(1).to_string().len();
    let min_cell = digits + 2;
    let head_w = heads.iter().map(|h| width(h)).max().unwrap_or(1);
    let head_len = heads
        .iter()
        .map(|h| h.graphemes(true).count())
        .max()
        .unwrap_or(1);
    let label_full = ws
        .themes
        .iter()
        .map(|t| width(&sanitize(t.name.get(lang))))
        .max()
        .unwrap_or(0)
        + LABEL_EXTRA;
    // Labels give way to columns down to a sixth of the width.
    let label_floor = label_full.min((inner_w / 6).max(12));
    let label_for = |cell: usize| {
        inner_w
            .saturating_sub(n * (cell + 1))
            .clamp(label_floor, label_full)
            .min(inner_w)
    };
    let across = head_w.max(min_cell);
    let (vertical, cell, label) = if inner_w.saturating_sub(n * (across + 1)) >= label_full.min(24)
    {
        (false, across, label_for(across))
    } else {
        let label = label_for(min_cell);
        // Spare room widens the cells, up to the width of the heads.
        let cell = (inner_w.saturating_sub(label) / n)
            .saturating_sub(1)
            .clamp(min_cell, across);
        (true, cell, label)
    };
    let cols = (inner_w.saturating_sub(label) / (cell + 1)).max(1);

    let themes = data.themes().max(1);
    let head_full = if vertical { head_len } else { 1 };
    // Heads, rows, the footer line and the border.
    let grid_full = (head_full + themes + 1 + 2) as u16;
    let list_min = LIST_MIN_ROWS + 2;
    let (grid_h, list_h) = if area.height >= grid_full + list_min {
        (grid_full, area.height - grid_full)
    } else if area.height >= list_min + 5 {
        (area.height - list_min, list_min)
    } else {
        (area.height, 0)
    };
    let content = grid_h.saturating_sub(3) as usize;
    let rows_wanted = themes.min((content / 2).max(1));
    let head = head_full.min(content.saturating_sub(rows_wanted)).max(1);
    let rows = content.saturating_sub(head).clamp(1, themes);
    let grid = Rect::new(area.x, area.y, area.width, grid_h);
    let list = (list_h > 0).then(|| Rect::new(area.x, area.y + grid_h, area.width, list_h));
    MatrixAreas {
        grid,
        list,
        label,
        cell,
        vertical,
        head,
        rows,
        cols,
        list_rows: list.map_or(1, |r| r.height.saturating_sub(2).max(1) as usize),
    }
}

/// A timeline entry's place on the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AxisMark {
    /// Index into [`Timeline::entries`].
    pub entry: usize,
    /// Row above the axis line, 0 nearest it.
    pub lane: usize,
    /// First column (from the axis's left).
    pub from: u16,
    /// Last column, inclusive.
    pub to: u16,
}

/// A horizontal time axis: whole years from the first entry's to the last's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// Where it is drawn: lanes, then the axis line, then tick labels.
    pub area: Rect,
    /// Rows of marks above the line.
    pub lanes: usize,
    /// One per entry, in entry order.
    pub marks: Vec<AxisMark>,
    /// Tick columns and their labels (`2005`, or `2022-06` on short spans).
    pub ticks: Vec<(u16, String)>,
}

/// The timeline's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineAreas {
    /// The block (with its border).
    pub block: Rect,
    /// The axis, when the block is tall and wide enough.
    pub axis: Option<Axis>,
    /// The entry list, inside the block.
    pub list: Rect,
    /// Entries listed at once (two lines each).
    pub list_items: usize,
}

/// Splits `area` for `timeline`: an axis on top when there is room, the
/// list of entries below.
pub fn timeline_areas(area: Rect, timeline: &Timeline) -> TimelineAreas {
    let inner = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let axis = (inner.height >= 12 && inner.width >= 30)
        .then(|| {
            let most = ((inner.height as usize - 10) / 2).clamp(1, 6);
            axis(timeline, inner, most)
        })
        .flatten();
    // The axis, then a blank line before the list.
    let taken = axis.as_ref().map_or(0, |a| a.area.height + 1);
    let list = Rect::new(
        inner.x,
        inner.y + taken,
        inner.width,
        inner.height.saturating_sub(taken),
    );
    TimelineAreas {
        block: area,
        axis,
        list,
        list_items: (list.height as usize / 2).max(1),
    }
}

/// Lays `timeline` out on an axis across `inner`, with at most `most` lanes.
fn axis(timeline: &Timeline, inner: Rect, most: usize) -> Option<Axis> {
    let (first, last) = timeline.extent()?;
    let start = NaiveDate::from_ymd_opt(first.year(), 1, 1)?;
    let end = NaiveDate::from_ymd_opt(last.year(), 12, 31)?;
    let days = (end - start).num_days().max(1) + 1;
    let cols = inner.width as i64;
    let x = |d: NaiveDate| (((d - start).num_days() * cols) / days).clamp(0, cols - 1) as u16;
    let mut lane_ends: Vec<u16> = Vec::new();
    let mut marks = Vec::new();
    for (i, e) in timeline.entries.iter().enumerate() {
        let (from, to) = (x(e.date.first_day()), x(e.date.last_day()));
        // The lowest lane free from `from` on, else the one that ends first.
        let lane = match lane_ends.iter().position(|&end| end < from) {
            Some(l) => l,
            None if lane_ends.len() < most => {
                lane_ends.push(0);
                lane_ends.len() - 1
            }
            None => (0..lane_ends.len()).min_by_key(|&l| lane_ends[l])?,
        };
        lane_ends[lane] = to;
        marks.push(AxisMark {
            entry: i,
            lane,
            from,
            to,
        });
    }
    let lanes = lane_ends.len().max(1);
    Some(Axis {
        area: Rect::new(inner.x, inner.y, inner.width, lanes as u16 + 2),
        lanes,
        marks,
        ticks: ticks(start, end, x),
    })
}

/// Tick marks: the shortest step (in months) whose labels do not crowd.
fn ticks(start: NaiveDate, end: NaiveDate, x: impl Fn(NaiveDate) -> u16) -> Vec<(u16, String)> {
    const STEPS: [u32; 14] = [
        1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000,
    ];
    let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let at = |m: i32| NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1);
    let label = |d: NaiveDate, step: u32| match step % 12 {
        0 => format!("{}", d.year()),
        _ => format!("{}-{:02}", d.year(), d.month()),
    };
    let first = months(start);
    let last = months(end);
    for step in STEPS {
        let room = if step % 12 == 0 { 6 } else { 9 };
        let spacing = at(first + step as i32).map_or(0, |d| x(d).saturating_sub(x(start)));
        if spacing < room && step != STEPS[STEPS.len() - 1] {
            continue;
        }
        let step = step as i32;
        // Ticks on round values: years divisible by the step in years.
        let from = first + (step - first.rem_euclid(step)) % step;
        return (from..=last)
            .step_by(step as usize)
            .filter_map(at)
            .map(|d| (x(d), label(d, step as u32)))
            .collect();
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn seed() -> Workspace {
        crate::workspace::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn head_of(ws: &Workspace, id: &str, lang: &str) -> String {
        head(ws.entities.iter().find(|e| e.id == id).unwrap(), lang)
    }

    #[test]
    fn heads_are_acronyms_surnames_or_initials() {
        let ws = seed();
        assert_eq!(head_of(&ws, "un", "en"), "UN");
        assert_eq!(head_of(&ws, "unodc", "ar"), "UNODC");
        assert_eq!(head_of(&ws, "guterres", "en"), "Guterres");
        assert_eq!(head_of(&ws, "guterres", "ar"), "غوتيريش");
        // No acronym alias: the capitals of its English name.
        assert_eq!(head_of(&ws, "interpol-un-office", "ar"), "OSRIUN");
        let mut e = ws.entities[0].clone();
        e.aliases.clear();
        e.name = crate::model::LangText::one("ar", "الأمم المتحدة");
        assert_eq!(head(&e, "ar"), "الأمم");
    }

    #[test]
    fn columns_fill_80_columns_and_heads_go_across_when_wide() {
        let ws = seed();
        let m = Matrix::build(&ws, &[]);
        let a = matrix_areas(Rect::new(0, 1, 80, 22), &ws, "en", &m);
        assert!(a.vertical);
        // The seed's 19 columns need 76 of the 78: labels give way down to
        // their floor (a sixth of the width), as many narrowest columns as
        // fit show, the rest scroll.
        assert_eq!((a.label, a.cell), (78 / 6, 3));
        assert_eq!(a.cols, (78 - a.label) / (a.cell + 1));
        assert!(a.cols < ws.entities.len());
        assert_eq!(a.rows, ws.themes.len());
        // Heads go across once 19 columns as wide as the widest head fit
        // beside whole labels.
        let wide = matrix_areas(Rect::new(0, 1, 240, 46), &ws, "en", &m);
        assert!(!wide.vertical && wide.head == 1);
        assert!(wide.cols >= ws.entities.len());
        // Short screens keep a passage row and scroll the themes.
        let short = matrix_areas(Rect::new(0, 1, 60, 10), &ws, "en", &m);
        assert!(short.list.is_some() && short.rows < ws.themes.len());
    }

    #[test]
    fn the_axis_spans_years_and_stacks_what_overlaps() {
        let ws = seed();
        let t = Timeline::build(&ws);
        let a = timeline_areas(Rect::new(0, 1, 80, 22), &t);
        let axis = a.axis.expect("room for an axis");
        assert_eq!(axis.marks.len(), t.entries.len());
        for (m, e) in axis.marks.iter().zip(&t.entries) {
            match e.date.precision() {
                // 34 years on 78 columns: a year takes two columns or more.
                crate::date::Precision::Year => assert!(m.to > m.from, "{}", e.date),
                _ => assert_eq!(m.to, m.from, "{}", e.date),
            }
            assert!(m.to < 78 && m.lane < axis.lanes);
        }
        // Marks in one lane never overlap.
        for (i, a) in axis.marks.iter().enumerate() {
            for b in &axis.marks[i + 1..] {
                assert!(a.lane != b.lane || a.to < b.from || b.to < a.from);
            }
        }
        let years: Vec<&str> = axis.ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            years,
            ["2000", "2005", "2010", "2015", "2020", "2025", "2030"]
        );
        assert!(axis.ticks.windows(2).all(|w| w[0].0 < w[1].0));
        // Too small for an axis: the list alone.
        assert!(timeline_areas(Rect::new(0, 1, 60, 10), &t).axis.is_none());
    }
}
