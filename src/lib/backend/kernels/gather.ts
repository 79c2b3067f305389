/**
 * GatherV2 for wasm as slice copies (wasm/train/gather.ts). The stock kernel computes strided
 * coordinates per element: 12 ms for an Embedding lookup of 2,048 ids × 32 floats (measured here,
 * shared machine), more than the whole fused LSTM step. Same index check and message as the stock
 * kernel; batchDims > 0 and 1-byte (bool) tensors go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, trainKernels } from './train-module';
import { KernelArgs, WasmKernelFunc } from './util';

export const GATHER_V2 = 'GatherV2';

export function gatherV2(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { x, indices } = inputs;
  const { axis, batchDims = 0 } = attrs as unknown as tf.GatherV2Attrs;
  if (!stock) throw new Error('wasm GatherV2: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  const ours = batchDims === 0 && (x.dtype === 'float32' || x.dtype === 'int32') && indices.dtype === 'int32';
  if (!ours) return stock(args);
  const a = tf.util.parseAxisParam(axis, x.shape)[0];
  const dim = x.shape[a];
  const ids = backend.typedArrayFromHeap(indices);
  for (let i = 0; i < ids.length; i++)
    if (!(ids[i] >= 0 && ids[i] < dim))
      throw new Error(`GatherV2: the index value ${ids[i]} is not in [0, ${dim - 1}]`);
  const outer = tf.util.sizeFromShape(x.shape.slice(0, a));
  const slice = tf.util.sizeFromShape(x.shape.slice(a + 1));
  const out = backend.makeOutput([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], x.dtype);
  if (outer * ids.length * slice === 0) return out;
  trainKernels(backend).gatherSlices(
    heapOffset(backend, x),
    heapOffset(backend, indices),
    heapOffset(backend, out),
    outer,
    dim,
    ids.length,
    slice,
  );
  return out;
}
