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
