/*
 * Convolutions on the native GEMM (gemm.c), without an im2col copy. For a filter row dy, the
 * kw·ci input values under one output pixel are contiguous in NHWC, so each output image row is
 *   out[n, oh, :, :] = Σ_dy  X_dy [outW, kw·ci] · W_dy [kw·ci, co]
 * where row ow of X_dy starts at xp[n, oh·sh + dy, ow·sw, 0] (a strided view, stride sw·ci), and
 * W_dy is the filter's row dy. The filter gradient is the transposed sum over every output row:
 *   dW_dy [kw·ci, co] = Σ_{n, oh}  X_dyᵀ · dY[n, oh] [outW, co].
 * Each output element is one chain of fused multiply-adds in a fixed order (filter rows, then the
 * kw·ci inputs; for the gradient, images and rows in order), whichever thread runs it, so the
 * result is the same at any thread count.
 */
#include "conv.h"
#include "gemm.h"

void conv_forward_rows(const conv_shape *s, const float *xp, const float *filter, float *out, long r0, long r1,
                       float *pack) {
  const long K = s->kw * s->ci;
  for (long r = r0; r < r1; r++) {
    const long n = r / s->outH, oh = r % s->outH;
    for (long dy = 0; dy < s->kh; dy++) {
      const gemm_view v = {
          .a = xp + ((n * s->Hp + oh * s->sh + dy) * s->Wp) * s->ci,
          .sai = s->sw * s->ci,
          .sak = 1,
          .b = filter + dy * K * s->co,
          .ldb = s->co,
          .trans_b = 0,
          .c = out + r * s->outW * s->co,
          .ldc = s->co,
          .K = K,
          .accumulate = dy > 0,
      };
      gemm_view_part(&v, 0, s->outW, 0, s->co, pack);
    }
  }
}

/* The gradient's units of work: one filter row dy × one 16-wide block of output channels. */
long conv_filter_grad_unit_count(const conv_shape *s) { return s->kh * ((s->co + 15) / 16); }

void conv_filter_grad_units(const conv_shape *s, const float *xp, const float *dy, float *dw, long u0, long u1,
                            float *pack) {
  const long K = s->kw * s->ci, blocks = (s->co + 15) / 16;
  for (long u = u0; u < u1; u++) {
    const long fy = u / blocks, j0 = (u % blocks) * 16, j1 = j0 + 16 < s->co ? j0 + 16 : s->co;
    for (long r = 0; r < s->b * s->outH; r++) {
      const long n = r / s->outH, oh = r % s->outH;
      const gemm_view v = {
          .a = xp + ((n * s->Hp + oh * s->sh + fy) * s->Wp) * s->ci,
          .sai = 1,
          .sak = s->sw * s->ci,
          .b = dy + r * s->outW * s->co,
          .ldb = s->co,
          .trans_b = 0,
          .c = dw + fy * K * s->co,
          .ldc = s->co,
          .K = s->outW,
          .accumulate = r > 0,
      };
      gemm_view_part(&v, 0, K, j0, j1, pack);
    }
  }
}
