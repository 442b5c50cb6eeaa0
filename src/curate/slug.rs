//! An id suggested from a name.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest id suggested, in characters.
const MAX_CHARS: usize = 48;

/// An id for an item named `name`: its letters and digits, lowercased and
/// without accents or Arabic diacritics, words joined by `-`
/// (`Maritime Security` → `maritime-security`, `Sécurité` → `securite`).
/// Arabic letters are kept as they are, not transliterated: the loader
/// takes any letters in an id, and a guessed transliteration would be
/// wrong as often as right (`الأمن البحري` → `الامن-البحري`). A name with
/// no letter or digit gives `item`. The id may be taken: the caller adds
/// `-2`, `-3`… when it is.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
        if out.chars().count() >= MAX_CHARS {
            break;
        }
    }
    if out.is_empty() { "item".into() } else { out }
}

/// Whether `id` is already a theme's, partner body's or source's id.
pub fn id_taken(ws: &crate::model::Workspace, id: &str) -> bool {
    ws.themes.iter().any(|t| t.id == id)
        || ws.entities.iter().any(|e| e.id == id)
        || ws.sources.iter().any(|s| s.id == id)
}

/// `base`, or `base-2`, `base-3`… whichever `taken` says is free.
pub fn free_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|n| match n {
            1 => base.to_string(),
            n => format!("{base}-{n}"),
        })
        .find(|id| !taken(id))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::slug;
    use crate::workspace::spec::usable_id;

    #[test]
    fn slugs_are_usable_ids() {
        for (name, id) in [
            ("Maritime security", "maritime-security"),
            ("  Cyber-crime & fraud!", "cyber-crime-fraud"),
            ("Sécurité öffentliche", "securite-offentliche"),
            ("الأمن البحري", "الامن-البحري"),
            ("الجريمةُ السيبرية", "الجريمة-السيبرية"),
            ("2030 Agenda", "2030-agenda"),
            ("!!!", "item"),
        ] {
            assert_eq!(slug(name), id, "{name}");
            assert!(usable_id(&slug(name)));
        }
        assert!(slug(&"long words ".repeat(20)).chars().count() <= super::MAX_CHARS);
    }
}
