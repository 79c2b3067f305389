/**
 * IEEE 754 half precision (1 sign, 5 exponent, 10 mantissa bits) ↔ float32, bit by bit, with
 * round-to-nearest-even. Node has no Float16Array yet; tfjs decodes float16 weights the same way.
 * @example toFloat32(toFloat16(Float32Array.of(0.1)))[0]; // 0.0999755859375
 */
import { checkArray, checkNumber } from '../validate';
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** One float32 → half bits. Overflow → ±Infinity, tiny values → subnormals or ±0. */
export function float32ToHalfBits(value: number): number {
  checkNumber('float32ToHalfBits', 'value', value);
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Inf
  if (e <= 0) {
    if (e < -10) return sign; // below half's smallest subnormal: ±0
    mant |= 0x800000; // make the implicit 1 explicit, then shift into subnormal position
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let h = mant >>> shift;
    if (rest > half || (rest === half && h & 1)) h++;
    return sign | h;
  }
  const rest = mant & 0x1fff;
  let h = (e << 10) | (mant >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++; // may carry into the exponent: still correct
  return sign | h;
}

/** Half bits → float32 value. */
export function halfBitsToFloat32(h: number): number {
  checkNumber('halfBitsToFloat32', 'h', h);
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function toFloat16(values: ArrayLike<number>): Uint16Array {
  checkArray('toFloat16', 'values', values, { nonEmpty: false });
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    checkNumber('toFloat16', `values[${i}]`, values[i]);
    out[i] = float32ToHalfBits(values[i]);
  }
  return out;
}

export function toFloat32(half: Uint16Array): Float32Array {
  checkArray('toFloat32', 'half', half, { nonEmpty: false });
  const out = new Float32Array(half.length);
  for (let i = 0; i < half.length; i++) out[i] = halfBitsToFloat32(half[i]);
  return out;
}
