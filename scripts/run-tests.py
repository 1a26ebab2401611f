#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the lit test suite and end with one line: "N passed, N failed".

A test counts as passed only when lit says PASS (or XFAIL: a failure the
test itself expects).  UNSUPPORTED, UNRESOLVED, TIMEOUT and the rest count
as failed: a test that did not run proved nothing.
"""
import os
import re
import subprocess
import sys

LIT = '/usr/lib/llvm-14/build/utils/lit/lit.py'


def main():
    args = sys.argv[1:] or ['testsuite']
    cmd = [sys.executable, LIT, '-v'] + args
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    sys.stdout.write(proc.stdout)
    passed = failed = 0
    for line in proc.stdout.splitlines():
        m = re.match(r'^([A-Z]+): ', line)
        if not m or ' :: ' not in line:
            continue
        if m.group(1) in ('PASS', 'XFAIL'):
            passed += 1
        else:
            failed += 1
    if passed + failed == 0:
        failed = 1
        print('run-tests: lit ran no test (exit %d)' % proc.returncode)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(0 if failed == 0 and proc.returncode == 0 else 1)


if __name__ == '__main__':
    main()
