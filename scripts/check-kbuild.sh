#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# kotest.so on real kernel code: build module directories of Debian's 6.12
# kernel out of tree, with and without the plugin, and check that
#   - the plugin builds leave no ftrace call site in init code (__mcount_loc
#     entries and __fentry__ calls; x86-64's __patchable_function_entries is
#     call padding there, not ftrace, and must stay as it is),
#   - they keep every persistent call site,
#   - every other section is unchanged but for the entries that pointed
#     into init code (ftrace-sites.py --sections says what is allowed),
#   - they add no warning to the build log,
#   - two plugin builds give byte-identical modules (and so do two builds
#     without it, or that would prove nothing),
#   - and, when analyzer/kotest supports --json, that it counts zero
#     "ftrace_init_sites" in the plugin's modules.
# It measures the CPU time of the builds with and without the plugin, in
# the order without, with, with, without (so that a drift of the machine's
# load cancels out), the init call sites removed and the bytes saved.
#
#   scripts/check-kbuild.sh            (make check-kbuild)
#
# Environment: CHECK_KBUILD_DIRS (module directories of the kernel tree,
# default below, or "wide" for 29 of them), CHECK_KBUILD_JOBS (make -j, default 2), CHECK_KBUILD_WORK
# (default build/check-kbuild), CHECK_KBUILD_CALLGRIND (DIR/FILE.o of one of
# the directories: also count the instructions of its compilation with and
# without the plugin under valgrind, a measure that the machine's load
# does not blur; takes a few minutes).  Needs linux-source-6.12 and apt access for
# Debian's headers (scripts/fetch-kheaders.sh); installs linux-source-6.12
# when run as root.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=${CHECK_KBUILD_WORK:-$top/build/check-kbuild}
. "$top/scripts/kbuild-setup.sh"
dirs=$(kbuild_dirs "${CHECK_KBUILD_DIRS:-}")
jobs=${CHECK_KBUILD_JOBS:-2}
sites="python3 $top/scripts/ftrace-sites.py --records __mcount_loc"

die() { echo "check-kbuild: $*" >&2; exit 1; }
say() { echo "check-kbuild: $*"; }

kbuild_setup
src=$work/src
kbuild_extract "$src" "$dirs"

# build VARIANT DIR [KCFLAGS]: a clean build, its log, CPU time and modules.
build() {
	local variant=$1 d=$2 out=$work/out/$1/$2
	rm -rf "$out"
	mkdir -p "$out"
	kmake "$src/$d" clean >/dev/null 2>&1
	local TIMEFORMAT='%R %U %S'
	{ time kmake "$src/$d" -j"$jobs" ${3:+KCFLAGS="$3"} modules \
		>"$out/build.log" 2>&1; } 2>"$out/time" ||
		{ cat "$out/build.log"; die "$d: $variant build failed"; }
	(cd "$src/$d" && find . -name '*.ko' -exec cp --parents {} "$out" \;)
	# Translation units compiled: objects but the modules' .mod.o.
	find "$src/$d" -name '*.o' ! -name '*.mod.o' | wc -l > "$out/units"
	kmake "$src/$d" clean >/dev/null 2>&1
}

cpu() { awk '{ printf "%.2f", $2 + $3 }' "$work/out/$1/$2/time"; }
wall() { awk '{ print $1 }' "$work/out/$1/$2/time"; }
warnings() { grep -iE 'warning|error' "$work/out/$1/$2/build.log" | sort -u || true; }

failed=0
fail() { echo "check-kbuild: FAIL: $*"; failed=$((failed + 1)); }

kotest=$top/analyzer/kotest
if [ -x "$kotest" ] && "$kotest" --help 2>&1 | grep -q -- --json; then
	use_kotest=1
else
	use_kotest=
fi

# The analyzer's count for one module: its first "ftrace_init_sites".
kotest_sites() {
	"$kotest" --json "$1" | grep -o '"ftrace_init_sites": *[0-9]*' |
		head -n 1 | sed 's/.*: *//'
}

summary=$work/summary.txt
printf '%-20s %5s %7s %6s %10s %9s %10s %8s %8s %7s\n' directory units \
	modules sites persist-B init-B file-B cpu-base cpu-plug ratio > "$summary"
tot_units=0 tot_mods=0 tot_sites=0 tot_pb=0 tot_ib=0 tot_fb=0 tot_cb=0 tot_cp=0

for d in $dirs; do
	say "$d: building without, with, with, without the plugin"
	build base1 "$d"
	build plugin1 "$d" "-fplugin=$plugin"
	build plugin2 "$d" "-fplugin=$plugin"
	build base2 "$d"

	b=$work/out/base1/$d p=$work/out/plugin1/$d
	mods=$(cd "$b" && find . -name '*.ko' | sort)
	[ -n "$mods" ] || fail "$d: no module built"
	[ "$(cd "$p" && find . -name '*.ko' | sort)" = "$mods" ] ||
		fail "$d: not the same modules with the plugin"

	new=$(comm -13 <(warnings base1 "$d") <(warnings plugin1 "$d"))
	[ -z "$new" ] || fail "$d: new warnings with the plugin:"$'\n'"$new"

	n=0 nsites=0 pb=0 ib=0 fb=0
	for m in $mods; do
		n=$((n + 1))
		cmp -s "$b/$m" "$work/out/base2/$d/$m" ||
			fail "$d/$m: two builds without the plugin differ"
		cmp -s "$p/$m" "$work/out/plugin2/$d/$m" ||
			fail "$d/$m: two builds with the plugin differ"
		if ! out=$($sites --compare "$b/$m" "$p/$m"); then
			fail "$d/$m: call sites:"$'\n'"$out"
		fi
		if ! out=$($sites --sections "$b/$m" "$p/$m"); then
			fail "$d/$m: sections:"$'\n'"$out"
		fi
		# persistent bytes A -> B, init bytes C -> D, file bytes E -> F
		read -r pb0 pb1 ib0 ib1 fb0 fb1 < <(echo "$out" |
			sed -n 's/^persistent bytes \([0-9]*\) -> \([0-9]*\), init bytes \([0-9]*\) -> \([0-9]*\), file bytes \([0-9]*\) -> \([0-9]*\)$/\1 \2 \3 \4 \5 \6/p')
		pb=$((pb + pb0 - pb1)) ib=$((ib + ib0 - ib1)) fb=$((fb + fb0 - fb1))
		s=$($sites "$b/$m" | grep -c '^init __mcount_loc ' || true)
		nsites=$((nsites + s))
		if [ -n "$use_kotest" ]; then
			kb=$(kotest_sites "$b/$m") kp=$(kotest_sites "$p/$m")
			if [ "$kb" != "$s" ] || [ "$kp" != 0 ]; then
				fail "$d/$m: kotest counts $kb -> $kp ftrace init sites, not $s -> 0"
			fi
		fi
	done
	cb=$(cpu base1 "$d")+$(cpu base2 "$d")
	cp=$(cpu plugin1 "$d")+$(cpu plugin2 "$d")
	cb=$(echo "$cb" | awk -F+ '{ printf "%.2f", $1 + $2 }')
	cp=$(echo "$cp" | awk -F+ '{ printf "%.2f", $1 + $2 }')
	ratio=$(awk -v a="$cp" -v b="$cb" 'BEGIN { printf "%.4f", a / b }')
	units=$(cat "$work/out/plugin1/$d/units")
	printf '%-20s %5d %7d %6d %10d %9d %10d %8s %8s %7s\n' "$d" "$units" \
		"$n" "$nsites" "$pb" "$ib" "$fb" "$cb" "$cp" "$ratio" >> "$summary"
	tot_units=$((tot_units + units))
	say "$d: $n modules, $nsites init call sites removed, $pb persistent bytes saved, CPU time ratio $ratio (walls $(wall base1 "$d") $(wall plugin1 "$d") $(wall plugin2 "$d") $(wall base2 "$d") s)"
	tot_mods=$((tot_mods + n)) tot_sites=$((tot_sites + nsites))
	tot_pb=$((tot_pb + pb)) tot_ib=$((tot_ib + ib)) tot_fb=$((tot_fb + fb))
	tot_cb=$(awk -v a="$tot_cb" -v b="$cb" 'BEGIN { printf "%.2f", a + b }')
	tot_cp=$(awk -v a="$tot_cp" -v b="$cp" 'BEGIN { printf "%.2f", a + b }')
done

# Instructions of one compilation with and without the plugin, counted by
# callgrind: unlike CPU time on a shared machine, exact.  Opt-in (slow):
# CHECK_KBUILD_CALLGRIND=DIR/FILE.o, e.g. net/netfilter/ipvs/ip_vs_rr.o.
callgrind_cost() {
	local d=${1%/*} obj=${1##*/} cmd c v dir=$work/callgrind
	command -v valgrind >/dev/null || die "CHECK_KBUILD_CALLGRIND needs valgrind"
	rm -rf "$dir"
	mkdir -p "$dir"
	kmake "$src/$d" clean >/dev/null 2>&1
	kmake "$src/$d" "$obj" >/dev/null 2>&1 || die "$1 does not build"
	cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$src/$d/.$obj.cmd")
	cmd=${cmd%%;*}		# the compilation, not objtool
	for v in base plugin; do
		c=${cmd/ -o $src\/$d\/$obj / -o $dir\/$v.o }
		[ $v = base ] || c=${c/ -c -o / -fplugin=$plugin -c -o }
		(cd "$kdir" && nice valgrind --tool=callgrind --trace-children=yes \
			--callgrind-out-file="$dir/$v.%p" bash -c "$c") \
			>"$dir/$v.log" 2>&1 || die "callgrind of $1 failed"
	done
	kmake "$src/$d" clean >/dev/null 2>&1
	# Sum over the processes; cc1 alone too.
	for v in base plugin; do
		awk -v v=$v '/^cmd:/ { cc1 = ($2 ~ /\/cc1$/) }
			/^(summary|totals):/ { all += $2; if (cc1) c += $2; nextfile }
			END { printf "%s %.0f %.0f\n", v, all, c }' "$dir/$v".*
	done | awk '{ a[$1] = $2; c[$1] = $3 }
		END { printf "callgrind: %s: instructions %.0f -> %.0f (+%.3f%%), cc1 alone %.0f -> %.0f (+%.3f%%)\n",
			"'"$1"'", a["base"], a["plugin"], 100 * (a["plugin"] / a["base"] - 1),
			c["base"], c["plugin"], 100 * (c["plugin"] / c["base"] - 1) }'
}
if [ -n "${CHECK_KBUILD_CALLGRIND:-}" ]; then
	callgrind_cost "$CHECK_KBUILD_CALLGRIND" | tee "$work/callgrind.txt"
fi

ratio=$(awk -v a="$tot_cp" -v b="$tot_cb" 'BEGIN { printf "%.4f", a / b }')
printf '%-20s %5d %7d %6d %10d %9d %10d %8s %8s %7s\n' total "$tot_units" \
	"$tot_mods" "$tot_sites" "$tot_pb" "$tot_ib" "$tot_fb" "$tot_cb" \
	"$tot_cp" "$ratio" >> "$summary"
echo
echo "units: translation units compiled (the plugin ran on each of them);"
echo "sites: init call sites removed (__mcount_loc entries); persist-B: bytes"
echo "of sections loaded for the module's life saved; init-B: of init"
echo "sections; file-B: of the .ko files (debug info names the plugin);"
echo "cpu: user+sys seconds of two builds each (-j$jobs); ratio: plugin/base"
cat "$summary"
echo
[ -n "$use_kotest" ] || say "analyzer/kotest --json not available: its count not checked"
if [ "$failed" -ne 0 ]; then
	say "$failed checks FAILED"
	exit 1
fi
say "all checks passed"
