#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Modules built out of tree, in the kernel they were built for: boot
# Debian's own image of the headers' ABI in QEMU and, for each directory,
# load its modules (Debian's tree provides what they depend on), make them
# do their job, unload them, and look for an oops or a warning in the
# kernel log.  A module whose code or data was wrongly freed after init
# fails here: at the mount, the write, or the unload.
#
#   scripts/qemu-modules.sh WORK KDIR SRC=MODS...
#
# WORK: where the initramfs, console.log and "result" go; KDIR: the
# headers the modules were built against; SRC: the kernel directory the
# modules come from (fs/exfat), MODS: the directory holding its .ko files.
# The job, by SRC:
#   - a filesystem with an mkfs in Debian (fs/exfat, fs/jfs, fs/fat,
#     fs/udf, fs/minix, fs/nilfs2, fs/f2fs, fs/reiserfs, fs/ntfs3): an
#     image made on the host is mounted through a loop device, a file
#     written, the image unmounted and mounted again, the file read back;
#   - anything else: loaded (its init ran) and unloaded.
# "result" holds one line per SRC: "SRC ok: WHAT" or "SRC FAIL: WHY"; the
# exit status is 1 if any failed.
#
# Environment: CHECK_QEMU_ACCEL, CHECK_QEMU_TIMEOUT (as check-qemu.sh).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "qemu-modules: FAIL: $*" >&2; exit 1; }
say() { echo "qemu-modules: $*"; }

[ $# -ge 3 ] || die "usage: qemu-modules.sh WORK KDIR SRC=MODS..."
qwork=$1 kdir=$2
shift 2
series=6.12 flavour=amd64
kver=${kdir##*/linux-headers-}
limit=${CHECK_QEMU_TIMEOUT:-600}
. "$top/scripts/qemu-boot.sh"

# SRC: "fstype mkfs-command" for a filesystem kotest can exercise.
fs_recipe() {
	case $1 in
	fs/exfat) echo "exfat mkfs.exfat" ;;
	fs/jfs) echo "jfs mkfs.jfs -q" ;;
	fs/fat) echo "vfat mkfs.vfat" ;;
	fs/udf) echo "udf mkudffs" ;;
	fs/minix) echo "minix mkfs.minix" ;;
	# 8 MB segments need a 128 MB device: 1 MB ones fit the 64 MB image.
	fs/nilfs2) echo "nilfs2 mkfs.nilfs2 -q -B 256" ;;
	fs/f2fs) echo "f2fs mkfs.f2fs -q" ;;
	fs/reiserfs) echo "reiserfs mkfs.reiserfs -q -f" ;;
	fs/ntfs3) echo "ntfs3 mkfs.ntfs -q -F -Q" ;;
	esac
}

# The modules of MODS in load order, "file name" per line: a module after
# those of MODS it depends on.
load_order() {
	local ko
	# "depends" has the file's name (nls_koi8-u), "name" KBUILD_MODNAME.
	for ko in "$1"/*.ko; do
		echo "${ko##*/} $(modinfo -F name "$ko") $(modinfo -F depends "$ko" | tr - _)"
	done > "$qwork/mods"
	awk '{ print $2, $2; n = split($3, d, ",")
	       for (i = 1; i <= n; i++) print d[i], $2 }' "$qwork/mods" | tsort |
	while read -r m; do
		awk -v m="$m" '$2 == m { print $1, $2 }' "$qwork/mods"
	done
}

# /init: Debian's modules they need, then each directory's job.
write_init() {
	cat > "$1" <<'EOF'
#!/bin/busybox sh
# qemu-modules.sh's /init: load, use and unload each directory's modules.
/bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin /mnt
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo	# the line the firmware's escape sequences end
say() { echo "KOTEST-QEMU: $*"; }
say "kernel: $(uname -r) $(uname -v)"
while read -r m n; do
	insmod "/kotest/deps/$m" || say "dependency $m does not load"
done < /kotest/deps.names
dmesg -c > /dev/null

# job DIR: the directory's modules (file, name per line), fstype, image.
# A module of the directory that Debian's is loaded for (fs/nls's
# nls_utf8, which other filesystems need) replaces it for the job.
job() {
	d=/kotest/job/$1 src=$(cat /kotest/job/$1/src) bad=
	: > /tmp/replaced
	while read -r f n; do
		grep -q "^$n " /proc/modules || continue
		rmmod "$n" && echo "$n" >> /tmp/replaced ||
			bad="$bad cannot replace Debian's $n;"
	done < "$d/modules"
	# Again while that loads more: an init may ask for a module of the
	# job (nls_koi8-ru's load_nls("koi8-u")), and there is no modprobe.
	cp "$d/modules" /tmp/left
	: > /tmp/loaded
	while [ -s /tmp/left ]; do
		while read -r f n; do
			if insmod "$d/$f" 2>/dev/null; then
				echo "$f $n" >> /tmp/loaded
			else
				echo "$f $n"
			fi
		done < /tmp/left > /tmp/still
		cmp -s /tmp/left /tmp/still && break
		mv /tmp/still /tmp/left
	done
	while read -r f n; do
		bad="$bad insmod $n;"
	done < /tmp/left
	what="loaded and unloaded"
	if [ -z "$bad" ] && [ -f "$d/fstype" ]; then
		t=$(cat "$d/fstype") text="kotest $src $t"
		if mount -t "$t" -o loop "$d/image" /mnt; then
			echo "$text" > /mnt/kotest.txt || bad="$bad write;"
			umount /mnt || bad="$bad umount;"
			if mount -t "$t" -o loop,ro "$d/image" /mnt; then
				[ "$(cat /mnt/kotest.txt)" = "$text" ] ||
					bad="$bad read back '$(cat /mnt/kotest.txt)';"
				umount /mnt || bad="$bad umount;"
			else
				bad="$bad mount again;"
			fi
			what="$t mounted, written, remounted, read back"
		else
			bad="$bad mount -t $t: $(dmesg | tail -n 1);"
		fi
	fi
	# In the reverse order of loading, again while that unloads more;
	# a module still busy for a moment (sctp's deferred socket frees)
	# gets three more tries a second apart.
	sed '1!G;h;$!d' /tmp/loaded > /tmp/left
	tries=0
	while [ -s /tmp/left ]; do
		while read -r f n; do
			rmmod "$n" 2>/dev/null || echo "$f $n"
		done < /tmp/left > /tmp/still
		if cmp -s /tmp/left /tmp/still; then
			[ "$tries" -lt 3 ] || break
			tries=$((tries + 1))
			sleep 1
		fi
		mv /tmp/still /tmp/left
	done
	while read -r f n; do
		bad="$bad rmmod $n;"
	done < /tmp/left
	while read -r f n; do
		grep -qx "$n" /tmp/replaced || continue
		insmod "/kotest/deps/$f" || bad="$bad Debian's $n back;"
	done < /kotest/deps.names
	oops=$(dmesg -c | grep -E 'BUG:|Oops|general protection|unable to handle|WARNING:|Call Trace|Unable to handle' | head -n 3 | tr '\n' ' ')
	[ -z "$oops" ] || bad="$bad kernel: $oops"
	if [ -z "$bad" ]; then
		say "$src ok: $what"
	else
		say "$src FAIL:$bad"
	fi
}
for j in $(ls /kotest/job); do
	job "$j"
done
say done
sync
poweroff -f
EOF
	chmod 755 "$1"
}

fetch_kernel
root=$qwork/initramfs
rm -rf "$root" "$qwork/result"
mkdir -p "$root/bin" "$root/kotest/deps" "$root/kotest/job" "$qwork"
cp /bin/busybox "$root/bin/busybox"
write_init "$root/init"

# Each job, and what they need: Debian's modules, the loop device and the
# character sets a filesystem loads by default (there is no modprobe).
njobs=$# kos=() extra=() i=0
for arg; do
	src=${arg%%=*} mods=${arg#*=}
	j=$root/kotest/job/$(printf '%02d' $i)
	i=$((i + 1))
	mkdir -p "$j"
	echo "$src" > "$j/src"
	load_order "$mods" > "$j/modules"
	[ -s "$j/modules" ] || die "no module in $mods"
	while read -r f m; do
		cp "$mods/$f" "$j/"
		kos+=("$mods/$f")
	done < "$j/modules"
	read -r -a recipe <<< "$(fs_recipe "$src")"
	if [ ${#recipe[@]} -gt 0 ]; then
		echo "${recipe[0]}" > "$j/fstype"
		command -v "${recipe[1]}" >/dev/null ||
			die "${recipe[1]} missing (scripts/install-deps.sh mkfs)"
		truncate -s 64M "$j/image"
		"${recipe[@]:1}" "$j/image" >"$qwork/mkfs-$i.log" 2>&1 ||
			{ cat "$qwork/mkfs-$i.log"; die "${recipe[*]:1} failed"; }
		extra+=(loop nls_utf8 nls_cp437 nls_iso8859-1 nls_ascii)
	fi
	# What a module asks the crypto API for by name (no modprobe).
	case $src in
	fs/f2fs) extra+=(crc32_generic) ;;
	esac
done
{
	module_deps "${kos[@]}"
	for m in "${extra[@]}"; do
		modprobe -d "$kroot" -S "$kver" --show-depends "$m" 2>/dev/null |
			sed -n 's/^insmod \([^ ]*\).*/\1/p'
	done
} | awk '!seen[$0]++' > "$qwork/deps.all"
# A module a job brings is not Debian's to load at boot (Debian's sctp,
# which sctp_diag depends on, cannot be unloaded again to make room for
# the job's); but the character sets and the loop device are, for every
# filesystem of the boot (fs/nls's jobs replace them for their run).
awk '{ print $2 }' "$root/kotest/job/"*/modules | tr - _ | sort -u \
	> "$qwork/job-names"
printf '%s\n' "${extra[@]}" | tr - _ | sort -u > "$qwork/extra-names"
while read -r f; do
	n=${f##*/}
	n=${n%%.ko*}
	n=${n//-/_}
	if grep -qx "$n" "$qwork/job-names" && ! grep -qx "$n" "$qwork/extra-names"; then
		continue
	fi
	echo "$f"
done < "$qwork/deps.all" > "$qwork/deps"
unpack_deps "$qwork/deps" "$root/kotest/deps" |
	while read -r f; do
		echo "$f $(modinfo -F name "$root/kotest/deps/$f")"
	done > "$root/kotest/deps.names"
pack_initramfs "$root"

qemu_mem=1024
say "booting $kver for $njobs directories"
boot
grep -q '^KOTEST-QEMU: done$' "$qwork/console.log" ||
	{ tail -n 40 "$qwork/console.log" >&2
	  die "the guest did not finish: $(grep -m 1 -E 'BUG:|Oops|panic' "$qwork/console.log" || echo 'no oops') (see $qwork/console.log)"; }
got=$(sed -n 's/^KOTEST-QEMU: kernel: //p' "$qwork/console.log")
uts=$(sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p' "$kdir/include/generated/utsversion.h")
[ "$got" = "$kver $uts" ] || die "the guest ran '$got', not $kver $uts"
grep '^KOTEST-QEMU: dependency' "$qwork/console.log" >&2 || true
sed -n 's/^KOTEST-QEMU: \(.* \(ok\|FAIL\):.*\)/\1/p' "$qwork/console.log" > "$qwork/result"
[ "$(wc -l < "$qwork/result")" = "$njobs" ] ||
	die "$(wc -l < "$qwork/result") results for $njobs directories (see $qwork/console.log)"
cat "$qwork/result"
say "kernel $kver, $how, boot ${boot_time}s"
! grep -q ' FAIL:' "$qwork/result"
