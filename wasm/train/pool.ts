// Max-pooling gradient for windows that tile the image (stride = window, no padding): every
// input pixel lies in at most one window.

/**
 * x, dx: f32 [B, H, W, C]; dy: f32 [B, OH, OW, C]. Each window routes dy to its FIRST strict
 * maximum in row-major order (what the cpu backend and TensorFlow do; ReLU outputs tie at 0
 * constantly, so the tie rule matters) and writes 0 to its other pixels. A window whose values
 * are all −∞ or NaN sends nothing, as there. Four channels per step: a running max plus the
 * index of the window position that set it, both updated with one compare mask.
 * Pixels outside every window (H > OH·fh or W > OW·fw) are not touched: the caller zeroes them.
 */
export function maxPoolGradTiled(x: usize, dy: usize, dx: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, fh: i32, fw: i32): void {
  if (fh == 2 && fw == 2 && (C & 3) == 0) {
    maxPoolGrad2x2(x, dy, dx, B, H, W, C, OH, OW);
    return;
  }
  const rowStep = <usize>W * <usize>C << 2; // bytes between vertically adjacent pixels
  const colStep = <usize>C << 2;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const corner = (((<usize>b * H + <usize>oh * fh) * W + <usize>ow * fw) * C) << 2;
        const gBase = dy + ((((<usize>b * OH + oh) * OW + ow) * C) << 2);
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          const off = corner + (<usize>c << 2);
          let best = f32x4.splat(-Infinity);
          let where = i32x4.splat(-1);
          let k = 0;
          for (let i = 0; i < fh; i++) {
            for (let j = 0; j < fw; j++, k++) {
              const v = v128.load(x + off + <usize>i * rowStep + <usize>j * colStep);
              const m = f32x4.gt(v, best);
              best = v128.bitselect(v, best, m);
              where = v128.bitselect(i32x4.splat(k), where, m);
            }
          }
          const g = v128.load(gBase + (<usize>c << 2));
          k = 0;
          for (let i = 0; i < fh; i++) {
            for (let j = 0; j < fw; j++, k++) {
              v128.store(dx + off + <usize>i * rowStep + <usize>j * colStep, v128.and(g, i32x4.eq(where, i32x4.splat(k))));
            }
          }
        }
        for (; c < C; c++) {
          const off = corner + (<usize>c << 2);
          let best: f32 = -Infinity;
          let where: usize = -1;
          for (let i = 0; i < fh; i++) {
            for (let j = 0; j < fw; j++) {
              const at = off + <usize>i * rowStep + <usize>j * colStep;
              const v = load<f32>(x + at);
              if (v > best) {
                best = v;
                where = at;
              }
              store<f32>(dx + at, 0);
            }
          }
          if (where != <usize>-1) store<f32>(dx + where, load<f32>(gBase + (<usize>c << 2)));
        }
      }
    }
  }
}

/**
 * The usual case, 2×2 windows with channels a multiple of 4, unrolled: the same first-strict-max
 * rule (a, then b, c, d in row-major order must beat the running max) with the four positions'
 * addresses fixed per window, and channel groups walked by one pointer.
 */
function maxPoolGrad2x2(x: usize, dy: usize, dx: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32): void {
  const pixel = <usize>C << 2;
  const rowStep = <usize>W * pixel;
  const none = i32x4.splat(-1);
  const k1 = i32x4.splat(1);
  const k2 = i32x4.splat(2);
  const k3 = i32x4.splat(3);
  const k0 = i32x4.splat(0);
  let g = dy;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      let corner = ((<usize>b * H + <usize>oh * 2) * W) * pixel;
      for (let ow = 0; ow < OW; ow++, corner += 2 * pixel) {
        const end = corner + pixel;
        for (let at = corner; at < end; at += 16, g += 16) {
          const a = v128.load(x + at);
          const bb = v128.load(x + at + pixel);
          const c = v128.load(x + at + rowStep);
          const d = v128.load(x + at + rowStep + pixel);
          let m = f32x4.gt(a, f32x4.splat(-Infinity));
          let best = v128.bitselect(a, f32x4.splat(-Infinity), m);
          let where = v128.bitselect(k0, none, m);
          m = f32x4.gt(bb, best);
          best = v128.bitselect(bb, best, m);
          where = v128.bitselect(k1, where, m);
          m = f32x4.gt(c, best);
          best = v128.bitselect(c, best, m);
          where = v128.bitselect(k2, where, m);
          m = f32x4.gt(d, best);
          where = v128.bitselect(k3, where, m);
          const gv = v128.load(g);
          v128.store(dx + at, v128.and(gv, i32x4.eq(where, k0)));
          v128.store(dx + at + pixel, v128.and(gv, i32x4.eq(where, k1)));
          v128.store(dx + at + rowStep, v128.and(gv, i32x4.eq(where, k2)));
          v128.store(dx + at + rowStep + pixel, v128.and(gv, i32x4.eq(where, k3)));
        }
      }
    }
  }
}
