/*
 * Single-precision GEMM for the training kernels, AVX2 + FMA: C[M, N] = op(A) · op(B), row-major,
 * where op transposes when asked. Why it exists: WebAssembly SIMD is 128 bits wide, so one core of
 * wasm peaks at about half of what the same core does with 256-bit FMA (measured here: ~61 vs ~110
 * GFLOP/s); this kernel runs the same products at ~105–110 GFLOP/s per core, reading the tfjs heap in
 * place (see addon.c); with AVX-512 (Zen 5 here) twice that.
 *
 * The register blocks are the convolutions' (conv_blocks.c): 12×32 with AVX-512 where the CPU has it,
 * else 6×16 with AVX2. K is blocked by KC so that a column panel of B stays in L1 while every row
 * block passes over it.
 *
 * Same result at any thread count, and whatever the blocking: every C element is one chain of
 * fused multiply-adds over k = 0, 1, …, K-1 starting from 0 (a K block continues the chain from
 * the value stored in C, which float32 stores exactly). A split across threads only changes which
 * thread runs a chain, never its order.
 */
#include "gemm.h"
#include "conv_blocks.h"
#include <string.h>

#define KC 256
#define NR_MAX 32
#define MR_MAX 12

/* Copies kc rows × w columns of op(B) starting at (k0, j) into pack[kc][nr]. */
static void pack_b(const gemm_view *g, long k0, long kc, long j, long w, long nr, float *pack) {
  if (g->trans_b) /* along each row of the stored B (a column of op(B)): reads in order, writes into L1 */
    for (long c = 0; c < w; c++) {
      const float *col = g->b + (j + c) * g->ldb + k0;
      for (long k = 0; k < kc; k++) pack[k * nr + c] = col[k];
    }
  else
    for (long k = 0; k < kc; k++) memcpy(pack + k * nr, g->b + (k0 + k) * g->ldb + j, w * sizeof(float));
}

/*
 * Rows [i0, i1) × columns [j0, j1) of C, on the convolutions' register blocks (conv_blocks.c; A's
 * strides become their offset tables: row r at r·sai, k at k·sak). B is read in place unless it is
 * transposed, when each KC × nr panel is packed into `pack` (gemm_pack_floats() floats). Partial
 * panels are masked in the block, so nothing outside C is read or written.
 */
void gemm_view_part(const gemm_view *g, long i0, long i1, long j0, long j1, float *pack) {
  const seg_kernel *kern = seg_kernel_best();
  const long MR = kern->mr, NR = kern->nr;
  long koff[KC], roff[MR_MAX];
  for (long k0 = 0; k0 < g->K; k0 += KC) {
    const long kc = g->K - k0 < KC ? g->K - k0 : KC;
    for (long k = 0; k < kc; k++) koff[k] = (k0 + k) * g->sak;
    for (long j = j0; j < j1; j += NR) {
      const long w = j1 - j < NR ? j1 - j : NR;
      if (g->trans_b) pack_b(g, k0, kc, j, w, NR, pack);
      for (long i = i0; i < i1; i += MR) {
        const int rows = i1 - i < MR ? (int)(i1 - i) : (int)MR;
        for (int r = 0; r < rows; r++) roff[r] = (i + r) * g->sai;
        const seg_args a = {.a = g->a, .roff = roff, .koff = koff, .K = kc,
                            .b = g->trans_b ? pack : g->b + k0 * g->ldb + j, .ldb = g->trans_b ? NR : g->ldb,
                            .c = g->c + i * g->ldc + j, .ldc = g->ldc, .first = k0 == 0 && !g->accumulate};
        kern->block(&a, rows, w);
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

long gemm_pack_floats(void) { return (long)KC * NR_MAX; }
