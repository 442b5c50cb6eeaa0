//! Every integration test in one binary (ripgrep's layout): one link
//! instead of one per file, which is most of a test build on a small CI
//! machine. Each former file is a module; tests are named
//! `module::test_name` (`cargo test --test integration notes_faults::`).
//! `tests/fuzz_replay.rs` stays a binary of its own: `fuzz/replay.sh` and
//! the documentation name it.

mod support;

mod arabic;
mod bidi_conformance;
mod concordance;
mod curate;
mod daily;
mod dates;
mod drafts;
mod drafts_e2e;
mod e2e_tmux;
mod evidence;
mod export_faults;
mod exports;
mod fuzz_regressions;
mod hostile_files;
mod import;
mod import_batch;
mod init;
mod layout_fixtures;
mod layout_seed;
mod limits;
mod loading;
mod matrix;
mod mouse_tmux;
mod notes_cli;
mod notes_faults;
mod notes_processes;
mod notes_store;
mod notes_trash;
mod other_workspace;
mod problems;
mod properties;
mod qdpx;
mod reload;
mod search;
mod search_generated;
mod search_judged;
mod seed;
mod serve_limits;
mod serve_ssh;
mod settings;
mod suggest;
mod suspend_tmux;
mod sync;
mod sync_faults;
mod sync_ui;
mod terminal_gone;
mod terminal_safety;
mod ui;
mod ui_curate;
mod ui_finder;
mod ui_mouse;
mod ui_notes;
mod ui_notes_faults;
mod ui_views;
mod working;
mod workspace_paths;
