/*
 * One fused Adam step for one variable, AVX2, with tfjs's operations in tfjs's order, each rounded
 * to float32 (the same arithmetic as wasm/train/adam.ts, so the same bytes as tf.train.adam):
 *   m' = m·β1 + g·(1−β1)       v' = v·β2 + g²·(1−β2)
 *   x' = (m'/(1−β1ᵗ)) / (√(v'/(1−β2ᵗ)) + ε) · (−lr) + x
 * Compiled with -ffp-contract=off so no multiply and add are fused. The step is bound by its three
 * divisions and square root per element, which is why eight lanes and several threads pay off.
 */
#include "adam.h"
#include <immintrin.h>
#include <math.h>

__attribute__((target("avx2"))) void adam_part(const adam_args *a, long from, long to) {
  const __m256 b1 = _mm256_set1_ps(a->beta1), c1 = _mm256_set1_ps(a->one_minus_beta1);
  const __m256 b2 = _mm256_set1_ps(a->beta2), c2 = _mm256_set1_ps(a->one_minus_beta2);
  const __m256 d1 = _mm256_set1_ps(a->one_minus_acc_beta1), d2 = _mm256_set1_ps(a->one_minus_acc_beta2);
  const __m256 eps = _mm256_set1_ps(a->epsilon), step = _mm256_set1_ps(a->neg_lr);
  long i = from;
  for (; i + 8 <= to; i += 8) {
    const __m256 g = _mm256_loadu_ps(a->g + i);
    const __m256 m = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(a->m + i), b1), _mm256_mul_ps(g, c1));
    const __m256 v = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(a->v + i), b2), _mm256_mul_ps(_mm256_mul_ps(g, g), c2));
    const __m256 m_hat = _mm256_div_ps(m, d1), v_hat = _mm256_div_ps(v, d2);
    const __m256 x = _mm256_add_ps(
        _mm256_mul_ps(_mm256_div_ps(m_hat, _mm256_add_ps(_mm256_sqrt_ps(v_hat), eps)), step), _mm256_loadu_ps(a->x + i));
    _mm256_storeu_ps(a->m_out + i, m);
    _mm256_storeu_ps(a->v_out + i, v);
    _mm256_storeu_ps(a->x_out + i, x);
  }
  for (; i < to; i++) {
    const float g = a->g[i];
    const float m = a->m[i] * a->beta1 + g * a->one_minus_beta1;
    const float v = a->v[i] * a->beta2 + g * g * a->one_minus_beta2;
    const float x = (m / a->one_minus_acc_beta1) / (sqrtf(v / a->one_minus_acc_beta2) + a->epsilon) * a->neg_lr + a->x[i];
    a->m_out[i] = m;
    a->v_out[i] = v;
    a->x_out[i] = x;
  }
}
