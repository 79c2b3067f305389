/**
 * Conv2D for wasm. Convolutions with a small receptive field (kh·kw·ci ≤ 64: first layers on
 * grey or RGB images) run in our direct SIMD convolution (wasm/train/conv.ts): XNNPACK's
 * convolution spends its time on per-pixel bookkeeping when there are few input channels (6.4 ms
 * for the reference CNN's 5×5 conv on 28×28×1). Everything else — and NCHW — goes to the stock
 * kernel with explicit SAME padding (./explicit-same-padding.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { explicitSamePadding } from './explicit-same-padding';
import { heapOffset, trainKernels } from './train-module';
import { call, free, KernelArgs, pair, WasmKernelFunc } from './util';

/** Largest kh·kw·ci done as im2col + GEMM. */
export const SMALL_RECEPTIVE_FIELD = 64;

export function conv2d(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { x, filter } = inputs;
  const [kh, kw, ci, co] = filter.shape;
  const { strides, pad, dilations, dataFormat = 'NHWC', dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
  const K = kh * kw * ci;
  if (dataFormat !== 'NHWC' || K > SMALL_RECEPTIVE_FIELD || x.dtype !== 'float32' || filter.dtype !== 'float32') return explicitSamePadding(args, stock);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, dilations ?? 1, pad, dimRoundingMode);
  const { batchSize: b, inHeight: H, inWidth: W, outHeight: outH, outWidth: outW } = info;
  const { top, bottom, left, right } = info.padInfo;
  // zero-pad x first (a small copy for a first layer): then every window lies inside the image
  // and the kernel's fast four-pixel blocks cover whole rows, borders included
  const padded = top || bottom || left || right ? call('PadV2', backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 }) : x;
  const out = backend.makeOutput([b, outH, outW, co], 'float32');
  const [sh, sw] = pair(strides);
  const [dh, dw] = pair(dilations ?? 1);
  trainKernels(backend).convDirect(heapOffset(backend, padded), heapOffset(backend, filter), heapOffset(backend, out), b, H + top + bottom, W + left + right, ci, outH, outW, co, kh, kw, sh, sw, dh, dw, 0, 0);
  if (padded !== x) free(backend, padded);
  return out;
}
