//! The shape of `themes.yaml`, as written (before ids are resolved).
//! README.md documents every field; keep the two in step.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// Text in one or several languages: either a map of language code to text,
/// or a plain string whose language is guessed from its script.
#[derive(Debug, Clone)]
pub enum LangTextSpec {
    /// `name: Cybercrime`
    Plain(String),
    /// `name: {en: Cybercrime, ar: الجريمة السيبرية}`
    Map(BTreeMap<String, String>),
}

/// A date written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (YAML reads a bare
/// year as a number).
#[derive(Debug, Clone)]
pub enum DateSpec {
    /// `date: 1997`
    Year(i64),
    /// `date: 2022-12-09`
    Text(String),
}

impl DateSpec {
    /// The date as written.
    pub fn as_written(&self) -> String {
        match self {
            DateSpec::Year(y) => y.to_string(),
            DateSpec::Text(t) => t.clone(),
        }
    }
}

// Hand-written so that a wrong type says what was expected in plain words,
// where serde's untagged enums only say "did not match any variant".
impl<'de> Deserialize<'de> for LangTextSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LangTextSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a map of language code to text such as {en: ..., ar: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LangTextSpec::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    out.insert(k, v);
                }
                Ok(LangTextSpec::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for DateSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(DateSpec::Year(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v).map(DateSpec::Year).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(DateSpec::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `sources[]`: optional metadata for a file under `seeds/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub id: String,
    pub file: String,
    pub title: Option<LangTextSpec>,
    pub date: Option<DateSpec>,
    pub lang: Option<String>,
}

/// `themes[].links[]` and the anchor part of `events[]`: a quote found in a
/// source, the way a W3C TextQuoteSelector is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSpec {
    pub source: String,
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

/// `themes[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSpec {
    pub id: String,
    pub name: LangTextSpec,
    pub summary: Option<LangTextSpec>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub entities: Vec<String>,
    #[serde(default)]
    pub links: Vec<LinkSpec>,
}

/// `entities[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    pub id: String,
    pub kind: String,
    pub name: LangTextSpec,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub part_of: Option<String>,
}

/// `events[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    pub date: DateSpec,
    pub label: LangTextSpec,
    pub source: String,
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

impl EventSpec {
    /// The event's anchor as a link.
    pub fn anchor(&self) -> LinkSpec {
        LinkSpec {
            source: self.source.clone(),
            quote: self.quote.clone(),
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
        }
    }
}

/// Whether `id` can name a source, theme or partner body: one word, with
/// no `:` (which separates `SOURCE:N`) and no control character.
pub fn usable_id(id: &str) -> bool {
    !id.is_empty()
        && !id
            .chars()
            .any(|c| c.is_whitespace() || c == ':' || c.is_control())
}

/// How to write an id that [`usable_id`] accepts.
pub const ID_RULE: &str = "ids are one word: letters, digits, `-`, `_` or `.`, no spaces or colons";

/// The top-level sections, each a list.
pub const SECTIONS: [&str; 4] = ["sources", "themes", "entities", "events"];
