/**
 * UnsortedSegmentSum for wasm (missing from the stock backend; it is the backward pass of Gather,
 * so an Embedding layer could not train). out[s] = Σ_{i : ids[i] = s} x[i]; ids outside
 * [0, numSegments) are dropped, as in TensorFlow. One pass over x, summed in float64.
 */
import * as tf from '@tensorflow/tfjs';
import { KernelArgs, unsupported } from './util';

export const UNSORTED_SEGMENT_SUM = 'UnsortedSegmentSum';

export function unsortedSegmentSum({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = inputs;
  const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const idCount = segmentIds.shape.reduce((a, b) => a * b, 1);
  if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw unsupported('UnsortedSegmentSum', 'segmentIds shape', segmentIds.shape, `a prefix of x's shape [${x.shape}]`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32')
    throw unsupported('UnsortedSegmentSum', 'x dtype', x.dtype, 'float32 or int32');
  const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  const outInfo = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  const out = backend.typedArrayFromHeap(outInfo);
  const acc = new Float64Array(numSegments * inner);
  for (let i = 0; i < idCount; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let k = 0; k < inner; k++) acc[dst + k] += xs[src + k];
  }
  out.set(acc);
  return outInfo;
}
