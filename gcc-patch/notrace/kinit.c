/* A kernel module in miniature: init code, exit code and persistent
   code, annotated as include/linux/init.h does it (without notrace).  */

#define __section(s)	__attribute__ ((__section__ (s)))
#define __cold		__attribute__ ((__cold__))
#define __init		__section(".init.text") __cold
#define __exit		__section(".exit.text") __cold

extern int register_thing (int (*fn) (int), const char *name);
extern void unregister_thing (const char *name);
extern int kt_state;

/* Persistent: keep their instrumentation.  */
int
kt_persistent_a (int x)
{
  return register_thing (kt_persistent_a, "a") + x;
}

int
kt_persistent_b (int x)
{
  kt_state += x;
  return kt_state;
}

/* Init code: no instrumentation wanted.  */
static int __attribute__ ((__noinline__)) __init
kt_init_helper (int x)
{
  return register_thing (kt_persistent_b, "b") + x;
}

/* Called once with constants: IPA makes a clone of it (such as
   kt_init_clone.constprop.0), which stays in .init.text and must not be
   instrumented either.  */
static int __attribute__ ((__noinline__)) __init
kt_init_clone (int x, int unused __attribute__ ((__unused__)))
{
  return register_thing (kt_persistent_b, "c") + x;
}

int __init
kt_init (void)
{
  int ret = kt_init_helper (1);
  if (ret)
    return ret;
  ret = kt_init_clone (2, 3);
  if (ret)
    return ret;
  return kt_init_helper (kt_state);
}

/* Init code whose own attribute asks for a patchable entry: it wins.  */
int __init __attribute__ ((__patchable_function_entry__ (2, 0)))
kt_init_patched (int x)
{
  return register_thing (kt_persistent_a, "p") * x;
}

/* Exit code stays in the module, and so keeps its instrumentation.  */
void __exit
kt_exit (void)
{
  unregister_thing ("a");
  unregister_thing ("b");
}
