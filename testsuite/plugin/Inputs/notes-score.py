#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Score kotest's output on a fixture against its labels.

    notes-score.py FIXTURE.c [--plain] < kotest-output

FIXTURE.c labels every object kotest may flag with "// LABEL: TP NAME"
(a true positive: only init code needs it) or "// LABEL: FP NAME" (its
address escapes: it must stay).  NAME is what kotest prints in parentheses.
kotest -v --use-notes prints "candidate"/"chain" for the objects it keeps
as gain and "escapes" for those the notes took out.

Default: prints precision and recall of the kept objects ("kept" = flagged
as candidate or chain), and every mistake.  --plain (output without
--use-notes): prints how many labelled objects are flagged.
"""
import re
import sys


def base_name(name):
    # GCC's clones: foo.constprop.0, foo.isra.0, foo.part.0, foo.cold
    return re.sub(r'\.(constprop|isra|part|cold)(\.[0-9]+)?$', '', name)


def main():
    labels = {}
    with open(sys.argv[1]) as f:
        for line in f:
            m = re.search(r'// LABEL: (TP|FP) (.*\S)', line)
            if m:
                name = m.group(2)
                if name.startswith('"'):
                    name = name.encode().decode('unicode_escape')
                labels[name] = m.group(1)
    kept, escaped = set(), set()
    for line in sys.stdin:
        m = re.search(r': (candidate|chain|escapes) \S+ \+ [0-9A-F]+ \((.*?)\)'
                      r' (rref|add size)', line)
        if not m:
            continue
        name = m.group(2)
        if name.startswith('"'):
            name = name.encode().decode('unicode_escape')
        else:
            name = base_name(name)
        (escaped if m.group(1) == 'escapes' else kept).add(name)
    tps = set(n for n, l in labels.items() if l == 'TP')
    fps = set(n for n, l in labels.items() if l == 'FP')
    for n in sorted((kept | escaped) - set(labels)):
        print('unlabelled: %r' % n)
    if '--plain' in sys.argv:
        missing = sorted(set(labels) - kept)
        for n in missing:
            print('not flagged: %r' % n)
        print('flagged %d of %d labelled (%d TP, %d FP)' %
              (len(set(labels) & kept), len(labels), len(tps), len(fps)))
        return
    for n in sorted(kept & fps):
        print('false positive kept: %r' % n)
    for n in sorted(tps - kept):
        print('true positive lost: %r' % n)
    # An FP that is neither kept nor reported as escaping was a chain
    # through an escaping object: gone with it, which is right.
    tp = len(kept & tps)
    precision = 100.0 * tp / len(kept) if kept else 100.0
    recall = 100.0 * tp / len(tps) if tps else 100.0
    print('precision %.1f%% (%d/%d) recall %.1f%% (%d/%d)' %
          (precision, tp, len(kept), recall, tp, len(tps)))


if __name__ == '__main__':
    main()
