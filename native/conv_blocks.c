/*
 * The register blocks of the convolutions (conv.c): C[rows, w] (=|+=) Σ_k A(r, k) · B(k, 0..w), where
 * A(r, k) = a[koff[k] + roff[r]] (the offset tables turn a convolution's patches into rows of A) and
 * B(k, :) = b[k·ldb + :]. Two instruction sets, one arithmetic: every C element is one chain of
 * fused multiply-adds over k in order, so the AVX-512 and AVX2 blocks give the same bytes; the wider
 * one only does more of them per instruction (on this project's machines, AMD Zen 5, with two 512-bit
 * FMA pipes: twice the AVX2 rate).
 *   AVX2:    6 rows × 16 columns (12 ymm accumulators of 16 registers).
 *   AVX-512: 12 rows × 32 columns (24 zmm accumulators of 32 registers).
 * Partial column panels are masked, so nothing outside C is read or written.
 *
 * Each loop over rows carries `GCC unroll`: without it GCC kept the accumulator arrays in memory,
 * storing them on every k, and the block ran at half speed.
 */
#include "conv_blocks.h"
#include <immintrin.h>
#include <string.h>

#define UNROLL _Pragma("GCC unroll 16")
#define AVX2 __attribute__((target("avx2,fma"), always_inline)) static inline
#define AVX512 __attribute__((target("avx512f"), always_inline)) static inline

#define DEF_AVX2(R)                                                                                          \
  AVX2 void avx2_##R(const seg_args *g, __m256i m0, __m256i m1) {                                           \
    __m256 lo[R], hi[R];                                                                                     \
    long ro[R];                                                                                              \
    UNROLL for (int r = 0; r < R; r++) {                                                                     \
      ro[r] = g->roff[r];                                                                                    \
      lo[r] = g->first ? _mm256_setzero_ps() : _mm256_maskload_ps(g->c + r * g->ldc, m0);                   \
      hi[r] = g->first ? _mm256_setzero_ps() : _mm256_maskload_ps(g->c + r * g->ldc + 8, m1);               \
    }                                                                                                        \
    for (long k = 0; k < g->K; k++) {                                                                        \
      const float *q = g->a + g->koff[k], *bk = g->b + k * g->ldb;                                           \
      const __m256 b0 = _mm256_maskload_ps(bk, m0), b1 = _mm256_maskload_ps(bk + 8, m1);                     \
      UNROLL for (int r = 0; r < R; r++) {                                                                   \
        const __m256 x = _mm256_broadcast_ss(q + ro[r]);                                                     \
        lo[r] = _mm256_fmadd_ps(x, b0, lo[r]);                                                               \
        hi[r] = _mm256_fmadd_ps(x, b1, hi[r]);                                                               \
      }                                                                                                      \
    }                                                                                                        \
    UNROLL for (int r = 0; r < R; r++) {                                                                     \
      _mm256_maskstore_ps(g->c + r * g->ldc, m0, lo[r]);                                                     \
      _mm256_maskstore_ps(g->c + r * g->ldc + 8, m1, hi[r]);                                                 \
    }                                                                                                        \
  }
DEF_AVX2(1)
DEF_AVX2(2)
DEF_AVX2(3)
DEF_AVX2(4)
DEF_AVX2(5)
DEF_AVX2(6)

__attribute__((target("avx2,fma"))) static void block_avx2(const seg_args *g, int rows, long w) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i m0 = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)w), lane);
  const __m256i m1 = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)w - 8), lane);
  switch (rows) {
  case 6: avx2_6(g, m0, m1); break;
  case 5: avx2_5(g, m0, m1); break;
  case 4: avx2_4(g, m0, m1); break;
  case 3: avx2_3(g, m0, m1); break;
  case 2: avx2_2(g, m0, m1); break;
  default: avx2_1(g, m0, m1);
  }
}

#define DEF_AVX512(R)                                                                                        \
  AVX512 void avx512_##R(const seg_args *g, __mmask16 m0, __mmask16 m1) {                                   \
    __m512 lo[R], hi[R];                                                                                     \
    long ro[R];                                                                                              \
    UNROLL for (int r = 0; r < R; r++) {                                                                     \
      ro[r] = g->roff[r];                                                                                    \
      lo[r] = g->first ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(m0, g->c + r * g->ldc);                \
      hi[r] = g->first ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(m1, g->c + r * g->ldc + 16);           \
    }                                                                                                        \
    for (long k = 0; k < g->K; k++) {                                                                        \
      const float *q = g->a + g->koff[k], *bk = g->b + k * g->ldb;                                           \
      const __m512 b0 = _mm512_maskz_loadu_ps(m0, bk), b1 = _mm512_maskz_loadu_ps(m1, bk + 16);              \
      UNROLL for (int r = 0; r < R; r++) {                                                                   \
        const __m512 x = _mm512_set1_ps(q[ro[r]]);                                                           \
        lo[r] = _mm512_fmadd_ps(x, b0, lo[r]);                                                               \
        hi[r] = _mm512_fmadd_ps(x, b1, hi[r]);                                                               \
      }                                                                                                      \
    }                                                                                                        \
    UNROLL for (int r = 0; r < R; r++) {                                                                     \
      _mm512_mask_storeu_ps(g->c + r * g->ldc, m0, lo[r]);                                                   \
      _mm512_mask_storeu_ps(g->c + r * g->ldc + 16, m1, hi[r]);                                              \
    }                                                                                                        \
  }
DEF_AVX512(1)
DEF_AVX512(2)
DEF_AVX512(3)
DEF_AVX512(4)
DEF_AVX512(5)
DEF_AVX512(6)
DEF_AVX512(7)
DEF_AVX512(8)
DEF_AVX512(9)
DEF_AVX512(10)
DEF_AVX512(11)
DEF_AVX512(12)

__attribute__((target("avx512f"))) static void block_avx512(const seg_args *g, int rows, long w) {
  const __mmask16 m0 = w >= 16 ? 0xffff : (__mmask16)((1u << w) - 1);
  const __mmask16 m1 = w >= 32 ? 0xffff : w <= 16 ? 0 : (__mmask16)((1u << (w - 16)) - 1);
  switch (rows) {
  case 12: avx512_12(g, m0, m1); break;
  case 11: avx512_11(g, m0, m1); break;
  case 10: avx512_10(g, m0, m1); break;
  case 9: avx512_9(g, m0, m1); break;
  case 8: avx512_8(g, m0, m1); break;
  case 7: avx512_7(g, m0, m1); break;
  case 6: avx512_6(g, m0, m1); break;
  case 5: avx512_5(g, m0, m1); break;
  case 4: avx512_4(g, m0, m1); break;
  case 3: avx512_3(g, m0, m1); break;
  case 2: avx512_2(g, m0, m1); break;
  default: avx512_1(g, m0, m1);
  }
}

static const seg_kernel kernels[] = {{"avx512", 12, 32, block_avx512}, {"avx2", 6, 16, block_avx2}};

/* -1: the widest the CPU has; else an index into kernels (set by native_set_isa, for the whole process) */
static int chosen = -1;

/* Asked of the CPU once (every native call picks its blocks); a benign race: every thread writes the same value. */
static int has_avx512(void) {
  static int known = -1;
  if (known < 0) {
    __builtin_cpu_init();
    known = __builtin_cpu_supports("avx512f") != 0;
  }
  return known;
}

const seg_kernel *seg_kernel_best(void) { return &kernels[chosen >= 0 ? chosen : has_avx512() ? 0 : 1]; }

int native_set_isa(const char *name) {
  if (strcmp(name, "auto") == 0) chosen = -1;
  else if (strcmp(name, "avx2") == 0) chosen = 1;
  else if (strcmp(name, "avx512") == 0 && has_avx512()) chosen = 0;
  else return 0;
  return 1;
}
