//! Styles, in two sets: 16 ANSI colours, or none at all under `NO_COLOR`.
//! (crossterm drops reverse and bold on coloured cells when `NO_COLOR` is
//! set, so the colour-free set uses no colour anywhere.)

use ratatui::style::{Color, Modifier, Style};

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

    /// The selected row of a list.
    pub fn selected(&self, focused: bool) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        match focused {
            true => self.pick(
                base.fg(Color::Black).bg(Color::Cyan),
                base.add_modifier(Modifier::REVERSED),
            ),
            false => self.pick(
                base.bg(Color::DarkGray),
                base.add_modifier(Modifier::UNDERLINED),
            ),
        }
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

    /// A theme's quoted span.
    pub fn link(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// A partner body's mention.
    pub fn mention(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Green),
            Style::new().add_modifier(Modifier::UNDERLINED),
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
}
