//! `view(&state, frame)`: draws the state, changes nothing. Every string
//! from data goes through [`crate::text::sanitize`](fn@crate::text::sanitize) or [`crate::layout`].

mod concordance;
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
mod suggest;
mod timeline;

use super::areas::{Body, MIN_HEIGHT, MIN_WIDTH};
use crate::ui::action::Action;
use crate::ui::keys::Context;

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
    busy(state, frame, areas.status);
    match (state.screen(), &state.chart) {
        (Screen::Reader, _) => reader::draw(state, frame, areas.main),
        (Screen::Chart, Some(Chart::Matrix(m))) => matrix::draw(state, m, frame, areas.main),
        (Screen::Chart, Some(Chart::Timeline(t))) => timeline::draw(state, t, frame, areas.main),
        (Screen::Chart, Some(Chart::Suggest(v))) => suggest::draw(state, v, frame, areas.main),
        (Screen::Chart, Some(Chart::Concordance(c))) => {
            concordance::draw(state, c, frame, areas.main)
        }
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
            Overlay::Help(h) => help::draw(state, frame, h),
            Overlay::Problems(cursor) => problems::draw(state, *cursor, frame, areas.main),
            Overlay::Form(f) => form::draw(state, f, frame, areas.main),
            // The reader marks the words being chosen.
            Overlay::Selection(_) => {}
        }
    }
}

/// How many lines the Details pane has for its subject at the current
/// size (update keeps its scroll within them).
pub fn details_len(state: &State) -> usize {
    let rect = state
        .areas()
        .pane(Pane::Details, Pane::Details, Pane::Details);
    rect.map_or(0, |r| {
        panes::details(state, r.width.saturating_sub(2) as usize).len()
    })
}

fn too_small(state: &State, frame: &mut Frame) {
    let size = frame.area();
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{}",
            size.width, size.height
        )),
        Line::from(format!(
            "enlarge it, or press {} to quit",
            state.keymap.key(Context::Dashboard, Action::Quit, "q")
        )),
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
                format!(" {} ", fit(state, &elide_path(banner, room), room)),
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
    let context = context(state);
    let hints: Vec<(String, String)> = state
        .keymap
        .hints(context)
        .map(|(key, what)| (format!(" {key} "), format!("{what} ")))
        .collect();
    let hint_width = |(k, w): &(String, String)| width::width(k) + width::width(w);
    let essential = state.keymap.essential_hints(context).min(hints.len());
    let essential_width: usize = hints[..essential].iter().map(hint_width).sum();
    let mut room = area.width as usize;
    // Right: the display settings, always in sight when the essential hints
    // leave room (they cannot be detected over SSH and tmux, so the user
    // must see what is chosen).
    let right = format!(" bidi {} · {} ", state.bidi.name(), sanitize(&state.lang));
    let right = if room >= essential_width + width::width(&right) || state.status.is_some() {
        right
    } else {
        String::new()
    };
    room = room.saturating_sub(width::width(&right));
    // Help, find and quit win over everything else but the right side;
    // the title and the other hints share what is left.
    let reserved = if state.status.is_some() {
        0
    } else {
        essential_width.min(room)
    };
    // Titles and reports carry data (source ids, names, paths): laid out
    // like list rows.
    let title_room = room - reserved;
    let here = if title_room >= 4 {
        let here = format!(
            " {} ",
            fit(state, &where_am_i(state), title_room.saturating_sub(2))
        );
        width::truncate(&here, title_room).into_owned()
    } else {
        String::new()
    };
    room -= width::width(&here);
    let mut spans = vec![Span::styled(here, p.bar())];
    // A message from the last action replaces the hints until the next key.
    if let Some(status) = &state.status {
        // A long report is cut inside its path, else in its middle, so both
        // what happened and the file name stay visible.
        let room_text = room.saturating_sub(2);
        let text = format!(
            " {} ",
            fit(
                state,
                &elide_path(&sanitize(&status.text), room_text),
                room_text
            )
        );
        room -= width::width(&text).min(room);
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
    for (i, hint) in hints.iter().enumerate() {
        let w = hint_width(hint);
        if w > room {
            // An essential hint that does not fit leaves room for the next
            // one; the others stop at the first that does not fit.
            if i < essential {
                continue;
            }
            break;
        }
        room -= w;
        spans.push(Span::styled(hint.0.clone(), p.key()));
        spans.push(Span::styled(hint.1.clone(), p.bar()));
    }
    spans.push(Span::styled(
        format!("{}{right}", " ".repeat(room)),
        p.bar(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(p.bar()), area);
}

/// Long work under way, at the right of the status bar (over the display
/// settings, and over hints when the label is long).
fn busy(state: &State, frame: &mut Frame, area: Rect) {
    let Some(busy) = &state.busy else {
        return;
    };
    let line = busy.line(area.width as usize * 3 / 5);
    let width = width::width(&line) as u16;
    let at = Rect {
        x: area.right().saturating_sub(width),
        width: width.min(area.width),
        ..area
    };
    frame.render_widget(Paragraph::new(line).style(state.palette.key()), at);
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
        // The source's id is the reader's title: here, what the mark is.
        (Some(r), _) => match reader::mark_name(state, r) {
            Some(name) => format!("{}/{} {name}", r.current + 1, r.marks.len()),
            None => "Reader · no marks".to_string(),
        },
        (None, Some(Chart::Matrix(_))) => "Matrix".to_string(),
        (None, Some(Chart::Timeline(_))) => "Timeline".to_string(),
        (None, Some(Chart::Suggest(v))) if v.reason.is_some() => "Reject".to_string(),
        (None, Some(Chart::Suggest(_))) => "Suggestions".to_string(),
        (None, Some(Chart::Concordance(_))) => "Concordance".to_string(),
        (None, None) => state.focus.title().to_string(),
    }
}

/// A passage's address, `source-id ¶N`, in at most `max` cells: the id
/// loses its middle first (`un-inter…2022 ¶13`), so both ends of the id
/// and the paragraph number stay; `¶N` alone when even that is too long.
fn address(state: &State, id: &str, n: usize, max: usize) -> String {
    let para = format!(" ¶{n}");
    let id = sanitize(id);
    let room = max.saturating_sub(width::width(&para));
    if room < 3 && width::width(&id) > room {
        return width::truncate(para.trim_start(), max).into_owned();
    }
    // The id's last part (a year, a number) stays whole when it can.
    let last = id.rsplit(['-', '_', '.', ' ', '/']).next().unwrap_or("");
    let cut = if width::width(&id) <= room {
        id.to_string()
    } else if !last.is_empty() && last.len() < id.len() && width::width(last) + 3 <= room {
        // Cut, so it ends in `…`.
        let head = width::truncate(&id, room - width::width(last));
        format!("{head}{last}")
    } else {
        elide_middle(&id, room)
    };
    format!("{}{para}", fit(state, &cut, room))
}

/// `s` in at most `max` cells, cut in the middle of its longest path (a
/// word with a `/`) so that what the message says and the file's name both
/// stay; a message without a path long enough loses its middle.
pub(super) fn elide_path(s: &str, max: usize) -> String {
    let over = width::width(s).saturating_sub(max);
    if over == 0 {
        return s.to_string();
    }
    let path = s
        .split(char::is_whitespace)
        .map(|w| w.trim_matches(|c: char| matches!(c, '\'' | '"' | '`' | ',' | ':' | '(' | ')')))
        .filter(|w| w.contains('/'))
        .max_by_key(|w| width::width(w));
    let Some(path) = path else {
        return elide_middle(s, max);
    };
    // The path gives up its middle down to its file's name and a few cells
    // of its start (the end of a path names the file: it keeps the most);
    // what is still too long loses the end of the message.
    let file = path.rsplit('/').next().unwrap_or("");
    let least = (width::width(file) + 6).min(width::width(path));
    let keep = width::width(path).saturating_sub(over).max(least);
    let at = path.as_ptr() as usize - s.as_ptr() as usize;
    let cut = elide(path, keep, 4);
    let whole = format!("{}{cut}{}", &s[..at], &s[at + path.len()..]);
    width::truncate(&whole, max).into_owned()
}

/// `s` in at most `max` cells: whole, or its start and end around a `…`.
fn elide_middle(s: &str, max: usize) -> String {
    elide(s, max, 2)
}

/// `s` in at most `max` cells: whole, or around a `…` its start, in
/// `1/share` of the room, and its end in the rest.
fn elide(s: &str, max: usize, share: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if width::width(s) <= max {
        return s.to_string();
    }
    let graphemes: Vec<&str> = s.graphemes(true).collect();
    let room = max.saturating_sub(1);
    let (mut head, mut tail) = (0, graphemes.len());
    let mut used = 0;
    while head < tail && used + width::width(graphemes[head]) <= room / share {
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
    for (i, (pane, label)) in tab_labels(state).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(TAB_GAP, p.dim()));
        }
        let style = if pane == state.focus {
            p.selected(true)
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Between two tabs of the narrow tab bar.
pub const TAB_GAP: &str = "│";

/// The narrow tab bar's labels, left to right (the mouse finds a tab by
/// them).
pub fn tab_labels(state: &State) -> Vec<(Pane, String)> {
    Pane::ALL
        .iter()
        .enumerate()
        .map(|(i, &pane)| {
            // Notes of the subject, out of sight on another tab, are marked.
            let noted = pane == Pane::Notes
                && state
                    .notes_subject()
                    .is_some_and(|s| !state.notes.about(s).is_empty());
            let mark = if noted { "✎" } else { "" };
            (pane, format!("{} {}{mark}", i + 1, pane.short_title()))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::{elide_path, width};

    #[test]
    fn a_path_loses_its_middle_before_the_message_does() {
        let msg = "Export failed: /home/analyst/reports/2026/quarterly/final-report.json: No such file or directory";
        let cut = elide_path(msg, 70);
        assert_eq!(width::width(&cut), 70, "{cut}");
        assert!(cut.starts_with("Export failed: /ho"), "{cut}");
        assert!(
            cut.ends_with("final-report.json: No such file or directory"),
            "{cut}"
        );
        // Tighter: the path keeps its file's name, the message its start.
        let cut = elide_path(msg, 50);
        assert!(width::width(&cut) <= 50, "{cut}");
        assert!(
            cut.starts_with("Export failed: /") && cut.contains("final-report.json"),
            "{cut}"
        );
        // No path: the middle goes.
        let cut = elide_path("a very long message without any path in it at all", 20);
        assert!(
            cut.starts_with("a very") && cut.ends_with("at all"),
            "{cut}"
        );
        assert_eq!(elide_path("short", 20), "short");
    }
}
