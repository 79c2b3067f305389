/* The convolutions' register blocks, AVX2 and AVX-512 (conv_blocks.c). */
#ifndef WORKBOOK_CONV_BLOCKS_H
#define WORKBOOK_CONV_BLOCKS_H
typedef struct {
  const float *a; /* A(r, k) = a[koff[k] + roff[r]] */
  const long *roff, *koff;
  long K;
  const float *b; /* B(k, 0..w) = b[k·ldb + 0..w) */
  long ldb;
  float *c; /* C(r, 0..w) = c[r·ldc + 0..w) */
  long ldc;
  int first; /* 1: C = the sum; 0: C += it (the chains continue from the floats in C) */
} seg_args;

typedef struct {
  const char *name;
  int mr, nr; /* the block's most rows and columns */
  void (*block)(const seg_args *g, int rows, long w); /* rows ≤ mr, w ≤ nr */
} seg_kernel;

/* The blocks in use: AVX-512 where the CPU has it, else AVX2, unless native_set_isa chose. */
const seg_kernel *seg_kernel_best(void);
/* "auto", "avx2" or "avx512" (where the CPU has it), for the whole process; 0 when refused. */
int native_set_isa(const char *name);
#endif
