/*
 * Max pooling and its gradient for windows that tile the image, AVX2, by the rules of the wasm
 * kernels (wasm/train/max-pool.ts, pool.ts) and the cpu backend: a window's maximum is replaced
 * only by a value strictly greater, in row-major order (an ordered `>`: NaN never wins), and the
 * gradient goes to that first strict maximum, 0 to the window's other pixels; a window of only
 * −∞/NaN sends nothing. Windows are disjoint, so threads split output rows and write disjoint
 * pixels: the same bytes at any thread count. Pixels outside every window are not touched.
 */
#include "pool2d.h"
#include <immintrin.h>

__attribute__((target("avx2"))) void max_pool_rows(const pool_shape *s, const float *x, float *out, long r0, long r1) {
  const long C = s->C, row = s->W * C;
  for (long r = r0; r < r1; r++) {
    const long b = r / s->OH, oh = r % s->OH;
    for (long ow = 0; ow < s->OW; ow++) {
      const float *corner = x + ((b * s->H + oh * s->fh) * s->W + ow * s->fw) * C;
      float *o = out + (r * s->OW + ow) * C;
      long c = 0;
      for (; c + 8 <= C; c += 8) {
        __m256 best = _mm256_set1_ps(-__builtin_inff());
        for (long i = 0; i < s->fh; i++)
          for (long j = 0; j < s->fw; j++) {
            const __m256 v = _mm256_loadu_ps(corner + i * row + j * C + c);
            best = _mm256_blendv_ps(best, v, _mm256_cmp_ps(v, best, _CMP_GT_OQ));
          }
        _mm256_storeu_ps(o + c, best);
      }
      for (; c < C; c++) {
        float best = -__builtin_inff();
        for (long i = 0; i < s->fh; i++)
          for (long j = 0; j < s->fw; j++) {
            const float v = corner[i * row + j * C + c];
            if (v > best) best = v;
          }
        o[c] = best;
      }
    }
  }
}

__attribute__((target("avx2"))) void max_pool_grad_rows(const pool_shape *s, const float *x, const float *dy,
                                                         float *dx, long r0, long r1) {
  const long C = s->C, row = s->W * C;
  for (long r = r0; r < r1; r++) {
    const long b = r / s->OH, oh = r % s->OH;
    for (long ow = 0; ow < s->OW; ow++) {
      const long corner = ((b * s->H + oh * s->fh) * s->W + ow * s->fw) * C;
      const float *g = dy + (r * s->OW + ow) * C;
      long c = 0;
      for (; c + 8 <= C; c += 8) {
        __m256 best = _mm256_set1_ps(-__builtin_inff());
        __m256i where = _mm256_set1_epi32(-1);
        int k = 0;
        for (long i = 0; i < s->fh; i++)
          for (long j = 0; j < s->fw; j++, k++) {
            const __m256 v = _mm256_loadu_ps(x + corner + i * row + j * C + c);
            const __m256 gt = _mm256_cmp_ps(v, best, _CMP_GT_OQ);
            best = _mm256_blendv_ps(best, v, gt);
            where = _mm256_castps_si256(
                _mm256_blendv_ps(_mm256_castsi256_ps(where), _mm256_castsi256_ps(_mm256_set1_epi32(k)), gt));
          }
        const __m256 gv = _mm256_loadu_ps(g + c);
        k = 0;
        for (long i = 0; i < s->fh; i++)
          for (long j = 0; j < s->fw; j++, k++) {
            const __m256 hit = _mm256_castsi256_ps(_mm256_cmpeq_epi32(where, _mm256_set1_epi32(k)));
            _mm256_storeu_ps(dx + corner + i * row + j * C + c, _mm256_and_ps(gv, hit));
          }
      }
      for (; c < C; c++) {
        float best = -__builtin_inff();
        long where = -1;
        for (long i = 0; i < s->fh; i++)
          for (long j = 0; j < s->fw; j++) {
            const long at = corner + i * row + j * C + c;
            if (x[at] > best) {
              best = x[at];
              where = at;
            }
            dx[at] = 0;
          }
        if (where >= 0) dx[where] = g[c];
      }
    }
  }
}
