#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Unpack Debian's kernel headers and kbuild for one kernel series into a
# directory, without installing a kernel image, and print the directory to
# give to "make -C" for out-of-tree module builds.
#
#   scripts/fetch-kheaders.sh DIR [SERIES [FLAVOUR]]     (default 6.12 amd64)
#
# The ABI name (6.12.117+deb12) moves with every update: it is resolved with
# apt-cache, preferring the one that matches linux-source-SERIES so that the
# headers describe the sources the check builds.  The three packages
# (linux-headers-ABI-FLAVOUR, linux-headers-ABI-common, linux-kbuild-ABI)
# are fetched with "apt-get download" and unpacked with "dpkg -x" into
# DIR/ABI-FLAVOUR/, which is kept: a second run only prints the path.
# The flavour's Makefile is then pointed at the common headers in DIR.
set -eu

dir=$1
series=${2:-6.12}
flavour=${3:-amd64}

die() { echo "fetch-kheaders: $*" >&2; exit 1; }

# Names of the linux-headers-SERIES.N+SUFFIX-FLAVOUR packages, as ABIs.
abis() {
	apt-cache search --names-only "^linux-headers-$1" 2>/dev/null |
		sed -n "s/^linux-headers-\\([0-9][0-9.]*+[a-z0-9]*\\)-$flavour - .*/\\1/p"
}

src_ver=$(apt-cache policy "linux-source-$series" 2>/dev/null |
	  sed -n 's/^ *Candidate: *\([0-9][0-9.]*\)-.*/\1/p')
abi=
[ -n "$src_ver" ] && abi=$(abis "$src_ver+" | sort -V | tail -n 1)
[ -n "$abi" ] || abi=$(abis "$series." | sort -V | tail -n 1)
[ -n "$abi" ] || die "no linux-headers-$series.*-$flavour package (apt-get update?)"

root=$dir/$abi-$flavour
kdir=$root/usr/src/linux-headers-$abi-$flavour
if [ ! -e "$root/.done" ]; then
	rm -rf "$root"
	mkdir -p "$root/debs"
	(cd "$root/debs" &&
	 apt-get download -q "linux-headers-$abi-$flavour" \
		"linux-headers-$abi-common" "linux-kbuild-$abi" >/dev/null 2>&1) ||
		die "apt-get download of the $abi headers failed"
	for deb in "$root"/debs/*.deb; do
		dpkg -x "$deb" "$root"
	done
	rm -rf "$root/debs"
	[ -f "$kdir/Makefile" ] || die "$kdir/Makefile missing after unpacking"
	# The flavour's Makefile includes the common one by its installed,
	# absolute path: point it into DIR.
	sed -i "s|^include /usr/src/|include $(cd "$root" && pwd)/usr/src/|" \
		"$kdir/Makefile"
	touch "$root/.done"
fi
echo "$kdir"
