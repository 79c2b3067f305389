// Inverse-mapped affine warp with bilinear sampling on 0-255 images of 1-4 channels
// (src/image-aug/core/warp-u8.ts calls it for rotations, shears and other non-axis-aligned maps).
//
// Source coordinates are 16.16 fixed point, four output pixels at a time in an i32x4: each group's
// first coordinate comes from a 32.32 one stepped along the row (so rounding never accumulates),
// the other three are fixed steps from it. Each axis keeps a 10-bit fraction; the four bilinear
// weights are built from them in 2^-14 units and sum to exactly 2^14, so a flat image stays flat
// and the result is within ±1 of the exact bilinear value. Pixels whose four taps are inside are two 8-byte loads, one
// swizzle and two dot products (all channels at once); the others gather their taps through the
// border rule into the same layout first, so both paths round identically.
import { CONSTANT, borderIndex, pairMask, packMask, storePrefix } from './sampling';

const WIDE = 4294967296.0; // 1.0 in the 32.32 row coordinates
const taps = memory.data(16, 16);

/** dot((top x, top x+1) per channel, wTop) + dot((bottom x, bottom x+1), wBottom): channels of one pixel, ×2^14. */
@inline
function blend(top: usize, bottom: usize, mask: v128, wTop: v128, wBottom: v128): v128 {
  let v = v128.load64_zero(top);
  v = v128.load64_lane(bottom, v, 1);
  v = i8x16.swizzle(v, mask);
  const t = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(v), wTop);
  return i32x4.add(t, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(v), wBottom));
}

/** The taps of a pixel at the border, read through the border rule into `taps` (as two 8-byte rows). */
function gatherTaps(src: usize, h: i32, w: i32, c: i32, x0: i32, y0: i32, mode: i32, fill: u8): void {
  const row = w * c;
  const xa = borderIndex(x0, w, mode), xb = borderIndex(x0 + 1, w, mode);
  const ya = borderIndex(y0, h, mode), yb = borderIndex(y0 + 1, h, mode);
  const top = src + ya * row, bottom = src + yb * row;
  for (let k = 0; k < c; k++) {
    store<u8>(taps + k, ya < 0 || xa < 0 ? fill : load<u8>(top + xa * c + k));
    store<u8>(taps + c + k, ya < 0 || xb < 0 ? fill : load<u8>(top + xb * c + k));
    store<u8>(taps + 8 + k, yb < 0 || xa < 0 ? fill : load<u8>(bottom + xa * c + k));
    store<u8>(taps + 8 + c + k, yb < 0 || xb < 0 ? fill : load<u8>(bottom + xb * c + k));
  }
}

/** Rounds four pixels' ×2^14 sums to bytes and packs them as 4·c bytes. */
@inline
function pack4(r0: v128, r1: v128, r2: v128, r3: v128, packing: v128): v128 {
  const half = i32x4.splat(8192);
  r0 = i32x4.shr_u(i32x4.add(r0, half), 14);
  r1 = i32x4.shr_u(i32x4.add(r1, half), 14);
  r2 = i32x4.shr_u(i32x4.add(r2, half), 14);
  r3 = i32x4.shr_u(i32x4.add(r3, half), 14);
  const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(r0, r1), i16x8.narrow_i32x4_u(r2, r3));
  return i8x16.swizzle(bytes, packing);
}

/** One group's four pixels, c = 1: taps as 16-bit pairs (top row in lanes 0-3, bottom in 4-7), all four at once. */
@inline
function grey4(p0: usize, p1: usize, p2: usize, p3: usize, row: usize, wTop: v128, wBottom: v128): v128 {
  let v = v128.load16_lane(p0, i32x4.splat(0), 0);
  v = v128.load16_lane(p1, v, 1);
  v = v128.load16_lane(p2, v, 2);
  v = v128.load16_lane(p3, v, 3);
  v = v128.load16_lane(p0 + row, v, 4);
  v = v128.load16_lane(p1 + row, v, 5);
  v = v128.load16_lane(p2 + row, v, 6);
  v = v128.load16_lane(p3 + row, v, 7);
  const t = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(v), wTop);
  return i32x4.add(t, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(v), wBottom));
}

// Per-call state (set by warpRows) and the plan of one stretch of a row: for each group of four
// pixels, their tap addresses, weight pairs, integer coordinates (x in i16 lanes 0-3, y in 4-7) and
// flags (bits 0-3: the pixel's taps are all inside; bits 4-7: all outside, 'constant' only).
let src: usize, h: i32, w: i32, c: i32, mode: i32, fill: u8;
const GROUPS = 64;
const planAddr = memory.data(GROUPS * 16, 16), planTop = memory.data(GROUPS * 16, 16), planBottom = memory.data(GROUPS * 16, 16);
const planXY = memory.data(GROUPS * 16, 16), planFlags = memory.data(GROUPS, 16);
// The loop invariants of `plan`, as memory operands: the engine does not hoist vector splats out of loops.
const K = memory.data(7 * 16, 16);
const SPREAD_X = 0, SPREAD_Y = 16, LAST_X = 32, LAST_Y = 48, ROW = 64, CHANNELS = 80, LAST_LOAD = 96;

/** Sets the invariants of `plan` for this call (in-group steps sx, sy in 16.16). */
function setUpPlan(sx: i32, sy: i32): void {
  const row = w * c;
  v128.store(K + SPREAD_X, i32x4(0, sx, 2 * sx, 3 * sx));
  v128.store(K + SPREAD_Y, i32x4(0, sy, 2 * sy, 3 * sy));
  v128.store(K + LAST_X, i32x4.splat(w - 1)); // inside: 0 ≤ x < w - 1, and the same for y
  v128.store(K + LAST_Y, i32x4.splat(h - 1));
  v128.store(K + ROW, i32x4.splat(row));
  v128.store(K + CHANNELS, i32x4.splat(c));
  // the bottom-row load reads 8 bytes (2 for c = 1) at top + row: it must end inside the image
  v128.store(K + LAST_LOAD, i32x4.splat(<i32>(src + h * row - row - (c == 1 ? 2 : 8) + 1)));
}

/** Plans `groups` groups of a row starting at the 32.32 coordinates (X, Y), stepping by (stepX, stepY) per group. */
function plan(X: i64, Y: i64, stepX: i64, stepY: i64, groups: i32): void {
  const fraction = i32x4.splat(1023), one = i32x4.splat(16384), rounding = i32x4.splat(32), minus1 = i32x4.splat(-1), minus2 = i32x4.splat(-2);
  const constant = mode == CONSTANT;
  for (let g = 0; g < groups; g++, X += stepX, Y += stepY) {
    const Xv = i32x4.add(i32x4.splat(<i32>(X >> 16)), v128.load(K + SPREAD_X));
    const Yv = i32x4.add(i32x4.splat(<i32>(Y >> 16)), v128.load(K + SPREAD_Y));
    const xi = i32x4.shr_s(Xv, 16), yi = i32x4.shr_s(Yv, 16);
    const fx = v128.and(i32x4.shr_u(Xv, 6), fraction), fy = v128.and(i32x4.shr_u(Yv, 6), fraction);
    const fx16 = i32x4.shl(fx, 4), fy16 = i32x4.shl(fy, 4);
    const w11 = i32x4.shr_u(i32x4.add(i32x4.mul(fx, fy), rounding), 6);
    const w01 = i32x4.sub(fx16, w11), w10 = i32x4.sub(fy16, w11);
    const w00 = i32x4.sub(i32x4.sub(one, fy16), w01);
    const addr = i32x4.add(i32x4.mul(yi, v128.load(K + ROW)), i32x4.add(i32x4.mul(xi, v128.load(K + CHANNELS)), i32x4.splat(<i32>src)));
    // signed compares only (unsigned ones cost several instructions each on x86)
    const inside = v128.and(v128.and(i32x4.gt_s(v128.or(xi, yi), minus1), i32x4.gt_s(v128.load(K + LAST_LOAD), addr)),
      v128.and(i32x4.gt_s(v128.load(K + LAST_X), xi), i32x4.gt_s(v128.load(K + LAST_Y), yi)));
    let flags = i32x4.bitmask(inside);
    if (constant) {
      // every tap outside: x < -1 or x > w - 1, or the same for y
      const away = v128.or(v128.or(i32x4.gt_s(minus2, xi), i32x4.gt_s(minus2, yi)),
        v128.or(i32x4.gt_s(xi, v128.load(K + LAST_X)), i32x4.gt_s(yi, v128.load(K + LAST_Y))));
      flags |= i32x4.bitmask(away) << 4;
    }
    const at = g * 16;
    v128.store(planAddr + at, addr);
    v128.store(planTop + at, v128.or(w00, i32x4.shl(w01, 16)));
    v128.store(planBottom + at, v128.or(w10, i32x4.shl(w11, 16)));
    v128.store(planXY + at, i16x8.narrow_i32x4_s(xi, yi));
    store<u8>(planFlags + g, flags);
  }
}

/** Pixel k of planned group g when the group has border pixels: gathered through the border rule unless inside. */
function borderPixel(g: i32, k: i32, mask: v128): v128 {
  const at = g * 16 + k * 4;
  const wTop = v128.load32_splat(planTop + at), wBottom = v128.load32_splat(planBottom + at);
  if ((load<u8>(planFlags + g) >> k) & 1) {
    const p = <usize>load<i32>(planAddr + at);
    return blend(p, p + w * c, mask, wTop, wBottom);
  }
  gatherTaps(src, h, w, c, load<i16>(planXY + g * 16 + k * 2), load<i16>(planXY + g * 16 + 8 + k * 2), mode, fill);
  return blend(taps, taps + 8, mask, wTop, wBottom);
}

/** Renders `groups` planned groups (pixels u .. u + 4·groups, clipped to ow) for a fixed c, inlined per c so the masks are constants. */
@inline
function render(cc: i32, out: usize, u: i32, ow: i32, groups: i32): usize {
  const row = w * cc;
  const mask = pairMask(cc), packing = packMask(cc), half = i32x4.splat(8192);
  const fillV = i8x16.splat(<i8>fill);
  for (let g = 0; g < groups; g++, u += 4) {
    const flags = <i32>load<u8>(planFlags + g);
    const bytes = min(4, ow - u) * cc;
    const at = g * 16;
    let packed: v128;
    if ((flags & 15) == 15) {
      if (cc == 1) {
        const addr = v128.load(planAddr + at);
        const p0 = <usize>i32x4.extract_lane(addr, 0), p1 = <usize>i32x4.extract_lane(addr, 1);
        const p2 = <usize>i32x4.extract_lane(addr, 2), p3 = <usize>i32x4.extract_lane(addr, 3);
        const r = i32x4.shr_u(i32x4.add(grey4(p0, p1, p2, p3, row, v128.load(planTop + at), v128.load(planBottom + at)), half), 14);
        const n = i16x8.narrow_i32x4_u(r, r);
        packed = i8x16.narrow_i16x8_u(n, n);
      } else {
        const p0 = <usize>load<i32>(planAddr + at), p1 = <usize>load<i32>(planAddr + at, 4);
        const p2 = <usize>load<i32>(planAddr + at, 8), p3 = <usize>load<i32>(planAddr + at, 12);
        const r0 = blend(p0, p0 + row, mask, v128.load32_splat(planTop + at), v128.load32_splat(planBottom + at));
        const r1 = blend(p1, p1 + row, mask, v128.load32_splat(planTop + at, 4), v128.load32_splat(planBottom + at, 4));
        const r2 = blend(p2, p2 + row, mask, v128.load32_splat(planTop + at, 8), v128.load32_splat(planBottom + at, 8));
        const r3 = blend(p3, p3 + row, mask, v128.load32_splat(planTop + at, 12), v128.load32_splat(planBottom + at, 12));
        packed = pack4(r0, r1, r2, r3, packing);
      }
    } else if (mode == CONSTANT && (flags >> 4) == 15) {
      packed = fillV; // every tap of the four pixels is outside: the fill value, no arithmetic
    } else {
      packed = pack4(borderPixel(g, 0, mask), borderPixel(g, 1, mask), borderPixel(g, 2, mask), borderPixel(g, 3, mask), packing);
    }
    storePrefix(out, packed, bytes);
    out += bytes;
  }
  return out;
}

/** Where warmUp's reads end up, so that the optimizer cannot drop them. */
let touched: i32 = 0;
/** Larger sources would not stay in the cache until the warp reads them. */
const WARM_UP_LIMIT = 1 << 21;

/**
 * Reads one byte of every cache line of the source, in order. A slanted map reads the source
 * along diagonals, which the hardware prefetcher cannot follow: from main memory (a batch larger
 * than the caches) that costs more than the arithmetic. One sequential pass first brings the
 * image into the cache at streaming speed.
 */
function warmUp(from: usize, bytes: i32): void {
  if (bytes > WARM_UP_LIMIT) return;
  let acc = 0;
  for (let p = from, end = from + bytes; p < end; p += 64) acc |= load<u8>(p);
  touched |= acc;
}

/**
 * dst(u, v) = src(a·u + b·v + cx, d·u + e·v + cy), bilinear, for an oh × ow × cc output.
 * Taps outside follow `border` (0 constant `fillValue`, 1 reflect, 2 edge). The caller keeps every
 * source coordinate within ±30000 so that the 16.16 coordinates cannot overflow. Each row is
 * planned (coordinates, weights, addresses: SIMD, four pixels per step) and rendered in stretches
 * of 4·GROUPS pixels, which keeps each loop's working set in registers.
 */
@inline
function warpRows(cc: i32, source: usize, height: i32, width: i32, dst: usize, oh: i32, ow: i32,
  a: f64, b: f64, cx: f64, d: f64, e: f64, cy: f64, border: i32, fillValue: i32): void {
  src = source; h = height; w = width; c = cc; mode = border; fill = <u8>fillValue;
  const stepX = <i64>Math.round(a * WIDE), stepY = <i64>Math.round(d * WIDE);
  setUpPlan(<i32>((stepX + 32768) >> 16), <i32>((stepY + 32768) >> 16));
  warmUp(src, h * w * c);
  let out = dst;
  for (let v = 0; v < oh; v++) {
    let X = <i64>Math.round((b * v + cx) * WIDE), Y = <i64>Math.round((e * v + cy) * WIDE);
    for (let u = 0; u < ow; u += 4 * GROUPS, X += stepX * 4 * GROUPS, Y += stepY * 4 * GROUPS) {
      const groups = min(GROUPS, (ow - u + 3) >> 2);
      plan(X, Y, stepX * 4, stepY * 4, groups);
      out = render(cc, out, u, ow, groups);
    }
  }
}

// One export per channel count (src/image-aug/core/warp-u8.ts picks one): separate functions keep
// the optimizer from merging the per-c copies back into one with run-time masks.
export function warpAffineU8c1(src: usize, h: i32, w: i32, dst: usize, oh: i32, ow: i32, a: f64, b: f64, cx: f64, d: f64, e: f64, cy: f64, border: i32, fill: i32): void {
  warpRows(1, src, h, w, dst, oh, ow, a, b, cx, d, e, cy, border, fill);
}
export function warpAffineU8c2(src: usize, h: i32, w: i32, dst: usize, oh: i32, ow: i32, a: f64, b: f64, cx: f64, d: f64, e: f64, cy: f64, border: i32, fill: i32): void {
  warpRows(2, src, h, w, dst, oh, ow, a, b, cx, d, e, cy, border, fill);
}
export function warpAffineU8c3(src: usize, h: i32, w: i32, dst: usize, oh: i32, ow: i32, a: f64, b: f64, cx: f64, d: f64, e: f64, cy: f64, border: i32, fill: i32): void {
  warpRows(3, src, h, w, dst, oh, ow, a, b, cx, d, e, cy, border, fill);
}
export function warpAffineU8c4(src: usize, h: i32, w: i32, dst: usize, oh: i32, ow: i32, a: f64, b: f64, cx: f64, d: f64, e: f64, cy: f64, border: i32, fill: i32): void {
  warpRows(4, src, h, w, dst, oh, ow, a, b, cx, d, e, cy, border, fill);
}
