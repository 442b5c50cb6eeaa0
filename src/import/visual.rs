//! Arabic stored in visual order, as many PDFs hold it: each line's
//! characters in the order they are drawn, left to right, so a word reads
//! backwards. [`order`] tells from a document's lines whether its Arabic
//! is in reading (logical) or drawn (visual) order, and [`to_logical`]
//! puts a drawn line back in reading order.
//!
//! Two clues, counted over every Arabic word:
//! - presentation forms (what such PDFs usually store) say where in its
//!   word a letter stands: a word read forwards starts with an initial or
//!   isolated form and ends with a final or isolated one; backwards, the
//!   other way round;
//! - plain letters: the article ال starts many words in reading order; in
//!   drawn order many words end with لا instead.

use unicode_bidi::{BidiClass, bidi_class};

/// The order a document's Arabic is stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Reading order, or no Arabic: nothing to do.
    Logical,
    /// Drawn order: every line with Arabic is to be reversed.
    Visual,
    /// Arabic whose order the clues do not settle.
    Unsure,
}

/// Clues needed before deciding, and how many times more one order must
/// have than the other.
const MIN_CLUES: usize = 3;
const MARGIN: usize = 3;

/// The order of the Arabic in `lines` (as extracted, before folding).
pub fn order<'a>(lines: impl IntoIterator<Item = &'a str>) -> Order {
    let (mut logical, mut visual, mut arabic_words) = (0usize, 0usize, 0usize);
    for line in lines {
        for word in line.split(|c: char| !is_letter(c)) {
            let letters: Vec<char> = word.chars().collect();
            if letters.len() < 2 {
                continue;
            }
            arabic_words += 1;
            match clue(&letters) {
                Some(Order::Logical) => logical += 1,
                Some(Order::Visual) => visual += 1,
                _ => {}
            }
        }
    }
    if arabic_words == 0 {
        Order::Logical
    } else if visual >= MIN_CLUES && visual >= MARGIN * logical {
        Order::Visual
    } else if logical >= MIN_CLUES && logical >= MARGIN * visual {
        Order::Logical
    } else {
        Order::Unsure
    }
}

/// An Arabic letter, plain or in a presentation form.
fn is_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE80}'..='\u{FEFC}')
}

/// What one word says of the order, if anything.
fn clue(word: &[char]) -> Option<Order> {
    let (first, last) = (word[0], word[word.len() - 1]);
    if let (Some(f), Some(l)) = (form(first), form(last)) {
        use Form::*;
        let forwards = matches!(f, Isolated | Initial) && matches!(l, Isolated | Final);
        let backwards = matches!(f, Isolated | Final) && matches!(l, Isolated | Initial);
        return match (forwards, backwards) {
            (true, false) => Some(Order::Logical),
            (false, true) => Some(Order::Visual),
            _ => None,
        };
    }
    if word.len() < 3 {
        return None;
    }
    let plain: String = word.iter().collect();
    let plain = crate::text::plain_letters(&plain);
    // A word both starting with ال and ending with لا says nothing.
    match (plain.starts_with("ال"), plain.ends_with("لا")) {
        (true, false) => Some(Order::Logical),
        (false, true) => Some(Order::Visual),
        _ => None,
    }
}

/// Where in its word a presentation form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Isolated,
    Final,
    Initial,
    Medial,
}

/// The form of a letter of the Arabic Presentation Forms-B block
/// (U+FE80–FEFC): each letter has its forms in a row, isolated, final,
/// then initial and medial for the letters that join on both sides.
fn form(c: char) -> Option<Form> {
    // Forms per letter, from hamza (U+FE80) to the lam-alef ligatures.
    const GROUPS: [u32; 40] = [
        1, 2, 2, 2, 2, 4, 2, 4, 2, 4, 4, 4, 4, 4, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
        4, 4, 4, 2, 2, 4, 2, 2, 2, 2,
    ];
    let mut at = 0xFE80;
    let u = c as u32;
    for size in GROUPS {
        if u >= at && u < at + size {
            return Some(match u - at {
                0 => Form::Isolated,
                1 => Form::Final,
                2 => Form::Initial,
                _ => Form::Medial,
            });
        }
        at += size;
    }
    None
}

/// A line stored in drawn order, in reading order: reversed, except the
/// runs drawn left to right anyway (Latin words and numbers, with what
/// stands between them short of a right-to-left letter), which are put
/// back as they were; brackets outside those runs are mirrored, since the
/// drawn `(` of a right-to-left text is its closing one. Drawn order does
/// not always tell reading order: a number and a Latin word side by side
/// are read as one left-to-right run.
pub fn to_logical(line: &str) -> String {
    let chars: Vec<char> = line.chars().rev().collect();
    let ltr = |c: char| matches!(bidi_class(c), BidiClass::L | BidiClass::EN | BidiClass::AN);
    let rtl = |c: char| matches!(bidi_class(c), BidiClass::R | BidiClass::AL);
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if !ltr(chars[i]) {
            let c = chars[i];
            out.push(unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c));
            i += 1;
            continue;
        }
        let mut end = i;
        let mut j = i + 1;
        while j < chars.len() && !rtl(chars[j]) {
            if ltr(chars[j]) {
                end = j;
            }
            j += 1;
        }
        out.extend(chars[i..=end].iter().rev());
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::plain_letters;

    #[test]
    fn form_table_ends_at_the_last_ligature() {
        assert_eq!(form('\u{FE80}'), Some(Form::Isolated));
        assert_eq!(form('\u{FE8F}'), Some(Form::Isolated)); // beh
        assert_eq!(form('\u{FE91}'), Some(Form::Initial));
        assert_eq!(form('\u{FEE4}'), Some(Form::Medial)); // meem
        assert_eq!(form('\u{FEFB}'), Some(Form::Isolated)); // lam-alef
        assert_eq!(form('\u{FEFC}'), Some(Form::Final));
        assert_eq!(form('\u{FEFD}'), None);
        assert_eq!(form('ب'), None);
    }

    #[test]
    fn drawn_lines_read_forwards_again() {
        // السلام عليكم (2022) as drawn: forms, right to left, the number
        // left to right, the brackets as drawn.
        let salam = "\u{FE8D}\u{FEDF}\u{FEB4}\u{FEFC}\u{FEE1}";
        let alaykum = "\u{FECB}\u{FEE0}\u{FEF4}\u{FEDC}\u{FEE2}";
        let rev = |s: &str| s.chars().rev().collect::<String>();
        let shaped = format!("{salam} (2022) {alaykum}: UN 2030");
        // What a visual-order PDF holds: the line as seen, left to right.
        let drawn = format!("UN 2030 :{} (2022) {}", rev(alaykum), rev(salam));
        assert_eq!(
            plain_letters(&to_logical(&drawn)),
            "السلام (2022) عليكم: UN 2030"
        );
        let lines = |l: &str| [l.to_string(), l.to_string(), l.to_string()];
        assert_eq!(
            order(lines(&drawn).iter().map(String::as_str)),
            Order::Visual
        );
        assert_eq!(
            order(lines(&shaped).iter().map(String::as_str)),
            Order::Logical
        );
    }

    #[test]
    fn plain_letters_give_clues_too() {
        let forwards = "أعلنت الأمم المتحدة والإنتربول عن التعاون في المجالات";
        let backwards: String = forwards.chars().rev().collect();
        assert_eq!(order([forwards]), Order::Logical);
        assert_eq!(order([backwards.as_str()]), Order::Visual);
        assert_eq!(order(["UN and INTERPOL"]), Order::Logical);
        assert_eq!(order(["كلمة"]), Order::Unsure);
    }
}
