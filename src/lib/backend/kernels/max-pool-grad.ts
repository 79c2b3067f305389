/**
 * MaxPoolGrad for wasm. The stock kernel recomputes every window per input pixel; this one walks
 * each pooling window once, finds the FIRST strict maximum (row-major, like the cpu backend and
 * TensorFlow — ReLU outputs tie at 0 all the time, so the tie rule matters) and routes dy there.
 * Channels are the innermost loop, so memory is read contiguously straight from the wasm heap.
 */
import * as tf from '@tensorflow/tfjs';
import { KernelArgs } from './util';

export const MAX_POOL_GRAD = 'MaxPoolGrad';

export function maxPoolGrad({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const { dy, input } = inputs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const dxInfo = backend.makeOutput(input.shape, 'float32');
  // views AFTER makeOutput: allocating can grow (and detach) the wasm heap
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const dx = backend.typedArrayFromHeap(dxInfo) as Float32Array;
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  if (sh === fh && sw === fw && top === 0 && left === 0 && OH * fh <= H && OW * fw <= W) {
    tiledMaxPoolGrad(x, g, dx, batchSize, H, W, C, OH, OW, fh, fw);
    return dxInfo;
  }
  dx.fill(0);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const r0 = oh * sh - top;
      for (let ow = 0; ow < OW; ow++) {
        const c0 = ow * sw - left;
        best.fill(-Infinity);
        where.fill(-1);
        for (let i = 0; i < fh; i++) {
          const r = r0 + i;
          if (r < 0 || r >= H) continue;
          for (let j = 0; j < fw; j++) {
            const col = c0 + j;
            if (col < 0 || col >= W) continue;
            const base = ((b * H + r) * W + col) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c];
              if (v > best[c]) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        const gBase = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) if (where[c] >= 0) dx[where[c]] += g[gBase + c];
      }
    }
  }
  return dxInfo;
}

/**
 * The common case — windows that tile the image (2×2 pool, stride 2, no padding): every input
 * pixel is in at most one window, so each is written exactly once (dy at the window's first
 * maximum, 0 elsewhere) and dx needs no zero-fill pass.
 */
function tiledMaxPoolGrad(x: Float32Array, g: Float32Array, dx: Float32Array, B: number, H: number, W: number, C: number, OH: number, OW: number, fh: number, fw: number): void {
  if (OH * fh < H || OW * fw < W) dx.fill(0); // rows/columns no window covers
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const corner = ((b * H + oh * fh) * W + ow * fw) * C;
        const gBase = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let where = -1;
          for (let i = 0; i < fh; i++) {
            for (let j = 0; j < fw; j++) {
              const at = corner + (i * W + j) * C + c;
              const v = x[at];
              if (v > best) {
                best = v;
                where = at;
              }
              dx[at] = 0;
            }
          }
          if (where >= 0) dx[where] = g[gBase + c];
        }
      }
    }
  }
}
