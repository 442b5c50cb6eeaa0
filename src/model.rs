//! The resolved workspace: sources split into passages, themes with their
//! links resolved to spans, partner bodies with their mentions, dated
//! events, and the links analysts add from notes. Everything here is plain data, validated and cross-referenced by
//! [`crate::workspace`]; indices into the vectors stand for references.

use crate::workspace::Problem;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// Text in several languages, keyed by language code (`en`, `ar`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LangText(pub BTreeMap<String, String>);

impl LangText {
    /// A single-language text.
    pub fn one(lang: &str, text: impl Into<String>) -> Self {
        LangText(BTreeMap::from([(lang.to_string(), text.into())]))
    }

    /// The text in `lang`, else English, else any language.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// The other languages' texts than `lang`'s pick, in code order.
    pub fn others(&self, lang: &str) -> impl Iterator<Item = (&str, &str)> {
        let shown = self.get(lang);
        self.0
            .iter()
            .filter(move |(_, t)| t.as_str() != shown)
            .map(|(l, t)| (l.as_str(), t.as_str()))
    }

    /// Every language's text.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.values().map(String::as_str)
    }
}

/// What a passage is, by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    /// The first passage of a source.
    Title,
    /// A short line without sentence punctuation.
    Heading,
    /// Anything else.
    Paragraph,
}

/// A passage's text: a range of one buffer its source's passages share, so
/// a million passages are not a million allocations. Reads as a `str`.
#[derive(Clone)]
pub struct PassageText {
    /// A `String` behind the `Arc`, not a `str`: the source's text moves
    /// in without a copy, and the pointer is thin.
    buf: Arc<String>,
    start: usize,
    end: usize,
}

impl PassageText {
    /// The text `buf[range]`, sharing `buf`. Panics if `range` is not a
    /// range of `buf` on character boundaries.
    pub fn new(buf: Arc<String>, range: Range<usize>) -> PassageText {
        assert!(
            buf.get(range.clone()).is_some(),
            "a passage within its buffer"
        );
        PassageText {
            buf,
            start: range.start,
            end: range.end,
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.buf[self.start..self.end]
    }
}

impl std::ops::Deref for PassageText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for PassageText {
    fn from(text: &str) -> PassageText {
        PassageText::new(Arc::new(text.to_string()), 0..text.len())
    }
}

impl From<String> for PassageText {
    fn from(text: String) -> PassageText {
        let len = text.len();
        PassageText::new(Arc::new(text), 0..len)
    }
}

impl PartialEq for PassageText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for PassageText {}

impl PartialEq<str> for PassageText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for PassageText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for PassageText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl std::fmt::Display for PassageText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// A block of a source between blank lines.
#[derive(Debug, Clone)]
pub struct Passage {
    /// 1-based number within its source (the `N` of `SOURCE:N`).
    pub n: usize,
    /// Title, heading or paragraph.
    pub kind: PassageKind,
    /// The passage text as written (lines joined with `\n`, ends trimmed).
    pub text: PassageText,
    /// 1-based line in the source file where the passage starts.
    pub line: usize,
}

/// A source document from `seeds/`.
#[derive(Debug, Clone)]
pub struct Source {
    /// Stable id (file stem unless `themes.yaml` gives one).
    pub id: String,
    /// Path relative to `seeds/`.
    pub file: PathBuf,
    /// Title from `themes.yaml`, else the first passage.
    pub title: LangText,
    /// Language code of the text, when known.
    pub lang: Option<String>,
    /// Publication date as written in `themes.yaml`, else as the source's
    /// dateline writes it ([`crate::date::dateline`]), as `YYYY-MM[-DD]`.
    pub date: Option<String>,
    /// The passages, in order; shared with the version before a reload
    /// when the file did not change.
    pub passages: std::sync::Arc<[Passage]>,
}

/// A place in a source: passage index and a byte span of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Index into [`Workspace::sources`].
    pub source: usize,
    /// Index into that source's passages (`n - 1`).
    pub passage: usize,
    /// Byte range in the passage text.
    pub range: Range<usize>,
}

/// A theme's supporting passage, resolved from its quote.
#[derive(Debug, Clone)]
pub struct Link {
    /// The quote as written in `themes.yaml`.
    pub quote: String,
    /// Where it resolved.
    pub span: Span,
}

/// A passage an analyst attached to a theme (besides the curated links of
/// `themes.yaml`): a [`Link`] made from a note, not part of the resolved
/// workspace but pointing into it.
#[derive(Debug, Clone)]
pub struct AnalystLink {
    /// Index into [`Workspace::themes`].
    pub theme: usize,
    /// The words linked.
    pub span: Span,
    /// Who linked them.
    pub author: String,
    /// When, with the writer's offset.
    pub created: chrono::DateTime<chrono::FixedOffset>,
    /// Why, if the analyst said.
    pub note: Option<String>,
}

/// A cooperation area.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Stable id.
    pub id: String,
    /// Name per language.
    pub name: LangText,
    /// Short description.
    pub summary: LangText,
    /// Extra search words, any language.
    pub keywords: Vec<String>,
    /// Related partner bodies (indices into [`Workspace::entities`]).
    pub entities: Vec<usize>,
    /// Supporting passages.
    pub links: Vec<Link>,
    /// Occurrences of the theme's names and keywords.
    pub mentions: Vec<Mention>,
    /// Curated links that did not resolve (a quote not found or
    /// ambiguous), kept to show where they belong, with why.
    pub broken: Vec<BrokenLink>,
}

/// A curated link whose quote no longer resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The quote as written in `themes.yaml`.
    pub quote: String,
    /// What is wrong, as the problem says it.
    pub why: String,
    /// The passage the quote is closest to, if any: (source, passage).
    pub closest: Option<(usize, usize)>,
}

impl Theme {
    /// Names and keywords, the phrases its mentions are found by.
    pub fn phrases(&self) -> impl Iterator<Item = &str> {
        self.name
            .all()
            .chain(self.keywords.iter().map(String::as_str))
    }

    /// Whether `passage` names the theme: holds one of its names or
    /// keywords, by the rule mentions are found by
    /// ([`crate::mentions::Names`]: folding, word boundaries, clitics).
    pub fn is_named_in(&self, passage: &Passage) -> bool {
        crate::mentions::Names::new(self.phrases()).occur_in(&passage.text)
    }
}

/// An occurrence of a partner body's name or alias (or a theme's name or
/// keyword). Held in 16 bytes, its [`Span`]'s fields as 32-bit numbers: a
/// million passages hold millions of mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    source: u32,
    passage: u32,
    start: u32,
    end: u32,
}

impl Mention {
    /// A mention at `span`; `None` when a number passes 4 Gi (a source
    /// a thousand times over the default cap).
    pub fn new(span: &Span) -> Option<Mention> {
        let n = |v: usize| u32::try_from(v).ok();
        Some(Mention {
            source: n(span.source)?,
            passage: n(span.passage)?,
            start: n(span.range.start)?,
            end: n(span.range.end)?,
        })
    }

    /// Where it occurs.
    pub fn span(&self) -> Span {
        Span {
            source: self.source as usize,
            passage: self.passage as usize,
            range: self.start as usize..self.end as usize,
        }
    }

    /// Index into [`Workspace::sources`].
    pub fn source(&self) -> usize {
        self.source as usize
    }

    /// Index into that source's passages.
    pub fn passage(&self) -> usize {
        self.passage as usize
    }

    /// Byte range in the passage text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A partner body, person, programme or instrument: anything the sources
/// name that is not a theme.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable id.
    pub id: String,
    /// Free-form kind: organization, body, office, agency, person, and
    /// for what is not a body, programme, instrument, …
    pub kind: String,
    /// Name per language.
    pub name: LangText,
    /// Other names: acronyms, short forms, other spellings.
    pub aliases: Vec<String>,
    /// Parent body (index into [`Workspace::entities`]).
    pub part_of: Option<usize>,
    /// Every occurrence in every passage, in source order.
    pub mentions: Vec<Mention>,
}

impl Entity {
    /// All names and aliases, the phrases its mentions are found by.
    pub fn phrases(&self) -> impl Iterator<Item = &str> {
        self.name
            .all()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// A dated happening anchored in a source.
#[derive(Debug, Clone)]
pub struct Event {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as written.
    pub date: String,
    /// What happened.
    pub label: LangText,
    /// Where the source says so.
    pub span: Span,
}

/// Everything loaded from one workspace folder.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The folder holding `themes.yaml` and `seeds/`.
    pub root: PathBuf,
    /// Sources, in file-name order.
    pub sources: Vec<Source>,
    /// Themes, in `themes.yaml` order.
    pub themes: Vec<Theme>,
    /// Partner bodies, in `themes.yaml` order.
    pub entities: Vec<Entity>,
    /// Events, in `themes.yaml` order.
    pub events: Vec<Event>,
    /// What did not stop the load but should be looked at, each at its
    /// place in `themes.yaml`, in file order: links whose passage names
    /// none of their theme's names and keywords ([`Workspace::link_warning`]).
    /// `coopdash check` prints them; a problems list shows them.
    pub warnings: Vec<Problem>,
}

impl Workspace {
    /// A workspace with nothing in it, at `root`: what the notes commands
    /// work against when `themes.yaml` cannot be read at all.
    pub fn empty(root: &std::path::Path) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            sources: Vec::new(),
            themes: Vec::new(),
            entities: Vec::new(),
            events: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The passage a span points into.
    pub fn passage(&self, span: &Span) -> &Passage {
        &self.sources[span.source].passages[span.passage]
    }

    /// The text a span covers.
    pub fn span_text(&self, span: &Span) -> &str {
        self.passage(span)
            .text
            .get(span.range.clone())
            .unwrap_or("")
    }

    /// The `SOURCE:N` address of a span's passage.
    pub fn address(&self, span: &Span) -> String {
        format!("{}:{}", self.sources[span.source].id, span.passage + 1)
    }

    /// Children of an entity (or the roots, for `None`), in file order.
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.entities
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.part_of == parent)
            .map(|(i, _)| i)
    }

    /// Total number of passages.
    pub fn passage_count(&self) -> usize {
        self.sources.iter().map(|s| s.passages.len()).sum()
    }

    /// Total number of entity mentions.
    pub fn mention_count(&self) -> usize {
        self.entities.iter().map(|e| e.mentions.len()).sum()
    }

    /// The evidence warning for a link of theme `theme` to `span`, curated
    /// or an analyst's: `Some((what is wrong, how to fix it))` when the
    /// linked passage names none of the theme's names and keywords
    /// ([`Theme::is_named_in`]). The passage is the unit: any quote in a
    /// passage that names the theme passes.
    pub fn link_warning(&self, theme: usize, span: &Span) -> Option<(String, &'static str)> {
        let t = &self.themes[theme];
        (!t.is_named_in(self.passage(span))).then(|| {
            (
                format!(
                    "link of theme `{}` to {} mentions none of its names or keywords",
                    t.id,
                    self.address(span)
                ),
                "quote words that name the theme, or add the keyword the passage uses",
            )
        })
    }

    /// Total number of theme links.
    pub fn link_count(&self) -> usize {
        self.themes.iter().map(|t| t.links.len()).sum()
    }

    /// Whether every reference holds: passages numbered in order, spans
    /// inside their passage on character boundaries, entity indices in
    /// range and `part_of` without cycles. [`crate::workspace::load`] builds
    /// workspaces that hold by construction; anything decoded from bytes
    /// (the search cache) must be checked before it is used.
    pub fn is_consistent(&self) -> bool {
        let span_ok = |s: &Span| {
            self.sources
                .get(s.source)
                .and_then(|src| src.passages.get(s.passage))
                .is_some_and(|p| p.text.get(s.range.clone()).is_some())
        };
        let entities = self.entities.len();
        let numbered = self
            .sources
            .iter()
            .all(|s| s.passages.iter().enumerate().all(|(i, p)| p.n == i + 1));
        let theme_ok = |t: &Theme| {
            t.entities.iter().all(|&e| e < entities)
                && t.links.iter().all(|l| span_ok(&l.span))
                && t.mentions.iter().all(|m| span_ok(&m.span()))
        };
        let body_ok = |e: &Entity| {
            e.part_of.is_none_or(|p| p < entities) && e.mentions.iter().all(|m| span_ok(&m.span()))
        };
        // Millions of mentions at scale: shared out between the cores by
        // their number, as loading shares its work.
        let all = |oks: Vec<bool>| oks.into_iter().all(|ok| ok);
        let themes = all(crate::progress::on_cores(
            &self.themes,
            |t| t.mentions.len(),
            |_, run| run.iter().all(theme_ok),
        ));
        let bodies = all(crate::progress::on_cores(
            &self.entities,
            |e| e.mentions.len(),
            |_, run| run.iter().all(body_ok),
        ));
        numbered
            && themes
            && bodies
            && self.events.iter().all(|e| span_ok(&e.span))
            && part_of_cycles(&self.entities).is_empty()
    }
}

/// Every `part_of` cycle among `entities`, each once: the indices of its
/// members in chain order, starting from its lowest index; the cycles in
/// order of that index. Linear in the number of entities (each is walked
/// once), so a crafted chain of any length costs no more than reading it.
/// A `part_of` out of range ends a chain.
pub fn part_of_cycles(entities: &[Entity]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::No; entities.len()];
    let mut cycles = Vec::new();
    let mut path = Vec::new();
    for start in 0..entities.len() {
        let mut at = Some(start);
        while let Some(e) = at.filter(|&e| e < entities.len() && seen[e] == Seen::No) {
            seen[e] = Seen::OnPath;
            path.push(e);
            at = entities[e].part_of;
        }
        // Reaching a body on the current path closes a cycle.
        if let Some(e) = at.filter(|&e| e < entities.len() && seen[e] == Seen::OnPath) {
            let from = path.iter().position(|&p| p == e).unwrap_or(0);
            let mut cycle = path[from..].to_vec();
            let lowest = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
            cycle.rotate_left(lowest);
            cycles.push(cycle);
        }
        path.drain(..).for_each(|e| seen[e] = Seen::Done);
    }
    cycles.sort();
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mention_takes_sixteen_bytes_and_gives_its_span_back() {
        assert_eq!(std::mem::size_of::<Mention>(), 16);
        let span = Span {
            source: 3,
            passage: 70_000,
            range: 12..4_000_000,
        };
        let m = Mention::new(&span).unwrap();
        assert_eq!(m.span(), span);
        assert_eq!(
            (m.source(), m.passage(), m.range()),
            (3, 70_000, 12..4_000_000)
        );
        let far = Span {
            range: 0..u32::MAX as usize + 1,
            ..span
        };
        assert!(Mention::new(&far).is_none());
    }

    fn bodies(parents: &[Option<usize>]) -> Vec<Entity> {
        parents
            .iter()
            .enumerate()
            .map(|(i, &part_of)| Entity {
                id: format!("e{i}"),
                kind: "body".into(),
                name: LangText::one("en", format!("E{i}")),
                aliases: Vec::new(),
                part_of,
                mentions: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn part_of_cycles_are_found_once_each_from_their_lowest_member() {
        // 0 leads into the cycle 8 → 7 → 8; 2 → 3 → 2; 4 contains itself;
        // 5 is a plain chain and 6 points out of range.
        let e = bodies(&[
            Some(8),
            None,
            Some(3),
            Some(2),
            Some(4),
            Some(1),
            Some(99),
            Some(8),
            Some(7),
        ]);
        assert_eq!(part_of_cycles(&e), vec![vec![2, 3], vec![4], vec![7, 8]]);
        assert!(part_of_cycles(&bodies(&[None, Some(0), Some(1)])).is_empty());
    }

    #[test]
    fn a_cycle_through_every_body_is_one_cycle() {
        let n = 20_000;
        let mut parents: Vec<Option<usize>> = (0..n).map(|i| Some(i + 1)).collect();
        parents[n - 1] = Some(0);
        let cycles = part_of_cycles(&bodies(&parents));
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), n);
    }
}
