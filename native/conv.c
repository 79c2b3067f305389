/*
 * Convolutions as implicit GEMM (no im2col copy), NHWC, on an input already zero-padded to
 * [b, Hp, Wp, ci]. For a filter row fy, the kw·ci inputs under one output pixel are contiguous, so
 * the whole reduction of one output pixel is kh segments of kw·ci contiguous floats, one segment per
 * filter row, Wp·ci floats apart:
 *   out[p, :] = Σ_fy Σ_j xp[base(p) + fy·Wp·ci + j] · W[fy·kw·ci + j, :]        (W = filter [kh·kw·ci, co])
 * and the filter gradient is the same sum turned around, over every output pixel p (segments = output
 * rows, outW pixels each, sw·ci floats apart):
 *   dW[fy·kw·ci + i, :] = Σ_p xp[base(p) + fy·Wp·ci + i] · dY[p, :].
 * Both run on one register block (conv_blocks.c: 12 × 32 with AVX-512, 6 × 16 with AVX2) whose
 * accumulators stay in registers while k runs over every segment, so C is loaded and stored once per
 * block (not once per filter row or output row), and a block of output pixels may span image rows.
 *
 * Same bytes at any thread count: each output element is one chain of fused multiply-adds in a fixed
 * order (segments in order, then j; a long gradient chain continues from the exact float32 stored in
 * C), and a split across threads only changes which thread runs a chain.
 */
#include "conv.h"
#include "conv_blocks.h"
#include <string.h>

#define KB 1024 /* k per block call in the forward pass: bounds the offset table (a longer K continues the chains) */
#define MR_MAX 12

/* Offsets in xp of output pixels p0 .. p0 + n - 1 (at filter row fy, column 0), walked without division. */
static void pixel_offsets(const conv_shape *s, long p0, long n, long fy, long *off) {
  long ow = p0 % s->outW, oh = (p0 / s->outW) % s->outH, img = p0 / (s->outW * s->outH);
  for (long i = 0; i < n; i++) {
    off[i] = ((img * s->Hp + oh * s->sh + fy) * s->Wp + ow * s->sw) * s->ci;
    if (++ow == s->outW) {
      ow = 0;
      if (++oh == s->outH) oh = 0, img++;
    }
  }
}

#define CHUNK_BLOCKS 8 /* row blocks whose A rows stay in L2 while each column panel of W passes over them */
#define UNIT 12       /* output pixels per forward unit (a multiple of every block's rows) */

long conv_forward_unit_count(const conv_shape *s) { return (s->b * s->outH * s->outW + UNIT - 1) / UNIT; }

/* Output pixels of units [u0, u1) (UNIT pixels each, the last unit maybe fewer), all output channels. */
void conv_forward_units(const conv_shape *s, const float *xp, const float *filter, float *out, long u0, long u1) {
  const seg_kernel *kern = seg_kernel_best();
  const long MR = kern->mr, NR = kern->nr, chunk = CHUNK_BLOCKS * MR;
  const long pixels = s->b * s->outH * s->outW, L = s->kw * s->ci, K = s->kh * L;
  const long p_end = u1 * UNIT < pixels ? u1 * UNIT : pixels;
  long koff[KB], roff[CHUNK_BLOCKS * MR_MAX];
  for (long c0 = u0 * UNIT; c0 < p_end; c0 += chunk) {
    const long c1 = c0 + chunk < p_end ? c0 + chunk : p_end;
    pixel_offsets(s, c0, c1 - c0, 0, roff);
    for (long k0 = 0; k0 < K; k0 += KB) {
      const long kc = K - k0 < KB ? K - k0 : KB;
      for (long k = 0, fy = k0 / L, x = k0 % L; k < kc; k++) {
        koff[k] = fy * s->Wp * s->ci + x;
        if (++x == L) x = 0, fy++;
      }
      for (long j = 0; j < s->co; j += NR) {
        const long w = s->co - j < NR ? s->co - j : NR;
        for (long p = c0; p < c1; p += MR) {
          const seg_args g = {.a = xp, .roff = roff + (p - c0), .koff = koff, .K = kc,
                              .b = filter + k0 * s->co + j, .ldb = s->co, .c = out + p * s->co + j,
                              .ldc = s->co, .first = k0 == 0};
          kern->block(&g, c1 - p < MR ? (int)(c1 - p) : (int)MR, w);
        }
      }
    }
  }
}

#define KG 256 /* output pixels per K block of the gradient: their dY rows stay in L1/L2 for every row of dW */

/*
 * Rows [i0, i1) × columns [j0, j1) of dW viewed as [kh·kw·ci, co] (filter row, column, channel).
 * K blocks are the outer loop, so each block of dY is read from memory once and used for every
 * filter row (a loop over filter rows outside would stream all of dY kh times). Threads split the
 * columns when there are enough (each then reads only its columns' part of dY), else the rows.
 */
void conv_filter_grad_part(const conv_shape *s, const float *xp, const float *dy, float *dw, long i0, long i1,
                           long j0, long j1) {
  const seg_kernel *kern = seg_kernel_best();
  const long MR = kern->mr, NR = kern->nr, L = s->kw * s->ci, pixels = s->b * s->outH * s->outW;
  long koff[KG], roff[MR_MAX];
  for (long p0 = 0; p0 < pixels; p0 += KG) {
    const long kc = pixels - p0 < KG ? pixels - p0 : KG;
    pixel_offsets(s, p0, kc, 0, koff);
    for (long i = i0; i < i1; i += MR) {
      const int rows = i1 - i < MR ? (int)(i1 - i) : (int)MR;
      for (int r = 0; r < rows; r++) roff[r] = ((i + r) / L) * s->Wp * s->ci + (i + r) % L;
      for (long j = j0; j < j1; j += NR) {
        const seg_args g = {.a = xp, .roff = roff, .koff = koff, .K = kc, .b = dy + p0 * s->co + j, .ldb = s->co,
                            .c = dw + i * s->co + j, .ldc = s->co, .first = p0 == 0};
        kern->block(&g, rows, j1 - j < NR ? j1 - j : NR);
      }
    }
  }
}

/* Rows [r0, r1) of the padded input (row r: image r / Hp, padded row r % Hp) from x [b, H, W, ci]. */
void conv_pad_rows(const conv_shape *s, const float *x, float *xp, long H, long W, long top, long left, long r0,
                   long r1) {
  const long pixel = s->ci, rowp = s->Wp * pixel;
  for (long r = r0; r < r1; r++) {
    const long n = r / s->Hp, y = r % s->Hp - top;
    float *o = xp + r * rowp;
    if (y < 0 || y >= H) {
      memset(o, 0, rowp * sizeof(float));
      continue;
    }
    memset(o, 0, left * pixel * sizeof(float));
    memcpy(o + left * pixel, x + ((n * H + y) * W) * pixel, W * pixel * sizeof(float));
    memset(o + (left + W) * pixel, 0, (s->Wp - left - W) * pixel * sizeof(float));
  }
}
