//! Whether a style can be read: its colours as xterm draws them and their
//! WCAG contrast. The style tests and the settings file's `palette` check
//! use the same rule, so no palette makes the selection unreadable.

use ratatui::style::{Color, Modifier, Style};

/// The lowest contrast a selected row's text may have on its background.
pub const MIN: f64 = 3.0;

/// The sRGB of `color` as xterm draws it by default (its `XTerm-col.ad` for
/// the 16 colours, its 256-colour cube and grey ramp for the others);
/// `None` for the terminal's own colour (`Reset`).
pub fn rgb(color: Color) -> Option<[u8; 3]> {
    Some(match color {
        Color::Reset => return None,
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
        Color::Rgb(r, g, b) => [r, g, b],
        Color::Indexed(i) => indexed(i),
    })
}

/// xterm's 256 colours: the 16, a 6×6×6 cube, a 24-step grey ramp.
fn indexed(i: u8) -> [u8; 3] {
    const SIXTEEN: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match i {
        0..=15 => rgb(SIXTEEN[i as usize]).unwrap_or_default(),
        16..=231 => {
            let step = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let n = i - 16;
            [step(n / 36), step(n / 6 % 6), step(n % 6)]
        }
        _ => [8 + 10 * (i - 232); 3],
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

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The terminal backgrounds a style must read on: black and white.
pub const GROUNDS: [[u8; 3]; 2] = [[0, 0, 0], [0xff; 3]];

/// The text and background colours of `style` on a terminal whose
/// background is `ground` (its text the opposite), reverse applied.
pub fn drawn(style: Style, ground: [u8; 3]) -> ([u8; 3], [u8; 3]) {
    let text = if ground == [0, 0, 0] {
        [0xff; 3]
    } else {
        [0; 3]
    };
    let fg = style.fg.and_then(rgb).unwrap_or(text);
    let bg = style.bg.and_then(rgb).unwrap_or(ground);
    if style.add_modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

/// The worst contrast of `style` on either terminal background.
pub fn worst(style: Style) -> f64 {
    GROUNDS
        .into_iter()
        .map(|ground| {
            let (fg, bg) = drawn(style, ground);
            ratio(fg, bg)
        })
        .fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cube_and_the_ramp_match_xterm() {
        assert_eq!(rgb(Color::Indexed(16)), Some([0, 0, 0]));
        assert_eq!(rgb(Color::Indexed(196)), Some([0xff, 0, 0]));
        assert_eq!(rgb(Color::Indexed(231)), Some([0xff; 3]));
        assert_eq!(rgb(Color::Indexed(232)), Some([8; 3]));
        assert_eq!(rgb(Color::Indexed(255)), Some([0xee; 3]));
        assert_eq!(rgb(Color::Indexed(6)), rgb(Color::Cyan));
        assert!((ratio([0; 3], [0xff; 3]) - 21.0).abs() < 1e-9);
    }
}
