#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench: kotest over a module tree next to cat of the same files, in
# one run with a warm page cache.  Rounds alternate the commands; the
# medians and their ratios to cat are printed, with kotest's peak RSS.
# With KOTEST_BASE=path/to/other/kotest (make bench BASE=...), that build
# runs in the same rounds too, and the ratios of this one to it are printed
# (KOTEST_BASE=analyzer/kotest shows how far apart the same build lands).
#   scripts/bench.sh DIR [ROUNDS]
set -eu
dir=$1
rounds=${2:-11}
top=$(cd "$(dirname "$0")/.." && pwd)
kotest=$top/analyzer/kotest
base=${KOTEST_BASE:-}
list=$(mktemp)
trap 'rm -f "$list" "$list".*' EXIT
find "$dir" -name '*.ko*' | sort > "$list"
echo "bench: $(wc -l < "$list") files, $(cat $(cat "$list") | wc -c) bytes"
xargs cat < "$list" > /dev/null		# warm the cache

now() { date +%s.%N; }
# Seconds one run of BIN with JOBS takes; its peak RSS (KB) to FILE.  Both
# builds run the same way, and take turns at going first after cat: with
# kotest always first, the same binary measured 1.06x itself at -j1.
run() {
	t_=$(now)
	/usr/bin/time -f %M -o "$3" "$1" -q -j"$2" - < "$list" > /dev/null 2>&1 || true
	echo "$(now) $t_" | awk '{ print $1 - $2 }'
}
for r in $(seq "$rounds"); do
	t0=$(now); xargs cat < "$list" > /dev/null; t1=$(now)
	if [ -n "$base" ] && [ $((r % 2)) = 0 ]; then
		b1=$(run "$base" 1 "$list.rss"); b2=$(run "$base" 2 "$list.rss")
	fi
	k1=$(run "$kotest" 1 "$list.rss1"); k2=$(run "$kotest" 2 "$list.rss2")
	if [ -n "$base" ] && [ $((r % 2)) = 1 ]; then
		b1=$(run "$base" 1 "$list.rss"); b2=$(run "$base" 2 "$list.rss")
	fi
	echo "$(echo "$t1 $t0" | awk '{ print $1 - $2 }') $k1 $k2" \
	     "$(tail -1 "$list.rss1") $(tail -1 "$list.rss2") ${b1:-0} ${b2:-0}" \
	     >> "$list.times"
done
awk -v base="$base" '
function median(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ n++; c[n] = $1; k1[n] = $2; k2[n] = $3; b1[n] = $6; b2[n] = $7
  if ($4 > rss1) rss1 = $4; if ($5 > rss2) rss2 = $5 }
END {
	mc = median(c, n); m1 = median(k1, n); m2 = median(k2, n)
	printf "bench: cat          %.3f s\n", mc
	printf "bench: kotest -j1   %.3f s  %.2fx cat  peak RSS %d MB\n", m1, m1 / mc, rss1 / 1024
	printf "bench: kotest -j2   %.3f s  %.2fx cat  peak RSS %d MB\n", m2, m2 / mc, rss2 / 1024
	if (base != "") {
		mb1 = median(b1, n); mb2 = median(b2, n)
		printf "bench: base -j1     %.3f s  %.2fx cat  (kotest: %.2fx base)\n", mb1, mb1 / mc, m1 / mb1
		printf "bench: base -j2     %.3f s  %.2fx cat  (kotest: %.2fx base)\n", mb2, mb2 / mc, m2 / mb2
	}
}' "$list.times"
