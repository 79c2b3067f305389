// Max pooling forward for windows that tile the image (stride = window, no padding), the usual
// 2×2/stride-2 pool of a CNN. XNNPACK's pool (the stock wasm kernel) sets up an operator and walks
// indirection buffers on every call; here each window is four vector loads per four channels.

/**
 * x: f32 [B, H, W, C]; out: f32 [B, OH, OW, C], OH·fh ≤ H, OW·fw ≤ W. Each output is its window's
 * maximum by the same rule as maxPoolGradTiled (pool.ts): the running max is replaced by a value
 * strictly greater, in row-major order, so the value written is the one the gradient routes to.
 * (NaN never wins a comparison, as in a `>` scan; XNNPACK agrees on all non-NaN inputs.)
 * Four channels per step; a scalar loop for a channel tail.
 */
export function maxPoolTiled(x: usize, out: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, fh: i32, fw: i32): void {
  const pixel = <usize>C << 2;
  const rowStep = <usize>W * pixel;
  const vectorBytes = <usize>(C & ~3) << 2;
  let o = out;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, o += pixel) {
        const corner = x + (((<usize>b * H + <usize>oh * fh) * W + <usize>ow * fw) * pixel);
        let c: usize = 0;
        for (; c < vectorBytes; c += 16) {
          let best = f32x4.splat(-Infinity);
          for (let i = 0; i < fh; i++) {
            let at = corner + <usize>i * rowStep + c;
            for (let j = 0; j < fw; j++, at += pixel) {
              const v = v128.load(at);
              best = v128.bitselect(v, best, f32x4.gt(v, best));
            }
          }
          v128.store(o + c, best);
        }
        for (; c < pixel; c += 4) {
          let best: f32 = -Infinity;
          for (let i = 0; i < fh; i++) {
            for (let j = 0; j < fw; j++) {
              const v = load<f32>(corner + <usize>i * rowStep + <usize>j * pixel + c);
              if (v > best) best = v;
            }
          }
          store<f32>(o + c, best);
        }
      }
    }
  }
}
