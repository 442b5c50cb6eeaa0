//! The caps on what a workspace may hold, checked before any costly work
//! (YAML parsing, folding, quote resolution, mention finding): a workspace
//! comes from other people, and one file must not be able to take the tool
//! down for a whole team.
//!
//! Every cap has a name; the person running coopdash (never the workspace
//! itself, which is the untrusted side) raises it with `--max NAME=N` or
//! `COOPDASH_LIMITS=NAME=N,NAME=N`. Caps fixed elsewhere, for the record:
//! note files ([`crate::notes::format::MAX_FILE_BYTES`], bodies
//! [`crate::notes::model::MAX_BODY_BYTES`]), YAML nesting
//! ([`super::locate::MAX_DEPTH`]) and SSH input
//! ([`crate::serve::input::MAX_PENDING`]).

use std::fmt;
use std::str::FromStr;

/// The caps, all raisable. [`Limits::default`] fits workspaces far larger
/// than any analyst curates by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest `themes.yaml`, in bytes (`themes-size`).
    pub themes_bytes: usize,
    /// Largest source file, in bytes (`source-size`).
    pub source_bytes: usize,
    /// Longest text in `themes.yaml` (a name, quote, summary, key), in
    /// characters (`field-length`).
    pub field_chars: usize,
    /// Most source files under `seeds/` (`sources`).
    pub sources: usize,
    /// Most passages, all sources together (`passages`).
    pub passages: usize,
    /// Most themes (`themes`).
    pub themes: usize,
    /// Most partner bodies (`entities`).
    pub entities: usize,
    /// Most quotes to resolve: theme links and events together (`links`).
    pub links: usize,
    /// Largest document `coopdash import` reads, in bytes, and the most a
    /// DOCX part or a PDF page may inflate to (`import-size`); the text it
    /// gives must still fit `source-size`.
    pub import_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            themes_bytes: 4 * MIB,
            source_bytes: 4 * MIB,
            field_chars: 20_000,
            sources: 20_000,
            passages: 2_000_000,
            themes: 1_000,
            entities: 10_000,
            links: 5_000,
            import_bytes: 64 * MIB,
        }
    }
}

const MIB: usize = 1024 * 1024;

/// One cap: its name on the command line, and whether it counts bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// `themes-size`
    ThemesSize,
    /// `source-size`
    SourceSize,
    /// `field-length`
    FieldLength,
    /// `sources`
    Sources,
    /// `passages`
    Passages,
    /// `themes`
    Themes,
    /// `entities`
    Entities,
    /// `links`
    Links,
    /// `import-size`
    ImportSize,
}

impl Cap {
    /// Every cap, in the order `--help` lists them.
    pub const ALL: [Cap; 9] = [
        Cap::ThemesSize,
        Cap::SourceSize,
        Cap::FieldLength,
        Cap::Sources,
        Cap::Passages,
        Cap::Themes,
        Cap::Entities,
        Cap::Links,
        Cap::ImportSize,
    ];

    /// The name used with `--max`.
    pub fn name(self) -> &'static str {
        match self {
            Cap::ThemesSize => "themes-size",
            Cap::SourceSize => "source-size",
            Cap::FieldLength => "field-length",
            Cap::Sources => "sources",
            Cap::Passages => "passages",
            Cap::Themes => "themes",
            Cap::Entities => "entities",
            Cap::Links => "links",
            Cap::ImportSize => "import-size",
        }
    }

    fn is_size(self) -> bool {
        matches!(self, Cap::ThemesSize | Cap::SourceSize | Cap::ImportSize)
    }
}

impl Limits {
    /// The value of one cap.
    pub fn get(&self, cap: Cap) -> usize {
        match cap {
            Cap::ThemesSize => self.themes_bytes,
            Cap::SourceSize => self.source_bytes,
            Cap::FieldLength => self.field_chars,
            Cap::Sources => self.sources,
            Cap::Passages => self.passages,
            Cap::Themes => self.themes,
            Cap::Entities => self.entities,
            Cap::Links => self.links,
            Cap::ImportSize => self.import_bytes,
        }
    }

    fn slot(&mut self, cap: Cap) -> &mut usize {
        match cap {
            Cap::ThemesSize => &mut self.themes_bytes,
            Cap::SourceSize => &mut self.source_bytes,
            Cap::FieldLength => &mut self.field_chars,
            Cap::Sources => &mut self.sources,
            Cap::Passages => &mut self.passages,
            Cap::Themes => &mut self.themes,
            Cap::Entities => &mut self.entities,
            Cap::Links => &mut self.links,
            Cap::ImportSize => &mut self.import_bytes,
        }
    }

    /// The defaults with `settings` applied in order (later wins).
    pub fn with(settings: &[Setting]) -> Limits {
        let mut limits = Limits::default();
        for s in settings {
            *limits.slot(s.cap) = s.value;
        }
        limits
    }

    /// The cap as people read it: `4 MiB`, `100000 passages`.
    pub fn shown(&self, cap: Cap) -> String {
        let v = self.get(cap);
        if cap.is_size() {
            size(v)
        } else {
            v.to_string()
        }
    }

    /// The end of a message about a cap that was hit: how to raise it.
    pub fn how_to_raise(&self, cap: Cap) -> String {
        let doubled = self.get(cap).saturating_mul(2).max(1);
        let value = if cap.is_size() && doubled.is_multiple_of(MIB) {
            format!("{}M", doubled / MIB)
        } else {
            doubled.to_string()
        };
        format!(
            "if this is expected, raise the {} limit: --max {}={value} (or COOPDASH_LIMITS)",
            cap.name(),
            cap.name()
        )
    }
}

/// Bytes as `4 MiB`, `64 KiB` or `100 bytes`.
fn size(bytes: usize) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// One `NAME=N` setting from the command line or `COOPDASH_LIMITS`. `N`
/// may end in `K` or `M` (×1024, ×1024²).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// Which cap.
    pub cap: Cap,
    /// Its new value.
    pub value: usize,
}

impl FromStr for Setting {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let names = || {
            Cap::ALL
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (name, value) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}`: write NAME=N, where NAME is one of {}", names()))?;
        let cap = Cap::ALL
            .into_iter()
            .find(|c| c.name() == name.trim())
            .ok_or_else(|| format!("`{name}` is not a limit; the limits are {}", names()))?;
        let value = value.trim();
        let (digits, unit) = match value.char_indices().last() {
            Some((i, 'k' | 'K')) => (&value[..i], 1024),
            Some((i, 'm' | 'M')) => (&value[..i], MIB),
            _ => (value, 1),
        };
        let value = digits
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_mul(unit))
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                format!("`{value}`: a limit is a whole number above 0, such as 5000 or 8M")
            })?;
        Ok(Setting { cap, value })
    }
}

impl fmt::Display for Cap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_apply() {
        let s: Setting = "passages=200000".parse().unwrap();
        assert_eq!((s.cap, s.value), (Cap::Passages, 200_000));
        let s: Setting = "source-size=16M".parse().unwrap();
        assert_eq!(s.value, 16 * MIB);
        let limits = Limits::with(&[s, "themes-size=512k".parse().unwrap()]);
        assert_eq!(limits.source_bytes, 16 * MIB);
        assert_eq!(limits.shown(Cap::ThemesSize), "512 KiB");
        assert_eq!(limits.passages, Limits::default().passages);
        assert!(
            "pasages=3"
                .parse::<Setting>()
                .unwrap_err()
                .contains("passages")
        );
        assert!("passages=0".parse::<Setting>().is_err());
        assert!("passages=-1".parse::<Setting>().is_err());
        assert!("passages".parse::<Setting>().is_err());
        assert!(
            format!("source-size={}M", usize::MAX)
                .parse::<Setting>()
                .is_err()
        );
    }

    #[test]
    fn how_to_raise_names_the_flag() {
        let l = Limits::default();
        assert_eq!(
            l.how_to_raise(Cap::SourceSize),
            "if this is expected, raise the source-size limit: --max source-size=8M (or COOPDASH_LIMITS)"
        );
        assert!(
            l.how_to_raise(Cap::Passages)
                .contains("--max passages=4000000")
        );
    }
}
