//! `.txt` and `.md`: taken as they are, passages at blank lines, as the
//! loader reads `seeds/` (UTF-8 only, with its messages).

use super::{Extracted, Refusal};
use crate::workspace::seeds;

/// The passages of a text file.
pub fn extract(bytes: &[u8]) -> Result<Extracted, Refusal> {
    let text = seeds::decode(bytes).map_err(|(pos, what)| {
        Refusal::new(
            format!("line {}, column {}: {what}", pos.line, pos.column),
            "save the file as UTF-8 (most editors offer \"Save with encoding\"; or `iconv -t UTF-8`)",
        )
    })?;
    Ok(Extracted {
        passages: seeds::split_passages(text)
            .into_iter()
            .map(|p| p.text.to_string())
            .collect(),
        ..Extracted::default()
    })
}
