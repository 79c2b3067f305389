/* C[M, N] = op(A) · op(B) on float32, row-major. A is [M, K] ([K, M] when trans_a), B is [K, N] ([N, K] when trans_b). */
#ifndef WORKBOOK_GEMM_H
#define WORKBOOK_GEMM_H
typedef struct {
  const float *a, *b;
  float *c;
  long M, K, N;
  int trans_a, trans_b;
} gemm_args;

/* Rows [i0, i1) × columns [j0, j1) of C; `pack` holds gemm_pack_floats() floats of scratch. */
void gemm_part(const gemm_args *g, long i0, long i1, long j0, long j1, float *pack);
long gemm_pack_floats(void);

/*
 * The general form: A element (i, k) at a[i·sai + k·sak]; B element (k, j) at
 * b[k·ldb + j] (b[j·ldb + k] when trans_b); C element (i, j) at c[i·ldc + j]. With `accumulate`, each
 * C element's chain of multiply-adds continues from the value in C instead of starting from 0.
 */
typedef struct {
  const float *a;
  long sai, sak;
  const float *b;
  long ldb;
  int trans_b;
  float *c;
  long ldc;
  long K;
  int accumulate;
} gemm_view;

void gemm_view_part(const gemm_view *g, long i0, long i1, long j0, long j1, float *pack);
#endif
