//! A one-line text field: the text, a cursor, and the edits of
//! [`Edit`]. The cursor moves by grapheme, so a letter and its marks
//! (Arabic tashkeel) move as one; Backspace removes one character, so a
//! mistyped mark goes without its letter.

use super::action::Edit;
use super::caret::{Move, lay_out};
use crate::layout::LayoutOptions;
use crate::text::sanitize::display_char;
use crate::text::width::width;
use unicode_segmentation::UnicodeSegmentation;

/// A one-line text field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    /// Byte offset of the cursor, on a grapheme boundary.
    cursor: usize,
    /// The whole text is selected: typing replaces it, deleting clears
    /// it, a move keeps it.
    selected: bool,
}

impl LineEdit {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Self {
        let text: String = text.chars().filter(|&c| typable(c)).collect();
        LineEdit {
            cursor: text.len(),
            text,
            selected: false,
        }
    }

    /// A field holding `text`, all of it selected (the cursor at its end).
    pub fn selected(text: &str) -> Self {
        let mut f = LineEdit::new(text);
        f.selected = !f.text.is_empty();
        f
    }

    /// Whether the whole text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor's byte offset in [`LineEdit::text`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Replaces the text, keeping the cursor at the end if it was there.
    pub fn set(&mut self, text: &str) {
        let (was, at_end) = (self.cursor, self.cursor == self.text.len());
        *self = LineEdit::new(text);
        if !at_end {
            self.cursor = self.boundary_at_or_before(was.min(self.text.len()));
        }
    }

    /// Applies one edit, moving the cursor on the screen as `opts` lays the
    /// field out: ← is the cell on the left (in Arabic, the next letter).
    pub fn apply_visual(&mut self, edit: Edit, opts: &LayoutOptions) {
        if matches!(edit, Edit::Left | Edit::Right) {
            self.selected = false;
        }
        let m = match edit {
            Edit::Left => Move::Left,
            Edit::Right => Move::Right,
            _ => return self.apply(edit),
        };
        // One line, wide enough never to wrap.
        let laid = lay_out(&self.text, width(&self.text) + 2, opts);
        if let Some(at) = laid.moved(self.cursor, m) {
            self.cursor = if at >= self.text.len() {
                self.text.len()
            } else {
                self.boundary_at_or_before(at)
            };
        }
    }

    /// Applies one edit, moving the cursor in logical order.
    pub fn apply(&mut self, edit: Edit) {
        if std::mem::take(&mut self.selected) {
            match edit {
                Edit::Insert(_)
                | Edit::Backspace
                | Edit::Delete
                | Edit::DeleteToStart
                | Edit::DeleteWord => {
                    self.text.clear();
                    self.cursor = 0;
                }
                Edit::Left | Edit::Right | Edit::Home | Edit::End => {}
            }
            if !matches!(edit, Edit::Insert(_)) {
                return;
            }
        }
        match edit {
            Edit::Insert(c) if typable(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                // A mark typed after a letter joins its grapheme.
                self.cursor = self.boundary_at_or_after(self.cursor);
            }
            Edit::Insert(_) => {}
            Edit::Left => self.cursor = self.prev_boundary(),
            Edit::Right => self.cursor = self.next_boundary(),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::Backspace => {
                if let Some((at, _)) = self.text[..self.cursor].char_indices().last() {
                    self.text.remove(at);
                    self.cursor = at;
                }
            }
            Edit::Delete => {
                let end = self.next_boundary();
                self.text.replace_range(self.cursor..end, "");
            }
            Edit::DeleteToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Edit::DeleteWord => {
                // Spaces before the cursor, then the word before them.
                let before = &self.text[..self.cursor];
                let word_end = before.trim_end().len();
                let start = before[..word_end]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
        }
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    fn boundary_at_or_before(&self, at: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .take_while(|&i| i <= at)
            .last()
            .unwrap_or(0)
    }

    fn boundary_at_or_after(&self, at: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .find(|&i| i >= at)
            .unwrap_or(self.text.len())
    }
}

/// Whether `c` may be typed into a field: anything that is drawn as itself
/// (no control or bidi-control characters, which would be invisible).
fn typable(c: char) -> bool {
    display_char(c) == Some(c) && !c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> LineEdit {
        let mut f = LineEdit::default();
        for c in s.chars() {
            f.apply(Edit::Insert(c));
        }
        f
    }

    #[test]
    fn arabic_arrives_intact_and_moves_by_grapheme() {
        let mut f = typed("تقرير.json");
        assert_eq!(f.text(), "تقرير.json");
        f.apply(Edit::Home);
        f.apply(Edit::Right);
        f.apply(Edit::Insert('\u{064E}')); // fatha on the first letter
        assert_eq!(f.text(), "تَقرير.json");
        f.apply(Edit::Home);
        f.apply(Edit::Right);
        // The letter and its mark are one step.
        assert_eq!(f.cursor(), "تَ".len());
        f.apply(Edit::Backspace);
        assert_eq!(f.text(), "تقرير.json");
        f.apply(Edit::Delete);
        assert_eq!(f.text(), "ترير.json");
    }

    #[test]
    fn controls_are_not_typed() {
        let f = typed("a\u{1b}[2J\u{202E}b\tc");
        assert_eq!(f.text(), "a[2Jbc");
    }

    #[test]
    fn ctrl_u_and_ctrl_w_delete_before_the_cursor() {
        let mut f = typed("maritime  security  ");
        f.apply(Edit::DeleteWord);
        assert_eq!(f.text(), "maritime  ");
        f.apply(Edit::DeleteWord);
        assert_eq!(f.text(), "");
        let mut f = typed("الأمن البحري");
        f.apply(Edit::Left);
        f.apply(Edit::Left);
        f.apply(Edit::DeleteWord);
        assert_eq!(f.text(), "الأمن ري");
        f.apply(Edit::DeleteToStart);
        assert_eq!((f.text(), f.cursor()), ("ري", 0));
        f.apply(Edit::DeleteWord);
        assert_eq!(f.text(), "ري");
    }

    #[test]
    fn a_selected_text_is_replaced_by_typing_and_kept_by_moves() {
        let mut f = LineEdit::selected("interpol");
        assert!(f.is_selected());
        f.apply(Edit::Insert('u'));
        assert_eq!((f.text(), f.is_selected()), ("u", false));
        let mut f = LineEdit::selected("interpol");
        f.apply(Edit::Backspace);
        assert_eq!(f.text(), "");
        let mut f = LineEdit::selected("interpol");
        f.apply(Edit::End);
        f.apply(Edit::Insert('e'));
        assert_eq!(f.text(), "interpole");
        assert!(!LineEdit::selected("").is_selected());
    }

    #[test]
    fn set_keeps_the_cursor_at_the_end() {
        let mut f = LineEdit::new("out.json");
        f.set("out.csv");
        assert_eq!(f.cursor(), "out.csv".len());
        f.apply(Edit::Home);
        f.set("x.md");
        assert_eq!(f.cursor(), 0);
        f.apply(Edit::Left);
        assert_eq!(f.cursor(), 0);
        f.apply(Edit::End);
        f.apply(Edit::Right);
        assert_eq!(f.cursor(), 4);
    }
}
