#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Copy IN to OUT with every kotest note's version set to 99."""
import sys

data = bytearray(open(sys.argv[1], 'rb').read())
name = b'kotest\0\0'
i = data.find(name)
while i >= 0:
    # name is followed (padded to 4) by the desc, which starts with the version
    data[i + 8:i + 12] = (99).to_bytes(4, 'little')
    i = data.find(name, i + 1)
open(sys.argv[2], 'wb').write(data)
