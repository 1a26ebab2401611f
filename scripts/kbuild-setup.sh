# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by the checks that build real kernel code out of tree
# (check-kbuild.sh, check-fix.sh): Debian's 6.12 amd64 headers, the
# kernel's compiler, kotest.so built for it, and directories of
# linux-source-6.12.  Expects $top, $work and die().
#
#   kbuild_dirs [SPEC]           the module directories: SPEC, or the six
#                                of check-kbuild, or "wide": 29 of them
#   kbuild_setup                 sets kdir, kcc, plugin
#   kbuild_extract SRC "DIRS" [MEMBERS]   DIRS of the tree into SRC (kept
#                                while DIRS and MEMBERS stay the same);
#                                MEMBERS: more paths (scripts/checkpatch.pl)
#   kmake DIR ARGS...            make -C $kdir M=DIR ARGS...
#   kbuild_warnings LOG TREE     the warnings of a build log, one each
#   persistent_bytes KO          the allocated bytes the loader keeps
#   qemu_check VARIANT DIR...    the modules of $work/out/DIR/VARIANT in
#                                Debian's kernel (qemu-modules.sh): "DIR ok"
#                                or "DIR FAIL" in $work/qemu-result, fail()
#                                for each failure (expects $kdir, fail(),
#                                say()); a boot per two filesystems (images
#                                in RAM); with QEMU_BASE=VARIANT, a failure
#                                that variant's modules share is "DIR same"
#                                (the guest's, not the change's), no fail()

series=6.12
tarball=/usr/src/linux-source-$series.tar.xz

kbuild_dirs() {
	case "${1:-}" in
	"") echo "net/netfilter/ipvs fs/fat fs/isofs fs/nls fs/udf drivers/net/team" ;;
	# Some 400 translation units.  (net/bridge and fs/overlayfs cannot
	# be built out of tree: they include headers from outside their
	# directory, ../../../net/bridge/br_private.h through
	# include/trace/events/bridge.h and ../internal.h.)
	wide) echo "net/netfilter/ipvs fs/fat fs/isofs fs/nls fs/udf" \
		"drivers/net/team fs/jfs fs/nilfs2 fs/ntfs3 fs/exfat fs/hfs" \
		"fs/hfsplus fs/befs fs/efs fs/minix fs/omfs fs/qnx4 fs/qnx6" \
		"fs/romfs fs/sysv fs/ufs fs/squashfs fs/reiserfs fs/f2fs" \
		"net/sctp net/openvswitch drivers/net/bonding net/rds net/l2tp" ;;
	*) echo "$1" ;;
	esac
}

kbuild_setup() {
	if [ ! -f "$tarball" ]; then
		[ "$(id -u)" = 0 ] || die "$tarball missing: apt-get install linux-source-$series"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "linux-source-$series" >/dev/null
	fi
	kdir=$("$top/scripts/fetch-kheaders.sh" "$top/build/kheaders" "$series" amd64)
	# The compiler kbuild uses is the one that built the kernel.
	kcc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ ]*\) .*/\1/p' "$kdir/.config")
	[ -n "$kcc" ] || die "no CONFIG_CC_VERSION_TEXT in $kdir/.config"
	command -v "$kcc" >/dev/null || die "$kcc, the kernel's compiler, is missing"
	make -s -C "$top/plugin" CC="$kcc" O="$work/plugin"
	plugin=$work/plugin/kotest.so
}

# Only the directories wanted: tar still reads the whole tarball once.
kbuild_extract() {
	local src=$1 dirs=$2 more=${3:-} stamp="$1/.dirs" members= d
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$dirs $more" ]; then
		return
	fi
	rm -rf "$src"
	mkdir -p "$src"
	echo "extracting $dirs $more"
	for d in $dirs $more; do members="$members linux-source-$series/$d"; done
	# shellcheck disable=SC2086
	nice tar -xJf "$tarball" -C "$src" --strip-components=1 $members
	echo "$dirs $more" > "$stamp"
}

# BTF for modules needs pahole, which these checks do without: it would
# only add a .BTF section, which neither the plugin nor --fix changes.
kmake() {
	nice make -C "$kdir" M="$1" CONFIG_DEBUG_INFO_BTF_MODULES= "${@:2}"
}

# kbuild_warnings LOG TREE: the warnings and errors of a build log, TREE
# taken out of the paths, one each.  Offsets (objtool's "sec+0x1a2") are
# masked: two builds of different code compare by what is said where.
kbuild_warnings() {
	grep -iE 'warning|error' "$1" | sed -E "s|$2/||g; s/\+0x[0-9a-f]+/+0x?/g" |
		sort -u || true
}

# persistent_bytes KO: the allocated bytes the module loader keeps: SHF_ALLOC
# sections but .init* and .modinfo and __versions (read at load only).
persistent_bytes() {
	readelf -SW "$1" | awk '
		function hex(s,   i, n) {
			s = tolower(s)
			for (i = 1; i <= length(s); i++)
				n = n * 16 + index("0123456789abcdef",
						   substr(s, i, 1)) - 1
			return n
		}
		/^ *\[ *[0-9]+\]/ {
			sub(/^ *\[ *[0-9]+\] */, "")
			name = $1; size = hex($5); flags = $7
			if (flags ~ /A/ && name !~ /^\.init/ &&
			    name != ".modinfo" && name != "__versions")
				sum += size
		}
		END { print sum + 0 }'
}

qemu_check() {
	local variant=$1 base=${QEMU_BASE:-} d verdict again=()
	shift
	qemu_run "$variant" qemu "$@"
	# A failure the build without the change has too is the guest's
	# (net/sctp: busybox's rmmod never gets sctp out), not the change's.
	if [ -n "$base" ]; then
		while read -r d verdict; do
			case $verdict in ok:*) ;; *) again+=("$d") ;; esac
		done < "$work/qemu-verdicts"
		[ ${#again[@]} -eq 0 ] || qemu_run "$base" qemu-base "${again[@]}"
	fi
	while read -r d verdict; do
		case $verdict in
		ok:*)
			echo "$d ok" >> "$work/qemu-result" ;;
		*)
			if [ -n "$base" ] && grep -qxF "$d $(untimed "$verdict")" \
				<(untimed "$(cat "$work/qemu-base-verdicts")"); then
				echo "$d same" >> "$work/qemu-result"
				say "QEMU: $d fails the same way without the change: $verdict"
			else
				echo "$d FAIL" >> "$work/qemu-result"
				fail "QEMU: $d $verdict"
			fi ;;
		esac
	done < "$work/qemu-verdicts"
}

# Kernel log timestamps out of a verdict.
untimed() { printf '%s\n' "$1" | sed -E 's/\[ *[0-9]+\.[0-9]+\] ?//g'; }

# qemu_run VARIANT TAG DIR...: the boots, "DIR VERDICT" lines into
# $work/TAG-verdicts.  The guest unpacks each boot's filesystem images
# (64 MB each) into its RAM: a few directories a boot.
qemu_run() {
	local variant=$1 tag=$2 d batch=() images=0 n=0
	shift 2
	: > "$work/$tag-verdicts"
	for d; do
		batch+=("$d=$work/out/$d/$variant")
		case $d in fs/*) images=$((images + 1)) ;; esac
		if [ "$images" -ge 2 ] || [ ${#batch[@]} -ge 6 ]; then
			qemu_batch "$tag/$n" "${batch[@]}"
			n=$((n + 1)) batch=() images=0
		fi
	done
	[ ${#batch[@]} -eq 0 ] || qemu_batch "$tag/$n" "${batch[@]}"
}

# qemu_batch TAG/N SRC=MODS...: one boot; its verdicts to TAG-verdicts.
qemu_batch() {
	local q=$work/$1 tag=${1%%/*}
	shift
	mkdir -p "$q"
	if ! "$top/scripts/qemu-modules.sh" "$q" "$kdir" "$@" > "$q.log" 2>&1; then
		cat "$q.log"
		[ -s "$q/result" ] || fail "QEMU: $(tail -n 1 "$q.log")"
	fi
	[ -f "$q/result" ] && cat "$q/result" >> "$work/$tag-verdicts"
	return 0
}
