//! `export --format qdc`: the codebook alone, as a REFI-QDA codebook
//! document (QDA-XML codebook 1.0, root `CodeBook` in the namespace
//! `urn:QDA-XML:codebook:1.0`): themes and partner bodies, the same Codes
//! with the same GUIDs as in a `.qdpx` project.
//!
//! The codebook schema is the REFI standard's Codebook.xsd (not shipped
//! here): `CodeBook` holds `Codes` (and optional `Sets`); its Codes are the
//! project schema's Codes without NoteRef, so notes stay in projects.

use super::ExportError;
use super::codebook::{CodeNotes, write_codes};
use super::xml::Xml;
use crate::model::Workspace;

/// The codebook namespace of QDA-XML 1.0.
pub const NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// Renders the codebook document.
pub fn render(ws: &Workspace) -> Result<Vec<u8>, ExportError> {
    let mut x = Xml::new()?;
    x.open(
        "CodeBook",
        &[("xmlns", NAMESPACE), ("origin", super::ORIGIN)],
    )?;
    write_codes(&mut x, ws, &CodeNotes::default())?;
    x.close("CodeBook")?;
    Ok(x.finish())
}
