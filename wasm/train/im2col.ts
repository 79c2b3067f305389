// im2col for Conv2DBackpropFilter (see src/lib/backend/kernels/conv2d-backprop-filter.ts).

import { copyRun, zeroRun } from './runs';
import { matmul } from './gemm';

/**
 * Writes patchesᵀ, f32 [kh·kw·ci, b·outH·outW]: row (i, j, c) holds, for every output position,
 * the input value under filter tap (i, j) of channel c (0 where the tap falls in the padding).
 * xs is x channels-major, f32 [ci, b, H, W], so each output row segment is a contiguous run of
 * one input row (stride 1: a block copy) or a strided walk along it.
 */
export function im2colTransposed(xs: usize, out: usize, kh: i32, kw: i32, ci: i32, b: i32, H: i32, W: i32, outH: i32, outW: i32, sh: i32, sw: i32, top: i32, left: i32): void {
  im2colTransposedRows(xs, out, kh, kw, ci, b, H, W, outH, outW, sh, sw, top, left, 0, kh * kw * ci);
}

/**
 * Rows [from, to) of im2colTransposed's output (row (i, j, c) = (i·kw + j)·ci + c), written at
 * their places in `out`: the same values as a whole call, so threads can each write their rows.
 */
export function im2colTransposedRows(xs: usize, out: usize, kh: i32, kw: i32, ci: i32, b: i32, H: i32, W: i32, outH: i32, outW: i32, sh: i32, sw: i32, top: i32, left: i32, from: i32, to: i32): void {
  const runBytes = <usize>outW << 2;
  let at = out + <usize>from * <usize>(b * outH) * runBytes;
  for (let row = from; row < to; row++) {
    const c = row % ci;
    const tap = row / ci;
    const j = tap % kw;
    const i = tap / kw;
    // output columns whose input column ow·sw + j − left lies inside the image
    let owStart = left - j > 0 ? (left - j + sw - 1) / sw : 0;
    if (owStart > outW) owStart = outW;
    let owEnd = W - 1 - j + left >= 0 ? (W - 1 - j + left) / sw + 1 : 0;
    if (owEnd > outW) owEnd = outW;
    if (owEnd < owStart) owEnd = owStart;
    const headBytes = <usize>owStart << 2;
    const bodyBytes = <usize>(owEnd - owStart) << 2;
    const tailBytes = runBytes - headBytes - bodyBytes;
    for (let n = 0; n < b; n++) {
      const plane = xs + ((<usize>(c * b + n) * H * W) << 2);
      for (let oh = 0; oh < outH; oh++, at += runBytes) {
        const r = oh * sh + i - top;
        if (r < 0 || r >= H) {
          zeroRun(at, runBytes);
          continue;
        }
        // first input column read: (owStart·sw + j − left) ≥ 0
        const src = plane + ((<usize>r * W + <usize>(owStart * sw + j - left)) << 2);
        if (headBytes) zeroRun(at, headBytes);
        if (sw == 1) copyRun(at + headBytes, src, bodyBytes);
        else for (let ow = 0; ow < owEnd - owStart; ow++) store<f32>(at + headBytes + (<usize>ow << 2), load<f32>(src + ((<usize>ow * sw) << 2)));
        if (tailBytes) zeroRun(at + headBytes + bodyBytes, tailBytes);
      }
    }
  }
}

/**
 * Rows [from, to) of the filter gradient dW [K, co] = patchesᵀ [K, N] · dy [N, co] (K = kh·kw·ci,
 * N = b·outH·outW): writes those rows of patchesᵀ, then multiplies them, in one call, so each
 * thread of the pool makes and uses its own rows (while they are still partly in cache) and the
 * im2col is split across threads too. `from` must be a multiple of 4: the rows then fall in the
 * same 4-row blocks of matmul as in a whole call, and every output is bit-for-bit the same.
 */
export function filterGradientRows(xs: usize, dy: usize, patches: usize, dW: usize, kh: i32, kw: i32, ci: i32, b: i32, H: i32, W: i32, outH: i32, outW: i32, sh: i32, sw: i32, top: i32, left: i32, co: i32, from: i32, to: i32): void {
  const N = b * outH * outW;
  im2colTransposedRows(xs, patches, kh, kw, ci, b, H, W, outH, outW, sh, sw, top, left, from, to);
  matmul(patches + ((<usize>from * N) << 2), dy, dW + ((<usize>from * co) << 2), to - from, N, co);
}
