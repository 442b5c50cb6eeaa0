//! coopdash: a terminal dashboard for analysts who track cooperation themes
//! in source documents. See ARCHITECTURE.md for the map of the code.
//!
//! The core (`model`, `workspace`, `anchor`, `mentions`, `text`, `date`,
//! `export`, `matrix`, `timeline`, `suggest`, `concordance`) knows nothing of terminals; `ui` draws it
//! and `cli` is the edge.

pub mod anchor;
pub mod atomic;
pub mod cli;
pub mod concordance;
pub mod curate;
pub mod date;
pub mod editor;
pub mod export;
pub mod fsio;
pub mod fuzzing;
pub mod heap;
pub mod import;
pub mod layout;
pub mod matrix;
pub mod mentions;
pub mod model;
pub mod notes;
pub mod progress;
pub mod search;
pub mod serve;
pub mod settings;
pub mod suggest;
pub mod sync;
pub mod text;
pub mod timeline;
pub mod ui;
pub mod workspace;
