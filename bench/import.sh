#!/usr/bin/env bash
# Release-build timing for issue 18 (no timings live in the tests):
# `coopdash import` of 1,000 generated press-release pages (English and
# Arabic, each with navigation, cookie banner, share buttons, scripts,
# inline styles and a footer) into a copy of the seed workspace, as one
# command on the folder. Prints pages per second, and checks the result.
#
#   bench/import.sh                 # PAGES=1000
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${PAGES:-1000}
cargo build --release --quiet --bin coopdash
BIN=$PWD/target/release/coopdash
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/ws/seeds" "$WORK/pages"
cp themes.yaml "$WORK/ws/"
cp seeds/* "$WORK/ws/seeds/"

page() { # N: one page, English when N is even, Arabic when odd
  local n=$1 day=$(( $1 % 28 + 1 )) lang title body
  if (( n % 2 == 0 )); then
    lang=en
    title="Press release $n: UN and INTERPOL step up cooperation on case $n"
    body="<p>NEW YORK, $day March 2024 – The United Nations and INTERPOL announced measure number $n against transnational organized crime, cybercrime and trafficking.</p>
<p>Under arrangement $n, national central bureaus in $(( n % 190 + 1 )) countries will share notices and train officers on evidence $n.</p>
<h2>Next steps for case $n</h2>
<p>Experts will report on case $n to both Secretaries-General before the end of the year, with figures on arrests and seizures.</p>"
  else
    lang=ar
    title="بيان صحفي $n: الأمم المتحدة والإنتربول تعززان التعاون في القضية $n"
    body="<p>نيويورك، $day آذار/مارس 2024 – أعلنت الأمم المتحدة والإنتربول عن الإجراء رقم $n لمكافحة الجريمة المنظمة عبر الحدود الوطنية والجريمة السيبرية.</p>
<p>وبموجب الترتيب $n، ستتبادل المكاتب المركزية الوطنية في $(( n % 190 + 1 )) دولة النشرات وتدرب الضباط على جمع الأدلة.</p>
<h2>الخطوات التالية في القضية $n</h2>
<p>وسيقدم الخبراء تقريرا عن القضية $n إلى الأمينين العامين قبل نهاية العام، مع أرقام عن الاعتقالات والمضبوطات.</p>"
  fi
  cat <<HTML
<!DOCTYPE html><html lang="$lang"><head><meta charset="utf-8"><title>$title | Newsroom</title>
<style>.share{display:flex} #cookies{position:fixed}</style><script>var page=$n; window.dataLayer=[];</script></head>
<body><div id="cookies" class="cookie-banner"><p>We use cookies on this site.</p><button>Accept</button></div>
<header><nav><a href="/">Home</a> <a href="/news">Newsroom</a> <a href="/contact">Contact us</a></nav></header>
<main><article><h1>$title</h1><div class="share social"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
$body
</article><aside class="related"><h3>Related news</h3><ul><li><a href="/n/$n">Story $n</a></li></ul></aside></main>
<footer><p style="font-size:small">© 2024 Newsroom. All rights reserved.</p></footer><script src="/app.js"></script></body></html>
HTML
}
for ((n = 1; n <= PAGES; n++)); do page "$n" > "$WORK/pages/page-$(printf %05d "$n").html"; done
du -sh "$WORK/pages" | awk -v n="$PAGES" '{print n " pages, " $1 " on disk"}'

start=$(date +%s.%N)
"$BIN" -w "$WORK/ws" --max sources=$(( PAGES + 100 )) import "$WORK/pages" > "$WORK/out.txt"
end=$(date +%s.%N)
imported=$(grep -c '^imported ' "$WORK/out.txt")
awk -v s="$start" -v e="$end" -v n="$imported" \
  'BEGIN { t = e - s; printf "imported %d pages in %.2f s: %.1f pages per second\n", n, t, n / t }'
"$BIN" -w "$WORK/ws" --max sources=$(( PAGES + 100 )) check
