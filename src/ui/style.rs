//! Styles, in two sets: 16 ANSI colours (the settings file's `palette` may
//! change each, see [`Colors`]), or none at all under `NO_COLOR`.
//! (crossterm drops reverse and bold on coloured cells when `NO_COLOR` is
//! set, so the colour-free set uses no colour anywhere.)

use super::contrast;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

/// The style set for this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// No colours: selection and marks by reverse, bold and underline.
    pub no_color: bool,
    /// The colours, when there are colours.
    pub colors: Colors,
}

/// The named colours the styles are made of; the settings file's
/// `[palette]` sets them by these names ([`Colors::NAMES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors {
    /// The focused selected row's background.
    pub selection: Color,
    /// The selected row's text (focused or not).
    pub selection_text: Color,
    /// The selected row's background in a pane without focus.
    pub selection_unfocused: Color,
    /// Pane borders.
    pub border: Color,
    /// The focused pane's border.
    pub border_focused: Color,
    /// Links (quoted spans).
    pub link: Color,
    /// Partner bodies' mentions.
    pub mention: Color,
    /// Theme keywords in the reader.
    pub keyword: Color,
    /// Words a note is anchored at.
    pub note: Color,
    /// The background of the reader's current mark.
    pub current: Color,
    /// The text of the reader's current mark.
    pub current_text: Color,
    /// Secondary text.
    pub dim: Color,
    /// Warnings about the data.
    pub warning: Color,
    /// Headings and labels.
    pub heading: Color,
    /// The header and status bars' background.
    pub bar: Color,
    /// The bars' text.
    pub bar_text: Color,
    /// Key names in hints (on the bar).
    pub key: Color,
    /// The matrix's heat levels, 0 to 4.
    pub heat: [Color; 5],
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            selection: Color::Cyan,
            selection_text: Color::Black,
            selection_unfocused: Color::Gray,
            border: Color::Gray,
            border_focused: Color::Cyan,
            link: Color::Yellow,
            mention: Color::Green,
            keyword: Color::Magenta,
            note: Color::LightCyan,
            current: Color::Yellow,
            current_text: Color::Black,
            dim: Color::DarkGray,
            warning: Color::Red,
            heading: Color::Magenta,
            bar: Color::Blue,
            bar_text: Color::White,
            key: Color::Yellow,
            heat: [
                Color::DarkGray,
                Color::Blue,
                Color::Cyan,
                Color::Yellow,
                Color::Red,
            ],
        }
    }
}

impl Colors {
    /// Every colour's name in the settings file, in the README's order.
    pub const NAMES: [&str; 22] = [
        "selection",
        "selection-text",
        "selection-unfocused",
        "border",
        "border-focused",
        "link",
        "mention",
        "keyword",
        "note",
        "current",
        "current-text",
        "dim",
        "warning",
        "heading",
        "bar",
        "bar-text",
        "key",
        "heat-0",
        "heat-1",
        "heat-2",
        "heat-3",
        "heat-4",
    ];

    /// The colour called `name` ([`Colors::NAMES`]).
    pub fn slot(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "selection" => &mut self.selection,
            "selection-text" => &mut self.selection_text,
            "selection-unfocused" => &mut self.selection_unfocused,
            "border" => &mut self.border,
            "border-focused" => &mut self.border_focused,
            "link" => &mut self.link,
            "mention" => &mut self.mention,
            "keyword" => &mut self.keyword,
            "note" => &mut self.note,
            "current" => &mut self.current,
            "current-text" => &mut self.current_text,
            "dim" => &mut self.dim,
            "warning" => &mut self.warning,
            "heading" => &mut self.heading,
            "bar" => &mut self.bar,
            "bar-text" => &mut self.bar_text,
            "key" => &mut self.key,
            "heat-0" => &mut self.heat[0],
            "heat-1" => &mut self.heat[1],
            "heat-2" => &mut self.heat[2],
            "heat-3" => &mut self.heat[3],
            "heat-4" => &mut self.heat[4],
            _ => return None,
        })
    }
}

/// A colour as the settings file writes it: a name (`cyan`, `light-blue`,
/// `dark-gray`), `#rrggbb`, or an index 0 to 255. The error is how to
/// write one.
pub fn parse_color(written: &str) -> Result<Color, String> {
    match written.parse::<Color>() {
        Ok(Color::Reset) | Err(_) => Err(
            "write a colour name (black, red, green, yellow, blue, magenta, cyan, gray, \
             dark-gray, light-red, light-green, light-yellow, light-blue, light-magenta, \
             light-cyan, white), #rrggbb, or an index 0 to 255"
                .into(),
        ),
        Ok(color) => Ok(color),
    }
}

impl Palette {
    /// Colour (the default colours) unless `no_color`.
    pub fn new(no_color: bool) -> Self {
        Palette {
            no_color,
            colors: Colors::default(),
        }
    }

    /// Colour unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Self {
        Palette::new(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
    }

    /// The first style of [`Palette::table`] that cannot be read, and why:
    /// text in the colour of its background, or less than
    /// [`contrast::MIN`] between a selected row's text (or any style with
    /// both colours set) and its background, on a dark or a light terminal.
    pub fn unreadable(&self) -> Option<String> {
        self.table().into_iter().find_map(|(name, style)| {
            if let (Some(fg), Some(bg)) = (style.fg, style.bg)
                && fg == bg
            {
                return Some(format!("{name}: text and background are both {fg}"));
            }
            let selected = name.starts_with("selected") || name.contains(" in selected ");
            let both = style.fg.is_some() && style.bg.is_some();
            let reversed_plain =
                style.add_modifier.contains(Modifier::REVERSED) && style.fg.is_none();
            if !(selected || both) || reversed_plain {
                return None;
            }
            let worst = contrast::worst(style);
            let colour = |c: Option<Color>, default| c.map_or(default, |c| c.to_string());
            let name = name
                .replace("selected true", "the selected row")
                .replace("selected false", "the selected row without focus");
            (worst < contrast::MIN).then(|| {
                format!(
                    "{name}: {} on {} has a contrast of {worst:.1} (at least {} needed)",
                    colour(style.fg, "the terminal's text".into()),
                    colour(style.bg, "the terminal's background".into()),
                    contrast::MIN
                )
            })
        })
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.no_color { plain } else { color }
    }

    /// The selected row of a list: dark text on cyan when focused, on
    /// light grey when not (both readable on dark and light terminals).
    pub fn selected(&self, focused: bool) -> Style {
        let c = &self.colors;
        let base = Style::new().add_modifier(Modifier::BOLD);
        match focused {
            true => self.pick(
                base.fg(c.selection_text).bg(c.selection),
                base.add_modifier(Modifier::REVERSED),
            ),
            false => self.pick(
                base.fg(c.selection_text).bg(c.selection_unfocused),
                base.add_modifier(Modifier::UNDERLINED),
            ),
        }
    }

    /// `style` (a span's) inside the selected row: the row's colours win, so
    /// no span keeps a colour that vanishes on the selection's background;
    /// the span's modifiers (bold links, underlined mentions) still tell
    /// marks apart.
    pub fn within_selection(&self, style: Style, focused: bool) -> Style {
        self.selected(focused).add_modifier(style.add_modifier)
    }

    /// A line drawn as the selected row, every span restyled by
    /// [`Palette::within_selection`].
    pub fn select_line(&self, line: Line<'static>, focused: bool) -> Line<'static> {
        let spans = line
            .spans
            .into_iter()
            .map(|s| {
                let style = self.within_selection(line.style.patch(s.style), focused);
                s.style(style)
            })
            .collect::<Vec<_>>();
        Line::from(spans).style(self.selected(focused))
    }

    /// Pane borders.
    pub fn border(&self, focused: bool) -> Style {
        match focused {
            true => self.pick(
                Style::new()
                    .fg(self.colors.border_focused)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            false => self.pick(Style::new().fg(self.colors.border), Style::new()),
        }
    }

    /// A theme's quoted span; in the reader, a link of the theme it was
    /// opened from.
    pub fn link(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.colors.link)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// In the reader, a link of another theme than the one it was opened
    /// from: the same colour, without the weight.
    pub fn other_link(&self) -> Style {
        self.pick(
            Style::new().fg(self.colors.link),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// A partner body's mention.
    pub fn mention(&self) -> Style {
        self.pick(
            Style::new().fg(self.colors.mention),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    /// A theme keyword's mention in the reader.
    pub fn keyword(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.colors.keyword)
                .add_modifier(Modifier::ITALIC),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    /// The words a note is anchored at, in the reader.
    pub fn note(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.colors.note)
                .add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
        )
    }

    /// The mark the reader is on.
    pub fn current(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.colors.current_text)
                .bg(self.colors.current)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// Secondary text: addresses, counts.
    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(self.colors.dim),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    /// A warning about the data (a link whose passage does not name its
    /// theme).
    pub fn warning(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.colors.warning)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Headings and labels.
    pub fn heading(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.colors.heading)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Header and status bars.
    pub fn bar(&self) -> Style {
        self.pick(
            Style::new().fg(self.colors.bar_text).bg(self.colors.bar),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// A key name in hints.
    pub fn key(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.colors.key)
                .bg(self.colors.bar)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// A heat level of the matrix (0 to 4); no colour under `NO_COLOR`
    /// (the shades tell the levels apart).
    pub fn heat(&self, level: usize) -> Style {
        if self.no_color {
            return Style::new();
        }
        Style::new().fg(self.colors.heat[level.min(4)])
    }

    /// Every style the dashboard draws, by name: the plain ones, then each
    /// inside a selected row (focused and not), then the matrix's selected
    /// cell over each heat level. What the readability test walks.
    pub fn table(&self) -> Vec<(String, Style)> {
        let mut plain: Vec<(String, Style)> = vec![
            ("border".into(), self.border(false)),
            ("border focused".into(), self.border(true)),
            ("link".into(), self.link()),
            ("other link".into(), self.other_link()),
            ("mention".into(), self.mention()),
            ("keyword".into(), self.keyword()),
            ("note".into(), self.note()),
            ("current".into(), self.current()),
            ("dim".into(), self.dim()),
            ("warning".into(), self.warning()),
            ("heading".into(), self.heading()),
            ("bar".into(), self.bar()),
            ("key".into(), self.key()),
            ("plain".into(), Style::new()),
        ];
        plain.extend((0..5).map(|l| (format!("heat {l}"), self.heat(l))));
        let mut out = plain.clone();
        for focused in [true, false] {
            out.push((format!("selected {focused}"), self.selected(focused)));
            for (name, style) in &plain {
                out.push((
                    format!("{name} in selected {focused}"),
                    self.within_selection(*style, focused),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::contrast::{GROUNDS, drawn, ratio};

    #[test]
    fn every_style_is_readable_and_selection_stands_out() {
        for no_color in [false, true] {
            let p = Palette::new(no_color);
            let table = p.table();
            assert!(table.len() > 40, "the table lists every style");
            assert_eq!(p.unreadable(), None);
            for (name, style) in &table {
                if let (Some(fg), Some(bg)) = (style.fg, style.bg) {
                    assert_ne!(fg, bg, "{name}: text and background are both {fg:?}");
                }
                if no_color {
                    assert!(
                        style.fg.is_none() && style.bg.is_none(),
                        "{name} has a colour under NO_COLOR"
                    );
                }
                if !name.starts_with("selected") && !name.contains(" in selected ") {
                    continue;
                }
                if style.add_modifier.contains(Modifier::REVERSED) && style.fg.is_none() {
                    continue;
                }
                for ground in GROUNDS {
                    let (fg, bg) = drawn(*style, ground);
                    let ratio = ratio(fg, bg);
                    assert!(
                        ratio >= 3.0,
                        "{name}: contrast {ratio:.2} on a {ground:?} terminal"
                    );
                }
            }
        }
    }

    #[test]
    fn the_contrast_check_catches_grey_on_grey() {
        // The old unfocused selection: dim text on a dark grey row.
        let grey = Style::new().fg(Color::DarkGray).bg(Color::DarkGray);
        assert!(ratio(drawn(grey, [0; 3]).0, drawn(grey, [0; 3]).1) < 3.0);
        let old_focused_link = Style::new().fg(Color::Yellow).bg(Color::Cyan);
        let (fg, bg) = drawn(old_focused_link, [0; 3]);
        assert!(ratio(fg, bg) < 3.0);
    }

    #[test]
    fn a_palette_that_hides_the_selection_is_unreadable() {
        let mut p = Palette::new(false);
        p.colors.selection = Color::Blue;
        assert!(p.unreadable().unwrap().starts_with("the selected row:"));
        p.colors.selection_text = Color::White;
        assert_eq!(
            p.unreadable().map(|w| w.contains("without focus")),
            Some(true)
        );
        p.colors.selection_unfocused = Color::Indexed(240);
        assert_eq!(p.unreadable(), None);
        p.colors.bar_text = Color::Blue;
        assert!(p.unreadable().unwrap().starts_with("bar"));
        assert!(parse_color("light-blue").is_ok() && parse_color("#102030").is_ok());
        assert!(parse_color("reset").is_err() && parse_color("blu").is_err());
        for name in Colors::NAMES {
            assert!(Colors::default().slot(name).is_some(), "{name}");
        }
    }
}
