// ReLU's gradient in one pass. tfjs's gradient for Relu is mul(dy, step(x)): two kernels, two passes
// over the activation and one temporary, for every ReLU in the network on every step.

/**
 * out[i] = dy[i] · step(x[i]) for f32 dy, x, out of n values, where step(x) is 1 for x > 0, NaN for
 * NaN and 0 otherwise — exactly tfjs's Step with alpha 0 — and the product is the same f32
 * multiply, so the result is bit-for-bit mul(dy, step(x)) (−0 for a negative dy at x ≤ 0, NaN for
 * an infinite dy there, as in the stock pair). out may be dy.
 */
export function reluGrad(dy: usize, x: usize, out: usize, n: i32): void {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  const bytes = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) {
    const v = v128.load(x + i);
    // 1 where x > 0, else 0; then x itself (a NaN) where x is NaN
    const step = v128.bitselect(v, v128.bitselect(one, zero, f32x4.gt(v, zero)), f32x4.ne(v, v));
    v128.store(out + i, f32x4.mul(v128.load(dy + i), step));
  }
  for (; i < bytes; i += 4) {
    const v = load<f32>(x + i);
    const step: f32 = v != v ? v : v > 0 ? 1 : 0;
    store<f32>(out + i, load<f32>(dy + i) * step);
  }
}
