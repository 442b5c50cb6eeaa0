//! The settings file, `$XDG_CONFIG_HOME/coopdash/config.toml` (else
//! `~/.config/coopdash/config.toml`): the analyst's defaults for the bidi
//! mode, language, author and mouse, the colours (`[palette]`) and key
//! remaps (`[keys.CONTEXT]`). Flags and environment variables win over it
//! (the CLI applies that order). Every error names `file:line:column` and
//! how to fix it; nothing in it is applied unless all of it is valid.

use crate::layout::BidiMode;
use crate::ui::keymap::{Keymap, Remap, RemapPart};
use crate::ui::style::{Colors, Palette, parse_color};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::ops::Range;
use std::path::PathBuf;
use toml::Spanned;

/// Settings files are a few lines; anything past this is not one.
pub const MAX_BYTES: u64 = 1 << 20;

/// What the settings file says; `None` (or the defaults) where it is
/// silent or absent.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The file read, if one was.
    pub path: Option<PathBuf>,
    /// Who lays out right-to-left text.
    pub bidi: Option<BidiMode>,
    /// The language names are shown in first.
    pub lang: Option<String>,
    /// Who new notes are signed by.
    pub author: Option<String>,
    /// Whether the dashboard takes the mouse. Read here; the dashboard's
    /// mouse option takes it at the CLI, below `--no-mouse`.
    pub mouse: Option<bool>,
    /// The colours, `[palette]` applied (checked readable).
    pub colors: Colors,
    /// The key table, `[keys.*]` applied (checked for clashes).
    pub keymap: Keymap,
}

/// Which settings file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The usual place ([`default_path`]); no file there is no settings.
    Default,
    /// This file (`--config`, `COOPDASH_CONFIG`); it must exist.
    Path(PathBuf),
    /// None at all (`--no-config`).
    Ignore,
}

/// Why the settings could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file could not be read.
    #[error(
        "{path}: cannot read the settings file: {why} — fix the path or its permissions, or use --config FILE or --no-config"
    )]
    Read {
        /// The file.
        path: String,
        /// Why.
        why: std::io::Error,
    },
    /// The file is larger than a settings file can be.
    #[error(
        "{path}: larger than {MAX_BYTES} bytes: not a settings file — point --config at the right file"
    )]
    TooBig {
        /// The file.
        path: String,
    },
    /// Something in it is wrong.
    #[error("{path}:{line}:{column}: {what} — {fix}")]
    Invalid {
        /// The file.
        path: String,
        /// Line, from 1.
        line: usize,
        /// Column in characters, from 1.
        column: usize,
        /// What is wrong.
        what: String,
        /// How to fix it.
        fix: String,
    },
}

/// `$XDG_CONFIG_HOME/coopdash/config.toml`, else
/// `$HOME/.config/coopdash/config.toml` (relative values are ignored, as
/// the XDG specification asks); `None` without either.
pub fn default_path() -> Option<PathBuf> {
    let env = |k| {
        std::env::var_os(k)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    env("XDG_CONFIG_HOME")
        .or_else(|| env("HOME").map(|home| home.join(".config")))
        .map(|dir| dir.join("coopdash").join("config.toml"))
}

/// Reads the settings from `source` (at most [`MAX_BYTES`]).
pub fn load(source: &Source) -> Result<Settings, SettingsError> {
    let (path, must_exist) = match source {
        Source::Ignore => return Ok(Settings::default()),
        Source::Path(p) => (p.clone(), true),
        Source::Default => match default_path() {
            Some(p) => (p, false),
            None => return Ok(Settings::default()),
        },
    };
    let shown = path.display().to_string();
    let read = |why| SettingsError::Read {
        path: shown.clone(),
        why,
    };
    let file = match std::fs::File::open(&path) {
        // Nothing there; or a folder on the way is closed to this user (a
        // service account with HOME=/root), so no file of theirs can be.
        Err(e)
            if !must_exist
                && (e.kind() == std::io::ErrorKind::NotFound
                    || (e.kind() == std::io::ErrorKind::PermissionDenied
                        && std::fs::metadata(&path).is_err())) =>
        {
            return Ok(Settings::default());
        }
        other => other.map_err(read)?,
    };
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(SettingsError::TooBig { path: shown });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        // The bytes before the bad one are text: they place it.
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        invalid(
            &shown,
            before,
            at..at,
            "not UTF-8 text".into(),
            "save it as UTF-8".into(),
        )
    })?;
    let mut settings = parse(&text, &shown)?;
    settings.path = Some(path);
    Ok(settings)
}

/// `[keys.CONTEXT]` tables: action → key or keys, each with its place.
type KeyTables =
    BTreeMap<Spanned<String>, Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>;

/// The file as written: every field optional, every name known.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    bidi: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    author: Option<Spanned<String>>,
    mouse: Option<bool>,
    palette: Option<Spanned<BTreeMap<Spanned<String>, Spanned<String>>>>,
    keys: Option<KeyTables>,
}

/// Parses and checks the text of a settings file; `path` names it in errors.
pub fn parse(text: &str, path: &str) -> Result<Settings, SettingsError> {
    let bad = |span: Range<usize>, what: String, fix: String| invalid(path, text, span, what, fix);
    let raw: Raw = toml::from_str(text).map_err(|e| {
        bad(
            e.span().unwrap_or(0..0),
            e.message().trim().to_string(),
            "see the Settings section of README.md".into(),
        )
    })?;
    let mut settings = Settings::default();
    if let Some(bidi) = raw.bidi {
        let mode = bidi.get_ref().parse::<BidiMode>();
        settings.bidi = Some(mode.map_err(|e| {
            bad(
                bidi.span(),
                e.to_string(),
                "`coopdash bidi-test` shows which reads right".into(),
            )
        })?);
    }
    let words = |value: Option<Spanned<String>>, name: &str| match value {
        None => Ok(None),
        Some(v) if v.get_ref().trim().is_empty() || v.get_ref().chars().any(char::is_control) => {
            Err(bad(
                v.span(),
                format!("`{name}` is blank or holds control characters"),
                format!("write a {name} in quotes, or remove the line"),
            ))
        }
        Some(v) => Ok(Some(v.into_inner().trim().to_string())),
    };
    settings.lang = words(raw.lang, "lang")?;
    settings.author = words(raw.author, "author")?;
    settings.mouse = raw.mouse;
    if let Some(palette) = raw.palette {
        let mut colors = Colors::default();
        for (name, value) in palette.get_ref() {
            let Some(slot) = colors.slot(name.get_ref()) else {
                let fix = match crate::text::closest(name.get_ref(), Colors::NAMES) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("use one of: {}", Colors::NAMES.join(", ")),
                };
                return Err(bad(
                    name.span(),
                    format!("no colour `{}` in [palette]", name.get_ref()),
                    fix,
                ));
            };
            *slot = parse_color(value.get_ref().trim()).map_err(|fix| {
                bad(
                    value.span(),
                    format!("`{}` is not a colour", value.get_ref()),
                    fix,
                )
            })?;
        }
        let palette_of = Palette {
            no_color: false,
            colors,
        };
        if let Some(why) = palette_of.unreadable() {
            return Err(bad(
                palette.span(),
                format!("this palette makes a style unreadable: {why}"),
                "pick colours further apart (a dark text on a light background, or the reverse)"
                    .into(),
            ));
        }
        settings.colors = colors;
    }
    if let Some(keys) = raw.keys {
        settings.keymap = keymap(keys, &bad)?;
    }
    Ok(settings)
}

/// The remaps of `[keys.*]`, in file order, applied to the key table.
fn keymap(
    keys: KeyTables,
    bad: &impl Fn(Range<usize>, String, String) -> SettingsError,
) -> Result<Keymap, SettingsError> {
    // (context span, action span, value span) of each remap.
    let mut spans = Vec::new();
    let mut remaps = Vec::new();
    for (context, table) in &keys {
        for (action, value) in table.get_ref() {
            let written = match value.get_ref() {
                toml::Value::String(s) => vec![s.clone()],
                toml::Value::Array(list) => list
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        bad(
                            value.span(),
                            "a list of keys holds something else than a string".into(),
                            "write keys in quotes: [\"x\", \"C-x\"]".into(),
                        )
                    })?,
                _ => {
                    return Err(bad(
                        value.span(),
                        format!(
                            "`{}` is given neither a key nor a list of keys",
                            action.get_ref()
                        ),
                        "write a key in quotes (\"x\") or a list ([\"x\", \"C-x\"])".into(),
                    ));
                }
            };
            spans.push((context.span(), action.span(), value.span()));
            remaps.push(Remap {
                context: context.get_ref().clone(),
                action: action.get_ref().clone(),
                keys: written,
            });
        }
    }
    // Errors are reported for the first remap in the file.
    let mut order: Vec<usize> = (0..remaps.len()).collect();
    order.sort_by_key(|&i| spans[i].1.start);
    let remaps: Vec<Remap> = order.iter().map(|&i| remaps[i].clone()).collect();
    let spans: Vec<_> = order.iter().map(|&i| spans[i].clone()).collect();
    Keymap::new(&remaps).map_err(|e| {
        let (context, action, value) = spans[e.remap].clone();
        let span = match e.part {
            RemapPart::Context => context,
            RemapPart::Action => action,
            RemapPart::Key(_) => value,
        };
        bad(span, e.what, e.fix)
    })
}

/// An [`SettingsError::Invalid`] at the start of `span` in `text`.
fn invalid(path: &str, text: &str, span: Range<usize>, what: String, fix: String) -> SettingsError {
    let at = span.start.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    SettingsError::Invalid {
        path: path.to_string(),
        line,
        column: before[line_start..].chars().count() + 1,
        what,
        fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> (usize, usize, String) {
        match parse(text, "config.toml") {
            Err(SettingsError::Invalid {
                line,
                column,
                what,
                fix,
                ..
            }) => (line, column, format!("{what} — {fix}")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_full_file_is_read() {
        let s = parse(
            "bidi = \"terminal\"\nlang = \"ar\"\nauthor = \"سلمى\"\nmouse = false\n\n[palette]\nlink = \"light-blue\"\n\n[keys.dashboard]\nmatrix = [\"M\", \"C-x\"]\n",
            "config.toml",
        )
        .unwrap();
        assert_eq!(s.bidi, Some(BidiMode::Terminal));
        assert_eq!(
            (s.lang.as_deref(), s.author.as_deref()),
            (Some("ar"), Some("سلمى"))
        );
        assert_eq!(s.mouse, Some(false));
        assert_eq!(s.colors.link, ratatui::style::Color::LightBlue);
        let hint = s
            .keymap
            .hints(crate::ui::keys::Context::Dashboard)
            .find(|h| h.1 == "matrix");
        assert_eq!(hint, Some(("M/C-x", "matrix")));
        assert!(parse("", "x").is_ok());
    }

    #[test]
    fn errors_name_the_line_and_column() {
        assert_eq!(error("lang = \"en\"\nbidi = \"left\"\n").0, 2);
        let (line, col, why) = error("lang = \"en\"\n\ncolour = 1\n");
        assert_eq!((line, col), (3, 1), "{why}");
        assert!(why.contains("unknown field"), "{why}");
        let (line, col, why) = error("[palette]\nlink = \"yelow\"\n");
        assert_eq!((line, col), (2, 8), "{why}");
        let (line, _, why) = error("[palette]\nselection = \"blue\"\n");
        assert_eq!(line, 1, "{why}");
        assert!(why.contains("unreadable"), "{why}");
        let (line, _, why) = error("[keys.dashboard]\nmatrix = \"M\"\ntimeline = \"M\"\n");
        assert!(line == 2 || line == 3, "{why}");
        assert!(why.contains("already"), "{why}");
        let (line, col, why) = error("[keys.dashboard]\n\nmatrx = \"M\"\n");
        assert_eq!((line, col), (3, 1), "{why}");
        assert!(why.contains("did you mean `matrix`"), "{why}");
        let (line, _, why) = error("mouse = \"no\"\n");
        assert_eq!(line, 1, "{why}");
    }
}
