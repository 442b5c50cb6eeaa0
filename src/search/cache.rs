//! An on-disk cache of a loaded workspace and its search index, so that a
//! million passages load in about a second instead of being parsed, matched
//! for mentions and folded again on every `coopdash search`.
//!
//! The cache is `<workspace>/.coopdash/search-cache.bin`. It is trusted only
//! when its fingerprint matches: an xxh3-128 hash of the cache format, the
//! program version, `themes.yaml`, and the path and bytes of every source
//! file that loading reads (hashing them costs a fraction of a load). It is
//! written only when that fingerprint did not change while loading, through
//! [`crate::atomic`] (a temporary file renamed into place), and ends with a checksum of its
//! content; anything that does not check out is ignored and rebuilt. A
//! read-only workspace simply goes without.
//!
//! Bump `FORMAT` whenever the model, folding, phrase matching or the
//! index layout changes what a load produces.

use super::Index;
use super::index::Segment;
use crate::model::{
    Entity, Event, LangText, Link, Mention, Passage, PassageKind, Source, Span, Theme, Workspace,
};
use crate::workspace::{self, LoadError, Pos, Problem, SEEDS_DIR, Severity, THEMES_FILE, seeds};
use std::fs;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// Version of the file layout and of what it caches.
const FORMAT: u32 = 5;
const MAGIC: &[u8; 16] = b"COOPDASH-SEARCH\0";
/// The cache file, relative to the workspace folder.
pub const CACHE_FILE: &str = ".coopdash/search-cache.bin";

/// A workspace and its index, and whether they came from the cache.
pub struct Loaded {
    /// The workspace, as [`workspace::load`] returns it.
    pub workspace: Arc<Workspace>,
    /// Its search index.
    pub index: Index,
    /// Whether the cache was used (else it was rebuilt, or unusable).
    pub from_cache: bool,
    /// Problems that left items out ([`workspace::open`]); a cache is only
    /// written for a workspace without any, so a cached load has none.
    pub problems: Vec<crate::workspace::Problem>,
}

/// Loads the workspace in `root` and its index, from the cache when it is
/// current, else by [`workspace::open_with`] and [`Index::new`] (then saving
/// the cache when nothing was left out). Only a fatal problem is an error.
pub fn load(root: &Path, limits: &crate::workspace::Limits) -> Result<Loaded, LoadError> {
    let before = fingerprint(root, limits);
    let path = root.join(CACHE_FILE);
    if let Some((fp, input)) = before
        && let Ok(Some((ws, index))) = read(&path, root, fp, max_cache_bytes(input))
    {
        return Ok(Loaded {
            workspace: ws,
            index,
            from_cache: true,
            problems: Vec::new(),
        });
    }
    let opened = workspace::open_with(root, limits)?;
    let ws = Arc::new(opened.ws);
    let index = Index::new(Arc::clone(&ws));
    if let Some((fp, _)) = before
        && opened.problems.is_empty()
        && fingerprint(root, limits).map(|(now, _)| now) == Some(fp)
    {
        // Best effort: a read-only or full disk only costs the speed-up.
        let _ = write(&path, fp, &ws, &index);
    }
    Ok(Loaded {
        workspace: ws,
        index,
        from_cache: false,
        problems: opened.problems,
    })
}

/// The largest cache file read for sources and `themes.yaml` of `input`
/// bytes in all: far above what [`write`] makes of them (the folded keys,
/// offsets and masks are a few times the text), so a planted or corrupt
/// file larger than that is not read at all.
fn max_cache_bytes(input: u64) -> usize {
    usize::try_from(input.saturating_mul(64).saturating_add(1 << 20)).unwrap_or(usize::MAX)
}

/// Hash of everything a load reads, and how many bytes that was; `None`
/// when something is unreadable (then the load reports it, and nothing is
/// cached).
fn fingerprint(root: &Path, limits: &crate::workspace::Limits) -> Option<(u128, u64)> {
    let seeds_dir = root.join(SEEDS_DIR);
    // Within the caps, as the load itself reads: a source that is a FIFO or
    // a link to /dev/zero must not hang the fingerprint.
    let files = seeds::list(&seeds_dir, limits.sources).ok()?;
    let themes = seeds::read_capped(&root.join(THEMES_FILE), limits.themes_bytes).ok()?;
    let hash_file = |rel: &PathBuf| -> Option<(u128, u64)> {
        let bytes = seeds::read_capped(&seeds_dir.join(rel), limits.source_bytes).ok()?;
        Some((xxh3_128(&bytes), bytes.len() as u64))
    };
    // Reading the sources dominates: two threads, each a contiguous half.
    let half = files.len().div_ceil(2);
    let (a, b) = files.split_at(half);
    let (ha, hb) = std::thread::scope(|s| {
        let other = s.spawn(|| b.iter().map(hash_file).collect::<Option<Vec<_>>>());
        (
            a.iter().map(hash_file).collect::<Option<Vec<_>>>(),
            other.join().ok().flatten(),
        )
    });
    let mut h = Xxh3::new();
    h.update(&FORMAT.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    // A cache loaded under larger caps must not get round smaller ones.
    h.update(format!("{limits:?}").as_bytes());
    h.update(&xxh3_128(&themes).to_le_bytes());
    let mut input = themes.len() as u64;
    for (rel, (fh, len)) in files.iter().zip(ha?.into_iter().chain(hb?)) {
        h.update(rel.to_str()?.as_bytes());
        h.update(&[0]);
        h.update(&fh.to_le_bytes());
        input += len;
    }
    Some((h.digest128(), input))
}

fn write(path: &Path, fp: u128, ws: &Workspace, index: &Index) -> io::Result<()> {
    fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    crate::atomic::write_with(path, |file| {
        let mut file = BufWriter::with_capacity(1 << 20, file);
        file.write_all(MAGIC)?;
        file.write_all(&FORMAT.to_le_bytes())?;
        file.write_all(&fp.to_le_bytes())?;
        let mut w = Out {
            inner: &mut file,
            hash: Xxh3::new(),
        };
        w.workspace(ws)?;
        for half in index.halves() {
            w.str(&half.arena)?;
            w.len(half.starts.len())?;
            for s in &half.starts {
                w.bytes(&s.to_le_bytes())?;
            }
            w.len(half.masks.len())?;
            for m in &half.masks {
                w.bytes(&m.to_le_bytes())?;
            }
        }
        let sum = w.hash.digest();
        file.write_all(&sum.to_le_bytes())?;
        file.flush()
    })
}

/// The cached workspace and index, if the file is there, whole and made
/// from sources with fingerprint `fp`.
/// A file over `cap` bytes, or a link, is not read.
fn read(
    path: &Path,
    root: &Path,
    fp: u128,
    cap: usize,
) -> io::Result<Option<(Arc<Workspace>, Index)>> {
    let (file, size) = crate::fsio::open_file(path, crate::fsio::Links::Refuse)?;
    if size > cap as u64 {
        return Ok(None);
    }
    let mut file = BufReader::with_capacity(1 << 20, file.take(cap as u64));
    let mut head = [0u8; 16 + 4 + 16];
    file.read_exact(&mut head)?;
    if &head[..16] != MAGIC
        || head[16..20] != FORMAT.to_le_bytes()
        || head[20..36] != fp.to_le_bytes()
    {
        return Ok(None);
    }
    decode(&mut file, root)
}

/// Decodes what follows the header: the workspace, the index and the
/// checksum of both. `None` (or an error) for anything that does not check
/// out: a bad checksum, trailing bytes, or content whose references do not
/// hold. The checksum only catches accidents; a crafted file can carry a
/// right one, hence the consistency checks (and the `cache` fuzz target).
pub(crate) fn decode(
    body: &mut impl Read,
    root: &Path,
) -> io::Result<Option<(Arc<Workspace>, Index)>> {
    let mut r = In {
        inner: body,
        hash: Xxh3::new(),
    };
    let ws = r.workspace(root)?;
    let mut halves = [Segment::default(), Segment::default()];
    for half in &mut halves {
        half.arena = r.string()?;
        half.starts = (0..r.len()?).map(|_| r.u32()).collect::<io::Result<_>>()?;
        half.masks = (0..r.len()?).map(|_| r.u64()).collect::<io::Result<_>>()?;
    }
    let sum = r.hash.digest();
    let mut tail = [0u8; 8];
    body.read_exact(&mut tail)?;
    if u64::from_le_bytes(tail) != sum || body.read(&mut [0])? != 0 || !ws.is_consistent() {
        return Ok(None);
    }
    let ws = Arc::new(ws);
    Ok(Index::from_folded(Arc::clone(&ws), halves).map(|index| (ws, index)))
}

/// Writes values little-endian, strings length-prefixed, hashing all.
struct Out<'a, W: Write> {
    inner: &'a mut W,
    hash: Xxh3,
}

impl<W: Write> Out<'_, W> {
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.hash.update(b);
        self.inner.write_all(b)
    }

    fn len(&mut self, n: usize) -> io::Result<()> {
        self.bytes(&(n as u64).to_le_bytes())
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.len(s.len())?;
        self.bytes(s.as_bytes())
    }

    fn opt_str(&mut self, s: Option<&str>) -> io::Result<()> {
        match s {
            None => self.bytes(&[0]),
            Some(s) => {
                self.bytes(&[1])?;
                self.str(s)
            }
        }
    }

    fn strs(&mut self, v: &[String]) -> io::Result<()> {
        self.len(v.len())?;
        v.iter().try_for_each(|s| self.str(s))
    }

    fn lang(&mut self, t: &LangText) -> io::Result<()> {
        self.len(t.0.len())?;
        t.0.iter().try_for_each(|(l, s)| {
            self.str(l)?;
            self.str(s)
        })
    }

    fn span(&mut self, s: &Span) -> io::Result<()> {
        [s.source, s.passage, s.range.start, s.range.end]
            .into_iter()
            .try_for_each(|n| self.len(n))
    }

    fn mentions(&mut self, m: &[Mention]) -> io::Result<()> {
        self.len(m.len())?;
        m.iter().try_for_each(|m| self.span(&m.span))
    }

    fn workspace(&mut self, ws: &Workspace) -> io::Result<()> {
        self.len(ws.sources.len())?;
        for s in &ws.sources {
            self.str(&s.id)?;
            let file = s
                .file
                .to_str()
                .ok_or_else(|| io::Error::other("non-UTF-8 path"))?;
            self.str(file)?;
            self.lang(&s.title)?;
            self.opt_str(s.lang.as_deref())?;
            self.opt_str(s.date.as_deref())?;
            self.len(s.passages.len())?;
            for p in s.passages.iter() {
                self.len(p.n)?;
                self.bytes(&[match p.kind {
                    PassageKind::Title => 0,
                    PassageKind::Heading => 1,
                    PassageKind::Paragraph => 2,
                }])?;
                self.str(&p.text)?;
                self.len(p.line)?;
            }
        }
        self.len(ws.themes.len())?;
        for t in &ws.themes {
            self.str(&t.id)?;
            self.lang(&t.name)?;
            self.lang(&t.summary)?;
            self.strs(&t.keywords)?;
            self.len(t.entities.len())?;
            t.entities.iter().try_for_each(|&e| self.len(e))?;
            self.len(t.links.len())?;
            for l in &t.links {
                self.str(&l.quote)?;
                self.span(&l.span)?;
            }
            self.mentions(&t.mentions)?;
        }
        self.len(ws.entities.len())?;
        for e in &ws.entities {
            self.str(&e.id)?;
            self.str(&e.kind)?;
            self.lang(&e.name)?;
            self.strs(&e.aliases)?;
            self.len(e.part_of.map_or(0, |p| p + 1))?;
            self.mentions(&e.mentions)?;
        }
        self.len(ws.events.len())?;
        for e in &ws.events {
            self.str(&e.date)?;
            self.lang(&e.label)?;
            self.span(&e.span)?;
        }
        self.len(ws.warnings.len())?;
        for w in &ws.warnings {
            // Relative to the workspace, which may be read from elsewhere.
            let file = w.file.strip_prefix(&ws.root).unwrap_or(&w.file);
            self.str(
                file.to_str()
                    .ok_or_else(|| io::Error::other("non-UTF-8 path"))?,
            )?;
            let (line, column) = w.pos.map_or((0, 0), |p| (p.line, p.column));
            self.len(line)?;
            self.len(column)?;
            self.str(&w.message)?;
            self.str(&w.hint)?;
            self.bytes(&[match w.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Fatal => 2,
            }])?;
        }
        Ok(())
    }
}

/// Reads what [`Out`] wrote, hashing all.
struct In<'a, R: Read> {
    inner: &'a mut R,
    hash: Xxh3,
}

impl<R: Read> In<'_, R> {
    fn fill(&mut self, buf: &mut [u8]) -> io::Result<()> {
        self.inner.read_exact(buf)?;
        self.hash.update(buf);
        Ok(())
    }

    fn u32(&mut self) -> io::Result<u32> {
        let mut b = [0; 4];
        self.fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn u64(&mut self) -> io::Result<u64> {
        let mut b = [0; 8];
        self.fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn len(&mut self) -> io::Result<usize> {
        usize::try_from(self.u64()?).map_err(io::Error::other)
    }

    fn byte(&mut self) -> io::Result<u8> {
        let mut b = [0; 1];
        self.fill(&mut b)?;
        Ok(b[0])
    }

    fn string(&mut self) -> io::Result<String> {
        let n = self.len()?;
        let mut v = Vec::new();
        // Grow as bytes arrive: a corrupt length cannot allocate wildly.
        (&mut *self.inner).take(n as u64).read_to_end(&mut v)?;
        if v.len() != n {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.hash.update(&v);
        String::from_utf8(v).map_err(io::Error::other)
    }

    fn opt_string(&mut self) -> io::Result<Option<String>> {
        Ok(match self.byte()? {
            0 => None,
            _ => Some(self.string()?),
        })
    }

    fn strings(&mut self) -> io::Result<Vec<String>> {
        (0..self.len()?).map(|_| self.string()).collect()
    }

    fn lang(&mut self) -> io::Result<LangText> {
        let n = self.len()?;
        let mut map = std::collections::BTreeMap::new();
        for _ in 0..n {
            let l = self.string()?;
            map.insert(l, self.string()?);
        }
        Ok(LangText(map))
    }

    fn span(&mut self) -> io::Result<Span> {
        Ok(Span {
            source: self.len()?,
            passage: self.len()?,
            range: self.len()?..self.len()?,
        })
    }

    fn mentions(&mut self) -> io::Result<Vec<Mention>> {
        (0..self.len()?)
            .map(|_| Ok(Mention { span: self.span()? }))
            .collect()
    }

    fn workspace(&mut self, root: &Path) -> io::Result<Workspace> {
        let mut sources = Vec::new();
        for _ in 0..self.len()? {
            let id = self.string()?;
            let file = PathBuf::from(self.string()?);
            let title = self.lang()?;
            let lang = self.opt_string()?;
            let date = self.opt_string()?;
            let mut passages = Vec::new();
            for _ in 0..self.len()? {
                passages.push(Passage {
                    n: self.len()?,
                    kind: match self.byte()? {
                        0 => PassageKind::Title,
                        1 => PassageKind::Heading,
                        _ => PassageKind::Paragraph,
                    },
                    text: self.string()?,
                    line: self.len()?,
                });
            }
            sources.push(Source {
                id,
                file,
                title,
                lang,
                date,
                passages: passages.into(),
            });
        }
        let mut themes = Vec::new();
        for _ in 0..self.len()? {
            themes.push(Theme {
                broken: Vec::new(),
                id: self.string()?,
                name: self.lang()?,
                summary: self.lang()?,
                keywords: self.strings()?,
                entities: (0..self.len()?)
                    .map(|_| self.len())
                    .collect::<io::Result<_>>()?,
                links: (0..self.len()?)
                    .map(|_| {
                        Ok(Link {
                            quote: self.string()?,
                            span: self.span()?,
                        })
                    })
                    .collect::<io::Result<_>>()?,
                mentions: self.mentions()?,
            });
        }
        let mut entities = Vec::new();
        for _ in 0..self.len()? {
            entities.push(Entity {
                id: self.string()?,
                kind: self.string()?,
                name: self.lang()?,
                aliases: self.strings()?,
                part_of: self.len()?.checked_sub(1),
                mentions: self.mentions()?,
            });
        }
        let mut events = Vec::new();
        for _ in 0..self.len()? {
            events.push(Event {
                date: self.string()?,
                label: self.lang()?,
                span: self.span()?,
            });
        }
        let mut warnings = Vec::new();
        for _ in 0..self.len()? {
            let file = root.join(self.string()?);
            let (line, column) = (self.len()?, self.len()?);
            warnings.push(Problem {
                file,
                pos: (line > 0).then_some(Pos { line, column }),
                message: self.string()?,
                hint: self.string()?,
                severity: match self.byte()? {
                    0 => Severity::Error,
                    2 => Severity::Fatal,
                    _ => Severity::Warning,
                },
                about: None,
            });
        }
        Ok(Workspace {
            root: root.to_path_buf(),
            sources,
            themes,
            entities,
            events,
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `ws` (indexed as `good`) as a cache and reads it back.
    fn round_trip(good: &Workspace, ws: &Workspace) -> Option<Arc<Workspace>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let index = Index::new(Arc::new(good.clone()));
        write(&path, 7, ws, &index).unwrap();
        read(&path, dir.path(), 7, usize::MAX)
            .unwrap()
            .map(|(ws, _)| ws)
    }

    #[test]
    fn a_cache_whose_references_do_not_hold_is_not_used() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let good = workspace::load(root).unwrap();
        let back = round_trip(&good, &good).expect("a sound cache is used");
        assert_eq!(back.mention_count(), good.mention_count());

        let mut bad = good.clone();
        let text_len = bad.passage(&bad.entities[0].mentions[0].span).text.len();
        bad.entities[0].mentions[0].span.range = 0..text_len + 1;
        assert!(round_trip(&good, &bad).is_none(), "span past the text");

        let mut bad = good.clone();
        let passage = &bad.sources[0].passages[2].text;
        let inside = passage
            .char_indices()
            .find(|(_, c)| c.len_utf8() > 1)
            .unwrap()
            .0
            + 1;
        bad.themes[0].links[0].span.range = inside..inside;
        assert!(round_trip(&good, &bad).is_none(), "span inside a character");

        let mut bad = good.clone();
        bad.entities[0].part_of = Some(1);
        bad.entities[1].part_of = Some(0);
        assert!(round_trip(&good, &bad).is_none(), "part_of cycle");

        let mut bad = good.clone();
        bad.themes[0].entities.push(bad.entities.len());
        assert!(round_trip(&good, &bad).is_none(), "entity out of range");
    }
}
