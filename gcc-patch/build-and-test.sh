#!/bin/bash
# build-and-test.sh - build Debian's GCC 12 with the patch series and test it.
#
#   gcc-patch/build-and-test.sh [BUILD_DIR]
#
# BUILD_DIR defaults to build/gcc at the top of the repository.  In it:
#
#   src/gcc-12.2.0/   Debian's gcc-12-source tarball, series applied
#   obj/              the build tree: C only, no bootstrap, no multilib
#   install/          the installed compiler (bin/gcc)
#   logs/             configure, make, install and check logs, *.sum files
#   summary.txt       what the last run found
#
# Steps: (1) unpack the source and apply the series with "git apply", and
# Debian's gcc-gfdl-build.diff, without which the dfsg source does not build;
# (2) configure and build a C-only, non-bootstrap compiler with
# "nice -n 19 make -j2" (JOBS and NICE in the environment change that);
# (3) run the new DejaGnu tests (gcc.dg/instrument-exclude-sections-*.c)
# and, to see that nothing near them broke, the existing tests of the same
# mechanisms; (4) run notrace-check.sh with the new compiler, with and
# without -finstrument-exclude-sections=.init.; (5) with WITH_S390=1, build
# an s390x cross compiler too and run the new tests with it.
#
# Running it again on the same BUILD_DIR reuses what is there: the source
# is brought up to date with the series by rewriting only the files whose
# content changes, so make rebuilds only what depends on them.
#
# Needs (and installs as root when missing): gcc-12-source, dejagnu, g++,
# make, libgmp-dev, libmpfr-dev, libmpc-dev, binutils.
#
# HOST_CFLAGS (default -O1) is what the compiler itself is built with: it
# is a test build, and -O1 without -g saves much of the build time.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
BUILD=$(realpath -m "${1:-$REPO/build/gcc}")
JOBS=${JOBS:-2}
NICE=${NICE:-19}
HOST_CFLAGS=${HOST_CFLAGS:--O1}
SRCDIR=/usr/src/gcc-12
TOP=gcc-12.2.0
SRC=$BUILD/src/$TOP
OBJ=$BUILD/obj
INST=$BUILD/install
LOGS=$BUILD/logs
NEW_TESTS='instrument-exclude-sections-*.c'

mkdir -p "$BUILD" "$LOGS"
SUMMARY=$BUILD/summary.txt
: > "$SUMMARY"
say () { echo "== $*"; }
note () { echo "$*" | tee -a "$SUMMARY"; }

# --- (0) what the build needs ------------------------------------------------
need=()
for p in gcc-12-source dejagnu g++ make libgmp-dev libmpfr-dev libmpc-dev binutils; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		say "installing ${need[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y --no-install-recommends "${need[@]}" > "$LOGS/apt.log" 2>&1 ||
			{ "$HERE/../scripts/apt-update.sh" >> "$LOGS/apt.log" 2>&1 &&
			  apt-get install -y --no-install-recommends "${need[@]}" >> "$LOGS/apt.log" 2>&1; }
	else
		echo "build-and-test: please install ${need[*]}" >&2
		exit 1
	fi
fi
TARBALL=$(ls $SRCDIR/gcc-12.*-dfsg.tar.* | head -1)
shopt -s nullglob
patches=("$HERE"/0*.patch)
[ ${#patches[@]} -gt 0 ] || { echo "build-and-test: no patches in $HERE" >&2; exit 1; }

# --- (1) source --------------------------------------------------------------
export GIT_CEILING_DIRECTORIES=$BUILD
is_doc_only () { ! sed -n 's,^+++ b/,,p' "$1" | grep -qv '^gcc/doc/'; }
doc_is_stub () { [ "$(wc -l < "$1/gcc/doc/invoke.texi")" -le 1 ] && grep -q 'non DFSG free license' "$1/gcc/doc/invoke.texi"; }

if [ ! -f "$SRC/.unpacked" ]; then
	say "unpacking $TARBALL"
	rm -rf "$BUILD/src" "$OBJ" "$INST"
	mkdir -p "$BUILD/src"
	tar -xf "$TARBALL" -C "$BUILD/src"
	touch "$SRC/.unpacked"
	mkdir -p "$SRC/.series"
fi

# Apply the series to pristine copies of the files it touches, then copy
# into the tree only the files whose content differs (first run: all of
# them; later runs: those that a changed series changes).
say "applying the series"
SCRATCH=$BUILD/scratch
rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"
old_files=$(cat "$SRC/.series/files" 2>/dev/null || true)
sed -n 's,^--- a/,,p' "${patches[@]}" | sort -u > "$SCRATCH/existing"
sed -n 's,^+++ b/,,p' "${patches[@]}" | sort -u > "$SCRATCH/all"
sed "s,^,$TOP/," "$SCRATCH/existing" > "$SCRATCH/members"
tar -xf "$TARBALL" -C "$SCRATCH" -T "$SCRATCH/members"
applied=()
for p in "${patches[@]}"; do
	if is_doc_only "$p" && doc_is_stub "$SCRATCH/$TOP"; then
		note "source: $(basename "$p") not applied: Debian's dfsg source has no GFDL manual (gcc/doc/invoke.texi is a stub)"
		continue
	fi
	(cd "$SCRATCH/$TOP" && git apply --check "$p" && git apply "$p") ||
		{ echo "build-and-test: $(basename "$p") does not apply" >&2; exit 1; }
	applied+=("$(basename "$p")")
done
note "source: $TARBALL + ${applied[*]}"
changed=0
for f in $(cat "$SCRATCH/all"); do
	if [ -f "$SCRATCH/$TOP/$f" ] && ! cmp -s "$SCRATCH/$TOP/$f" "$SRC/$f"; then
		mkdir -p "$(dirname "$SRC/$f")"
		cp "$SCRATCH/$TOP/$f" "$SRC/$f"
		changed=$((changed + 1))
	fi
done
# Files that an earlier series touched and this one does not: restore them.
for f in $old_files; do
	grep -qxF "$f" "$SCRATCH/all" && continue
	if tar -xf "$TARBALL" -C "$SCRATCH" "$TOP/$f" 2>/dev/null; then
		cmp -s "$SCRATCH/$TOP/$f" "$SRC/$f" || { cp "$SCRATCH/$TOP/$f" "$SRC/$f"; changed=$((changed + 1)); }
	else
		rm -f "$SRC/$f"; changed=$((changed + 1))
	fi
done
cp "$SCRATCH/all" "$SRC/.series/files"
rm -rf "$SCRATCH"
say "$changed file(s) updated in $SRC"

# Debian's dfsg tarball cannot build as it is: gcc/doc/tm.texi.in is a stub
# too, and genhooks fails on it.  Debian's own build applies
# debian/patches/gcc-gfdl-build.diff for that (a dummy s-tm-texi rule); so
# do we.  It touches only gcc/Makefile.in, which the series does not.
GFDL_PATCH=$SRCDIR/debian/patches/gcc-gfdl-build.diff
if (cd "$SRC" && git apply -p2 --check "$GFDL_PATCH") 2>/dev/null; then
	(cd "$SRC" && git apply -p2 "$GFDL_PATCH")
	say "applied Debian's $(basename "$GFDL_PATCH")"
elif (cd "$SRC" && git apply -p2 -R --check "$GFDL_PATCH") 2>/dev/null; then
	: already applied
else
	echo "build-and-test: $GFDL_PATCH does not apply" >&2
	exit 1
fi
note "source: + Debian's $(basename "$GFDL_PATCH") (needed to build the dfsg source)"

# --- (2) build ---------------------------------------------------------------
mkdir -p "$OBJ"
if [ ! -f "$OBJ/config.status" ]; then
	say "configuring (log: $LOGS/configure.log)"
	(cd "$OBJ" && "$SRC/configure" --prefix="$INST" \
		--disable-bootstrap --enable-languages=c --disable-multilib \
		--disable-libsanitizer --disable-libgomp --disable-libquadmath \
		--disable-libssp --disable-libitm --disable-libvtv \
		--disable-libatomic --disable-nls --disable-werror \
		CFLAGS="$HOST_CFLAGS" CXXFLAGS="$HOST_CFLAGS") > "$LOGS/configure.log" 2>&1 ||
		{ tail -20 "$LOGS/configure.log"; exit 1; }
fi
say "building with nice -n $NICE make -j$JOBS (log: $LOGS/make.log)"
start=$(date +%s)
if ! (cd "$OBJ" && nice -n "$NICE" make -j"$JOBS") > "$LOGS/make.log" 2>&1; then
	tail -30 "$LOGS/make.log"
	echo "build-and-test: the build failed" >&2
	exit 1
fi
end=$(date +%s)
(cd "$OBJ" && make install) > "$LOGS/install.log" 2>&1 || { tail -20 "$LOGS/install.log"; exit 1; }
note "build: $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s (make -j$JOBS, nice $NICE, CFLAGS $HOST_CFLAGS); compiler: $INST/bin/gcc"
"$INST/bin/gcc" --version | head -1 | tee -a "$SUMMARY"
"$INST/bin/gcc" --help=common 2>/dev/null | grep -A1 -- '-finstrument-exclude-sections' | tee -a "$SUMMARY"

# --- (3) DejaGnu ---------------------------------------------------------------
# sumline SUM: the counts of a gcc.sum, on one line.
sumline () {
	awk '/^# of /{ sub(/^# of /, ""); n = $NF; $NF = ""; sub(/[ \t]+$/, "");
		printf "%s%s %s", sep, n, $0; sep = ", " } END { print "" }' "$1"
}
unexpected () { grep -E '^(FAIL|XPASS|UNRESOLVED|ERROR):' "$1" || true; }

bad=0
run_check () {  # NAME OBJDIR RUNTESTFLAGS
	local name=$1 obj=$2 flags=$3
	say "make check-gcc RUNTESTFLAGS=\"$flags\" in $obj (log: $LOGS/$name.log)"
	rm -f "$obj/gcc/testsuite/gcc/gcc.sum"
	(cd "$obj" && make -k check-gcc RUNTESTFLAGS="$flags") > "$LOGS/$name.log" 2>&1 || true
	if [ ! -f "$obj/gcc/testsuite/gcc/gcc.sum" ]; then
		note "dejagnu $name: no gcc.sum (see $LOGS/$name.log)"
		bad=1
		return
	fi
	cp "$obj/gcc/testsuite/gcc/gcc.sum" "$LOGS/$name.sum"
	cp "$obj/gcc/testsuite/gcc/gcc.log" "$LOGS/$name.gcc.log"
	note "dejagnu $name: $(sumline "$LOGS/$name.sum")"
	if [ -n "$(unexpected "$LOGS/$name.sum")" ]; then
		unexpected "$LOGS/$name.sum" | tee -a "$SUMMARY"
		bad=1
	fi
	grep -q '^# of expected passes' "$LOGS/$name.sum" || bad=1
}
run_check new-tests "$OBJ" "dg.exp=$NEW_TESTS"
# The existing tests of the same mechanisms (some are x86-only).
run_check related-tests "$OBJ" "dg.exp=instrument-*.c\ pg*.c\ patchable_function_entry-*.c\ no_profile_instrument_function-attr-*.c i386.exp=fentry*.c\ nop-mcount.c\ record-mcount.c\ mcount_pic.c\ returninst*.c"
grep -E '^(PASS|FAIL|UNSUPPORTED|XFAIL|XPASS|UNRESOLVED):' "$LOGS/new-tests.sum" > "$LOGS/new-tests.results" || true

# --- (4) notrace checks --------------------------------------------------------
say "notrace checks (log: $LOGS/notrace.log)"
notrace_ok=1
{ "$HERE/notrace-check.sh" "$INST/bin/gcc" || notrace_ok=0
  echo
  "$HERE/notrace-check.sh" "$INST/bin/gcc" baseline || notrace_ok=0; } | tee "$LOGS/notrace.log"
note "notrace (with -finstrument-exclude-sections=.init.): $(grep '^notrace:' "$LOGS/notrace.log" | head -1)"
note "notrace (baseline, without the option): $(grep '^notrace:' "$LOGS/notrace.log" | tail -1)"
[ $notrace_ok = 1 ] || bad=1

# --- (5) optional: the new tests on s390x ---------------------------------------
# WITH_S390=1 also builds a cross compiler for s390x-linux-gnu (all-gcc
# only, about as long as the native build) from the same source and runs
# the new tests with it: the only way to run instrument-exclude-sections-6.c
# (-mhotpatch) here.  Compile-only tests need no s390x libc or binutils.
if [ "${WITH_S390:-0}" = 1 ]; then
	OBJ390=$BUILD/obj-s390x
	mkdir -p "$OBJ390"
	if [ ! -f "$OBJ390/config.status" ]; then
		say "configuring the s390x cross compiler (log: $LOGS/configure-s390x.log)"
		(cd "$OBJ390" && "$SRC/configure" --target=s390x-linux-gnu \
			--prefix="$BUILD/install-s390x" --disable-bootstrap \
			--enable-languages=c --disable-multilib --disable-nls \
			--without-headers --with-newlib --disable-shared \
			--disable-threads --disable-werror \
			CFLAGS="$HOST_CFLAGS" CXXFLAGS="$HOST_CFLAGS") > "$LOGS/configure-s390x.log" 2>&1 ||
			{ tail -20 "$LOGS/configure-s390x.log"; exit 1; }
	fi
	say "building the s390x cc1 (log: $LOGS/make-s390x.log)"
	start=$(date +%s)
	if (cd "$OBJ390" && nice -n "$NICE" make -j"$JOBS" all-gcc) > "$LOGS/make-s390x.log" 2>&1; then
		end=$(date +%s)
		note "build s390x (all-gcc): $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s"
		run_check new-tests-s390x "$OBJ390" "dg.exp=$NEW_TESTS"
	else
		tail -30 "$LOGS/make-s390x.log"
		note "build s390x: FAILED"
		bad=1
	fi
fi

echo
cat "$SUMMARY"
if [ $bad = 0 ]; then
	note "build-and-test: OK"
else
	note "build-and-test: FAILED"
	exit 1
fi
