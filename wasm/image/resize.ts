// Axis-aligned bilinear resampling on 0-255 images of 1-4 channels: resize, resized crops, zoom
// about the centre, shifts (every affine map without rotation or shear). Separable, as OpenCV's
// resize: each needed source row is interpolated horizontally once into 16-bit values (×128, from
// 11-bit column weights), kept in a two-row cache, and every output row is a vertical blend of
// two such rows (Q15 weight, i16x8.q15mulr_sat_s), sixteen bytes per step. Column offsets and
// weights are tabulated once per call. Error against the exact bilinear value stays below 0.1,
// so results are within ±1 of it.
import { CONSTANT, borderIndex, pairMask } from './sampling';

/** Bytes of one cached row of ow·c 16-bit values (with slack for 8-byte stores past the end). */
@inline
function rowBytes(ow: i32, c: i32): i32 {
  return (ow * c * 2 + 16 + 15) & ~15;
}

/** Scratch memory the resize kernels need for an output width ow (column tables and three rows). */
export function resizeScratchBytes(ow: i32, c: i32): i32 {
  return ((ow * 12 + 15) & ~15) + 3 * rowBytes(ow, c);
}

// Per-call state, set by resizeRows (module globals keep the helpers' argument lists short).
let src: usize, h: i32, w: i32, c: i32, ow: i32, fill: i32;
let first0: usize, second0: usize, weights: usize; // per column: tap byte offsets (-1: fill), weight pair
let vectorFrom: i32, vectorTo: i32, vectorToLastRow: i32; // columns done with SIMD
let cachedA: i32, cachedB: i32; // source rows held in the two cache slots

/** Horizontal pass of source row y into `out` (ow·cc values, ×128), for a constant channel count cc. */
@inline
function interpolateRow(cc: i32, y: i32, out: usize): void {
  const p = src + y * w * cc;
  const to = y == h - 1 ? vectorToLastRow : vectorTo;
  let u = vectorFrom;
  // table and output walked by pointers held in locals (the engine reloads globals on every use)
  let offsets = first0 + u * 4, pairs = weights + u * 4;
  if (cc == 1) {
    let q = out + u * 2;
    for (; u + 4 <= to; u += 4, offsets += 16, pairs += 16, q += 8) {
      let v = v128.load16_lane(p + load<i32>(offsets), i32x4.splat(0), 0);
      v = v128.load16_lane(p + load<i32>(offsets, 4), v, 1);
      v = v128.load16_lane(p + load<i32>(offsets, 8), v, 2);
      v = v128.load16_lane(p + load<i32>(offsets, 12), v, 3);
      const r = i32x4.shr_u(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(v), v128.load(pairs)), 4);
      v128.store64_lane(q, i16x8.narrow_i32x4_u(r, r), 0);
    }
  } else {
    // two output pixels per step; each 8-byte store spills into the next pixel, written after it
    const mask = pairMask(cc), stride = cc * 2;
    let q = out + u * stride;
    for (; u + 2 <= to; u += 2, offsets += 8, pairs += 8, q += 2 * stride) {
      let v = v128.load64_zero(p + load<i32>(offsets));
      v = v128.load64_lane(p + load<i32>(offsets, 4), v, 1);
      v = i8x16.swizzle(v, mask);
      const r0 = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(v), v128.load32_splat(pairs));
      const r1 = i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(v), v128.load32_splat(pairs, 4));
      const r = i16x8.narrow_i32x4_u(i32x4.shr_u(r0, 4), i32x4.shr_u(r1, 4));
      v128.store64_lane(q, r, 0);
      v128.store64_lane(q + stride, r, 1);
    }
  }
  columns(p, out, u, ow);
  columns(p, out, 0, vectorFrom);
}

/** The scalar horizontal pass over columns [from, to): border taps and leftovers. */
function columns(p: usize, out: usize, from: i32, to: i32): void {
  for (let u = from; u < to; u++) {
    const a = load<i32>(first0 + u * 4), b = load<i32>(second0 + u * 4), wt = load<i32>(weights + u * 4);
    const wa = wt & 0xffff, wb = wt >>> 16;
    for (let k = 0; k < c; k++) {
      const va = a < 0 ? fill : <i32>load<u8>(p + a + k), vb = b < 0 ? fill : <i32>load<u8>(p + b + k);
      store<i16>(out + (u * c + k) * 2, <i16>((va * wa + vb * wb) >> 4));
    }
  }
}

/** The cached horizontal pass of row y (keeping the row `keep`); a fill row for y = -1. */
@inline
function rowFor(cc: i32, y: i32, keep: i32, slotA: usize, slotB: usize, fillRow: usize): usize {
  if (y < 0) return fillRow;
  if (cachedA == y) return slotA;
  if (cachedB == y) return slotB;
  if (cachedA != keep) {
    cachedA = y;
    interpolateRow(cc, y, slotA);
    return slotA;
  }
  cachedB = y;
  interpolateRow(cc, y, slotB);
  return slotB;
}

/**
 * dst(u, v) = src(a·u + cx, e·v + cy) bilinear, for an oh × ow × cc output (cc in 1..4, a > 0), taps
 * outside following `mode` (0 constant `fillValue`, 1 reflect, 2 edge). `scratch`: resizeScratchBytes(ow, cc)
 * bytes. Inlined once per channel count so the shuffle masks are constants.
 */
@inline
function resizeRows(cc: i32, source: usize, height: i32, width: i32, dst: usize, oh: i32, outWidth: i32,
  a: f64, cx: f64, e: f64, cy: f64, mode: i32, fillValue: i32, scratch: usize): void {
  src = source; h = height; w = width; c = cc; ow = outWidth; fill = fillValue;
  first0 = scratch; second0 = scratch + ow * 4; weights = scratch + ow * 8;
  const rows = (scratch + ow * 12 + 15) & ~15, rb = rowBytes(ow, c);
  const fillRow = rows, slotA = rows + rb, slotB = rows + 2 * rb;
  // column table; interior columns (both taps inside) form one run since a > 0
  const loadBytes = c == 1 ? 2 : 8;
  vectorFrom = ow; vectorTo = 0; vectorToLastRow = 0;
  for (let u = 0; u < ow; u++) {
    const s = a * u + cx;
    let x0 = <i32>Math.floor(s);
    let w1 = <i32>Math.round((s - x0) * 2048);
    if (w1 == 2048) { x0++; w1 = 0; }
    store<i32>(weights + u * 4, (2048 - w1) | (w1 << 16));
    if (x0 >= 0 && x0 < w - 1) {
      if (vectorFrom == ow) vectorFrom = u;
      vectorTo = u + 1;
      if (x0 * c + loadBytes <= w * c) vectorToLastRow = u + 1;
      store<i32>(first0 + u * 4, x0 * c);
      store<i32>(second0 + u * 4, x0 * c + c);
    } else {
      const xa = borderIndex(x0, w, mode), xb = borderIndex(x0 + 1, w, mode);
      store<i32>(first0 + u * 4, xa < 0 ? -1 : xa * c);
      store<i32>(second0 + u * 4, xb < 0 ? -1 : xb * c);
    }
  }
  if (vectorFrom == ow) vectorFrom = 0;
  const n = ow * c;
  if (mode == CONSTANT) for (let i = 0; i < n; i++) store<i16>(fillRow + i * 2, <i16>(fill << 7));
  cachedA = -2; cachedB = -2;
  const bias = i16x8.splat(64);
  let out = dst;
  for (let v = 0; v < oh; v++) {
    const s = e * v + cy;
    let y0 = <i32>Math.floor(s);
    let wy = <i32>Math.round((s - y0) * 32768);
    if (wy == 32768) { y0++; wy = 0; }
    const ya = borderIndex(y0, h, mode), yb = wy == 0 ? ya : borderIndex(y0 + 1, h, mode);
    const top = rowFor(cc, ya, yb, slotA, slotB, fillRow), bottom = rowFor(cc, yb, ya, slotA, slotB, fillRow);
    const wv = i16x8.splat(<i16>wy);
    let i = 0;
    for (; i + 16 <= n; i += 16) {
      const t0 = v128.load(top + i * 2), t1 = v128.load(top + i * 2, 16);
      const b0 = v128.load(bottom + i * 2), b1 = v128.load(bottom + i * 2, 16);
      const r0 = i16x8.add(t0, i16x8.q15mulr_sat_s(i16x8.sub(b0, t0), wv));
      const r1 = i16x8.add(t1, i16x8.q15mulr_sat_s(i16x8.sub(b1, t1), wv));
      v128.store(out + i, i8x16.narrow_i16x8_u(i16x8.shr_s(i16x8.add(r0, bias), 7), i16x8.shr_s(i16x8.add(r1, bias), 7)));
    }
    if (i + 8 <= n) {
      const t0 = v128.load(top + i * 2), b0 = v128.load(bottom + i * 2);
      const r0 = i16x8.shr_s(i16x8.add(i16x8.add(t0, i16x8.q15mulr_sat_s(i16x8.sub(b0, t0), wv)), bias), 7);
      v128.store64_lane(out + i, i8x16.narrow_i16x8_u(r0, r0), 0);
      i += 8;
    }
    for (; i < n; i++) {
      const t = <i32>load<i16>(top + i * 2), d = <i32>load<i16>(bottom + i * 2) - t;
      const r = (t + ((d * wy + 16384) >> 15) + 64) >> 7;
      store<u8>(out + i, <u8>(r < 0 ? 0 : r > 255 ? 255 : r));
    }
    out += n;
  }
}

// One export per channel count (src/image-aug/core/warp-u8.ts picks one), so that each keeps its
// shuffle masks as constants.
export function resizeU8c1(src: usize, h: i32, w: i32, dst: usize, oh: i32, ow: i32, a: f64, cx: f64, e: f64, cy: f64, mode: i32, fill: i32, scratch: usize): void {
  resizeRows(1, src, h, w, dst, oh, ow, a, cx, e, cy, mode, fill, scratch);
}
export function resizeU8c2(src: usize, h: i32, w: i32, dst: usize, oh: i32, ow: i32, a: f64, cx: f64, e: f64, cy: f64, mode: i32, fill: i32, scratch: usize): void {
  resizeRows(2, src, h, w, dst, oh, ow, a, cx, e, cy, mode, fill, scratch);
}
export function resizeU8c3(src: usize, h: i32, w: i32, dst: usize, oh: i32, ow: i32, a: f64, cx: f64, e: f64, cy: f64, mode: i32, fill: i32, scratch: usize): void {
  resizeRows(3, src, h, w, dst, oh, ow, a, cx, e, cy, mode, fill, scratch);
}
export function resizeU8c4(src: usize, h: i32, w: i32, dst: usize, oh: i32, ow: i32, a: f64, cx: f64, e: f64, cy: f64, mode: i32, fill: i32, scratch: usize): void {
  resizeRows(4, src, h, w, dst, oh, ow, a, cx, e, cy, mode, fill, scratch);
}
