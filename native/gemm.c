/*
 * Single-precision GEMM for the training kernels, AVX2 + FMA: C[M, N] = op(A) · op(B), row-major,
 * where op transposes when asked. Why it exists: WebAssembly SIMD is 128 bits wide, so one core of
 * wasm peaks at about half of what the same core does with 256-bit FMA (measured here: ~61 vs ~110
 * GFLOP/s); this kernel runs the same products at ~105–110 GFLOP/s per core, reading the tfjs heap in
 * place (see addon.c).
 *
 * The 6×16 register block (12 accumulators) is the classic BLIS shape for 16 vector registers.
 * K is blocked by KC so that a 16-column panel of B stays in L1 while every row block passes over it.
 *
 * Same result at any thread count, and whatever the blocking: every C element is one chain of
 * fused multiply-adds over k = 0, 1, …, K-1 starting from 0 (a K block continues the chain from
 * the value stored in C, which float32 stores exactly). A split across threads only changes which
 * thread runs a chain, never its order.
 */
#include "gemm.h"
#include <immintrin.h>
#include <string.h>

#define KC 256
#define MR 6
#define NR 16

#define TARGET __attribute__((target("avx2,fma"), always_inline)) static inline

/* R rows × 16 columns: c (ldc) (=|+=) sum over k < K of a(r, k) · b[k][0..16) (b: ldb floats per k). */
#define DEF_BLOCK(R)                                                                               \
  TARGET void block##R(const float *a, long sai, long sak, const float *b, long ldb, float *c,     \
                       long ldc, long K, int first) {                                              \
    __m256 lo[R], hi[R];                                                                           \
    for (int r = 0; r < R; r++) {                                                                  \
      lo[r] = first ? _mm256_setzero_ps() : _mm256_loadu_ps(c + r * ldc);                          \
      hi[r] = first ? _mm256_setzero_ps() : _mm256_loadu_ps(c + r * ldc + 8);                      \
    }                                                                                              \
    for (long k = 0; k < K; k++) {                                                                 \
      const __m256 b0 = _mm256_loadu_ps(b + k * ldb), b1 = _mm256_loadu_ps(b + k * ldb + 8);       \
      for (int r = 0; r < R; r++) {                                                                \
        const __m256 x = _mm256_broadcast_ss(a + r * sai + k * sak);                               \
        lo[r] = _mm256_fmadd_ps(x, b0, lo[r]);                                                     \
        hi[r] = _mm256_fmadd_ps(x, b1, hi[r]);                                                     \
      }                                                                                            \
    }                                                                                              \
    for (int r = 0; r < R; r++) {                                                                  \
      _mm256_storeu_ps(c + r * ldc, lo[r]);                                                        \
      _mm256_storeu_ps(c + r * ldc + 8, hi[r]);                                                    \
    }                                                                                              \
  }
DEF_BLOCK(1)
DEF_BLOCK(2)
DEF_BLOCK(3)
DEF_BLOCK(4)
DEF_BLOCK(5)
DEF_BLOCK(6)

/* R rows × 8 columns: the same chains for an 8-wide panel (co = 8, or the 8 after the 16-wide panels). */
#define DEF_BLOCK8(R)                                                                              \
  TARGET void block8_##R(const float *a, long sai, long sak, const float *b, long ldb, float *c,   \
                         long ldc, long K, int first) {                                            \
    __m256 acc[R];                                                                                 \
    for (int r = 0; r < R; r++) acc[r] = first ? _mm256_setzero_ps() : _mm256_loadu_ps(c + r * ldc); \
    for (long k = 0; k < K; k++) {                                                                 \
      const __m256 b0 = _mm256_loadu_ps(b + k * ldb);                                              \
      for (int r = 0; r < R; r++)                                                                  \
        acc[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(a + r * sai + k * sak), b0, acc[r]);         \
    }                                                                                              \
    for (int r = 0; r < R; r++) _mm256_storeu_ps(c + r * ldc, acc[r]);                             \
  }
DEF_BLOCK8(1)
DEF_BLOCK8(2)
DEF_BLOCK8(3)
DEF_BLOCK8(4)
DEF_BLOCK8(5)
DEF_BLOCK8(6)

__attribute__((target("avx2,fma"))) static void block8(int rows, const float *a, long sai, long sak,
                                                       const float *b, long ldb, float *c, long ldc,
                                                       long K, int first) {
  switch (rows) {
  case 6: block8_6(a, sai, sak, b, ldb, c, ldc, K, first); break;
  case 5: block8_5(a, sai, sak, b, ldb, c, ldc, K, first); break;
  case 4: block8_4(a, sai, sak, b, ldb, c, ldc, K, first); break;
  case 3: block8_3(a, sai, sak, b, ldb, c, ldc, K, first); break;
  case 2: block8_2(a, sai, sak, b, ldb, c, ldc, K, first); break;
  default: block8_1(a, sai, sak, b, ldb, c, ldc, K, first);
  }
}

__attribute__((target("avx2,fma"))) static void block(int rows, const float *a, long sai, long sak,
                                                      const float *b, long ldb, float *c, long ldc,
                                                      long K, int first) {
  switch (rows) {
  case 6: block6(a, sai, sak, b, ldb, c, ldc, K, first); break;
  case 5: block5(a, sai, sak, b, ldb, c, ldc, K, first); break;
  case 4: block4(a, sai, sak, b, ldb, c, ldc, K, first); break;
  case 3: block3(a, sai, sak, b, ldb, c, ldc, K, first); break;
  case 2: block2(a, sai, sak, b, ldb, c, ldc, K, first); break;
  default: block1(a, sai, sak, b, ldb, c, ldc, K, first);
  }
}

/* Copies kc rows × w columns of op(B) starting at (k0, j) into pack[kc][16], zero-filling columns ≥ w. */
static void pack_b(const gemm_view *g, long k0, long kc, long j, long w, float *pack) {
  for (long k = 0; k < kc; k++) {
    float *row = pack + k * NR;
    if (g->trans_b)
      for (long c = 0; c < w; c++) row[c] = g->b[(j + c) * g->ldb + k0 + k];
    else
      memcpy(row, g->b + (k0 + k) * g->ldb + j, w * sizeof(float));
    for (long c = w; c < NR; c++) row[c] = 0;
  }
}

/*
 * Rows [i0, i1) × columns [j0, j1) of C. B is read in place when it is not transposed and the panel is
 * whole; otherwise a KC×16 panel is packed into `pack` (KC·16 floats). A partial panel (w < 16) is
 * computed in a 6×16 tile and its w columns copied out, so nothing outside C is ever written.
 */
__attribute__((target("avx2,fma"))) void gemm_view_part(const gemm_view *g, long i0, long i1, long j0, long j1,
                                                        float *pack) {
  for (long k0 = 0; k0 < g->K; k0 += KC) {
    const long kc = g->K - k0 < KC ? g->K - k0 : KC;
    const int first = k0 == 0 && !g->accumulate;
    for (long j = j0; j < j1; j += NR) {
      long w = j1 - j < NR ? j1 - j : NR;
      if (w >= 8 && w < NR && !g->trans_b) {
        /* an 8-wide panel read in place; the rest (< 8 columns) goes through the tile below */
        for (long i = i0; i < i1; i += MR) {
          const int rows = i1 - i < MR ? (int)(i1 - i) : MR;
          block8(rows, g->a + i * g->sai + k0 * g->sak, g->sai, g->sak, g->b + k0 * g->ldb + j, g->ldb,
                 g->c + i * g->ldc + j, g->ldc, kc, first);
        }
        j += 8;
        w -= 8;
        if (w == 0) continue;
      }
      const int packed = g->trans_b || w < NR;
      if (packed) pack_b(g, k0, kc, j, w, pack);
      const float *b = packed ? pack : g->b + k0 * g->ldb + j;
      const long ldb = packed ? NR : g->ldb;
      for (long i = i0; i < i1; i += MR) {
        const int rows = i1 - i < MR ? (int)(i1 - i) : MR;
        const float *a = g->a + i * g->sai + k0 * g->sak;
        float *c = g->c + i * g->ldc + j;
        if (w == NR) {
          block(rows, a, g->sai, g->sak, b, ldb, c, g->ldc, kc, first);
          continue;
        }
        float tile[MR * NR] = {0};
        if (!first)
          for (int r = 0; r < rows; r++) memcpy(tile + r * NR, c + r * g->ldc, w * sizeof(float));
        block(rows, a, g->sai, g->sak, b, ldb, tile, NR, kc, first);
        for (int r = 0; r < rows; r++) memcpy(c + r * g->ldc, tile + r * NR, w * sizeof(float));
      }
    }
  }
}

void gemm_part(const gemm_args *g, long i0, long i1, long j0, long j1, float *pack) {
  const gemm_view v = {
      .a = g->a,
      .sai = g->trans_a ? 1 : g->K,
      .sak = g->trans_a ? g->M : 1,
      .b = g->b,
      .ldb = g->trans_b ? g->K : g->N,
      .trans_b = g->trans_b,
      .c = g->c,
      .ldc = g->N,
      .K = g->K,
      .accumulate = 0,
  };
  gemm_view_part(&v, i0, i1, j0, j1, pack);
}

long gemm_pack_floats(void) { return (long)KC * NR; }
