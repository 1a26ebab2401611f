#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Two kotest binaries on the same module list, in alternating rounds, so
# that a change of a few per cent shows through a noisy machine: prints
# the minimum, lower quartile and median CPU time (perf stat task-clock)
# of each.  A change is real when all three move the same way.
# Needs perf (Debian: linux-perf).
#   scripts/ab.sh OLD NEW LIST [ROUNDS] [JOBS]
set -eu
old=$1 new=$2 list=$3 rounds=${4:-11} jobs=${5:-1}
out=$(mktemp)
trap 'rm -f "$out" "$out".*' EXIT
for r in $(seq "$rounds"); do
	for bin in "$old" "$new"; do
		perf stat -x, -o "$out.stat" -e task-clock \
			"$bin" -q -j"$jobs" - < "$list" > /dev/null 2>&1 || true
		echo "$bin $(grep task-clock "$out.stat" | cut -d, -f1)" >> "$out"
	done
done
awk '{ v[$1] = v[$1] " " $2 }
END {
	for (b in v) {
		n = split(v[b], a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		printf "%-40s min %.1f q1 %.1f median %.1f ms\n", b, a[1],
		       a[int((n + 3) / 4)], a[int((n + 1) / 2)]
	}
}' "$out"
