/**
 * Slice for wasm, contiguous slices (a run of whole rows: the last step of a sequence, a batch of
 * rows) of numeric tensors. The stock kernel first reads the whole input out of the heap
 * (`readSync` copies it into a new buffer) and then copies the slice: 0.8–0.9 ms of CPU for any
 * slice of a 256 kB tensor here, even an 8 kB one. This one copies only the slice, from a view of
 * the heap. Strided slices and strings go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { KernelArgs, WasmKernelFunc } from './util';

export const SLICE = 'Slice';

export function slice(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { x } = inputs;
  const { begin, size } = attrs as unknown as tf.SliceAttrs;
  if (!stock) throw new Error('wasm Slice: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  if (x.dtype === 'string' || x.dtype === 'complex64') return stock(args);
  const [begin_, size_] = tf.slice_util.parseSliceParams(x, begin, size);
  if (!tf.slice_util.isSliceContinous(x.shape, begin_, size_)) return stock(args);
  const out = backend.makeOutput(size_, x.dtype);
  const n = tf.util.sizeFromShape(size_);
  if (n === 0) return out;
  const from = tf.slice_util.computeFlatOffset(begin_, tf.util.computeStrides(x.shape));
  backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(from, from + n));
  return out;
}
