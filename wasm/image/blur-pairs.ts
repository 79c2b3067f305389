// The 16-bit pair-dot passes of blur.ts (SIMD128 build, and rows narrower than 16 values in both
// builds): two taps per i32x4.dot_i16x8_s (pmaddwd, a single instruction, unlike the other 16-bit
// multiplies), the two values at ±t added first, then two such sums interleaved and multiplied by
// their two taps at once. Accumulates in 32 bits.

/** Sum of eight bytes at j of two rows, widened. */
// @ts-ignore: decorator
@inline export function sum8(up: usize, down: usize, j: usize): v128 {
  return i16x8.add(v128.load8x8_u(up + j), v128.load8x8_u(down + j));
}

/** Lanes 0-3 of a tap group: a_i·k0 + b_i·k1 for the interleaved pairs (a_i, b_i), in 32 bits. */
// @ts-ignore: decorator
@inline function dotLow(a: v128, b: v128, k: v128): v128 {
  return i32x4.dot_i16x8_s(i16x8.shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11), k);
}

/** Lanes 4-7 of a tap group (see dotLow). */
// @ts-ignore: decorator
@inline function dotHigh(a: v128, b: v128, k: v128): v128 {
  return i32x4.dot_i16x8_s(i16x8.shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15), k);
}

/** Sum of the two source rows of tap t ≥ 1 at byte j, widened. */
// @ts-ignore: decorator
@inline function pairSum(rows: usize, t: i32, j: usize): v128 {
  const pair = rows + (<usize>t << 3);
  return i16x8.add(v128.load8x8_u(<usize>load<u32>(pair) + j), v128.load8x8_u(<usize>load<u32>(pair, 4) + j));
}

/** Scalar version of rowSum for one value. */
// @ts-ignore: decorator
@inline function rowSum1(rows: usize, t: i32, j: usize): i32 {
  const pair = rows + (<usize>t << 3);
  const up = <i32>load<u8>(<usize>load<u32>(pair) + j);
  return t === 0 ? up : up + <i32>load<u8>(<usize>load<u32>(pair, 4) + j);
}

// The 16-bit row holds pixel·64 + 32, rounded: the extra half pixel makes the horizontal pass's
// final shift round (its taps sum to 2^15) without an add of its own.
const BIAS = (1 << 8) + (32 << 9);

/** One row of 16-bit values (pixel·64 + 32, rounded) from the source rows listed at `rows`. */
export function verticalPass(rows: usize, out: usize, stride: i32, coef: usize, g: i32): void {
  const half = i32x4.splat(BIAS);
  const centre = <usize>load<u32>(rows);
  // the rows of t = 1..5 held in locals (registers) for the written-out groups
  const u1 = <usize>load<u32>(rows, 8), d1 = <usize>load<u32>(rows, 12);
  const u2 = <usize>load<u32>(rows, 16), d2 = <usize>load<u32>(rows, 20);
  const u3 = <usize>load<u32>(rows, 24), d3 = <usize>load<u32>(rows, 28);
  const u4 = <usize>load<u32>(rows, 32), d4 = <usize>load<u32>(rows, 36);
  const u5 = <usize>load<u32>(rows, 40), d5 = <usize>load<u32>(rows, 44);
  let j = 0;
  const last = stride - 16;
  while (stride >= 16) {
    if (j > last) j = last; // the final chunk overlaps the previous one instead of running past the row
    // group 0 (the centre row and t = 1) peeled off, so that the loop needs no t = 0 case
    const c0 = v128.load(coef);
    const a0 = v128.load8x8_u(centre + j), b0 = sum8(u1, d1, j);
    const a1 = v128.load8x8_u(centre + j + 8), b1 = sum8(u1, d1, j + 8);
    let l0 = i32x4.add(half, dotLow(a0, b0, c0));
    let l1 = i32x4.add(half, dotHigh(a0, b0, c0));
    let h0 = i32x4.add(half, dotLow(a1, b1, c0));
    let h1 = i32x4.add(half, dotHigh(a1, b1, c0));
    // groups 1 and 2 written out (σ ≤ 5/3 needs no more), the rest in a loop
    if (g > 1) {
      const k = 1;
      const ck = v128.load(coef + (<usize>k << 4));
      const a = sum8(u2, d2, j), b = sum8(u3, d3, j);
      l0 = i32x4.add(l0, dotLow(a, b, ck));
      l1 = i32x4.add(l1, dotHigh(a, b, ck));
      const a2 = sum8(u2, d2, j + 8), b2 = sum8(u3, d3, j + 8);
      h0 = i32x4.add(h0, dotLow(a2, b2, ck));
      h1 = i32x4.add(h1, dotHigh(a2, b2, ck));
    }
    if (g > 2) {
      const k = 2;
      const ck = v128.load(coef + (<usize>k << 4));
      const a = sum8(u4, d4, j), b = sum8(u5, d5, j);
      l0 = i32x4.add(l0, dotLow(a, b, ck));
      l1 = i32x4.add(l1, dotHigh(a, b, ck));
      const a2 = sum8(u4, d4, j + 8), b2 = sum8(u5, d5, j + 8);
      h0 = i32x4.add(h0, dotLow(a2, b2, ck));
      h1 = i32x4.add(h1, dotHigh(a2, b2, ck));
    }
    for (let k = 3; k < g; k++) {
      const ck = v128.load(coef + (<usize>k << 4));
      const a = pairSum(rows, 2 * k, j), b = pairSum(rows, 2 * k + 1, j);
      l0 = i32x4.add(l0, dotLow(a, b, ck));
      l1 = i32x4.add(l1, dotHigh(a, b, ck));
      const a2 = pairSum(rows, 2 * k, j + 8), b2 = pairSum(rows, 2 * k + 1, j + 8);
      h0 = i32x4.add(h0, dotLow(a2, b2, ck));
      h1 = i32x4.add(h1, dotHigh(a2, b2, ck));
    }
    v128.store(out + (<usize>j << 1), i16x8.narrow_i32x4_s(i32x4.shr_s(l0, 9), i32x4.shr_s(l1, 9)));
    v128.store(out + (<usize>j << 1), i16x8.narrow_i32x4_s(i32x4.shr_s(h0, 9), i32x4.shr_s(h1, 9)), 16);
    if (j === last) break;
    j += 16;
  }
  if (stride < 16) {
    for (let i = 0; i < stride; i++) {
      let acc = BIAS;
      for (let k = 0; k < g; k++) {
        const ka = <i32>load<i16>(coef + (<usize>k << 4)), kb = <i32>load<i16>(coef + (<usize>k << 4), 2);
        acc += rowSum1(rows, 2 * k, i) * ka + rowSum1(rows, 2 * k + 1, i) * kb;
      }
      store<i16>(out + (<usize>i << 1), <i16>(acc >> 9));
    }
  }
}

/** colSum for 1 ≤ t ≤ 5, reading the left value relative to left = at - 6c values. */
// @ts-ignore: decorator
@inline export function colSumLeft(at: usize, left: usize, t: i32, c: i32, offset: usize): v128 {
  return i16x8.add(v128.load(left + (<usize>((6 - t) * c) << 1) + offset), v128.load(at + (<usize>(t * c) << 1) + offset));
}

/** Sum of the 16-bit values at ±t·c around `at` (t ≥ 1), eight lanes. */
// @ts-ignore: decorator
@inline export function colSum(at: usize, t: i32, c: i32, offset: usize): v128 {
  const off = <usize>(t * c) << 1;
  return i16x8.add(v128.load(at - off + offset), v128.load(at + off + offset));
}

// @ts-ignore: decorator
@inline function colSum1(at: usize, t: i32, c: i32): i32 {
  if (t === 0) return <i32>load<i16>(at);
  const off = <usize>(t * c) << 1;
  return <i32>load<i16>(at - off) + <i32>load<i16>(at + off);
}

/** One output row from the padded 16-bit row: (Σ tap·value) >> 21, clamped to 0..255. */
export function horizontalPass(mid: usize, out: usize, stride: i32, c: i32, coef: usize, g: i32): void {
  // with c a constant, every offset below becomes an immediate of the load instructions
  if (c === 3) horizontalRow(mid, out, stride, 3, coef, g);
  else if (c === 1) horizontalRow(mid, out, stride, 1, coef, g);
  else horizontalRow(mid, out, stride, c, coef, g);
}

// @ts-ignore: decorator
@inline function horizontalRow(mid: usize, out: usize, stride: i32, c: i32, coef: usize, g: i32): void {
  let j = 0;
  const last = stride - 16;
  while (stride >= 16) {
    if (j > last) j = last;
    const at = mid + (<usize>j << 1);
    // values left of `at` are read relative to `left`, as wasm offsets cannot be negative
    const left = at - (<usize>(6 * c) << 1);
    // group 0 (the centre and t = 1) peeled off, so that the loop needs no t = 0 case
    const c0 = v128.load(coef);
    const a0 = v128.load(at), b0 = colSumLeft(at, left, 1, c, 0);
    const a1 = v128.load(at, 16), b1 = colSumLeft(at, left, 1, c, 16);
    let l0 = dotLow(a0, b0, c0);
    let l1 = dotHigh(a0, b0, c0);
    let h0 = dotLow(a1, b1, c0);
    let h1 = dotHigh(a1, b1, c0);
    // groups 1 and 2 written out (σ ≤ 5/3 needs no more), the rest in a loop
    if (g > 1) {
      const k = 1;
      const ck = v128.load(coef + (<usize>k << 4));
      const a = colSumLeft(at, left, 2 * k, c, 0), b = colSumLeft(at, left, 2 * k + 1, c, 0);
      l0 = i32x4.add(l0, dotLow(a, b, ck));
      l1 = i32x4.add(l1, dotHigh(a, b, ck));
      const a2 = colSumLeft(at, left, 2 * k, c, 16), b2 = colSumLeft(at, left, 2 * k + 1, c, 16);
      h0 = i32x4.add(h0, dotLow(a2, b2, ck));
      h1 = i32x4.add(h1, dotHigh(a2, b2, ck));
    }
    if (g > 2) {
      const k = 2;
      const ck = v128.load(coef + (<usize>k << 4));
      const a = colSumLeft(at, left, 2 * k, c, 0), b = colSumLeft(at, left, 2 * k + 1, c, 0);
      l0 = i32x4.add(l0, dotLow(a, b, ck));
      l1 = i32x4.add(l1, dotHigh(a, b, ck));
      const a2 = colSumLeft(at, left, 2 * k, c, 16), b2 = colSumLeft(at, left, 2 * k + 1, c, 16);
      h0 = i32x4.add(h0, dotLow(a2, b2, ck));
      h1 = i32x4.add(h1, dotHigh(a2, b2, ck));
    }
    for (let k = 3; k < g; k++) {
      const ck = v128.load(coef + (<usize>k << 4));
      const a = colSum(at, 2 * k, c, 0), b = colSum(at, 2 * k + 1, c, 0);
      l0 = i32x4.add(l0, dotLow(a, b, ck));
      l1 = i32x4.add(l1, dotHigh(a, b, ck));
      const a2 = colSum(at, 2 * k, c, 16), b2 = colSum(at, 2 * k + 1, c, 16);
      h0 = i32x4.add(h0, dotLow(a2, b2, ck));
      h1 = i32x4.add(h1, dotHigh(a2, b2, ck));
    }
    const lo = i16x8.narrow_i32x4_s(i32x4.shr_s(l0, 21), i32x4.shr_s(l1, 21));
    const hi = i16x8.narrow_i32x4_s(i32x4.shr_s(h0, 21), i32x4.shr_s(h1, 21));
    v128.store(out + j, i8x16.narrow_i16x8_u(lo, hi));
    if (j === last) break;
    j += 16;
  }
  if (stride < 16) {
    for (let i = 0; i < stride; i++) {
      const at = mid + (<usize>i << 1);
      let acc = 0;
      for (let k = 0; k < g; k++) {
        const ka = <i32>load<i16>(coef + (<usize>k << 4)), kb = <i32>load<i16>(coef + (<usize>k << 4), 2);
        acc += colSum1(at, 2 * k, c) * ka + colSum1(at, 2 * k + 1, c) * kb;
      }
      const v = acc >> 21;
      store<u8>(out + i, <u8>(v < 0 ? 0 : v > 255 ? 255 : v));
    }
  }
}

