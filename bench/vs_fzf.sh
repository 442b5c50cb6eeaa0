#!/usr/bin/env bash
# Whole-process `coopdash search` against `fzf --filter` on the same
# generated passages (written one per line for fzf), query by query.
#
#   bench/vs_fzf.sh                      # 1M passages, 3 runs per command
#   N=100000 RUNS=5 bench/vs_fzf.sh
#   LIMIT=50 bench/vs_fzf.sh             # coopdash prints the first page only
#
# Both commands print every match (coopdash --limit 0) to /dev/null, so both
# do the complete ranking. coopdash runs with its index cache
# (.coopdash/search-cache.bin, built once before timing) and without it
# (--no-cache: parse, find mentions, fold, search). Needs fzf (apt-get install -y fzf); uses
# hyperfine when present (apt-get install -y hyperfine), else a timing loop.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
RUNS=${RUNS:-3}
LIMIT=${LIMIT:-0}
DIR=${DIR:-target/bench-data/fzf-$N}
QUERIES=("maritime security" "مكافحة الإرهاب" "UNODC" "m" "interpol data" "qxzjv")

command -v fzf >/dev/null || { echo "fzf is missing: apt-get install -y fzf" >&2; exit 1; }
cargo build --release --quiet --bin coopdash --example gen_workspace
BIN=target/release/coopdash
# The generated workspace is far past the default caps: raise them.
export COOPDASH_LIMITS="sources=1000000,passages=10000000,entities=1000000,links=1000000,source-size=256M"
STAMP="$N seed 7 lines v1"
if [ "$(cat "$DIR/generated" 2>/dev/null)" != "$STAMP" ]; then
    mkdir -p "$DIR"
    target/release/examples/gen_workspace --passages "$N" --out "$DIR" --lines "$DIR/passages.txt"
    echo "$STAMP" > "$DIR/generated"
fi
echo "$(wc -l < "$DIR/passages.txt") passages, $(du -h "$DIR/passages.txt" | cut -f1) of text; $RUNS runs per command; coopdash --limit $LIMIT"

# Median wall time in seconds of "$@", run $RUNS times (output discarded).
median_loop() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local t0 t1
        t0=$(date +%s%N)
        "$@" > /dev/null 2>&1 || true
        t1=$(date +%s%N)
        times+=("$(( (t1 - t0) / 1000000 ))")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}'
}

median_hyperfine() {
    local json
    json=$(mktemp)
    hyperfine --style none -i -N --runs "$RUNS" --export-json "$json" "$1" > /dev/null 2>&1
    python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
    rm -f "$json"
}

# The index cache is built by the first cached run and reused after.
"$BIN" -w "$DIR" search x --limit 1 > /dev/null 2>&1 || true

time_of() {
    if command -v hyperfine >/dev/null && command -v python3 >/dev/null; then
        median_hyperfine "$1"
    else
        median_loop sh -c "$1"
    fi
}

printf '%-20s %10s %12s %10s %8s %10s\n' query cached no-cache fzf ratio ratio-nc
for q in "${QUERIES[@]}"; do
    cached=$(time_of "$BIN -w $DIR search '$q' --limit $LIMIT")
    cold=$(time_of "$BIN -w $DIR search '$q' --limit $LIMIT --no-cache")
    theirs=$(time_of "sh -c \"fzf --filter '$q' < $DIR/passages.txt\"")
    r1=$(awk -v a="$cached" -v b="$theirs" 'BEGIN {printf "%.2f", a / b}')
    r2=$(awk -v a="$cold" -v b="$theirs" 'BEGIN {printf "%.2f", a / b}')
    printf '%-20s %9ss %11ss %9ss %8s %10s\n' "$q" "$cached" "$cold" "$theirs" "$r1" "$r2"
done
echo "ratio = coopdash / fzf with the index cache; ratio-nc = without it (full load). Under 1: coopdash is faster."
