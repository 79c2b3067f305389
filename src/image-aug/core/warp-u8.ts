/**
 * The 0-255 fast path of warpAffine: the WebAssembly SIMD kernels of wasm/image/warp.ts (any
 * affine map) and wasm/image/resize.ts (maps without rotation or shear, done separably). Both use
 * fixed-point coordinates and weights and agree with the float formula within ±1 per value.
 */
import type { Affine, Border } from './warp';
import { allocate, kernels, release, withPointers } from './wasm';

const BORDER_CODES: Record<Border, number> = { constant: 0, reflect: 1, edge: 2 };
/** The 2-D kernel's 16.16 coordinates hold ±32767; this keeps a margin for the four-pixel groups. */
const FIXED_POINT_LIMIT = 30000;

let scratch = { ptr: -1, bytes: 0 };

/** Kernel memory for resizeU8's tables and row cache, kept between calls and grown on demand. */
function resizeScratch(bytes: number): number {
  if (scratch.bytes >= bytes) return scratch.ptr;
  if (scratch.ptr >= 0) release(scratch.ptr);
  scratch = { ptr: allocate(bytes), bytes };
  return scratch.ptr;
}

/** The largest |source coordinate| the map reaches for outputs in [0, ow + 3] × [0, oh] (it is affine: corners suffice). */
function reach(m: Affine, oh: number, ow: number): number {
  let most = 0;
  for (const u of [0, ow + 3]) for (const v of [0, oh]) most = Math.max(most, Math.abs(m[0] * u + m[1] * v + m[2]), Math.abs(m[3] * u + m[4] * v + m[5]));
  return most;
}

/**
 * dst = src warped by m (see warpAffine) when the kernels can do it: 1-4 channels and coordinates
 * within the fixed-point range (returns false otherwise, for the caller's float path).
 */
export function warpAffineU8(src: Uint8ClampedArray, h: number, w: number, c: number, dst: Uint8ClampedArray, oh: number, ow: number, m: Affine, border: Border, fill: number): boolean {
  if (c < 1 || c > 4 || !m.every(Number.isFinite)) return false;
  const [a, b, cx, d, e, cy] = m;
  const mode = BORDER_CODES[border];
  const fillByte = Uint8ClampedArray.of(fill)[0]; // rounds as the float path's stores do
  const separable = b === 0 && d === 0 && a > 0 && e > 0;
  const far = reach(m, oh, ow);
  if (separable && far < 2 ** 30) {
    const table = resizeScratch(kernels.resizeScratchBytes(ow, c));
    withPointers(src, dst, (s, t) => kernels.resizeU8(s, h, w, c, t, oh, ow, a, cx, e, cy, mode, fillByte, table));
    return true;
  }
  if (far >= FIXED_POINT_LIMIT) return false;
  const kernel = kernels[`warpAffineU8c${c}`];
  withPointers(src, dst, (s, t) => kernel(s, h, w, t, oh, ow, a, b, cx, d, e, cy, mode, fillByte));
  return true;
}
