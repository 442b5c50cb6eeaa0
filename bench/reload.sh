#!/usr/bin/env bash
# Release-build timings for issue 14 (no timings live in the tests):
#   1. a reload of the seed workspace, from the settled file to the new
#      frame (median ms), and keys answered while it loads;
#   2. the same at 100k passages (a generated workspace), and the peak
#      memory of a process that holds one version and loads the next.
#
#   bench/reload.sh                 # RUNS=15
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-15}
cargo build --release --quiet --example reload_bench --example gen_workspace
BENCH=target/release/examples/reload_bench
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== seed workspace"
"$BENCH" . "$RUNS"

echo "== 100k passages"
target/release/examples/gen_workspace --passages 100000 --out "$WORK/w100k" >/dev/null
/usr/bin/time -v "$BENCH" "$WORK/w100k" 3 2> "$WORK/time.txt"
grep -E "Maximum resident set size" "$WORK/time.txt" | sed 's/^\s*/peak memory: /'
du -sh "$WORK/w100k/seeds" | awk '{print "text on disk: " $1}'
