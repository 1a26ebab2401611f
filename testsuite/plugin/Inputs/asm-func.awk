# SPDX-License-Identifier: GPL-2.0-or-later
# Print the assembly of one function, from its .type to its .size:
#   awk -v fn=NAME -f asm-func.awk FILE.s
$0 ~ "^[ \t]*\\.type[ \t]+" fn "[ \t]*," { on = 1 }
on { print }
$0 ~ "^[ \t]*\\.size[ \t]+" fn "[ \t]*," { on = 0 }
