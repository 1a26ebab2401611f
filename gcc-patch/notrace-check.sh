#!/bin/bash
# notrace-check.sh - check that init code gets no ftrace call sites.
#
#   notrace-check.sh CC [baseline]
#
# Compiles notrace/kinit.c (persistent, init and exit functions, annotated
# like the kernel's include/linux/init.h) with CC for each instrumentation
# mechanism ftrace uses, with kernel-like x86-64 flags, and reads the
# object's relocations:
#
#   - records: entries of __mcount_loc or __patchable_function_entries,
#     counted by the section of the function they point to;
#   - calls: calls to __fentry__, mcount or __cyg_profile_func_enter,
#     counted by the section they are made from.
#
# With the patched compiler and -finstrument-exclude-sections=.init. the
# functions in .init.text must have none of either, except the one whose
# own patchable_function_entry attribute asks for a patch area, while the
# functions in .text and .exit.text keep theirs.
#
# "baseline" compiles without the option (any gcc 12 can do that) and
# expects the init functions to be instrumented: it shows that the check
# sees the records and calls that the option removes.
#
# Prints one line per mechanism and "notrace: N passed, M failed".
set -u
CC=${1:?usage: notrace-check.sh CC [baseline]}
MODE=${2:-patched}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/notrace/kinit.c
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

COMMON="-O2 -Wall -Werror -fno-PIE -fno-common -ffreestanding -mcmodel=kernel -mno-red-zone -mno-sse"
OPT="-finstrument-exclude-sections=.init."
[ "$MODE" = baseline ] && OPT=

pass=0 fail=0

# count OBJ RELSEC NAME: relocations in .rela$RELSEC against NAME.
count () {
	readelf -rW "$1" | awk -v sec="'.rela$2'" -v name="$3" '
		/^Relocation section/ { in_sec = ($3 == sec); next }
		in_sec && $5 == name { n++ }
		END { print n + 0 }'
}

# check NAME FLAGS RECSEC CALLSYM TEXT EXIT INIT INIT_PATCHED
#   RECSEC: section of the records (or - for none), CALLSYM: the called
#   symbol (or - for none); TEXT, EXIT: instrumented functions expected
#   in .text and .exit.text; INIT: records expected in .init.text with
#   the option (the calls expected there are always 0).
check () {
	local name=$1 flags=$2 recsec=$3 callsym=$4 text=$5 exit=$6 init=$7
	local obj=$TMP/$name.o got want sec ok=1 words=""
	if ! $CC $COMMON $flags $OPT -c "$SRC" -o "$obj" 2> "$TMP/$name.err"; then
		echo "FAIL: $name: does not compile: $(head -3 "$TMP/$name.err")"
		fail=$((fail + 1))
		return
	fi
	for sec in .text .exit.text .init.text; do
		case $sec in
		.text) want=$text ;;
		.exit.text) want=$exit ;;
		.init.text) want=$init ;;
		esac
		if [ "$recsec" != - ]; then
			got=$(count "$obj" "$recsec" "$sec")
			words="$words $sec:${got}rec"
			if [ "$MODE" = baseline ] && [ $sec = .init.text ]; then
				[ "$got" -gt "$want" ] || ok=0
			else
				[ "$got" = "$want" ] || ok=0
			fi
		fi
		if [ "$callsym" != - ]; then
			case $sec in .init.text) want=0 ;; esac
			got=$(count "$obj" "$sec" "$callsym")
			words="$words $sec:${got}call"
			if [ "$MODE" = baseline ] && [ $sec = .init.text ]; then
				[ "$got" -gt 0 ] || ok=0
			else
				[ "$got" = "$want" ] || ok=0
			fi
		fi
	done
	if [ $ok = 1 ]; then
		echo "PASS: $name ($flags):$words"
		pass=$((pass + 1))
	else
		echo "FAIL: $name ($flags):$words"
		fail=$((fail + 1))
	fi
}

echo "notrace checks: $CC ($MODE${OPT:+, $OPT})"
"$CC" --version | head -1
#     name          flags                                            records                      call                        .text .exit .init
check fentry        "-pg -mfentry -mrecord-mcount"                   __mcount_loc                 __fentry__                  2 1 0
check nop-mcount    "-pg -mfentry -mrecord-mcount -mnop-mcount"      __mcount_loc                 -                           2 1 0
check mcount        "-pg -mrecord-mcount"                            __mcount_loc                 mcount                      2 1 0
check patchable     "-fpatchable-function-entry=2"                   __patchable_function_entries -                           2 1 1
check patchable-pg  "-pg -mfentry -mrecord-mcount -fpatchable-function-entry=2" __patchable_function_entries __fentry__ 2 1 1
check instrument    "-finstrument-functions"                         -                            __cyg_profile_func_enter    2 1 0

# No function in .init.text may have been left out: list them.
$CC $COMMON -pg -mfentry -mrecord-mcount $OPT -c "$SRC" -o "$TMP/syms.o" 2>/dev/null &&
	echo "functions in .init.text: $(readelf -sW "$TMP/syms.o" | awk '$4 == "FUNC" { print $7, $8 }' |
		while read ndx sym; do
			[ "$(readelf -SW "$TMP/syms.o" | awk -v n="$ndx" '$1 == "[" && $2 == n"]" { print $3 } $1 == "["n"]" { print $2 }')" = .init.text ] && printf '%s ' "$sym"
		done)"

echo "notrace: $pass passed, $fail failed"
[ $fail = 0 ]
