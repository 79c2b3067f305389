/* Memory-bound elementwise training kernels, AVX2, over a range of elements or rows. */
#ifndef WORKBOOK_ELEMENTWISE_H
#define WORKBOOK_ELEMENTWISE_H
/* out[i] = dy[i] · step(x[i]) for i in [from, to): ReLU's gradient (step: 1 for x > 0, NaN for NaN, else 0). */
void relu_grad_range(const float *dy, const float *x, float *out, long from, long to);
/* out[r, c] = x[r, c] + v[c] for rows [from, to) of [rows, cols]: a bias added along the last axis. */
void add_row_vector_rows(const float *x, const float *v, float *out, long cols, long from, long to);
/* out[i] = x[i] > 0 or NaN ? x[i] : 0 for i in [from, to): ReLU. */
void relu_range(const float *x, float *out, long from, long to);
/* dst[c] = Σ_r x[r, c] (summed in float64) for columns [from, to) of [rows, cols]: a bias gradient. */
void column_sums_range(const float *x, float *dst, long rows, long cols, long from, long to);
#endif
