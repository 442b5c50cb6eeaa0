#!/usr/bin/env bash
# Folds what the fuzzers found (fuzz/corpus-work/TARGET) into the committed
# corpus (fuzz/corpus/TARGET), keeping the smallest set of inputs that
# covers everything both reach (libFuzzer's -set_cover_merge), plus the
# seed-* files; past 300 files, only the smallest are kept, so the replay
# in CI stays quick.
#   fuzz/minimize.sh [TARGET...]      (default: every target)
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
triple=$(rustc -vV | sed -n 's/^host: //p')
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(workspace text note input cache links)
for t in "${targets[@]}"; do
  bin="$here/target/$triple/release/$t"
  [ -x "$bin" ] || { echo "build it first: fuzz/run.sh $t 0" >&2; exit 1; }
  merged=$(mktemp -d)
  mkdir -p "corpus-work/$t"
  "$bin" -set_cover_merge=1 -timeout=10 -rss_limit_mb=2048 "$merged" "corpus/$t" "corpus-work/$t" 2>/dev/null
  # Smallest first; the seeds always stay.
  ls -S "$merged" | head -n -300 | while read -r f; do rm "$merged/$f"; done
  cp corpus/"$t"/seed-* "$merged"/
  rm -rf "corpus/$t"
  mv "$merged" "corpus/$t"
  chmod 755 "corpus/$t"
  echo "$t: $(ls "corpus/$t" | wc -l) files, $(du -sh "corpus/$t" | cut -f1)"
done
