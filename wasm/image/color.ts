// Colour kernels on 0-255 bytes (see wasm/image.ts for the conventions). Products use 16-bit
// fixed point: i16x8.q15mulr_sat computes round(x·m / 2^15) in one instruction, so pixels are
// pre-shifted left by 7 (255·128 still fits in i16) and coefficients carry 8 + k fractional bits,
// giving results with k fractional bits; the JavaScript side picks k so that nothing overflows.

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
 * dst = clamp(round(a·src + b)) with aq = round(a·2^(8+k)) (|aq| < 2^15, 255·a·2^k < 2^15) and
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

const Z: u8 = 0x80; // a swizzle index that yields 0 (and maps directly onto x86 pshufb)

/**
 * dst_rgb = M·src_rgb on 3-channel pixels, M given as m_ij·2^k (|m_ij·2^k| < 2^15), rounded and
 * clamped. Output bytes are computed in memory order, four at a time: byte j of a pixel is
 * (m_j0, m_j1)·(R, G) + (m_j2, 0)·(B, 0), two i32x4.dot_i16x8_s on pairs swizzled out of the input,
 * with the coefficient vectors cycling through three phases (4 outputs against a period of 3).
 */
export function matrix3U8(src: usize, dst: usize, pixels: i32, m00: i32, m01: i32, m02: i32, m10: i32, m11: i32, m12: i32, m20: i32, m21: i32, m22: i32, k: i32): void {
  const a0 = i16x8(<i16>m00, <i16>m01, <i16>m10, <i16>m11, <i16>m20, <i16>m21, <i16>m00, <i16>m01);
  const a1 = i16x8(<i16>m10, <i16>m11, <i16>m20, <i16>m21, <i16>m00, <i16>m01, <i16>m10, <i16>m11);
  const a2 = i16x8(<i16>m20, <i16>m21, <i16>m00, <i16>m01, <i16>m10, <i16>m11, <i16>m20, <i16>m21);
  const b0 = i16x8(<i16>m02, 0, <i16>m12, 0, <i16>m22, 0, <i16>m02, 0);
  const b1 = i16x8(<i16>m12, 0, <i16>m22, 0, <i16>m02, 0, <i16>m12, 0);
  const b2 = i16x8(<i16>m22, 0, <i16>m02, 0, <i16>m12, 0, <i16>m22, 0);
  const half = i32x4.splat(k > 0 ? 1 << (k - 1) : 0);
  const length = pixels * 3;
  // byte positions of (R, G) and (B, -) pairs for the three groups of four outputs in 4 pixels
  const rg0 = i8x16(0, Z, 1, Z, 0, Z, 1, Z, 0, Z, 1, Z, 3, Z, 4, Z);
  const bz0 = i8x16(2, Z, Z, Z, 2, Z, Z, Z, 2, Z, Z, Z, 5, Z, Z, Z);
  const rg1 = i8x16(3, Z, 4, Z, 3, Z, 4, Z, 6, Z, 7, Z, 6, Z, 7, Z);
  const bz1 = i8x16(5, Z, Z, Z, 5, Z, Z, Z, 8, Z, Z, Z, 8, Z, Z, Z);
  const rg2 = i8x16(6, Z, 7, Z, 9, Z, 10, Z, 9, Z, 10, Z, 9, Z, 10, Z);
  const bz2 = i8x16(8, Z, Z, Z, 11, Z, Z, Z, 11, Z, Z, Z, 11, Z, Z, Z);
  let i = 0;
  // four 12-byte chunks (16 pixels) per step; each 16-byte load reads 4 bytes past its chunk.
  // The twelve groups come out in memory order, so two narrowing rounds put them in place.
  for (; i + 52 <= length; i += 48) {
    const x0 = v128.load(src + i), x1 = v128.load(src + i, 12), x2 = v128.load(src + i, 24), x3 = v128.load(src + i, 36);
    const n0 = i16x8.narrow_i32x4_s(group(x0, rg0, bz0, a0, b0, half, k), group(x0, rg1, bz1, a1, b1, half, k));
    const n1 = i16x8.narrow_i32x4_s(group(x0, rg2, bz2, a2, b2, half, k), group(x1, rg0, bz0, a0, b0, half, k));
    const n2 = i16x8.narrow_i32x4_s(group(x1, rg1, bz1, a1, b1, half, k), group(x1, rg2, bz2, a2, b2, half, k));
    const n3 = i16x8.narrow_i32x4_s(group(x2, rg0, bz0, a0, b0, half, k), group(x2, rg1, bz1, a1, b1, half, k));
    const n4 = i16x8.narrow_i32x4_s(group(x2, rg2, bz2, a2, b2, half, k), group(x3, rg0, bz0, a0, b0, half, k));
    const n5 = i16x8.narrow_i32x4_s(group(x3, rg1, bz1, a1, b1, half, k), group(x3, rg2, bz2, a2, b2, half, k));
    v128.store(dst + i, i8x16.narrow_i16x8_u(n0, n1));
    v128.store(dst + i, i8x16.narrow_i16x8_u(n2, n3), 16);
    v128.store(dst + i, i8x16.narrow_i16x8_u(n4, n5), 32);
  }
  for (; i < length; i += 3) {
    const r = <i32>load<u8>(src + i), g = <i32>load<u8>(src + i, 1), b = <i32>load<u8>(src + i, 2);
    const h = k > 0 ? 1 << (k - 1) : 0;
    store<u8>(dst + i, clampU8((m00 * r + m01 * g + m02 * b + h) >> k));
    store<u8>(dst + i, clampU8((m10 * r + m11 * g + m12 * b + h) >> k), 1);
    store<u8>(dst + i, clampU8((m20 * r + m21 * g + m22 * b + h) >> k), 2);
  }
}

// @ts-ignore: decorator
@inline function clampU8(v: i32): u8 {
  return <u8>(v < 0 ? 0 : v > 255 ? 255 : v);
}

// @ts-ignore: decorator
@inline function group(x: v128, rg: v128, bz: v128, a: v128, b: v128, half: v128, k: i32): v128 {
  const s = i32x4.add(i32x4.dot_i16x8_s(i8x16.swizzle(x, rg), a), i32x4.dot_i16x8_s(i8x16.swizzle(x, bz), b));
  return i32x4.shr_s(i32x4.add(s, half), k);
}
