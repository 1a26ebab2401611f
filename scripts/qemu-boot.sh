# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by the checks that run modules in Debian's own kernel under QEMU
# (check-qemu.sh, check-fix.sh).  Expects $top, die(), say() and:
#   series, flavour   the kernel (6.12, amd64)
#   kver              the ABI of the headers (6.12.117+deb12-amd64)
#   qwork             where a boot keeps initramfs.gz, console.log, qemu.log
#   limit             seconds for a whole boot
#   qemu_kernels      where the image packages are unpacked, one directory
#                     per ABI (default build/qemu/kernel: shared)
#   qemu_mem          the guest's memory in MB (default 512)
#
#   fetch_kernel      sets kroot, vmlinuz, kmods: the image package of $kver
#   boot              boots $qwork/initramfs.gz, whose /init prints
#                     "KOTEST-QEMU: kernel ..." first; sets how (kvm, tcg)
#                     and boot_time; dies if qemu fails or times out
#   module_deps KO... the modules of Debian's tree that KO... need, in
#                     load order (full paths)
#   unpack_deps LIST DIR   the modules of LIST into DIR, decompressed (busybox
#                     insmod takes the file as it is); their names in order
#   pack_initramfs ROOT    $qwork/initramfs.gz of ROOT, reproducibly
#
# Environment: CHECK_QEMU_ACCEL (kvm or tcg; default kvm when /dev/kvm can
# be opened, falling back to tcg if that KVM cannot boot the kernel).

qemu_kernels=${qemu_kernels:-$top/build/qemu/kernel}

# apt-get download into the current directory; on a failure refresh the
# lists once (a fresh machine, or lists older than the pool) and retry.
apt_download() {
	apt-get download -q "$@" >/dev/null 2>&1 && return 0
	"$top/scripts/apt-update.sh"
	apt-get download -q "$@" >/dev/null 2>&1
}

# The image package of ABI $kver: the -unsigned one where it exists (the
# same kernel, without the signed-template indirection).  The meta
# package's dependency is checked against it, the way fetch-corpus.sh
# resolves it, so that a headers/image skew is reported, not hidden.
image_package() {
	local meta=linux-image-$series-$flavour dep pkg=linux-image-$kver
	dep=$(apt-cache depends "$meta" 2>/dev/null |
	      sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | sort -V | tail -n 1)
	[ -n "$dep" ] || { "$top/scripts/apt-update.sh"
		dep=$(apt-cache depends "$meta" 2>/dev/null |
		      sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | sort -V | tail -n 1); }
	[ "$dep" = "$pkg" ] ||
		say "note: $meta depends on ${dep:-nothing}, the headers are $kver: using $pkg" >&2
	if apt-cache show "$pkg-unsigned" >/dev/null 2>&1; then
		pkg=$pkg-unsigned
	fi
	echo "$pkg"
}

# Debian's kernel and modules in $kroot, once per ABI.  depmod makes the
# dependency files that the image package leaves to its postinst.
fetch_kernel() {
	kroot=$qemu_kernels/$kver
	vmlinuz=$kroot/boot/vmlinuz-$kver
	kmods=$kroot/lib/modules/$kver
	[ -f "$kroot/.done" ] && return
	local pkg tmp
	pkg=$(image_package)
	say "fetching $pkg"
	rm -rf "$kroot"
	mkdir -p "$kroot"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt_download "$pkg") || { rm -rf "$tmp"; die "apt-get download $pkg failed"; }
	dpkg -x "$tmp"/*.deb "$kroot"
	dpkg-deb -f "$tmp"/*.deb Version > "$kroot/.version"
	rm -rf "$tmp"
	# usrmerge: the package may put its modules under usr/lib.
	if [ ! -d "$kmods" ] && [ -d "$kroot/usr/lib/modules/$kver" ]; then
		mkdir -p "$kroot/lib/modules"
		ln -s "../../usr/lib/modules/$kver" "$kmods"
	fi
	[ -f "$vmlinuz" ] || die "$pkg has no boot/vmlinuz-$kver"
	[ -d "$kmods/kernel" ] || die "$pkg has no modules for $kver"
	depmod -b "$kroot" "$kver"
	echo "$pkg" > "$kroot/.package"
	touch "$kroot/.done"
}

# kvm when /dev/kvm opens, unless CHECK_QEMU_ACCEL says otherwise.
accel() {
	case ${CHECK_QEMU_ACCEL:-auto} in
	kvm|tcg) echo "$CHECK_QEMU_ACCEL" ;;
	auto) if [ -c /dev/kvm ] && { : <>/dev/kvm; } 2>/dev/null; then
		echo kvm; else echo tcg; fi ;;
	*) die "CHECK_QEMU_ACCEL is kvm, tcg or unset, not '$CHECK_QEMU_ACCEL'" ;;
	esac
}

# qemu_run ACCEL [GRACE]: boot once, the serial console into console.log;
# qemu's status, or 125 when /init said nothing within GRACE seconds or
# KVM reported an "emulation failure" (after which qemu waits forever).
# panic=-1 and -no-reboot end the run if /init dies; timeout a hung one.
qemu_run() {
	local args pid t=0
	case $1 in
	kvm) args=(-enable-kvm -cpu host) ;;
	tcg) args=(-accel tcg -cpu max) ;;
	esac
	# In a subshell, so that a qemu killed by a signal is reported in
	# qemu.log rather than by this shell.
	(timeout "$limit" qemu-system-x86_64 "${args[@]}" -m "${qemu_mem:-512}" -nographic -no-reboot \
		-kernel "$vmlinuz" -initrd "$qwork/initramfs.gz" \
		-append "console=ttyS0 panic=-1 quiet" \
		</dev/null >"$qwork/console.log" || exit) 2>"$qwork/qemu.log" &
	pid=$!
	while [ -n "${2:-}" ] && kill -0 "$pid" 2>/dev/null &&
	      ! grep -q 'KOTEST-QEMU: kernel' "$qwork/console.log"; do
		if [ "$t" -ge "$2" ] || grep -q 'emulation failure' "$qwork/qemu.log"; then
			kill "$pid"
			wait "$pid" || true
			return 125
		fi
		sleep 1
		t=$((t + 1))
	done
	wait "$pid"
}

# Boot with KVM where it is there.  A KVM that cannot run this kernel
# (seen with nested virtualisation: qemu aborts on an MSR, or the
# decompressor stops on an "emulation failure") falls back to TCG, unless
# CHECK_QEMU_ACCEL=kvm asked for KVM.
boot() {
	local rc=0
	how=$(accel)
	say "booting $kver ($how, timeout ${limit}s)"
	boot_start=$SECONDS
	if [ "$how" = kvm ]; then
		qemu_run kvm 60 || rc=$?
		if ! grep -q 'KOTEST-QEMU: kernel' "$qwork/console.log"; then
			tail -n 5 "$qwork/qemu.log" >&2
			[ -z "${CHECK_QEMU_ACCEL:-}" ] ||
				die "KVM does not boot the kernel (status $rc, see $qwork/qemu.log)"
			cp "$qwork/qemu.log" "$qwork/qemu-kvm.log"
			say "KVM does not boot the kernel here (status $rc, see $qwork/qemu-kvm.log): using TCG"
			how=tcg rc=0
			boot_start=$SECONDS
			qemu_run tcg || rc=$?
		fi
	else
		qemu_run "$how" || rc=$?
	fi
	boot_time=$((SECONDS - boot_start))
	sed -i 's/\r$//' "$qwork/console.log"
	[ "$rc" != 124 ] || die "qemu timed out after ${limit}s (see $qwork/console.log)"
	[ "$rc" = 0 ] || { tail -n 20 "$qwork/qemu.log" >&2; die "qemu exited with $rc"; }
}

# module_deps KO...: what the modules need from Debian's tree, by kmod:
# their "depends" and theirs, recursively, in load order.  (A module of
# KO... that another one needs is loaded from Debian's tree too: each job
# of qemu-modules.sh replaces it for its own run.)
module_deps() {
	local ko d
	for ko in "$@"; do
		for d in $(modinfo -F depends "$ko" | tr , ' '); do
			modprobe -d "$kroot" -S "$kver" --show-depends "$d" |
				sed -n 's/^insmod \([^ ]*\).*/\1/p'
		done
	done | awk '!seen[$0]++'
}

unpack_deps() {
	local f name
	while read -r f; do
		name=${f##*/}
		case $name in
		*.xz) name=${name%.xz}; xz -dc "$f" > "$2/$name" ;;
		*.zst) name=${name%.zst}; zstd -qdc "$f" > "$2/$name" ;;
		*) cp "$f" "$2/" ;;
		esac
		echo "$name"
	done < "$1"
}

pack_initramfs() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -n -1 > "$qwork/initramfs.gz"
}
