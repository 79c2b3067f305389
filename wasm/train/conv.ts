// Direct convolution for small receptive fields (first layers: 1 or 3 input channels), where
// XNNPACK's convolution spends its time on per-pixel bookkeeping rather than arithmetic.

/**
 * out[p, o] = Σ_{i, j, c} x[n, oh·sh + i·dh − top, ow·sw + j·dw − left, c] · w[i, j, c, o]
 * for NHWC x, HWIO w, NHWC out (all f32), summed in (i, j, c) order like an im2col product.
 * Four horizontally adjacent output pixels whose windows lie inside the image columns are done
 * together (when dw = 1), eight output channels at a time: eight v128 sums, each filter vector loaded once for
 * four pixels (like a 4×8 GEMM block). Pixels near the left/right border go one at a time.
 */
export function convDirect(x: usize, w: usize, out: usize, b: i32, H: i32, W: i32, ci: i32, outH: i32, outW: i32, co: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32): void {
  const wRow = <usize>co << 2; // bytes per filter row (one input channel of one tap)
  const pixel = <usize>ci << 2;
  for (let n = 0; n < b; n++) {
    for (let oh = 0; oh < outH; oh++) {
      const r0 = oh * sh - top;
      const iStart = r0 < 0 ? (-r0 + dh - 1) / dh : 0;
      const iEnd = H - 1 - r0 < 0 ? 0 : min(kh, (H - 1 - r0) / dh + 1);
      const xImage = x + <usize>(n * H) * <usize>W * pixel;
      let ow = 0;
      while (ow < outW) {
        const c0 = ow * sw - left;
        const o = out + <usize>((n * outH + oh) * outW + ow) * wRow;
        if (dw == 1 && ow + 4 <= outW && c0 >= 0 && c0 + 3 * sw + kw - 1 <= W - 1) {
          const step = <usize>sw * pixel; // bytes between the four pixels' windows
          let cb = 0;
          for (; cb + 8 <= co; cb += 8) {
            let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
            let d0 = f32x4.splat(0), d1 = f32x4.splat(0), e0 = f32x4.splat(0), e1 = f32x4.splat(0);
            // dw = 1: a window row's taps (j, c) are kw·ci consecutive floats of x, and their
            // filter rows are consecutive too, so one flat loop walks both
            const run = kw * ci;
            for (let i = iStart; i < iEnd; i++) {
              let xp = xImage + <usize>((r0 + i * dh) * W + c0) * pixel;
              let wp = w + <usize>(i * run) * wRow + (<usize>cb << 2);
              for (let t = 0; t < run; t++, wp += wRow, xp += 4) {
                const w0 = v128.load(wp);
                const w1 = v128.load(wp, 16);
                const x0 = v128.load32_splat(xp);
                a0 = f32x4.add(a0, f32x4.mul(x0, w0));
                a1 = f32x4.add(a1, f32x4.mul(x0, w1));
                const x1 = v128.load32_splat(xp + step);
                b0 = f32x4.add(b0, f32x4.mul(x1, w0));
                b1 = f32x4.add(b1, f32x4.mul(x1, w1));
                const x2 = v128.load32_splat(xp + 2 * step);
                d0 = f32x4.add(d0, f32x4.mul(x2, w0));
                d1 = f32x4.add(d1, f32x4.mul(x2, w1));
                const x3 = v128.load32_splat(xp + 3 * step);
                e0 = f32x4.add(e0, f32x4.mul(x3, w0));
                e1 = f32x4.add(e1, f32x4.mul(x3, w1));
              }
            }
            const q = o + (<usize>cb << 2);
            v128.store(q, a0); v128.store(q, a1, 16);
            v128.store(q + wRow, b0); v128.store(q + wRow, b1, 16);
            v128.store(q + 2 * wRow, d0); v128.store(q + 2 * wRow, d1, 16);
            v128.store(q + 3 * wRow, e0); v128.store(q + 3 * wRow, e1, 16);
          }
          for (let p = 0; p < 4; p++) scalarChannels(xImage, w, o + <usize>p * wRow, cb, co, W, ci, kw, iStart, iEnd, 0, kw, r0, c0 + p * sw, dh, dw);
          ow += 4;
        } else {
          const jStart = c0 < 0 ? (-c0 + dw - 1) / dw : 0;
          const jEnd = W - 1 - c0 < 0 ? 0 : min(kw, (W - 1 - c0) / dw + 1);
          let cb = 0;
          for (; cb + 8 <= co; cb += 8) {
            let a0 = f32x4.splat(0);
            let a1 = f32x4.splat(0);
            for (let i = iStart; i < iEnd; i++) {
              const xRow = xImage + <usize>((r0 + i * dh) * W) * pixel;
              for (let j = jStart; j < jEnd; j++) {
                const xp = xRow + <usize>(c0 + j * dw) * pixel;
                let wp = w + <usize>((i * kw + j) * ci) * wRow + (<usize>cb << 2);
                for (let c = 0; c < ci; c++, wp += wRow) {
                  const xv = v128.load32_splat(xp + (<usize>c << 2));
                  a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(wp)));
                  a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(wp, 16)));
                }
              }
            }
            v128.store(o + (<usize>cb << 2), a0);
            v128.store(o + (<usize>cb << 2), a1, 16);
          }
          scalarChannels(xImage, w, o, cb, co, W, ci, kw, iStart, iEnd, jStart, jEnd, r0, c0, dh, dw);
          ow += 1;
        }
      }
    }
  }
}

/** Output channels [from, co) of one pixel, one at a time (co not a multiple of 8). */
// @ts-ignore: decorator
@inline function scalarChannels(xImage: usize, w: usize, o: usize, from: i32, co: i32, W: i32, ci: i32, kw: i32, iStart: i32, iEnd: i32, jStart: i32, jEnd: i32, r0: i32, c0: i32, dh: i32, dw: i32): void {
  const wRow = <usize>co << 2;
  for (let cb = from; cb < co; cb++) {
    let s: f32 = 0;
    for (let i = iStart; i < iEnd; i++) {
      for (let j = jStart; j < jEnd; j++) {
        const xp = xImage + (<usize>((r0 + i * dh) * W + c0 + j * dw) * <usize>ci << 2);
        const wp = w + <usize>((i * kw + j) * ci) * wRow + (<usize>cb << 2);
        for (let c = 0; c < ci; c++) s += load<f32>(xp + (<usize>c << 2)) * load<f32>(wp + <usize>c * wRow);
      }
    }
    store<f32>(o + (<usize>cb << 2), s);
  }
}
