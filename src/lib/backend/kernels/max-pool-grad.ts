/**
 * MaxPoolGrad for wasm. The stock kernel recomputes every window per input pixel; this one walks
 * each pooling window once, finds the FIRST strict maximum (row-major, like the cpu backend and
 * TensorFlow — ReLU outputs tie at 0 all the time, so the tie rule matters) and routes dy there.
 * Tiling windows (the usual 2×2/stride 2) run in the SIMD kernel of wasm/train/pool.ts; other
 * windows in a JS loop with channels innermost, reading the wasm heap contiguously.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { heapOffset, trainKernels } from './train-module';
import { KernelArgs } from './util';

export const MAX_POOL_GRAD = 'MaxPoolGrad';

export function maxPoolGrad({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const { dy, input } = inputs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dxInfo = backend.makeOutput(input.shape, 'float32');
  // views AFTER makeOutput: allocating can grow (and detach) the wasm heap
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const dx = backend.typedArrayFromHeap(dxInfo) as Float32Array;
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  if (sh === fh && sw === fw && top === 0 && left === 0 && OH * fh <= H && OW * fw <= W) {
    // the common case — windows that tile the image (2×2 pool, stride 2): each input pixel is in
    // at most one window, so the SIMD kernel writes every covered pixel once, no zero-fill pass
    if (OH * fh < H || OW * fw < W) dx.fill(0); // rows/columns no window covers
    const native = nativeKernels(); // the same rule, 8 channels per step, threaded (native/pool2d.c)
    if (native) {
      const [px, pg, pd] = [input, dy, dxInfo].map((t) => heapOffset(backend, t));
      const heap = backend.wasm.asm.memory.buffer;
      native.maxPool(heap, px, pg, pd, batchSize, H, W, C, OH, OW, fh, fw, true, trainingThreads());
      return dxInfo;
    }
    trainKernels(backend).maxPoolGradTiled(
      heapOffset(backend, input),
      heapOffset(backend, dy),
      heapOffset(backend, dxInfo),
      batchSize,
      H,
      W,
      C,
      OH,
      OW,
      fh,
      fw,
    );
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
