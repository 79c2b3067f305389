/**
 * Conv2DBackpropFilter for wasm (the stock wasm backend has none, so CNNs could not train).
 *
 * dW[i, j, ci, co] = Σ_{b, oh, ow} x[b, oh·s + i − pad, ow·s + j − pad, ci] · dy[b, oh, ow, co]
 * is one matrix product: patchesᵀ [kh·kw·ci, b·oh·ow] · dy [b·oh·ow, co]. We write patchesᵀ
 * directly (im2col: one pass over a channels-major copy of x, copying contiguous runs) and
 * multiply with our SIMD GEMM (wasm/train/gemm.ts), which reads dy in place — in four fixed chunks
 * of images whose partial products are summed (./filter-gradient-chunks.ts, which also threads it):
 * XNNPACK's matmul would re-pack dy (a new tensor every step) on every call, ~5 ms of 17 here.
 * (Our first version, a forward conv with batch and channels swapped, was 3× slower still. A
 * direct kernel reading x in place of the patches was tried too: 1.3× slower for the 3×3×32 conv,
 * as each x cache line then feeds one pixel where a patch row feeds sixteen.)
 */
import * as tf from '@tensorflow/tfjs';
import { filterGradientInChunks } from './filter-gradient-chunks';
import { free, KernelArgs, nhwcPadding, pair, transpose } from './util';
import { winogradFilterGradient } from './winograd-grad';
import { nativeConv2dBackpropFilter } from './native-conv';

export const CONV2D_BACKPROP_FILTER = 'Conv2DBackpropFilter';

export function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  // the native implicit GEMM when the native kernels are on (./native-conv.ts)
  const viaNative = nativeConv2dBackpropFilter(args);
  if (viaNative) return viaNative;
  // 3×3 stride-1 layers with enough channels: Winograd F(3×3, 2×2), 2.25× fewer multiply-adds (./winograd-grad.ts)
  const viaWinograd = winogradFilterGradient(args);
  if (viaWinograd) return viaWinograd;
  const { inputs, backend, attrs = {} } = args;
  const {
    strides,
    pad: givenPad,
    dataFormat = 'NHWC',
    dimRoundingMode,
    filterShape,
  } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const temps: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (temps.push(t), t);
  // channels-first inputs are transposed once to the NHWC layout everything below assumes
  const nchw = dataFormat === 'NCHW';
  const pad = nhwcPadding(givenPad, nchw);
  const x = nchw ? keep(transpose(backend, inputs.x, [0, 2, 3, 1])) : inputs.x;
  const dy = nchw ? keep(transpose(backend, inputs.dy, [0, 2, 3, 1])) : inputs.dy;
  const [kh, kw, ci, co] = filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [sh, sw] = pair(strides);
  const [b, H, W] = x.shape;
  const [, outH, outW] = dy.shape;
  // channels-major copy of x, [ci, b, H, W], so each patch row is read as contiguous runs
  const xT = keep(transpose(backend, x, [3, 0, 1, 2]));
  const { top, left } = info.padInfo;
  const dW = backend.makeOutput([kh, kw, ci, co], 'float32');
  // in fixed image chunks, across threads when it pays (./filter-gradient-chunks.ts)
  filterGradientInChunks(backend, xT, dy, dW, { kh, kw, ci, b, H, W, outH, outW, sh, sw, top, left, co });
  free(backend, ...temps);
  return dW;
}
