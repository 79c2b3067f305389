/**
 * Colour arithmetic on typed arrays. Integer images go through a 256-entry lookup table (one
 * array read per value, clamping and rounding done by Uint8ClampedArray); float images are
 * computed directly and clamped to [0, 1].
 */
import { Pixels } from './pixels';
import { kernels, withPointers } from './wasm';

/** dst = a·src + b on every value (b in pixel units). */
export function linearMap(src: Pixels, dst: Pixels, a: number, b: number): void {
  const n = src.length;
  if (src instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      const v = a * src[i] + b;
      dst[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
    return;
  }
  withPointers(src, dst as Uint8ClampedArray, (s, d) => kernels.linearU8(s, d, n, Math.round(a * 256), Math.round(b * 256)));
}

/** Luma weights (ITU-R BT.601), as used by OpenCV's RGB→grey. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/** Mean grey level of an image (channels 0-2, or channel 0 for grey images). */
export function meanGrey(src: Pixels, c: number): number {
  let sum = 0;
  const pixels = src.length / c;
  if (c >= 3) for (let i = 0; i < src.length; i += c) sum += LUMA[0] * src[i] + LUMA[1] * src[i + 1] + LUMA[2] * src[i + 2];
  else for (let i = 0; i < src.length; i += c) sum += src[i];
  return sum / pixels;
}

/** dst_rgb = M · src_rgb for 3×3 M (row-major); a 4th channel is copied. Needs c ≥ 3. */
export function colorMatrix(src: Pixels, dst: Pixels, c: number, m: number[]): void {
  if (!(src instanceof Float32Array)) return colorMatrixInt(src, dst, c, m);
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = m;
  for (let i = 0; i < src.length; i += c) {
    const r = src[i], g = src[i + 1], b = src[i + 2];
    let x = m00 * r + m01 * g + m02 * b, y = m10 * r + m11 * g + m12 * b, z = m20 * r + m21 * g + m22 * b;
    x = x < 0 ? 0 : x > 1 ? 1 : x;
    y = y < 0 ? 0 : y > 1 ? 1 : y;
    z = z < 0 ? 0 : z > 1 ? 1 : z;
    dst[i] = x;
    dst[i + 1] = y;
    dst[i + 2] = z;
    if (c === 4) dst[i + 3] = src[i + 3];
  }
}

/**
 * The integer version: nine 256-entry tables of m_ij · v in 16.16 fixed point, so each output
 * value is three integer table reads, two adds and a shift (the store into Uint8ClampedArray clamps).
 */
function colorMatrixInt(src: Uint8ClampedArray, dst: Pixels, c: number, m: number[]): void {
  const t = new Int32Array(9 * 256);
  for (let j = 0; j < 9; j++) for (let v = 0; v < 256; v++) t[j * 256 + v] = Math.round(m[j] * v * 65536);
  const half = 32768;
  for (let i = 0; i < src.length; i += c) {
    const r = src[i], g = 256 + src[i + 1], b = 512 + src[i + 2];
    dst[i] = (t[r] + t[g] + t[b] + half) >> 16;
    dst[i + 1] = (t[768 + r] + t[768 + g] + t[768 + b] + half) >> 16;
    dst[i + 2] = (t[1536 + r] + t[1536 + g] + t[1536 + b] + half) >> 16;
    if (c === 4) dst[i + 3] = src[i + 3];
  }
}
