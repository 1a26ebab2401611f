# SPDX-License-Identifier: GPL-2.0-or-later
#
# kotest: find what in Linux kernel modules could be freed after init, and
# what points into init memory that is already gone.
#
#   make                 build analyzer/kotest and plugin/kotest.so
#   make demo            build a small example module and analyse it
#   make check           run the test suite (ends with "N passed, N failed")
#   make check-fresh     make demo and make check in a fresh Debian 12 root
#                        that has nothing but make (debootstrap; as root)
#   make check-corpus    analyse Debian's real modules (downloads them)
#   make check-resolved  objdump's relocation-free uses against the corpus' findings
#   make check-addends   REL addends against GNU ld on a corpus sample
#   make check-asan      test suite and corpus with ASan and UBSan
#   make check-kbuild    build real kernel code with the plugin
#   make check-kbuild-wide  the same over 29 module directories
#   make check-fix       kotest --fix on that code: apply, checkpatch, rebuild
#   make check-fix-wide  the same over 29 module directories
#   make check-qemu      load plugin-built ip_vs.ko into Debian's kernel in QEMU
#   make bench           time kotest against cat on Debian's amd64 modules
#                        (BASE=other/kotest: and against that build)
#   make install PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
DESTDIR ?=
CORPUS ?= $(CURDIR)/build/corpus
CORPUS_ARCHES ?= amd64 arm64 armhf armel i386 ppc64el s390x mips64el mipsel amd64:6.12
DEPS := scripts/install-deps.sh

all: kotest plugin

kotest:
	@$(DEPS) build
	$(MAKE) -C analyzer

plugin:
	@$(DEPS) build plugin
	$(MAKE) -C plugin

demo: kotest
	@testsuite/demo/run.sh

check: kotest plugin
	@$(DEPS) build test plugin
	$(MAKE) -C analyzer fuzz/replay-module
	@python3 scripts/run-tests.py testsuite

# The README's two commands on a fresh Debian 12 (scripts/check-fresh.sh):
# HEAD's tree, as committed, in a debootstrap root cached in build/fresh.
check-fresh:
	@$(DEPS) fresh
	scripts/check-fresh.sh

check-corpus: kotest
	@$(DEPS) build test
	scripts/fetch-corpus.sh $(CORPUS) $(CORPUS_ARCHES)
	scripts/check-corpus.py analyzer/kotest $(CORPUS) $(CORPUS_ARCHES)
	scripts/check-resolved.py analyzer/kotest $(CORPUS) $(CORPUS_ARCHES)

# No function candidate or chain that persistent code reaches by a branch or
# a PC-relative form the assembler resolved (objdump -dr, binutils-multiarch).
check-resolved: kotest
	@$(DEPS) build test
	scripts/fetch-corpus.sh $(CORPUS) $(CORPUS_ARCHES)
	scripts/check-resolved.py analyzer/kotest $(CORPUS) $(CORPUS_ARCHES)

# The REL architectures' addends against GNU ld, on a sample of the corpus.
check-addends: kotest
	@$(DEPS) build test
	scripts/fetch-corpus.sh $(CORPUS) armhf armel mipsel mips64el
	scripts/check-addends.sh $(CORPUS) 25

# The test suite and the whole corpus with ASan and UBSan.
check-asan: kotest
	@$(DEPS) build test
	$(MAKE) -C analyzer asan/kotest
	ASAN_OPTIONS=detect_leaks=1 python3 scripts/run-tests.py \
		--param kotest=$(CURDIR)/analyzer/asan/kotest testsuite/analyzer
	scripts/fetch-corpus.sh $(CORPUS) $(CORPUS_ARCHES)
	ASAN_OPTIONS=detect_leaks=1 scripts/check-corpus.py \
		analyzer/asan/kotest $(CORPUS) $(CORPUS_ARCHES)

check-kbuild: kotest plugin
	@$(DEPS) build plugin kbuild
	scripts/check-kbuild.sh

# The same over 29 directories, some 400 translation units (about an hour).
check-kbuild-wide: kotest plugin
	@$(DEPS) build plugin kbuild
	CHECK_KBUILD_DIRS=wide CHECK_KBUILD_WORK=$(CURDIR)/build/check-kbuild-wide \
		scripts/check-kbuild.sh

# kotest --fix on the directories of check-kbuild: the patch applies,
# checkpatch and modpost accept it, the memory is freed.
check-fix: kotest plugin
	@$(DEPS) build plugin kbuild fix qemu mkfs
	scripts/check-fix.sh

check-fix-wide: kotest plugin
	@$(DEPS) build plugin kbuild fix qemu mkfs
	CHECK_KBUILD_DIRS=wide CHECK_FIX_WORK=$(CURDIR)/build/check-fix-wide \
		scripts/check-fix.sh

# kotest.so's placement on the same directories: modpost, warnings,
# reproducible, kotest, bytes, QEMU.
check-place: kotest plugin
	@$(DEPS) build plugin kbuild qemu mkfs
	scripts/check-place.sh

check-place-wide: kotest plugin
	@$(DEPS) build plugin kbuild qemu mkfs
	CHECK_KBUILD_DIRS=wide CHECK_PLACE_WORK=$(CURDIR)/build/check-place-wide \
		scripts/check-place.sh

check-qemu: kotest plugin
	@$(DEPS) build plugin kbuild qemu
	scripts/check-qemu.sh

bench: kotest
	@$(DEPS) build bench
	scripts/fetch-corpus.sh $(CORPUS) amd64
	KOTEST_BASE=$(BASE) scripts/bench.sh $(CORPUS)/amd64-6.1

install: kotest
	install -D -m 755 analyzer/kotest $(DESTDIR)$(PREFIX)/bin/kotest
	install -D -m 644 analyzer/kotest.1 $(DESTDIR)$(PREFIX)/share/man/man1/kotest.1
	@if [ -f plugin/kotest.so ]; then \
		install -D -m 644 plugin/kotest.so \
			$(DESTDIR)$(PREFIX)/lib/kotest/kotest.so; fi

clean:
	$(MAKE) -C analyzer clean
	-$(MAKE) -C plugin clean
	rm -rf build/testsuite testsuite/demo/build

.PHONY: all kotest plugin demo check check-fresh check-corpus check-resolved \
	check-addends check-asan check-kbuild check-kbuild-wide check-fix \
	check-fix-wide check-place check-place-wide check-qemu \
	bench install clean
