// Direct convolution on a zero-padded NHWC input: the im2col product without the im2col.

import { madd } from './madd';

/**
 * out[p, o] = Σ_{i, j, c} x[n, oh·sh + i·dh, ow·sw + j·dw, c] · w[i, j, c, o] for NHWC x (already
 * padded: every window lies inside it), HWIO w and NHWC out, all f32, summed in (i, j, c) order.
 * Output pixels are taken four at a time in raster order (across row and image boundaries: each
 * has its own window pointer), eight output channels at a time: eight v128 sums, each filter
 * vector loaded once for four pixels — a 4×8 GEMM block whose rows are read straight from x.
 * With dw = 1 a window row's taps (j, c) are kw·ci consecutive floats of x and their filter rows
 * are consecutive too, so one flat loop walks both; dilated windows walk tap by tap.
 * The filter (kh·kw·ci·co floats) is re-read for every four pixels: callers keep it small (L2).
 */
export function convDirect(x: usize, w: usize, out: usize, b: i32, H: i32, W: i32, ci: i32, outH: i32, outW: i32, co: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32): void {
  convDirectRange(x, w, out, b, H, W, ci, outH, outW, co, kh, kw, sh, sw, dh, dw, 0, b * outH * outW);
}

/**
 * Output pixels [from, to) of convDirect (raster order over b·outH·outW), for the thread pool.
 * `from` must be a multiple of 4, so each pixel lands in the same four-pixel block (or the same
 * one-pixel tail) as in a whole-range call: every output is then bit-for-bit the same.
 */
export function convDirectRange(x: usize, w: usize, out: usize, b: i32, H: i32, W: i32, ci: i32, outH: i32, outW: i32, co: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, from: i32, to: i32): void {
  const wRow = <usize>co << 2; // bytes per filter row (one input channel of one tap)
  const pixel = <usize>ci << 2;
  const rowBytes = <usize>W * pixel;
  const run = dw == 1 ? kw * ci : ci; // consecutive floats per inner walk
  const walks = dw == 1 ? 1 : kw;
  const walkStep = <usize>dw * pixel; // x bytes between walks
  const walkRows = <usize>run * wRow; // filter bytes between walks
  const tapRow = <usize>dh * rowBytes; // x bytes between window rows
  const pixels = to;
  let p = from;
  for (; p + 4 <= pixels; p += 4) {
    const x0 = windowStart(x, p, outH, outW, H, rowBytes, sh, sw, pixel);
    const x1 = windowStart(x, p + 1, outH, outW, H, rowBytes, sh, sw, pixel);
    const x2 = windowStart(x, p + 2, outH, outW, H, rowBytes, sh, sw, pixel);
    const x3 = windowStart(x, p + 3, outH, outW, H, rowBytes, sh, sw, pixel);
    const o = out + <usize>p * wRow;
    let cb = 0;
    for (; cb + 8 <= co; cb += 8) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
      let d0 = f32x4.splat(0), d1 = f32x4.splat(0), e0 = f32x4.splat(0), e1 = f32x4.splat(0);
      let wp = w + (<usize>cb << 2);
      let off: usize = 0; // window offset of the current walk, the same for all four pixels
      for (let i = 0; i < kh; i++, off += tapRow - <usize>walks * walkStep) {
        for (let j = 0; j < walks; j++, off += walkStep) {
          let q = off;
          for (let t = 0; t < run; t++, wp += wRow, q += 4) {
            const w0 = v128.load(wp);
            const w1 = v128.load(wp, 16);
            const v0 = v128.load32_splat(x0 + q);
            a0 = madd(v0, w0, a0);
            a1 = madd(v0, w1, a1);
            const v1 = v128.load32_splat(x1 + q);
            b0 = madd(v1, w0, b0);
            b1 = madd(v1, w1, b1);
            const v2 = v128.load32_splat(x2 + q);
            d0 = madd(v2, w0, d0);
            d1 = madd(v2, w1, d1);
            const v3 = v128.load32_splat(x3 + q);
            e0 = madd(v3, w0, e0);
            e1 = madd(v3, w1, e1);
          }
        }
      }
      const s = o + (<usize>cb << 2);
      v128.store(s, a0); v128.store(s, a1, 16);
      v128.store(s + wRow, b0); v128.store(s + wRow, b1, 16);
      v128.store(s + 2 * wRow, d0); v128.store(s + 2 * wRow, d1, 16);
      v128.store(s + 3 * wRow, e0); v128.store(s + 3 * wRow, e1, 16);
    }
    if (cb < co) {
      onePixel(x0, w, o, cb, co, kh, walks, run, tapRow, walkStep, wRow);
      onePixel(x1, w, o + wRow, cb, co, kh, walks, run, tapRow, walkStep, wRow);
      onePixel(x2, w, o + 2 * wRow, cb, co, kh, walks, run, tapRow, walkStep, wRow);
      onePixel(x3, w, o + 3 * wRow, cb, co, kh, walks, run, tapRow, walkStep, wRow);
    }
  }
  for (; p < pixels; p++) onePixel(windowStart(x, p, outH, outW, H, rowBytes, sh, sw, pixel), w, out + <usize>p * wRow, 0, co, kh, walks, run, tapRow, walkStep, wRow);
}

/** Address of the first value of output pixel p's window. */
// @ts-ignore: decorator
@inline function windowStart(x: usize, p: i32, outH: i32, outW: i32, H: i32, rowBytes: usize, sh: i32, sw: i32, pixel: usize): usize {
  const ow = p % outW;
  const rest = p / outW;
  const oh = rest % outH;
  const n = rest / outH;
  return x + <usize>(n * H + oh * sh) * rowBytes + <usize>(ow * sw) * pixel;
}

/** Output channels [from, co) of one pixel, one at a time (pixel-count and channel tails). */
function onePixel(xw: usize, w: usize, o: usize, from: i32, co: i32, kh: i32, walks: i32, run: i32, tapRow: usize, walkStep: usize, wRow: usize): void {
  for (let c = from; c < co; c++) {
    let s: f32 = 0;
    let wp = w + (<usize>c << 2);
    let off: usize = 0;
    for (let i = 0; i < kh; i++, off += tapRow - <usize>walks * walkStep) {
      for (let j = 0; j < walks; j++, off += walkStep) {
        for (let t = 0; t < run; t++, wp += wRow) s += load<f32>(xw + off + (<usize>t << 2)) * load<f32>(wp);
      }
    }
    store<f32>(o + (<usize>c << 2), s);
  }
}
