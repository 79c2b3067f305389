/* The bindings of the memory-bound kernels: max pooling and its gradient, ReLU, its gradient, bias add and bias gradient. */
#include "addon.h"
#include "elementwise.h"
#include "pool2d.h"

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
napi_value bind_max_pool(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native maxPool(heap, x, dy, out, B, H, W, C, OH, OW, fh, fw, gradient, threads)";
  call_args c;
  if (!read_args(env, info, 14, usage, &c)) return NULL;
  const pool_shape s = {(long)c.n[3], (long)c.n[4], (long)c.n[5], (long)c.n[6],
                        (long)c.n[7], (long)c.n[8], (long)c.n[9], (long)c.n[10]};
  const int gradient = c.n[11] != 0, threads = (int)c.n[12];
  if (s.B < 1 || s.C < 1 || s.OH < 1 || s.OW < 1 || s.fh < 1 || s.fw < 1 || s.OH * s.fh > s.H ||
      s.OW * s.fw > s.W || bad_threads(threads))
    return refuse(env, usage);
  const double input = (double)s.B * s.H * s.W * s.C, output = (double)s.B * s.OH * s.OW * s.C;
  const float *x = heap_floats(&c, c.n[0], input, usage);
  const float *dy = x && gradient ? heap_floats(&c, c.n[1], output, usage) : x;
  float *out = dy ? heap_floats(&c, c.n[2], gradient ? input : output, usage) : NULL;
  if (!out) return NULL;
  pool2d_job job = {.s = s, .x = x, .dy = dy, .out = out, .gradient = gradient,
                    .parts = input < POOL_MIN_SPLIT ? 1 : parts_for(threads, s.B * s.OH)};
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
  const long units = job->kind == COLUMN_SUMS ? (job->cols + 7) / 8 : job->kind == BIAS_ADD ? job->count : (job->count + 7) / 8;
  job->parts = (double)job->count * job->cols < ELEMENTWISE_MIN_SPLIT ? 1 : parts_for(threads, units);
  pool_run(env_pool(env, threads), run_elementwise_part, job, job->parts);
}


/* reluGrad(heap, dy, x, out, n, threads): out = dy · step(x) over n floats. */
napi_value bind_relu_grad(napi_env env, napi_callback_info info) {
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
napi_value bind_relu(napi_env env, napi_callback_info info) {
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
napi_value bind_add_row_vector(napi_env env, napi_callback_info info) {
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
napi_value bind_column_sums(napi_env env, napi_callback_info info) {
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
