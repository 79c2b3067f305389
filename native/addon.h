/*
 * What the addon's binding files share (addon.c): reading a call's arguments, the heap views, the
 * per-environment thread pool, splitting work into parts, and the thresholds below which one thread
 * does a job.
 */
#ifndef WORKBOOK_ADDON_H
#define WORKBOOK_ADDON_H
#include <node_api.h>
#include <stdbool.h>
#include "pool.h"

/* Multiply-adds below which one thread does a product (~5 µs at one core's peak; a hand-off to spinning workers costs a few µs). */
#define GEMM_MIN_SPLIT (1L << 19)
/* Elements below which one thread does an Adam step. */
#define ADAM_MIN_SPLIT (1L << 16)
/* Input elements below which one thread does a pooling. */
#define POOL_MIN_SPLIT (1L << 16)
/* Elements below which one thread does ReLU's gradient or a bias add (a hand-off costs about what 64K copies do). */
#define ELEMENTWISE_MIN_SPLIT (1L << 16)

#define MAX_ARGS 24

typedef struct {
  napi_env env;
  char *heap;
  size_t bytes;
  double n[MAX_ARGS];
} call_args;

/* Reads argv[0] (an ArrayBuffer) and `count` - 1 numbers or booleans after it; false after throwing. */
bool read_args(napi_env env, napi_callback_info info, size_t count, const char *name, call_args *out);
/* The float32 array of `count` elements at byte offset `offset`, or NULL (after throwing) when it leaves the heap. */
float *heap_floats(call_args *c, double offset, double count, const char *name);
/* Throws a RangeError carrying the usage line; the binding returns what this returns. */
napi_value refuse(napi_env env, const char *usage);
int bad_threads(double threads);
/* This environment's pool, made again when the thread count changes. */
pool *env_pool(napi_env env, int threads);
/*
 * How many parts to cut `units` units of work into for `threads` threads: a few per thread, so that
 * when one core is slow (a neighbour on this shared machine, a worker still waking) the others claim
 * more of the parts (pool.c); never more parts than units.
 */
int parts_for(int threads, long units);
/* [from, to) of part `part` of `parts`: an even share of whole units. */
void share(long total, long unit, int part, int parts, long *from, long *to);

/* The bindings: bind_products.c (gemm, adam, conv), bind_memory.c (maxPool, reluGrad, relu, addRowVector, columnSums). */
napi_value bind_gemm(napi_env env, napi_callback_info info);
napi_value bind_adam(napi_env env, napi_callback_info info);
napi_value bind_conv(napi_env env, napi_callback_info info);
napi_value bind_max_pool(napi_env env, napi_callback_info info);
napi_value bind_relu_grad(napi_env env, napi_callback_info info);
napi_value bind_relu(napi_env env, napi_callback_info info);
napi_value bind_add_row_vector(napi_env env, napi_callback_info info);
napi_value bind_column_sums(napi_env env, napi_callback_info info);
#endif
