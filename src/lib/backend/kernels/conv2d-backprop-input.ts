/**
 * Conv2DBackpropInput for wasm (the stock kernel is a naive loop: ~300 ms of a 400 ms reference-CNN
 * step). Also the forward pass of Conv2DTranspose.
 *
 * The input gradient is a full correlation of dy with the filter rotated 180° and its in/out
 * channels swapped: dx[r] = Σ_i dyd[r + pad − i]·W[i], where dyd is dy with (stride − 1) zeros
 * between neighbours. So: spread dy by the stride (reshape + pad, no loop), pad it by k − 1 − pad,
 * and run the fast XNNPACK Conv2D with stride 1.
 */
import * as tf from '@tensorflow/tfjs';
import { call, free, KernelArgs, nhwcPadding, pair, reshape, transpose, WasmBackend } from './util';

export const CONV2D_BACKPROP_INPUT = 'Conv2DBackpropInput';

/**
 * The filter rotated 180° with its in/out channels swapped, [kh, kw, co, ci], in one pass: the stock
 * Reverse kernel took ~0.9 ms of a 20 ms reference-CNN step for this 18k-float filter.
 */
function rotatedSwapped(backend: WasmBackend, filter: tf.TensorInfo): tf.TensorInfo {
  const [kh, kw, ci, co] = filter.shape;
  const out = backend.makeOutput([kh, kw, co, ci], 'float32');
  const w = backend.typedArrayFromHeap(filter) as Float32Array;
  const r = backend.typedArrayFromHeap(out) as Float32Array;
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++) {
      const from = (y * kw + x) * ci * co;
      const to = ((kh - 1 - y) * kw + (kw - 1 - x)) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) r[to + o * ci + i] = w[from + i * co + o];
    }
  return out;
}

export function conv2dBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const {
    strides,
    pad: givenPad,
    dataFormat = 'NHWC',
    dimRoundingMode,
    inputShape,
  } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const temps: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (temps.push(t), t);
  const nchw = dataFormat === 'NCHW';
  const pad = nhwcPadding(givenPad, nchw);
  const xShape = (nchw ? [inputShape[0], inputShape[2], inputShape[3], inputShape[1]] : inputShape) as [
    number,
    number,
    number,
    number,
  ];
  let dy = nchw ? keep(transpose(backend, inputs.dy, [0, 2, 3, 1])) : inputs.dy;
  const filter = inputs.filter;
  const [kh, kw, , co] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [sh, sw] = pair(strides);
  const [b, outH, outW] = dy.shape;
  if (sh > 1 || sw > 1) {
    // spread dy: [b, oh, 1, ow, 1, co] padded to [b, oh, sh, ow, sw, co] → [b, oh·sh, ow·sw, co]
    const six = keep(reshape(backend, dy, [b, outH, 1, outW, 1, co]));
    const padded = keep(
      call(
        'PadV2',
        backend,
        { x: six },
        {
          paddings: [
            [0, 0],
            [0, 0],
            [0, sh - 1],
            [0, 0],
            [0, sw - 1],
            [0, 0],
          ],
          constantValue: 0,
        },
      ),
    );
    dy = keep(reshape(backend, padded, [b, outH * sh, outW * sw, co]));
  }
  // dy now has (out−1)·s + 1 meaningful rows (plus s−1 trailing zeros when strided)
  const [h, w] = [xShape[1], xShape[2]];
  const spreadH = (outH - 1) * sh + 1;
  const spreadW = (outW - 1) * sw + 1;
  let top = kh - 1 - info.padInfo.top;
  let left = kw - 1 - info.padInfo.left;
  let bottom = h + kh - 1 - top - spreadH;
  let right = w + kw - 1 - left - spreadW;
  // negative padding = rows of the (spread) dy the correlation never reads: slice them off
  const cutTop = Math.max(-top, 0);
  const cutLeft = Math.max(-left, 0);
  const keepH = spreadH - cutTop + Math.min(bottom, 0);
  const keepW = spreadW - cutLeft + Math.min(right, 0);
  if (cutTop || cutLeft || keepH !== dy.shape[1] || keepW !== dy.shape[2]) {
    dy = keep(call('Slice', backend, { x: dy }, { begin: [0, cutTop, cutLeft, 0], size: [b, keepH, keepW, co] }));
  }
  [top, left, bottom, right] = [top, left, bottom, right].map((p) => Math.max(p, 0));
  const swapped = keep(rotatedSwapped(backend, filter)); // [kh, kw, co, ci]
  let dx = call(
    'Conv2D',
    backend,
    { x: dy, filter: swapped },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  if (nchw) {
    const nhwc = dx;
    dx = transpose(backend, nhwc, [0, 3, 1, 2]);
    free(backend, nhwc);
  }
  free(backend, ...temps);
  return dx;
}
