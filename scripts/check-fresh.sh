#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make check-fresh: the README's two commands, "make demo" and "make check",
# as root on a fresh Debian 12 that has nothing but make, so that a package
# missing from scripts/install-deps.sh cannot hide behind what this machine
# already has.  Fails when either command fails.
#
#   scripts/check-fresh.sh           (as root; make check-fresh)
#
# The fresh machine is a chroot: "debootstrap --variant=minbase bookworm"
# with this machine's Debian sources (/etc/apt/sources.list.d/debian.sources
# only: no third-party source) and "apt-get install make", nothing else.
# It is built once and kept as build/fresh/base.tar; it is built again when
# those sources change, when it is older than 30 days or with
# CHECK_FRESH_REBUILD=1.  Every run unpacks it into build/fresh/root, so
# that no run can change what the next one starts from: a tmpfs there when
# the machine has 16 GB of memory available (the root grows to some 5 GB;
# deleting that from this disk took minutes), else the disk.  The .deb files
# apt downloads are kept in build/fresh/archives (bind-mounted at
# /var/cache/apt/archives), so that a second run downloads only what the
# mirror has changed since.
#
# The tree tested is a clone of this repository at HEAD, in /root/kotest:
# uncommitted changes are NOT tested (a note says so).  The commands run
# with a clean environment (HOME=/root, the default PATH) and proc, /dev,
# /dev/pts and a tmpfs on /dev/shm mounted; everything mounted under
# build/fresh is unmounted on exit.  The output goes to the terminal and to
# build/fresh/make-demo.log and make-check.log.  The root goes at the end
# of the run; with CHECK_FRESH_KEEP=1 it is made on the disk and kept, to
# look into (chroot build/fresh/root).
#
# Environment: CHECK_FRESH_WORK (default build/fresh), CHECK_FRESH_REBUILD,
# CHECK_FRESH_KEEP, CHECK_FRESH_TMPFS (yes or no instead of the memory
# rule), CHECK_FRESH_TARGETS (more make targets to run in the root after
# the two commands, e.g. "check-kbuild check-qemu"; default none: the
# others fetch hundreds of MB to GBs from the mirror and take long).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=${CHECK_FRESH_WORK:-$top/build/fresh}
suite=bookworm
sources=/etc/apt/sources.list.d/debian.sources
base=$work/base.tar
root=$work/root
archives=$work/archives
path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
start=$(date +%s)

die() { echo "check-fresh: FAIL: $*" >&2; exit 1; }
say() { echo "check-fresh: $*"; }
since() { local s=$(($(date +%s) - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
case $work in
*[[:space:]]*) die "$work: a path with blanks" ;;
esac
[ -f "$sources" ] || die "$sources missing: no Debian mirror to use"
mkdir -p "$work" "$archives"
work=$(cd "$work" && pwd)
root=$work/root base=$work/base.tar archives=$work/archives

# Mount points under $work, deepest first (/proc/mounts escapes blanks,
# and $work has none).
mounts_under() {
	awk -v w="$work" 'index($2, w "/") == 1 { print $2 }' /proc/mounts |
		sort -r
}

unmount_all() {
	local m
	for m in $(mounts_under); do
		umount "$m" 2>/dev/null || umount -l "$m" ||
			echo "check-fresh: cannot unmount $m" >&2
	done
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

# rm -rf of a root with /dev bound in would empty this machine's /dev.
remove_root() {
	unmount_all
	[ -z "$(mounts_under)" ] || die "still mounted under $work: $(mounts_under)"
	rm -rf --one-file-system "$1"
}

# proc, dev, dev/pts, a tmpfs on dev/shm, the .deb cache, and this
# machine's resolver configuration, for chroot $1.
mount_root() {
	mount -t proc proc "$1/proc"
	mount --bind /dev "$1/dev"
	mount --bind /dev/pts "$1/dev/pts"
	mount -t tmpfs -o mode=1777,size=1g tmpfs "$1/dev/shm"
	mkdir -p "$1/var/cache/apt/archives"
	mount --bind "$archives" "$1/var/cache/apt/archives"
	cp -L /etc/resolv.conf "$1/etc/resolv.conf"
}

in_root() {
	chroot "$1" /usr/bin/env -i HOME=/root USER=root LOGNAME=root \
		SHELL=/bin/bash PATH=$path TERM="${TERM:-dumb}" /bin/sh -c "$2"
}

# The base: what it was made from, to know when to make it again.
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' "$sources" | head -n 1)
[ -n "$mirror" ] || die "no URIs: line in $sources"
stamp="debootstrap --variant=minbase $suite $mirror + make; $(sha256sum < "$sources")"
if [ -n "${CHECK_FRESH_REBUILD:-}" ] || [ ! -f "$base" ] ||
   [ "$(cat "$work/base.stamp" 2>/dev/null)" != "$stamp" ] ||
   [ -n "$(find "$base" -mtime +30)" ]; then
	t=$(date +%s)
	say "bootstrapping Debian $suite from $mirror"
	tmp=$work/base.tmp
	[ -e "$tmp" ] && remove_root "$tmp"
	mkdir -p "$work/debootstrap-cache"
	debootstrap --variant=minbase --cache-dir="$work/debootstrap-cache" \
		"$suite" "$tmp" "$mirror" > "$work/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed (see $work/debootstrap.log)"; }
	# The machine's own sources, in place of debootstrap's one line.
	rm -f "$tmp/etc/apt/sources.list"
	cp "$sources" "$tmp/etc/apt/sources.list.d/debian.sources"
	mount_root "$tmp"
	in_root "$tmp" 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make >/dev/null' ||
		die "apt-get install make failed in the new root"
	unmount_all
	rm -f "$tmp/etc/resolv.conf"
	tar --numeric-owner -C "$tmp" -cf "$base.tmp" .
	mv "$base.tmp" "$base"
	echo "$stamp" > "$work/base.stamp"
	remove_root "$tmp"
	say "base root: $(du -sh "$base" | cut -f 1) in $base ($(since "$t"))"
fi

# A fresh root from the base, with a clone of HEAD in it.
t=$(date +%s)
[ -e "$root" ] && remove_root "$root"
mkdir "$root"
tmpfs=${CHECK_FRESH_TMPFS:-}
if [ -n "${CHECK_FRESH_KEEP:-}" ]; then
	tmpfs=no
elif [ -z "$tmpfs" ]; then
	avail=$(awk '/^MemAvailable:/ { print int($2 / 1048576) }' /proc/meminfo)
	tmpfs=no
	[ "${avail:-0}" -ge 16 ] && tmpfs=yes
fi
where="on the disk"
if [ "$tmpfs" = yes ]; then
	mount -t tmpfs -o size=12g,mode=755 tmpfs "$root"
	where="in a tmpfs"
fi
tar --numeric-owner -C "$root" -xpf "$base"
head=$(git -C "$top" rev-parse HEAD)
git clone -q --no-hardlinks "$top" "$root/root/kotest"
git -C "$root/root/kotest" checkout -q --detach "$head"
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
	say "note: uncommitted changes in $top are not tested: this is HEAD"
fi
say "fresh root $where with nothing but make, $(git -C "$top" log -1 --format='%h %s' | cut -c 1-60) ($(since "$t"))"
mount_root "$root"

# The README's two commands, as written, then any extra targets.
failed=
run() {
	local log=$work/${1// /-}.log t
	t=$(date +%s)
	say "# $1"
	if in_root "$root" "cd /root/kotest && $1" 2>&1 | tee "$log"; then
		say "$1: passed ($(since "$t"))"
	else
		say "$1: FAILED ($(since "$t")); log in $log"
		failed="$failed, $1"
	fi
}
run "make demo"
run "make check"
result=$(tail -n 1 "$work/make-check.log")
[[ $result =~ ^[0-9]+\ passed,\ 0\ failed$ ]] || [ -n "$failed" ] ||
	failed="make check (its last line is not 'N passed, 0 failed')"
for target in ${CHECK_FRESH_TARGETS:-}; do
	run "make $target"
done
t=$(date +%s)
if [ -n "${CHECK_FRESH_KEEP:-}" ]; then
	unmount_all
	say "the root is kept in $root"
else
	remove_root "$root"
	say "root removed ($(since "$t"))"
fi
[ -z "$failed" ] ||
	die "${failed#, } in a fresh $suite root ($(since "$start") in all)"
say "passed: make demo and make check on a fresh $suite root: $result ($(since "$start") in all)"
