#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fix-arch.sh "CC" PLUGIN "LD-R" KOTEST OUT SRC: the --fix fixtures of SRC
# (Inputs/fix) on one architecture: build them with the plugin (and
# fix-starter.c without it), write the
# patch, apply it to a copy, rebuild, and print what a test asserts:
#   annotated: the objects the patch annotates, sorted
#   refused: FUNCTION: REASON, for each function it does not annotate
#   placed: NAME=SECTION after the rebuild, for the objects of fix.test
#   left: what kotest --use-notes still reports of the annotated objects
#   dangerous: N, after the rebuild
set -eu
cc=$1 plugin=$2 ldr=$3 kotest=$4 out=$5 src=$6

rm -rf "$out"
mkdir -p "$out"
cp -r "$src" "$out/src"
build() {
	(cd "$out/$1" &&
	 $cc -fplugin="$plugin" -ffile-prefix-map="$out/$1/"= -c fix-main.c -o main.o &&
	 $cc -fplugin="$plugin" -ffile-prefix-map="$out/$1/"= -c fix-helper.c -o helper.o &&
	 $cc -c fix-starter.c -o starter.o &&
	 $ldr main.o helper.o starter.o -o fix.ko)
}
build src
(cd "$out" && "$kotest" -j1 --fix=fix.patch --srctree src src/fix.ko \
	>/dev/null 2>fix.err)
annotated=$(sed -n '/^Annotated:/,/^$/s/^  [^:]*: [a-z]* \([^ ]*\) .*/\1/p' \
	"$out/fix.patch" | sort)
echo "annotated:" $annotated
sed -n 's/^  [^:]*: function \([^ ]*\) ([0-9]* bytes): /refused: \1: /p' \
	"$out/fix.patch" | sort

if ! grep -q '^diff --git' "$out/fix.patch"; then
	echo "patch: no edit"
	exit 0
fi
cp -r "$out/src" "$out/applied"
(cd "$out/applied" && rm -f ./*.o fix.ko && patch -s -p1 < "$out/fix.patch")
build applied
"$kotest" -j1 --use-notes "$out/applied/fix.ko" > "$out/after.txt"
readelf -SW "$out/applied/fix.ko" > "$out/secs"
readelf -sW "$out/applied/fix.ko" > "$out/syms"
python3 - "$out/secs" "$out/syms" <<'EOF'
import re, sys
secs = dict(re.findall(r'\[\s*(\d+)\]\s+(\S+)', open(sys.argv[1]).read()))
want = ('parse_one pick_name fix_setup_global table names spread defaults '
        'helper_weights shared_step').split()
placed = {}
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) == 8 and f[7] in want and f[6] in secs:
        placed[f[7]] = secs[f[6]]
print('placed: ' + ' '.join('%s=%s' % kv for kv in sorted(placed.items())))
EOF
left=$(for o in $annotated; do
	grep -E "(candidate|chain) .*\($o\)" "$out/after.txt" || true
done)
echo "left: ${left:-none}"
sed -n 's/.*total: .*dangerous \([0-9]*\),.*/dangerous: \1/p' "$out/after.txt"
