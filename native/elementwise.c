/*
 * ReLU, its gradient, the bias add and the bias gradient (column sums), the same operations as the
 * wasm kernels (stock Relu; wasm/train/relu-grad.ts, bias.ts, reduce.ts), so the same bytes; 8 lanes, and split over threads by the
 * addon (each element, or column sum, is computed alone, so any split gives the same result). Both are bound by
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

/* out[i] = x[i] if x[i] > 0 or x[i] is NaN, else +0: the stock wasm Relu's results (−0 → +0, NaN kept). */
__attribute__((target("avx2"))) void relu_range(const float *x, float *out, long from, long to) {
  const __m256 zero = _mm256_setzero_ps();
  long i = from;
  for (; i + 8 <= to; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    const __m256 keep = _mm256_or_ps(_mm256_cmp_ps(v, zero, _CMP_GT_OQ), _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    _mm256_storeu_ps(out + i, _mm256_and_ps(v, keep));
  }
  for (; i < to; i++) out[i] = x[i] > 0 || x[i] != x[i] ? x[i] : 0.0f;
}

/*
 * dst[c] = Σ_r x[r·cols + c] for columns [from, to) of [rows, cols]: each column summed down the rows
 * in float64, rounded once to float32, as wasm/train/reduce.ts does (the same f64 additions in the
 * same order, so the same bytes; except that where ∞ − ∞ meets an input NaN, which NaN survives, and
 * so its sign bit, is up to the compiler, here as in wasm). Up to 32 columns per pass down the rows (8 ymm accumulators of 4
 * doubles): one pass per 8 columns read each row's cache lines several times, from L3, and took
 * 0.6 ms for the reference CNN's [50176, 32] bias gradient.
 */
#define SUM_GROUPS 4 /* 8-column groups per pass */
__attribute__((target("avx2"))) void column_sums_range(const float *x, float *dst, long rows, long cols, long from,
                                                        long to) {
  long c = from;
  for (; c + 8 <= to; c += 8 * SUM_GROUPS) {
    const int groups = (int)((to - c) / 8 < SUM_GROUPS ? (to - c) / 8 : SUM_GROUPS);
    __m256d acc[2 * SUM_GROUPS];
    for (int g = 0; g < 2 * SUM_GROUPS; g++) acc[g] = _mm256_setzero_pd();
    const float *p = x + c;
    if (groups == SUM_GROUPS) {
      for (long r = 0; r < rows; r++, p += cols)
        _Pragma("GCC unroll 4") for (int g = 0; g < SUM_GROUPS; g++) {
          const __m256 v = _mm256_loadu_ps(p + 8 * g);
          acc[2 * g] = _mm256_add_pd(acc[2 * g], _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
          acc[2 * g + 1] = _mm256_add_pd(acc[2 * g + 1], _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
        }
    } else {
      for (long r = 0; r < rows; r++, p += cols)
        for (int g = 0; g < groups; g++) {
          const __m256 v = _mm256_loadu_ps(p + 8 * g);
          acc[2 * g] = _mm256_add_pd(acc[2 * g], _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
          acc[2 * g + 1] = _mm256_add_pd(acc[2 * g + 1], _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
        }
    }
    for (int g = 0; g < groups; g++) {
      _mm_storeu_ps(dst + c + 8 * g, _mm256_cvtpd_ps(acc[2 * g]));
      _mm_storeu_ps(dst + c + 8 * g + 4, _mm256_cvtpd_ps(acc[2 * g + 1]));
    }
    if (groups < SUM_GROUPS) {
      c += 8 * groups;
      break;
    }
  }
  for (; c < to; c++) {
    double acc = 0;
    for (long r = 0; r < rows; r++) acc += x[r * cols + c];
    dst[c] = (float)acc;
  }
}
