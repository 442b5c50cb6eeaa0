#!/usr/bin/env bash
# Whole-process load figures for issue 22, on generated workspaces of 100k
# and 1M passages, in one run (no timings live in the tests):
# - median wall time (hyperfine) of `coopdash search --no-cache` (a fresh
#   load: read, split, find mentions, fold, search) and of a cached
#   `coopdash search` (.coopdash/search-cache.bin built before timing);
# - `fzf --filter` on the same passages (one per line) in the same run, and
#   coopdash's times as ratios of fzf's;
# - peak RSS of each coopdash mode, and the cache's size, divided by the
#   size of the text.
# The workspaces load with the default caps: no --max, no COOPDASH_LIMITS.
#
#   bench/cold.sh                    # SIZES="100000 1000000" RUNS=5
#   SIZES=100000 RUNS=3 bench/cold.sh
#
# Needs hyperfine and fzf (apt-get install -y hyperfine fzf).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100000 1000000"}
RUNS=${RUNS:-5}
QUERY=${QUERY:-"maritime security"}
for tool in hyperfine fzf; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y $tool" >&2; exit 1; }
done
cargo build --release --quiet --bin coopdash --example gen_workspace
BIN=$PWD/target/release/coopdash
unset COOPDASH_LIMITS

# Median seconds of one command line (run by bash, output discarded).
median() {
  local json
  json=$(mktemp)
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$json" "$1" > /dev/null 2>&1
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
  rm -f "$json"
}

# Peak resident memory in bytes of one command line.
peak() {
  /usr/bin/time -f %M bash -c "$1" 2>&1 >/dev/null | tail -1 | awk '{print $1 * 1024}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

for N in $SIZES; do
  DIR=target/bench-data/fzf-$N
  STAMP="$N seed 7 lines v1"
  if [ "$(cat "$DIR/generated" 2>/dev/null)" != "$STAMP" ]; then
    mkdir -p "$DIR"
    target/release/examples/gen_workspace --passages "$N" --out "$DIR" --lines "$DIR/passages.txt" > /dev/null
    echo "$STAMP" > "$DIR/generated"
  fi
  TEXT=$(stat -c %s "$DIR/passages.txt")
  rm -rf "$DIR/.coopdash"
  "$BIN" -w "$DIR" search "$QUERY" --limit 1 > /dev/null
  CACHE=$(stat -c %s "$DIR/.coopdash/search-cache.bin")

  fresh="$BIN -w $DIR search --no-cache '$QUERY' --limit 50"
  cached="$BIN -w $DIR search '$QUERY' --limit 50"
  fzf="fzf --filter '$QUERY' < $DIR/passages.txt"
  t_fresh=$(median "$fresh")
  t_cached=$(median "$cached")
  t_fzf=$(median "$fzf")

  echo "== $N passages, $(awk -v t="$TEXT" 'BEGIN { printf "%.1f MB", t / 1e6 }') of text, median of $RUNS runs =="
  printf '%-34s %8.3f s   %s x fzf\n' "coopdash search --no-cache" "$t_fresh" "$(ratio "$t_fresh" "$t_fzf")"
  printf '%-34s %8.3f s   %s x fzf\n' "coopdash search (cached)" "$t_cached" "$(ratio "$t_cached" "$t_fzf")"
  printf '%-34s %8.3f s\n' "fzf --filter" "$t_fzf"
  printf '%-34s %8s     %s x the text\n' "peak RSS, --no-cache" "" "$(ratio "$(peak "$fresh")" "$TEXT")"
  printf '%-34s %8s     %s x the text\n' "peak RSS, cached" "" "$(ratio "$(peak "$cached")" "$TEXT")"
  printf '%-34s %8s     %s x the text (%s bytes)\n' "search-cache.bin" "" "$(ratio "$CACHE" "$TEXT")" "$CACHE"
done
