//! `export --format csv`: one row per theme link, curated and analyst, for
//! spreadsheets and scripts (RFC 4180: comma-separated, `"` quoting, CRLF
//! record ends, a header row, UTF-8 without BOM).
//!
//! Columns: `theme` (id), `source` (id), `passage` (the N of `SOURCE:N`),
//! `start`, `end` (character offsets into the passage text, end exclusive,
//! as in the JSON export), `quote` (exactly the passage characters
//! `start..end`), `origin` (`curated` or `analyst`), `author` and `date`
//! (RFC 3339; both empty for curated links), `note` (an analyst link's
//! note).
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab
//! or carriage return) as a formula; a text cell from the data that starts
//! so is written with a leading `'`, which spreadsheets hide and a script
//! must strip.

use super::{ExportError, Extras, all_links, char_range, rfc3339};
use crate::model::Workspace;

/// The header row.
pub const HEADER: [&str; 10] = [
    "theme", "source", "passage", "start", "end", "quote", "origin", "author", "date", "note",
];

/// Renders the CSV document.
pub fn render(ws: &Workspace, extras: &Extras) -> Result<Vec<u8>, ExportError> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
    for link in all_links(ws, extras) {
        let (start, end) = char_range(ws, link.span);
        w.write_record([
            ws.themes[link.theme].id.as_str(),
            ws.sources[link.span.source].id.as_str(),
            &(link.span.passage + 1).to_string(),
            &start.to_string(),
            &end.to_string(),
            &defuse(ws.span_text(link.span)),
            link.origin.as_str(),
            &defuse(link.author.unwrap_or_default()),
            &link.created.as_ref().map(rfc3339).unwrap_or_default(),
            &defuse(link.note.unwrap_or_default()),
        ])?;
    }
    w.flush()?;
    w.into_inner()
        .map_err(|e| ExportError::Write(e.into_error()))
}

/// A text cell that a spreadsheet will not run as a formula.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("الجريمة - 2"), "الجريمة - 2");
        assert_eq!(defuse(""), "");
    }
}
