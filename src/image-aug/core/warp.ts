/**
 * Geometry on typed arrays: an affine warp with bilinear sampling (rotate, scale, translate,
 * shear and resize are all one call) and an integer shift that copies whole rows with
 * TypedArray.set (crops, padded crops). Coordinates outside the source follow a border mode.
 */
import { Pixels, RawImage } from './pixels';
import { warpAffineU8 } from './warp-u8';

export const BORDERS = ['constant', 'reflect', 'edge'] as const;
export type Border = (typeof BORDERS)[number];

/** Maps index i into [0, n): 'reflect' mirrors without repeating the edge (OpenCV's REFLECT_101), 'edge' clamps, 'constant' → -1. */
export function borderIndex(i: number, n: number, mode: Border): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'edge') return i < 0 ? 0 : n - 1;
  if (mode === 'reflect') {
    if (n === 1) return 0;
    const period = 2 * (n - 1);
    const j = ((i % period) + period) % period;
    return j < n ? j : period - j;
  }
  return -1;
}

/** Row-major 2×3 matrix [a, b, c, d, e, f]: source x = a·u + b·v + c, source y = d·u + e·v + f. */
export type Affine = [number, number, number, number, number, number];

/**
 * dst(u, v) = src(A · (u, v, 1)), bilinear. `fill` (in pixel units) is used by the 'constant' border.
 * 0-255 images go to the WebAssembly kernels (warp-u8.ts); float images (and what the kernels
 * cannot take) use warpAffineFloat.
 */
export function warpAffine(
  src: RawImage,
  dst: Pixels,
  oh: number,
  ow: number,
  m: Affine,
  border: Border,
  fill: number,
): void {
  const { data, h, w, c } = src;
  if (
    data instanceof Uint8ClampedArray &&
    dst instanceof Uint8ClampedArray &&
    warpAffineU8(data, h, w, c, dst, oh, ow, m, border, fill)
  )
    return;
  warpAffineFloat(src, dst, oh, ow, m, border, fill);
}

/**
 * warpAffine in float arithmetic, for any pixel type: also the reference the 0-255 kernels are
 * tested against. Pixels whose four neighbours are all inside take the fast path; the rest go
 * through borderIndex.
 */
export function warpAffineFloat(
  src: RawImage,
  dst: Pixels,
  oh: number,
  ow: number,
  m: Affine,
  border: Border,
  fill: number,
): void {
  const { data, h, w, c } = src;
  const [a, b, cx, d, e, cy] = m;
  const clampFloat = dst instanceof Float32Array;
  const row = w * c;
  let o = 0;
  for (let v = 0; v < oh; v++) {
    let sx = b * v + cx; // stepped by (a, d) along the row instead of recomputed per pixel
    let sy = e * v + cy;
    for (let u = 0; u < ow; u++, sx += a, sy += d) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy),
        w01 = fx * (1 - fy),
        w10 = (1 - fx) * fy,
        w11 = fx * fy;
      if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
        const p = (y0 * w + x0) * c;
        if (c === 3) {
          // the common cases unrolled: no inner loop
          dst[o] = data[p] * w00 + data[p + 3] * w01 + data[p + row] * w10 + data[p + row + 3] * w11;
          dst[o + 1] = data[p + 1] * w00 + data[p + 4] * w01 + data[p + row + 1] * w10 + data[p + row + 4] * w11;
          dst[o + 2] = data[p + 2] * w00 + data[p + 5] * w01 + data[p + row + 2] * w10 + data[p + row + 5] * w11;
          o += 3;
        } else if (c === 1) {
          dst[o++] = data[p] * w00 + data[p + 1] * w01 + data[p + row] * w10 + data[p + row + 1] * w11;
        } else {
          for (let k = 0; k < c; k++, o++) {
            dst[o] = data[p + k] * w00 + data[p + c + k] * w01 + data[p + row + k] * w10 + data[p + row + c + k] * w11;
          }
        }
      } else {
        const xa = borderIndex(x0, w, border),
          xb = borderIndex(x0 + 1, w, border);
        const ya = borderIndex(y0, h, border),
          yb = borderIndex(y0 + 1, h, border);
        for (let k = 0; k < c; k++, o++) {
          const at = (x: number, y: number) => (x < 0 || y < 0 ? fill : data[(y * w + x) * c + k]);
          const value = at(xa, ya) * w00 + at(xb, ya) * w01 + at(xa, yb) * w10 + at(xb, yb) * w11;
          dst[o] = clampFloat ? Math.min(Math.max(value, Math.min(fill, 0)), Math.max(fill, 1)) : value;
        }
      }
    }
  }
}

/** The inverse-mapping matrix of a rotation/scale/shear about the image centre plus a shift (degrees, pixels). */
export function centredAffine(
  h: number,
  w: number,
  angleDeg: number,
  scale: number,
  shearDeg: number,
  tx: number,
  ty: number,
): Affine {
  // Forward map about the centre: p' = S·R·Sh·(p - c) + c + t, with y pointing down and a positive
  // angle turning the picture counter-clockwise on screen (OpenCV's convention). We invert it.
  const t = (angleDeg * Math.PI) / 180;
  const sh = Math.tan((shearDeg * Math.PI) / 180);
  const cos = Math.cos(t),
    sin = Math.sin(t);
  // forward linear part F = s · [[cos, sin], [-sin, cos]] · [[1, sh], [0, 1]]
  const f00 = scale * cos,
    f01 = scale * (cos * sh + sin),
    f10 = -scale * sin,
    f11 = scale * (-sin * sh + cos);
  const det = f00 * f11 - f01 * f10;
  const i00 = f11 / det,
    i01 = -f01 / det,
    i10 = -f10 / det,
    i11 = f00 / det;
  const ccx = (w - 1) / 2,
    ccy = (h - 1) / 2;
  // source = F⁻¹ (dst - c - t) + c
  const ox = -ccx - tx,
    oy = -ccy - ty;
  return [i00, i01, i00 * ox + i01 * oy + ccx, i10, i11, i10 * ox + i11 * oy + ccy];
}

/** The matrix that resizes the box (x, y, bw, bh) of the source to an oh × ow output (pixel centres aligned). */
export function boxResize(x: number, y: number, bw: number, bh: number, oh: number, ow: number): Affine {
  const sx = bw / ow,
    sy = bh / oh;
  return [sx, 0, x + 0.5 * sx - 0.5, 0, sy, y + 0.5 * sy - 0.5];
}

/** dst(u, v) = src(u + dx, v + dy) for integer shifts: in-range runs are row copies, the rest follow the border. */
export function shiftCopy(
  src: RawImage,
  dst: Pixels,
  oh: number,
  ow: number,
  dx: number,
  dy: number,
  border: Border,
  fill: number,
): void {
  const { data, h, w, c } = src;
  const uFrom = Math.max(0, -dx),
    uTo = Math.min(ow, w - dx);
  for (let v = 0; v < oh; v++) {
    const out = v * ow * c;
    const y = borderIndex(v + dy, h, border);
    if (y < 0) {
      dst.fill(fill, out, out + ow * c);
      continue;
    }
    if (uTo > uFrom) dst.set(data.subarray((y * w + uFrom + dx) * c, (y * w + uTo + dx) * c), out + uFrom * c);
    for (let u = 0; u < ow; u++) {
      if (u === uFrom && uTo > uFrom) u = uTo;
      if (u >= ow) break;
      const x = borderIndex(u + dx, w, border);
      for (let k = 0; k < c; k++) dst[out + u * c + k] = x < 0 ? fill : data[(y * w + x) * c + k];
    }
  }
}
