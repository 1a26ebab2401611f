#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install what a kotest target needs, on Debian 12:
#   scripts/install-deps.sh build|test|plugin|kbuild|fix|qemu|mkfs|bench|fuzz|fresh...
# As root it runs apt-get; otherwise it prints the exact command to run.
# The sets must be complete on a fresh Debian 12 that has nothing but make
# ("debootstrap --variant=minbase bookworm"): make check-fresh checks that
# for "make demo" and "make check".
set -eu

cross_triplets="aarch64-linux-gnu arm-linux-gnueabi arm-linux-gnueabihf
i686-linux-gnu powerpc64le-linux-gnu powerpc64-linux-gnu s390x-linux-gnu
mips-linux-gnu mipsel-linux-gnu mips64el-linux-gnuabi64 riscv64-linux-gnu"

pkgs=
for what; do
	case $what in
	build)
		pkgs="$pkgs gcc make pkg-config libelf-dev liblzma-dev libzstd-dev zlib1g-dev" ;;
	test)
		pkgs="$pkgs python3 llvm-14-tools lld-14 binutils-multiarch xz-utils zstd gzip gcc-12 patch"
		for t in $cross_triplets; do pkgs="$pkgs gcc-12-$t"; done ;;
	plugin)
		# g++ builds every kotest.so (plugin/Makefile's HOSTCXX); the
		# gcc 11 ones are for testsuite/plugin/*gcc11.test.
		pkgs="$pkgs g++ gcc-11 gcc-11-plugin-dev gcc-12-plugin-dev"
		pkgs="$pkgs gcc-11-aarch64-linux-gnu gcc-11-plugin-dev-aarch64-linux-gnu"
		for t in $cross_triplets; do pkgs="$pkgs gcc-12-plugin-dev-$t"; done ;;
	kbuild)
		pkgs="$pkgs linux-source-6.12 bc bison flex libssl-dev kmod cpio rsync" ;;
	fix)
		# check-fix: git apply, scripts/checkpatch.pl
		pkgs="$pkgs git perl" ;;
	qemu)
		pkgs="$pkgs qemu-system-x86 busybox-static cpio gzip xz-utils kmod binutils" ;;
	mkfs)
		# check-fix: an image of each filesystem whose module it patches
		pkgs="$pkgs util-linux exfatprogs jfsutils dosfstools udftools"
		pkgs="$pkgs nilfs-tools f2fs-tools reiserfsprogs ntfs-3g" ;;
	bench)
		pkgs="$pkgs time" ;;
	fuzz)
		# make -C analyzer fuzz: libFuzzer with ASan and UBSan
		pkgs="$pkgs clang-14 libclang-rt-14-dev" ;;
	fresh)
		pkgs="$pkgs debootstrap git tar" ;;
	*)
		echo "install-deps: unknown set '$what'" >&2; exit 2 ;;
	esac
done

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "install-deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq $missing >/dev/null 2>&1 || {
		"$(dirname "$0")/apt-update.sh"
		apt-get install -y -qq $missing >/dev/null
	}
else
	echo "install-deps: missing packages; run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
