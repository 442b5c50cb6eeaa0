//! The source reader: a whole source laid out at the reader's width, with
//! theme links and entity mentions marked, scrolled to a mark.

use crate::layout::{BidiMode, LayoutOptions, Mark as LayoutMark, VisualLine, layout};
use crate::model::{PassageKind, Span, Workspace};
use std::ops::Range;

/// What a mark in the reader stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A curated link of the theme with this index.
    Link(usize),
    /// A mention of the partner body with this index.
    Mention(usize),
    /// An analyst link to the theme with this index.
    Analyst(usize),
    /// A keyword (or name) of the theme with this index, found in the text.
    Keyword(usize),
    /// The anchor of a note: its index in the notes view's entries.
    Note(usize),
}

impl MarkKind {
    /// Which of several marks on the same words is kept: the opened-from
    /// theme's links first, then other links, notes, mentions, keywords.
    fn rank(self, from: Option<usize>) -> u8 {
        match self {
            MarkKind::Link(t) if Some(t) == from => 0,
            MarkKind::Analyst(t) if Some(t) == from => 1,
            MarkKind::Link(_) => 2,
            MarkKind::Analyst(_) => 3,
            MarkKind::Note(_) => 4,
            MarkKind::Mention(_) => 5,
            MarkKind::Keyword(_) => 6,
        }
    }
}

/// What the reader marks besides the workspace's links and mentions, and
/// where it was opened from.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Analyst links: (theme, words).
    pub analyst: Vec<(usize, Span)>,
    /// Notes on words: (index in the notes view, words).
    pub notes: Vec<(usize, Span)>,
    /// Passages that have notes, as (source, passage): marked in the gutter.
    pub noted: Vec<(usize, usize)>,
    /// The theme whose passage opened the reader: its links stand out.
    pub from: Option<usize>,
}

/// The layout tag of the words being selected for an analyst link.
pub const SELECTION: usize = usize::MAX;

/// A highlighted span in the open source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderMark {
    /// Passage index.
    pub passage: usize,
    /// Byte range in the passage text.
    pub range: Range<usize>,
    /// Link or mention.
    pub kind: MarkKind,
}

/// One screen line of the reader.
#[derive(Debug, Clone)]
pub struct ReaderLine {
    /// Passage index, or `None` for the blank line between passages.
    pub passage: Option<usize>,
    /// `¶N` on the first line of each passage.
    pub gutter: Option<String>,
    /// Whether the passage is a title or heading.
    pub heading: bool,
    /// The laid-out text; segment marks are indices into [`Reader::marks`].
    pub line: VisualLine<usize>,
}

/// Width of the `¶N` gutter.
pub const GUTTER: usize = 6;

/// The open reader.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Source index.
    pub source: usize,
    /// Links and mentions in the source, in reading order.
    pub marks: Vec<ReaderMark>,
    /// The mark the reader is on.
    pub current: usize,
    /// First visible line.
    pub scroll: usize,
    /// Lines at [`Reader::width`].
    pub lines: Vec<ReaderLine>,
    /// Text width the lines were laid out for.
    pub width: usize,
    /// Who orders right-to-left text.
    pub mode: BidiMode,
    /// Words being selected for an analyst link.
    pub selection: Option<Span>,
    /// The theme the reader was opened from, if any.
    pub from: Option<usize>,
    /// Passages of this source that have notes.
    pub noted: Vec<usize>,
}

impl Reader {
    /// Opens `at`'s source with the mark at `at` current (or the next one in
    /// its passage), laid out for a `width` × `height` window.
    pub fn open(
        ws: &Workspace,
        at: &Span,
        extra: &Extra,
        width: usize,
        height: usize,
        mode: BidiMode,
    ) -> Self {
        let source = at.source;
        let mut marks: Vec<ReaderMark> = Vec::new();
        for (t, theme) in ws.themes.iter().enumerate() {
            for l in theme.links.iter().filter(|l| l.span.source == source) {
                marks.push(ReaderMark {
                    passage: l.span.passage,
                    range: l.span.range.clone(),
                    kind: MarkKind::Link(t),
                });
            }
        }
        for (e, entity) in ws.entities.iter().enumerate() {
            for m in entity.mentions.iter().filter(|m| m.source() == source) {
                marks.push(ReaderMark {
                    passage: m.passage(),
                    range: m.range(),
                    kind: MarkKind::Mention(e),
                });
            }
        }
        for (t, theme) in ws.themes.iter().enumerate() {
            for m in theme.mentions.iter().filter(|m| m.source() == source) {
                marks.push(ReaderMark {
                    passage: m.passage(),
                    range: m.range(),
                    kind: MarkKind::Keyword(t),
                });
            }
        }
        let analyst = extra
            .analyst
            .iter()
            .map(|(t, s)| (MarkKind::Analyst(*t), s));
        let notes = extra.notes.iter().map(|(i, s)| (MarkKind::Note(*i), s));
        for (kind, span) in analyst.chain(notes).filter(|(_, s)| s.source == source) {
            marks.push(ReaderMark {
                passage: span.passage,
                range: span.range.clone(),
                kind,
            });
        }
        let from = extra.from;
        marks.sort_by_key(|m| (m.passage, m.range.start, m.range.end, m.kind.rank(from)));
        // Several themes often quote the same words: one mark is enough,
        // the one that says most (see `MarkKind::rank`). A note is never
        // hidden behind a link: `n` stops on it too.
        marks.dedup_by(|b, a| {
            a.passage == b.passage && a.range == b.range && !matches!(b.kind, MarkKind::Note(_))
        });
        let mut noted: Vec<usize> = extra
            .noted
            .iter()
            .filter(|(s, _)| *s == source)
            .map(|&(_, p)| p)
            .collect();
        noted.sort_unstable();
        noted.dedup();
        let current = marks
            .iter()
            .position(|m| m.passage == at.passage && m.range == at.range)
            .or_else(|| {
                marks
                    .iter()
                    .position(|m| m.passage == at.passage && m.range.start >= at.range.start)
            })
            .unwrap_or(0);
        let mut reader = Reader {
            source,
            marks,
            current,
            scroll: 0,
            lines: Vec::new(),
            width: 0,
            mode,
            selection: None,
            from,
            noted,
        };
        reader.relayout(ws, width);
        reader.scroll_to_current(height);
        reader
    }

    /// Lays the source out again for a new width, keeping the place.
    pub fn relayout(&mut self, ws: &Workspace, width: usize) {
        let anchor = self
            .lines
            .get(self.scroll)
            .and_then(|l| l.passage.map(|p| (p, l.line.source.start)));
        self.width = width;
        self.lines.clear();
        let text_width = width.saturating_sub(self.gutter()).max(1);
        let source = &ws.sources[self.source];
        let opts = LayoutOptions {
            mode: self.mode,
            lang: source.lang.as_deref(),
        };
        for (pi, passage) in source.passages.iter().enumerate() {
            if pi > 0 {
                self.lines.push(ReaderLine {
                    passage: None,
                    gutter: None,
                    heading: false,
                    line: VisualLine {
                        segments: Vec::new(),
                        width: 0,
                        source: 0..0,
                    },
                });
            }
            // The current mark first: where marks overlap, it shows on top.
            let mut order: Vec<usize> = (0..self.marks.len())
                .filter(|&i| self.marks[i].passage == pi)
                .collect();
            order.sort_by_key(|&i| (i != self.current, self.marks[i].kind.rank(self.from)));
            let selection = self
                .selection
                .as_ref()
                .filter(|s| s.passage == pi)
                .map(|s| LayoutMark {
                    range: s.range.clone(),
                    tag: SELECTION,
                });
            let marks: Vec<LayoutMark<usize>> = selection
                .into_iter()
                .chain(order.into_iter().map(|i| LayoutMark {
                    range: self.marks[i].range.clone(),
                    tag: i,
                }))
                .collect();
            let heading = passage.kind != PassageKind::Paragraph;
            for (li, line) in layout(&passage.text, &marks, text_width, &opts)
                .into_iter()
                .enumerate()
            {
                self.lines.push(ReaderLine {
                    passage: Some(pi),
                    gutter: (li == 0 && self.gutter() > 0).then(|| {
                        // ✎: the passage has notes.
                        let noted = if self.noted.contains(&pi) { "✎" } else { "" };
                        format!("¶{}{noted}", passage.n)
                    }),
                    heading,
                    line,
                });
            }
        }
        if let Some((p, start)) = anchor {
            self.scroll = self
                .lines
                .iter()
                .position(|l| l.passage == Some(p) && l.line.source.end > start)
                .unwrap_or(0);
        }
    }

    /// Width of the `¶N` gutter: none in terminal mode, where the terminal
    /// reorders whole rows and anything beside the text would be scrambled.
    pub fn gutter(&self) -> usize {
        if self.mode == BidiMode::Terminal {
            0
        } else {
            GUTTER
        }
    }

    /// The words of the current mark.
    pub fn current_span(&self) -> Option<Span> {
        self.marks.get(self.current).map(|m| Span {
            source: self.source,
            passage: m.passage,
            range: m.range.clone(),
        })
    }

    /// The passage the reader is on: the current mark's, else the first
    /// one in view.
    pub fn focus_passage(&self) -> usize {
        let in_view = self
            .lines
            .iter()
            .skip(self.scroll)
            .find_map(|l| l.passage)
            .unwrap_or(0);
        self.marks.get(self.current).map_or(in_view, |m| m.passage)
    }

    /// Marks `span` as the words being selected (or clears it).
    pub fn set_selection(&mut self, ws: &Workspace, span: Option<Span>, width: usize) {
        self.selection = span;
        self.relayout(ws, width);
    }

    /// Scrolls the selection into a window of `height` lines.
    pub fn scroll_to_selection(&mut self, height: usize) {
        let Some(sel) = &self.selection else { return };
        let line = self
            .lines
            .iter()
            .position(|l| l.passage == Some(sel.passage) && l.line.source.end > sel.range.start);
        if let Some(line) = line
            && (line < self.scroll || line >= self.scroll + height)
        {
            self.scroll = line.saturating_sub(height / 3);
        }
    }

    /// The line showing the current mark.
    pub fn current_line(&self) -> Option<usize> {
        let mark = self.marks.get(self.current)?;
        self.lines
            .iter()
            .position(|l| l.passage == Some(mark.passage) && l.line.source.end > mark.range.start)
    }

    /// Scrolls so the current mark sits a third of the way down a window of
    /// `height` lines, unless it is already visible.
    pub fn scroll_to_current(&mut self, height: usize) {
        let Some(line) = self.current_line() else {
            return;
        };
        if line < self.scroll || line >= self.scroll + height {
            self.scroll = line.saturating_sub(height / 3);
        }
    }

    /// Last useful scroll position for a window of `height` lines.
    pub fn max_scroll(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height)
    }
}
