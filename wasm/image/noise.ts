// Random-noise kernels on 0-255 bytes (see wasm/image.ts for the conventions). All randomness is
// generated here from one 32-bit seed that the caller draws from its seeded Rng, so the same seed
// gives the same image.

/** splitmix32-style finaliser: spreads a seed and a stream number over 32 well-mixed bits (never 0). */
// @ts-ignore: decorator
@inline function mix(x: u32): u32 {
  x ^= x >>> 16;
  x *= 0x7feb352d;
  x ^= x >>> 15;
  x *= 0x846ca68b;
  x ^= x >>> 16;
  return x | 1;
}

/** Four independent xorshift32 streams, one per lane. */
// @ts-ignore: decorator
@inline function step(s: v128): v128 {
  s = v128.xor(s, i32x4.shl(s, 13));
  s = v128.xor(s, i32x4.shr_u(s, 17));
  return v128.xor(s, i32x4.shl(s, 5));
}

const LN2: f32 = 0.6931471805599453;

/** Natural log of four floats in (0, 1]: exponent plus an odd series in (m-1)/(m+1), m in [0.707, 1.414). */
// @ts-ignore: decorator
@inline function ln4(u: v128): v128 {
  const bits = u;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(127));
  let m = v128.or(v128.and(bits, i32x4.splat(0x7fffff)), i32x4.splat(0x3f800000));
  const big = f32x4.gt(m, f32x4.splat(1.41421356));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, big);
  e = i32x4.sub(e, big); // big lanes are -1: exponent + 1
  const t = f32x4.div(f32x4.sub(m, f32x4.splat(1)), f32x4.add(m, f32x4.splat(1)));
  const t2 = f32x4.mul(t, t);
  let p = f32x4.add(f32x4.splat(1.0 / 5), f32x4.mul(t2, f32x4.splat(1.0 / 7)));
  p = f32x4.add(f32x4.splat(1.0 / 3), f32x4.mul(t2, p));
  p = f32x4.add(f32x4.splat(1), f32x4.mul(t2, p));
  return f32x4.add(f32x4.mul(f32x4.convert_i32x4_s(e), f32x4.splat(LN2)), f32x4.mul(f32x4.mul(t, p), f32x4.splat(2)));
}

/**
 * Box–Muller on four lanes: radius sqrt(-2 ln u1) from stream a, angle from stream b (top two
 * bits: quadrant; the next 24: offset in [-π/4, π/4), where short Taylor series for sin and cos are
 * exact to float precision). Stores 8 standard normal deviates at out.
 */
// @ts-ignore: decorator
@inline function boxMuller(a: v128, b: v128, out: usize): void {
  const u1 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(a, 8), i32x4.splat(1))), f32x4.splat(1.0 / 16777216));
  const radius = f32x4.sqrt(f32x4.mul(ln4(u1), f32x4.splat(-2)));
  const f = f32x4.mul(f32x4.convert_i32x4_s(v128.and(i32x4.shr_u(b, 6), i32x4.splat(0xffffff))), f32x4.splat(1.0 / 16777216));
  const x = f32x4.mul(f32x4.sub(f, f32x4.splat(0.5)), f32x4.splat(1.5707963267948966));
  const x2 = f32x4.mul(x, x);
  // sin x = x(1 - x²/6(1 - x²/20(1 - x²/42))), cos x = 1 - x²/2(1 - x²/12(1 - x²/30(1 - x²/56)))
  let s = f32x4.sub(f32x4.splat(1), f32x4.mul(x2, f32x4.splat(1.0 / 42)));
  s = f32x4.sub(f32x4.splat(1), f32x4.mul(f32x4.mul(x2, f32x4.splat(1.0 / 20)), s));
  s = f32x4.mul(x, f32x4.sub(f32x4.splat(1), f32x4.mul(f32x4.mul(x2, f32x4.splat(1.0 / 6)), s)));
  let c = f32x4.sub(f32x4.splat(1), f32x4.mul(x2, f32x4.splat(1.0 / 56)));
  c = f32x4.sub(f32x4.splat(1), f32x4.mul(f32x4.mul(x2, f32x4.splat(1.0 / 30)), c));
  c = f32x4.sub(f32x4.splat(1), f32x4.mul(f32x4.mul(x2, f32x4.splat(1.0 / 12)), c));
  c = f32x4.sub(f32x4.splat(1), f32x4.mul(f32x4.mul(x2, f32x4.splat(0.5)), c));
  // rotate (c, s) by the quadrant q: q odd swaps them; the sign bits follow the quadrant
  const q = i32x4.shr_u(b, 30);
  const odd = i32x4.sub(i32x4.splat(0), v128.and(q, i32x4.splat(1)));
  const px = v128.xor(v128.bitselect(s, c, odd), i32x4.shl(v128.and(i32x4.add(q, i32x4.splat(1)), i32x4.splat(2)), 30));
  const py = v128.xor(v128.bitselect(c, s, odd), i32x4.shl(v128.and(q, i32x4.splat(2)), 30));
  v128.store(out, f32x4.mul(radius, px));
  v128.store(out, f32x4.mul(radius, py), 16);
}

/** Four bytes (lanes of an i32x4) + mu + sd·n, rounded half to even. */
// @ts-ignore: decorator
@inline function addNoise(x: v128, n: v128, mu: v128, sd: v128): v128 {
  return i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.add(f32x4.add(f32x4.convert_i32x4_s(x), mu), f32x4.mul(n, sd))));
}

/**
 * dst = clamp(round(src + mu + sd·N(0, 1))) per byte. work: 64 bytes of scratch (16-byte aligned)
 * for the deviates of each 16-byte step.
 */
export function gaussianNoiseU8(src: usize, dst: usize, length: i32, seed: u32, mu: f32, sd: f32, work: usize): void {
  let a0 = i32x4(mix(seed ^ 0x9e3779b9), mix(seed ^ 0x3c6ef372), mix(seed ^ 0xdaa66d2b), mix(seed ^ 0x78dde6e4));
  let b0 = i32x4(mix(seed + 0x85ebca6b), mix(seed + 0x0bd7e4d6), mix(seed + 0x91c3bf41), mix(seed + 0x17af9ab2));
  let a1 = step(a0), b1 = step(b0);
  const vmu = f32x4.splat(mu), vsd = f32x4.splat(sd);
  for (let i = 0; i < length; i += 16) {
    a0 = step(a1);
    b0 = step(b1);
    a1 = step(a0);
    b1 = step(b0);
    boxMuller(a0, b0, work);
    boxMuller(a1, b1, work + 32);
    if (i + 16 <= length) {
      const x = v128.load(src + i);
      const lo = i16x8.extend_low_i8x16_u(x), hi = i16x8.extend_high_i8x16_u(x);
      const r0 = addNoise(i32x4.extend_low_i16x8_u(lo), v128.load(work), vmu, vsd);
      const r1 = addNoise(i32x4.extend_high_i16x8_u(lo), v128.load(work, 16), vmu, vsd);
      const r2 = addNoise(i32x4.extend_low_i16x8_u(hi), v128.load(work, 32), vmu, vsd);
      const r3 = addNoise(i32x4.extend_high_i16x8_u(hi), v128.load(work, 48), vmu, vsd);
      v128.store(dst + i, i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(r0, r1), i16x8.narrow_i32x4_s(r2, r3)));
    } else {
      for (let j = 0; i + j < length; j++) {
        const v = nearest(<f32>load<u8>(src + i + j) + mu + sd * load<f32>(work + (j << 2)));
        store<u8>(dst + i + j, <u8>(v < 0 ? 0 : v > 255 ? 255 : <i32>v));
      }
    }
  }
}

/**
 * Copies src to dst, then sets `count` pixels drawn uniformly with replacement (c bytes each) to
 * 255 with probability saltBelow/2^32 (a float, so that 2^32 means always), else to 0. xorshift64* draws the positions and colours.
 */
export function saltAndPepperU8(src: usize, dst: usize, pixels: i32, c: i32, count: i32, saltBelow: f64, seed: u32): void {
  memory.copy(dst, src, <usize>pixels * c);
  let x: u64 = (<u64>mix(seed) << 32) | mix(seed ^ 0x5bd1e995);
  for (let k = 0; k < count; k++) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    const at = <usize>(((x * 0x2545f4914f6cdd1d) >> 32) * <u64>pixels >> 32) * c;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    const value: u8 = <f64>((x * 0x2545f4914f6cdd1d) >> 32) < saltBelow ? 255 : 0;
    for (let ch = 0; ch < c; ch++) store<u8>(dst + at + ch, value);
  }
}
