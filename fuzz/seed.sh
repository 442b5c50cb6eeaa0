#!/usr/bin/env bash
# Builds the seed inputs of each fuzz target from the repository's fixtures
# into fuzz/corpus/TARGET (files named seed-*). Run once before the first
# fuzzing; fuzz/minimize.sh later folds the fuzzers' finds in.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
mkdir -p corpus/{text,note,input,workspace,cache,links}

# workspace: themes.yaml, a 0xFF byte, then each source (0xFF between).
n=0
for ws in "$repo" "$repo"/tests/fixtures/workspaces/* "$repo"/tests/fixtures/problems/*; do
  [ -f "$ws/themes.yaml" ] || continue
  n=$((n + 1))
  {
    cat "$ws/themes.yaml"
    for src in $(find "$ws/seeds" -maxdepth 1 -type f 2>/dev/null | sort | head -2); do
      printf '\377'
      cat "$src"
    done
  } > "corpus/workspace/seed-$n"
done

# text: a width byte, a pick byte, then a passage of each source.
n=0
for src in "$repo"/seeds/*.txt "$repo"/tests/fixtures/workspaces/*/seeds/*; do
  for width in '\030' '\120'; do
    n=$((n + 1))
    { printf "$width\\005"; head -c 2000 "$src"; } > "corpus/text/seed-$n"
  done
done
printf '\005\001a\033[2Jb\342\200\256c \331\204\330\247  x\r\ny' > corpus/text/seed-controls

# note: note files as the store writes them, and a field list.
cat > corpus/note/seed-link <<'NOTE'
---
id: 20261129T081502123Z-7f3a9c2e
kind: link
target: cybercrime
anchor:
  source: un-2022
  passage: 4
  start: 10
  end: 26
  exact: الجريمة السيبرية
  prefix: 'واشتملت المجالات على '
  suffix: |-
    ، والفساد.
    سطر
author: سلمى (Salma)
created: 2026-11-29T08:15:02+03:00
updated: 2026-11-29T08:15:02+03:00
conflict_of: 20261129T081502123Z-7f3a9c2f
---
## ملاحظة

The UN *and* INTERPOL: «تعاون» — yes: no
---
not front matter
NOTE
cat > corpus/note/seed-note <<'NOTE'
---
id: 20261129T081502123Z-00000001
kind: note
target: un-2022:4
author: amal
created: 2026-11-29T08:15:02Z
updated: 2026-11-30T10:00:00-05:00
---
A note on a passage.
NOTE
printf 'interpol\377un-2022\377\330\247\331\204\331\201\330\263\330\247\330\257\377before \377 after\377amal\377body\n\n' > corpus/note/seed-fields

# input: messages (header byte: length, high bit repeats the body 1024 times).
printf '\003\033[A\001q\003\033OP\002\033x\004\331\206\330\265' > corpus/input/seed-keys
printf '\010\033[200~ab\001c\012\033[201~\001q' > corpus/input/seed-paste
printf '\006\033[200~\210xxxxxxxx\001q' > corpus/input/seed-long-paste
printf '\005\033]0;t\007\004\033[5~\001\033' > corpus/input/seed-osc
# mouse reports: SGR press, release and drag, legacy X10, an unfinished one.
printf '\012\033[<0;10;5M\012\033[<0;10;5m\013\033[<32;11;5M\006\033[M !!\007\033[<0;12\001q' > corpus/input/seed-mouse
# the wheel and clicks split across messages, unfinished ones that expire
# (7-byte bodies), a report inside a paste.
printf '\006\033[<64;\0041;1M\007\033[<65;3\006\033[<0;4\0042;7M\017\033[200~\033[<0;1;1M\006\033[201~' > corpus/input/seed-mouse-split
# a report whose number never ends (1024 times 9 digits), then a key.
printf '\005\033[<0;\211999999999\001q\007\033[<0;99' > corpus/input/seed-mouse-huge
# malformed: past u16, an unknown button, missing fields, a wrong final byte.
printf '\020\033[<0;99999999;1M\001q\013\033[<200;1;1M\006\033[<;;M\011\033[<0;1;1X\001j' > corpus/input/seed-mouse-malformed

# cache: the body of the search cache `coopdash search` writes for each
# workspace (the file without its 36-byte header and 8-byte checksum).
n=0
for ws in "$repo" "$repo"/tests/fixtures/workspaces/*; do
  n=$((n + 1))
  copy=$(mktemp -d)
  cp -r "$ws/themes.yaml" "$ws/seeds" "$copy"/
  cargo run --quiet --manifest-path "$repo/Cargo.toml" -- --workspace "$copy" search a >/dev/null || true
  tail -c +37 "$copy/.coopdash/search-cache.bin" | head -c -8 > "corpus/cache/seed-$n"
  rm -rf "$copy"
done

# links: the first byte picks the symbolic links planted (coopdash::fuzzing::
# planted): none, each alone, all; then text added to what is planted outside.
for mask in 0 1 2 4 8 16 32 64 128 255 7 96; do
  { printf "\\$(printf '%03o' "$mask")"; printf 'نص \033[31m x'; } > "corpus/links/seed-$mask"
done
