#!/usr/bin/env bash
# Fuzzes one target, or all of them one after another, for SECONDS each:
#   fuzz/run.sh TARGET SECONDS      (TARGET: text, note, input, workspace, cache, links)
#   fuzz/run.sh all SECONDS
# One libFuzzer job and worker at a time (these machines have 2 cores).
# New inputs go to fuzz/corpus-work/TARGET (not committed; fuzz/minimize.sh
# merges them into the committed fuzz/corpus/TARGET); crashes go to
# fuzz/artifacts/TARGET; the log, with the executions count, to
# fuzz/logs/TARGET-DATE.log.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain; on
# stable alone it builds with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
all=(workspace text note input cache links)
if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh TARGET|all SECONDS   (targets: ${all[*]})" >&2
  exit 2
fi
if [ "$1" = all ]; then targets=("${all[@]}"); else targets=("$1"); fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  toolchain=()
  export RUSTC_BOOTSTRAP=1
fi
if [ "$1" = all ]; then build=(); else build=("$1"); fi
cargo "${toolchain[@]}" fuzz build -O "${build[@]}" 2>&1 | tail -3
triple=$(rustc -vV | sed -n 's/^host: //p')

status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "corpus-work/$t" "artifacts/$t" logs
  log="$here/logs/$t-$(date -u +%Y%m%dT%H%M%SZ).log"
  work=$(mktemp -d)
  echo "fuzzing $t for $2 s; log: $log"
  # -jobs=1 runs the fuzzer in one child process logging to fuzz-0.log in
  # the current folder: run it in a scratch folder and keep the log.
  (cd "$work" && "$here/target/$triple/release/$t" \
      -jobs=1 -workers=1 -max_total_time="$2" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$here/artifacts/$t/" \
      "$here/corpus-work/$t" "$here/corpus/$t") || status=1
  cat "$work"/fuzz-*.log > "$log" 2>/dev/null || true
  rm -rf "$work"
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|^==[0-9]+== ERROR|panicked at|SUMMARY' "$log" || true
done
exit $status
