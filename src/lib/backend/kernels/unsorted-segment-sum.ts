/**
 * UnsortedSegmentSum for wasm (missing from the stock backend; it is the backward pass of Gather,
 * so an Embedding layer could not train). out[s] = Σ_{i : ids[i] = s} x[i]; ids outside
 * [0, numSegments) are dropped, as in TensorFlow. One pass over x, summed in float64: float32 in
 * wasm (wasm/train/segment-sum.ts: 0.3 ms of CPU for an Embedding gradient of 2,048 ids × 32 where
 * this JS pass took 3.3), int32 in JS.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, trainKernels } from './train-module';
import { free, KernelArgs, unsupported } from './util';

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
  if (x.dtype === 'float32' && segmentIds.dtype === 'int32' && idCount * inner * numSegments > 0) {
    const acc = backend.makeOutput([2 * numSegments * inner], 'float32'); // float64 scratch
    const at = (t: tf.TensorInfo) => heapOffset(backend, t);
    trainKernels(backend).segmentSum(at(x), at(segmentIds), at(outInfo), at(acc), idCount, inner, numSegments);
    free(backend, acc);
    return outInfo;
  }
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
