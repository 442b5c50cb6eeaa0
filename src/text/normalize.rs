//! Folding text into a matching key: the one place that decides when two
//! spellings are "the same" for links, mentions and search.
//!
//! Rules (see ARCHITECTURE.md): compatibility decomposition (NFKD, which also
//! turns Arabic presentation forms back into letters), Latin lower-casing,
//! removal of every non-spacing mark (Arabic tashkeel, Quranic marks, Latin
//! accents, and the hamza that NFKD splits off أ إ آ ؤ ئ), removal of
//! tatweel, joiners and invisible format characters (the
//! [`super::invisible`] table), the letter folds ٱ→ا ى→ي ة→ه, Persian ی→ي
//! ک→ك, Arabic-Indic and Eastern digits → ASCII, Arabic punctuation →
//! Latin, typographic quotes and dashes → ASCII, and whitespace runs → one
//! space.
//!
//! [`super::Folded`] keeps the way back from folded bytes to the original
//! characters they came from (by anchors, see [`super::folded`]).

use super::folded::Anchor;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds a string without keeping the map (for keys and queries). Leading
/// and trailing space is dropped; inner runs become one space.
pub fn fold(s: &str) -> String {
    let mut text = String::with_capacity(s.len());
    fold_with(s, &mut text, |_| {});
    text
}

/// Appends [`fold`]`(s)` to `out`: the search index folds millions of
/// texts straight into its arena, with no string of its own per text.
pub fn fold_into(s: &str, out: &mut String) {
    fold_with(s, out, |_| {});
}

/// `s` with its Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFC: how
/// many PDFs store Arabic) turned back into the plain letters they draw
/// (their NFKC decomposition: ﻢﻠﺴﻟﺍ → the letters of السلم, ﻻ → لا);
/// every other character is kept as it is, diacritics included. Text is
/// stored in plain letters; shaping is the display's work.
pub fn plain_letters(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}') {
            out.extend(std::iter::once(c).nfkc());
        } else {
            out.push(c);
        }
    }
    out
}

/// What a character folds to, as [`fold_with`] reads it.
enum Piece<'t> {
    /// Whitespace: runs of it become one space between folded characters.
    Space,
    /// One character.
    Char(char),
    /// A run of ASCII characters other than whitespace: each folds to
    /// itself in lower case, so the run is copied and lowered at once.
    Ascii(&'t str),
    /// A run of two-byte characters that fold to themselves (Arabic
    /// letters, mostly): copied at once.
    Same(&'t str),
    /// A string (empty for a character that folds away).
    Str(&'t str),
}

/// The folding loop: appends the fold of `original` to `text`, and calls
/// `anchor` where the map from folded bytes back to original ones changes
/// (offsets from where `text` started), so [`Folded`] can keep its map and
/// [`fold`] can skip it. It runs over every byte of a workspace at load,
/// so it reads bytes: ASCII and the two-byte characters (Arabic among
/// them) fold through tables, and only other characters are decoded and
/// folded by the rules.
pub(super) fn fold_with(original: &str, text: &mut String, mut anchor: impl FnMut(Anchor)) {
    let small = small_table();
    // What `text` held before: a space is never put first.
    let base = text.len();
    let mut pending_space: Option<usize> = None;
    // Where the original goes on while folded bytes keep mapping byte for
    // byte: a piece starting there extends the current anchor's run.
    let mut run_goes_on_at = None;
    let mut mapped = |folded: usize, from: usize, bytes: usize, same: bool| {
        // One byte maps as well in a run as alone.
        let run = same || bytes == 1;
        if !(run && run_goes_on_at == Some(from)) {
            anchor(Anchor {
                folded: folded as u32,
                original: from as u32,
                run,
            });
        }
        run_goes_on_at = run.then_some(from + bytes);
    };
    let mut rules = String::new();
    let bytes = original.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let (piece, len) = if b.is_ascii() {
            if ASCII_FOLD[usize::from(b)] == SPACE {
                (Piece::Space, 1)
            } else {
                let end = bytes[at..]
                    .iter()
                    .position(|&b| !b.is_ascii() || ASCII_FOLD[usize::from(b)] == SPACE)
                    .map_or(bytes.len(), |n| at + n);
                (Piece::Ascii(&original[at..end]), end - at)
            }
        } else if b < 0xE0 {
            // A two-byte character (the string is valid UTF-8).
            match small[two_byte(bytes, at)] {
                Small::Same => {
                    let mut end = at + 2;
                    while bytes.get(end).is_some_and(|b| (0xC0..0xE0).contains(b))
                        && matches!(small[two_byte(bytes, end)], Small::Same)
                    {
                        end += 2;
                    }
                    (Piece::Same(&original[at..end]), end - at)
                }
                Small::Space => (Piece::Space, 2),
                Small::Nothing => (Piece::Str(""), 2),
                Small::One(c) => (Piece::Char(c), 2),
                Small::Rules => {
                    let c = original[at..]
                        .chars()
                        .next()
                        .expect("at a character boundary");
                    rules.clear();
                    fold_char_by_rules(c, &mut rules);
                    (Piece::Str(&rules), 2)
                }
            }
        } else {
            let c = original[at..]
                .chars()
                .next()
                .expect("at a character boundary");
            if c.is_whitespace() {
                (Piece::Space, c.len_utf8())
            } else {
                rules.clear();
                fold_char_by_rules(c, &mut rules);
                (Piece::Str(&rules), c.len_utf8())
            }
        };
        if let Piece::Space = piece {
            pending_space.get_or_insert(at);
        } else if !matches!(piece, Piece::Str("")) {
            if let Some(space_at) = pending_space.take()
                && text.len() > base
            {
                text.push(' ');
                mapped(text.len() - 1 - base, space_at, 1, false);
            }
            let before = text.len();
            match piece {
                Piece::Char(c) => text.push(c),
                Piece::Str(s) => text.push_str(s),
                Piece::Ascii(s) => {
                    text.push_str(s);
                    text[before..].make_ascii_lowercase();
                }
                Piece::Same(s) => text.push_str(s),
                Piece::Space => {}
            }
            let added = text.len() - before;
            mapped(before - base, at, added, added == len);
        }
        at += len;
    }
}

/// The index in [`small_table`] of the two-byte character at `at`.
fn two_byte(bytes: &[u8], at: usize) -> usize {
    ((usize::from(bytes[at] & 0x1F) << 6) | usize::from(bytes[at + 1] & 0x3F)) - 0x80
}

/// Whether `c` disappears entirely when folded.
pub(super) fn folds_to_nothing(c: char) -> bool {
    if c.is_ascii() {
        return ASCII_FOLD[c as usize] == SPACE;
    }
    match small_table().get(c as usize - 0x80) {
        Some(Small::Space | Small::Nothing) => true,
        Some(Small::Same | Small::One(_)) => false,
        _ => {
            let mut out = String::new();
            fold_char_by_rules(c, &mut out);
            c.is_whitespace() || out.is_empty()
        }
    }
}

/// [`ASCII_FOLD`]'s entry for whitespace (no ASCII byte is this).
const SPACE: u8 = 0xFF;

/// The fold of each ASCII byte: lower case, or [`SPACE`] for the
/// characters `char::is_whitespace` accepts.
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ' => SPACE,
            other => other.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

/// How a character U+0080..U+07FF folds.
#[derive(Clone, Copy)]
enum Small {
    /// It is whitespace.
    Space,
    /// It folds away.
    Nothing,
    /// To itself (most Arabic letters).
    Same,
    /// To one character.
    One(char),
    /// To more than one character: by the rules each time.
    Rules,
}

/// The fold of every character U+0080..U+07FF (two bytes in UTF-8: Latin,
/// Greek, Cyrillic, Hebrew, Arabic), filled by the rules once.
fn small_table() -> &'static [Small] {
    static TABLE: std::sync::OnceLock<Vec<Small>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..0x800u32)
            .map(|u| {
                let Some(c) = char::from_u32(u) else {
                    return Small::Rules;
                };
                if c.is_whitespace() {
                    return Small::Space;
                }
                let mut out = String::new();
                fold_char_by_rules(c, &mut out);
                let mut chars = out.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => Small::Nothing,
                    (Some(one), None) if one == c => Small::Same,
                    (Some(one), None) => Small::One(one),
                    _ => Small::Rules,
                }
            })
            .collect()
    })
}

/// The folding rules for one non-ASCII, non-whitespace character.
fn fold_char_by_rules(c: char, out: &mut String) {
    if is_invisible(c) {
        return;
    }
    if let Some(mapped) = fold_letter(c) {
        out.push(mapped);
        return;
    }
    for lower in c.to_lowercase() {
        for d in lower.nfkd() {
            if is_combining_mark(d) || is_invisible(d) {
                continue;
            }
            // NFKD can turn a presentation form into letters that fold further
            // (ﻰ → ى → ي), or into a space (ﹰ → space + mark).
            match fold_letter(d) {
                Some(m) => out.push(m),
                None if d.is_whitespace() => {}
                None => out.push(d),
            }
        }
    }
}

/// Single-character folds that NFKD does not do.
fn fold_letter(c: char) -> Option<char> {
    Some(match c {
        '\u{0671}' => 'ا',       // alef wasla
        'ى' | '\u{06CC}' => 'ي', // alef maksura, Farsi yeh
        'ة' => 'ه',              // teh marbuta
        '\u{06A9}' => 'ك',       // keheh
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '،' => ',',
        '؛' => ';',
        '؟' => '?',
        '٪' => '%',
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        _ => return None,
    })
}

/// Characters matching ignores: every [`super::invisible`] class (format
/// controls, joiners, tatweel).
fn is_invisible(c: char) -> bool {
    super::invisible::class(c).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Folded;

    #[test]
    fn folding_table() {
        let cases = [
            // Tashkeel and shadda.
            ("العامّان", "العامان"),
            ("مُحَمَّدٌ", "محمد"),
            // Tatweel.
            ("الـــعالم", "العالم"),
            // Hamza and alef forms.
            ("أإآٱ", "اااا"),
            ("مؤتمر", "موتمر"),
            ("رئيس", "رييس"),
            // Alef maksura and teh marbuta.
            ("على", "علي"),
            ("المتحدة", "المتحده"),
            // Digits and punctuation.
            ("٩ ديسمبر، ٢٠٢٢", "9 ديسمبر, 2022"),
            ("۱۹۹۷؟", "1997?"),
            // Latin case and accents, typographic quotes and dashes.
            ("Café Jürgen", "cafe jurgen"),
            ("’’quoted‘‘ – dash", "''quoted'' - dash"),
            // Presentation forms and the lam-alef ligature.
            ("\u{FEFB}", "لا"),
            ("\u{FE8D}\u{FEDF}", "ال"),
            // Whitespace runs and invisible controls.
            ("a \t\n  b", "a b"),
            ("a\u{200B}b\u{202E}c\u{FEFF}", "abc"),
            // Full-width Latin.
            ("ＵＮＯＤＣ", "unodc"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "folding {input:?}");
        }
    }

    #[test]
    fn plain_letters_undo_presentation_forms_only() {
        // السلام in isolated, initial, medial and final forms, a lam-alef
        // ligature, a diacritic and Latin text kept as they are.
        let shaped = "\u{FE8D}\u{FEDF}\u{FEB4}\u{FEFC}\u{FEE1} سَلام UN";
        assert_eq!(plain_letters(shaped), "السلام سَلام UN");
        assert_eq!(plain_letters("\u{FEFF}a"), "\u{FEFF}a");
    }

    #[test]
    fn table_agrees_with_the_rules() {
        for u in (0..0x800u32).chain(0xFB50..0xFEFF) {
            let Some(c) = char::from_u32(u).filter(|c| !c.is_whitespace()) else {
                continue;
            };
            if c.is_ascii() {
                assert_eq!(
                    fold(c.encode_utf8(&mut [0; 4])),
                    c.to_ascii_lowercase().to_string()
                );
                continue;
            }
            let mut slow = String::new();
            fold_char_by_rules(c, &mut slow);
            assert_eq!(fold(c.encode_utf8(&mut [0; 4])), slow.trim(), "U+{u:04X}");
            assert_eq!(folds_to_nothing(c), slow.trim().is_empty(), "U+{u:04X}");
        }
    }

    #[test]
    fn surrounding_space_is_dropped() {
        assert_eq!(fold("  الأمن البحري \n"), "الامن البحري");
    }

    #[test]
    fn folding_into_a_buffer_appends_the_same_fold() {
        for s in [
            "  الأمن البحري \n",
            " \u{0640}\u{064E} x",
            "A  B",
            "\u{200B} ",
            "",
        ] {
            let mut out = String::from(" key");
            fold_into(s, &mut out);
            assert_eq!(out, format!(" key{}", fold(s)), "{s:?}");
        }
    }

    /// The fold read plainly, a character at a time and by the rules
    /// alone: spaces collapse to one between folded characters, and every
    /// folded byte maps to the character it came from.
    fn fold_by_the_rules(original: &str) -> (String, Vec<u32>) {
        let (mut text, mut src) = (String::new(), Vec::new());
        let mut space_at = None;
        for (at, c) in original.char_indices() {
            if c.is_whitespace() {
                space_at.get_or_insert(at);
                continue;
            }
            let mut piece = String::new();
            if c.is_ascii() {
                piece.push(c.to_ascii_lowercase());
            } else {
                fold_char_by_rules(c, &mut piece);
            }
            if piece.is_empty() {
                continue;
            }
            if let Some(space) = space_at.take()
                && !text.is_empty()
            {
                text.push(' ');
                src.push(space as u32);
            }
            text.push_str(&piece);
            src.resize(src.len() + piece.len(), at as u32);
        }
        (text, src)
    }

    proptest::proptest! {
        /// Folding bytes through the tables gives the text of folding each
        /// character by the rules, and its anchors the map of every byte.
        #[test]
        fn tables_fold_as_the_rules_do(
            text in "[aZ09 .\t\n\0ءأاَةـ\u{0085}\u{00A0}\u{200B}\u{2003}\u{FEFB}\u{FDFA}Éßİ١😀]{0,30}"
        ) {
            let folded = Folded::new(&text);
            let (plain, src) = fold_by_the_rules(&text);
            proptest::prop_assert_eq!(folded.text(), plain.as_str());
            // The anchors map every byte as a map of every byte does.
            for (i, &from) in src.iter().enumerate() {
                proptest::prop_assert_eq!(folded.source_of(i), from as usize, "byte {}", i);
            }
            for at in 0..=text.len() + 1 {
                let dense = src.partition_point(|&s| (s as usize) < at);
                proptest::prop_assert_eq!(folded.folded_offset(at), dense, "offset {}", at);
            }
            let mut into = String::from(" key");
            fold_into(&text, &mut into);
            proptest::prop_assert_eq!(into, format!(" key{plain}"));
        }
    }
}
