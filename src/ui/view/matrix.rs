//! The matrix: a heat grid of themes × partner bodies, and the passages of
//! the cell under the cursor.
//!
//! A cell's count is drawn as a shade character *and* a colour, so it reads
//! the same under `NO_COLOR`: `·` for none, then `░ ▒ ▓ █` for the quarters
//! of the largest count, with the count itself in the middle of the cell.

use super::{block, fit, opts, styled};
use crate::layout::{Mark, layout, snippet};
use crate::text::sanitize;
use crate::text::width::{truncate, width};
use crate::ui::chart_areas::{MatrixAreas, heads, matrix_areas};
use crate::ui::state::{Cursor, State};
use crate::ui::style::Palette;
use crate::ui::views::MatrixView;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation;

/// Shade per heat level: none, then each quarter of the largest count.
const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];

/// The heat level of `count` when the largest count is `max`: 0 for none,
/// else 1–4, the quarter of `max` it falls in (rounded up).
pub fn level(count: usize, max: usize) -> usize {
    if count == 0 || max == 0 {
        0
    } else {
        (count * 4).div_ceil(max).min(4)
    }
}

/// One grid cell, `cell` wide: the shade, with the count in the middle.
fn cell_spans(p: &Palette, count: usize, max: usize, cell: usize) -> Vec<Span<'static>> {
    let lvl = level(count, max);
    let style = p.heat(lvl);
    if count == 0 {
        let left = (cell - 1) / 2;
        return vec![Span::styled(
            format!("{}·{}", " ".repeat(left), " ".repeat(cell - 1 - left)),
            style,
        )];
    }
    let digits = count.to_string();
    let shade = SHADES[lvl];
    let left = (cell - digits.len()) / 2;
    let right = cell - digits.len() - left;
    vec![
        Span::styled(shade.repeat(left), style),
        Span::styled(digits, style.add_modifier(Modifier::BOLD)),
        Span::styled(shade.repeat(right), style),
    ]
}

/// The legend: each level's shade and the counts it stands for.
fn legend(p: &Palette, max: usize) -> Line<'static> {
    let mut spans = vec![Span::raw(" "), Span::styled("· 0", p.heat(0))];
    for (k, shade) in SHADES.iter().enumerate().skip(1) {
        let (lo, hi) = (max * (k - 1) / 4 + 1, max * k / 4);
        if lo > hi {
            continue;
        }
        let counts = if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}–{hi}")
        };
        spans.push(Span::raw("  "));
        spans.push(Span::styled(format!("{shade} {counts}"), p.heat(k)));
    }
    spans.push(Span::raw(" passages "));
    Line::from(spans)
}

/// Draws the matrix over `area`.
pub fn draw(state: &State, m: &MatrixView, frame: &mut Frame, area: Rect) {
    let a = matrix_areas(area, &state.ws, &state.lang, &m.data);
    let mut rows = m.rows;
    rows.follow(a.rows);
    let mut cols = m.cols;
    cols.follow(a.cols);
    let block = block(
        state,
        "Matrix · themes × partner bodies · passages where both occur",
        !m.in_list,
        area.width,
    )
    .title_bottom(legend(&state.palette, m.data.max()));
    let block = match columns_shown(cols, &a, m.data.entities()) {
        Some(text) => block.title_bottom(Line::from(text).right_aligned()),
        None => block,
    };
    let inner = block.inner(a.grid);
    frame.render_widget(block, a.grid);
    let lines = grid(state, m, &a, rows, cols, inner.width as usize);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(list) = a.list {
        passages(state, m, &a, frame, list);
    }
}

/// The columns shown: partner-body indices.
fn shown(cols: Cursor, a: &MatrixAreas, n: usize) -> std::ops::Range<usize> {
    cols.offset.min(n)..(cols.offset + a.cols).min(n)
}

/// Heads, rows and the footer line, `width` cells wide.
fn grid(
    state: &State,
    m: &MatrixView,
    a: &MatrixAreas,
    rows: Cursor,
    cols: Cursor,
    cells: usize,
) -> Vec<Line<'static>> {
    let p = &state.palette;
    let ws = &state.ws;
    let n = m.data.entities();
    let heads = heads(ws, &state.lang);
    let visible = shown(cols, a, n);
    let focus = p.selected(!m.in_list);
    let mut out = Vec::new();

    // Column heads, across or top to bottom, each centred on its cell.
    for line in 0..a.head {
        let mut spans = vec![Span::raw(" ".repeat(a.label))];
        // Arrows where columns are scrolled out of sight.
        if line + 1 == a.head && cols.offset > 0 && a.label >= 2 {
            spans[0] = Span::raw(format!("{}« ", " ".repeat(a.label - 2)));
        }
        for j in visible.clone() {
            let text = head_part(state, &heads[j], line, a);
            let pad = a.cell.saturating_sub(width(&text));
            let left = pad / 2;
            let style = if j == cols.selected {
                focus
            } else {
                p.heading()
            };
            spans.push(Span::raw(" ".repeat(left)));
            spans.push(Span::styled(text, style));
            spans.push(Span::raw(" ".repeat(pad - left + 1)));
        }
        if line + 1 == a.head && visible.end < n {
            spans.push(Span::raw("»"));
        }
        out.push(Line::from(spans));
    }

    // One row per theme: its name, then its cells.
    for t in rows.offset..(rows.offset + a.rows).min(m.data.themes()) {
        let current = t == rows.selected;
        let name = fit(
            state,
            ws.themes[t].name.get(&state.lang),
            a.label.saturating_sub(3),
        );
        let pad = a.label.saturating_sub(2 + width(&name));
        let mut spans = vec![
            Span::raw(if current { "▶ " } else { "  " }),
            Span::styled(name, if current { focus } else { Style::new() }),
            Span::raw(" ".repeat(pad)),
        ];
        for j in visible.clone() {
            let mut cell = cell_spans(p, m.data.count(t, j), m.data.max(), a.cell);
            if current && j == cols.selected {
                cell = cell.into_iter().map(|s| s.patch_style(focus)).collect();
            }
            spans.extend(cell);
            spans.push(Span::raw(" "));
        }
        out.push(Line::from(spans));
    }

    // The footer: the cell's count and names, the column's in full (the
    // theme's name gives way first: its row is marked anyway).
    let (t, e) = (rows.selected, cols.selected);
    if t < m.data.themes() && e < n {
        let count = m.data.count(t, e);
        let count = format!("{count} passage{} · ", if count == 1 { "" } else { "s" });
        let body = format!(" × {}", sanitize(ws.entities[e].name.get(&state.lang)));
        let room = cells.saturating_sub(width(&count) + width(&body));
        // Cut in logical order; the whole line is laid out once, below.
        let theme =
            truncate(&sanitize(ws.themes[t].name.get(&state.lang)), room.max(8)).into_owned();
        out.push(Line::styled(
            fit(state, &format!("{count}{theme}{body}"), cells),
            p.dim(),
        ));
    }
    out
}

/// `columns 4–14 of 14` when some columns are scrolled out of sight.
fn columns_shown(cols: Cursor, a: &MatrixAreas, n: usize) -> Option<String> {
    let visible = shown(cols, a, n);
    (visible.len() < n).then(|| format!(" columns {}–{} of {n} ", visible.start + 1, visible.end))
}

/// Line `line` of a column head: the whole head when written across, else
/// its `line`-th grapheme, the last line shown as `…` when the head is cut.
/// Laid out like every other text: a letter stacked alone takes its
/// isolated form.
fn head_part(state: &State, head: &str, line: usize, a: &MatrixAreas) -> String {
    if !a.vertical {
        return fit(state, head, a.cell);
    }
    let graphemes: Vec<&str> = head.graphemes(true).collect();
    match graphemes.get(line) {
        // On two lines or fewer the letters say more than an ellipsis.
        Some(_) if line + 1 == a.head && a.head > 2 && graphemes.len() > a.head => "…".into(),
        Some(g) if width(g) <= a.cell => fit(state, g, a.cell),
        _ => String::new(),
    }
}

/// The list of the cell's passages: `SOURCE ¶N` and a snippet around the
/// partner body's mention.
fn passages(state: &State, m: &MatrixView, a: &MatrixAreas, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let ws = &state.ws;
    let (t, e) = (m.rows.selected, m.cols.selected);
    let heads = heads(ws, &state.lang);
    let spans = m.passages();
    let title = match (ws.themes.get(t), heads.get(e)) {
        (Some(theme), Some(head)) => format!(
            "Passages · {} × {} · {}",
            theme.name.get(&state.lang),
            head,
            spans.len()
        ),
        _ => "Passages".into(),
    };
    let block = block(state, &title, m.in_list, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cells = inner.width as usize;
    let mut list = m.list;
    list.follow(a.list_rows);
    let addresses: Vec<(&str, usize)> = spans
        .iter()
        .map(|s| (ws.sources[s.source].id.as_str(), ws.passage(s).n))
        .collect();
    let address_w = addresses
        .iter()
        .map(|(id, n)| width(id) + 2 + n.to_string().len())
        .max()
        .unwrap_or(0)
        .min(cells / 3);
    let mut lines: Vec<Line> = Vec::new();
    for (i, span) in spans.iter().enumerate().skip(list.offset).take(a.list_rows) {
        let selected = m.in_list && i == list.selected;
        let (id, n) = addresses[i];
        let address = super::address(state, id, n, address_w);
        let pad = address_w - width(&address);
        let room = cells.saturating_sub(2 + address_w + 1);
        let snip = snippet(
            &ws.passage(span).text,
            span.range.clone(),
            room,
            &opts(state, ws.sources[span.source].lang.as_deref()),
        );
        let mut line = styled(&snip, Style::new(), |hit| {
            if hit { p.mention() } else { Style::new() }
        });
        line.spans.splice(
            0..0,
            [
                Span::raw(if selected { "▶ " } else { "  " }),
                Span::styled(address, p.dim()),
                Span::raw(" ".repeat(pad + 1)),
            ],
        );
        if selected {
            let used = line.width();
            line.spans
                .push(Span::raw(" ".repeat(cells.saturating_sub(used))));
            line = p.select_line(line, true);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            "  (no passage where both occur)",
            state.palette.dim(),
        ));
    }
    // Rows the list leaves free show the whole passage under the cursor.
    let free = (inner.height as usize).saturating_sub(lines.len() + 1);
    let shown = if m.in_list { list.selected } else { 0 };
    if let (true, Some(span)) = (free > 0, spans.get(shown)) {
        let marks = [Mark {
            range: span.range.clone(),
            tag: (),
        }];
        lines.push(Line::default());
        lines.extend(
            layout(
                &ws.passage(span).text,
                &marks,
                cells.saturating_sub(2),
                &opts(state, ws.sources[span.source].lang.as_deref()),
            )
            .iter()
            .take(free)
            .map(|l| {
                let mut line = styled(l, Style::new(), |()| p.mention());
                line.spans.insert(0, Span::raw("  "));
                line
            }),
        );
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn levels_are_quarters_of_the_largest_count_and_the_legend_says_so() {
        let levels: Vec<usize> = (0..=10).map(|c| level(c, 10)).collect();
        assert_eq!(levels, [0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4]);
        let p = Palette::new(true);
        assert_eq!(
            plain(&legend(&p, 10).spans),
            " · 0  ░ 1–2  ▒ 3–5  ▓ 6–7  █ 8–10 passages "
        );
        // Small maxima skip the levels no count falls in.
        assert_eq!(plain(&legend(&p, 2).spans), " · 0  ▒ 1  █ 2 passages ");
        assert_eq!((level(1, 2), level(2, 2)), (2, 4));
    }

    #[test]
    fn cells_show_the_count_between_shades() {
        let p = Palette::new(true);
        assert_eq!(plain(&cell_spans(&p, 0, 12, 4)), " ·  ");
        assert_eq!(plain(&cell_spans(&p, 3, 12, 4)), "░3░░");
        assert_eq!(plain(&cell_spans(&p, 12, 12, 4)), "█12█");
        assert_eq!(plain(&cell_spans(&p, 7, 12, 7)), "▓▓▓7▓▓▓");
    }
}
