//! The finder's engine: fuzzy search across themes, partner bodies,
//! passages, events and notes, in Arabic and English. Pure core: no
//! terminal code; the dashboard overlay and `coopdash search` both drive it.
//!
//! - [`Index`] holds one folded key per searchable text ([`crate::text::fold`],
//!   the one normalization) and a 64-bit letter mask per key.
//! - A query is folded the same way and split into words; each Arabic word
//!   loses its clitic prefixes ([`crate::text::phrase::clitic_stems`]), so
//!   بالأمن finds الأمن and الأمن finds للأمن.
//! - Typos: a query word of five letters or more may be one edit away
//!   (Damerau–Levenshtein on folded words), from nine letters two. The
//!   index keeps the workspace's distinct words ([`Index`], built on first
//!   use); a query word's variants are the words within its edits, and
//!   they are found in keys like the word itself.
//! - Each key goes through the letter mask and an in-order character check
//!   (memchr), or a variant's byte finder: the candidates. Literal
//!   occurrences of each word (the phrase rule) give the tier, and
//!   fuzzy-matcher's `SkimMatcherV2` scores the occurrence; a variant's
//!   occurrence is a typo. Letters scattered through a text are never a
//!   hit: in names only, the first letters of consecutive words spell a
//!   word (initials, `unodc`).
//! - The first page (a `limit`) leaves keys with typos or initials only
//!   for later when literal hits fill it ([`Results::complete`]); the full
//!   ranking (`None`) scores them.
//! - [`cache`] keeps the loaded workspace and index on disk for the
//!   command line (and whoever wants a fast start), trusted only while the
//!   sources are unchanged.
//! - Ranking: a query in capitals (`WHO`) first puts the keys holding it
//!   in that case (and the passages mentioning a body it names); then
//!   [`Tier`], then kind, then score, then document order: the whole name,
//!   then the exact phrase, then every word whole, then word starts, then
//!   inside words, then typos, then initials; a theme or partner body above
//!   an event, a note, a passage, then a theme found by its summary only;
//!   ties in document order.
//! - Aliases: a query that is a whole name, alias or keyword of a partner
//!   body or theme also finds every passage that mentions it
//!   ([`crate::model::Entity::mentions`]), in any language: `UNODC` finds
//!   the Arabic passages naming مكتب الأمم المتحدة المعني بالمخدرات والجريمة.
//!   So does a name with typos (`interpool`, below exact matches) or with
//!   its last word cut short (`interp`).
//!
//! # Driving it from a UI
//!
//! ```no_run
//! use coopdash::search::{Index, Searcher};
//! use std::sync::{Arc, mpsc};
//! # let ws: coopdash::model::Workspace = unimplemented!();
//! let searcher = Arc::new(Searcher::new(Arc::new(Index::new(Arc::new(ws)))));
//! let (to_worker, jobs) = mpsc::channel::<(String, coopdash::search::Ticket)>();
//! let worker = Arc::clone(&searcher);
//! std::thread::spawn(move || {
//!     for (query, ticket) in jobs {
//!         // A newer ticket makes this return None quickly: drop it.
//!         let Some(first_page) = worker.search(&query, None, Some(50), &ticket) else { continue };
//!         // ...send first_page to the UI thread (it has highlights for its hits)...
//!         // Then, if still current, the complete ranking for scrolling.
//!         let Some(all) = worker.search(&query, None, None, &ticket) else { continue };
//!         # let _ = (first_page, all);
//!     }
//! });
//! // On every keystroke, on the UI thread: echo the query, then
//! let ticket = searcher.ticket(); // cancels all older work at once
//! to_worker.send(("interpol".into(), ticket)).unwrap();
//! ```
//!
//! The worker should drain the channel and keep only the last job. A query
//! that extends the previous one (one more letter) re-scores only the
//! previous candidates. Highlights for rows scrolled into view later come
//! from [`Searcher::highlight`].

pub mod cache;
mod highlight;
mod index;
mod query;
mod searcher;

pub use highlight::Highlight;
pub use index::Index;
pub use searcher::{Searcher, Ticket};

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The kinds of searchable items, in the order the kind filter cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A cooperation theme: names in every language, keywords.
    Theme,
    /// A partner body or person: names in every language, aliases.
    Entity,
    /// A passage of a source: its text.
    Passage,
    /// A dated event: labels in every language, date.
    Event,
    /// An analyst's note: its text.
    Note,
}

impl Kind {
    /// Every kind, in filter order.
    pub const ALL: [Kind; 5] = [
        Kind::Theme,
        Kind::Entity,
        Kind::Passage,
        Kind::Event,
        Kind::Note,
    ];

    /// The kind's name as written on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Theme => "theme",
            Kind::Entity => "entity",
            Kind::Passage => "passage",
            Kind::Event => "event",
            Kind::Note => "note",
        }
    }

    /// Rank among kinds when tiers tie: a name that matches is what the
    /// analyst looked for more often than a passage that contains it. (A
    /// theme found by its summary only ranks below passages: class 0.)
    fn class(self) -> u8 {
        match self {
            Kind::Theme | Kind::Entity => 4,
            Kind::Event => 3,
            Kind::Note => 2,
            Kind::Passage => 1,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| format!("unknown kind `{s}`: use theme, entity, passage, event or note"))
    }
}

/// A searchable item. Indices point into the [`crate::model::Workspace`]
/// vectors the index was built from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Item {
    /// `Workspace::themes[i]`.
    Theme(usize),
    /// `Workspace::entities[i]`.
    Entity(usize),
    /// `Workspace::sources[source].passages[passage]`.
    Passage {
        /// Index of the source.
        source: usize,
        /// Index of the passage in it (`n - 1`).
        passage: usize,
    },
    /// `Workspace::events[i]`.
    Event(usize),
    /// A note, by the id it was added with ([`Index::upsert_note`]).
    Note(String),
}

impl Item {
    /// The item's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Item::Theme(_) => Kind::Theme,
            Item::Entity(_) => Kind::Entity,
            Item::Passage { .. } => Kind::Passage,
            Item::Event(_) => Kind::Event,
            Item::Note(_) => Kind::Note,
        }
    }
}

/// Which text of an item matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    /// A theme's or partner body's name in a language.
    Name(String),
    /// A partner body's alias (index into `aliases`).
    Alias(usize),
    /// A theme's keyword (index into `keywords`).
    Keyword(usize),
    /// An event's label in a language.
    Label(String),
    /// An event's date.
    Date,
    /// A passage's or note's text.
    Text,
    /// A theme's summary in a language.
    Summary(String),
}

/// How well a query matched, best first. Hits are ranked by tier before
/// kind and score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// In a name: a word spelt by the first letters of consecutive words
    /// (initials).
    Scattered,
    /// A word within its allowed edits of a word of the text (one from
    /// five letters, two from nine), the others literal.
    Typo,
    /// Every query word inside a word of the text.
    Substring,
    /// Every query word at the start of a word (clitics allowed).
    WordStart,
    /// Every query word as a whole word, in any order.
    Words,
    /// The query as a phrase of whole words, or a passage that mentions a
    /// partner body or theme the query names in full. (A passage found
    /// through a name the query names with typos, or cut short, takes
    /// [`Tier::Typo`] or [`Tier::WordStart`].)
    Exact,
    /// The query is the whole name, alias, keyword or label.
    Full,
}

/// One ranked result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// What matched.
    pub item: Item,
    /// How well.
    pub tier: Tier,
    /// fuzzy-matcher's score, summed over the query's words (for an alias
    /// hit, the score of the name that matched).
    pub score: i64,
    /// Which text of the item matched.
    pub field: Field,
    /// For a passage found through a name: the partner body or theme whose
    /// name or alias the query is, and the mention's byte range.
    pub via: Option<(Item, std::ops::Range<usize>)>,
    /// Matched characters as byte ranges of the field's original text, and
    /// the snippet to show; present on hits of a search with a `limit`
    /// (else ask [`Searcher::highlight`] for the rows shown).
    pub highlight: Option<Highlight>,
}

impl Hit {
    /// The hit's kind.
    pub fn kind(&self) -> Kind {
        self.item.kind()
    }
}

/// The answer to one query.
#[derive(Debug, Clone)]
pub struct Results {
    /// The query as typed.
    pub query: String,
    /// The kind filter it ran with.
    pub kind: Option<Kind>,
    /// The best hits, best first: all of them, or the first `limit`.
    pub hits: Vec<Hit>,
    /// How many items matched in all; when not `complete`, how many
    /// matched literally (typos and initials not counted yet).
    pub total: usize,
    /// Whether every key was scored. A first page filled by literal hits
    /// leaves typo and initials candidates for the full ranking.
    pub complete: bool,
    /// The compiled query, for highlighting (`None` for an empty query).
    compiled: Option<std::sync::Arc<query::Query>>,
}
