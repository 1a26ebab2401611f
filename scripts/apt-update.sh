#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# apt-get update that survives a Debian mirror in the middle of a sync.
#
#   scripts/apt-update.sh
#
# A mirror sync makes one architecture's Packages file fail its hash check
# ("File has unexpected size ... Mirror sync in progress?") and apt-get
# update then exits 100, although every other list was refreshed.  Retry
# with a growing pause; if a list still fails, keep the old one for it (apt
# does) and go on: a package that is really missing fails its install
# later, with apt's own message.  Never fatal, so "set -e" callers proceed.
set -u

if [ "$(id -u)" != 0 ]; then
	echo "apt-update: not root; run: sudo apt-get update" >&2
	exit 0
fi
log=$(mktemp)
pause=5
for try in 1 2 3 4; do
	if apt-get update -qq >"$log" 2>&1; then
		rm -f "$log"
		exit 0
	fi
	[ "$try" = 4 ] && break
	sleep $pause
	pause=$((pause * 2))
done
echo "apt-update: apt-get update still fails after 4 tries; using the old lists for:" >&2
grep '^E: Failed to fetch' "$log" | sed 's/^E: Failed to fetch \([^ ]*\).*/  \1/' >&2
rm -f "$log"
exit 0
