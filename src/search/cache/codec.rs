//! The cache's encoding: numbers as LEB128 varints, strings
//! length-prefixed, the workspace item by item ([`Out`] writes, hashing
//! all; [`In`] reads back from memory).

use crate::model::{Entity, Event, LangText, Link, Mention, Source, Span, Theme, Workspace};
use crate::workspace::seeds::Unchanged;
use crate::workspace::{Pos, Problem, Severity};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// A value as the difference from the one before, zigzag-coded: small
/// either way, and any pair of values round-trips.
fn zigzag(prev: usize, now: usize) -> u64 {
    let d = (now as i64).wrapping_sub(prev as i64);
    ((d << 1) ^ (d >> 63)) as u64
}

/// The value [`zigzag`] coded after `prev`; `None` past the range.
fn unzigzag(prev: usize, z: u64) -> Option<usize> {
    let d = ((z >> 1) as i64) ^ -((z & 1) as i64);
    usize::try_from((prev as i64).checked_add(d)?).ok()
}

/// Writes numbers as LEB128 varints, strings length-prefixed, hashing all.
pub(super) struct Out<'a, W: Write> {
    pub(super) inner: &'a mut W,
    pub(super) hash: Xxh3,
}

impl<W: Write> Out<'_, W> {
    pub(super) fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.hash.update(b);
        self.inner.write_all(b)
    }

    pub(super) fn len(&mut self, n: usize) -> io::Result<()> {
        self.varint(n as u64)
    }

    pub(super) fn varint(&mut self, mut n: u64) -> io::Result<()> {
        let mut buf = [0u8; 10];
        let mut i = 0;
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                buf[i] = low;
                i += 1;
                break;
            }
            buf[i] = low | 0x80;
            i += 1;
        }
        self.bytes(&buf[..i])
    }

    pub(super) fn str(&mut self, s: &str) -> io::Result<()> {
        self.len(s.len())?;
        self.bytes(s.as_bytes())
    }

    pub(super) fn opt_str(&mut self, s: Option<&str>) -> io::Result<()> {
        match s {
            None => self.bytes(&[0]),
            Some(s) => {
                self.bytes(&[1])?;
                self.str(s)
            }
        }
    }

    pub(super) fn strs(&mut self, v: &[String]) -> io::Result<()> {
        self.len(v.len())?;
        v.iter().try_for_each(|s| self.str(s))
    }

    pub(super) fn lang(&mut self, t: &LangText) -> io::Result<()> {
        self.len(t.0.len())?;
        t.0.iter().try_for_each(|(l, s)| {
            self.str(l)?;
            self.str(s)
        })
    }

    pub(super) fn span(&mut self, s: &Span) -> io::Result<()> {
        [s.source, s.passage, s.range.start, s.range.end]
            .into_iter()
            .try_for_each(|n| self.len(n))
    }

    /// Mentions in source order: each place as the difference from the
    /// one before, a few bytes each.
    pub(super) fn mentions(&mut self, m: &[Mention]) -> io::Result<()> {
        self.len(m.len())?;
        let mut prev = Span {
            source: 0,
            passage: 0,
            range: 0..0,
        };
        for m in m {
            let s = &m.span();
            self.varint(zigzag(prev.source, s.source))?;
            self.varint(zigzag(prev.passage, s.passage))?;
            self.varint(zigzag(prev.range.start, s.range.start))?;
            self.varint(zigzag(s.range.start, s.range.end))?;
            prev = s.clone();
        }
        Ok(())
    }

    pub(super) fn workspace(&mut self, ws: &Workspace) -> io::Result<()> {
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
            // The passages are split from the file again; their count
            // tells a file that no longer splits the same.
            self.len(s.passages.len())?;
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

/// Reads what [`Out`] wrote, from memory: millions of numbers are read a
/// byte at a time, and the checksum runs once over what was read
/// ([`In::digest`]), not once per byte.
pub(super) struct In<'a> {
    pub(super) all: &'a [u8],
    pub(super) at: usize,
}

impl<'a> In<'a> {
    /// The next `n` bytes; an error, and nothing allocated, when fewer
    /// are left.
    pub(super) fn take(&mut self, n: usize) -> io::Result<&'a [u8]> {
        let end = (self.at.checked_add(n))
            .filter(|&end| end <= self.all.len())
            .ok_or(io::ErrorKind::UnexpectedEof)?;
        let out = &self.all[self.at..end];
        self.at = end;
        Ok(out)
    }

    pub(super) fn fill(&mut self, buf: &mut [u8]) -> io::Result<()> {
        buf.copy_from_slice(self.take(buf.len())?);
        Ok(())
    }

    /// The checksum of everything read so far (the same as [`Out`]'s of
    /// everything written).
    pub(super) fn digest(&self) -> u64 {
        xxh3_64(&self.all[..self.at])
    }

    pub(super) fn varint(&mut self) -> io::Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(io::Error::other("a number longer than 64 bits"))
    }

    pub(super) fn len(&mut self) -> io::Result<usize> {
        usize::try_from(self.varint()?).map_err(io::Error::other)
    }

    /// `n` bytes: a corrupt length past the end allocates nothing.
    pub(super) fn bytes(&mut self, n: usize) -> io::Result<Vec<u8>> {
        Ok(self.take(n)?.to_vec())
    }

    pub(super) fn byte(&mut self) -> io::Result<u8> {
        Ok(self.take(1)?[0])
    }

    pub(super) fn string(&mut self) -> io::Result<String> {
        let n = self.len()?;
        String::from_utf8(self.bytes(n)?).map_err(io::Error::other)
    }

    pub(super) fn opt_string(&mut self) -> io::Result<Option<String>> {
        Ok(match self.byte()? {
            0 => None,
            _ => Some(self.string()?),
        })
    }

    pub(super) fn strings(&mut self) -> io::Result<Vec<String>> {
        (0..self.len()?).map(|_| self.string()).collect()
    }

    pub(super) fn lang(&mut self) -> io::Result<LangText> {
        let n = self.len()?;
        let mut map = std::collections::BTreeMap::new();
        for _ in 0..n {
            let l = self.string()?;
            map.insert(l, self.string()?);
        }
        Ok(LangText(map))
    }

    pub(super) fn span(&mut self) -> io::Result<Span> {
        Ok(Span {
            source: self.len()?,
            passage: self.len()?,
            range: self.len()?..self.len()?,
        })
    }

    pub(super) fn mentions(&mut self) -> io::Result<Vec<Mention>> {
        let bad = || io::Error::other("a mention out of range");
        let mut prev = Span {
            source: 0,
            passage: 0,
            range: 0..0,
        };
        (0..self.len()?)
            .map(|_| {
                let source = unzigzag(prev.source, self.varint()?).ok_or_else(bad)?;
                let passage = unzigzag(prev.passage, self.varint()?).ok_or_else(bad)?;
                let start = unzigzag(prev.range.start, self.varint()?).ok_or_else(bad)?;
                let end = unzigzag(start, self.varint()?).ok_or_else(bad)?;
                prev = Span {
                    source,
                    passage,
                    range: start..end,
                };
                Mention::new(&prev).ok_or_else(bad)
            })
            .collect()
    }

    /// The workspace, its passages taken from `passages` by file; with
    /// whether every source's passages were there, as many as cached.
    pub(super) fn workspace(
        &mut self,
        root: &Path,
        passages: &Unchanged,
    ) -> io::Result<(Workspace, bool)> {
        let mut sources = Vec::new();
        let mut complete = true;
        for _ in 0..self.len()? {
            let id = self.string()?;
            let file = PathBuf::from(self.string()?);
            let title = self.lang()?;
            let lang = self.opt_string()?;
            let date = self.opt_string()?;
            let count = self.len()?;
            let passages = match passages.get(&file) {
                Some(p) if p.len() == count => p.clone(),
                _ => {
                    // Decoded on, so that a fuzzer reaches the rest.
                    complete = false;
                    Arc::from(Vec::new())
                }
            };
            sources.push(Source {
                id,
                file,
                title,
                lang,
                date,
                passages,
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
        let ws = Workspace {
            root: root.to_path_buf(),
            sources,
            themes,
            entities,
            events,
            warnings,
        };
        Ok((ws, complete))
    }
}
