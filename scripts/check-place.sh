#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# kotest.so's placement (-fplugin-arg-kotest-place) on real kernel code:
# build module directories of Debian's 6.12 kernel out of tree with the
# plugin, without and with placement, and check what it does:
#   1. modpost reports no section mismatch (a reference from persistent code
#      or data into an init section: something placed that persistent code
#      still uses), and the build has no new warning;
#   2. two builds with placement give byte-identical modules;
#   3. kotest --use-notes finds no more dangerous links than without, and
#      none of the placed objects among the candidates or chains;
#   4. the modules' persistent allocated bytes shrink, next to the bytes
#      kotest counts as placed (the objects the notes name);
#   5. in Debian's own kernel under QEMU (scripts/qemu-modules.sh, as
#      check-fix), the modules of every directory where something moved
#      load, do their job (a filesystem: an image made by its mkfs mounted,
#      a file written, remounted, read back) and unload, with no oops;
#   6. it measures the CPU time of the builds without and with placement
#      (in the order without, with, with, without), reported, not checked
#      (a timed check on a shared machine only measures the machine).
# A table per directory goes to build/check-place/summary.txt.
#
#   scripts/check-place.sh          (make check-place; CHECK_KBUILD_DIRS=wide:
#                                    make check-place-wide)
#
# The directories: check-kbuild's, and fs/exfat and fs/jfs.
# Environment: CHECK_KBUILD_DIRS, CHECK_KBUILD_JOBS (make -j, default 2),
# CHECK_PLACE_WORK (default build/check-place), CHECK_QEMU_ACCEL and
# CHECK_QEMU_TIMEOUT.  Needs what check-fix needs.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=${CHECK_PLACE_WORK:-$top/build/check-place}
jobs=${CHECK_KBUILD_JOBS:-2}
kotest=$top/analyzer/kotest

die() { echo "check-place: $*" >&2; exit 1; }
say() { echo "check-place: $*"; }

. "$top/scripts/kbuild-setup.sh"
dirs=$(kbuild_dirs "${CHECK_KBUILD_DIRS:-}")
[ -n "${CHECK_KBUILD_DIRS:-}" ] || dirs="$dirs fs/exfat fs/jfs"
kbuild_setup
src=$work/src
kbuild_extract "$src" "$dirs"

failed=0
fail() { echo "check-place: FAIL: $*"; failed=$((failed + 1)); }

# build VARIANT DIR KCFLAGS: a clean build, its log, CPU time and modules.
build() {
	local out=$work/out/$2/$1 TIMEFORMAT='%U %S'
	rm -rf "$out"
	mkdir -p "$out"
	kmake "$src/$2" clean >/dev/null 2>&1
	{ time kmake "$src/$2" -j"$jobs" KCFLAGS="$3" modules \
		>"$out/build.log" 2>&1; } 2>"$out/time" ||
		{ tail -20 "$out/build.log"; return 1; }
	(cd "$src/$2" && find . -name '*.ko' -exec cp --parents {} "$out" \;)
	kmake "$src/$2" clean >/dev/null 2>&1
}

cpu() { awk '{ print $1 + $2 }' "$1/time"; }

# kotest's view: "candidates-and-chains dangerous placed placed-bytes
# placed-functions/data/strings".
kotest_view() {
	"$kotest" --use-notes -j1 --json "$@" 2>/dev/null | tr -d '\n ' |
		sed 's/.*"summary":.*"totals":{\([^}]*\)}.*/\1/' | tr ',' '\n' |
		awk -F: '{ v[$1] = $2 }
			END { print v["\"candidates\""] + v["\"chains\""],
				    v["\"dangerous\""] + 0, v["\"placed\""] + 0,
				    v["\"placed_bytes\""] + 0,
				    v["\"placed_functions\""] + 0 "/" \
				    v["\"placed_data\""] + 0 "/" \
				    v["\"placed_strings\""] + 0 }'
}

# The candidates and chains by name, "module name" per line.
findings() {
	"$kotest" --use-notes -j1 "$@" 2>/dev/null |
		sed -n 's/^\(.*\.ko\): \(candidate\|chain\) [^(]*(\([^)]*\)).*/\1 \3/p' |
		sed "s#^$work/out/[^ ]*/\(place\|plain\)/##" | sort -u
}

rows=$work/rows
: > "$rows"
moved=
t_plain=0 t_place=0
for d in $dirs; do
	out=$work/out/$d
	# An interrupted run leaves the copies of the second builds.
	rm -rf "$out/place1" "$out/plain1"
	say "$d: build with the plugin, without and with placement"
	build plain "$d" "-fplugin=$plugin" || { fail "$d: the build failed"; continue; }
	build place "$d" "-fplugin=$plugin -fplugin-arg-kotest-place" ||
		{ fail "$d: the build with placement failed"; continue; }
	mv "$out/place" "$out/place1"
	build place "$d" "-fplugin=$plugin -fplugin-arg-kotest-place" ||
		{ fail "$d: the build with placement failed"; continue; }
	mv "$out/plain" "$out/plain1"
	build plain "$d" "-fplugin=$plugin" || { fail "$d: the build failed"; continue; }
	mods=$(cd "$out/plain" && find . -name '*.ko' | sort)

	# 1. modpost and the compiler.
	mp=$(grep -ci 'section mismatch' "$out/place/build.log" || true)
	[ "$mp" = 0 ] || fail "$d: modpost: $(grep -i 'section mismatch' "$out/place/build.log")"
	new=$(comm -13 <(kbuild_warnings "$out/plain/build.log" "$src") \
		<(kbuild_warnings "$out/place/build.log" "$src"))
	[ -z "$new" ] || fail "$d: new warnings with placement:"$'\n'"$new"

	# 2. Reproducible.
	repro=yes
	for m in $mods; do
		cmp -s "$out/place/$m" "$out/place1/$m" || {
			repro=no
			fail "$d: $m differs between two builds with placement"
		}
	done

	# 3. kotest: no new dangerous link, nothing placed is reported.
	kos_plain=$(echo "$mods" | sed "s|^\./|$out/plain/|")
	kos_place=$(echo "$mods" | sed "s|^\./|$out/place/|")
	# shellcheck disable=SC2086
	read -r found_a dang_a _ _ _ <<< "$(kotest_view $kos_plain)"
	# shellcheck disable=SC2086
	read -r found_b dang_b placed placed_b kinds <<< "$(kotest_view $kos_place)"
	[ "$dang_b" -le "$dang_a" ] || fail "$d: dangerous links $dang_a -> $dang_b"
	# shellcheck disable=SC2086
	gone=$(comm -23 <(findings $kos_plain) <(findings $kos_place) | wc -l)

	# 4. Bytes.
	pa=0 pb=0
	for m in $mods; do
		pa=$((pa + $(persistent_bytes "$out/plain/$m")))
		pb=$((pb + $(persistent_bytes "$out/place/$m")))
	done
	[ "$placed" = 0 ] || [ "$pb" -lt "$pa" ] ||
		fail "$d: $placed objects placed, persistent bytes $pa -> $pb"
	[ "$placed" = 0 ] || moved="$moved $d"

	# 6. CPU time, both orders.
	tp=$(awk -v a="$(cpu "$out/plain1")" -v b="$(cpu "$out/plain")" \
		'BEGIN { print a + b }')
	tq=$(awk -v a="$(cpu "$out/place1")" -v b="$(cpu "$out/place")" \
		'BEGIN { print a + b }')
	t_plain=$(awk -v a="$t_plain" -v b="$tp" 'BEGIN { print a + b }')
	t_place=$(awk -v a="$t_place" -v b="$tq" 'BEGIN { print a + b }')

	n=$(echo "$mods" | wc -w)
	echo "$d $n $placed $kinds $placed_b $pa $pb $((pa - pb)) $found_a $found_b $gone $dang_b $mp $repro" >> "$rows"
	say "$d: placed $placed objects ($kinds functions/data/strings, $placed_b bytes); persistent $pa -> $pb bytes; candidates and chains $found_a -> $found_b; dangerous $dang_b; modpost $mp; reproducible $repro"
done

# 5. The modules that changed, in the running kernel.
: > "$work/qemu-result"
if [ -n "$moved" ]; then
	say "QEMU: loading, using and unloading the placed modules of$moved"
	# shellcheck disable=SC2086
	QEMU_BASE=plain qemu_check place $moved
fi

summary=$work/summary.txt
awk -v results="$work/qemu-result" '
	BEGIN {
		while ((getline line < results) > 0) {
			split(line, f, " ")
			q[f[1]] = f[2]
		}
		fmt = "%-18s %4s %6s %8s %8s %9s %9s %7s %5s %4s %4s %4s %7s %5s %4s\n"
		printf fmt, "directory", "mods", "placed", "f/d/s", "placed-B",
			"before-B", "after-B", "saved-B", "found", "left",
			"gone", "dang", "modpost", "repro", "qemu"
	}
	{
		printf fmt, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
			$13, $14, ($1 in q) ? q[$1] : "-"
		split($4, k, "/")
		for (i = 1; i <= 3; i++)
			kt[i] += k[i]
		for (i = 5; i <= 13; i++)
			t[i] += $i
		t[2] += $2
		t[3] += $3
	}
	END {
		printf fmt, "total", t[2], t[3], kt[1] "/" kt[2] "/" kt[3],
			t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12],
			t[13], "", ""
	}' "$rows" > "$summary"
echo
echo "placed, f/d/s, placed-B: objects the notes say the plugin moved (functions,"
echo "data, strings), their bytes;"
echo "before-B, after-B, saved-B: persistent allocated bytes of the modules;"
echo "found, left: candidates and chains kotest reports without and with"
echo "placement; gone: of those, no longer reported; dang: dangerous links"
echo "with placement; repro: two builds identical; qemu: the placed modules"
echo "loaded, used and unloaded in the kernel"
cat "$summary"
awk -v a="$t_plain" -v b="$t_place" 'BEGIN {
	printf "check-place: CPU time of the builds: without placement %.1f s, with %.1f s (%.2f%%)\n",
		a, b, a ? (b / a - 1) * 100 : 0 }'
if [ "$failed" -ne 0 ]; then
	say "$failed checks FAILED"
	exit 1
fi
say "all checks passed"
