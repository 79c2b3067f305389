// The horizontal pass of blur.ts for the relaxed-SIMD build: i16x8.relaxed_q15mulr_s is one
// instruction there (pmulhrsw), so each sum of the two values at ±t is multiplied by its tap in 16
// bits, with no interleaving shuffles and no 32-bit lanes. Sums stay below 2^15 (values are at most
// 255·64 + 32) and taps are below 2^15, so the relaxed multiply is deterministic. The products keep
// the row's 6 fractional bits; its +32 makes the final shift round.

/**
 * Sum of the 16-bit values at ±t·c around `at`, eight lanes, for 1 ≤ t ≤ 5: the left one is read
 * relative to left = at - 6c values, as wasm offsets cannot be negative.
 */
// @ts-ignore: decorator
@inline function colSumLeft(at: usize, left: usize, t: i32, c: i32, offset: usize): v128 {
  return i16x8.add(v128.load(left + (<usize>((6 - t) * c) << 1) + offset), v128.load(at + (<usize>(t * c) << 1) + offset));
}

/** The same for any t ≥ 1. */
// @ts-ignore: decorator
@inline function colSum(at: usize, t: i32, c: i32, offset: usize): v128 {
  const off = <usize>(t * c) << 1;
  return i16x8.add(v128.load(at - off + offset), v128.load(at + off + offset));
}

/** One output row from the padded 16-bit row at mid (stride ≥ 16); taps: r+1 i16x8 splats, centre first. */
export function horizontalPassQ15(mid: usize, out: usize, stride: i32, c: i32, taps: usize, r: i32): void {
  if (c === 3) horizontalRowQ15(mid, out, stride, 3, taps, r);
  else if (c === 1) horizontalRowQ15(mid, out, stride, 1, taps, r);
  else horizontalRowQ15(mid, out, stride, c, taps, r);
}

/** Σ over t of tap_t·(value at -t + value at +t), eight lanes at `at` + offset (t ≥ 1). */
// @ts-ignore: decorator
@inline function tapSum(at: usize, left: usize, t: i32, c: i32, tap: v128, offset: usize): v128 {
  return i16x8.relaxed_q15mulr_s(colSumLeft(at, left, t, c, offset), tap);
}

// @ts-ignore: decorator
@inline function horizontalRowQ15(mid: usize, out: usize, stride: i32, c: i32, taps: usize, r: i32): void {
  let j = 0;
  const last = stride - 16;
  const k0 = v128.load(taps), k1 = v128.load(taps, 16);
  while (true) {
    if (j > last) j = last; // the final chunk overlaps the previous one instead of running past the row
    const at = mid + (<usize>j << 1);
    const left = at - (<usize>(6 * c) << 1);
    let lo = i16x8.add(i16x8.relaxed_q15mulr_s(v128.load(at), k0), tapSum(at, left, 1, c, k1, 0));
    let hi = i16x8.add(i16x8.relaxed_q15mulr_s(v128.load(at, 16), k0), tapSum(at, left, 1, c, k1, 16));
    // t = 2..5 written out (σ ≤ 5/3 needs no more), the rest in a loop
    if (r >= 2) {
      const k = v128.load(taps, 32);
      lo = i16x8.add(lo, tapSum(at, left, 2, c, k, 0));
      hi = i16x8.add(hi, tapSum(at, left, 2, c, k, 16));
    }
    if (r >= 3) {
      const k = v128.load(taps, 48);
      lo = i16x8.add(lo, tapSum(at, left, 3, c, k, 0));
      hi = i16x8.add(hi, tapSum(at, left, 3, c, k, 16));
    }
    if (r >= 4) {
      const k = v128.load(taps, 64);
      lo = i16x8.add(lo, tapSum(at, left, 4, c, k, 0));
      hi = i16x8.add(hi, tapSum(at, left, 4, c, k, 16));
    }
    if (r >= 5) {
      const k = v128.load(taps, 80);
      lo = i16x8.add(lo, tapSum(at, left, 5, c, k, 0));
      hi = i16x8.add(hi, tapSum(at, left, 5, c, k, 16));
    }
    for (let t = 6; t <= r; t++) {
      const k = v128.load(taps + (<usize>t << 4));
      lo = i16x8.add(lo, i16x8.relaxed_q15mulr_s(colSum(at, t, c, 0), k));
      hi = i16x8.add(hi, i16x8.relaxed_q15mulr_s(colSum(at, t, c, 16), k));
    }
    v128.store(out + j, i8x16.narrow_i16x8_u(i16x8.shr_s(lo, 6), i16x8.shr_s(hi, 6)));
    if (j === last) break;
    j += 16;
  }
}
