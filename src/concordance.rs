//! The concordance (keyword in context) of a theme or partner body: every
//! mention in the corpus, one a line, in one of three orders. Each line
//! is laid out by [`mod@crate::layout::kwic`]; this module says which mentions
//! and in which order, and what a line holds as plain text (for CSV).

use crate::layout::kwic::key_range;
use crate::layout::{Columns, LayoutOptions, Part, kwic};
use crate::model::{Mention, Workspace};
use crate::text::{fold, words};

/// How many words either side of the key the context orders compare.
pub const SORT_WORDS: usize = 4;
/// How far back or on (in bytes) the context orders look for those words.
const SORT_BYTES: usize = 400;

/// Whose mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Index into [`Workspace::themes`]: its names and keywords.
    Theme(usize),
    /// Index into [`Workspace::entities`]: its names and aliases.
    Entity(usize),
}

impl Target {
    /// The theme or partner body with id `id`.
    pub fn find(ws: &Workspace, id: &str) -> Option<Target> {
        ws.themes
            .iter()
            .position(|t| t.id == id)
            .map(Target::Theme)
            .or_else(|| {
                ws.entities
                    .iter()
                    .position(|e| e.id == id)
                    .map(Target::Entity)
            })
    }

    /// Every mention, in source order.
    pub fn mentions<'a>(&self, ws: &'a Workspace) -> &'a [Mention] {
        match *self {
            Target::Theme(t) => &ws.themes[t].mentions,
            Target::Entity(e) => &ws.entities[e].mentions,
        }
    }

    /// The name, in `lang` if it has one.
    pub fn name<'a>(&self, ws: &'a Workspace, lang: &str) -> &'a str {
        match *self {
            Target::Theme(t) => ws.themes[t].name.get(lang),
            Target::Entity(e) => ws.entities[e].name.get(lang),
        }
    }
}

/// The order of the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Source order, passages in order, mentions in order.
    #[default]
    Source,
    /// By the words before the key, nearest first (in reading order).
    Left,
    /// By the words after the key, nearest first.
    Right,
}

impl Sort {
    /// The next order, for a key that cycles through them.
    pub fn next(self) -> Sort {
        match self {
            Sort::Source => Sort::Left,
            Sort::Left => Sort::Right,
            Sort::Right => Sort::Source,
        }
    }

    /// How the title says it.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Source => "by source",
            Sort::Left => "by left context",
            Sort::Right => "by right context",
        }
    }
}

/// The order of `mentions` by `sort`: indices into them. Context orders
/// compare folded words (so hamza forms and diacritics do not split
/// them), nearest the key first; ties keep source order.
pub fn order(ws: &Workspace, mentions: &[Mention], sort: Sort) -> Vec<u32> {
    let mut out: Vec<u32> = (0..mentions.len() as u32).collect();
    if sort == Sort::Source {
        return out;
    }
    let keys: Vec<Vec<String>> = mentions
        .iter()
        .map(|m| context_words(&ws.passage(&m.span()).text, m.range(), sort))
        .collect();
    // Word by word; fewer words (the line's edge) sort first. Stable.
    out.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    out
}

/// The folded words next to the key of `range` in `text`, nearest first,
/// on `sort`'s side, within the key's line.
fn context_words(text: &str, range: std::ops::Range<usize>, sort: Sort) -> Vec<String> {
    let key = key_range(text, range);
    let side = match sort {
        Sort::Right => {
            let mut end = (key.end + SORT_BYTES).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let rest = &text[key.end..end];
            &rest[..rest.find('\n').unwrap_or(rest.len())]
        }
        _ => {
            let mut start = key.start.saturating_sub(SORT_BYTES);
            while !text.is_char_boundary(start) {
                start += 1;
            }
            let rest = &text[start..key.start];
            &rest[rest.rfind('\n').map_or(0, |i| i + 1)..]
        }
    };
    let found: Vec<String> = words(side).map(|r| fold(&side[r])).collect();
    match sort {
        Sort::Right => found.into_iter().take(SORT_WORDS).collect(),
        _ => found.into_iter().rev().take(SORT_WORDS).collect(),
    }
}

/// The widest key (the words holding a mention), in cells: what the key
/// column needs.
pub fn key_width(ws: &Workspace, mentions: &[Mention]) -> usize {
    mentions
        .iter()
        .map(|m| {
            let text = &ws.passage(&m.span()).text;
            let key = key_range(text, m.range());
            crate::text::width::width(&crate::text::sanitize(&text[key]))
        })
        .max()
        .unwrap_or(1)
}

/// A line as plain text in reading order: the context before, the key,
/// the context after, each as shown in `cols` (cut with an ellipsis).
pub fn plain(text: &str, mention: &Mention, cols: Columns) -> [String; 3] {
    let logical = LayoutOptions {
        mode: crate::layout::BidiMode::Terminal,
        lang: None,
    };
    let line = kwic(text, mention.range(), cols, &logical);
    let part = |want: &[Part]| -> String {
        line.segments
            .iter()
            .filter(|s| s.mark.is_some_and(|m| want.contains(&m)))
            .map(|s| s.text.as_str())
            .collect()
    };
    [
        part(&[Part::Before]),
        part(&[Part::Key, Part::Match]),
        part(&[Part::After]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_words_are_folded_and_nearest_first() {
        let text = "قال الأمين العام إن الإنتربول شريك أساسي للأمم المتحدة";
        let at = text.find("الإنتربول").unwrap();
        let range = at..at + "الإنتربول".len();
        assert_eq!(
            context_words(text, range.clone(), Sort::Left),
            ["ان", "العام", "الامين", "قال"]
        );
        assert_eq!(
            context_words(text, range, Sort::Right),
            ["شريك", "اساسي", "للامم", "المتحده"]
        );
    }

    #[test]
    fn context_stops_at_the_line() {
        let text = "first line\nsecond INTERPOL third";
        let at = text.find("INTERPOL").unwrap();
        assert_eq!(context_words(text, at..at + 8, Sort::Left), ["second"]);
    }
}
