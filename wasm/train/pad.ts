// Zero padding around the images of an NHWC batch, for the direct convolution (which wants every
// window inside its input). The stock wasm PadV2 walks element by element with index arithmetic:
// 1.1 ms for the reference CNN's 64×28×28×1 input, where these row copies take 0.02 ms (0.36 vs
// 0.05 ms at 64×14×14×32).

import { copyRun, zeroRun } from './runs';

/**
 * out [b, top + H + bottom, left + W + right, C] = x [b, H, W, C] surrounded by zeros (f32).
 * Each image row is one contiguous run of W·C floats in x and in out.
 */
export function padSpatial(x: usize, out: usize, b: i32, H: i32, W: i32, C: i32, top: i32, bottom: i32, left: i32, right: i32): void {
  const pixel = <usize>C << 2;
  const inRow = <usize>W * pixel;
  const leftBytes = <usize>left * pixel;
  const rightBytes = <usize>right * pixel;
  const outRow = leftBytes + inRow + rightBytes;
  let at = out;
  let src = x;
  for (let n = 0; n < b; n++) {
    zeroRun(at, <usize>top * outRow);
    at += <usize>top * outRow;
    for (let r = 0; r < H; r++, at += outRow, src += inRow) {
      zeroRun(at, leftBytes);
      copyRun(at + leftBytes, src, inRow);
      zeroRun(at + leftBytes + inRow, rightBytes);
    }
    zeroRun(at, <usize>bottom * outRow);
    at += <usize>bottom * outRow;
  }
}
