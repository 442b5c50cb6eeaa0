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
//! [`Folded`] keeps, for every byte of the folded text, the byte offset of the
//! original character it came from, so a match in folded text maps back onto
//! the exact original letters (diacritics included) for highlighting.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Text folded for matching, with a map back to the original.
#[derive(Debug, Clone)]
pub struct Folded<'a> {
    original: &'a str,
    text: String,
    /// `src[i]` is the byte offset in `original` of the character that
    /// produced folded byte `i`.
    src: Vec<u32>,
}

impl<'a> Folded<'a> {
    /// Folds `original`, keeping the offset map.
    pub fn new(original: &'a str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut src = Vec::with_capacity(original.len());
        fold_with(original, &mut text, |from, bytes| {
            src.resize(src.len() + bytes, from as u32);
        });
        Folded {
            original,
            text,
            src,
        }
    }

    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text this was folded from.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// Maps a byte range of the folded text back onto the original text. The
    /// result starts at the first contributing character and runs to the end
    /// of the last one, marks and tatweel that were folded away included.
    pub fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        if folded.start >= folded.end || folded.start >= self.src.len() {
            let at = self
                .src
                .get(folded.start)
                .map_or(self.original.len(), |&s| s as usize);
            return at..at;
        }
        let start = self.src[folded.start] as usize;
        let last = self.src[folded.end.min(self.src.len()) - 1] as usize;
        let mut end = last
            + self.original[last..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        // Carry on over characters that fold to nothing (diacritics, tatweel,
        // format controls) so highlights keep a letter's marks with it.
        for c in self.original[end..].chars() {
            if c.is_whitespace() || !folds_to_nothing(c) {
                break;
            }
            end += c.len_utf8();
        }
        start..end
    }

    /// The folded byte offset of the first folded character at or after the
    /// original byte offset `original_at`.
    pub fn folded_offset(&self, original_at: usize) -> usize {
        self.src.partition_point(|&s| (s as usize) < original_at)
    }
}

/// Folds a string without keeping the map (for keys and queries). Leading
/// and trailing space is dropped; inner runs become one space.
pub fn fold(s: &str) -> String {
    let mut text = String::with_capacity(s.len());
    fold_into(s, &mut text);
    text
}

/// Appends [`fold`]`(s)` to `out`: the search index folds millions of
/// texts straight into its arena, with no string of its own per text.
pub fn fold_into(s: &str, out: &mut String) {
    fold_with(s, out, |_, _| {});
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

/// The folding loop: appends the fold of `original` to `text`, and calls
/// `mapped(original offset, folded bytes)` for every piece appended, so
/// [`Folded`] can keep its map and [`fold`] can skip it. Characters fold
/// straight into `text` (ASCII without a lookup): this loop runs over every
/// byte of a workspace at load.
fn fold_with(original: &str, text: &mut String, mut mapped: impl FnMut(usize, usize)) {
    // What `text` held before: a space is never put first.
    let base = text.len();
    let mut pending_space: Option<usize> = None;
    for (at, c) in original.char_indices() {
        if c.is_ascii() {
            // The ASCII characters `char::is_whitespace` accepts.
            if matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ') {
                pending_space.get_or_insert(at);
                continue;
            }
            if let Some(space_at) = pending_space.take()
                && text.len() > base
            {
                text.push(' ');
                mapped(space_at, 1);
            }
            text.push(c.to_ascii_lowercase());
            mapped(at, 1);
            continue;
        }
        if c.is_whitespace() {
            pending_space.get_or_insert(at);
            continue;
        }
        let before = text.len();
        fold_char_into(c, text);
        let added = text.len() - before;
        if added == 0 {
            continue;
        }
        if let Some(space_at) = pending_space.take()
            && before > base
        {
            // Only this character's few bytes move.
            text.insert(before, ' ');
            mapped(space_at, 1);
        }
        mapped(at, added);
    }
}

/// Whether `c` disappears entirely when folded.
fn folds_to_nothing(c: char) -> bool {
    let mut out = String::new();
    fold_char_into(c, &mut out);
    out.is_empty()
}

/// Appends the folded form of one (non-whitespace) character.
fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Two-byte characters (Latin, Greek, Cyrillic, Hebrew, Arabic) come from
    // a table filled by the rules below, so the result is the same, only
    // without re-running case and NFKD lookups for every letter.
    if let Some(&entry) = two_byte_table().get(c as usize - 0x80) {
        match entry {
            FOLDS_TO_NOTHING => {}
            FOLDS_TO_MANY => fold_char_by_rules(c, out),
            one => out.push(char::from_u32(one).unwrap_or(c)),
        }
        return;
    }
    fold_char_by_rules(c, out);
}

/// Table entry for a character that folds away entirely.
const FOLDS_TO_NOTHING: u32 = 0;
/// Table entry for a character that folds to several characters.
const FOLDS_TO_MANY: u32 = u32::MAX;

/// The fold of every character U+0080..U+07FF (one char, nothing, or many).
fn two_byte_table() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..0x800u32)
            .map(|u| {
                let Some(c) = char::from_u32(u).filter(|c| !c.is_whitespace()) else {
                    return FOLDS_TO_MANY;
                };
                let mut out = String::new();
                fold_char_by_rules(c, &mut out);
                let mut chars = out.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => FOLDS_TO_NOTHING,
                    (Some(one), None) => one as u32,
                    _ => FOLDS_TO_MANY,
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
    fn map_back_keeps_marks_with_their_letter() {
        let original = "الأمينان العامّان للأمم";
        let f = Folded::new(original);
        let at = f.text().find("العامان").unwrap();
        let range = f.original_range(at..at + "العامان".len());
        assert_eq!(&original[range], "العامّان");
    }

    #[test]
    fn map_back_over_ligature_and_space_runs() {
        let original = "x  \u{FEFB}y";
        let f = Folded::new(original);
        assert_eq!(f.text(), "x لاy");
        let at = f.text().find("لا").unwrap();
        assert_eq!(&original[f.original_range(at..at + "لا".len())], "\u{FEFB}");
        // Half of a ligature still maps onto the whole original character.
        assert_eq!(
            &original[f.original_range(at..at + 'ل'.len_utf8())],
            "\u{FEFB}"
        );
    }

    #[test]
    fn folded_offset_is_monotonic_inverse() {
        let original = "وأَكد  مكانة";
        let f = Folded::new(original);
        for (at, _) in original.char_indices() {
            let back = f.folded_offset(at);
            assert!(back <= f.text().len());
        }
        assert_eq!(f.folded_offset(0), 0);
        assert_eq!(f.folded_offset(original.len()), f.text().len());
    }

    #[test]
    fn table_agrees_with_the_rules() {
        for u in 0x80..0x800u32 {
            let Some(c) = char::from_u32(u).filter(|c| !c.is_whitespace()) else {
                continue;
            };
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char_into(c, &mut fast);
            fold_char_by_rules(c, &mut slow);
            assert_eq!(fast, slow, "U+{u:04X}");
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
}
