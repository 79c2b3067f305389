/**
 * Conv2D for wasm on our direct SIMD convolution (wasm/train/conv.ts) over a zero-padded copy of
 * x. XNNPACK's convolution is slower here for two reasons: it re-packs the filter on every call
 * (in training the filter is new every step), and with few input channels it spends its time on
 * per-pixel bookkeeping (6.4 ms vs ~2 ms for the reference CNN's 5×5 conv on 28×28×1; 12 vs 9 ms
 * for its 3×3 32→64 conv, which also serves the input gradient of that layer). Our kernel re-reads
 * the whole filter for every four output pixels, so it is used while the filter fits in L2
 * (≤ 256 KiB: 3×3×32×64 is 72 KiB); bigger filters, NCHW and non-float32 go to the stock kernel
 * with explicit SAME padding (./explicit-same-padding.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { explicitSamePadding } from './explicit-same-padding';
import { parallelConvDirect } from './parallel';
import { heapOffset, trainKernels } from './train-module';
import { free, KernelArgs, pair, WasmKernelFunc } from './util';
import { winogradConv2d } from './winograd';
import { nativeConv2d } from './native-conv';

/** Largest filter (bytes) the direct convolution takes. */
export const DIRECT_CONV_MAX_FILTER_BYTES = 256 * 1024;

export function conv2d(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  // the native implicit GEMM when the native kernels are on (./native-conv.ts)
  const viaNative = nativeConv2d(args);
  if (viaNative) return viaNative;
  // 3×3 stride-1 layers with enough channels: Winograd F(2×2, 3×3), 2.25× fewer multiply-adds (./winograd.ts)
  const viaWinograd = winogradConv2d(args);
  if (viaWinograd) return viaWinograd;
  const { inputs, backend, attrs = {} } = args;
  const { x, filter } = inputs;
  const [kh, kw, ci, co] = filter.shape;
  const { strides, pad, dilations, dataFormat = 'NHWC', dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
  const K = kh * kw * ci;
  if (
    dataFormat !== 'NHWC' ||
    4 * K * co > DIRECT_CONV_MAX_FILTER_BYTES ||
    x.dtype !== 'float32' ||
    filter.dtype !== 'float32'
  )
    return explicitSamePadding(args, stock);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
  );
  const { batchSize: b, inHeight: H, inWidth: W, outHeight: outH, outWidth: outW } = info;
  const { top, bottom, left, right } = info.padInfo;
  const out = backend.makeOutput([b, outH, outW, co], 'float32');
  const [sh, sw] = pair(strides);
  const [dh, dw] = pair(dilations ?? 1);
  const dims = { b, H: H + top + bottom, W: W + left + right, ci, outH, outW, co, kh, kw, sh, sw, dh, dw };
  // across threads when it pays (./parallel.ts stages x zero-padded into the threads' memory)
  if (parallelConvDirect(backend, x, filter, out, { top, bottom, left, right }, dims)) return out;
  // zero-pad x first (wasm/train/pad.ts: row copies; the stock PadV2 goes element by element, 1 ms
  // for a 64×28×28×1 input): then every window lies inside the image and the kernel's fast
  // four-pixel blocks cover whole rows, borders included
  const kernels = trainKernels(backend);
  let padded = x;
  if (top || bottom || left || right) {
    padded = backend.makeOutput([b, dims.H, dims.W, ci], 'float32');
    kernels.padSpatial(heapOffset(backend, x), heapOffset(backend, padded), b, H, W, ci, top, bottom, left, right);
  }
  kernels.convDirect(
    heapOffset(backend, padded),
    heapOffset(backend, filter),
    heapOffset(backend, out),
    b,
    dims.H,
    dims.W,
    ci,
    outH,
    outW,
    co,
    kh,
    kw,
    sh,
    sw,
    dh,
    dw,
  );
  if (padded !== x) free(backend, padded);
  return out;
}
