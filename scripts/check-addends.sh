#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make check-addends: the REL architectures' addends against GNU ld, on an
# evenly spread sample of Debian's modules (fetched by check-corpus).
#   scripts/check-addends.sh CORPUS [PER_ARCH]
set -eu
corpus=$1
n=${2:-25}
top=$(cd "$(dirname "$0")/.." && pwd)
status=0
for spec in armhf:arm armel:arm mipsel:mips mips64el:mips64; do
	set=${spec%%:*} arch=${spec#*:}
	dir=$corpus/$set-6.1
	[ -d "$dir" ] || { echo "check-addends: $dir missing (run make check-corpus)"; exit 1; }
	total=$(find "$dir" -name '*.ko' | wc -l)
	step=$((total / n))
	echo "check-addends: $set ($n of $total modules)"
	find "$dir" -name '*.ko' | sort | awk -v s="$step" 'NR % s == 0' | head -n "$n" |
		python3 "$top/scripts/check-addends.py" "$top/analyzer/kotest" "$arch" || status=1
done
exit $status
