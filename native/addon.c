/*
 * Node-API binding of the native kernels (loaded by src/lib/backend/native.ts). The kernels read
 * and write the tfjs wasm heap in place: JavaScript passes the heap's ArrayBuffer and byte offsets,
 * as it does for the wasm training kernels, and the call returns when every thread is done, so
 * nothing else touches the heap meanwhile. Each Node environment (main thread, worker thread) keeps
 * its own thread pool.
 */
#include "addon.h"
#include <stdlib.h>
#include "conv_blocks.h"
#include "gemm.h"

/* Reads argv[0] (an ArrayBuffer) and `count` - 1 numbers or booleans after it; false after throwing. */
bool read_args(napi_env env, napi_callback_info info, size_t count, const char *name, call_args *out) {
  size_t argc = MAX_ARGS;
  napi_value argv[MAX_ARGS];
  out->env = env;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != count ||
      napi_get_arraybuffer_info(env, argv[0], (void **)&out->heap, &out->bytes) != napi_ok) {
    napi_throw_type_error(env, NULL, name);
    return false;
  }
  for (size_t i = 1; i < count; i++) {
    napi_valuetype type;
    napi_typeof(env, argv[i], &type);
    bool flag = false;
    if (type == napi_boolean ? napi_get_value_bool(env, argv[i], &flag) != napi_ok
                             : napi_get_value_double(env, argv[i], &out->n[i - 1]) != napi_ok) {
      napi_throw_type_error(env, NULL, name);
      return false;
    }
    if (type == napi_boolean) out->n[i - 1] = flag;
  }
  return true;
}

/* The float32 array of `count` elements at byte offset `offset`, or NULL (after throwing) when it leaves the heap. */
float *heap_floats(call_args *c, double offset, double count, const char *name) {
  if (offset < 0 || count < 0 || (long)offset % 4 || offset + 4.0 * count > (double)c->bytes) {
    napi_throw_range_error(c->env, NULL, name);
    return NULL;
  }
  return (float *)(c->heap + (long)offset);
}

/* Throws a RangeError carrying the usage line; the binding returns what this returns. */
napi_value refuse(napi_env env, const char *usage) {
  napi_throw_range_error(env, NULL, usage);
  return NULL;
}

int bad_threads(double threads) { return threads < 1 || threads > 256; }

static void finalize_pool(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  if (data) pool_destroy(data);
}

/* This environment's pool, made again when the thread count changes. */
pool *env_pool(napi_env env, int threads) {
  pool *p = NULL;
  napi_get_instance_data(env, (void **)&p);
  if (p && pool_threads(p) == threads) return p;
  if (p) pool_destroy(p);
  p = pool_create(threads, gemm_pack_floats());
  napi_set_instance_data(env, p, finalize_pool, NULL);
  return p;
}

#define PARTS_PER_THREAD 4

int parts_for(int threads, long units) {
  const long most = (long)PARTS_PER_THREAD * threads;
  return units < 1 ? 1 : (int)(units < most ? units : most);
}

/* [from, to) of part `part` of `parts`: an even share of whole units. */
void share(long total, long unit, int part, int parts, long *from, long *to) {
  const long units = (total + unit - 1) / unit;
  *from = units * part / parts * unit;
  const long end = units * (part + 1) / parts * unit;
  *to = end < total ? end : total;
}

/* isa([name]): sets the register blocks' instruction set ("auto", "avx2", "avx512") when given one; returns the one in use. */
static napi_value isa(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native isa([\"auto\" | \"avx2\" | \"avx512\" (where the CPU has AVX-512)])";
  size_t argc = 1;
  napi_value arg, result;
  napi_get_cb_info(env, info, &argc, &arg, NULL, NULL);
  if (argc >= 1) {
    char name[16];
    size_t len = 0;
    if (napi_get_value_string_utf8(env, arg, name, sizeof name, &len) != napi_ok || !native_set_isa(name))
      return refuse(env, usage);
  }
  napi_create_string_utf8(env, seg_kernel_best()->name, NAPI_AUTO_LENGTH, &result);
  return result;
}

static napi_value supported(napi_env env, napi_callback_info info) {
  (void)info;
  __builtin_cpu_init();
  napi_value result;
  napi_get_boolean(env, __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"), &result);
  return result;
}

NAPI_MODULE_INIT() {
  const struct {
    const char *name;
    napi_callback fn;
  } exported[] = {{"gemm", bind_gemm}, {"adam", bind_adam}, {"conv", bind_conv}, {"maxPool", bind_max_pool}, {"reluGrad", bind_relu_grad}, {"addRowVector", bind_add_row_vector}, {"relu", bind_relu}, {"columnSums", bind_column_sums}, {"isa", isa}, {"supported", supported}};
  for (size_t i = 0; i < sizeof exported / sizeof exported[0]; i++) {
    napi_value fn;
    napi_create_function(env, exported[i].name, NAPI_AUTO_LENGTH, exported[i].fn, NULL, &fn);
    napi_set_named_property(env, exports, exported[i].name, fn);
  }
  return exports;
}
