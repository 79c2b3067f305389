// Winograd F(3×3, 2×2) for the filter gradient of a 3×3, stride-1, undilated convolution:
// dW[i, j, c, o] = Σ over output pixels of x_padded[y + i, x + j, c] · dy[y, x, o]. Each 2×2 block
// ("tile") of dy, with the 4×4 window of x under it, adds a 3×3 correlation to dW — F(3×3, 2×2):
//
//   dW = Aᵀ [ Σ_tiles (G g Gᵀ) ⊙ (Bᵀ d B) ] A,  g = the tile's dy, d = its x window,
//
// and the sum over tiles happens in the transformed domain: for each of the 16 positions k,
// M[k] [ci, co] = V[k]ᵀ · D[k] with V [tiles, ci], D [tiles, co] — 16 products 2.25× smaller in
// total than the im2col one. Tiles are taken in blocks of tb (transforms in cache), M accumulates
// across blocks in tile order. See src/lib/backend/kernels/winograd-grad.ts.
//
//   Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, −1, 0, 1]]
//   G  = [[1, 0], [½, ½], [½, −½], [0, 1]]          Aᵀ = [[1, 1, 1, 0], [0, 1, −1, 0], [0, 1, 1, 1]]

import { madd } from './madd';

// @ts-ignore: decorator
@inline function ld(p: usize, one: bool): v128 {
  return one ? v128.load32_zero(p) : v128.load(p);
}

// @ts-ignore: decorator
@inline function st(p: usize, v: v128, one: bool): void {
  if (one) v128.store32_lane(p, v, 0);
  else v128.store(p, v);
}

/** Floats of padding between the scratch matrices: power-of-two distances would share cache sets. */
const SKEW: usize = 16;

/**
 * Rows c0 ≤ c < c1 (input channels) of dW [3, 3, ci, co], one thread's share: every thread walks all
 * tiles in the same order, so each dW value is summed the same way whatever the split (c0, c1
 * multiples of 4 keep the 4-row register blocks too). xp: NHWC x zero-padded to [b, Hp, Wp, ci]
 * (Hp ≥ 2⌈outH/2⌉ + 2, Wp likewise); dy NHWC [b, outH, outW, co]; scratch
 * 16·(tb·(c1 − c0 + co) + (c1 − c0)·co + 48) floats.
 */
export function winogradFilterGradRows(xp: usize, dy: usize, dW: usize, scratch: usize, b: i32, Hp: i32, Wp: i32, ci: i32, outH: i32, outW: i32, co: i32, tb: i32, c0: i32, c1: i32): void {
  const cn = c1 - c0;
  const tilesW = (outW + 1) >> 1;
  const tilesH = (outH + 1) >> 1;
  const perImage = tilesH * tilesW;
  const tiles = b * perImage;
  const vStep = (<usize>tb * cn + SKEW) << 2;
  const dStep = (<usize>tb * co + SKEW) << 2;
  const mStep = (<usize>cn * co + SKEW) << 2;
  const v = scratch;
  const d = v + 16 * vStep;
  const m = d + 16 * dStep;
  memory.fill(m, 0, 16 * mStep);
  const half = f32x4.splat(0.5);
  for (let t0 = 0; t0 < tiles; t0 += tb) {
    const nt = min(tb, tiles - t0);
    for (let j = 0; j < nt; j++) {
      const t = t0 + j;
      const n = t / perImage;
      const rest = t % perImage;
      const oy = 2 * (rest / tilesW);
      const ox = 2 * (rest % tilesW);
      const src = xp + ((<usize>((n * Hp + oy) * Wp + ox) * ci + c0) << 2);
      windowTile(src, v + ((<usize>j * cn) << 2), cn, <usize>ci << 2, (<usize>Wp * ci) << 2, vStep);
      const g = dy + ((<usize>((n * outH + oy) * outW + ox) * co) << 2);
      dyTile(g, d + ((<usize>j * co) << 2), co, outW, dStep, oy + 1 < outH, ox + 1 < outW, half);
    }
    for (let k = 0; k < 16; k++) accumulateAtB(v + <usize>k * vStep, d + <usize>k * dStep, m + <usize>k * mStep, nt, cn, co);
  }
  const tap = (<usize>ci * co) << 2;
  for (let c = 0; c < cn; c++) {
    const src = m + ((<usize>c * co) << 2);
    const dst = dW + ((<usize>(c0 + c) * co) << 2);
    let o = 0;
    for (; o + 4 <= co; o += 4) gradOutput(src + (<usize>o << 2), dst + (<usize>o << 2), mStep, tap, false);
    for (; o < co; o++) gradOutput(src + (<usize>o << 2), dst + (<usize>o << 2), mStep, tap, true);
  }
}

/** V[k, j, :] = (Bᵀ d B)[k] for one tile's 4×4 x window (cn channels from src). */
function windowTile(src: usize, dst: usize, cn: i32, col: usize, row: usize, kStep: usize): void {
  let c = 0;
  for (; c + 4 <= cn; c += 4) windowChannels(src + (<usize>c << 2), dst + (<usize>c << 2), col, row, kStep, false);
  for (; c < cn; c++) windowChannels(src + (<usize>c << 2), dst + (<usize>c << 2), col, row, kStep, true);
}

// @ts-ignore: decorator
@inline function windowChannels(src: usize, dst: usize, col: usize, row: usize, kStep: usize, one: bool): void {
  let p = src;
  const d00 = ld(p, one), d01 = ld(p + col, one), d02 = ld(p + 2 * col, one), d03 = ld(p + 3 * col, one);
  p += row;
  const d10 = ld(p, one), d11 = ld(p + col, one), d12 = ld(p + 2 * col, one), d13 = ld(p + 3 * col, one);
  p += row;
  const d20 = ld(p, one), d21 = ld(p + col, one), d22 = ld(p + 2 * col, one), d23 = ld(p + 3 * col, one);
  p += row;
  const d30 = ld(p, one), d31 = ld(p + col, one), d32 = ld(p + 2 * col, one), d33 = ld(p + 3 * col, one);
  // Bᵀ d: rows d0 − d2, d1 + d2, d2 − d1, d3 − d1
  windowRow(f32x4.sub(d00, d20), f32x4.sub(d01, d21), f32x4.sub(d02, d22), f32x4.sub(d03, d23), dst, kStep, one);
  windowRow(f32x4.add(d10, d20), f32x4.add(d11, d21), f32x4.add(d12, d22), f32x4.add(d13, d23), dst + 4 * kStep, kStep, one);
  windowRow(f32x4.sub(d20, d10), f32x4.sub(d21, d11), f32x4.sub(d22, d12), f32x4.sub(d23, d13), dst + 8 * kStep, kStep, one);
  windowRow(f32x4.sub(d30, d10), f32x4.sub(d31, d11), f32x4.sub(d32, d12), f32x4.sub(d33, d13), dst + 12 * kStep, kStep, one);
}

// @ts-ignore: decorator
@inline function windowRow(x0: v128, x1: v128, x2: v128, x3: v128, dst: usize, kStep: usize, one: bool): void {
  st(dst, f32x4.sub(x0, x2), one);
  st(dst + kStep, f32x4.add(x1, x2), one);
  st(dst + 2 * kStep, f32x4.sub(x2, x1), one);
  st(dst + 3 * kStep, f32x4.sub(x3, x1), one);
}

/** D[k, j, :] = (G g Gᵀ)[k] for one tile's 2×2 dy (pixels past the bottom/right edge read as 0). */
function dyTile(g: usize, dst: usize, co: i32, outW: i32, kStep: usize, bottom: bool, right: bool, half: v128): void {
  const px = <usize>co << 2;
  const rowBytes = <usize>outW * px;
  let o = 0;
  for (; o + 4 <= co; o += 4) dyChannels(g + (<usize>o << 2), dst + (<usize>o << 2), px, rowBytes, kStep, bottom, right, half, false);
  for (; o < co; o++) dyChannels(g + (<usize>o << 2), dst + (<usize>o << 2), px, rowBytes, kStep, bottom, right, half, true);
}

// @ts-ignore: decorator
@inline function dyChannels(g: usize, dst: usize, px: usize, rowBytes: usize, kStep: usize, bottom: bool, right: bool, half: v128, one: bool): void {
  const zero = f32x4.splat(0);
  const g00 = ld(g, one);
  const g01 = right ? ld(g + px, one) : zero;
  const g10 = bottom ? ld(g + rowBytes, one) : zero;
  const g11 = bottom && right ? ld(g + rowBytes + px, one) : zero;
  // G g: rows g0, ½(g0 + g1), ½(g0 − g1), g1 (each a row of two)
  dyRow(g00, g01, dst, kStep, half, one);
  dyRow(f32x4.mul(half, f32x4.add(g00, g10)), f32x4.mul(half, f32x4.add(g01, g11)), dst + 4 * kStep, kStep, half, one);
  dyRow(f32x4.mul(half, f32x4.sub(g00, g10)), f32x4.mul(half, f32x4.sub(g01, g11)), dst + 8 * kStep, kStep, half, one);
  dyRow(g10, g11, dst + 12 * kStep, kStep, half, one);
}

// @ts-ignore: decorator
@inline function dyRow(a: v128, b: v128, dst: usize, kStep: usize, half: v128, one: bool): void {
  st(dst, a, one);
  st(dst + kStep, f32x4.mul(half, f32x4.add(a, b)), one);
  st(dst + 2 * kStep, f32x4.mul(half, f32x4.sub(a, b)), one);
  st(dst + 3 * kStep, b, one);
}

/** dW[i, j, c, o] = (Aᵀ M A)[i, j] from M[k, c, o] (src = M[0, c, o]; taps `tap` bytes apart). */
// @ts-ignore: decorator
@inline function gradOutput(src: usize, dst: usize, kStep: usize, tap: usize, one: bool): void {
  const m00 = ld(src, one), m01 = ld(src + kStep, one), m02 = ld(src + 2 * kStep, one), m03 = ld(src + 3 * kStep, one);
  const m10 = ld(src + 4 * kStep, one), m11 = ld(src + 5 * kStep, one), m12 = ld(src + 6 * kStep, one), m13 = ld(src + 7 * kStep, one);
  const m20 = ld(src + 8 * kStep, one), m21 = ld(src + 9 * kStep, one), m22 = ld(src + 10 * kStep, one), m23 = ld(src + 11 * kStep, one);
  const m30 = ld(src + 12 * kStep, one), m31 = ld(src + 13 * kStep, one), m32 = ld(src + 14 * kStep, one), m33 = ld(src + 15 * kStep, one);
  // Aᵀ M: rows m0 + m1 + m2, m1 − m2, m1 + m2 + m3
  const s0 = f32x4.add(m10, m20), s1 = f32x4.add(m11, m21), s2 = f32x4.add(m12, m22), s3 = f32x4.add(m13, m23);
  gradRow(f32x4.add(m00, s0), f32x4.add(m01, s1), f32x4.add(m02, s2), f32x4.add(m03, s3), dst, tap, one);
  gradRow(f32x4.sub(m10, m20), f32x4.sub(m11, m21), f32x4.sub(m12, m22), f32x4.sub(m13, m23), dst + 3 * tap, tap, one);
  gradRow(f32x4.add(s0, m30), f32x4.add(s1, m31), f32x4.add(s2, m32), f32x4.add(s3, m33), dst + 6 * tap, tap, one);
}

// @ts-ignore: decorator
@inline function gradRow(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, tap: usize, one: bool): void {
  const s = f32x4.add(r1, r2);
  st(dst, f32x4.add(r0, s), one);
  st(dst + tap, f32x4.sub(r1, r2), one);
  st(dst + 2 * tap, f32x4.add(s, r3), one);
}

/**
 * c [M, N] += aᵀ b for a [K, M], b [K, N] row-major: the sum over k runs in order, in blocks of
 * 4 rows × 8 columns of c held in registers (row tail: 1 × 8; column tail: one value at a time).
 */
function accumulateAtB(a: usize, b: usize, c: usize, K: i32, M: i32, N: i32): void {
  const rowA = <usize>M << 2;
  const rowB = <usize>N << 2;
  let m = 0;
  for (; m + 4 <= M; m += 4) {
    let n = 0;
    for (; n + 8 <= N; n += 8) {
      const cp = c + ((<usize>m * N + n) << 2);
      let c00 = v128.load(cp), c01 = v128.load(cp, 16);
      let c10 = v128.load(cp + rowB), c11 = v128.load(cp + rowB, 16);
      let c20 = v128.load(cp + 2 * rowB), c21 = v128.load(cp + 2 * rowB, 16);
      let c30 = v128.load(cp + 3 * rowB), c31 = v128.load(cp + 3 * rowB, 16);
      let ap = a + (<usize>m << 2);
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++, ap += rowA, bp += rowB) {
        const b0 = v128.load(bp), b1 = v128.load(bp, 16);
        const x0 = v128.load32_splat(ap);
        c00 = madd(x0, b0, c00);
        c01 = madd(x0, b1, c01);
        const x1 = v128.load32_splat(ap + 4);
        c10 = madd(x1, b0, c10);
        c11 = madd(x1, b1, c11);
        const x2 = v128.load32_splat(ap + 8);
        c20 = madd(x2, b0, c20);
        c21 = madd(x2, b1, c21);
        const x3 = v128.load32_splat(ap + 12);
        c30 = madd(x3, b0, c30);
        c31 = madd(x3, b1, c31);
      }
      v128.store(cp, c00); v128.store(cp, c01, 16);
      v128.store(cp + rowB, c10); v128.store(cp + rowB, c11, 16);
      v128.store(cp + 2 * rowB, c20); v128.store(cp + 2 * rowB, c21, 16);
      v128.store(cp + 3 * rowB, c30); v128.store(cp + 3 * rowB, c31, 16);
    }
    for (; n < N; n++) for (let r = 0; r < 4; r++) column1(a + (<usize>(m + r) << 2), b + (<usize>n << 2), c + ((<usize>(m + r) * N + n) << 2), K, rowA, rowB);
  }
  for (; m < M; m++) {
    let n = 0;
    for (; n + 8 <= N; n += 8) {
      const cp = c + ((<usize>m * N + n) << 2);
      let c0 = v128.load(cp), c1 = v128.load(cp, 16);
      let ap = a + (<usize>m << 2);
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++, ap += rowA, bp += rowB) {
        const x = v128.load32_splat(ap);
        c0 = madd(x, v128.load(bp), c0);
        c1 = madd(x, v128.load(bp, 16), c1);
      }
      v128.store(cp, c0);
      v128.store(cp, c1, 16);
    }
    for (; n < N; n++) column1(a + (<usize>m << 2), b + (<usize>n << 2), c + ((<usize>m * N + n) << 2), K, rowA, rowB);
  }
}

// @ts-ignore: decorator
@inline function column1(a: usize, b: usize, c: usize, K: i32, rowA: usize, rowB: usize): void {
  let s = load<f32>(c);
  for (let k = 0; k < K; k++, a += rowA, b += rowB) s += load<f32>(a) * load<f32>(b);
  store<f32>(c, s);
}
