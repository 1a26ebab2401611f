#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make demo: build a small module from testsuite/analyzer/Inputs/findings.c
# the way kbuild builds one (kernel flags, ftrace call sites, ld -r), then
# show what kotest reports for it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/demo
mkdir -p "$out"
cc=${CC:-gcc}

$cc -O2 -I"$top/testsuite/include" -fno-common -fno-PIE -ffreestanding \
	-fno-asynchronous-unwind-tables -mcmodel=kernel -mno-red-zone \
	-pg -mfentry -mrecord-mcount -DMODULE -D__KERNEL__ \
	-c "$top/testsuite/analyzer/Inputs/findings.c" -o "$out/demo.o"
$cc -nostdlib -r "$out/demo.o" -o "$out/demo.ko"

echo "== kotest -v $out/demo.ko"
"$top/analyzer/kotest" -v "$out/demo.ko"
