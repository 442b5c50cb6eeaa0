//! An on-disk cache of a loaded workspace's derived data and its search
//! index, so that a million passages load in about a second instead of
//! being matched for mentions and folded again on every `coopdash search`.
//!
//! The cache is `<workspace>/.coopdash/search-cache.bin`. It holds no copy
//! of what the sources hold: the passages are split again from the source
//! files, which are read anyway, once, to check the fingerprint (an xxh3-128
//! hash of the cache format, the program version, the caps, `themes.yaml`,
//! and the path and bytes of every source). What it holds is what a load
//! derives: the folded search keys first (the index's segments,
//! LZ4-compressed in blocks, with their letter masks: a reader inflates
//! them on every core while another thread decodes the rest), then the
//! items of `themes.yaml` as resolved and every mention (as delta-coded
//! varints). It is trusted only when its
//! fingerprint matches, and written only when that fingerprint did not
//! change while loading, through [`crate::atomic`]; it ends with a
//! checksum of its content. Anything that does not check out is ignored and
//! rebuilt. A read-only workspace simply goes without.
//!
//! Bump `FORMAT` whenever the model, folding, phrase matching or the
//! index layout changes what a load produces.

use super::Index;
use super::index::Segment;
use crate::model::{Passage, Workspace};
use crate::workspace::seeds::Unchanged;
use crate::workspace::{self, LoadError, SEEDS_DIR, THEMES_FILE, seeds};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

mod codec;

use codec::{In, Out};

/// Version of the file layout and of what it caches.
const FORMAT: u32 = 7;
const MAGIC: &[u8; 16] = b"COOPDASH-SEARCH\0";
/// The cache file, relative to the workspace folder.
pub const CACHE_FILE: &str = ".coopdash/search-cache.bin";
/// Folded text is compressed in blocks of this many bytes: decoding then
/// allocates as blocks arrive, never what a crafted length claims.
const BLOCK: usize = 1 << 20;

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
/// current, else by [`workspace::reopen_for_search`] (from the passages
/// just read) and [`Index::with_folds`], then saving the cache when
/// nothing was left out.
/// Only a fatal problem is an error.
pub fn load(root: &Path, limits: &crate::workspace::Limits) -> Result<Loaded, LoadError> {
    let inputs = Inputs::read(root, limits, Split::Passages);
    let path = root.join(CACHE_FILE);
    if let Some(inputs) = &inputs {
        crate::progress::stage("loading the search cache", 0);
        let cap = max_cache_bytes(inputs.bytes);
        if let Ok(Some((ws, index))) = read(&path, root, inputs.fp, &inputs.passages, cap) {
            return Ok(Loaded {
                workspace: ws,
                index,
                from_cache: true,
                problems: Vec::new(),
            });
        }
    }
    let unchanged = inputs
        .as_ref()
        .map(|i| i.passages.clone())
        .unwrap_or_default();
    let (opened, folds) = workspace::reopen_for_search(root, limits, &unchanged)?;
    drop(unchanged);
    let ws = Arc::new(opened.ws);
    let index = Index::with_folds(Arc::clone(&ws), folds);
    if let Some(inputs) = inputs
        && opened.problems.is_empty()
        && Inputs::read(root, limits, Split::HashOnly).map(|now| now.fp) == Some(inputs.fp)
    {
        crate::progress::stage("writing the search cache", 0);
        // Best effort: a read-only or full disk only costs the speed-up.
        let _ = write(&path, inputs.fp, &ws, &index);
    }
    Ok(Loaded {
        workspace: ws,
        index,
        from_cache: false,
        problems: opened.problems,
    })
}

/// The largest cache file read for sources and `themes.yaml` of `input`
/// bytes in all: far above what [`write`] makes of them, so a planted or
/// corrupt file larger than that is not read at all.
fn max_cache_bytes(input: u64) -> usize {
    usize::try_from(input.saturating_mul(64).saturating_add(1 << 20)).unwrap_or(usize::MAX)
}

/// Whether [`Inputs::read`] splits the sources it hashes.
#[derive(Clone, Copy)]
enum Split {
    /// For a load: the passages come with the fingerprint.
    Passages,
    /// To check the fingerprint did not move while loading.
    HashOnly,
}

/// One source file as read: the hash and size of its bytes, and its
/// passages unless it splits with a problem.
type ReadSource = (u128, u64, Option<Arc<[Passage]>>);

/// What a load reads, read once: its fingerprint, its size, and each
/// source's passages.
struct Inputs {
    /// Hash of everything a load reads.
    fp: u128,
    /// How many bytes that was.
    bytes: u64,
    /// The passages of every source that splits without a problem.
    passages: Unchanged,
}

impl Inputs {
    /// Reads `themes.yaml` and every source within the caps, as the load
    /// itself does (a source that is a FIFO or a link to /dev/zero must not
    /// hang it), hashing and splitting each file on every core. `None` when
    /// something is unreadable: then the load reports it, and nothing is
    /// cached.
    fn read(root: &Path, limits: &crate::workspace::Limits, split: Split) -> Option<Inputs> {
        let seeds_dir = root.join(SEEDS_DIR);
        let files = seeds::list(&seeds_dir, limits.sources).ok()?;
        let themes = seeds::read_capped(&root.join(THEMES_FILE), limits.themes_bytes).ok()?;
        crate::progress::stage("reading sources", files.len());
        let read_one = |rel: &PathBuf| -> Option<ReadSource> {
            let bytes = seeds::read_capped(&seeds_dir.join(rel), limits.source_bytes).ok()?;
            crate::progress::advance(1);
            let passages = match split {
                Split::Passages => seeds::passages_of(&bytes, limits),
                Split::HashOnly => None,
            };
            Some((xxh3_128(&bytes), bytes.len() as u64, passages))
        };
        let parts = crate::progress::on_cores(
            &files,
            |_| 1,
            |_, run| run.iter().map(&read_one).collect::<Option<Vec<_>>>(),
        );
        let mut h = Xxh3::new();
        h.update(&FORMAT.to_le_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        // A cache loaded under larger caps must not get round smaller ones.
        h.update(format!("{limits:?}").as_bytes());
        h.update(&xxh3_128(&themes).to_le_bytes());
        let mut inputs = Inputs {
            fp: 0,
            bytes: themes.len() as u64,
            passages: Unchanged::new(),
        };
        let read = parts.into_iter().collect::<Option<Vec<_>>>()?;
        for (rel, (fh, len, passages)) in files.into_iter().zip(read.into_iter().flatten()) {
            h.update(rel.to_str()?.as_bytes());
            h.update(&[0]);
            h.update(&fh.to_le_bytes());
            inputs.bytes += len;
            if let Some(p) = passages {
                inputs.passages.insert(rel, p);
            }
        }
        inputs.fp = h.digest128();
        Some(inputs)
    }
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
        // The index first: a reader inflates it while it decodes the
        // workspace. Segments are compressed on every core.
        let packed: Vec<Vec<(usize, Vec<u8>)>> = crate::progress::on_cores(
            index.segments(),
            |segment| segment.arena.len(),
            |_, run| {
                run.iter()
                    .map(|segment| {
                        segment
                            .arena
                            .as_bytes()
                            .chunks(BLOCK)
                            .map(|b| (b.len(), lz4_flex::compress(b)))
                            .collect()
                    })
                    .collect::<Vec<_>>()
            },
        )
        .into_iter()
        .flatten()
        .collect();
        w.len(packed.len())?;
        for (i, (segment, blocks)) in index.segments().iter().zip(packed).enumerate() {
            w.len(blocks.len())?;
            for (raw, packed) in &blocks {
                w.len(*raw)?;
                w.len(packed.len())?;
                w.bytes(packed)?;
            }
            w.len(segment.starts.len())?;
            let mut prev = 0;
            for &s in &segment.starts {
                w.len((s - prev) as usize)?;
                prev = s;
            }
            let masks = index.segment_masks(i);
            w.len(masks.len())?;
            for m in masks {
                w.bytes(&m.to_le_bytes())?;
            }
        }
        w.workspace(ws)?;
        // The typo vocabulary: collecting it costs more than reading it.
        let words: Vec<&[(Box<str>, u64)]> = index.words().collect();
        w.len(words.len())?;
        for list in words {
            w.len(list.len())?;
            list.iter().try_for_each(|(word, _)| w.str(word))?;
        }
        let sum = w.hash.digest();
        file.write_all(&sum.to_le_bytes())?;
        file.flush()
    })
}

/// The cached workspace and index, if the file is there, whole and made
/// from sources with fingerprint `fp` (whose passages are `passages`).
/// A file over `cap` bytes, or a link, is not read; folded text over
/// `cap` bytes is not inflated.
fn read(
    path: &Path,
    root: &Path,
    fp: u128,
    passages: &Unchanged,
    cap: usize,
) -> io::Result<Option<(Arc<Workspace>, Index)>> {
    let (file, size) = crate::fsio::open_file(path, crate::fsio::Links::Refuse)?;
    if size > cap as u64 {
        return Ok(None);
    }
    let bytes = crate::fsio::read_limited(file, size, cap)?;
    let Some((head, body)) = bytes.split_at_checked(16 + 4 + 16) else {
        return Ok(None);
    };
    if &head[..16] != MAGIC
        || head[16..20] != FORMAT.to_le_bytes()
        || head[20..36] != fp.to_le_bytes()
    {
        return Ok(None);
    }
    decode(body, root, passages, cap)
}

/// Decodes what follows the header against the sources' `passages` (by
/// path relative to `seeds/`): the workspace, the index and the checksum of
/// both. `None` (or an error) for anything that does not check out: a bad
/// checksum, trailing bytes, a source whose passages are not there, or
/// content whose references do not hold, or folded text of more than
/// `max_text` bytes (LZ4 inflates a crafted block 255-fold). The checksum
/// only catches accidents; a crafted file can carry a right one, hence
/// the consistency checks (and the `cache` fuzz target).
pub(crate) fn decode(
    body: &[u8],
    root: &Path,
    passages: &Unchanged,
    max_text: usize,
) -> io::Result<Option<(Arc<Workspace>, Index)>> {
    let mut r = In { all: body, at: 0 };
    // The index's segments, still compressed: inflated on every core
    // while another thread decodes the workspace after them.
    let mut packed = Vec::new();
    let mut text = 0usize;
    for _ in 0..r.len()? {
        let mut blocks = Vec::new();
        for _ in 0..r.len()? {
            let raw = r.len()?;
            let n = r_len_checked(r.len()?)?;
            text = text.saturating_add(raw);
            if raw > BLOCK || text > max_text {
                return Ok(None);
            }
            blocks.push((raw, r.take(n)?));
        }
        let mut starts = Vec::new();
        let mut at = 0u32;
        for _ in 0..r.len()? {
            let step = u32::try_from(r.len()?).map_err(io::Error::other)?;
            at = at
                .checked_add(step)
                .ok_or_else(|| io::Error::other("offset past 4 GiB"))?;
            starts.push(at);
        }
        let mut masks = Vec::new();
        for _ in 0..r.len()? {
            let b = r.bytes(8)?;
            masks.push(u64::from_le_bytes(b.try_into().expect("8 bytes")));
        }
        packed.push((blocks, starts, masks));
    }
    let observer = crate::progress::current();
    let (arenas, rest) = std::thread::scope(|s| {
        let rest = s.spawn(|| {
            crate::progress::within(observer, || decode_workspace(&mut r, body, root, passages))
        });
        let arenas = crate::progress::on_cores(
            &packed,
            |(blocks, _, _)| blocks.iter().map(|(raw, _)| raw).sum(),
            |_, run| {
                run.iter()
                    .map(|(blocks, _, _)| String::from_utf8(inflate(blocks)?).ok())
                    .collect::<Vec<_>>()
            },
        );
        let rest = rest.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (arenas, rest)
    });
    let Some((ws, words)) = rest? else {
        return Ok(None);
    };
    let Some(segments) = (packed.into_iter())
        .zip(arenas.into_iter().flatten())
        .map(|((_, starts, masks), arena)| {
            let segment = Segment {
                arena: arena?,
                starts,
                masks,
            };
            segment.is_sound().then_some(segment)
        })
        .collect::<Option<Vec<_>>>()
    else {
        return Ok(None);
    };
    let Some(index) = Index::from_folded(Arc::clone(&ws), segments) else {
        return Ok(None);
    };
    Ok(index.set_words(words).then_some((ws, index)))
}

/// The rest of [`decode`] after the index: the workspace (checked for
/// consistency), the typo vocabulary's words, and the checksum of the
/// whole body; `None` when something does not check out.
fn decode_workspace(
    r: &mut In,
    body: &[u8],
    root: &Path,
    passages: &Unchanged,
) -> io::Result<Option<(Arc<Workspace>, Words)>> {
    let (ws, complete) = r.workspace(root, passages)?;
    let mut words = Vec::new();
    for _ in 0..r.len()? {
        words.push(
            (0..r.len()?)
                .map(|_| r.string().map(String::into_boxed_str))
                .collect::<io::Result<Vec<_>>>()?,
        );
    }
    let sum = r.digest();
    let mut tail = [0u8; 8];
    r.fill(&mut tail)?;
    if !complete || u64::from_le_bytes(tail) != sum || r.at != body.len() || !ws.is_consistent() {
        return Ok(None);
    }
    Ok(Some((Arc::new(ws), words)))
}

/// The typo vocabulary's words by length, as the cache lists them.
type Words = Vec<Vec<Box<str>>>;

/// The folded text of LZ4 `blocks` (each with its length inflated);
/// `None` unless each inflates to exactly its length.
fn inflate(blocks: &[(usize, &[u8])]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for (raw, packed) in blocks {
        let at = out.len();
        out.resize(at + raw, 0);
        match lz4_flex::decompress_into(packed, &mut out[at..]) {
            Ok(n) if n == *raw => {}
            _ => return None,
        }
    }
    Some(out)
}

/// A length read from the file, refused past what one block may hold.
fn r_len_checked(n: usize) -> io::Result<usize> {
    if n > lz4_flex::block::get_maximum_output_size(BLOCK) {
        return Err(io::Error::other(
            "a compressed block longer than a block can be",
        ));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mention, Span};

    /// Writes `ws` (indexed as `good`) as a cache and reads it back.
    fn round_trip(good: &Workspace, ws: &Workspace) -> Option<Arc<Workspace>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let index = Index::new(Arc::new(good.clone()));
        write(&path, 7, ws, &index).unwrap();
        read(&path, dir.path(), 7, &passages_of(good), usize::MAX)
            .unwrap()
            .map(|(ws, _)| ws)
    }

    fn passages_of(ws: &Workspace) -> Unchanged {
        ws.sources
            .iter()
            .map(|s| (s.file.clone(), s.passages.clone()))
            .collect()
    }

    /// The bundled workspace, its index, and its cache written in a
    /// folder of its own (the folder, then the file).
    fn bundled_cache() -> (Workspace, Index, tempfile::TempDir, PathBuf) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let ws = workspace::load(root).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let index = Index::new(Arc::new(ws.clone()));
        write(&path, 7, &ws, &index).unwrap();
        (ws, index, dir, path)
    }

    #[test]
    fn the_cache_holds_no_copy_of_the_text() {
        let (ws, _, dir, path) = bundled_cache();
        // Its size against the text's is a benchmark's figure (bench/cold.sh):
        // here the names of 3,000 bodies outweigh one short source.
        let bytes = fs::read(&path).unwrap();
        // The first passage is also the source's title.
        let mut checked = 0;
        for p in ws.sources.iter().flat_map(|s| s.passages.iter().skip(1)) {
            let words: String = p.text.chars().take(40).collect();
            // Words that fold to themselves (Arabic without marks) are
            // also the index's folded key, which LZ4 may keep as a literal.
            if crate::text::fold(&words) == words {
                continue;
            }
            checked += 1;
            assert!(
                !bytes.windows(words.len()).any(|w| w == words.as_bytes()),
                "the cache holds «{words}»"
            );
        }
        assert!(checked > 10, "{checked} passages checked");
        // Read back against the sources' passages, it is the same.
        let (back, _) = read(&path, dir.path(), 7, &passages_of(&ws), usize::MAX)
            .unwrap()
            .expect("a sound cache is used");
        assert_eq!(back.mention_count(), ws.mention_count());
        assert_eq!(back.passage_count(), ws.passage_count());
        // A source whose passages no longer split the same is not used.
        let mut fewer = passages_of(&ws);
        for p in fewer.values_mut() {
            *p = p[..p.len() - 1].into();
        }
        assert!(
            read(&path, dir.path(), 7, &fewer, usize::MAX)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn folded_text_past_its_bound_is_not_inflated() {
        let (ws, index, dir, path) = bundled_cache();
        let text: usize = index.segments().iter().map(|s| s.arena.len()).sum();
        let bytes = fs::read(&path).unwrap();
        let body = &bytes[16 + 4 + 16..];
        let decoded = |max| decode(body, dir.path(), &passages_of(&ws), max).unwrap();
        assert!(decoded(text).is_some(), "{text} bytes of folded text");
        assert!(decoded(text - 1).is_none());
    }

    #[test]
    fn a_cache_whose_references_do_not_hold_is_not_used() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let good = workspace::load(root).unwrap();
        let back = round_trip(&good, &good).expect("a sound cache is used");
        assert_eq!(back.mention_count(), good.mention_count());

        let mut bad = good.clone();
        let text_len = bad.passage(&bad.entities[0].mentions[0].span()).text.len();
        let past = Span {
            range: 0..text_len + 1,
            ..bad.entities[0].mentions[0].span()
        };
        bad.entities[0].mentions[0] = Mention::new(&past).unwrap();
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
