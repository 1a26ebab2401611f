#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# kotest.so in a running kernel: boot Debian's own 6.12 amd64 kernel in
# QEMU and load ip_vs.ko (net/netfilter/ipvs) built out of tree against the
# same kernel's headers, once without the plugin and once with it, under
# the function tracer restricted to the module (set_ftrace_filter
# ":mod:ip_vs", set before the module exists).  It checks that
#   - the image is the build the headers describe (the package version in
#     their UTS_VERSION, uname -r and -v in the guest) and has the
#     modules' vermagic,
#   - both modules load, run their init (IPVS: "ipvs loaded.") and unload,
#   - without the plugin the trace shows calls of ip_vs's __init functions
#     (those in .init.text of the .ko): ftrace does patch init code,
#   - with the plugin it shows none, while persistent functions that init
#     calls are still traced (so tracing did work),
#   - analyzer/kotest --json counts ftrace_init_sites > 0 in the module
#     without the plugin and 0 in the one with it.
#
#   scripts/check-qemu.sh            (make check-qemu)
#
# Everything lands in build/qemu: the kernel image package
# (linux-image-ABI-amd64-unsigned, unpacked with dpkg -x, one directory per
# ABI), the sources, the plugin built with the kernel's compiler, the two
# modules (rebuilt when the headers, the sources, the compiler or the
# plugin change), the initramfs (busybox-static, /init, the modules and
# ip_vs's dependencies from Debian's tree) and console.log, the serial
# console of the last boot.  A second run only builds and boots.
#
# Environment: CHECK_QEMU_ACCEL (kvm or tcg; default kvm when /dev/kvm can
# be opened, falling back to tcg if that KVM cannot boot the kernel, else
# tcg), CHECK_QEMU_TIMEOUT (seconds for the whole boot,
# default 600), CHECK_QEMU_WORK (default build/qemu), CHECK_QEMU_JOBS
# (make -j, default 2).  Needs root (or the packages of
# "scripts/install-deps.sh qemu kbuild plugin" and apt access for
# "apt-get download").
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=${CHECK_QEMU_WORK:-$top/build/qemu}
jobs=${CHECK_QEMU_JOBS:-2}
limit=${CHECK_QEMU_TIMEOUT:-600}
series=6.12
flavour=amd64
tarball=/usr/src/linux-source-$series.tar.xz
moddir=net/netfilter/ipvs
module=ip_vs
start=$SECONDS

die() { echo "check-qemu: FAIL: $*" >&2; exit 1; }
say() { echo "check-qemu: $*"; }

qwork=$work qemu_kernels=$work/kernel
. "$top/scripts/qemu-boot.sh"

# The headers decide the ABI: the image must be the kernel they describe.
kheaders() {
	if [ ! -f "$tarball" ]; then
		[ "$(id -u)" = 0 ] || die "$tarball missing: apt-get install linux-source-$series"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			"linux-source-$series" >/dev/null
	fi
	kdir=$("$top/scripts/fetch-kheaders.sh" "$top/build/kheaders" "$series" "$flavour")
	kver=${kdir##*/linux-headers-}		# 6.12.117+deb12-amd64
	kcc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ ]*\) .*/\1/p' "$kdir/.config")
	[ -n "$kcc" ] || die "no CONFIG_CC_VERSION_TEXT in $kdir/.config"
	command -v "$kcc" >/dev/null || die "$kcc, the kernel's compiler, is missing"
}

# Only $moddir of the sources, once per version of linux-source.
extract_source() {
	local ver
	ver=$(dpkg-query -W -f='${Version}' "linux-source-$series")
	src=$work/src/$ver
	[ -f "$src/.done" ] && return
	say "extracting $moddir from linux-source-$series $ver"
	rm -rf "$work/src"
	mkdir -p "$src"
	nice tar -xJf "$tarball" -C "$src" --strip-components=1 \
		"linux-source-$series/$moddir"
	touch "$src/.done"
}

kmake() {
	# BTF for modules needs pahole and only adds a .BTF section.
	nice make -C "$kdir" M="$src/$moddir" CONFIG_DEBUG_INFO_BTF_MODULES= "$@"
}

# build VARIANT [KCFLAGS]: $work/out/VARIANT/ip_vs.ko, rebuilt when what
# makes it changes (a plugin's change is not a make dependency, its hash is).
build() {
	local variant=$1 out=$work/out/$1 key
	key="$kver $src $("$kcc" --version | head -n 1) ${2:-}"
	[ -z "${2:-}" ] || key="$key $(sha256sum < "$plugin" | cut -d' ' -f1)"
	if [ -f "$out/$module.ko" ] && [ "$(cat "$out/.key" 2>/dev/null)" = "$key" ]; then
		say "$variant: $module.ko is up to date"
		return
	fi
	say "$variant: building $moddir/$module.ko${2:+ with KCFLAGS=$2}"
	rm -rf "$out"
	mkdir -p "$out"
	kmake clean >/dev/null 2>&1
	kmake -j"$jobs" ${2:+KCFLAGS="$2"} "$module.ko" >"$out/build.log" 2>&1 ||
		{ cat "$out/build.log"; die "$variant build of $module.ko failed"; }
	cp "$src/$moddir/$module.ko" "$out/"
	kmake clean >/dev/null 2>&1
	echo "$key" > "$out/.key"
}

# The image must be the build the headers describe (their UTS_VERSION
# names the package version), and the kernel refuses a module of another
# vermagic: say so before booting.
check_versions() {
	local want got v ref image
	uts_version=$(sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsversion.h")
	want=$(echo "$uts_version" | sed -n 's/.* Debian \([^ ]*\) .*/\1/p')
	image=$(cat "$kroot/.version")
	[ "$image" = "$want" ] ||
		die "the image package is $image, the headers are of $want ($uts_version)"
	ref=$(find "$kmods/kernel/net/netfilter" -name 'nf_conntrack.ko*' | head -n 1)
	want=$(modinfo -F vermagic "$ref")
	for v in baseline plugin; do
		got=$(modinfo -F vermagic "$work/out/$v/$module.ko")
		[ "$got" = "$want" ] ||
			die "vermagic of the $v $module.ko is '$got', the kernel's '$want'"
	done
	say "image and headers: $image, vermagic: $want"
}

# Names of the module's functions: all of them, and those in .init.text.
functions() {
	nm --defined-only "$1" | awk '$2 ~ /^[tT]$/ && $3 !~ /^__pfx_/ { print $3 }' | sort -u
}
init_functions() {
	objdump -t -j .init.text "$1" |
		awk '/ F \.init\.text/ && $NF !~ /^__pfx_/ { print $NF }' | sort -u
}

# The guest's PID 1.  Markers "KOTEST-QEMU: VARIANT WHAT: ..." for the host.
write_init() {
	cat > "$1" <<'EOF'
#!/bin/busybox sh
# check-qemu's /init: load ip_vs.ko under the function tracer, twice.
/bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing
echo	# the line the firmware's escape sequences end
T=/sys/kernel/tracing
say() { echo "KOTEST-QEMU: $*"; }
words() { w=$(tr "\n" " "); w=${w% }; echo "${w:-(none)}"; }

say "kernel: $(uname -r) $(uname -v)"
while read -r m; do
	insmod "/kotest/deps/$m" || say "dependency $m does not load"
done < /kotest/deps.order
echo 8192 > $T/buffer_size_kb

for v in baseline plugin; do
	echo 0 > $T/tracing_on
	echo nop > $T/current_tracer
	: > $T/set_ftrace_filter	# O_TRUNC also drops a cached :mod:
	: > $T/trace
	# The filter of a module that is not loaded yet is cached and
	# applied when it loads, before its init runs.
	echo ':mod:ip_vs' > $T/set_ftrace_filter
	say "$v set_ftrace_filter: $(words < $T/set_ftrace_filter)"
	echo function > $T/current_tracer
	echo 1 > $T/tracing_on
	dmesg -c > /dev/null
	insmod /kotest/$v/ip_vs.ko || say "$v insmod failed"
	echo 0 > $T/tracing_on
	line=$(grep '^ip_vs ' /proc/modules)
	[ -n "$line" ] && say "$v loaded: $line" || say "$v not loaded"
	msg=$(dmesg | grep 'IPVS: ipvs loaded\.')
	[ -n "$msg" ] && say "$v init ran: $msg" || say "$v init did not run"
	# "  insmod-63  [000] ..... 2.345: ip_vs_init <-do_one_initcall"
	sed -n 's/.*[0-9]: \([^ ]*\) <-.*/\1/p' $T/trace > /tmp/calls
	sort -u /tmp/calls > /tmp/called
	say "$v trace: $(wc -l < /tmp/calls) calls of $(wc -l < /tmp/called) functions"
	grep '^0x' /tmp/called > /tmp/unnamed
	[ -s /tmp/unnamed ] && say "$v unnamed: $(words < /tmp/unnamed)"
	grep -Fxf /kotest/$v/init-functions /tmp/called > /tmp/init
	say "$v traced-init: $(wc -l < /tmp/init): $(words < /tmp/init)"
	grep -Fxf /kotest/$v/functions /tmp/called |
		grep -vFxf /kotest/$v/init-functions > /tmp/persistent
	say "$v traced-persistent: $(wc -l < /tmp/persistent): $(head -n 12 /tmp/persistent | words)"
	echo nop > $T/current_tracer
	rmmod ip_vs || say "$v rmmod failed"
	grep -q '^ip_vs ' /proc/modules && say "$v still loaded" || say "$v unloaded"
done
say done
sync
poweroff -f
EOF
	chmod 755 "$1"
}

# The initramfs: busybox, /init, both modules and their name lists, the
# dependencies decompressed (busybox insmod passes the file as it is).
make_initramfs() {
	local root=$work/initramfs f v name
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/kotest/deps"
	cp /bin/busybox "$root/bin/busybox"
	write_init "$root/init"
	module_deps "$work/out/baseline/$module.ko" > "$work/deps"
	[ -s "$work/deps" ] || die "no dependency found for $module"
	unpack_deps "$work/deps" "$root/kotest/deps" > "$root/kotest/deps.order"
	for v in baseline plugin; do
		mkdir -p "$root/kotest/$v"
		cp "$work/out/$v/$module.ko" "$root/kotest/$v/"
		functions "$work/out/$v/$module.ko" > "$root/kotest/$v/functions"
		init_functions "$work/out/$v/$module.ko" > "$root/kotest/$v/init-functions"
		[ -s "$root/kotest/$v/init-functions" ] ||
			die "no .init.text function in the $v $module.ko"
	done
	pack_initramfs "$root"
}

# marker VARIANT WHAT: the rest of the guest's "KOTEST-QEMU: VARIANT WHAT: ..."
marker() {
	sed -n "s/^KOTEST-QEMU: $1 $2: //p" "$work/console.log" | tail -n 1
}
count() { marker "$1" "$2" | cut -d: -f1; }

check_console() {
	local v log=$work/console.log
	grep -q '^KOTEST-QEMU: done$' "$log" ||
		{ tail -n 40 "$log" >&2; die "the guest did not finish (see $log)"; }
	[ "$(sed -n 's/^KOTEST-QEMU: kernel: //p' "$log")" = "$kver $uts_version" ] ||
		die "the guest ran '$(sed -n 's/^KOTEST-QEMU: kernel: //p' "$log")', not '$kver $uts_version'"
	for v in baseline plugin; do
		[ -n "$(marker $v loaded)" ] || die "$v $module.ko did not load"
		[ -n "$(marker $v 'init ran')" ] || die "$v $module.ko: no 'ipvs loaded.' in dmesg"
		grep -q "^KOTEST-QEMU: $v unloaded$" "$log" || die "$v $module.ko did not unload"
		[ -z "$(marker $v unnamed)" ] ||
			die "$v trace has addresses without a name: $(marker $v unnamed)"
		[ "$(count $v traced-persistent)" -gt 0 ] ||
			die "$v: no persistent function of $module traced: tracing did not work"
	done
	[ "$(count baseline traced-init)" -gt 0 ] ||
		die "baseline: no __init function traced, nothing to compare with"
	[ "$(count plugin traced-init)" = 0 ] ||
		die "plugin: __init functions traced: $(marker plugin traced-init | cut -d: -f2-)"
}

# The analyzer's count for one module: its first "ftrace_init_sites".
kotest_sites() {
	"$top/analyzer/kotest" --json "$1" | grep -o '"ftrace_init_sites": *[0-9]*' |
		head -n 1 | sed 's/.*: *//'
}

check_kotest() {
	[ -x "$top/analyzer/kotest" ] || die "analyzer/kotest missing (make kotest)"
	ks_base=$(kotest_sites "$work/out/baseline/$module.ko")
	ks_plug=$(kotest_sites "$work/out/plugin/$module.ko")
	[ "${ks_base:-0}" -gt 0 ] ||
		die "kotest counts '$ks_base' ftrace init sites in the baseline $module.ko, expected > 0"
	[ "$ks_plug" = 0 ] ||
		die "kotest counts '$ks_plug' ftrace init sites in the plugin's $module.ko, expected 0"
}

kheaders
fetch_kernel
extract_source
make -s -C "$top/plugin" CC="$kcc" O="$work/plugin"
plugin=$work/plugin/kotest.so
build baseline
build plugin "-fplugin=$plugin"
check_versions
check_kotest
make_initramfs
boot
echo
echo "--- $work/console.log (excerpt)"
grep -E '^KOTEST-QEMU: |IPVS: ' "$work/console.log" || true
echo "---"
check_console
say "kernel $kver ($(cat "$kroot/.package")), $how, boot ${boot_time}s, total $((SECONDS - start))s"
say "kotest ftrace_init_sites: baseline $ks_base, plugin $ks_plug"
say "traced __init functions: baseline $(count baseline traced-init), plugin $(count plugin traced-init); persistent: baseline $(count baseline traced-persistent), plugin $(count plugin traced-persistent)"
say "all checks passed"
