//! Styles, in two sets: 16 ANSI colours, or none at all under `NO_COLOR`.
//! (crossterm drops reverse and bold on coloured cells when `NO_COLOR` is
//! set, so the colour-free set uses no colour anywhere.)

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

/// The style set for this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// No colours: selection and marks by reverse, bold and underline.
    pub no_color: bool,
}

impl Palette {
    /// Colour unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Self {
        Palette {
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.no_color { plain } else { color }
    }

    /// The selected row of a list: dark text on cyan when focused, on
    /// light grey when not (both readable on dark and light terminals).
    pub fn selected(&self, focused: bool) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        match focused {
            true => self.pick(
                base.fg(Color::Black).bg(Color::Cyan),
                base.add_modifier(Modifier::REVERSED),
            ),
            false => self.pick(
                base.fg(Color::Black).bg(Color::Gray),
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
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            false => self.pick(Style::new().fg(Color::Gray), Style::new()),
        }
    }

    /// A theme's quoted span; in the reader, a link of the theme it was
    /// opened from.
    pub fn link(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// In the reader, a link of another theme than the one it was opened
    /// from: the same colour, without the weight.
    pub fn other_link(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// A partner body's mention.
    pub fn mention(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Green),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    /// A theme keyword's mention in the reader.
    pub fn keyword(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::ITALIC),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    /// The words a note is anchored at, in the reader.
    pub fn note(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
        )
    }

    /// The mark the reader is on.
    pub fn current(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// Secondary text: addresses, counts.
    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    /// A warning about the data (a link whose passage does not name its
    /// theme).
    pub fn warning(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Headings and labels.
    pub fn heading(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Header and status bars.
    pub fn bar(&self) -> Style {
        self.pick(
            Style::new().fg(Color::White).bg(Color::Blue),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// A key name in hints.
    pub fn key(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Yellow)
                .bg(Color::Blue)
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
        let color = [
            Color::DarkGray,
            Color::Blue,
            Color::Cyan,
            Color::Yellow,
            Color::Red,
        ][level.min(4)];
        Style::new().fg(color)
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

    /// xterm's default 16 colours (its `XTerm-col.ad`), as sRGB.
    fn xterm(c: Color) -> [u8; 3] {
        match c {
            Color::Black => [0, 0, 0],
            Color::Red => [0xcd, 0, 0],
            Color::Green => [0, 0xcd, 0],
            Color::Yellow => [0xcd, 0xcd, 0],
            Color::Blue => [0, 0, 0xee],
            Color::Magenta => [0xcd, 0, 0xcd],
            Color::Cyan => [0, 0xcd, 0xcd],
            Color::Gray => [0xe5, 0xe5, 0xe5],
            Color::DarkGray => [0x7f, 0x7f, 0x7f],
            Color::LightRed => [0xff, 0, 0],
            Color::LightGreen => [0, 0xff, 0],
            Color::LightYellow => [0xff, 0xff, 0],
            Color::LightBlue => [0x5c, 0x5c, 0xff],
            Color::LightMagenta => [0xff, 0, 0xff],
            Color::LightCyan => [0, 0xff, 0xff],
            Color::White => [0xff, 0xff, 0xff],
            other => panic!("{other:?} is not one of the 16 colours"),
        }
    }

    /// WCAG relative luminance.
    fn luminance(rgb: [u8; 3]) -> f64 {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
    }

    fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The text and background colours of `style` on a terminal whose
    /// background is `ground` (its text the opposite), reverse applied.
    fn drawn(style: Style, ground: [u8; 3]) -> ([u8; 3], [u8; 3]) {
        let text = if ground == [0, 0, 0] {
            [0xff; 3]
        } else {
            [0; 3]
        };
        let fg = style.fg.map_or(text, xterm);
        let bg = style.bg.map_or(ground, xterm);
        if style.add_modifier.contains(Modifier::REVERSED) {
            (bg, fg)
        } else {
            (fg, bg)
        }
    }

    #[test]
    fn every_style_is_readable_and_selection_stands_out() {
        for no_color in [false, true] {
            let p = Palette { no_color };
            let table = p.table();
            assert!(table.len() > 40, "the table lists every style");
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
                for ground in [[0, 0, 0], [0xff; 3]] {
                    let (fg, bg) = drawn(*style, ground);
                    let ratio = contrast(fg, bg);
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
        assert!(contrast(drawn(grey, [0; 3]).0, drawn(grey, [0; 3]).1) < 3.0);
        let old_focused_link = Style::new().fg(Color::Yellow).bg(Color::Cyan);
        let (fg, bg) = drawn(old_focused_link, [0; 3]);
        assert!(contrast(fg, bg) < 3.0);
    }
}
