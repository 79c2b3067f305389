/*
 * Node-API binding of the native kernels (loaded by src/lib/backend/native.ts). The kernels read
 * and write the tfjs wasm heap in place: JavaScript passes the heap's ArrayBuffer and byte offsets,
 * as it does for the wasm training kernels, and the call returns when every thread is done, so
 * nothing else touches the heap meanwhile. Each Node environment (main thread, worker thread) keeps
 * its own thread pool.
 */
#include <node_api.h>
#include <stdbool.h>
#include <stdlib.h>
#include "adam.h"
#include "conv.h"
#include "conv_blocks.h"
#include "elementwise.h"
#include "gemm.h"
#include "pool.h"
#include "pool2d.h"

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
static bool read_args(napi_env env, napi_callback_info info, size_t count, const char *name, call_args *out) {
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
static float *heap_floats(call_args *c, double offset, double count, const char *name) {
  if (offset < 0 || count < 0 || (long)offset % 4 || offset + 4.0 * count > (double)c->bytes) {
    napi_throw_range_error(c->env, NULL, name);
    return NULL;
  }
  return (float *)(c->heap + (long)offset);
}

/* Throws a RangeError carrying the usage line; the binding returns what this returns. */
static napi_value refuse(napi_env env, const char *usage) {
  napi_throw_range_error(env, NULL, usage);
  return NULL;
}

static int bad_threads(double threads) { return threads < 1 || threads > 256; }

static void finalize_pool(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  if (data) pool_destroy(data);
}

/* This environment's pool, made again when the thread count changes. */
static pool *env_pool(napi_env env, int threads) {
  pool *p = NULL;
  napi_get_instance_data(env, (void **)&p);
  if (p && pool_threads(p) == threads) return p;
  if (p) pool_destroy(p);
  p = pool_create(threads, gemm_pack_floats());
  napi_set_instance_data(env, p, finalize_pool, NULL);
  return p;
}

/* [from, to) of part `part` of `parts`: an even share of whole units. */
static void share(long total, long unit, int part, int parts, long *from, long *to) {
  const long units = (total + unit - 1) / unit;
  *from = units * part / parts * unit;
  const long end = units * (part + 1) / parts * unit;
  *to = end < total ? end : total;
}

typedef struct {
  gemm_args g;
  int parts;
  int by_columns;
} gemm_job;

static void run_gemm_part(void *job, int part, float *scratch) {
  const gemm_job *j = job;
  long from, to;
  const seg_kernel *kern = seg_kernel_best(); /* whole register blocks per thread */
  if (j->by_columns) {
    share(j->g.N, kern->nr, part, j->parts, &from, &to);
    if (from < to) gemm_part(&j->g, 0, j->g.M, from, to, scratch);
  } else {
    share(j->g.M, kern->mr, part, j->parts, &from, &to);
    if (from < to) gemm_part(&j->g, from, to, 0, j->g.N, scratch);
  }
}

/* gemm(heap, a, b, c, M, K, N, transA, transB, threads): c = op(a)·op(b), byte offsets into heap. */
static napi_value gemm(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native gemm(heap, a, b, c, M, K, N, transA, transB, threads)";
  call_args c;
  if (!read_args(env, info, 10, usage, &c)) return NULL;
  const long M = (long)c.n[3], K = (long)c.n[4], N = (long)c.n[5];
  const int threads = (int)c.n[8];
  if (M < 1 || K < 1 || N < 1 || threads < 1 || threads > 256) {
    napi_throw_range_error(env, NULL, usage);
    return NULL;
  }
  const float *a = heap_floats(&c, c.n[0], (double)M * K, usage);
  const float *b = a ? heap_floats(&c, c.n[1], (double)K * N, usage) : NULL;
  float *out = b ? heap_floats(&c, c.n[2], (double)M * N, usage) : NULL;
  if (!out) return NULL;
  gemm_job job = {
      .g = {a, b, out, M, K, N, c.n[6] != 0, c.n[7] != 0},
      .parts = M * K * N < GEMM_MIN_SPLIT ? 1 : threads,
      .by_columns = N >= 32L * threads,
  };
  pool_run(env_pool(env, threads), run_gemm_part, &job, job.parts);
  return NULL;
}

typedef struct {
  adam_args a;
  long n;
  int parts;
} adam_job;

static void run_adam_part(void *job, int part, float *scratch) {
  (void)scratch;
  const adam_job *j = job;
  long from, to;
  share(j->n, 8, part, j->parts, &from, &to);
  if (from < to) adam_part(&j->a, from, to);
}

/* adam(heap, x, m, v, g, n, xOut, mOut, vOut, β1, 1−β1, β2, 1−β2, 1−β1ᵗ, 1−β2ᵗ, ε, −lr, threads). */
static napi_value adam(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native adam(heap, x, m, v, g, n, xOut, mOut, vOut, 8 scalars, threads)";
  call_args c;
  if (!read_args(env, info, 18, usage, &c)) return NULL;
  const long n = (long)c.n[4];
  const int threads = (int)c.n[16];
  if (n < 0 || threads < 1 || threads > 256) {
    napi_throw_range_error(env, NULL, usage);
    return NULL;
  }
  const int in[4] = {0, 1, 2, 3}, out[3] = {5, 6, 7};
  float *p[7];
  for (int i = 0; i < 7; i++)
    if (!(p[i] = heap_floats(&c, c.n[i < 4 ? in[i] : out[i - 4]], (double)n, usage))) return NULL;
  adam_job job = {
      .a = {p[0], p[1], p[2], p[3], p[4], p[5], p[6], (float)c.n[8], (float)c.n[9], (float)c.n[10], (float)c.n[11],
            (float)c.n[12], (float)c.n[13], (float)c.n[14], (float)c.n[15]},
      .n = n,
      .parts = n < ADAM_MIN_SPLIT ? 1 : threads,
  };
  pool_run(env_pool(env, threads), run_adam_part, &job, job.parts);
  return NULL;
}

typedef struct {
  conv_shape s;
  const float *x, *w, *unpadded;
  float *out, *xp;
  long units, H, W, top, left;
  int parts;
  int gradient;
  int by_columns; /* filter gradient: threads split dW's columns (else its rows) */
} conv_job;

static void run_conv_pad_part(void *job, int part, float *scratch) {
  const conv_job *j = job;
  long from, to;
  (void)scratch;
  share(j->s.b * j->s.Hp, 1, part, j->parts, &from, &to);
  if (from < to) conv_pad_rows(&j->s, j->unpadded, j->xp, j->H, j->W, j->top, j->left, from, to);
}

static void run_conv_part(void *job, int part, float *scratch) {
  const conv_job *j = job;
  long from, to;
  (void)scratch;
  const long rows = j->s.kh * j->s.kw * j->s.ci;
  if (!j->gradient) {
    share(j->units, 1, part, j->parts, &from, &to);
    if (from < to) conv_forward_units(&j->s, j->x, j->w, j->out, from, to);
  } else if (j->by_columns) {
    share(j->s.co, seg_kernel_best()->nr, part, j->parts, &from, &to);
    if (from < to) conv_filter_grad_part(&j->s, j->x, j->w, j->out, 0, rows, from, to);
  } else {
    share(rows, 1, part, j->parts, &from, &to);
    if (from < to) conv_filter_grad_part(&j->s, j->x, j->w, j->out, from, to, 0, j->s.co);
  }
}

/*
 * conv(heap, x, w, out, b, H, W, ci, outH, outW, co, kh, kw, sh, sw, top, left, bottom, right, gradient, threads).
 * x [b, H, W, ci] is zero-padded by top/left/bottom/right first, on the threads, into a buffer the
 * pool keeps (not the wasm heap). Forward (gradient false): out [b, outH, outW, co] from x and the
 * filter w [kh, kw, ci, co]. Filter gradient (gradient true): out [kh, kw, ci, co] from x and w = dy.
 */
static napi_value conv(napi_env env, napi_callback_info info) {
  static const char *usage =
      "workbook native conv(heap, x, w, out, b, H, W, ci, outH, outW, co, kh, kw, sh, sw, top, left, bottom, right, gradient, threads)";
  call_args c;
  if (!read_args(env, info, 21, usage, &c)) return NULL;
  const long H = (long)c.n[4], W = (long)c.n[5], top = (long)c.n[14], left = (long)c.n[15];
  const long bottom = (long)c.n[16], right = (long)c.n[17];
  const conv_shape s = {(long)c.n[3], H + top + bottom, W + left + right, (long)c.n[6], (long)c.n[7],
                        (long)c.n[8], (long)c.n[9], (long)c.n[10], (long)c.n[11], (long)c.n[12], (long)c.n[13]};
  const int gradient = c.n[18] != 0, threads = (int)c.n[19];
  if (s.b < 1 || H < 1 || W < 1 || s.ci < 1 || s.outH < 1 || s.outW < 1 || s.co < 1 || s.kh < 1 || s.kw < 1 ||
      s.sh < 1 || s.sw < 1 || top < 0 || left < 0 || bottom < 0 || right < 0 ||
      (s.outH - 1) * s.sh + s.kh > s.Hp || (s.outW - 1) * s.sw + s.kw > s.Wp || bad_threads(threads))
    return refuse(env, usage);
  const double filter = (double)s.kh * s.kw * s.ci * s.co, pixels = (double)s.b * s.outH * s.outW;
  const float *x = heap_floats(&c, c.n[0], (double)s.b * H * W * s.ci, usage);
  const float *w = x ? heap_floats(&c, c.n[1], gradient ? pixels * s.co : filter, usage) : NULL;
  float *out = w ? heap_floats(&c, c.n[2], gradient ? filter : pixels * s.co, usage) : NULL;
  if (!out) return NULL;
  pool *p = env_pool(env, threads);
  conv_job job = {.s = s, .x = x, .w = w, .unpadded = x, .out = out, .H = H, .W = W, .top = top, .left = left,
                  .gradient = gradient,
                  .units = conv_forward_unit_count(&s)};
  job.parts = pixels * filter < GEMM_MIN_SPLIT ? 1 : threads;
  job.by_columns = (s.co + seg_kernel_best()->nr - 1) / seg_kernel_best()->nr >= job.parts;
  if (top || left || bottom || right) {
    job.xp = pool_shared_buffer(p, s.b * s.Hp * s.Wp * s.ci);
    if (!job.xp) {
      napi_throw_error(env, NULL, "workbook native conv: out of memory for the padded input");
      return NULL;
    }
    pool_run(p, run_conv_pad_part, &job, job.parts);
    job.x = job.xp;
  }
  pool_run(p, run_conv_part, &job, job.parts);
  return NULL;
}

typedef struct {
  pool_shape s;
  const float *x, *dy;
  float *out;
  int parts;
  int gradient;
} pool2d_job;

static void run_pool2d_part(void *job, int part, float *scratch) {
  (void)scratch;
  const pool2d_job *j = job;
  long from, to;
  share(j->s.B * j->s.OH, 1, part, j->parts, &from, &to);
  if (from >= to) return;
  if (j->gradient)
    max_pool_grad_rows(&j->s, j->x, j->dy, j->out, from, to);
  else
    max_pool_rows(&j->s, j->x, j->out, from, to);
}

/*
 * maxPool(heap, x, dy, out, B, H, W, C, OH, OW, fh, fw, gradient, threads) for windows that tile the
 * image: out [B, OH, OW, C] (gradient false; dy unused), or dx [B, H, W, C] (gradient true; pixels
 * outside every window are left alone).
 */
static napi_value max_pool(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native maxPool(heap, x, dy, out, B, H, W, C, OH, OW, fh, fw, gradient, threads)";
  call_args c;
  if (!read_args(env, info, 14, usage, &c)) return NULL;
  const pool_shape s = {(long)c.n[3], (long)c.n[4], (long)c.n[5], (long)c.n[6],
                        (long)c.n[7], (long)c.n[8], (long)c.n[9], (long)c.n[10]};
  const int gradient = c.n[11] != 0, threads = (int)c.n[12];
  if (s.B < 1 || s.C < 1 || s.OH < 1 || s.OW < 1 || s.fh < 1 || s.fw < 1 || s.OH * s.fh > s.H ||
      s.OW * s.fw > s.W || threads < 1 || threads > 256) {
    napi_throw_range_error(env, NULL, usage);
    return NULL;
  }
  const double input = (double)s.B * s.H * s.W * s.C, output = (double)s.B * s.OH * s.OW * s.C;
  const float *x = heap_floats(&c, c.n[0], input, usage);
  const float *dy = x && gradient ? heap_floats(&c, c.n[1], output, usage) : x;
  float *out = dy ? heap_floats(&c, c.n[2], gradient ? input : output, usage) : NULL;
  if (!out) return NULL;
  pool2d_job job = {.s = s, .x = x, .dy = dy, .out = out, .gradient = gradient,
                    .parts = input < POOL_MIN_SPLIT ? 1 : threads};
  pool_run(env_pool(env, threads), run_pool2d_part, &job, job.parts);
  return NULL;
}

typedef enum { RELU_GRAD, BIAS_ADD, RELU, COLUMN_SUMS } elementwise_kind;

typedef struct {
  const float *a, *b;
  float *out;
  long count, cols; /* count: elements (RELU, RELU_GRAD), rows (BIAS_ADD, COLUMN_SUMS) */
  int parts;
  elementwise_kind kind;
} elementwise_job;

static void run_elementwise_part(void *job, int part, float *scratch) {
  (void)scratch;
  const elementwise_job *j = job;
  long from, to;
  /* column sums split the columns (8 at a time), so each column is still one sum down every row */
  share(j->kind == COLUMN_SUMS ? j->cols : j->count, j->kind == BIAS_ADD ? 1 : 8, part, j->parts, &from, &to);
  if (from >= to) return;
  switch (j->kind) {
  case BIAS_ADD: add_row_vector_rows(j->a, j->b, j->out, j->cols, from, to); break;
  case RELU: relu_range(j->a, j->out, from, to); break;
  case COLUMN_SUMS: column_sums_range(j->a, j->out, j->count, j->cols, from, to); break;
  default: relu_grad_range(j->a, j->b, j->out, from, to);
  }
}

static void run_elementwise(napi_env env, elementwise_job *job, int threads) {
  job->parts = (double)job->count * job->cols < ELEMENTWISE_MIN_SPLIT ? 1 : threads;
  if (job->kind == COLUMN_SUMS && job->parts > (job->cols + 7) / 8) job->parts = (int)((job->cols + 7) / 8);
  pool_run(env_pool(env, threads), run_elementwise_part, job, job->parts);
}


/* reluGrad(heap, dy, x, out, n, threads): out = dy · step(x) over n floats. */
static napi_value relu_grad(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native reluGrad(heap, dy, x, out, n, threads)";
  call_args c;
  if (!read_args(env, info, 6, usage, &c)) return NULL;
  const long n = (long)c.n[3];
  if (n < 0 || bad_threads(c.n[4])) return refuse(env, usage);
  const float *dy = heap_floats(&c, c.n[0], (double)n, usage);
  const float *x = dy ? heap_floats(&c, c.n[1], (double)n, usage) : NULL;
  float *out = x ? heap_floats(&c, c.n[2], (double)n, usage) : NULL;
  if (!out) return NULL;
  elementwise_job job = {.a = dy, .b = x, .out = out, .count = n, .cols = 1, .kind = RELU_GRAD};
  run_elementwise(env, &job, (int)c.n[4]);
  return NULL;
}

/* relu(heap, x, out, n, threads): out = relu(x) over n floats. */
static napi_value relu(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native relu(heap, x, out, n, threads)";
  call_args c;
  if (!read_args(env, info, 5, usage, &c)) return NULL;
  const long n = (long)c.n[2];
  if (n < 0 || bad_threads(c.n[3])) return refuse(env, usage);
  const float *x = heap_floats(&c, c.n[0], (double)n, usage);
  float *out = x ? heap_floats(&c, c.n[1], (double)n, usage) : NULL;
  if (!out) return NULL;
  elementwise_job job = {.a = x, .out = out, .count = n, .cols = 1, .kind = RELU};
  run_elementwise(env, &job, (int)c.n[3]);
  return NULL;
}

/* addRowVector(heap, x, v, out, rows, cols, threads): out [rows, cols] = x + v (v: [cols]). */
static napi_value add_row_vector(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native addRowVector(heap, x, v, out, rows, cols, threads)";
  call_args c;
  if (!read_args(env, info, 7, usage, &c)) return NULL;
  const long rows = (long)c.n[3], cols = (long)c.n[4];
  if (rows < 0 || cols < 1 || bad_threads(c.n[5])) return refuse(env, usage);
  const float *x = heap_floats(&c, c.n[0], (double)rows * cols, usage);
  const float *v = x ? heap_floats(&c, c.n[1], (double)cols, usage) : NULL;
  float *out = v ? heap_floats(&c, c.n[2], (double)rows * cols, usage) : NULL;
  if (!out) return NULL;
  elementwise_job job = {.a = x, .b = v, .out = out, .count = rows, .cols = cols, .kind = BIAS_ADD};
  run_elementwise(env, &job, (int)c.n[5]);
  return NULL;
}

/* columnSums(heap, x, out, rows, cols, threads): out [cols] = x [rows, cols] summed over the rows. */
static napi_value column_sums(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native columnSums(heap, x, out, rows, cols, threads)";
  call_args c;
  if (!read_args(env, info, 6, usage, &c)) return NULL;
  const long rows = (long)c.n[2], cols = (long)c.n[3];
  if (rows < 0 || cols < 1 || bad_threads(c.n[4])) return refuse(env, usage);
  const float *x = heap_floats(&c, c.n[0], (double)rows * cols, usage);
  float *out = x ? heap_floats(&c, c.n[1], (double)cols, usage) : NULL;
  if (!out) return NULL;
  elementwise_job job = {.a = x, .out = out, .count = rows, .cols = cols, .kind = COLUMN_SUMS};
  run_elementwise(env, &job, (int)c.n[4]);
  return NULL;
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
  } exported[] = {{"gemm", gemm}, {"adam", adam}, {"conv", conv}, {"maxPool", max_pool}, {"reluGrad", relu_grad}, {"addRowVector", add_row_vector}, {"relu", relu}, {"columnSums", column_sums}, {"isa", isa}, {"supported", supported}};
  for (size_t i = 0; i < sizeof exported / sizeof exported[0]; i++) {
    napi_value fn;
    napi_create_function(env, exported[i].name, NAPI_AUTO_LENGTH, exported[i].fn, NULL, &fn);
    napi_set_named_property(env, exports, exported[i].name, fn);
  }
  return exports;
}
