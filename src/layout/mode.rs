//! Display modes for right-to-left text: who orders and joins it, coopdash
//! or the terminal. No terminal can be asked which it does, so the user
//! picks; `bidi_test` shows each mode side by side to help them choose.

use super::{LayoutOptions, layout};
use std::fmt;
use std::str::FromStr;

/// Who lays out right-to-left text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum BidiMode {
    /// coopdash orders and joins Arabic itself and sends visual order.
    #[default]
    App,
    /// Visual order like `App`, letters left unjoined.
    AppNoShape,
    /// Logical order, unjoined: the terminal reorders and shapes.
    Terminal,
}

impl BidiMode {
    /// Every mode, in cycling order.
    pub const ALL: [BidiMode; 3] = [BidiMode::App, BidiMode::AppNoShape, BidiMode::Terminal];

    /// The name used by `--bidi`, `COOPDASH_BIDI` and the status bar.
    pub fn name(self) -> &'static str {
        match self {
            BidiMode::App => "app",
            BidiMode::AppNoShape => "app-noshape",
            BidiMode::Terminal => "terminal",
        }
    }

    /// One line for help: what the mode does and which terminals want it.
    pub fn description(self) -> &'static str {
        match self {
            BidiMode::App => {
                "coopdash orders right-to-left text and joins Arabic letters \
                 (tmux, xterm, Alacritty, Windows Terminal, kitty)"
            }
            BidiMode::AppNoShape => {
                "coopdash orders right-to-left text; letters unjoined \
                 (fonts without presentation forms, terminals that shape)"
            }
            BidiMode::Terminal => {
                "text sent in logical order for the terminal to reorder \
                 (GNOME Terminal/VTE, Konsole, mlterm, macOS Terminal)"
            }
        }
    }

    /// The mode after this one, for a key that cycles through them.
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|m| *m == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    /// Whether coopdash sends visual order (and right-aligns RTL lines).
    pub(crate) fn reorders(self) -> bool {
        self != BidiMode::Terminal
    }

    /// Whether coopdash joins Arabic letters.
    pub(crate) fn shapes(self) -> bool {
        self == BidiMode::App
    }
}

impl fmt::Display for BidiMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown mode name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown bidi mode {0:?}: use app, app-noshape or terminal")]
pub struct UnknownMode(pub String);

impl FromStr for BidiMode {
    type Err = UnknownMode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownMode(s.to_string()))
    }
}

/// The text of `coopdash bidi-test`: `text` laid out at `width` in each
/// mode, under the mode's name and description, each line between `│`
/// so the right edge shows. The app modes' lines are in visual order: a
/// terminal that reorders rows scrambles them unless it honours `CSI 8 l`.
pub fn bidi_test(text: &str, lang: Option<&str>, width: usize) -> String {
    let mut out = String::new();
    for mode in BidiMode::ALL {
        out.push_str(&format!("{mode}: {}\n", mode.description()));
        for line in layout::<()>(text, &[], width, &LayoutOptions { mode, lang }) {
            let pad = width.saturating_sub(line.width);
            out.push_str(&format!("│{}{}│\n", line.text(), " ".repeat(pad)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_cycle() {
        for m in BidiMode::ALL {
            assert_eq!(m.name().parse::<BidiMode>(), Ok(m));
            assert!(!m.description().is_empty());
        }
        assert_eq!(" App-NoShape ".parse(), Ok(BidiMode::AppNoShape));
        assert!("rtl".parse::<BidiMode>().is_err());
        assert_eq!(BidiMode::default(), BidiMode::App);
        assert_eq!(BidiMode::App.next(), BidiMode::AppNoShape);
        assert_eq!(BidiMode::Terminal.next(), BidiMode::App);
    }

    #[test]
    fn bidi_test_shows_each_mode() {
        let out = bidi_test("في عام 2018", Some("ar"), 14);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("app: "));
        // app: joined, visual order (letters reversed, digits not),
        // right-aligned: "   2018 " + meem alef ain + yeh feh.
        assert_eq!(
            lines[1],
            "│   2018 \u{FEE1}\u{FE8E}\u{FECB} \u{FEF2}\u{FED3}│"
        );
        assert!(lines[3].starts_with("app-noshape: "));
        assert_eq!(lines[4], "│   2018 \u{645}\u{627}\u{639} \u{64A}\u{641}│");
        assert!(lines[6].starts_with("terminal: "));
        assert_eq!(lines[7], "│في عام 2018   │");
    }
}
