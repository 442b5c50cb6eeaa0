//! Reading source files from `seeds/` and splitting them into passages.

use super::problem::{Pos, Problem};
use crate::model::{Passage, PassageKind};
use std::path::{Path, PathBuf};

/// A source file as read from disk, before `themes.yaml` metadata applies.
#[derive(Debug)]
pub struct SeedFile {
    /// Path relative to `seeds/`, with `/` separators.
    pub rel: PathBuf,
    /// The file's passages.
    pub passages: Vec<Passage>,
}

/// Lists every `.txt` and `.md` file under `seeds/` (recursively, sorted,
/// hidden files skipped) and reads each one. Unreadable files become
/// problems; the others still load.
pub fn read_all(seeds: &Path, problems: &mut Vec<Problem>) -> Vec<SeedFile> {
    let files = match list(seeds) {
        Ok(files) => files,
        Err(e) => {
            problems.push(Problem::at(
                seeds,
                None,
                format!("cannot read the seeds folder: {e}"),
                "create a seeds/ folder next to themes.yaml holding .txt or .md sources",
            ));
            return Vec::new();
        }
    };
    if files.is_empty() {
        problems.push(Problem::at(
            seeds,
            None,
            "the seeds folder holds no .txt or .md source",
            "add at least one source text to seeds/",
        ));
    }
    files
        .into_iter()
        .filter_map(|rel| read_one(seeds, rel, problems))
        .collect()
}

/// The source files [`read_all`] reads: every `.txt` and `.md` under
/// `seeds` (recursively, hidden entries skipped), relative, sorted.
pub fn list(seeds: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    collect(seeds, seeds, &mut files)?;
    files.sort();
    Ok(files)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md")
        ) {
            out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
        }
    }
    Ok(())
}

fn read_one(seeds: &Path, rel: PathBuf, problems: &mut Vec<Problem>) -> Option<SeedFile> {
    let path = seeds.join(&rel);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            problems.push(Problem::at(
                &path,
                None,
                format!("cannot read this source: {e}"),
                "check the file's permissions, or move it out of seeds/",
            ));
            return None;
        }
    };
    let text = match decode(&bytes) {
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
        rel,
        passages: split_passages(&text),
    })
}

/// Decodes UTF-8 (dropping a BOM); otherwise says where and what encoding
/// it looks like.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, (Pos, String)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((
            Pos { line: 1, column: 1 },
            "this source is UTF-16, not UTF-8".into(),
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
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

/// Splits text into passages at blank lines (CRLF tolerated).
pub fn split_passages(text: &str) -> Vec<Passage> {
    let mut passages = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut start_line = 0;
    let flush = |lines: &mut Vec<&str>, start_line: usize, passages: &mut Vec<Passage>| {
        if lines.is_empty() {
            return;
        }
        let text = lines.join("\n");
        let n = passages.len() + 1;
        passages.push(Passage {
            n,
            kind: classify(n, lines),
            text,
            line: start_line,
        });
        lines.clear();
    };
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut lines, start_line, &mut passages);
        } else {
            if lines.is_empty() {
                start_line = i + 1;
            }
            lines.push(line);
        }
    }
    flush(&mut lines, start_line, &mut passages);
    passages
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
    fn decode_reports_encoding_problems() {
        assert_eq!(decode(b"\xEF\xBB\xBFok").unwrap(), "ok");
        let (pos, msg) = decode(b"ab\ncd\xC7\xE1").unwrap_err();
        assert_eq!(pos, Pos { line: 2, column: 3 });
        assert!(msg.contains("not valid UTF-8"), "{msg}");
        assert!(decode(b"\xFF\xFEa\0").unwrap_err().1.contains("UTF-16"));
    }
}
