#!/usr/bin/env bash
# Release-build timings for issue 18's suggestions (no timings live in the
# tests): on a generated workspace of 100k passages, the build once per
# reload, and opening the Suggestions view after that (under a frame?).
#
#   bench/suggest.sh                # RUNS=9
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
cargo build --release --quiet --example suggest_bench --example gen_workspace
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
target/release/examples/gen_workspace --passages 100000 --out "$WORK/w100k"
target/release/examples/suggest_bench "$WORK/w100k" "$RUNS"
