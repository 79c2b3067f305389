/*
 * Convolutions as sums of matrix products over the filter's rows (implicit GEMM: no im2col copy),
 * NHWC, undilated, any stride, on an input already zero-padded to [b, Hp, Wp, ci].
 */
#ifndef WORKBOOK_CONV_H
#define WORKBOOK_CONV_H
typedef struct {
  long b, Hp, Wp, ci, outH, outW, co, kh, kw, sh, sw;
} conv_shape;

/* Output rows [r0, r1) (row r = image r / outH, output row r % outH) of out = conv(xp, filter [kh, kw, ci, co]). */
void conv_forward_rows(const conv_shape *s, const float *xp, const float *filter, float *out, long r0, long r1,
                       float *pack);
/* Units [u0, u1) of the filter gradient dw [kh, kw, ci, co] = Σ xp-patches ⊗ dy; see conv.c for the units. */
void conv_filter_grad_units(const conv_shape *s, const float *xp, const float *dy, float *dw, long u0, long u1,
                            float *pack);
long conv_filter_grad_unit_count(const conv_shape *s);
#endif
