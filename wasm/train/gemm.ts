// C = A·B for the filter gradient, where B is a fresh tensor every step (dy). XNNPACK's matmul
// re-packs its right operand on every call, which for dy costs as much as a third of the
// product itself (5 ms of 17 for the reference CNN's second conv); this kernel reads A and B
// where they lie, so there is nothing to pack.

import { madd } from './madd';

const KC: i32 = 256; // reduction steps per pass: a 256×co slice of B stays in L2, 4 rows of A in L1

/**
 * c[m, n] = Σ_k a[m, k] · b[k, n] for row-major f32 matrices a [M, K], b [K, N], c [M, N]
 * (c is overwritten). Blocks of 4 rows × 8 columns keep their sums in eight v128 registers;
 * each step splats one value of each of the 4 rows of A and multiplies two vectors of a row of B.
 * (Bigger blocks would hide the fused multiply-add's latency better, but V8 has 16 SIMD registers
 * and loads all splats before the products: 5×8 and 6×8 blocks spill and run at half speed.)
 * The reduction runs in slices of KC so the B rows a pass touches stay in cache.
 */
export function matmul(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32): void {
  memory.fill(c, 0, (<usize>M * N) << 2);
  const rowA = <usize>K << 2;
  const rowB = <usize>N << 2;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kn = min(KC, K - k0);
    let m = 0;
    for (; m + 4 <= M; m += 4) {
      const a0 = a + <usize>m * rowA + (<usize>k0 << 2);
      const c0 = c + <usize>m * rowB;
      let n = 0;
      for (; n + 8 <= N; n += 8) block4x8(a0, rowA, b + <usize>k0 * rowB + (<usize>n << 2), rowB, c0 + (<usize>n << 2), kn);
      for (; n < N; n++) for (let r = 0; r < 4; r++) column1(a0 + <usize>r * rowA, b + <usize>k0 * rowB + (<usize>n << 2), rowB, c0 + <usize>r * rowB + (<usize>n << 2), kn);
    }
    for (; m < M; m++) {
      const a0 = a + <usize>m * rowA + (<usize>k0 << 2);
      const c0 = c + <usize>m * rowB;
      let n = 0;
      for (; n + 8 <= N; n += 8) block1x8(a0, b + <usize>k0 * rowB + (<usize>n << 2), rowB, c0 + (<usize>n << 2), kn);
      for (; n < N; n++) column1(a0, b + <usize>k0 * rowB + (<usize>n << 2), rowB, c0 + (<usize>n << 2), kn);
    }
  }
}

// @ts-ignore: decorator
@inline function block4x8(a: usize, rowA: usize, b: usize, rowB: usize, c: usize, kn: i32): void {
  let c00 = v128.load(c), c01 = v128.load(c, 16);
  let c10 = v128.load(c + rowB), c11 = v128.load(c + rowB, 16);
  let c20 = v128.load(c + 2 * rowB), c21 = v128.load(c + 2 * rowB, 16);
  let c30 = v128.load(c + 3 * rowB), c31 = v128.load(c + 3 * rowB, 16);
  const a1 = a + rowA, a2 = a + 2 * rowA, a3 = a + 3 * rowA;
  for (let k = 0; k < kn; k++) {
    const o = <usize>k << 2;
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    b += rowB;
    const x0 = v128.load32_splat(a + o);
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    const x1 = v128.load32_splat(a1 + o);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    const x2 = v128.load32_splat(a2 + o);
    c20 = madd(x2, b0, c20);
    c21 = madd(x2, b1, c21);
    const x3 = v128.load32_splat(a3 + o);
    c30 = madd(x3, b0, c30);
    c31 = madd(x3, b1, c31);
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + rowB, c10); v128.store(c + rowB, c11, 16);
  v128.store(c + 2 * rowB, c20); v128.store(c + 2 * rowB, c21, 16);
  v128.store(c + 3 * rowB, c30); v128.store(c + 3 * rowB, c31, 16);
}

// @ts-ignore: decorator
@inline function block1x8(a: usize, b: usize, rowB: usize, c: usize, kn: i32): void {
  let c0 = v128.load(c), c1 = v128.load(c, 16);
  for (let k = 0; k < kn; k++) {
    const x = v128.load32_splat(a + (<usize>k << 2));
    c0 = madd(x, v128.load(b), c0);
    c1 = madd(x, v128.load(b, 16), c1);
    b += rowB;
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

// @ts-ignore: decorator
@inline function column1(a: usize, b: usize, rowB: usize, c: usize, kn: i32): void {
  let s = load<f32>(c);
  for (let k = 0; k < kn; k++) {
    s += load<f32>(a + (<usize>k << 2)) * load<f32>(b);
    b += rowB;
  }
  store<f32>(c, s);
}
