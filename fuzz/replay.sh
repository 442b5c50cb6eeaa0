#!/usr/bin/env bash
# Runs every saved fuzz input once, with no fuzzing: the committed corpora
# (fuzz/corpus/*) and crash inputs (fuzz/artifacts/*) go through the same
# checks as the fuzz targets (coopdash::fuzzing), on stable Rust, as the
# test tests/fuzz_replay.rs. Takes seconds; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --quiet --test fuzz_replay "$@"
