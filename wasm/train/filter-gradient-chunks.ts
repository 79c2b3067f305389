// im2col and the filter gradient, in fixed chunks of images so it splits across threads without staging
// all of x and dy (see src/lib/backend/kernels/filter-gradient-chunks.ts).

import { copyRun, zeroRun } from './runs';
import { matmul } from './gemm';

/**
 * patchesᵀ of images [n0, n1), f32 [kh·kw·ci, (n1 − n0)·outH·outW]: row (i, j, c) holds, for every
 * output position, the input value under filter tap (i, j) of channel c (0 where the tap falls in
 * the padding). xs is x channels-major, f32 [ci, bs, H, W], so each output row segment is a
 * contiguous run of one input row (stride 1: a block copy) or a strided walk along it.
 */
function im2colImages(xs: usize, bs: i32, out: usize, kh: i32, kw: i32, ci: i32, H: i32, W: i32, outH: i32, outW: i32, sh: i32, sw: i32, top: i32, left: i32, n0: i32, n1: i32): void {
  const runBytes = <usize>outW << 2;
  let at = out;
  const rows = kh * kw * ci;
  for (let row = 0; row < rows; row++) {
    const c = row % ci;
    const tap = row / ci;
    const j = tap % kw;
    const i = tap / kw;
    let owStart = left - j > 0 ? (left - j + sw - 1) / sw : 0;
    if (owStart > outW) owStart = outW;
    let owEnd = W - 1 - j + left >= 0 ? (W - 1 - j + left) / sw + 1 : 0;
    if (owEnd > outW) owEnd = outW;
    if (owEnd < owStart) owEnd = owStart;
    const headBytes = <usize>owStart << 2;
    const bodyBytes = <usize>(owEnd - owStart) << 2;
    const tailBytes = runBytes - headBytes - bodyBytes;
    for (let n = n0; n < n1; n++) {
      const plane = xs + ((<usize>(c * bs + n) * H * W) << 2);
      for (let oh = 0; oh < outH; oh++, at += runBytes) {
        const r = oh * sh + i - top;
        if (r < 0 || r >= H) {
          zeroRun(at, runBytes);
          continue;
        }
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
 * Partial filter gradients of chunks [gFrom, gTo) of G: chunk g covers images
 * [⌊g·b/G⌋, ⌊(g+1)·b/G⌋), and partials + g·K·co receives patchesᵀ(chunk) · dy(chunk), f32 [K, co].
 * xs (channels-major, bs images) and dy (f32 [bs·outH·outW, co]) hold images from nBase on, so a
 * thread is handed only the images of its chunks. The chunks are fixed by b and G alone, never by
 * the thread count: the caller sums the G partials in order, the same bytes at any thread count.
 * patches: scratch of K × (largest chunk's pixels) floats.
 */
export function filterGradientChunks(xs: usize, bs: i32, dy: usize, patches: usize, partials: usize, kh: i32, kw: i32, ci: i32, H: i32, W: i32, outH: i32, outW: i32, sh: i32, sw: i32, top: i32, left: i32, co: i32, b: i32, G: i32, gFrom: i32, gTo: i32, nBase: i32): void {
  const K = kh * kw * ci;
  const imagePixels = outH * outW;
  for (let g = gFrom; g < gTo; g++) {
    const n0 = <i32>((<i64>g * b) / G) - nBase;
    const n1 = <i32>((<i64>(g + 1) * b) / G) - nBase;
    const pixels = (n1 - n0) * imagePixels;
    im2colImages(xs, bs, patches, kh, kw, ci, H, W, outH, outW, sh, sw, top, left, n0, n1);
    matmul(patches, dy + ((<usize>n0 * imagePixels * co) << 2), partials + ((<usize>g * K * co) << 2), K, pixels, co);
  }
}
