// im2col for Conv2DBackpropFilter (see src/lib/backend/kernels/conv2d-backprop-filter.ts).

import { copyRun, zeroRun } from './runs';

/**
 * Writes patchesᵀ, f32 [kh·kw·ci, b·outH·outW]: row (i, j, c) holds, for every output position,
 * the input value under filter tap (i, j) of channel c (0 where the tap falls in the padding).
 * xs is x channels-major, f32 [ci, b, H, W], so each output row segment is a contiguous run of
 * one input row (stride 1: a block copy) or a strided walk along it.
 */
export function im2colTransposed(xs: usize, out: usize, kh: i32, kw: i32, ci: i32, b: i32, H: i32, W: i32, outH: i32, outW: i32, sh: i32, sw: i32, top: i32, left: i32): void {
  const runBytes = <usize>outW << 2;
  let at = out;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      // output columns whose input column ow·sw + j − left lies inside the image
      let owStart = left - j > 0 ? (left - j + sw - 1) / sw : 0;
      if (owStart > outW) owStart = outW;
      let owEnd = W - 1 - j + left >= 0 ? (W - 1 - j + left) / sw + 1 : 0;
      if (owEnd > outW) owEnd = outW;
      if (owEnd < owStart) owEnd = owStart;
      const headBytes = <usize>owStart << 2;
      const bodyBytes = <usize>(owEnd - owStart) << 2;
      const tailBytes = runBytes - headBytes - bodyBytes;
      for (let c = 0; c < ci; c++) {
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
  }
}

