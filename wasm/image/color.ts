// Colour kernels on 0-255 bytes (see wasm/image.ts for the conventions): brightness and contrast
// (offset, linear map), the sums behind contrast's mean grey, and the 3×3 matrix of saturation/hue.

/** dst = clamp(src + offset): brightness, one saturating add per 16 bytes. */
export function offsetU8(src: usize, dst: usize, length: i32, offset: i32): void {
  const v = i8x16.splat(<i8>(offset < 0 ? -offset : offset));
  let i = 0;
  if (offset >= 0) for (; i + 16 <= length; i += 16) v128.store(dst + i, i8x16.add_sat_u(v128.load(src + i), v));
  else for (; i + 16 <= length; i += 16) v128.store(dst + i, i8x16.sub_sat_u(v128.load(src + i), v));
  for (; i < length; i++) {
    const r = <i32>load<u8>(src + i) + offset;
    store<u8>(dst + i, <u8>(r < 0 ? 0 : r > 255 ? 255 : r));
  }
}

/**
 * dst = clamp(round(a·src + b)) in 16-bit fixed point: i16x8.q15mulr_sat gives round(x·m / 2^15),
 * so pixels are pre-shifted left by 7 (255·128 still fits in i16) and the factor carries 8 + k
 * fractional bits, leaving k in the result; aq = round(a·2^(8+k)) (|aq| < 2^15, 255·a·2^k < 2^15) and
 * bq = round(b·2^k) + 2^(k-1) clamped to i16 (the half makes the final shift round).
 */
export function linearU8(src: usize, dst: usize, length: i32, aq: i32, bq: i32, k: i32): void {
  const va = i16x8.splat(<i16>aq);
  const vb = i16x8.splat(<i16>bq);
  let i = 0;
  for (; i + 16 <= length; i += 16) {
    const x = v128.load(src + i);
    const lo = i16x8.shl(i16x8.extend_low_i8x16_u(x), 7);
    const hi = i16x8.shl(i16x8.extend_high_i8x16_u(x), 7);
    // a saturating add keeps overflow on the correct side of 0..255 (aq·x ≥ 0)
    const l = i16x8.shr_s(i16x8.add_sat_s(i16x8.q15mulr_sat_s(lo, va), vb), k);
    const h = i16x8.shr_s(i16x8.add_sat_s(i16x8.q15mulr_sat_s(hi, va), vb), k);
    v128.store(dst + i, i8x16.narrow_i16x8_u(l, h));
  }
  for (; i < length; i++) {
    const p = (<i32>load<u8>(src + i) * 128 * aq + 16384) >> 15;
    const s = p + bq;
    const v = (s < -32768 ? -32768 : s > 32767 ? 32767 : s) >> k;
    store<u8>(dst + i, <u8>(v < 0 ? 0 : v > 255 ? 255 : v));
  }
}

/**
 * Column sums of the image seen as rows of 48 bytes: out[p] (u32) = Σ src[i] over i ≡ p (mod 48).
 * 48 bytes hold whole pixels for c = 1, 2, 3 or 4, so the caller folds out[p] into channel p mod c.
 * Each 16-bit lane always sees the same position: lanes add up in 16 bits (at most 128 blocks
 * before they could overflow) and are then folded into 32-bit totals.
 */
export function blockSumsU8(src: usize, length: i32, out: usize): void {
  memory.fill(out, 0, 48 * 4);
  let i = 0;
  while (i + 48 <= length) {
    let a0 = i16x8.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    for (let b = 0; b < 128 && i + 48 <= length; b++, i += 48) {
      const v0 = v128.load(src + i), v1 = v128.load(src + i, 16), v2 = v128.load(src + i, 32);
      a0 = i16x8.add(a0, i16x8.extend_low_i8x16_u(v0));
      a1 = i16x8.add(a1, i16x8.extend_high_i8x16_u(v0));
      a2 = i16x8.add(a2, i16x8.extend_low_i8x16_u(v1));
      a3 = i16x8.add(a3, i16x8.extend_high_i8x16_u(v1));
      a4 = i16x8.add(a4, i16x8.extend_low_i8x16_u(v2));
      a5 = i16x8.add(a5, i16x8.extend_high_i8x16_u(v2));
    }
    fold(out, 0, a0);
    fold(out, 8, a1);
    fold(out, 16, a2);
    fold(out, 24, a3);
    fold(out, 32, a4);
    fold(out, 40, a5);
  }
  for (let p = 0; i < length; i++, p++) store<u32>(out + p * 4, load<u32>(out + p * 4) + load<u8>(src + i));
}

/** Adds eight 16-bit lane sums to the u32 totals out[p..p+8). */
// @ts-ignore: decorator
@inline function fold(out: usize, p: i32, a: v128): void {
  const at = out + p * 4;
  v128.store(at, i32x4.add(v128.load(at), i32x4.extend_low_i16x8_u(a)));
  v128.store(at, i32x4.add(v128.load(at, 16), i32x4.extend_high_i16x8_u(a)), 16);
}

/** Fractional bits of matrix3U8's coefficients: fixed, so that shifts take an immediate. */
export const MATRIX_BITS = 11;

/**
 * dst_rgb = M·src_rgb on 3-channel pixels, rounded and clamped, without deinterleaving: widened,
 * the bytes form 16-bit pairs P0 = (R0, G0), P1 = (B0, R1), P2 = (G1, B1), P3 = (R2, G2), ... and
 * every output byte is the sum of two pair products, e.g. X0 = P0·(m00, m01) + P1·(m02, 0) and
 * X1 = P1·(0, m00) + P2·(m01, m02). So four output bytes in memory order are two
 * i32x4.dot_i16x8_s of pairs arranged by pshufd-style shuffles (one instruction each, unlike
 * byte shuffles) against per-lane coefficients. coef: six i16x8 (16-byte aligned) = the A and B
 * coefficients of the three groups of four output bytes that four pixels make
 * (X0 Y0 Z0 X1 | Y1 Z1 X2 Y2 | Z2 X3 Y3 Z3), in units of 2^-11.
 */
export function matrix3U8(src: usize, dst: usize, pixels: i32, coef: usize): void {
  const length = pixels * 3;
  const a0 = v128.load(coef), b0 = v128.load(coef, 16), a1 = v128.load(coef, 32), b1 = v128.load(coef, 48);
  const a2 = v128.load(coef, 64), b2 = v128.load(coef, 80);
  const zero = i32x4.splat(0);
  let i = 0;
  // 16 pixels per step, four at a time; the twelve groups come out in memory order, so two
  // rounds of narrowing put them in place. The last widening load reads up to byte 49 of 48.
  // Each 16-byte store follows the loads it needs: stores keep V8 from hoisting all loads to
  // the top of the loop, which would spill registers.
  for (; i + 52 <= length; i += 48) {
    const p = src + i;
    const n0 = i16x8.narrow_i32x4_s(group0(p, a0, b0), group1(p, a1, b1));
    const n1 = i16x8.narrow_i32x4_s(group2(p, a2, b2), group0(p + 12, a0, b0));
    v128.store(dst + i, i8x16.narrow_i16x8_u(halve(n0, zero), halve(n1, zero)));
    const n2 = i16x8.narrow_i32x4_s(group1(p + 12, a1, b1), group2(p + 12, a2, b2));
    const n3 = i16x8.narrow_i32x4_s(group0(p + 24, a0, b0), group1(p + 24, a1, b1));
    v128.store(dst + i, i8x16.narrow_i16x8_u(halve(n2, zero), halve(n3, zero)), 16);
    const n4 = i16x8.narrow_i32x4_s(group2(p + 24, a2, b2), group0(p + 36, a0, b0));
    const n5 = i16x8.narrow_i32x4_s(group1(p + 36, a1, b1), group2(p + 36, a2, b2));
    v128.store(dst + i, i8x16.narrow_i16x8_u(halve(n4, zero), halve(n5, zero)), 32);
  }
  // the rest pixel by pixel, with the coefficients of group 0 (lanes: m00 m01 m10 m11 m20 m21; m02 . m12 . m22)
  const m00 = <i32>load<i16>(coef), m01 = <i32>load<i16>(coef, 2), m10 = <i32>load<i16>(coef, 4), m11 = <i32>load<i16>(coef, 6);
  const m20 = <i32>load<i16>(coef, 8), m21 = <i32>load<i16>(coef, 10);
  const m02 = <i32>load<i16>(coef, 16), m12 = <i32>load<i16>(coef, 20), m22 = <i32>load<i16>(coef, 24);
  const h = 1 << (MATRIX_BITS - 1);
  for (; i < length; i += 3) {
    const r = <i32>load<u8>(src + i), g = <i32>load<u8>(src + i, 1), b = <i32>load<u8>(src + i, 2);
    store<u8>(dst + i, clampU8((m00 * r + m01 * g + m02 * b + h) >> MATRIX_BITS));
    store<u8>(dst + i, clampU8((m10 * r + m11 * g + m12 * b + h) >> MATRIX_BITS), 1);
    store<u8>(dst + i, clampU8((m20 * r + m21 * g + m22 * b + h) >> MATRIX_BITS), 2);
  }
}

// @ts-ignore: decorator
@inline function clampU8(v: i32): u8 {
  return <u8>(v < 0 ? 0 : v > 255 ? 255 : v);
}

/** The groups carry one extra fractional bit: after clamping negatives to 0, avgr_u with 0 rounds it off. */
// @ts-ignore: decorator
@inline function halve(n: v128, zero: v128): v128 {
  return i16x8.avgr_u(i16x8.max_s(n, zero), zero);
}

// Output bytes of one group of four pixels at p, as i32 lanes with one extra fractional bit.
// group0: X0 Y0 Z0 X1 from (P0 P0 P0 P1)·A + (P1 P1 P1 P2)·B, with P0..P3 widened from bytes 0-7
// @ts-ignore: decorator
@inline function group0(p: usize, a: v128, b: v128): v128 {
  const x = v128.load8x8_u(p);
  const s = i32x4.add(i32x4.dot_i16x8_s(i32x4.shuffle(x, x, 0, 0, 0, 1), a), i32x4.dot_i16x8_s(i32x4.shuffle(x, x, 1, 1, 1, 2), b));
  return i32x4.shr_s(s, MATRIX_BITS - 1);
}

// group1: Y1 Z1 X2 Y2 from (P1 P1 P3 P3)·A + (P2 P2 P4 P4)·B (bytes 2-9 = P1..P4)
// @ts-ignore: decorator
@inline function group1(p: usize, a: v128, b: v128): v128 {
  const x = v128.load8x8_u(p + 2);
  const s = i32x4.add(i32x4.dot_i16x8_s(i32x4.shuffle(x, x, 0, 0, 2, 2), a), i32x4.dot_i16x8_s(i32x4.shuffle(x, x, 1, 1, 3, 3), b));
  return i32x4.shr_s(s, MATRIX_BITS - 1);
}

// group2: Z2 X3 Y3 Z3 from (P3 P4 P4 P4)·A + (P4 P5 P5 P5)·B (bytes 6-13)
// @ts-ignore: decorator
@inline function group2(p: usize, a: v128, b: v128): v128 {
  const x = v128.load8x8_u(p + 6);
  const s = i32x4.add(i32x4.dot_i16x8_s(i32x4.shuffle(x, x, 0, 1, 1, 1), a), i32x4.dot_i16x8_s(i32x4.shuffle(x, x, 1, 2, 2, 2), b));
  return i32x4.shr_s(s, MATRIX_BITS - 1);
}
