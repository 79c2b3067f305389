/*
 * Convolutions as one register-blocked matrix product whose K runs over the filter's rows (implicit GEMM: no im2col copy),
 * NHWC, undilated, any stride, on an input already zero-padded to [b, Hp, Wp, ci].
 */
#ifndef WORKBOOK_CONV_H
#define WORKBOOK_CONV_H
typedef struct {
  long b, Hp, Wp, ci, outH, outW, co, kh, kw, sh, sw;
} conv_shape;

/* Units [u0, u1) of out = conv(xp, filter [kh, kw, ci, co]): unit u is output pixels 12u .. 12u + 11 (conv.c: UNIT). */
void conv_forward_units(const conv_shape *s, const float *xp, const float *filter, float *out, long u0, long u1);
long conv_forward_unit_count(const conv_shape *s);
/* Rows [i0, i1) × columns [j0, j1) of the filter gradient dw [kh, kw, ci, co] = Σ xp-patches ⊗ dy, dw viewed as [kh·kw·ci, co]. */
void conv_filter_grad_part(const conv_shape *s, const float *xp, const float *dy, float *dw, long i0, long i1,
                           long j0, long j1);
/* Rows [r0, r1) of b·Hp of xp, the zero-padded copy of x [b, H, W, ci] (top rows and left columns of zeros first). */
void conv_pad_rows(const conv_shape *s, const float *x, float *xp, long H, long W, long top, long left, long r0,
                   long r1);
#endif
