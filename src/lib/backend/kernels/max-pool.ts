/**
 * MaxPool for wasm, fast where CNNs use it: windows that tile the image (the 2×2/stride-2 pool),
 * NHWC float32, in our SIMD kernel (wasm/train/max-pool.ts); XNNPACK's stock kernel sets up an
 * operator per call (1.4 ms for the reference CNN's two pools). Same values as the stock kernel
 * on non-NaN input, and as the cpu backend everywhere (NaN never wins a `>` comparison). Anything
 * else (overlapping or padded windows, other dtypes) goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { heapOffset, trainKernels } from './train-module';
import { KernelArgs, WasmKernelFunc } from './util';

export const MAX_POOL = 'MaxPool';

export function maxPool(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  if (!stock) throw new Error('wasm MaxPool: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolAttrs;
  const { x } = inputs;
  if (x.dtype !== 'float32' || x.shape.length !== 4) return stock(args);
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const tiles = sh === fh && sw === fw && top === 0 && left === 0 && OH * fh <= H && OW * fw <= W;
  // 1×1 windows are the identity, which the stock kernel does without a copy
  if (!tiles || fh * fw === 1 || OH * OW * C === 0) return stock(args);
  const out = backend.makeOutput([batchSize, OH, OW, C], 'float32');
  const native = nativeKernels(); // the same rule, 8 channels per step, threaded (native/pool2d.c)
  if (native) {
    const heap = backend.wasm.asm.memory.buffer;
    const [px, po] = [heapOffset(backend, x), heapOffset(backend, out)];
    native.maxPool(heap, px, 0, po, batchSize, H, W, C, OH, OW, fh, fw, false, trainingThreads());
    return out;
  }
  trainKernels(backend).maxPoolTiled(
    heapOffset(backend, x),
    heapOffset(backend, out),
    batchSize,
    H,
    W,
    C,
    OH,
    OW,
    fh,
    fw,
  );
  return out;
}
