/**
 * DepthwiseConv2dNativeBackpropInput for wasm (missing from the stock backend; needed by
 * DepthwiseConv2D and SeparableConv2D below the first layer). The scatter form of the forward
 * pass: each output position sends dy·W back to the input pixels its window read.
 *   dx[b, oh·s + i·d − pad, ow·s + j·d − pad, c] += Σ_m W[i, j, c, m] · dy[b, oh, ow, c·M + m]
 */
import * as tf from '@tensorflow/tfjs';
import { KernelArgs } from './util';

export const DEPTHWISE_BACKPROP_INPUT = 'DepthwiseConv2dNativeBackpropInput';

export function depthwiseBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const filterShape = inputs.filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const outInfo = backend.makeOutput(inputShape, 'float32');
  const w = backend.typedArrayFromHeap(inputs.filter) as Float32Array;
  const dy = backend.typedArrayFromHeap(inputs.dy) as Float32Array;
  const dx = backend.typedArrayFromHeap(outInfo) as Float32Array;
  dx.fill(0);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const {
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    filterHeight: kh,
    filterWidth: kw,
  } = info;
  const M = filterShape[3];
  const { top, left } = info.padInfo;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyBase = ((b * OH + oh) * OW + ow) * C * M;
        for (let i = 0; i < kh; i++) {
          const r = oh * sh + i * dh - top;
          if (r < 0 || r >= H) continue;
          for (let j = 0; j < kw; j++) {
            const col = ow * sw + j * dw - left;
            if (col < 0 || col >= W) continue;
            const xBase = ((b * H + r) * W + col) * C;
            const wBase = (i * kw + j) * C * M;
            for (let c = 0; c < C; c++) {
              let s = 0;
              for (let m = 0; m < M; m++) s += w[wBase + c * M + m] * dy[dyBase + c * M + m];
              dx[xBase + c] += s;
            }
          }
        }
      }
    }
  }
  return outInfo;
}
