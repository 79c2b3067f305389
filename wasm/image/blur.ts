// Separable Gaussian blur on 0-255 bytes (see wasm/image.ts for the conventions). Row by row: a
// vertical pass turns 2r+1 input rows into one row of 16-bit values (pixel·64 + 32) in a padded
// scratch row, then a horizontal pass over that row writes one output row, so the intermediate
// stays in L1. Taps are symmetric q15 integers (tap·2^15, summing to 2^15), and the two values at
// ±t are added before they are multiplied. Borders repeat the edge pixel (rows: clamped row index;
// columns: the padding of the scratch row). The passes: blur-q15.ts with relaxed SIMD (one pmulhrsw
// per tap and 8 values), blur-pairs.ts otherwise (one pmaddwd per two taps and 4 values).
import { horizontalPass, verticalPass } from './blur-pairs';
import { horizontalPassQ15, verticalPassQ15 } from './blur-q15';

/** Bytes of scratch gaussianBlurU8 needs. */
export function gaussianBlurScratch(w: i32, c: i32, r: i32): i32 {
  return (groups(r) << 4) + ((r + 1) << 4) + (tableRows(r) << 3) + 16 + ((w + 2 * r + 2) * c + 16) * 2;
}

/** Entries of the row table: t = 0..r+1, and at least 0..5 for the written-out tap groups. */
// @ts-ignore: decorator
@inline function tableRows(r: i32): i32 {
  return r + 2 < 6 ? 6 : r + 2;
}

/** Tap pairs (0, 1), (2, 3), ...: the last one's second tap is 0 when r is even. */
// @ts-ignore: decorator
@inline function groups(r: i32): i32 {
  return (r + 2) >> 1;
}

/**
 * Blurs an h×w×c image src into dst (which must not overlap it). taps: r+1 i16 (centre first),
 * r ≥ 1; work: 16-byte aligned scratch of gaussianBlurScratch(w, c, r) bytes.
 */
export function gaussianBlurU8(src: usize, dst: usize, h: i32, w: i32, c: i32, taps: usize, r: i32, work: usize): void {
  const stride = w * c;
  const pad = (r + 1) * c; // one tap more than needed: the zero tap of an even r reads there
  const g = groups(r);
  // scratch: the tap pairs as i32x4, each tap as i16x8, the source rows at ±t (t = 0..r+1), the padded 16-bit row
  const coef = work;
  const single = coef + (<usize>g << 4);
  const rows = single + (<usize>(r + 1) << 4);
  const row = (rows + (<usize>tableRows(r) << 3) + 15) & ~15;
  const mid = row + (<usize>pad << 1);
  for (let k = 0; k < g; k++) {
    const a = load<i16>(taps + (<usize>(2 * k) << 1));
    const b = 2 * k + 1 <= r ? load<i16>(taps + (<usize>(2 * k + 1) << 1)) : <i16>0;
    v128.store(coef + (<usize>k << 4), i32x4.splat((<i32>b << 16) | (<i32>a & 0xffff)));
  }
  for (let t = 0; t <= r; t++) v128.store(single + (<usize>t << 4), i16x8.splat(load<i16>(taps + (<usize>t << 1))));
  for (let y = 0; y < h; y++) {
    for (let t = 0, n = tableRows(r); t < n; t++) {
      const up = y - t < 0 ? 0 : y - t > h - 1 ? h - 1 : y - t;
      const down = y + t >= h ? h - 1 : y + t;
      store<u32>(rows + (<usize>t << 3), src + <usize>up * stride);
      store<u32>(rows + (<usize>t << 3), src + <usize>down * stride, 4);
    }
    if (ASC_FEATURE_RELAXED_SIMD && stride >= 16) verticalPassQ15(rows, mid, stride, single, r);
    else verticalPass(rows, mid, stride, coef, g);
    // replicate the edge pixels into the padding
    const first = mid, lastPixel = mid + (<usize>(stride - c) << 1);
    for (let ch = 0; ch < c; ch++) {
      const left = load<i16>(first + (<usize>ch << 1)), right = load<i16>(lastPixel + (<usize>ch << 1));
      for (let p = ch; p < pad; p += c) {
        store<i16>(row + (<usize>p << 1), left);
        store<i16>(mid + (<usize>(stride + p) << 1), right);
      }
    }
    if (ASC_FEATURE_RELAXED_SIMD && stride >= 16) horizontalPassQ15(mid, dst + <usize>y * stride, stride, c, single, r);
    else horizontalPass(mid, dst + <usize>y * stride, stride, c, coef, g);
  }
}

