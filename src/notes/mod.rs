//! Notes and analyst links: what analysts write about themes, partner bodies
//! and passages, kept as one Markdown file per note in a notes folder
//! (`<workspace>/notes` by default) that several sessions share.
//!
//! - [`model`]: the [`Note`], its [`Target`] and rules, ids, authors.
//! - [`mod@format`]: the file (YAML front matter, then the body).
//! - [`store`]: the folder: load, add, edit, delete, refresh; atomic writes,
//!   a lock, conflict copies.
//! - [`trash`]: deleted notes, kept 30 days and restored byte for byte.
//! - [`watch`]: seeing other sessions' changes within two seconds.
//! - [`mod@place`]: targets and anchors resolved in the workspace; orphans.
//! - [`error`]: typed errors and recovery files.
//! - [`drafts`]: notes being written, kept per analyst and offered back.
//!
//! Anchors are [`crate::anchor::TextAnchor`]s, re-attached by the module that
//! also resolves the curated links. No terminal code lives here.

pub mod drafts;
pub mod error;
pub mod export;
pub mod format;
pub mod json;
pub mod model;
pub mod place;
pub mod shared;
pub mod store;
pub mod trash;
pub mod watch;

pub use drafts::{About, Draft, DraftStore};
pub use error::{NotesError, Recovery, recovery_dirs, save_draft};
pub use export::Bundle;
pub use model::{Note, NoteKind, Target, author};
pub use place::{Orphan, OrphanReason, Placement, TargetRef, is_about, orphans, place};
pub use shared::SharedNotes;
pub use store::{Changes, Deleted, Edited, Store, Stored, Version};
pub use trash::{Trash, Trashed};
pub use watch::{POLL, Watcher};

/// The notes folder's name inside a workspace.
pub const DIR: &str = "notes";
