/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (missing from the stock backend; needed by
 * DepthwiseConv2D and SeparableConv2D). Each channel c only meets its own multiplier outputs
 * c·M + m, so there is no big matmul to hand to XNNPACK: one pass over the output positions,
 * channels innermost (contiguous reads), summed in float64.
 *   dW[i, j, c, m] = Σ_{b, oh, ow} x[b, oh·s + i·d − pad, ow·s + j·d − pad, c] · dy[b, oh, ow, c·M + m]
 */
import * as tf from '@tensorflow/tfjs';
import { KernelArgs } from './util';

export const DEPTHWISE_BACKPROP_FILTER = 'DepthwiseConv2dNativeBackpropFilter';

export function depthwiseBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputs.x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const outInfo = backend.makeOutput(filterShape, 'float32');
  const x = backend.typedArrayFromHeap(inputs.x) as Float32Array;
  const dy = backend.typedArrayFromHeap(inputs.dy) as Float32Array;
  const out = backend.typedArrayFromHeap(outInfo) as Float32Array;
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
  const acc = new Float64Array(kh * kw * C * M);
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
              const xv = x[xBase + c];
              for (let m = 0; m < M; m++) acc[wBase + c * M + m] += xv * dy[dyBase + c * M + m];
            }
          }
        }
      }
    }
  }
  out.set(acc);
  return outInfo;
}
