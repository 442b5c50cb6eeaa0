//! Running queries: the parallel scan, cancellation, refinement of the
//! previous candidates, alias expansion, ranking and top-k selection.

use super::index::Index;
use super::query::{Outcome, Query};
use super::{Field, Hit, Item, Kind, Results, Tier};
use fuzzy_matcher::skim::SkimMatcherV2;
use std::cmp::{Ordering, Reverse};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex};

/// Keys scanned between two looks at the ticket and two grabs of work.
const CHUNK: usize = 4096;

/// A claim to be the newest search. [`Searcher::ticket`] hands out a new
/// one and thereby cancels every older ticket's search.
#[derive(Debug, Clone)]
pub struct Ticket {
    latest: Arc<AtomicU64>,
    id: u64,
}

impl Ticket {
    /// Whether no newer ticket has been handed out.
    pub fn is_current(&self) -> bool {
        self.latest.load(AtomicOrdering::Acquire) == self.id
    }
}

/// Runs queries against an [`Index`]; share it (`Arc`) between the UI
/// thread (tickets) and a worker thread (searches). See the module docs.
pub struct Searcher {
    index: Arc<Index>,
    latest: Arc<AtomicU64>,
    matcher: SkimMatcherV2,
    last: Mutex<Option<Last>>,
    /// Typo variants of the latest stems, newest first: while a second
    /// word is typed, every keystroke asks again for the first one's.
    variants: Mutex<Vec<Variants>>,
}

/// A stem, the edits allowed, and its typo variants.
type Variants = (String, usize, Vec<(String, usize)>);

/// How many stems' variants are remembered.
const REMEMBERED_STEMS: usize = 8;

/// The previous completed search, for refinement and reuse.
#[derive(Debug)]
struct Last {
    query: Arc<Query>,
    kind: Option<Kind>,
    /// Workspace keys that passed the cheap check, ascending.
    candidates: Arc<Vec<u32>>,
    /// Workspace keys that matched, ascending.
    matches: Arc<Vec<Scored>>,
    /// Candidates with scattered letters only, not scored yet, ascending.
    deferred: Arc<Vec<u32>>,
    /// Whether typo variants were left out ([`Searcher::search`]): its
    /// candidates may then lack keys a query with variants matches.
    literal: bool,
}

/// A matching key, before it becomes a [`Hit`].
#[derive(Debug, Clone, Copy)]
struct Scored {
    /// Workspace key, or `key_count + i` for note `i`.
    key: u32,
    tier: Tier,
    class: u8,
    score: i64,
    /// Index into the alias list when found through a name.
    via: u32,
    /// Holds the query's acronyms in their case (a query in capitals).
    case: bool,
    /// The query names the whole key, perhaps with typos or cut short
    /// (names only): its passages are found too.
    whole: bool,
}

const NO_VIA: u32 = u32::MAX;

impl Scored {
    /// Best first: same case, tier, kind class, score, then document order.
    fn rank(&self, other: &Self) -> Ordering {
        (
            Reverse(self.case),
            Reverse(self.tier),
            Reverse(self.class),
            Reverse(self.score),
            self.key,
        )
            .cmp(&(
                Reverse(other.case),
                Reverse(other.tier),
                Reverse(other.class),
                Reverse(other.score),
                other.key,
            ))
    }
}

/// What one scan produced.
#[derive(Default)]
struct Scan {
    candidates: Vec<u32>,
    matches: Vec<Scored>,
    deferred: Vec<u32>,
}

impl Searcher {
    /// A searcher over `index`.
    pub fn new(index: Arc<Index>) -> Searcher {
        Searcher {
            index,
            latest: Arc::new(AtomicU64::new(0)),
            matcher: SkimMatcherV2::default(),
            last: Mutex::new(None),
            variants: Mutex::new(Vec::new()),
        }
    }

    /// [`Index::variants`], remembered for the latest stems.
    fn variants_of(&self, stem: &str, edits: usize) -> Vec<(String, usize)> {
        let lock = || self.variants.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, found)) = lock().iter().find(|(s, e, _)| s == stem && *e == edits) {
            return found.clone();
        }
        let found = self.index.variants(stem, edits);
        let mut memo = lock();
        memo.insert(0, (stem.to_string(), edits, found.clone()));
        memo.truncate(REMEMBERED_STEMS);
        found
    }

    /// The index searched.
    pub fn index(&self) -> &Arc<Index> {
        &self.index
    }

    /// A ticket for a new search; every older ticket's search stops at its
    /// next check (within a few milliseconds) and returns `None`.
    pub fn ticket(&self) -> Ticket {
        let id = self.latest.fetch_add(1, AtomicOrdering::AcqRel) + 1;
        Ticket {
            latest: Arc::clone(&self.latest),
            id,
        }
    }

    /// Runs `query`, keeping only items of `kind` if given, and returns the
    /// best `limit` hits (all of them for `None`), ranked; or `None` when
    /// `ticket` was superseded before the end. An empty query matches
    /// nothing.
    pub fn search(
        &self,
        query: &str,
        kind: Option<Kind>,
        limit: Option<usize>,
        ticket: &Ticket,
    ) -> Option<Results> {
        // Until the index has collected its words for typos (a fresh load,
        // a second or more at a million passages), a first page is tried
        // with literal hits alone: when they fill it, typo hits could only
        // rank below them.
        if let Some(k) = limit.filter(|&k| k > 0)
            && !self.index.has_words()
        {
            let page = self.run(query, kind, limit, ticket, true)?;
            if page.hits.len() >= k {
                return Some(page);
            }
        }
        self.run(query, kind, limit, ticket, false)
    }

    /// [`Self::search`], with typo variants left out when `literal`: then
    /// only literal hits are ranked (the page may fall short) and the
    /// results are never complete.
    fn run(
        &self,
        query: &str,
        kind: Option<Kind>,
        limit: Option<usize>,
        ticket: &Ticket,
        literal: bool,
    ) -> Option<Results> {
        let variants = |stem: &str, edits: usize| {
            if literal {
                Vec::new()
            } else {
                self.variants_of(stem, edits)
            }
        };
        let Some(q) = Query::new(query, &self.matcher, &variants) else {
            return Some(Results {
                query: query.to_string(),
                kind,
                hits: Vec::new(),
                total: 0,
                complete: true,
                compiled: None,
            });
        };
        let q = Arc::new(q);
        // The first page leaves scattered-only keys for later: they rank
        // below every literal hit, so unless the page is not full...
        let defer = limit.is_some();
        // A literal search's candidates serve literal searches only.
        let last = self.last.lock().ok().and_then(|l| {
            l.as_ref()
                .filter(|l| l.kind == kind && (literal || !l.literal))
                .map(|l| {
                    (
                        Arc::clone(&l.query),
                        Arc::clone(&l.candidates),
                        Arc::clone(&l.matches),
                        Arc::clone(&l.deferred),
                    )
                })
        });
        let (mut matches, mut deferred) = match last {
            // The same query again (first page, then the full ranking).
            Some((lq, _, m, d)) if lq.folded == q.folded => (m, d),
            // One more letter: only the previous candidates can match.
            Some((lq, cands, _, _)) if q.refines(&lq) => {
                let scan = self.scan(&q, Keys::List(&cands), defer, ticket)?;
                self.remember(&q, kind, scan, literal)
            }
            _ => {
                let end = match kind {
                    None | Some(Kind::Passage) => self.index.key_count(),
                    Some(Kind::Note) => 0,
                    Some(_) => self.index.named_count(),
                };
                let scan = self.scan(&q, Keys::Range(0..end), defer, ticket)?;
                self.remember(&q, kind, scan, literal)
            }
        };
        if !ticket.is_current() {
            return None;
        }
        let (mut ranked, mut vias) = self.assemble(&q, &matches, kind);
        // ...the deferred keys are scored now: for the full ranking, or
        // when literal hits do not fill the page.
        if !literal && !deferred.is_empty() && limit.is_none_or(|k| ranked.len() < k) {
            let late = self.scan(&q, Keys::List(&deferred), false, ticket)?;
            let merged = Arc::new(merge_best(&matches, &late.matches));
            let mut last = self.last.lock().ok();
            if let Some(Some(l)) = last.as_deref_mut()
                && Arc::ptr_eq(&l.matches, &matches)
            {
                l.matches = Arc::clone(&merged);
                l.deferred = Arc::new(Vec::new());
            }
            matches = merged;
            deferred = Arc::new(Vec::new());
            (ranked, vias) = self.assemble(&q, &matches, kind);
        }
        let total = ranked.len();
        match limit {
            Some(k) if k < ranked.len() => {
                if k > 0 {
                    ranked.select_nth_unstable_by(k - 1, Scored::rank);
                }
                ranked.truncate(k);
                ranked.sort_unstable_by(Scored::rank);
            }
            _ => ranked.sort_unstable_by(Scored::rank),
        }
        let mut hits: Vec<Hit> = ranked.iter().map(|s| self.hit(s, &vias)).collect();
        if limit.is_some() {
            // A page is shown at once: map its matches back now.
            for hit in &mut hits {
                hit.highlight = Some(self.highlight_with(Some(&q), hit));
            }
        }
        Some(Results {
            query: query.to_string(),
            kind,
            hits,
            total,
            complete: !literal && deferred.is_empty(),
            compiled: Some(q),
        })
    }

    /// Saves a finished scan for the next query; returns its matches and
    /// deferred keys.
    fn remember(
        &self,
        q: &Arc<Query>,
        kind: Option<Kind>,
        scan: Scan,
        literal: bool,
    ) -> (Arc<Vec<Scored>>, Arc<Vec<u32>>) {
        let matches = Arc::new(scan.matches);
        let deferred = Arc::new(scan.deferred);
        if let Ok(mut last) = self.last.lock() {
            *last = Some(Last {
                query: Arc::clone(q),
                kind,
                candidates: Arc::new(scan.candidates),
                matches: Arc::clone(&matches),
                deferred: Arc::clone(&deferred),
                literal,
            });
        }
        (matches, deferred)
    }

    /// Checks and scores `keys` on every core, in chunks; `None` when the
    /// ticket is superseded. Results come back in key order.
    fn scan(&self, q: &Query, keys: Keys, defer: bool, ticket: &Ticket) -> Option<Scan> {
        let chunks = keys.len().div_ceil(CHUNK);
        let next = AtomicUsize::new(0);
        let work = || -> Option<Vec<(usize, Scan)>> {
            let mut done = Vec::new();
            loop {
                let c = next.fetch_add(1, AtomicOrdering::Relaxed);
                if c >= chunks {
                    return Some(done);
                }
                if !ticket.is_current() {
                    return None;
                }
                let mut out = Scan::default();
                for i in c * CHUNK..((c + 1) * CHUNK).min(keys.len()) {
                    let k = keys.get(i);
                    self.score_key(q, k, defer, &mut out);
                }
                done.push((c, out));
            }
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut parts = if chunks > 1 && threads > 1 {
            std::thread::scope(|s| {
                let helpers: Vec<_> = (1..threads.min(chunks)).map(|_| s.spawn(work)).collect();
                let mut all = work();
                for h in helpers {
                    match (all.as_mut(), h.join().expect("search thread")) {
                        (Some(all), Some(part)) => all.extend(part),
                        _ => all = None,
                    }
                }
                all
            })?
        } else {
            work()?
        };
        parts.sort_unstable_by_key(|(c, _)| *c);
        let mut scan = Scan {
            candidates: Vec::with_capacity(parts.iter().map(|(_, p)| p.candidates.len()).sum()),
            matches: Vec::with_capacity(parts.iter().map(|(_, p)| p.matches.len()).sum()),
            deferred: Vec::with_capacity(parts.iter().map(|(_, p)| p.deferred.len()).sum()),
        };
        for (_, p) in parts {
            scan.candidates.extend(p.candidates);
            scan.matches.extend(p.matches);
            scan.deferred.extend(p.deferred);
        }
        Some(scan)
    }

    /// The cheap check, then fuzzy-matcher and the tier, for one key.
    /// Names are never deferred: they are few and rank first.
    fn score_key(&self, q: &Query, k: usize, defer: bool, out: &mut Scan) {
        let key = self.index.key(k);
        if !q.candidate(key.as_bytes(), self.index.mask(k)) {
            return;
        }
        out.candidates.push(k as u32);
        let named = (k < self.index.named_count()).then(|| self.index.named(k));
        let summary = named.is_some_and(|n| matches!(n.field, Field::Summary(_)));
        let prose = named.is_none() || summary;
        match q.score(key, &self.matcher, defer && named.is_none(), prose) {
            Outcome::Match { score, tier, whole } => {
                // Only a query in capitals looks at the text as written.
                let case = q.in_capitals() && {
                    let (item, field) = match named {
                        Some(n) => (n.item.clone(), n.field.clone()),
                        None => (self.index.passage_of(k), Field::Text),
                    };
                    self.index
                        .text(&item, &field)
                        .is_some_and(|t| q.same_case_in(t))
                };
                out.matches.push(Scored {
                    key: k as u32,
                    tier,
                    class: match named {
                        // Below passages: a summary describes, a passage is evidence.
                        _ if summary => 0,
                        Some(n) => n.item.kind().class(),
                        None => Kind::Passage.class(),
                    },
                    score,
                    via: NO_VIA,
                    case,
                    whole,
                })
            }
            Outcome::Deferred => out.deferred.push(k as u32),
            Outcome::Miss => {}
        }
    }

    /// From the scanned matches to one entry per item: a body or theme's
    /// best text, passages found through a name the query spells in full,
    /// notes; then the kind filter.
    fn assemble(
        &self,
        q: &Query,
        matches: &[Scored],
        kind: Option<Kind>,
    ) -> (Vec<Scored>, Vec<(Item, Range<usize>)>) {
        let named = self.index.named_count();
        let split = matches.partition_point(|m| (m.key as usize) < named);
        let (names, passages) = matches.split_at(split);
        let wants = |k: Kind| kind.is_none_or(|f| f == k);
        let mut out: Vec<Scored> = Vec::new();
        let mut vias: Vec<(Item, Range<usize>)> = Vec::new();
        let mut aliased: Vec<Scored> = Vec::new();
        let ws = self.index.workspace();
        let mut i = 0;
        while i < names.len() {
            // Keys of one item are adjacent: keep the best.
            let item = &self.index.named(names[i].key as usize).item;
            let mut best = names[i];
            let mut j = i + 1;
            while j < names.len() && &self.index.named(names[j].key as usize).item == item {
                if names[j].rank(&best) == Ordering::Less {
                    best = names[j];
                }
                j += 1;
            }
            // The best text the query names whole (a summary names
            // nothing) brings the passages that mention the item: below
            // exact matches when typed with typos or cut short.
            let named = names[i..j]
                .iter()
                .filter(|m| {
                    m.whole && !matches!(self.index.named(m.key as usize).field, Field::Summary(_))
                })
                .min_by(|a, b| a.rank(b));
            let mentions = match item {
                Item::Entity(e) => Some(&ws.entities[*e].mentions),
                Item::Theme(t) => Some(&ws.themes[*t].mentions),
                _ => None,
            };
            if let (Some(m), Some(mentions)) = (named, mentions)
                && wants(Kind::Passage)
            {
                let tier = match m.tier {
                    Tier::Full => Tier::Exact,
                    other => other.min(Tier::WordStart),
                };
                for mention in mentions {
                    let s = &mention.span();
                    aliased.push(Scored {
                        key: self.index.passage_key(s.source, s.passage) as u32,
                        tier,
                        class: Kind::Passage.class(),
                        score: m.score,
                        via: vias.len() as u32,
                        case: m.case,
                        whole: false,
                    });
                    vias.push((item.clone(), s.range.clone()));
                }
            }
            if wants(item.kind()) {
                out.push(best);
            }
            i = j;
        }
        if wants(Kind::Passage) {
            aliased.sort_by(|a, b| a.key.cmp(&b.key).then(a.rank(b)));
            aliased.dedup_by_key(|a| a.key);
            out.extend(merge_best(passages, &aliased));
        }
        if wants(Kind::Note) {
            let base = self.index.key_count();
            for (n, note) in self.index.notes().iter().enumerate() {
                if !q.candidate(note.key.as_bytes(), note.mask) {
                    continue;
                }
                if let Outcome::Match { score, tier, .. } =
                    q.score(&note.key, &self.matcher, false, true)
                {
                    out.push(Scored {
                        key: (base + n) as u32,
                        tier,
                        class: Kind::Note.class(),
                        score,
                        via: NO_VIA,
                        case: q.same_case_in(&note.text),
                        whole: false,
                    });
                }
            }
        }
        (out, vias)
    }

    /// The public form of a ranked key.
    fn hit(&self, s: &Scored, vias: &[(Item, Range<usize>)]) -> Hit {
        let k = s.key as usize;
        let (item, field) = if k < self.index.named_count() {
            let n = self.index.named(k);
            (n.item.clone(), n.field.clone())
        } else if k < self.index.key_count() {
            (self.index.passage_of(k), Field::Text)
        } else {
            let note = &self.index.notes()[k - self.index.key_count()];
            (Item::Note(note.id.clone()), Field::Text)
        };
        Hit {
            item,
            tier: s.tier,
            score: s.score,
            field,
            via: vias.get(s.via as usize).cloned(),
            highlight: None,
        }
    }
}

/// Passages matched directly and through names, both in key order: one
/// entry per passage, the better of the two.
fn merge_best(direct: &[Scored], aliased: &[Scored]) -> Vec<Scored> {
    let mut out = Vec::with_capacity(direct.len() + aliased.len());
    let (mut d, mut a) = (0, 0);
    while d < direct.len() || a < aliased.len() {
        match (direct.get(d), aliased.get(a)) {
            (Some(x), Some(y)) if x.key == y.key => {
                out.push(if y.rank(x) == Ordering::Less { *y } else { *x });
                d += 1;
                a += 1;
            }
            (Some(x), Some(y)) if x.key < y.key => {
                out.push(*x);
                d += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                d += 1;
            }
            (_, Some(y)) => {
                out.push(*y);
                a += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// The workspace keys a scan visits.
enum Keys<'a> {
    Range(Range<usize>),
    List(&'a [u32]),
}

impl Keys<'_> {
    fn len(&self) -> usize {
        match self {
            Keys::Range(r) => r.len(),
            Keys::List(l) => l.len(),
        }
    }

    fn get(&self, i: usize) -> usize {
        match self {
            Keys::Range(r) => r.start + i,
            Keys::List(l) => l[i] as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::load_from_memory;
    use std::path::{Path, PathBuf};

    /// A searcher over a fresh index: its words for typos not collected.
    fn searcher() -> Searcher {
        let text = "Maritime security report.\n\nMaritime patrols met.\n\n\
                    The maritime desk.\n\nPiracy off the coast.\n";
        let sources = [(PathBuf::from("a.txt"), text.as_bytes())];
        let themes = b"themes:\n  - id: t\n    name: Coastal\n";
        let ws = load_from_memory(Path::new("/w"), themes, &sources, &Default::default()).unwrap();
        Searcher::new(Arc::new(Index::new(Arc::new(ws))))
    }

    fn page(s: &Searcher, query: &str, limit: Option<usize>) -> Vec<(Item, Tier, i64)> {
        let results = s.search(query, None, limit, &s.ticket()).unwrap();
        results
            .hits
            .iter()
            .map(|h| (h.item.clone(), h.tier, h.score))
            .collect()
    }

    #[test]
    fn a_page_literal_hits_fill_waits_for_the_words_and_is_the_same_page() {
        let s = searcher();
        let first = page(&s, "maritime", Some(2));
        assert_eq!(first.len(), 2);
        assert!(
            !s.index.has_words(),
            "a full literal page collected every word"
        );
        // The full ranking collects them; a new first page then takes the
        // usual way, and is the same.
        assert!(page(&s, "maritime", None).len() >= 3);
        assert!(s.index.has_words());
        assert_eq!(
            page(&Searcher::new(Arc::clone(&s.index)), "maritime", Some(2)),
            first
        );
    }

    #[test]
    fn a_page_literal_hits_do_not_fill_finds_typos() {
        let s = searcher();
        let hits = page(&s, "maritme", Some(3));
        assert!(s.index.has_words());
        assert!(
            hits.len() >= 3 && hits.iter().all(|(_, tier, _)| *tier == Tier::Typo),
            "{hits:?}"
        );
    }
}
