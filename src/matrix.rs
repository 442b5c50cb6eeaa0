//! The themes × partner bodies matrix: for each theme and body, the
//! passages where both occur. Pure data; the UI draws it as a heat grid.
//!
//! The rule, per passage (a `SOURCE:N`, not a word position):
//! - a theme occurs in a passage if one of its links points into it, curated
//!   (`themes.yaml`) or analyst, or if one of its names or keywords is
//!   mentioned in it;
//! - a partner body occurs in a passage if one of its names or aliases is
//!   mentioned in it. Only its own mentions count: a mention of UNODC is not
//!   one of the United Nations (the mention finder already gives a longer
//!   name precedence, and summing children would count passages twice);
//! - a cell counts the distinct passages where both occur, so a passage with
//!   three links and two mentions counts once.

use crate::model::{AnalystLink, Span, Workspace};
use std::collections::{BTreeMap, BTreeSet};

/// Passage address: `(source index, passage index)`.
type At = (usize, usize);

/// Themes × partner bodies, each cell the passages where both occur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    themes: usize,
    entities: usize,
    /// Row-major: `cells[theme * entities + entity]`.
    cells: Vec<Vec<Span>>,
}

impl Matrix {
    /// Builds the matrix from the workspace and the analysts' links.
    pub fn build(ws: &Workspace, analyst_links: &[AnalystLink]) -> Matrix {
        let at = |s: &Span| (s.source, s.passage);
        let mut theme_at: Vec<BTreeSet<At>> = ws
            .themes
            .iter()
            .map(|t| {
                t.links
                    .iter()
                    .map(|l| at(&l.span))
                    .chain(t.mentions.iter().map(|m| (m.source(), m.passage())))
                    .collect()
            })
            .collect();
        for l in analyst_links {
            if let Some(set) = theme_at.get_mut(l.theme) {
                set.insert(at(&l.span));
            }
        }
        // Each body's passages, with its first mention there for drill-down.
        let entity_at: Vec<BTreeMap<At, Span>> = ws
            .entities
            .iter()
            .map(|e| {
                let mut first = BTreeMap::new();
                for m in &e.mentions {
                    first
                        .entry((m.source(), m.passage()))
                        .or_insert_with(|| m.span());
                }
                first
            })
            .collect();
        let mut cells = Vec::with_capacity(ws.themes.len() * ws.entities.len());
        for passages in &theme_at {
            for mentions in &entity_at {
                cells.push(
                    passages
                        .iter()
                        .filter_map(|p| mentions.get(p).cloned())
                        .collect(),
                );
            }
        }
        Matrix {
            themes: ws.themes.len(),
            entities: ws.entities.len(),
            cells,
        }
    }

    /// Number of rows (themes, in workspace order).
    pub fn themes(&self) -> usize {
        self.themes
    }

    /// Number of columns (partner bodies, in workspace order).
    pub fn entities(&self) -> usize {
        self.entities
    }

    /// The passages where theme `theme` and body `entity` both occur, in
    /// source order; each given as the span of the body's first mention in
    /// that passage, so a list can show and highlight it and Enter can open
    /// the reader there. Empty when out of range.
    pub fn passages(&self, theme: usize, entity: usize) -> &[Span] {
        if theme >= self.themes || entity >= self.entities {
            return &[];
        }
        &self.cells[theme * self.entities + entity]
    }

    /// The cell's count: how many passages.
    pub fn count(&self, theme: usize, entity: usize) -> usize {
        self.passages(theme, entity).len()
    }

    /// The largest count, for scaling a heat grid (0 for an empty matrix).
    pub fn max(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, LangText, Link, Mention, Passage, PassageKind, Source, Theme};
    use chrono::DateTime;

    fn span(passage: usize, range: std::ops::Range<usize>) -> Span {
        Span {
            source: 0,
            passage,
            range,
        }
    }

    fn ws() -> Workspace {
        let passage = |n: usize| Passage {
            n,
            kind: PassageKind::Paragraph,
            text: "UN and INTERPOL work on cybercrime".into(),
            line: n,
        };
        let entity = |id: &str, mentions: Vec<Span>| Entity {
            id: id.into(),
            kind: "organization".into(),
            name: LangText::one("en", id),
            aliases: vec![],
            part_of: None,
            mentions: mentions.iter().filter_map(Mention::new).collect(),
        };
        Workspace {
            root: ".".into(),
            sources: vec![Source {
                id: "s".into(),
                file: "s.txt".into(),
                title: LangText::one("en", "S"),
                lang: None,
                date: None,
                passages: (1..=4).map(passage).collect::<Vec<_>>().into(),
            }],
            themes: vec![Theme {
                id: "cyber".into(),
                name: LangText::one("en", "Cyber"),
                summary: LangText::default(),
                keywords: vec![],
                entities: vec![],
                // Two links into ¶1: still one passage.
                links: vec![
                    Link {
                        quote: "cybercrime".into(),
                        span: span(0, 24..34),
                    },
                    Link {
                        quote: "work".into(),
                        span: span(0, 16..20),
                    },
                ],
                // Mentioned (not linked) in ¶2.
                mentions: Mention::new(&span(1, 24..34)).into_iter().collect(),
                broken: vec![],
            }],
            entities: vec![
                entity("un", vec![span(0, 0..2), span(1, 0..2), span(2, 0..2)]),
                entity(
                    "interpol",
                    vec![span(0, 7..15), span(0, 7..15), span(3, 7..15)],
                ),
            ],
            events: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn counts_distinct_passages_from_links_mentions_and_analyst_links() {
        let ws = ws();
        let m = Matrix::build(&ws, &[]);
        assert_eq!((m.themes(), m.entities()), (1, 2));
        // un: ¶1 (link), ¶2 (theme mention); not ¶3 (no theme there).
        assert_eq!(m.count(0, 0), 2);
        // interpol: ¶1 only, once although mentioned twice there.
        assert_eq!(m.count(0, 1), 1);
        assert_eq!(m.passages(0, 1), [span(0, 7..15)]);

        let created = DateTime::parse_from_rfc3339("2024-03-14T10:00:00+01:00").unwrap();
        let link = AnalystLink {
            theme: 0,
            span: span(3, 0..5),
            author: "layla".into(),
            created,
            note: None,
        };
        let m = Matrix::build(&ws, &[link]);
        assert_eq!(m.count(0, 1), 2);
        assert_eq!(m.passages(0, 1), [span(0, 7..15), span(3, 7..15)]);
        assert_eq!(m.max(), 2);
        assert_eq!(m.count(5, 5), 0);
    }
}
