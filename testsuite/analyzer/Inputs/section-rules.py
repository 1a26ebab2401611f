#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Every row of kotest --list-rules, one section each, on its architecture.

For each rule a module is assembled with a section of that name holding a
pointer to an init function and one to a const object that init code also
uses, and kotest's findings are compared with what the section's flags say:
- the object stays a candidate only if the section's references are init
  code's (init) or nobody's (unloaded, or not read: such sections hold no
  relocations but into code); any other reference keeps it, .exit's too
  (the module may be unloaded long after init);
- the pointer to init code is a dangerous link only from memory that
  outlives init and does not handle init pointers (not init-safe);
- a load-only persistent section is movable;
- an ftrace table counts the pointer as an ftrace call site in init code;
- on ppc64 .init is never freed: nothing is reported.

  section-rules.py KOTEST WORKDIR ARCH=CC...
"""
import json
import os
import subprocess
import sys

kotest, work = sys.argv[1], sys.argv[2]
compilers = dict(a.split('=', 1) for a in sys.argv[3:])
# list-rules names -> the compiler given for it and its pointer size
arch_of = {'x86_64': ('x86_64', 8), 'i386': ('i686', 4),
           'aarch64': ('aarch64', 8), 'arm': ('armhf', 4),
           'ppc64': ('ppc64le', 8), 'riscv64': ('riscv64', 8),
           'mips': ('mipsel', 4), 's390x': ('s390x', 8)}
# Rules that 'all' applies to are tried on a 64-bit and a 32-bit target.
all_arches = ['x86_64', 'arm']
# Entries kotest decodes (params.c, TOC/OPD routing) have tests of their own.
skip = {'parsed', 'route'}

rules = []
for line in subprocess.run([kotest, '--list-rules'], capture_output=True,
                           text=True, check=True).stdout.splitlines():
    fields = line.split()
    name, arch = fields[0], fields[1]
    flags = []
    for f in fields[2:]:
        if f not in ('init', 'exit', 'unloaded', 'root', 'code-index',
                     'init-safe', 'load-only', 'ftrace', 'route',
                     'not-init', 'not-read', 'parsed'):
            break
        flags.append(f)
    rules.append((name, arch, set(flags)))


def section_name(pattern):
    return pattern[:-1] + ('kt' if pattern.endswith(('.', '_')) else '.kt') \
        if pattern.endswith('*') else pattern


def matches(pattern, name):
    if pattern.endswith('*'):
        return name.startswith(pattern[:-1])
    return name == pattern


def flags_of(name, arch):
    """The union of every rule for this name on this architecture."""
    out = set()
    for pattern, rarch, flags in rules:
        if rarch in ('all', arch) and matches(pattern, name):
            out |= flags
    return out


def expect(name, arch):
    flags = flags_of(name, arch)
    if flags & skip:
        return None
    if arch == 'ppc64':
        return {'candidate': False, 'dangerous': False,
                'movable': 'load-only' in flags and 'init' not in flags
                or 'load-only' in flags and 'not-init' in flags,
                'ftrace': 0}
    init = 'init' in flags
    unread = {'unloaded', 'not-read'} & flags
    loaded = not init and not ({'exit', 'unloaded'} & flags)
    return {
        'candidate': init or bool(unread),
        'dangerous': not init and not unread and 'init-safe' not in flags,
        'movable': loaded and 'load-only' in flags,
        'ftrace': 1 if 'ftrace' in flags and not init else 0,
    }


def module_source(name, ptr):
    word = '.quad' if ptr == 8 else '.long'
    return f'''
	.section .init.text,"ax",%progbits
	.globl	init_module
	.type	init_module, %function
init_module:
	{word}	d_rule
	.size	init_module, {ptr}
	.type	init_fn, %function
init_fn:
	.long	0
	.size	init_fn, 4
	.text
	.globl	cleanup_module
	.type	cleanup_module, %function
cleanup_module:
	.long	0
	.size	cleanup_module, 4
	.section .rodata,"a",%progbits
	.type	d_rule, %object
d_rule:
	.long	1
	.size	d_rule, 4
	.section {name},"a",%progbits
	{word}	init_fn
	{word}	d_rule
'''


def findings(ko):
    out = subprocess.run([kotest, '--json', ko], capture_output=True,
                         text=True)
    mod = json.loads(out.stdout)['modules'][0]
    if mod['error']:
        raise SystemExit(f'section-rules: {ko}: {mod["error"]}')
    return {
        'candidate': any(c['name'] == 'd_rule' for c in mod['candidates']),
        'dangerous': any(d['to']['object'] == 'init_fn'
                         for d in mod['dangerous']),
        'movable': any(m['section'] == section for m in mod['movable']),
        'ftrace': mod['totals']['ftrace_init_sites'],
    }


os.makedirs(work, exist_ok=True)
tried = failed = 0
seen = set()
for pattern, arch, flags in rules:
    for a in (all_arches if arch == 'all' else [arch]):
        section = section_name(pattern)
        if (section, a) in seen or a not in arch_of:
            continue
        seen.add((section, a))
        want = expect(section, a)
        if want is None:
            continue
        cc_name, ptr = arch_of[a]
        base = os.path.join(work, f'{a}-{section.strip(".") or "x"}')
        with open(base + '.s', 'w') as f:
            f.write(module_source(section, ptr))
        cc = compilers[cc_name].split()
        subprocess.run(cc + ['-c', base + '.s', '-o', base + '.o'],
                       check=True)
        # ld -r warns about an .eh_frame it cannot parse: only failures
        link = subprocess.run(cc + ['-nostdlib', '-r', base + '.o', '-o',
                                    base + '.ko'], capture_output=True,
                              text=True)
        if link.returncode:
            raise SystemExit(f'section-rules: {base}.o: {link.stderr}')
        got = findings(base + '.ko')
        tried += 1
        if got != want:
            failed += 1
            print(f'section-rules: {a} {section} ({" ".join(sorted(flags_of(section, a)))}): '
                  f'expected {want}, got {got}')
print(f'section-rules: {tried} sections, {failed} not as their rules say')
sys.exit(1 if failed else 0)
