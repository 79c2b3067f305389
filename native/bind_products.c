/* The bindings of the compute-bound kernels: matrix products, Adam steps, convolutions. */
#include "addon.h"
#include "adam.h"
#include "conv.h"
#include "conv_blocks.h"
#include "gemm.h"

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
napi_value bind_gemm(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native gemm(heap, a, b, c, M, K, N, transA, transB, threads)";
  call_args c;
  if (!read_args(env, info, 10, usage, &c)) return NULL;
  const long M = (long)c.n[3], K = (long)c.n[4], N = (long)c.n[5];
  const int threads = (int)c.n[8];
  if (M < 1 || K < 1 || N < 1 || bad_threads(threads))
    return refuse(env, usage);
  const float *a = heap_floats(&c, c.n[0], (double)M * K, usage);
  const float *b = a ? heap_floats(&c, c.n[1], (double)K * N, usage) : NULL;
  float *out = b ? heap_floats(&c, c.n[2], (double)M * N, usage) : NULL;
  if (!out) return NULL;
  gemm_job job = {
      .g = {a, b, out, M, K, N, c.n[6] != 0, c.n[7] != 0},
      .by_columns = N >= 32L * threads,
  };
  const seg_kernel *kern = seg_kernel_best();
  job.parts = M * K * N < GEMM_MIN_SPLIT ? 1
                                         : parts_for(threads, job.by_columns ? (N + kern->nr - 1) / kern->nr
                                                                             : (M + kern->mr - 1) / kern->mr);
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
napi_value bind_adam(napi_env env, napi_callback_info info) {
  static const char *usage = "workbook native adam(heap, x, m, v, g, n, xOut, mOut, vOut, 8 scalars, threads)";
  call_args c;
  if (!read_args(env, info, 18, usage, &c)) return NULL;
  const long n = (long)c.n[4];
  const int threads = (int)c.n[16];
  if (n < 0 || bad_threads(threads))
    return refuse(env, usage);
  const int in[4] = {0, 1, 2, 3}, out[3] = {5, 6, 7};
  float *p[7];
  for (int i = 0; i < 7; i++)
    if (!(p[i] = heap_floats(&c, c.n[i < 4 ? in[i] : out[i - 4]], (double)n, usage))) return NULL;
  adam_job job = {
      .a = {p[0], p[1], p[2], p[3], p[4], p[5], p[6], (float)c.n[8], (float)c.n[9], (float)c.n[10], (float)c.n[11],
            (float)c.n[12], (float)c.n[13], (float)c.n[14], (float)c.n[15]},
      .n = n,
      .parts = n < ADAM_MIN_SPLIT ? 1 : parts_for(threads, (n + 7) / 8),
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
    share(rows, seg_kernel_best()->mr, part, j->parts, &from, &to);
    if (from < to) conv_filter_grad_part(&j->s, j->x, j->w, j->out, from, to, 0, j->s.co);
  }
}

/*
 * conv(heap, x, w, out, b, H, W, ci, outH, outW, co, kh, kw, sh, sw, top, left, bottom, right, gradient, threads).
 * x [b, H, W, ci] is zero-padded by top/left/bottom/right first, on the threads, into a buffer the
 * pool keeps (not the wasm heap). Forward (gradient false): out [b, outH, outW, co] from x and the
 * filter w [kh, kw, ci, co]. Filter gradient (gradient true): out [kh, kw, ci, co] from x and w = dy.
 */
napi_value bind_conv(napi_env env, napi_callback_info info) {
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
  const long panels = (s.co + seg_kernel_best()->nr - 1) / seg_kernel_best()->nr;
  job.by_columns = gradient && panels >= threads;
  /* a split of dW's rows reads all of dY once per part: one part per thread, whole row blocks each */
  const long row_blocks = (s.kh * s.kw * s.ci + seg_kernel_best()->mr - 1) / seg_kernel_best()->mr;
  job.parts = pixels * filter < GEMM_MIN_SPLIT ? 1
              : !gradient                      ? parts_for(threads, job.units)
              : job.by_columns                 ? parts_for(threads, panels)
                                               : (int)(row_blocks < threads ? row_blocks : threads);
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
