#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# kotest --fix on real kernel code: build module directories of Debian's
# 6.12 kernel out of tree with the plugin, write the annotation patch with
# "kotest --use-notes --fix --srctree TREE", and check what following it
# does:
#   1. the patch applies (git apply, from the tree's root) and
#      scripts/checkpatch.pl of linux-source-6.12 reports no error in it;
#   2. the patched tree builds with no new compiler warning, and modpost
#      reports no section mismatch (a reference from persistent code or
#      data into an init section: a wrong __init shows up here);
#   3. kotest on the rebuilt modules finds no new dangerous link and none
#      of the annotated objects among the candidates or chains, and the
#      modules' persistent allocated bytes went down: it prints the bytes
#      kotest predicted (the annotated objects) next to those realized;
#   4. in Debian's own kernel of the headers' ABI, under QEMU (as
#      check-qemu), the patched modules load, do their job and unload, and
#      the kernel reports no oops or warning: for a filesystem, an image
#      made by its mkfs is mounted through a loop device, a file written,
#      the image remounted and the file read back.
# A table per directory goes to build/check-fix/summary.txt: candidates
# and chains, annotated, patch lines, predicted and realized bytes,
# checkpatch errors and warnings, modpost warnings, the QEMU result.
#
#   scripts/check-fix.sh            (make check-fix; CHECK_KBUILD_DIRS=wide:
#                                    make check-fix-wide)
#
# The directories: check-kbuild's, and fs/exfat and fs/jfs, where kotest
# finds what an annotation frees.
#
# Environment: CHECK_KBUILD_DIRS (as check-kbuild.sh), CHECK_KBUILD_JOBS
# (make -j, default 2), CHECK_FIX_WORK (default build/check-fix),
# CHECK_QEMU_ACCEL and CHECK_QEMU_TIMEOUT (as check-qemu.sh).  Needs what
# check-kbuild and check-qemu need, and the mkfs tools
# ("scripts/install-deps.sh mkfs").
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=${CHECK_FIX_WORK:-$top/build/check-fix}
jobs=${CHECK_KBUILD_JOBS:-2}
kotest=$top/analyzer/kotest

die() { echo "check-fix: $*" >&2; exit 1; }
say() { echo "check-fix: $*"; }

. "$top/scripts/kbuild-setup.sh"
dirs=$(kbuild_dirs "${CHECK_KBUILD_DIRS:-}")
[ -n "${CHECK_KBUILD_DIRS:-}" ] || dirs="$dirs fs/exfat fs/jfs"
kbuild_setup
kbuild_extract "$work/src" "$dirs" \
	"scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch"

failed=0
fail() { echo "check-fix: FAIL: $*"; failed=$((failed + 1)); }

# build TREE DIR OUT: a clean build with the plugin; log and modules in OUT.
build() {
	local tree=$1 d=$2 out=$3
	rm -rf "$out"
	mkdir -p "$out"
	kmake "$tree/$d" clean >/dev/null 2>&1
	kmake "$tree/$d" -j"$jobs" KCFLAGS="-fplugin=$plugin" modules \
		>"$out/build.log" 2>&1 || { tail -20 "$out/build.log"; return 1; }
	(cd "$tree/$d" && find . -name '*.ko' -exec cp --parents {} "$out" \;)
}

# The candidates and chains of modules, "module name" per line.
findings() {
	"$kotest" --use-notes -j1 "$@" 2>/dev/null |
		sed -n 's/^\(.*\.ko\): \(candidate\|chain\) [^(]*(\([^)]*\)).*/\1 \3/p' |
		sed "s|^$out/[ab]/||" | sort -u
}

dangerous() {
	"$kotest" --use-notes -j1 -q "$@" 2>/dev/null |
		sed -n 's/.*total: .*dangerous \([0-9]*\),.*/\1/p'
}

# One row per directory (the QEMU column is added at the end).
rows=$work/rows
: > "$rows"
patched=

# The unpatched tree, whole: a directory may include its neighbours'
# headers (fs/jfs includes ../nls/nls_ucs2_data.h).
a=$work/a b=$work/b
rm -rf "$a"
cp -a "$work/src" "$a"
for d in $dirs; do
	out=$work/out/$d
	say "$d: build with the plugin, kotest --fix, apply, rebuild"
	rm -rf "$b" "$out"
	mkdir -p "$out"
	build "$a" "$d" "$out/a" || { fail "$d: the build failed"; continue; }
	mods=$(cd "$out/a" && find . -name '*.ko' | sort)
	[ -n "$mods" ] || { fail "$d: no module built"; continue; }
	kos=$(cd "$out/a" && find . -name '*.ko' | sort | sed "s|^\./|$out/a/|")
	# shellcheck disable=SC2086
	"$kotest" -j1 --fix="$out/fix.patch" --srctree "$a" $kos \
		>"$out/kotest-a.txt" 2>"$out/fix.log" ||
		{ cat "$out/fix.log"; fail "$d: kotest --fix failed"; continue; }
	n_found=$(findings $kos | wc -l)
	n_fixed=$(sed -n '/^Annotated:/,/^$/p' "$out/fix.patch" | grep -c '^  ' || true)
	predicted=$(sed -n '/^Annotated:/,/^$/p' "$out/fix.patch" |
		sed -n 's/.* (\([0-9]*\) bytes).*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
	lines=$(grep -c '^+[^+]' "$out/fix.patch" || true)

	n=$(echo "$mods" | wc -w)
	if [ "$lines" = 0 ]; then
		echo "$d $n $n_found 0 0 0 0 - - -" >> "$rows"
		say "$d: nothing to annotate ($n_found candidates and chains)"
		kmake "$a/$d" clean >/dev/null 2>&1
		continue
	fi

	# 1. It applies, and checkpatch finds no error.
	cp -a "$a" "$b"
	kmake "$b/$d" clean >/dev/null 2>&1
	# Outside any repository: inside one (this one), git apply takes
	# paths from its top and skips the others without a word.
	if ! (cd "$b" && export GIT_CEILING_DIRECTORIES=$(dirname "$b") &&
	      git apply --check "$out/fix.patch" &&
	      git apply "$out/fix.patch") 2>"$out/apply.log"; then
		cat "$out/apply.log"
		fail "$d: the patch does not apply"
		continue
	fi
	perl "$work/src/scripts/checkpatch.pl" --no-tree --no-signoff \
		--terse "$out/fix.patch" >"$out/checkpatch.txt" 2>&1 || true
	cpe=$(grep -c ': ERROR:' "$out/checkpatch.txt" || true)
	cpw=$(grep -c ': WARNING:' "$out/checkpatch.txt" || true)
	[ "$cpe" = 0 ] || fail "$d: checkpatch errors:"$'\n'"$(grep ': ERROR:' "$out/checkpatch.txt")"

	# 2. The patched tree builds: no new warning, no section mismatch.
	build "$b" "$d" "$out/b" || { fail "$d: the patched tree does not build"; continue; }
	new=$(comm -13 <(kbuild_warnings "$out/a/build.log" "$a") \
		<(kbuild_warnings "$out/b/build.log" "$b"))
	[ -z "$new" ] || fail "$d: new warnings after the patch:"$'\n'"$new"
	mp=$(grep -ci 'section mismatch' "$out/b/build.log" || true)
	[ "$mp" = 0 ] || fail "$d: modpost: $(grep -i 'section mismatch' "$out/b/build.log")"

	# 3. kotest: no new dangerous link, annotated objects gone, bytes.
	kos_b=$(echo "$kos" | sed "s|$out/a/|$out/b/|")
	# shellcheck disable=SC2086
	da=$(dangerous $kos) db=$(dangerous $kos_b)
	[ "$db" -le "$da" ] || fail "$d: dangerous links $da -> $db"
	sed -n '/^Annotated:/,/^$/p' "$out/fix.patch" |
		sed -n "s|^  $out/a/\([^:]*\): [a-z]* \([^ ]*\) .*|\1 \2|p" |
		sort -u > "$out/annotated.txt"
	# shellcheck disable=SC2086
	findings $kos_b > "$out/left.txt"
	still=$(comm -12 "$out/annotated.txt" "$out/left.txt")
	[ -z "$still" ] || fail "$d: annotated but still reported:"$'\n'"$still"
	realized=0
	for m in $mods; do
		pa=$(persistent_bytes "$out/a/$m") pb=$(persistent_bytes "$out/b/$m")
		realized=$((realized + pa - pb))
	done
	[ "$n_fixed" = 0 ] || [ "$realized" -gt 0 ] ||
		fail "$d: $n_fixed objects annotated, persistent bytes $realized less"

	echo "$d $n $n_found $n_fixed $lines $predicted $realized $cpe $cpw $mp" >> "$rows"
	say "$d: $n_fixed of $n_found candidates and chains annotated ($lines lines), predicted $predicted bytes, realized $realized; checkpatch $cpe errors $cpw warnings; modpost $mp"
	patched="$patched $d"
	kmake "$a/$d" clean >/dev/null 2>&1
	kmake "$b/$d" clean >/dev/null 2>&1
done

# 4. The patched modules in the running kernel.
: > "$work/qemu-result"
if [ -n "$patched" ]; then
	say "QEMU: loading, using and unloading the patched modules of$patched"
	# shellcheck disable=SC2086
	QEMU_BASE=a qemu_check b $patched
fi

summary=$work/summary.txt
awk -v results="$work/qemu-result" '
	BEGIN {
		while ((getline line < results) > 0) {
			split(line, f, " ")
			q[f[1]] = substr(line, length(f[1]) + 2)
		}
		fmt = "%-16s %4s %5s %5s %5s %9s %9s %4s %4s %7s  %s\n"
		printf fmt, "directory", "mods", "found", "fixed", "lines",
			"predict-B", "realize-B", "cp-E", "cp-W", "modpost", "qemu"
	}
	{
		printf fmt, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
			($1 in q) ? q[$1] : "-"
		for (i = 2; i <= 10; i++)
			t[i] += $i
	}
	END {
		printf fmt, "total", t[2], t[3], t[4], t[5], t[6], t[7], t[8],
			t[9], t[10], ""
	}' "$rows" > "$summary"
echo
echo "found: candidates and chains (--use-notes); fixed: annotated by the"
echo "patch; lines: lines it changes; predict-B: the annotated objects' bytes;"
echo "realize-B: persistent allocated bytes saved in the rebuilt modules;"
echo "cp-E, cp-W: checkpatch errors and warnings; modpost: section mismatches;"
echo "qemu: the patched modules loaded, used, unloaded in the kernel"
cat "$summary"
if [ "$failed" -ne 0 ]; then
	say "$failed checks FAILED"
	exit 1
fi
say "all checks passed"
