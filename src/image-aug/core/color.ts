/**
 * Colour arithmetic on typed arrays. Integer images run the SIMD kernels of wasm/image/color.ts
 * (16-bit fixed point, results within ±1 of exact rounding); float images are computed directly
 * and clamped to [0, 1].
 */
import { Pixels } from './pixels';
import { kernels, pixelBuffer, pointerOf, withPointers } from './wasm';

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
  if (a === 1) {
    const offset = Math.max(-255, Math.min(255, Math.round(b)));
    return withPointers(src, dst as Uint8ClampedArray, (s, d) => kernels.offsetU8(s, d, n, offset));
  }
  // k fractional bits: as many as keep 255·a·2^k and the coefficient a·2^(8+k) inside i16
  const k = Math.min(7, Math.floor(Math.log2(127.99 / a)));
  if (!(a > 0) || k < 0) return linearMapScalar(src, dst as Uint8ClampedArray, a, b);
  const aq = Math.min(32767, Math.round(a * 2 ** (8 + k)));
  const bq = Math.max(-32768, Math.min(32767, Math.round(b * 2 ** k) + (k > 0 ? 2 ** (k - 1) : 0)));
  withPointers(src, dst as Uint8ClampedArray, (s, d) => kernels.linearU8(s, d, n, aq, bq, k));
}

/** Factors outside the kernel's fixed-point range (negative or ≥ 128): plain rounding per value. */
function linearMapScalar(src: Uint8ClampedArray, dst: Uint8ClampedArray, a: number, b: number): void {
  for (let i = 0; i < src.length; i++) dst[i] = a * src[i] + b;
}

/** Luma weights (ITU-R BT.601), as used by OpenCV's RGB→grey. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/** Mean grey level of an image (channels 0-2, or channel 0 for grey images). */
export function meanGrey(src: Pixels, c: number): number {
  if (src instanceof Uint8ClampedArray && 48 % c === 0) return meanGreyU8(src, c);
  let sum = 0;
  const pixels = src.length / c;
  if (c >= 3)
    for (let i = 0; i < src.length; i += c) sum += LUMA[0] * src[i] + LUMA[1] * src[i + 1] + LUMA[2] * src[i + 2];
  else for (let i = 0; i < src.length; i += c) sum += src[i];
  return sum / pixels;
}

let blockSums: Uint8ClampedArray | null = null;

/** meanGrey from exact per-channel integer sums (blockSumsU8 folds positions modulo 48). */
function meanGreyU8(src: Uint8ClampedArray, c: number): number {
  blockSums ??= pixelBuffer(48 * 4);
  const out = blockSums;
  withPointers(src, out, (s, d) => kernels.blockSumsU8(s, src.length, d));
  const totals = new Uint32Array(out.buffer, out.byteOffset, 48);
  const channels = [0, 0, 0, 0];
  for (let p = 0; p < 48; p++) channels[p % c] += totals[p];
  const grey = c >= 3 ? LUMA[0] * channels[0] + LUMA[1] * channels[1] + LUMA[2] * channels[2] : channels[0];
  return grey / (src.length / c);
}

/** dst_rgb = M · src_rgb for 3×3 M (row-major); a 4th channel is copied. Needs c ≥ 3. */
export function colorMatrix(src: Pixels, dst: Pixels, c: number, m: number[]): void {
  if (!(src instanceof Float32Array))
    return c === 3 ? colorMatrixU8(src, dst as Uint8ClampedArray, m) : colorMatrixInt(src, dst, c, m);
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = m;
  for (let i = 0; i < src.length; i += c) {
    const r = src[i],
      g = src[i + 1],
      b = src[i + 2];
    let x = m00 * r + m01 * g + m02 * b,
      y = m10 * r + m11 * g + m12 * b,
      z = m20 * r + m21 * g + m22 * b;
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
 * 3-channel integer images: matrix3U8Q15 (wasm/image/matrix-q15.ts, fastest with relaxed SIMD) when
 * the coefficients allow k ≥ 4 fractional bits, else matrix3U8 (11 fractional bits, |m| < 16).
 */
function colorMatrixU8(src: Uint8ClampedArray, dst: Uint8ClampedArray, m: number[]): void {
  coefficients ??= pixelBuffer(512);
  if (Q15_KERNEL && writeQ15Coefficients(m)) {
    return withPointers(src, dst, (s, d) =>
      kernels.matrix3U8Q15(s, d, src.length / 3, pointerOf(coefficients!), q15.k),
    );
  }
  const q = m.map((v) => Math.round(v * 2 ** 11));
  if (q.some((v) => Math.abs(v) > 32767)) return colorMatrixInt(src, dst, 3, m);
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = q;
  // per group of four output bytes, the A and B pair coefficients (see matrix3U8)
  new Int16Array(coefficients.buffer, coefficients.byteOffset, 48).set([
    m00,
    m01,
    m10,
    m11,
    m20,
    m21,
    0,
    m00,
    m02,
    0,
    m12,
    0,
    m22,
    0,
    m01,
    m02,
    0,
    m10,
    0,
    m20,
    m00,
    m01,
    m10,
    m11,
    m11,
    m12,
    m21,
    m22,
    m02,
    0,
    m12,
    0,
    m20,
    m21,
    0,
    m00,
    0,
    m10,
    0,
    m20,
    m22,
    0,
    m01,
    m02,
    m11,
    m12,
    m21,
    m22,
  ]);
  withPointers(src, dst, (s, d) => kernels.matrix3U8(s, d, src.length / 3, pointerOf(coefficients!)));
}

/**
 * matrix3U8Q15 only with relaxed SIMD: there its byte shuffles and q15 multiplies are single
 * instructions; the SIMD128 build emulates both, and matrix3U8 is faster there.
 */
const Q15_KERNEL = kernels.relaxedSimd() !== 0;

/** matrix3U8Q15's inputs, reused from image to image (this runs once per image). */
const q15 = { k: 0, q: new Int32Array(9), lanes: null as Int16Array | null };

/**
 * Writes matrix3U8Q15's coefficients for m with the most fractional bits k ≤ 7 its lanes allow:
 * they hold Σ_j (p_j - 128)·m_ij·2^k and then add the bias Σ_j m_ij·2^(7+k) + 2^(k-1), so both
 * must stay within i16 (with room for the rounding of three products). Returns false when that
 * leaves fewer than 4 bits, which could drift past ±1 (the caller falls back to matrix3U8).
 */
function writeQ15Coefficients(m: number[]): boolean {
  const q = q15.q;
  let k = 7;
  for (; k >= 4; k--) {
    let fits = true;
    for (let j = 0; j < 9; j++) q[j] = Math.round(m[j] * 2 ** (7 + k));
    for (let row = 0; row < 9 && fits; row += 3) {
      const magnitude = Math.abs(q[row]) + Math.abs(q[row + 1]) + Math.abs(q[row + 2]);
      fits = magnitude <= 32760 && Math.abs(q[row] + q[row + 1] + q[row + 2] + 2 ** (k - 1)) <= 32767;
    }
    if (fits) break;
  }
  if (k < 4) return false;
  q15.k = k;
  const lanes = (q15.lanes ??= new Int16Array(coefficients!.buffer, coefficients!.byteOffset, 128));
  // per lane pattern (output bytes from block offset 0, 8, 16): own, next, next-but-one channel, bias
  for (let pattern = 0; pattern < 3; pattern++) {
    for (let t = 0; t < 8; t++) {
      const ch = (pattern * 8 + t) % 3,
        row = ch * 3;
      const at = pattern * 32 + t;
      lanes[at] = q[row + ch];
      lanes[at + 8] = q[row + ((ch + 1) % 3)];
      lanes[at + 16] = q[row + ((ch + 2) % 3)];
      lanes[at + 24] = q[row] + q[row + 1] + q[row + 2] + 2 ** (k - 1);
    }
  }
  lanes.set(q, 96);
  return true;
}

let coefficients: Uint8ClampedArray | null = null; // the kernels' coefficient vectors, in kernel memory

/**
 * The integer version for 4-channel images: nine 256-entry tables of m_ij · v in 16.16 fixed point, so each output
 * value is three integer table reads, two adds and a shift (the store into Uint8ClampedArray clamps).
 */
function colorMatrixInt(src: Uint8ClampedArray, dst: Pixels, c: number, m: number[]): void {
  const t = new Int32Array(9 * 256);
  for (let j = 0; j < 9; j++) for (let v = 0; v < 256; v++) t[j * 256 + v] = Math.round(m[j] * v * 65536);
  const half = 32768;
  for (let i = 0; i < src.length; i += c) {
    const r = src[i],
      g = 256 + src[i + 1],
      b = 512 + src[i + 2];
    dst[i] = (t[r] + t[g] + t[b] + half) >> 16;
    dst[i + 1] = (t[768 + r] + t[768 + g] + t[768 + b] + half) >> 16;
    dst[i + 2] = (t[1536 + r] + t[1536 + g] + t[1536 + b] + half) >> 16;
    if (c === 4) dst[i + 3] = src[i + 3];
  }
}
