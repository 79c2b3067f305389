// dst_rgb = M·src_rgb on 3-channel bytes, one output byte per 16-bit lane (saturation and hue).
// Cost is the count of vector instructions, shuffles foremost; this kernel needs 3 byte shuffles per
// 8 output bytes:
// every 8 output bytes touch at most 4 whole pixels (12 bytes), so one unaligned 16-byte load
// holds them all, and three swizzles of it put, in each lane, the byte's own channel and the two
// other channels of its pixel into the lane's high byte. Then out = Σ q15mulr(lane, m) + bias,
// with the bytes offset by -128 (xor 0x80) to fit signed lanes. With relaxed SIMD the swizzle and
// q15mulr are one instruction each (pshufb, pmulhrsw); both uses are deterministic: indices are
// < 16 or 0x80 (zero), and no coefficient is -32768. The SIMD128 build computes the same bytes but
// emulates both instructions, so src/image-aug uses matrix3U8 (color.ts) there.

/**
 * coef (16-byte aligned): for each of the 3 lane patterns (block offsets 0, 8 and 16 mod 24) four
 * i16x8 vectors: own-channel, next-channel and next-but-one-channel coefficients mq = m·2^(7+k),
 * and bias = Σ_j mq_j + 2^(k-1) (undoes the -128 offset and rounds); then at byte 192 the nine mq
 * of M row-major, for the pixels past the last whole block; bytes 256-415 are the kernel's own
 * scratch. Results carry k fractional bits, 4 ≤ k ≤ 7; the caller picks k so that Σ_j |mq_j| and
 * the bias fit in i16.
 */
export function matrix3U8Q15(src: usize, dst: usize, pixels: i32, coef: usize, k: i32): void {
  // a constant k per copy of the loop: shifts by an immediate
  if (k === 7) matrixBlocks(src, dst, pixels, coef, 7);
  else if (k === 6) matrixBlocks(src, dst, pixels, coef, 6);
  else if (k === 5) matrixBlocks(src, dst, pixels, coef, 5);
  else matrixBlocks(src, dst, pixels, coef, 4);
}

// @ts-ignore: decorator
@inline function swizzle(a: v128, s: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i8x16.relaxed_swizzle(a, s);
  return i8x16.swizzle(a, s);
}

// @ts-ignore: decorator
@inline function q15mul(a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_q15mulr_s(a, b);
  return i16x8.q15mulr_sat_s(a, b);
}

/**
 * Output bytes o..o+7 and o+24..o+31 of every 48-byte block, from the windows starting at w and
 * w+24 (w: the first byte of the first pixel they touch); s: swizzle indices, c: coefficients.
 */
// @ts-ignore: decorator
@inline function patternPass(src: usize, dst: usize, blocks: i32, s: usize, c: usize, flip: usize, o: usize, w: usize, k: i32): void {
  const f = v128.load(flip), s0 = v128.load(s), s1 = v128.load(s, 16), s2 = v128.load(s, 32);
  const m0 = v128.load(c), m1 = v128.load(c, 16), m2 = v128.load(c, 32), bias = v128.load(c, 48);
  // four blocks per turn: V8 spends ~9 scalar instructions per turn on the loop itself
  let p = src + w, q = dst + o;
  const quadEnd = p + <usize>(blocks >> 2) * 192;
  for (; p < quadEnd; p += 192, q += 192) {
    block(p, q, f, s0, s1, s2, m0, m1, m2, bias, k);
    block(p + 48, q + 48, f, s0, s1, s2, m0, m1, m2, bias, k);
    block(p + 96, q + 96, f, s0, s1, s2, m0, m1, m2, bias, k);
    block(p + 144, q + 144, f, s0, s1, s2, m0, m1, m2, bias, k);
  }
  for (let r = blocks & 3; r > 0; r--, p += 48, q += 48) block(p, q, f, s0, s1, s2, m0, m1, m2, bias, k);
}

/** One 48-byte block's share of a pattern: output bytes q..q+7 and q+24..q+31. */
// @ts-ignore: decorator
@inline function block(p: usize, q: usize, f: v128, s0: v128, s1: v128, s2: v128, m0: v128, m1: v128, m2: v128, bias: v128, k: i32): void {
  const lo = half(v128.xor(v128.load(p), f), s0, s1, s2, m0, m1, m2, bias, k);
  const hi = half(v128.xor(v128.load(p, 24), f), s0, s1, s2, m0, m1, m2, bias, k);
  const bytes = i8x16.narrow_i16x8_u(lo, hi);
  v128.store64_lane(q, bytes, 0);
  v128.store64_lane(q, bytes, 1, 24);
}

/** Eight output lanes: Σ q15mulr(own/next/next-but-one channel, coefficient) + bias, k bits shifted off. */
// @ts-ignore: decorator
@inline function half(x: v128, s0: v128, s1: v128, s2: v128, m0: v128, m1: v128, m2: v128, bias: v128, k: i32): v128 {
  const a = q15mul(swizzle(x, s0), m0), b = q15mul(swizzle(x, s1), m1), d = q15mul(swizzle(x, s2), m2);
  return i16x8.shr_s(i16x8.add_sat_s(i16x8.add(i16x8.add(a, b), d), bias), k);
}

// @ts-ignore: decorator
@inline function matrixBlocks(src: usize, dst: usize, pixels: i32, coef: usize, k: i32): void {
  const length = pixels * 3;
  // swizzle indices per pattern (window byte → high byte of the lane; -128 zeroes the low byte).
  // Stored, then loaded before each loop: V8 would rebuild a v128 constant at every use inside
  // the loop, four instructions each.
  const masks = coef + 256;
  v128.store(masks, i8x16(-128, 0, -128, 1, -128, 2, -128, 3, -128, 4, -128, 5, -128, 6, -128, 7), 0);
  v128.store(masks, i8x16(-128, 1, -128, 2, -128, 0, -128, 4, -128, 5, -128, 3, -128, 7, -128, 8), 16);
  v128.store(masks, i8x16(-128, 2, -128, 0, -128, 1, -128, 5, -128, 3, -128, 4, -128, 8, -128, 6), 32);
  v128.store(masks, i8x16(-128, 2, -128, 3, -128, 4, -128, 5, -128, 6, -128, 7, -128, 8, -128, 9), 48);
  v128.store(masks, i8x16(-128, 0, -128, 4, -128, 5, -128, 3, -128, 7, -128, 8, -128, 6, -128, 10), 64);
  v128.store(masks, i8x16(-128, 1, -128, 5, -128, 3, -128, 4, -128, 8, -128, 6, -128, 7, -128, 11), 80);
  v128.store(masks, i8x16(-128, 1, -128, 2, -128, 3, -128, 4, -128, 5, -128, 6, -128, 7, -128, 8), 96);
  v128.store(masks, i8x16(-128, 2, -128, 0, -128, 4, -128, 5, -128, 3, -128, 7, -128, 8, -128, 6), 112);
  v128.store(masks, i8x16(-128, 0, -128, 1, -128, 5, -128, 3, -128, 4, -128, 8, -128, 6, -128, 7), 128);
  const flip = masks + 144;
  v128.store(flip, i8x16.splat(-128));
  // One pass per lane pattern, so that its 3 index, 3 coefficient, bias and 0x80 vectors stay in
  // registers (all 3 patterns' vectors would not fit in 16, and V8 would reload them per use).
  const blocks = length < 56 ? 0 : (length - 56) / 48 + 1;
  patternPass(src, dst, blocks, masks, coef, flip, 0, 0, k);
  patternPass(src, dst, blocks, masks + 48, coef + 64, flip, 8, 6, k);
  patternPass(src, dst, blocks, masks + 96, coef + 128, flip, 16, 15, k);
  let i = blocks * 48;
  // the rest pixel by pixel with the same coefficients
  const m = coef + 192;
  const round = 1 << (6 + k), shift = 7 + k;
  for (; i < length; i += 3) {
    const r = <i32>load<u8>(src + i), g = <i32>load<u8>(src + i, 1), b = <i32>load<u8>(src + i, 2);
    for (let ch = 0; ch < 3; ch++) {
      const row = m + <usize>(ch * 6);
      const v = (<i32>load<i16>(row) * r + <i32>load<i16>(row, 2) * g + <i32>load<i16>(row, 4) * b + round) >> shift;
      store<u8>(dst + i + ch, <u8>(v < 0 ? 0 : v > 255 ? 255 : v));
    }
  }
}

/** Whether this build has relaxed SIMD (src/image-aug picks kernels by it). */
export function relaxedSimd(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}
