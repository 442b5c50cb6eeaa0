//! Exports of a loaded workspace for other tools: JSON for scripts, a
//! Markdown report for people, CSV for spreadsheets, and REFI-QDA (QDA-XML
//! 1.0) projects and codebooks for qualitative-analysis software.
//!
//! Every export takes the workspace and [`Extras`]: the analysts' notes and
//! links, which live outside `themes.yaml`. Offsets are always character
//! (Unicode scalar value) offsets, end exclusive, never bytes.

mod codebook;
pub mod csv;
mod ids;
pub mod json;
pub mod markdown;
pub mod qdc;
pub mod qdpx;
mod xml;

use crate::model::{AnalystLink, Span, Workspace};
use crate::text::char_offset;
use chrono::{DateTime, FixedOffset};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document with everything resolved.
    Json,
    /// A report per theme, for people (CommonMark).
    #[value(alias = "md")]
    Markdown,
    /// One row per theme link, for spreadsheets.
    Csv,
    /// A REFI-QDA project (zip) for QualCoder, ATLAS.ti, MAXQDA, NVivo.
    Qdpx,
    /// The REFI-QDA codebook alone: themes and partner bodies.
    Qdc,
}

impl Format {
    /// Whether the output is binary (never for a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Qdpx)
    }
}

/// What a note is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    /// A theme (index into [`Workspace::themes`]).
    Theme(usize),
    /// A partner body (index into [`Workspace::entities`]).
    Entity(usize),
    /// A passage, or words of it.
    Passage(Span),
}

/// An analyst's note, as the exports need it.
#[derive(Debug, Clone)]
pub struct ExportNote {
    /// Stable id (names the note's GUID in REFI-QDA exports).
    pub id: String,
    /// What the note is about.
    pub target: NoteTarget,
    /// The words the note is anchored to, if any (for a theme or body note
    /// written while reading a passage).
    pub anchor: Option<Span>,
    /// Who wrote it.
    pub author: String,
    /// When, with the writer's offset.
    pub created: DateTime<FixedOffset>,
    /// The text.
    pub body: String,
}

/// A note that lost its place (its target or quoted text is gone): kept in
/// the JSON export with what it had, never dropped.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportOrphan {
    /// The note's id.
    pub id: String,
    /// `note` or `link`.
    pub kind: String,
    /// The target as written (`cybercrime`, `SOURCE:N`).
    pub target: String,
    /// The quoted text it was anchored to, if any.
    pub quote: Option<String>,
    /// Who wrote it.
    pub author: String,
    /// When.
    pub created: DateTime<FixedOffset>,
    /// The text.
    pub body: String,
    /// Why it lost its place.
    pub reason: String,
}

/// What the exports take besides the workspace. Empty by default.
///
/// Every index and span in it must belong to the workspace being exported:
/// notes and links whose target is gone (orphans) are the caller's to leave
/// out or re-attach before exporting.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Notes on themes, partner bodies and passages.
    pub notes: &'a [ExportNote],
    /// Analyst links.
    pub links: &'a [AnalystLink],
    /// Notes and links that lost their place (JSON only).
    pub orphans: &'a [ExportOrphan],
}

/// Why an export could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Building the zip archive failed.
    #[error("cannot build the archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing XML or CSV into memory failed.
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    /// The CSV writer refused a record.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
}

/// Renders the workspace in `format`.
pub fn render(ws: &Workspace, extras: &Extras, format: Format) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Json => json::render(ws, extras).into_bytes(),
        Format::Markdown => markdown::render(ws, extras).into_bytes(),
        Format::Csv => csv::render(ws, extras)?,
        Format::Qdpx => qdpx::render(ws, extras)?,
        Format::Qdc => qdc::render(ws)?,
    })
}

/// Where a theme link comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `themes.yaml`.
    Curated,
    /// An analyst, through the dashboard.
    Analyst,
}

impl Origin {
    /// `curated` or `analyst`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Curated => "curated",
            Origin::Analyst => "analyst",
        }
    }
}

/// A theme link of either origin, as the exports list them.
#[derive(Debug, Clone)]
pub(crate) struct AnyLink<'a> {
    pub theme: usize,
    pub span: &'a Span,
    pub origin: Origin,
    pub author: Option<&'a str>,
    pub created: Option<DateTime<FixedOffset>>,
    pub note: Option<&'a str>,
}

/// Every theme link: per theme, curated links in `themes.yaml` order, then
/// analyst links in the order given.
pub(crate) fn all_links<'a>(ws: &'a Workspace, extras: &Extras<'a>) -> Vec<AnyLink<'a>> {
    let mut out = Vec::new();
    for (ti, theme) in ws.themes.iter().enumerate() {
        out.extend(theme.links.iter().map(|l| AnyLink {
            theme: ti,
            span: &l.span,
            origin: Origin::Curated,
            author: None,
            created: None,
            note: None,
        }));
        out.extend(
            extras
                .links
                .iter()
                .filter(|l| l.theme == ti)
                .map(|l| AnyLink {
                    theme: ti,
                    span: &l.span,
                    origin: Origin::Analyst,
                    author: Some(&l.author),
                    created: Some(l.created),
                    note: l.note.as_deref(),
                }),
        );
    }
    out
}

/// Character offsets of a span within its passage.
pub(crate) fn char_range(ws: &Workspace, span: &Span) -> (usize, usize) {
    let text = &ws.passage(span).text;
    (
        char_offset(text, span.range.start),
        char_offset(text, span.range.end),
    )
}

/// A timestamp as RFC 3339 with the writer's offset (`2024-03-14T10:00:00+01:00`).
pub(crate) fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// Who made an export, for REFI-QDA's `origin` attribute.
pub(crate) const ORIGIN: &str = concat!("coopdash ", env!("CARGO_PKG_VERSION"));

/// A spread of distinct colours, `#RRGGBB`, for themes in REFI-QDA codes.
const THEME_COLORS: [&str; 10] = [
    "#E6194B", "#3CB44B", "#4363D8", "#F58231", "#911EB4", "#42D4F4", "#F032E6", "#9A6324",
    "#469990", "#808000",
];

/// One colour for every partner body: they are a second dimension, not a
/// set of categories to tell apart by colour.
const ENTITY_COLOR: &str = "#A9A9A9";

/// The colour of theme `i`.
pub(crate) fn theme_color(i: usize) -> &'static str {
    THEME_COLORS[i % THEME_COLORS.len()]
}
