// The two passes of blur.ts for the relaxed-SIMD build: i16x8.relaxed_q15mulr_s is one instruction
// there (pmulhrsw), so each sum of the two values at ±t is multiplied by its tap in 16 bits, with no
// interleaving shuffles, no 32-bit lanes and no wasted zero tap when r is even. Sums stay below 2^15
// (two source bytes·64: at most 32640; two row values: at most 2·(255·64 + 32) = 32704) and taps
// are below 2^15, so the relaxed multiply is deterministic. Products keep 6 fractional bits; the
// row's +32 makes the horizontal pass's final shift round.
import { colSum, colSumLeft, sum8 } from './blur-pairs';

/** Sum of the two source rows of tap t at byte j (eight lanes), times 64: at most 510·64 < 2^15. */
// @ts-ignore: decorator
@inline function rowPair(up: usize, down: usize, j: usize): v128 {
  return i16x8.shl(sum8(up, down, j), 6);
}

/** tap·(sum of the two source rows of tap t at byte j), eight lanes. */
// @ts-ignore: decorator
@inline function rowTap(rows: usize, t: i32, tap: v128, j: usize): v128 {
  const pair = rows + (<usize>t << 3);
  return i16x8.relaxed_q15mulr_s(rowPair(<usize>load<u32>(pair), <usize>load<u32>(pair, 4), j), tap);
}

/**
 * One row of 16-bit values (pixel·64 + 32) from the source rows listed at `rows` (t = 0..r: up and
 * down row addresses as u32 pairs), stride ≥ 16; taps: r+1 i16x8 splats, centre first.
 */
export function verticalPassQ15(rows: usize, out: usize, stride: i32, taps: usize, r: i32): void {
  const half = i16x8.splat(32);
  const centre = <usize>load<u32>(rows);
  const k0 = v128.load(taps), k1 = v128.load(taps, 16), k2 = v128.load(taps, 32);
  // t = 1, 2 with their row addresses in locals (registers), t = 3..5 written out (σ ≤ 5/3 needs no more)
  const u1 = <usize>load<u32>(rows, 8), d1 = <usize>load<u32>(rows, 12);
  const u2 = <usize>load<u32>(rows, 16), d2 = <usize>load<u32>(rows, 20);
  let j = 0;
  const last = stride - 16;
  while (true) {
    if (j > last) j = last; // the final chunk overlaps the previous one instead of running past the row
    let lo = i16x8.add(half, i16x8.relaxed_q15mulr_s(i16x8.shl(v128.load8x8_u(centre + j), 6), k0));
    let hi = i16x8.add(half, i16x8.relaxed_q15mulr_s(i16x8.shl(v128.load8x8_u(centre + j + 8), 6), k0));
    lo = i16x8.add(lo, i16x8.relaxed_q15mulr_s(rowPair(u1, d1, j), k1));
    hi = i16x8.add(hi, i16x8.relaxed_q15mulr_s(rowPair(u1, d1, j + 8), k1));
    if (r >= 2) {
      lo = i16x8.add(lo, i16x8.relaxed_q15mulr_s(rowPair(u2, d2, j), k2));
      hi = i16x8.add(hi, i16x8.relaxed_q15mulr_s(rowPair(u2, d2, j + 8), k2));
    }
    if (r >= 3) {
      lo = i16x8.add(lo, rowTap(rows, 3, v128.load(taps, 48), j));
      hi = i16x8.add(hi, rowTap(rows, 3, v128.load(taps, 48), j + 8));
    }
    if (r >= 4) {
      lo = i16x8.add(lo, rowTap(rows, 4, v128.load(taps, 64), j));
      hi = i16x8.add(hi, rowTap(rows, 4, v128.load(taps, 64), j + 8));
    }
    if (r >= 5) {
      lo = i16x8.add(lo, rowTap(rows, 5, v128.load(taps, 80), j));
      hi = i16x8.add(hi, rowTap(rows, 5, v128.load(taps, 80), j + 8));
    }
    for (let t = 6; t <= r; t++) {
      const k = v128.load(taps + (<usize>t << 4));
      lo = i16x8.add(lo, rowTap(rows, t, k, j));
      hi = i16x8.add(hi, rowTap(rows, t, k, j + 8));
    }
    v128.store(out + (<usize>j << 1), lo);
    v128.store(out + (<usize>j << 1), hi, 16);
    if (j === last) break;
    j += 16;
  }
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
