#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Download Debian's kernel module packages and unpack them into a corpus
# directory: one subdirectory per Debian architecture and kernel series.
#
#   scripts/fetch-corpus.sh DIR [ARCH[:SERIES]...]
#
# SERIES is 6.1 (Debian 12's kernel, plain .ko) or 6.12 (the bookworm
# backport, .ko.xz).  Package names are resolved with apt-cache, because
# Debian's ABI numbers move with every security update.  A finished
# subdirectory holds a .done stamp and is not fetched again.
set -eu

dir=$1; shift
[ $# -gt 0 ] || set -- amd64 arm64

flavour() {
	case $1 in
	amd64) echo amd64 ;; arm64) echo arm64 ;; armhf) echo armmp ;;
	armel) echo marvell ;; i386) echo 686-pae ;; ppc64el) echo powerpc64le ;;
	s390x) echo s390x ;; mips64el) echo mips64r2el ;; mipsel) echo 4kc-malta ;;
	*) echo "fetch-corpus: unknown architecture $1" >&2; exit 1 ;;
	esac
}

run_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else
		echo "fetch-corpus: needs root: $*" >&2; exit 1
	fi
}

apt_updated=
ensure_arch() {
	native=$(dpkg --print-architecture)
	if [ "$1" != "$native" ] && ! dpkg --print-foreign-architectures | grep -qx "$1"; then
		run_root dpkg --add-architecture "$1"
		apt_updated=
	fi
	if [ -z "$apt_updated" ]; then
		run_root "$(dirname "$0")/apt-update.sh"
		apt_updated=1
	fi
}

# Image packages for ARCH and SERIES, newest first.  Every version apt
# knows is listed: a list left stale by a mirror sync can name a version
# the pool has already dropped, and an older one still downloads.
image_packages() {
	arch=$1 series=$2 fl=$(flavour "$1")
	if [ "$series" = 6.1 ]; then
		meta=linux-image-$fl
	else
		meta=linux-image-6.12-$fl
	fi
	pkgs=$(apt-cache show "$meta:$arch" 2>/dev/null |
	       sed -n 's/^Depends: \(linux-image-[^ ,:]*\).*/\1/p' | sort -urV)
	[ -n "$pkgs" ] || { echo "fetch-corpus: cannot resolve $meta:$arch" >&2; exit 1; }
	for pkg in $pkgs; do
		# The -unsigned package holds the same modules without the
		# signing dance; prefer it where it exists.
		if apt-cache show "$pkg-unsigned:$arch" >/dev/null 2>&1; then
			pkg=$pkg-unsigned
		fi
		echo "$pkg"
	done
}

mkdir -p "$dir"
for spec; do
	arch=${spec%%:*}
	series=6.1
	case $spec in *:*) series=${spec#*:} ;; esac
	dest=$dir/$arch-$series
	[ -f "$dest/.done" ] && continue
	ensure_arch "$arch"
	tmp=$(mktemp -d)
	pkg=
	for candidate in $(image_packages "$arch" "$series"); do
		if (cd "$tmp" && apt-get download -qq "$candidate:$arch" >/dev/null 2>&1); then
			pkg=$candidate
			break
		fi
		echo "fetch-corpus: $arch $series: $candidate does not download, trying an older one" >&2
	done
	[ -n "$pkg" ] || { echo "fetch-corpus: $arch $series: no image package downloads" >&2; exit 1; }
	echo "fetch-corpus: $arch $series: $pkg"
	rm -rf "$dest"; mkdir -p "$dest"
	dpkg -x "$tmp"/*.deb "$tmp/root"
	# Keep only the modules: the image and firmware are not needed.
	mods=$tmp/root/lib/modules
	[ -d "$mods" ] || mods=$tmp/root/usr/lib/modules
	cp -r "$mods/." "$dest/"
	find "$dest" -type f ! -name '*.ko' ! -name '*.ko.xz' ! -name '*.ko.zst' \
		! -name '*.ko.gz' -delete
	find "$dest" -type l -delete
	echo "$pkg" > "$dest/.package"
	count=$(find "$dest" -name '*.ko*' | wc -l)
	rm -rf "$tmp"
	echo "fetch-corpus: $arch $series: $count modules in $dest"
	touch "$dest/.done"
done
