# SPDX-License-Identifier: GPL-2.0-or-later
# lit configuration for kotest's test suite.
#
# Substitutions:
#   %kotest         the analyzer under test
#   %cc-ARCH        gcc 12 for ARCH (x86_64, i686, aarch64, arm, armhf, mips,
#                   mipsel, mips64el, ppc64le, ppc64, s390x, riscv64) with the
#                   flags a kernel module build uses, -c implied by the test
#   %ld-r           a relocatable module link like kbuild's (ld -r)
#   %kinc           testsuite/include, the kernel-like annotations
#   %FileCheck      LLVM's FileCheck
# A test that needs a cross compiler that is missing fails: the install
# script provides every compiler the suite uses.
import os
import lit.formats

config.name = 'kotest'
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = ['.c', '.s', '.S', '.test']
config.excludes = ['include', 'Inputs', 'lit.cfg.py']
config.test_source_root = os.path.dirname(__file__)
top = os.path.dirname(config.test_source_root)
config.test_exec_root = os.path.join(top, 'build', 'testsuite')

kotest = lit_config.params.get('kotest', os.path.join(top, 'analyzer', 'kotest'))
filecheck = lit_config.params.get('filecheck', '/usr/lib/llvm-14/bin/FileCheck')
kinc = os.path.join(config.test_source_root, 'include')

# Flags shared by every architecture, like kbuild's for a module object.
common = ('-O2 -I%s -fno-common -fno-PIE -ffreestanding -fno-strict-aliasing '
          '-fno-asynchronous-unwind-tables -fno-unwind-tables '
          '-Wall -Werror -DMODULE -D__KERNEL__' % kinc)

# Per-architecture compiler and flags, as arch/*/Makefile sets them for
# modules (code model, ftrace instrumentation).
cross = {
    'x86_64':   ('x86_64-linux-gnu-gcc-12',
                 '-mcmodel=kernel -mno-red-zone -mno-sse -pg -mfentry '
                 '-mrecord-mcount'),
    'i686':     ('i686-linux-gnu-gcc-12', '-m32 -mregparm=3 -pg -mrecord-mcount'),
    'aarch64':  ('aarch64-linux-gnu-gcc-12',
                 '-mgeneral-regs-only -fpatchable-function-entry=2 '
                 '-DCC_USING_PATCHABLE_FUNCTION_ENTRY'),
    'arm':      ('arm-linux-gnueabi-gcc-12', '-marm -mabi=aapcs-linux -pg'),
    'armhf':    ('arm-linux-gnueabihf-gcc-12',
                 '-mthumb -mabi=aapcs-linux -pg'),
    'mipsel':   ('mipsel-linux-gnu-gcc-12',
                 '-mno-abicalls -fno-pic -mlong-calls -G 0 -pg'),
    'mips':     ('mips-linux-gnu-gcc-12',
                 '-mno-abicalls -fno-pic -mlong-calls -G 0 -pg'),
    'mips64el': ('mips64el-linux-gnuabi64-gcc-12',
                 '-mabi=64 -mno-abicalls -fno-pic -mlong-calls -G 0 -pg'),
    'ppc64le':  ('powerpc64le-linux-gnu-gcc-12',
                 '-mcmodel=medium -mno-pointers-to-nested-functions -pg '
                 '-mprofile-kernel'),
    'ppc64':    ('powerpc64-linux-gnu-gcc-12',
                 '-mabi=elfv1 -mcmodel=medium -pg'),
    's390x':    ('s390x-linux-gnu-gcc-12',
                 '-fPIC -pg -mfentry -mrecord-mcount -mnop-mcount '
                 '-mhotpatch=0,0'),
    'riscv64':  ('riscv64-linux-gnu-gcc-12',
                 '-mcmodel=medany -mno-relax -fpatchable-function-entry=4 '
                 '-DCC_USING_PATCHABLE_FUNCTION_ENTRY'),
}
# Longest names first: %cc-arm must not eat the start of %cc-armhf.
for arch, (cc, flags) in sorted(cross.items(), key=lambda kv: -len(kv[0])):
    config.substitutions.append(('%%cc-%s' % arch,
                                 '%s %s %s' % (cc, common, flags)))
    config.substitutions.append(('%%ld-r-%s' % arch,
                                 '%s -nostdlib -r' % cc))

config.substitutions.append(('%kotest', kotest))
config.substitutions.append(('%FileCheck', filecheck))
config.substitutions.append(('%kinc', kinc))
config.substitutions.append(('%top', top))
config.substitutions.append(('%python', 'python3'))
config.environment['LC_ALL'] = 'C'
# "not" and FileCheck come from LLVM's tools.
config.environment['PATH'] = '/usr/lib/llvm-14/bin:' + os.environ.get('PATH', '')
