//! Reading source files from `seeds/` and splitting them into passages.

use super::limits::{Cap, Limits};
use super::problem::{Pos, Problem};
use crate::model::{Passage, PassageKind, PassageText};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A source file as read from disk, before `themes.yaml` metadata applies.
#[derive(Debug, Clone)]
pub struct SeedFile {
    /// Path relative to `seeds/`, with `/` separators.
    pub rel: PathBuf,
    /// The file's passages.
    pub passages: Arc<[Passage]>,
}

/// The sources read, and whether a cap stopped any of them (the model is
/// then not built: limits are enforced before work starts).
#[derive(Debug, Clone, Default)]
pub struct Seeds {
    /// The files read.
    pub files: Vec<SeedFile>,
    /// Whether a cap (`sources`, `source-size`) was hit.
    pub capped: bool,
}

/// Passages of source files known not to have changed since they were
/// last split, by path relative to `seeds/`: a reload reuses them instead
/// of reading, decoding and splitting the file again.
pub type Unchanged = HashMap<PathBuf, Arc<[Passage]>>;

/// Lists every `.txt` and `.md` file under `seeds/` (recursively, sorted,
/// hidden files skipped) and reads each one not in `unchanged`, within the
/// `sources` and `source-size` caps. Unreadable files become problems; the
/// others still load. One file's bytes are held at a time.
pub fn read_all(
    seeds: &Path,
    limits: &Limits,
    unchanged: &Unchanged,
    problems: &mut Vec<Problem>,
) -> Seeds {
    let mut files = Vec::new();
    match collect(seeds, seeds, limits.sources, &mut files) {
        Err(e) => {
            problems.push(Problem::at(
                seeds,
                None,
                format!("cannot read the seeds folder: {e}"),
                "create a seeds/ folder next to themes.yaml holding .txt or .md sources",
            ));
            return Seeds::default();
        }
        Ok(Listed::TooMany) => {
            problems.push(too_many_sources(seeds, limits));
            return Seeds {
                files: Vec::new(),
                capped: true,
            };
        }
        Ok(Listed::All) => {}
    }
    if files.is_empty() {
        problems.push(no_sources(seeds));
    }
    files.sort();
    crate::progress::stage("reading sources", files.len());
    // Read and split on every core, in contiguous runs of files with
    // problems of their own, joined in file order.
    let parts = crate::progress::on_cores(
        &files,
        |_| 1,
        |_, run| read_run(seeds, run, limits, unchanged),
    );
    let mut out = Seeds::default();
    for (files, capped, found) in parts {
        out.files.extend(files);
        out.capped |= capped;
        problems.extend(found);
    }
    out
}

/// Reads and splits the files `rels` (sorted) of [`read_all`].
fn read_run(
    seeds: &Path,
    rels: &[PathBuf],
    limits: &Limits,
    unchanged: &Unchanged,
) -> (Vec<SeedFile>, bool, Vec<Problem>) {
    let (mut capped, mut problems) = (false, Vec::new());
    let files = rels
        .iter()
        .filter_map(|rel| {
            crate::progress::advance(1);
            if let Some(passages) = unchanged.get(rel) {
                let passages = passages.clone();
                return Some(SeedFile {
                    rel: rel.clone(),
                    passages,
                });
            }
            let path = seeds.join(rel);
            match read_capped(&path, limits.source_bytes) {
                Ok(bytes) => parse_one(seeds, rel, &bytes, limits, &mut capped, &mut problems),
                Err(why) => {
                    problems.push(Problem::at(
                        &path,
                        None,
                        format!("cannot read this source: {why}"),
                        "check the file's permissions, or move it out of seeds/",
                    ));
                    None
                }
            }
        })
        .collect();
    (files, capped, problems)
}

/// The passages of a source file's `bytes`, as [`read_all`] splits them;
/// `None` where it would report a problem instead.
pub fn passages_of(bytes: &[u8], limits: &Limits) -> Option<Arc<[Passage]>> {
    if bytes.len() > limits.source_bytes {
        return None;
    }
    decode(bytes).ok().map(|text| split_passages(text).into())
}

/// Splits sources already in memory (paths relative to `seeds`), with the
/// checks [`read_all`] makes once files are read.
pub fn from_memory<'a>(
    seeds: &Path,
    files: impl ExactSizeIterator<Item = (&'a Path, &'a [u8])>,
    limits: &Limits,
    problems: &mut Vec<Problem>,
) -> Seeds {
    let mut capped = files.len() > limits.sources;
    if capped {
        problems.push(too_many_sources(seeds, limits));
        return Seeds {
            files: Vec::new(),
            capped,
        };
    }
    let files = files
        .filter_map(|(rel, bytes)| parse_one(seeds, rel, bytes, limits, &mut capped, problems))
        .collect();
    Seeds { files, capped }
}

/// The problem of an empty `seeds/`.
pub(crate) fn no_sources(seeds: &Path) -> Problem {
    Problem::at(
        seeds,
        None,
        "the seeds folder holds no .txt or .md source",
        "add at least one source text to seeds/",
    )
}

fn too_many_sources(seeds: &Path, limits: &Limits) -> Problem {
    Problem::fatal(
        seeds,
        None,
        format!(
            "the seeds folder holds more than {} sources",
            limits.shown(Cap::Sources)
        ),
        limits.how_to_raise(Cap::Sources),
    )
}

/// The source files [`read_all`] reads: every `.txt` and `.md` under
/// `seeds` (recursively, hidden entries skipped), relative, sorted; at most
/// one more than `cap`.
pub fn list(seeds: &Path, cap: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    collect(seeds, seeds, cap, &mut files)?;
    files.sort();
    Ok(files)
}

/// Whether listing stopped at the `sources` cap.
enum Listed {
    All,
    TooMany,
}

fn collect(root: &Path, dir: &Path, cap: usize, out: &mut Vec<PathBuf>) -> std::io::Result<Listed> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Not followed: a symbolic link to a folder is read as a file and
        // refused, so no link can make the walk loop.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if let Listed::TooMany = collect(root, &path, cap, out)? {
                return Ok(Listed::TooMany);
            }
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md")
        ) {
            out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            if out.len() > cap {
                return Ok(Listed::TooMany);
            }
        }
    }
    Ok(Listed::All)
}

/// Reads at most `cap + 1` bytes of a regular file: enough to tell that it
/// is over the cap, never more (a source may be a link to `/dev/zero`).
/// Anything but a regular file is refused once opened (without blocking),
/// since reading a FIFO would wait forever. A link the workspace's owner
/// made to a source is followed.
pub(crate) fn read_capped(path: &Path, cap: usize) -> std::io::Result<Vec<u8>> {
    let (file, size) = crate::fsio::open_file(path, crate::fsio::Links::Follow)?;
    crate::fsio::read_limited(file, size, cap)
}

/// Where the `cap`-th byte of `bytes` is: the position to report for a file
/// over its size cap.
pub(crate) fn pos_of_byte(bytes: &[u8], cap: usize) -> Pos {
    let before = &bytes[..cap.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Pos {
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        column: String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
    }
}

fn parse_one(
    seeds: &Path,
    rel: &Path,
    bytes: &[u8],
    limits: &Limits,
    capped: &mut bool,
    problems: &mut Vec<Problem>,
) -> Option<SeedFile> {
    let path = seeds.join(rel);
    if bytes.len() > limits.source_bytes {
        *capped = true;
        problems.push(Problem::fatal(
            &path,
            Some(pos_of_byte(bytes, limits.source_bytes)),
            format!(
                "this source is larger than {}",
                limits.shown(Cap::SourceSize)
            ),
            format!(
                "split it into several files; {}",
                limits.how_to_raise(Cap::SourceSize)
            ),
        ));
        return None;
    }
    let text = match decode(bytes) {
        Ok(t) => t,
        Err((pos, what)) => {
            problems.push(Problem::at(
                &path,
                Some(pos),
                what,
                "save the file as UTF-8 (most editors offer \"Save with encoding\"; or `iconv -t UTF-8`)",
            ));
            return None;
        }
    };
    Some(SeedFile {
        rel: rel.to_path_buf(),
        passages: split_passages(text).into(),
    })
}

/// Decodes UTF-8 (dropping a BOM) in place, without a copy; otherwise says
/// where and what encoding it looks like.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, (Pos, String)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((
            Pos { line: 1, column: 1 },
            "this source is UTF-16, not UTF-8".into(),
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 without a byte-order mark is often valid UTF-8 (ASCII letters
    // with a NUL after each): no text source holds a NUL.
    if let Some(at) = memchr::memchr(0, body) {
        return Err((
            pos_of_byte(body, at),
            "this source holds NUL bytes: it is UTF-16 without a byte-order mark, or not text"
                .into(),
        ));
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s),
        Err(e) => {
            let good = &body[..e.valid_up_to()];
            // valid_up_to is a char boundary, so this prefix is valid UTF-8.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err((
                Pos { line, column },
                format!(
                    "this source is not valid UTF-8 (byte 0x{:02X}; perhaps Windows-1256 or Latin-1)",
                    body[e.valid_up_to()]
                ),
            ))
        }
    }
}

/// Splits text into passages at blank lines (CRLF tolerated). The
/// passages' texts share one buffer ([`PassageText`]).
pub fn split_passages(text: &str) -> Vec<Passage> {
    // (n, kind, first line, range in `buf`) of each passage.
    let mut found: Vec<(usize, PassageKind, usize, Range<usize>)> = Vec::new();
    let mut buf = String::with_capacity(text.len());
    let mut lines: Vec<&str> = Vec::new();
    let mut start_line = 0;
    let mut flush = |lines: &mut Vec<&str>, start_line: usize| {
        if lines.is_empty() {
            return;
        }
        let start = buf.len();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                buf.push('\n');
            }
            buf.push_str(line);
        }
        let n = found.len() + 1;
        found.push((n, classify(n, lines), start_line, start..buf.len()));
        lines.clear();
    };
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut lines, start_line);
        } else {
            if lines.is_empty() {
                start_line = i + 1;
            }
            lines.push(line);
        }
    }
    flush(&mut lines, start_line);
    let buf = Arc::new(buf);
    found
        .into_iter()
        .map(|(n, kind, line, range)| Passage {
            n,
            kind,
            text: PassageText::new(buf.clone(), range),
            line,
        })
        .collect()
}

/// Longest line, in characters, still taken for a heading.
const HEADING_MAX_CHARS: usize = 80;

fn classify(n: usize, lines: &[&str]) -> PassageKind {
    if n == 1 {
        return PassageKind::Title;
    }
    let only = match lines {
        [only] => only.trim(),
        _ => return PassageKind::Paragraph,
    };
    let sentence_end = only
        .chars()
        .next_back()
        .is_some_and(|c| ".!?؟:;؛…\"'”’‘“»".contains(c));
    if !sentence_end && only.chars().count() <= HEADING_MAX_CHARS {
        PassageKind::Heading
    } else {
        PassageKind::Paragraph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_blank_lines_and_classifies() {
        let text =
            "Title line\n\nFirst para.\nstill first.\n\r\n   \nA heading\n\nSecond para.\r\n";
        let p = split_passages(text);
        let got: Vec<_> = p
            .iter()
            .map(|p| (p.n, p.kind, p.text.as_str(), p.line))
            .collect();
        assert_eq!(
            got,
            [
                (1, PassageKind::Title, "Title line", 1),
                (2, PassageKind::Paragraph, "First para.\nstill first.", 3),
                (3, PassageKind::Heading, "A heading", 7),
                (4, PassageKind::Paragraph, "Second para.", 9),
            ]
        );
    }

    #[test]
    fn passages_of_a_source_share_one_buffer() {
        let p = split_passages("Title\n\n  First   \n\nSecond\r\nstill\n");
        // Each text starts where the one before ends: one allocation.
        for w in p.windows(2) {
            let end = w[0].text.as_ptr() as usize + w[0].text.len();
            assert_eq!(w[1].text.as_ptr() as usize, end);
        }
        assert_eq!(p[2].text, "Second\nstill");
    }

    #[test]
    fn decode_reports_encoding_problems() {
        assert_eq!(decode(b"\xEF\xBB\xBFok").unwrap(), "ok");
        let (pos, msg) = decode(b"ab\ncd\xC7\xE1").unwrap_err();
        assert_eq!(pos, Pos { line: 2, column: 3 });
        assert!(msg.contains("not valid UTF-8"), "{msg}");
        assert!(decode(b"\xFF\xFEa\0").unwrap_err().1.contains("UTF-16"));
        let (pos, msg) = decode(b"ab\ncd\0").unwrap_err();
        assert_eq!(pos, Pos { line: 2, column: 3 });
        assert!(msg.contains("UTF-16 without a byte-order mark"), "{msg}");
    }

    #[test]
    fn read_capped_reads_whole_files_under_the_largest_cap() {
        // `--max source-size=18446744073709551615` is a valid setting: the
        // cap plus the one byte that tells "over" must not wrap to nothing.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Title\n\nText.\n").unwrap();
        assert_eq!(read_capped(&path, usize::MAX).unwrap().len(), 13);
        assert_eq!(read_capped(&path, 5).unwrap().len(), 6);
    }
}
