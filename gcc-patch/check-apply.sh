#!/bin/bash
# check-apply.sh - check that the patch series applies cleanly to the GCC 12
# source that Debian ships (package gcc-12-source).
#
#   gcc-patch/check-apply.sh
#
# Installs gcc-12-source, git and xz if missing (as root), extracts
# from its tarball only the files that the series touches, and applies the
# patches in order with "git apply" (no fuzz, no offsets beyond what git
# allows), each checked first with "git apply --check".  Builds nothing: a
# few seconds of work besides reading the tarball.
#
# Debian's dfsg tarball leaves out the GFDL manuals: its gcc/doc/invoke.texi
# is a one-line stub.  A patch that only changes gcc/doc/ (the
# documentation patch, written against upstream GCC 12.2) therefore cannot
# apply there; it is reported as SKIP after checking that the stub is what
# is in the way, and checked for well-formedness with "git apply --stat".
#
# Exit status 0 if every code patch applies, 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRCDIR=/usr/src/gcc-12
TOP=gcc-12.2.0

need=
ls $SRCDIR/gcc-*.tar.* >/dev/null 2>&1 || need=" gcc-12-source"
command -v git >/dev/null || need="$need git"
command -v xz >/dev/null || need="$need xz-utils"	# the tarball is .tar.xz
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ]; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y --no-install-recommends $need >/dev/null ||
			{ "$HERE/../scripts/apt-update.sh" && apt-get install -y --no-install-recommends $need >/dev/null; }
	else
		echo "check-apply: missing:$need (apt-get install$need)" >&2
		exit 1
	fi
fi
TARBALL=$(ls $SRCDIR/gcc-12.*-dfsg.tar.* | head -1)
echo "check-apply: $TARBALL ($(dpkg-query -W -f='${Package} ${Version}' gcc-12-source 2>/dev/null || echo 'gcc-12-source'))"

shopt -s nullglob
patches=("$HERE"/0*.patch)
[ ${#patches[@]} -gt 0 ] || { echo "check-apply: no patches in $HERE" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# git apply must not find a repository above the scratch tree.
export GIT_CEILING_DIRECTORIES=$TMP

# Files that exist before the series: the "--- a/PATH" lines.
sed -n 's,^--- a/,,p' "${patches[@]}" | sort -u > "$TMP/files"
sed "s,^,$TOP/," "$TMP/files" > "$TMP/members"
tar -xf "$TARBALL" -C "$TMP" -T "$TMP/members"

cd "$TMP/$TOP"
pass=0 fail=0 skip=0
for p in "${patches[@]}"; do
	name=$(basename "$p")
	files=$(sed -n 's,^+++ b/,,p' "$p")
	# (Not "printf | grep -q": under pipefail, grep quitting at the first
	# match can kill printf with SIGPIPE, and a code patch looks doc-only.)
	if ! grep -qv '^gcc/doc/' <<< "$files"; then
		# Documentation only.
		if ! git apply --stat "$p" >/dev/null; then
			echo "FAIL: $name: malformed patch"
			fail=$((fail + 1))
		elif [ "$(wc -l < gcc/doc/invoke.texi)" -le 1 ] &&
		     grep -q 'non DFSG free license' gcc/doc/invoke.texi; then
			echo "SKIP: $name: the dfsg tarball has no GFDL manual (gcc/doc/invoke.texi is a stub)"
			skip=$((skip + 1))
		elif git apply --check "$p" 2> "$TMP/err" && git apply "$p"; then
			echo "PASS: $name"
			pass=$((pass + 1))
		else
			echo "FAIL: $name: $(head -3 "$TMP/err")"
			fail=$((fail + 1))
		fi
		continue
	fi
	if git apply --check "$p" 2> "$TMP/err" && git apply "$p" 2>> "$TMP/err"; then
		echo "PASS: $name"
		pass=$((pass + 1))
	else
		echo "FAIL: $name: $(head -5 "$TMP/err")"
		fail=$((fail + 1))
	fi
done

# For information: Debian's own patches that touch the same source files
# (not the manual).  In bookworm's debian/rules.patch git-updates is
# disabled and dwarf5-revert-default is only for older releases, so the
# tree Debian builds has these files as the tarball has them.
if [ -d $SRCDIR/debian/patches ]; then
	others=$(cd $SRCDIR/debian/patches && grep -v '^gcc/doc/' "$TMP/files" |
		while read -r f; do grep -l "^+++ [^ ]*/src/$f\$" *.diff || true; done |
		sort -u | tr '\n' ' ')
	echo "check-apply: Debian patches that touch the same source files: ${others:-none}"
fi

echo "check-apply: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
