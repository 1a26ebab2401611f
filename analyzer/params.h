/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Module parameters: which pointers into init memory only load uses. */
#ifndef KOTEST_PARAMS_H
#define KOTEST_PARAMS_H

#include <stdbool.h>

#include "module.h"

/*
 * Is reference r (persistent -> init) followed only by parse_args() while
 * the module loads?  True for a __param entry without sysfs permissions
 * and without a free hook, and for the objects (kparam_string,
 * kparam_array, kernel_param_ops) that only such entries point to.
 */
bool param_ref_load_only(struct module *mod, const struct ref *r);

#endif
