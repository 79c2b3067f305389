/**
 * GatherV2 for wasm as slice copies (wasm/train/gather.ts). The stock kernel computes strided
 * coordinates per element: 12 ms for an Embedding lookup of 2,048 ids × 32 floats (measured here,
 * shared machine), more than the whole fused LSTM step. Same index check and message as the stock
 * kernel. With batchDims > 0 the stock kernel (tfjs-backend-wasm 4.22) reads the wrong indices for
 * every batch after the first, so batches go through ours too, one call each. 1-byte (bool)
 * tensors go to the stock kernel.
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
  const ours = (x.dtype === 'float32' || x.dtype === 'int32') && indices.dtype === 'int32';
  if (!ours) return stock(args);
  const a = tf.util.parseAxisParam(axis, x.shape)[0];
  const dim = x.shape[a];
  const count = tf.util.sizeFromShape(indices.shape);
  // `ids` is a view of the heap: use it only before makeOutput, which can grow the heap and so
  // detach every view (its length then reads 0: that once returned the output unwritten).
  const ids = backend.typedArrayFromHeap(indices);
  for (let i = 0; i < count; i++)
    if (!(ids[i] >= 0 && ids[i] < dim))
      throw new Error(`GatherV2: the index value ${ids[i]} is not in [0, ${dim - 1}]`);
  const shape = tf.backend_util.segment_util.collectGatherOpShapeInfo(
    x as tf.Tensor,
    indices as tf.Tensor,
    a,
    batchDims,
  );
  const { batchSize, outerSize, sliceSize } = shape;
  const out = backend.makeOutput(shape.outputShape, x.dtype);
  if (batchSize * outerSize * count * sliceSize === 0) return out;
  // pointers only from here on: heap offsets stay valid when the heap grows, views do not
  const [xAt, idsAt, outAt] = [x, indices, out].map((t) => heapOffset(backend, t));
  const perBatch = count / batchSize;
  const kernels = trainKernels(backend);
  for (let b = 0; b < batchSize; b++)
    kernels.gatherSlices(
      xAt + 4 * b * outerSize * dim * sliceSize,
      idsAt + 4 * b * perBatch,
      outAt + 4 * b * outerSize * perBatch * sliceSize,
      outerSize,
      dim,
      perBatch,
      sliceSize,
    );
  return out;
}
