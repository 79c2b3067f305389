// Separable Gaussian blur on 0-255 bytes (see wasm/image.ts for the conventions). Row by row: a
// vertical pass turns 2r+1 input rows into one row of 16-bit values (pixel·64) in a padded
// scratch row, then a horizontal pass over that row writes one output row, so the intermediate
// stays in L1. Taps are q15 (tap·2^15, symmetric, summing to 2^15): the two pixels at ±t are
// added before the multiply, and i16x8.q15mulr_sat does the rounded fixed-point product.
// Borders repeat the edge pixel (rows: clamped row index; columns: the padding of the scratch row).

/**
 * Blurs an h×w×c image src into dst (which must not overlap it). taps: r+1 i16 (centre first);
 * work: 64-byte aligned scratch of gaussianBlurScratch(w, c, r) bytes.
 */
export function gaussianBlurU8(src: usize, dst: usize, h: i32, w: i32, c: i32, taps: usize, r: i32, work: usize): void {
  const stride = w * c;
  const pad = r * c;
  // scratch layout: the taps splatted to v128 (loaded straight into the multiplies), the r+1
  // source rows above and below the current one (clamped), then the padded 16-bit row
  const splats = work;
  const rows = splats + (<usize>(r + 1) << 4);
  const row = (rows + (<usize>(2 * r + 2) << 2) + 15) & ~15;
  for (let t = 0; t <= r; t++) v128.store(splats + (<usize>t << 4), i16x8.splat(load<i16>(taps + (<usize>t << 1))));
  const mid = row + (<usize>pad << 1); // the scratch row's first real value
  for (let y = 0; y < h; y++) {
    for (let t = 0; t <= r; t++) {
      const up = y - t < 0 ? 0 : y - t;
      const down = y + t >= h ? h - 1 : y + t;
      store<u32>(rows + (<usize>t << 3), src + <usize>up * stride);
      store<u32>(rows + (<usize>t << 3), src + <usize>down * stride, 4);
    }
    verticalPass(rows, mid, stride, splats, r, taps);
    // replicate the edge pixels into the padding
    for (let p = 0; p < pad; p++) {
      store<i16>(row + (<usize>p << 1), load<i16>(mid + (<usize>(p % c) << 1)));
      store<i16>(mid + (<usize>(stride + p) << 1), load<i16>(mid + (<usize>(stride - c + (p % c)) << 1)));
    }
    horizontalPass(mid, dst + <usize>y * stride, stride, c, splats, r, taps);
  }
}

/** Bytes of scratch gaussianBlurU8 needs. */
export function gaussianBlurScratch(w: i32, c: i32, r: i32): i32 {
  return ((r + 1) << 4) + ((2 * r + 2) << 2) + 16 + ((w + 2 * r) * c + 8) * 2;
}

// @ts-ignore: decorator
@inline function q15(a: i32, b: i32): i32 {
  return (a * b + 16384) >> 15;
}

/** One row of 16-bit values (pixel·64) from the 2r+1 source rows listed at `rows` (pairs up/down). */
function verticalPass(rows: usize, out: usize, stride: i32, splats: usize, r: i32, taps: usize): void {
  const centre = <usize>load<u32>(rows);
  let j = 0;
  const last = stride - 8;
  while (stride >= 8) {
    if (j > last) j = last; // the final chunk overlaps the previous one instead of running past the row
    let acc = i16x8.q15mulr_sat_s(i16x8.shl(v128.load8x8_u(centre + j), 6), v128.load(splats));
    for (let t = 1; t <= r; t++) {
      const pair = rows + (<usize>t << 3);
      const s = i16x8.add(v128.load8x8_u(<usize>load<u32>(pair) + j), v128.load8x8_u(<usize>load<u32>(pair, 4) + j));
      acc = i16x8.add(acc, i16x8.q15mulr_sat_s(i16x8.shl(s, 6), v128.load(splats + (<usize>t << 4))));
    }
    v128.store(out + (<usize>j << 1), acc);
    if (j === last) break;
    j += 8;
  }
  if (stride < 8) {
    for (let i = 0; i < stride; i++) {
      let acc = q15(<i32>load<u8>(centre + i) << 6, load<i16>(taps));
      for (let t = 1; t <= r; t++) {
        const pair = rows + (<usize>t << 3);
        const s = <i32>load<u8>(<usize>load<u32>(pair) + i) + <i32>load<u8>(<usize>load<u32>(pair, 4) + i);
        acc += q15(s << 6, load<i16>(taps + (<usize>t << 1)));
      }
      store<i16>(out + (<usize>i << 1), <i16>acc);
    }
  }
}

function horizontalPass(mid: usize, out: usize, stride: i32, c: i32, splats: usize, r: i32, taps: usize): void {
  const k0 = v128.load(splats);
  const half = i16x8.splat(32);
  let j = 0;
  const last = stride - 16;
  while (stride >= 16) {
    if (j > last) j = last;
    const at = mid + (<usize>j << 1);
    let lo = i16x8.q15mulr_sat_s(v128.load(at), k0);
    let hi = i16x8.q15mulr_sat_s(v128.load(at, 16), k0);
    for (let t = 1; t <= r; t++) {
      const k = v128.load(splats + (<usize>t << 4));
      const off = <usize>(t * c) << 1;
      lo = i16x8.add(lo, i16x8.q15mulr_sat_s(i16x8.add(v128.load(at - off), v128.load(at + off)), k));
      hi = i16x8.add(hi, i16x8.q15mulr_sat_s(i16x8.add(v128.load(at - off, 16), v128.load(at + off, 16)), k));
    }
    lo = i16x8.shr_s(i16x8.add(lo, half), 6);
    hi = i16x8.shr_s(i16x8.add(hi, half), 6);
    v128.store(out + j, i8x16.narrow_i16x8_u(lo, hi));
    if (j === last) break;
    j += 16;
  }
  if (stride < 16) {
    for (let i = 0; i < stride; i++) {
      const at = mid + (<usize>i << 1);
      let acc = q15(load<i16>(at), load<i16>(taps));
      for (let t = 1; t <= r; t++) {
        const off = <usize>(t * c) << 1;
        acc += q15(<i32>load<i16>(at - off) + <i32>load<i16>(at + off), load<i16>(taps + (<usize>t << 1)));
      }
      const v = (acc + 32) >> 6;
      store<u8>(out + i, <u8>(v < 0 ? 0 : v > 255 ? 255 : v));
    }
  }
}
