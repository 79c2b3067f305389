/*
 * ReLU's gradient and the bias add, the same f32 operations as the wasm kernels
 * (wasm/train/relu-grad.ts, bias.ts), so the same bytes; 8 lanes, and split over threads by the
 * addon (each element is computed alone, so any split gives the same result). Both are bound by
 * memory traffic (a [64, 28, 28, 32] activation is 6.4 MB), which two cores read faster than one.
 */
#include "elementwise.h"
#include <immintrin.h>

__attribute__((target("avx2"))) void relu_grad_range(const float *dy, const float *x, float *out, long from, long to) {
  const __m256 one = _mm256_set1_ps(1), zero = _mm256_setzero_ps();
  long i = from;
  for (; i + 8 <= to; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    __m256 step = _mm256_blendv_ps(zero, one, _mm256_cmp_ps(v, zero, _CMP_GT_OQ));
    step = _mm256_blendv_ps(step, v, _mm256_cmp_ps(v, v, _CMP_UNORD_Q)); /* NaN passes through */
    _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_loadu_ps(dy + i), step));
  }
  for (; i < to; i++) {
    const float v = x[i];
    const float step = v != v ? v : v > 0 ? 1.0f : 0.0f;
    out[i] = dy[i] * step;
  }
}

__attribute__((target("avx2"))) void add_row_vector_rows(const float *x, const float *v, float *out, long cols, long from,
                                                          long to) {
  for (long r = from; r < to; r++) {
    const float *xr = x + r * cols;
    float *o = out + r * cols;
    long c = 0;
    for (; c + 8 <= cols; c += 8) _mm256_storeu_ps(o + c, _mm256_add_ps(_mm256_loadu_ps(xr + c), _mm256_loadu_ps(v + c)));
    for (; c < cols; c++) o[c] = xr[c] + v[c];
  }
}
