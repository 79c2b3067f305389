// Shared pieces of the bilinear kernels (warp.ts, resize.ts): border rules and the byte shuffles
// that put two neighbouring pixels' channels side by side for i32x4.dot_i16x8_s.

/** Border modes, numbered as src/image-aug/core/warp-u8.ts passes them. */
export const CONSTANT = 0;
export const REFLECT = 1;
export const EDGE = 2;

/** Index i mapped into [0, n) by the border rule, or -1 ('constant': the fill value). As core/warp.ts's borderIndex. */
export function borderIndex(i: i32, n: i32, mode: i32): i32 {
  if (<u32>i < <u32>n) return i;
  if (mode == EDGE) return i < 0 ? 0 : n - 1;
  if (mode == REFLECT) {
    if (n == 1) return 0;
    const period = 2 * (n - 1);
    let j = i % period;
    if (j < 0) j += period;
    return j < n ? j : period - j;
  }
  return -1;
}

/**
 * Two pixel pairs, each loaded as 8 bytes (pixel x in bytes [0, c), pixel x+1 in [c, 2c)) into the
 * low and high halves of a vector, become per-channel pairs (x_k, x+1_k): after widening to
 * 16 bits, one dot product with the repeated weight pair (w0, w1) gives every channel at once.
 */
export function pairMask(c: i32): v128 {
  if (c == 1) return i8x16(0, 1, -1, -1, -1, -1, -1, -1, 8, 9, -1, -1, -1, -1, -1, -1);
  if (c == 2) return i8x16(0, 2, 1, 3, -1, -1, -1, -1, 8, 10, 9, 11, -1, -1, -1, -1);
  if (c == 3) return i8x16(0, 3, 1, 4, 2, 5, -1, -1, 8, 11, 9, 12, 10, 13, -1, -1);
  return i8x16(0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15);
}

/** Four pixels as 4 bytes each (channels padded to 4) → c bytes each, packed at the front. */
export function packMask(c: i32): v128 {
  if (c == 1) return i8x16(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  if (c == 2) return i8x16(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1);
  if (c == 3) return i8x16(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
  return i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}

const spill = memory.data(16, 16);

/** Stores the first `bytes` (≤ 16) bytes of v at p, touching nothing after them. */
@inline
export function storePrefix(p: usize, v: v128, bytes: i32): void {
  if (bytes == 16) v128.store(p, v);
  else if (bytes == 12) {
    v128.store64_lane(p, v, 0);
    v128.store32_lane(p, v, 2, 8);
  } else if (bytes == 8) v128.store64_lane(p, v, 0);
  else if (bytes == 4) v128.store32_lane(p, v, 0);
  else {
    v128.store(spill, v);
    memory.copy(p, spill, bytes);
  }
}
