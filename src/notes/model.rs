//! A note or analyst link as stored, the rules it must follow, and how new
//! ones get their id, author and times.

use crate::anchor::TextAnchor;
use chrono::{DateTime, FixedOffset, Local, SubsecRound, Utc};
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::str::FromStr;

/// Largest note body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// Longest note id, in characters.
pub const MAX_ID_CHARS: usize = 100;
/// Longest author name, in characters.
pub const MAX_AUTHOR_CHARS: usize = 100;

/// What a stored item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// A note on a theme, partner body or passage.
    Note,
    /// An analyst link: a passage or span attached to a theme, with optional
    /// text. Shown beside the curated links of `themes.yaml`.
    Link,
    /// A suggested link turned down ([`crate::suggest`]): the theme it was
    /// suggested for is the target, the evidence words the anchor, the
    /// body the reason (optional). Never listed as a note, searched or
    /// exported; it keeps the passage out of that theme's suggestions.
    Rejection,
}

impl NoteKind {
    /// The name the front matter and the command line use.
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Link => "link",
            NoteKind::Rejection => "rejection",
        }
    }
}

/// What a note is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A theme or partner body, by id (ids are unique across both).
    Item(String),
    /// A passage, `SOURCE:N`.
    Passage {
        /// Source id.
        source: String,
        /// 1-based passage number.
        n: usize,
    },
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Item(id) => f.write_str(id),
            Target::Passage { source, n } => write!(f, "{source}:{n}"),
        }
    }
}

impl FromStr for Target {
    type Err = String;

    /// Parses `ID` or `SOURCE:N`.
    fn from_str(s: &str) -> Result<Self, String> {
        let word =
            |w: &str| !w.is_empty() && !w.chars().any(|c| c.is_whitespace() || c.is_control());
        match s.rsplit_once(':') {
            None if word(s) => Ok(Target::Item(s.to_string())),
            Some((source, n)) if word(source) && !source.contains(':') => n
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .map(|n| Target::Passage {
                    source: source.to_string(),
                    n,
                })
                .ok_or_else(|| format!("`{s}`: the passage number after `:` must be 1 or more")),
            _ => Err(format!(
                "`{s}` is not a target: give a theme or partner body id, or SOURCE:N"
            )),
        }
    }
}

impl serde::Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A note or analyst link. Its file is `<id>.md` in the notes folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Stable id, safe as a file name; sorts by creation time.
    pub id: String,
    /// Note or analyst link.
    pub kind: NoteKind,
    /// What it is about.
    pub target: Target,
    /// The text it is attached to, if any (required for links).
    pub anchor: Option<TextAnchor>,
    /// Who wrote it.
    pub author: String,
    /// When it was created (RFC 3339 with the writer's offset).
    pub created: DateTime<FixedOffset>,
    /// When it was last saved.
    pub updated: DateTime<FixedOffset>,
    /// For a copy kept when two sessions edited one note at once: the id of
    /// the note it conflicts with.
    pub conflict_of: Option<String>,
    /// Markdown text, any language. Trailing line breaks are not kept.
    pub body: String,
}

impl Note {
    /// A new note with a fresh id, created and updated now. The body is
    /// normalized (see [`normalize_body`]); call [`Note::check`] before
    /// saving (the store does).
    pub fn new(
        kind: NoteKind,
        target: Target,
        anchor: Option<TextAnchor>,
        author: &str,
        body: &str,
    ) -> Note {
        let now = now();
        Note {
            id: new_id(),
            kind,
            target,
            anchor,
            author: author.trim().to_string(),
            created: now,
            updated: now,
            conflict_of: None,
            body: normalize_body(body),
        }
    }

    /// Whether the note follows the rules: a usable id and author, a body
    /// within [`MAX_BODY_BYTES`], and an anchor (on a theme or partner body)
    /// for links.
    pub fn check(&self) -> Result<(), String> {
        if !valid_id(&self.id) {
            return Err(format!(
                "`{}` is not a usable note id: letters, digits, `-`, `_`, `.`, at most {MAX_ID_CHARS}, not starting with `.`",
                self.id
            ));
        }
        if self.author.trim().is_empty()
            || self.author.chars().count() > MAX_AUTHOR_CHARS
            || self.author.chars().any(char::is_control)
        {
            return Err(format!(
                "the author must be one line of 1 to {MAX_AUTHOR_CHARS} characters"
            ));
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(format!(
                "the note is {} KiB; notes are limited to {} KiB",
                self.body.len().div_ceil(1024),
                MAX_BODY_BYTES / 1024
            ));
        }
        let what = match self.kind {
            NoteKind::Note => None,
            NoteKind::Link => Some(("an analyst link", "the passage or span it links")),
            NoteKind::Rejection => Some(("a rejection", "the evidence words turned down")),
        };
        if let Some((what, anchor)) = what {
            if self.anchor.is_none() {
                return Err(format!("{what} needs an anchor ({anchor})"));
            }
            if !matches!(self.target, Target::Item(_)) {
                return Err(format!(
                    "{what} is about a theme and a passage: its target is a theme id"
                ));
            }
        }
        if let Some(id) = &self.conflict_of
            && !valid_id(id)
        {
            return Err(format!("`conflict_of: {id}` is not a usable note id"));
        }
        Ok(())
    }

    /// Creation order, newest first, ties broken by id.
    pub fn newest_first(a: &Note, b: &Note) -> std::cmp::Ordering {
        b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id))
    }
}

/// The current time at the local offset, to whole seconds (what the file keeps).
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset().trunc_subsecs(0)
}

/// Trailing line breaks are dropped so that a body round-trips through its
/// file, which always ends with one line break.
pub fn normalize_body(body: &str) -> String {
    body.trim_end_matches(['\n', '\r']).to_string()
}

/// Whether `id` is usable as a note id (and so as a file name).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A fresh id: UTC time to the millisecond, then 8 random hex digits, e.g.
/// `20261129T081502123Z-7f3a9c2e`. Ids sort by creation time; the suffix
/// keeps writers apart (the store also refuses to reuse an existing id).
pub fn new_id() -> String {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%3fZ");
    format!("{stamp}-{:08x}", random_u32())
}

/// A random number from the standard library's per-process random hash
/// keys, mixed with the time and a counter; enough to keep ids apart, since
/// collisions are also checked under the folder's lock.
fn random_u32() -> u32 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    h.write_i64(Utc::now().timestamp_nanos_opt().unwrap_or_default());
    (h.finish() >> 32) as u32
}

/// The author for new notes: the given name (`--author`), else
/// `COOPDASH_AUTHOR`, else `from_file` (the settings file's `author`), else
/// the login name (`USER`, `LOGNAME`, then the password database), else
/// `unknown`. Blank values are skipped.
pub fn author(given: Option<&str>, from_file: Option<&str>) -> String {
    let env = |k| std::env::var(k).ok();
    given
        .map(str::to_string)
        .into_iter()
        .chain(env("COOPDASH_AUTHOR"))
        .chain(from_file.map(str::to_string))
        .chain(env("USER"))
        .chain(env("LOGNAME"))
        .map(|a| a.trim().to_string())
        .find(|a| !a.is_empty())
        .or_else(password_name)
        .unwrap_or_else(|| "unknown".to_string())
}

/// The name the password database gives the user running coopdash (what
/// `id -un` prints), for when the environment names nobody (cron, systemd
/// units, `env -i`).
fn password_name() -> Option<String> {
    // Entries are small; a grown buffer covers huge LDAP records.
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: getuid cannot fail. getpwuid_r writes only into `pwd` and
        // `buf` (whose length it is told), and sets `found` to `&pwd` or
        // null; `pw_name` then points into `buf`, which outlives its use.
        let (rc, name) = unsafe {
            let mut pwd: libc::passwd = std::mem::zeroed();
            let mut found: *mut libc::passwd = std::ptr::null_mut();
            let rc = libc::getpwuid_r(
                libc::getuid(),
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut found,
            );
            let name = (rc == 0 && !found.is_null() && !pwd.pw_name.is_null()).then(|| {
                std::ffi::CStr::from_ptr(pwd.pw_name)
                    .to_string_lossy()
                    .into_owned()
            });
            (rc, name)
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        return name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_and_print() {
        assert_eq!("cybercrime".parse(), Ok(Target::Item("cybercrime".into())));
        let p: Target = "un-2022:4".parse().unwrap();
        assert_eq!(
            p,
            Target::Passage {
                source: "un-2022".into(),
                n: 4
            }
        );
        assert_eq!(p.to_string(), "un-2022:4");
        assert!("a:0".parse::<Target>().is_err());
        assert!("a:b:1".parse::<Target>().is_err());
        assert!("two words".parse::<Target>().is_err());
        assert!("".parse::<Target>().is_err());
    }

    #[test]
    fn ids_are_fresh_ordered_and_safe() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
        assert!(valid_id(&a), "{a}");
        assert_eq!(a.len(), "20261129T081502123Z-7f3a9c2e".len());
        assert!(!valid_id("../x") && !valid_id(".hidden") && !valid_id("a b"));
    }

    #[test]
    fn rules() {
        let mut n = Note::new(
            NoteKind::Link,
            Target::Item("t".into()),
            None,
            "amal",
            "x\n\n",
        );
        assert_eq!(n.body, "x");
        assert!(n.check().unwrap_err().contains("anchor"));
        n.kind = NoteKind::Note;
        assert_eq!(n.check(), Ok(()));
        n.author = "a\nb".into();
        assert!(n.check().is_err());
        n.author = "amal".into();
        n.body = "x".repeat(MAX_BODY_BYTES + 1);
        assert!(n.check().unwrap_err().contains("limited"));
    }

    #[test]
    fn author_falls_back() {
        assert_eq!(author(Some("  سلمى "), Some("file")), "سلمى");
        assert!(!author(None, None).is_empty());
    }
}
