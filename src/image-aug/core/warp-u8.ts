/**
 * The 0-255 fast path of warpAffine: the WebAssembly SIMD kernels of wasm/image/warp.ts (any
 * affine map) and wasm/image/resize.ts (maps without rotation or shear, done separably). Both use
 * fixed-point coordinates and weights and agree with the float formula within ±1 per value.
 */
import type { Affine, Border } from './warp';
import { kernels, region, withPointers } from './wasm';

const BORDER_CODES: Record<Border, number> = { constant: 0, reflect: 1, edge: 2 };
/** The 2-D kernel's 16.16 coordinates hold ±32767; this keeps a margin for the four-pixel groups. */
const FIXED_POINT_LIMIT = 30000;

/** The largest |source coordinate| the map reaches for outputs in [0, ow + 3] × [0, oh] (it is affine: corners suffice; NaN if m is not finite). */
function reach([a, b, cx, d, e, cy]: Affine, oh: number, ow: number): number {
  const u = ow + 3;
  return Math.max(
    Math.abs(cx),
    Math.abs(a * u + cx),
    Math.abs(b * oh + cx),
    Math.abs(a * u + b * oh + cx),
    Math.abs(cy),
    Math.abs(d * u + cy),
    Math.abs(e * oh + cy),
    Math.abs(d * u + e * oh + cy),
  );
}

const RESIZE = [kernels.resizeU8c1, kernels.resizeU8c2, kernels.resizeU8c3, kernels.resizeU8c4];
const WARP = [kernels.warpAffineU8c1, kernels.warpAffineU8c2, kernels.warpAffineU8c3, kernels.warpAffineU8c4];
const byte = new Uint8ClampedArray(1);

/**
 * dst = src warped by m (see warpAffine) when the kernels can do it: 1-4 channels and coordinates
 * within the fixed-point range (returns false otherwise, for the caller's float path).
 */
export function warpAffineU8(
  src: Uint8ClampedArray,
  h: number,
  w: number,
  c: number,
  dst: Uint8ClampedArray,
  oh: number,
  ow: number,
  m: Affine,
  border: Border,
  fill: number,
): boolean {
  const far = reach(m, oh, ow);
  if (c < 1 || c > 4 || !(far < 2 ** 30)) return false;
  const [a, b, cx, d, e, cy] = m;
  const mode = BORDER_CODES[border];
  byte[0] = fill; // rounds as the float path's stores do
  const fillByte = byte[0];
  if (b === 0 && d === 0 && a > 0 && e > 0) {
    // the resize kernels' tables and row cache, reused between calls
    const table = region('resize-tables', kernels.resizeScratchBytes(ow, c));
    const kernel = RESIZE[c - 1];
    withPointers(src, dst, (s, t) => kernel(s, h, w, t, oh, ow, a, cx, e, cy, mode, fillByte, table));
    return true;
  }
  if (far >= FIXED_POINT_LIMIT) return false;
  const kernel = WARP[c - 1];
  withPointers(src, dst, (s, t) => kernel(s, h, w, t, oh, ow, a, b, cx, d, e, cy, mode, fillByte));
  return true;
}
