//! `view(&state, frame)`: draws the state, changes nothing. Every string
//! from data goes through [`crate::text::sanitize`](fn@crate::text::sanitize) or [`crate::layout`].

mod export;
mod field;
mod finder;
mod form;
mod help;
mod import;
mod matrix;
mod notes;
mod panes;
mod problems;
mod reader;
mod timeline;

use super::areas::{Body, MIN_HEIGHT, MIN_WIDTH};
use super::keys;
use super::overlays::Overlay;
use super::state::{Pane, Screen, State};
use super::update::context;
use super::views::Chart;
use crate::layout::{LayoutOptions, VisualLine, layout};
use crate::text::{sanitize, width};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Draws the whole screen.
pub fn view(state: &State, frame: &mut Frame) {
    let areas = state.areas();
    if areas.body == Body::TooSmall {
        too_small(state, frame);
        return;
    }
    header(state, frame, areas.header);
    status(state, frame, areas.status);
    match (state.screen(), &state.chart) {
        (Screen::Reader, _) => reader::draw(state, frame, areas.main),
        (Screen::Chart, Some(Chart::Matrix(m))) => matrix::draw(state, m, frame, areas.main),
        (Screen::Chart, Some(Chart::Timeline(t))) => timeline::draw(state, t, frame, areas.main),
        _ => {
            if let Body::Tabs { bar, .. } = areas.body {
                tabs(state, frame, bar);
            }
            for pane in Pane::ALL {
                if let Some(rect) = areas.pane(pane, state.focus, state.corner) {
                    panes::draw(state, frame, pane, rect);
                }
            }
        }
    }
    // Bottom first, so the top overlay is drawn last, over the others.
    for overlay in state.overlays.iter() {
        match overlay {
            Overlay::Export(prompt) => export::draw(state, prompt, frame, areas.main),
            Overlay::Import(prompt) => import::draw(state, prompt, frame, areas.main),
            Overlay::Finder(f) => finder::draw(state, f, frame, areas.main),
            Overlay::Editor(ed) => notes::editor(state, ed, frame),
            Overlay::Confirm(confirm) => notes::confirm(state, confirm, frame),
            Overlay::Picker(picker) => notes::picker(state, picker, frame),
            Overlay::Help(scroll) => help::draw(state, frame, *scroll),
            Overlay::Problems(cursor) => problems::draw(state, *cursor, frame, areas.main),
            Overlay::Form(f) => form::draw(state, f, frame, areas.main),
            // The reader marks the words being chosen.
            Overlay::Selection(_) => {}
        }
    }
}

fn too_small(state: &State, frame: &mut Frame) {
    let size = frame.area();
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{}",
            size.width, size.height
        )),
        Line::from("enlarge it, or press q to quit"),
    ];
    let top = size.height.saturating_sub(3) / 2;
    let area = Rect::new(
        size.x,
        size.y + top,
        size.width,
        size.height.saturating_sub(top),
    );
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .style(state.palette.heading()),
        area,
    );
}

fn header(state: &State, frame: &mut Frame, area: Rect) {
    let ws = &state.ws;
    let counts = format!(
        "{} src · {} ¶ · {} themes · {} bodies · {} events",
        ws.sources.len(),
        ws.passage_count(),
        ws.themes.len(),
        ws.entities.len(),
        ws.events.len()
    );
    let left = format!(" coopdash · {}", fit(state, &state.name, 40));
    // A version that cannot load: say so where the counts were, until the
    // file is fixed (the last good version stays on screen).
    if let Some(banner) = &state.banner {
        let room = (area.width as usize).saturating_sub(width::width(&left) + 3);
        let line = Line::from(vec![
            Span::raw(left),
            Span::raw(" "),
            Span::styled(
                format!(" {} ", fit(state, banner, room)),
                state.palette.current(),
            ),
        ]);
        frame.render_widget(Paragraph::new(line).style(state.palette.bar()), area);
        return;
    }
    let room = (area.width as usize).saturating_sub(width::width(&left) + 2);
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(format!(" {:>room$} ", width::truncate(&counts, room))),
    ]);
    frame.render_widget(Paragraph::new(line).style(state.palette.bar()), area);
}

fn status(state: &State, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    // Right: the display settings, always in sight (they cannot be detected
    // over SSH and tmux, so the user must see what is chosen). Hints fill
    // what room is left.
    let right = format!(" bidi {} · {} ", state.bidi.name(), sanitize(&state.lang));
    let mut room = (area.width as usize).saturating_sub(width::width(&right));
    // Titles and reports carry data (source ids, names, paths): laid out
    // like list rows.
    let here = format!(
        " {} ",
        fit(state, &where_am_i(state), room.saturating_sub(2))
    );
    let here = width::truncate(&here, room).into_owned();
    room -= width::width(&here);
    let mut spans = vec![Span::styled(here, p.bar())];
    // A message from the last action replaces the hints until the next key.
    if let Some(status) = &state.status {
        // A long report loses its middle, so both what happened and the
        // file name stay visible.
        let room_text = room.saturating_sub(2);
        let text = format!(
            " {} ",
            fit(
                state,
                &elide_middle(&sanitize(&status.text), room_text),
                room_text
            )
        );
        room -= width::width(&text);
        spans.push(Span::styled(
            text,
            if status.error { p.current() } else { p.key() },
        ));
        spans.push(Span::styled(
            format!("{}{right}", " ".repeat(room)),
            p.bar(),
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)).style(p.bar()), area);
        return;
    }
    for (key, what) in keys::hints(context(state)) {
        let (key, what) = (format!(" {key} "), format!("{what} "));
        let w = width::width(&key) + width::width(&what);
        if w > room {
            break;
        }
        room -= w;
        spans.push(Span::styled(key, p.key()));
        spans.push(Span::styled(what, p.bar()));
    }
    spans.push(Span::styled(
        format!("{}{right}", " ".repeat(room)),
        p.bar(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(p.bar()), area);
}

/// The status bar's title: the top overlay's, else the screen's.
fn where_am_i(state: &State) -> String {
    let on_top = state.overlays.top().and_then(|o| match o {
        Overlay::Finder(_) => Some("Find"),
        Overlay::Export(_) => Some("Export"),
        Overlay::Import(_) => Some("Import"),
        Overlay::Help(_) => Some("Help"),
        Overlay::Editor(_) => Some("Note"),
        Overlay::Confirm(_) => Some("Confirm"),
        Overlay::Picker(_) => Some("Link: theme"),
        Overlay::Problems(_) => Some("Problems"),
        Overlay::Form(_) => Some("Curate"),
        // The reader's title says where the words are.
        Overlay::Selection(_) => None,
    });
    if let Some(title) = on_top {
        return title.to_string();
    }
    match (&state.reader, &state.chart) {
        (Some(r), _) => format!(
            "Reader {} · mark {}/{}",
            sanitize(&state.ws.sources[r.source].id),
            if r.marks.is_empty() { 0 } else { r.current + 1 },
            r.marks.len()
        ),
        (None, Some(Chart::Matrix(_))) => "Matrix".to_string(),
        (None, Some(Chart::Timeline(_))) => "Timeline".to_string(),
        (None, None) => state.focus.title().to_string(),
    }
}

/// `s` in at most `max` cells: whole, or its start and end around a `…`.
fn elide_middle(s: &str, max: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if width::width(s) <= max {
        return s.to_string();
    }
    let graphemes: Vec<&str> = s.graphemes(true).collect();
    let room = max.saturating_sub(1);
    let (mut head, mut tail) = (0, graphemes.len());
    let mut used = 0;
    // Half for the start, the rest for the end.
    while head < tail && used + width::width(graphemes[head]) <= room / 2 {
        used += width::width(graphemes[head]);
        head += 1;
    }
    while tail > head && used + width::width(graphemes[tail - 1]) <= room {
        tail -= 1;
        used += width::width(graphemes[tail]);
    }
    format!(
        "{}…{}",
        graphemes[..head].concat(),
        graphemes[tail..].concat()
    )
}

fn tabs(state: &State, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let mut spans = Vec::new();
    for (i, pane) in Pane::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", p.dim()));
        }
        let style = if *pane == state.focus {
            p.selected(true)
        } else {
            Style::new()
        };
        spans.push(Span::styled(
            format!("{} {}", i + 1, pane.short_title()),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bordered block `width` cells wide, its title laid out like list rows
/// (shaped, in visual order) and cut to fit between the corners.
fn block<'a>(state: &State, title: &str, focused: bool, width: u16) -> Block<'a> {
    let room = (width as usize).saturating_sub(4);
    Block::new()
        .borders(Borders::ALL)
        .border_style(state.palette.border(focused))
        .title(Span::styled(
            format!(" {} ", fit(state, title, room)),
            state.palette.border(focused),
        ))
}

/// Turns a laid-out line into a styled ratatui line.
fn styled<T: Copy>(
    line: &VisualLine<T>,
    base: Style,
    style_of: impl Fn(T) -> Style,
) -> Line<'static> {
    Line::from(
        line.segments
            .iter()
            .map(|s| {
                Span::styled(
                    s.text.clone(),
                    s.mark.map_or(base, |m| base.patch(style_of(m))),
                )
            })
            .collect::<Vec<_>>(),
    )
}

/// How to lay out data text in this state: the chosen bidi mode, and the
/// text's language when known (else its first strong letter decides).
fn opts<'a>(state: &State, lang: Option<&'a str>) -> LayoutOptions<'a> {
    LayoutOptions {
        mode: state.bidi,
        lang,
    }
}

/// One line of data text in at most `max` cells, in display order: cut in
/// logical order first (so the ellipsis ends the text in its own
/// direction), then laid out without padding.
fn fit(state: &State, text: &str, max: usize) -> String {
    let cut = width::truncate(&sanitize(text), max).into_owned();
    let cells = width::width(&cut).max(1);
    let Some(line) = layout::<()>(&cut, &[], cells, &opts(state, None))
        .into_iter()
        .next()
    else {
        return String::new();
    };
    // Without marks the text is one segment; a second is the padding that
    // right-aligns a line shaping made narrower (lam-alef takes one cell):
    // not wanted here.
    let text = line
        .segments
        .iter()
        .skip(line.segments.len().saturating_sub(1));
    text.map(|s| s.text.as_str()).collect()
}
