//! Exports of a loaded workspace for other tools.

pub mod json;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document with everything resolved.
    Json,
}
