// Winograd F(2×2, 3×3) convolution (Lavin & Gray 2015) for 3×3, stride-1, undilated filters: each
// 2×2 block of output pixels ("tile") is computed from its 4×4 input window with 16 products per
// input/output channel pair instead of 36, so the multiply-adds drop 2.25×; the work moves into
// cheap add-only transforms. See src/lib/backend/kernels/winograd.ts for when it is used.
//
//   U = G g Gᵀ (filter, once per call)   V = Bᵀ d B (each tile's input)   Y = Aᵀ M A (output)
//   M[k] = V[k] · U[k] for each of the 16 transformed positions k: [tiles, ci] · [ci, co] GEMMs.
//
// Transforms run four channels at a time in v128 (a channel tail one lane at a time through the
// same code, with single-lane loads and stores). Tiles are taken in blocks of `tb`, so a block's
// transformed inputs V [16, tb, ci] and products M [16, tb, co] stay in cache between the steps.

import { matmul } from './gemm';

/** Floats of padding between the scratch matrices (see winogradTiles). */
const SKEW: usize = 16;

// @ts-ignore: decorator
@inline function ld(p: usize, one: bool): v128 {
  return one ? v128.load32_zero(p) : v128.load(p);
}

// @ts-ignore: decorator
@inline function st(p: usize, v: v128, one: bool): void {
  if (one) v128.store32_lane(p, v, 0);
  else v128.store(p, v);
}

/**
 * U [16, ci, co] = G g Gᵀ for every (input, output) channel pair of an HWIO 3×3 filter w [3, 3, ci, co].
 * G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]].
 */
export function winogradFilter(w: usize, u: usize, ci: i32, co: i32): void {
  const tap = <usize>ci * <usize>co << 2; // bytes between taps of w and between positions k of u
  const half = f32x4.splat(0.5);
  for (let c = 0; c < ci; c++) {
    const at = <usize>c * co;
    let o = 0;
    for (; o + 4 <= co; o += 4) filterColumn(w + ((at + o) << 2), u + ((at + o) << 2), tap, half, false);
    for (; o < co; o++) filterColumn(w + ((at + o) << 2), u + ((at + o) << 2), tap, half, true);
  }
}

// @ts-ignore: decorator
@inline function filterColumn(src: usize, dst: usize, tap: usize, half: v128, one: bool): void {
  // rows of Gg: t0 = g0, t1 = ½(g0 + g1 + g2), t2 = ½(g0 − g1 + g2), t3 = g2 (each a row of 3 taps)
  const g00 = ld(src, one), g01 = ld(src + tap, one), g02 = ld(src + 2 * tap, one);
  const g10 = ld(src + 3 * tap, one), g11 = ld(src + 4 * tap, one), g12 = ld(src + 5 * tap, one);
  const g20 = ld(src + 6 * tap, one), g21 = ld(src + 7 * tap, one), g22 = ld(src + 8 * tap, one);
  const s0 = f32x4.add(g00, g20), s1 = f32x4.add(g01, g21), s2 = f32x4.add(g02, g22);
  const t10 = f32x4.mul(half, f32x4.add(s0, g10)), t11 = f32x4.mul(half, f32x4.add(s1, g11)), t12 = f32x4.mul(half, f32x4.add(s2, g12));
  const t20 = f32x4.mul(half, f32x4.sub(s0, g10)), t21 = f32x4.mul(half, f32x4.sub(s1, g11)), t22 = f32x4.mul(half, f32x4.sub(s2, g12));
  filterRow(g00, g01, g02, dst, tap, half, one);
  filterRow(t10, t11, t12, dst + 4 * tap, tap, half, one);
  filterRow(t20, t21, t22, dst + 8 * tap, tap, half, one);
  filterRow(g20, g21, g22, dst + 12 * tap, tap, half, one);
}

// @ts-ignore: decorator
@inline function filterRow(a: v128, b: v128, c: v128, dst: usize, tap: usize, half: v128, one: bool): void {
  const s = f32x4.add(a, c);
  st(dst, a, one);
  st(dst + tap, f32x4.mul(half, f32x4.add(s, b)), one);
  st(dst + 2 * tap, f32x4.mul(half, f32x4.sub(s, b)), one);
  st(dst + 3 * tap, c, one);
}

/**
 * Output tiles [from, to) of a 3×3 stride-1 convolution (tiles in raster order over b × ⌈outH/2⌉ ×
 * ⌈outW/2⌉; `from` a multiple of tb, so every tile falls in the same block as in a whole call and
 * its outputs are bit-for-bit the same whatever the split). xp: NHWC input zero-padded to
 * [b, Hp, Wp, ci] with Hp ≥ 2⌈outH/2⌉ + 2, Wp likewise (every 4×4 window inside it); u from
 * winogradFilter; out NHWC [b, outH, outW, co]; scratch 16·(tb·(ci + co) + 32) floats.
 */
export function winogradTiles(xp: usize, u: usize, out: usize, scratch: usize, b: i32, Hp: i32, Wp: i32, ci: i32, outH: i32, outW: i32, co: i32, tb: i32, from: i32, to: i32): void {
  const tilesW = (outW + 1) >> 1;
  const tilesH = (outH + 1) >> 1;
  const perImage = tilesH * tilesW;
  // the 16 matrices of V (and of M) sit one cache line further apart than their size: at
  // power-of-two distances (tb·ci = 32·64 floats) the 16 streams of a transform share cache sets
  const vStep = (<usize>tb * ci + SKEW) << 2;
  const mStep = (<usize>tb * co + SKEW) << 2;
  const v = scratch;
  const m = scratch + 16 * vStep;
  const uStep = (<usize>ci * co) << 2;
  for (let t0 = from; t0 < to; t0 += tb) {
    const nt = min(tb, to - t0);
    for (let j = 0; j < nt; j++) {
      const t = t0 + j;
      const n = t / perImage;
      const rest = t % perImage;
      const ty = rest / tilesW;
      const tx = rest % tilesW;
      const src = xp + ((<usize>((n * Hp + 2 * ty) * Wp + 2 * tx) * ci) << 2);
      inputTile(src, v + ((<usize>j * ci) << 2), ci, Wp, vStep);
    }
    for (let k = 0; k < 16; k++)
      matmul(v + <usize>k * vStep, u + <usize>k * uStep, m + <usize>k * mStep, nt, ci, co);
    for (let j = 0; j < nt; j++) {
      const t = t0 + j;
      const n = t / perImage;
      const rest = t % perImage;
      const oy = 2 * (rest / tilesW);
      const ox = 2 * (rest % tilesW);
      const dst = out + ((<usize>((n * outH + oy) * outW + ox) * co) << 2);
      outputTile(m + ((<usize>j * co) << 2), dst, co, outW, mStep, oy + 1 < outH, ox + 1 < outW);
    }
  }
}

/** V[k, j, :] = (Bᵀ d B)[k] for one tile's 4×4 window d (dst = V[0, j, 0]), all ci channels. */
function inputTile(src: usize, dst: usize, ci: i32, Wp: i32, kStep: usize): void {
  const col = <usize>ci << 2;
  const row = <usize>Wp * col;
  let c = 0;
  for (; c + 4 <= ci; c += 4) inputChannels(src + (<usize>c << 2), dst + (<usize>c << 2), col, row, kStep, false);
  for (; c < ci; c++) inputChannels(src + (<usize>c << 2), dst + (<usize>c << 2), col, row, kStep, true);
}

// Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]], applied to rows, then columns.
// @ts-ignore: decorator
@inline function inputChannels(src: usize, dst: usize, col: usize, row: usize, kStep: usize, one: bool): void {
  // each row r of the window: w_r = d_r B (four values), then V = Bᵀ w
  let p = src;
  const d00 = ld(p, one), d01 = ld(p + col, one), d02 = ld(p + 2 * col, one), d03 = ld(p + 3 * col, one);
  p += row;
  const d10 = ld(p, one), d11 = ld(p + col, one), d12 = ld(p + 2 * col, one), d13 = ld(p + 3 * col, one);
  p += row;
  const d20 = ld(p, one), d21 = ld(p + col, one), d22 = ld(p + 2 * col, one), d23 = ld(p + 3 * col, one);
  p += row;
  const d30 = ld(p, one), d31 = ld(p + col, one), d32 = ld(p + 2 * col, one), d33 = ld(p + 3 * col, one);
  // Bᵀ d (columns s = 0..3)
  const a0 = f32x4.sub(d00, d20), a1 = f32x4.sub(d01, d21), a2 = f32x4.sub(d02, d22), a3 = f32x4.sub(d03, d23);
  const b0 = f32x4.add(d10, d20), b1 = f32x4.add(d11, d21), b2 = f32x4.add(d12, d22), b3 = f32x4.add(d13, d23);
  const c0 = f32x4.sub(d20, d10), c1 = f32x4.sub(d21, d11), c2 = f32x4.sub(d22, d12), c3 = f32x4.sub(d23, d13);
  const e0 = f32x4.sub(d10, d30), e1 = f32x4.sub(d11, d31), e2 = f32x4.sub(d12, d32), e3 = f32x4.sub(d13, d33);
  inputRow(a0, a1, a2, a3, dst, kStep, one);
  inputRow(b0, b1, b2, b3, dst + 4 * kStep, kStep, one);
  inputRow(c0, c1, c2, c3, dst + 8 * kStep, kStep, one);
  inputRow(e0, e1, e2, e3, dst + 12 * kStep, kStep, one);
}

// @ts-ignore: decorator
@inline function inputRow(x0: v128, x1: v128, x2: v128, x3: v128, dst: usize, kStep: usize, one: bool): void {
  st(dst, f32x4.sub(x0, x2), one);
  st(dst + kStep, f32x4.add(x1, x2), one);
  st(dst + 2 * kStep, f32x4.sub(x2, x1), one);
  st(dst + 3 * kStep, f32x4.sub(x1, x3), one);
}

/** One tile's 2×2 outputs Aᵀ M A from M[k, j, :] (src = M[0, j, 0]); the right column and the
 *  bottom row only where they lie inside the output (odd sizes). */
function outputTile(src: usize, dst: usize, co: i32, outW: i32, kStep: usize, bottom: bool, right: bool): void {
  const px = <usize>co << 2;
  const rowOut = <usize>outW * px;
  let c = 0;
  for (; c + 4 <= co; c += 4)
    outputChannels(src + (<usize>c << 2), dst + (<usize>c << 2), kStep, px, rowOut, bottom, right, false);
  for (; c < co; c++) outputChannels(src + (<usize>c << 2), dst + (<usize>c << 2), kStep, px, rowOut, bottom, right, true);
}

// Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]].
// @ts-ignore: decorator
@inline function outputChannels(src: usize, dst: usize, kStep: usize, px: usize, rowOut: usize, bottom: bool, right: bool, one: bool): void {
  const m00 = ld(src, one), m01 = ld(src + kStep, one), m02 = ld(src + 2 * kStep, one), m03 = ld(src + 3 * kStep, one);
  const m10 = ld(src + 4 * kStep, one), m11 = ld(src + 5 * kStep, one), m12 = ld(src + 6 * kStep, one), m13 = ld(src + 7 * kStep, one);
  const m20 = ld(src + 8 * kStep, one), m21 = ld(src + 9 * kStep, one), m22 = ld(src + 10 * kStep, one), m23 = ld(src + 11 * kStep, one);
  const m30 = ld(src + 12 * kStep, one), m31 = ld(src + 13 * kStep, one), m32 = ld(src + 14 * kStep, one), m33 = ld(src + 15 * kStep, one);
  // Aᵀ M: two rows of four
  const s12_0 = f32x4.add(m10, m20), s12_1 = f32x4.add(m11, m21), s12_2 = f32x4.add(m12, m22), s12_3 = f32x4.add(m13, m23);
  const r00 = f32x4.add(m00, s12_0), r01 = f32x4.add(m01, s12_1), r02 = f32x4.add(m02, s12_2), r03 = f32x4.add(m03, s12_3);
  const r10 = f32x4.sub(f32x4.sub(m10, m20), m30), r11 = f32x4.sub(f32x4.sub(m11, m21), m31);
  const r12 = f32x4.sub(f32x4.sub(m12, m22), m32), r13 = f32x4.sub(f32x4.sub(m13, m23), m33);
  // (Aᵀ M) A
  st(dst, f32x4.add(f32x4.add(r00, r01), r02), one);
  if (right) st(dst + px, f32x4.sub(f32x4.sub(r01, r02), r03), one);
  if (bottom) {
    st(dst + rowOut, f32x4.add(f32x4.add(r10, r11), r12), one);
    if (right) st(dst + rowOut + px, f32x4.sub(f32x4.sub(r11, r12), r13), one);
  }
}
