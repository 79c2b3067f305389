/**
 * Conv2DBackpropFilter for wasm (the stock wasm backend has none, so CNNs could not train).
 *
 * The filter gradient is itself a convolution: dW[i, j, ci, co] = Σ_{b, oh, ow}
 * x[b, oh·s + i − pad, ow·s + j − pad, ci] · dy[b, oh, ow, co]. Swap the roles of batch and
 * channels — input x as [ci, H, W, b], filter dy as [oh, ow, b, co] — and this is a forward
 * convolution with dilation = the original stride, whose [ci, kh, kw, co] output transposes to dW.
 * So the fast XNNPACK Conv2D does the work.
 */
import * as tf from '@tensorflow/tfjs';
import { call, free, KernelArgs, pair, transpose } from './util';

export const CONV2D_BACKPROP_FILTER = 'Conv2DBackpropFilter';

export function conv2dBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { strides, pad, dataFormat = 'NHWC', dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const temps: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (temps.push(t), t);
  // channels-first inputs are transposed once to the NHWC layout everything below assumes
  const nchw = dataFormat === 'NCHW';
  let x = nchw ? keep(transpose(backend, inputs.x, [0, 2, 3, 1])) : inputs.x;
  const dy = nchw ? keep(transpose(backend, inputs.dy, [0, 2, 3, 1])) : inputs.dy;
  const [kh, kw, ci, co] = filterShape;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const [sh, sw] = pair(strides);
  const [, outH, outW] = dy.shape;
  // padded extent the output rows actually read: (k−1) + (out−1)·s + 1; rows beyond it are unused
  // (VALID padding with stride > 1) and are sliced off instead of given negative padding.
  const [h, w] = [x.shape[1], x.shape[2]];
  const needH = kh + (outH - 1) * sh;
  const needW = kw + (outW - 1) * sw;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  let bottom = needH - h - top;
  let right = needW - w - left;
  if (bottom < 0 || right < 0) {
    x = keep(call('Slice', backend, { x }, { begin: [0, 0, 0, 0], size: [x.shape[0], h + Math.min(bottom, 0), w + Math.min(right, 0), ci] }));
    bottom = Math.max(bottom, 0);
    right = Math.max(right, 0);
  }
  const xT = keep(transpose(backend, x, [3, 1, 2, 0])); // [ci, H, W, b]
  const dyT = keep(transpose(backend, dy, [1, 2, 0, 3])); // [oh, ow, b, co]
  const conv = keep(
    call('Conv2D', backend, { x: xT, filter: dyT }, {
      strides: [1, 1],
      dilations: [sh, sw],
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dataFormat: 'NHWC',
    }),
  ); // [ci, kh, kw, co]
  const dW = transpose(backend, conv, [1, 2, 0, 3]);
  free(backend, ...temps);
  if (dW.shape.join() !== [kh, kw, ci, co].join()) {
    free(backend, dW);
    throw new Error(`wasm Conv2DBackpropFilter: internal shape mismatch ${dW.shape} vs ${filterShape}`);
  }
  return dW;
}

