/**
 * Sum for wasm, fast where training needs it: over the LEADING axes, i.e. column sums of a
 * [rows, cols] matrix. That is every bias gradient (dy summed over batch and pixels), and the stock
 * kernel does it by transposing the whole of dy first (10.6 ms for the reference CNN's first
 * conv, [64·28·28, 32]; 0.6 ms here, less on the native kernels' threads). Anything else goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { trainKernels, heapOffset } from './train-module';
import { KernelArgs, WasmKernelFunc } from './util';

export const SUM = 'Sum';

/** How many leading axes `axis` names, if it names exactly axes 0..k−1 with k < rank; else 0. */
export function leadingAxes(axis: number | number[], rank: number): number {
  const axes = [...new Set(tf.util.parseAxisParam(axis, Array(rank).fill(1)))].sort((a, b) => a - b);
  return axes.length < rank && axes.every((a, i) => a === i) ? axes.length : 0;
}

export function sum(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  if (!stock) throw new Error('wasm Sum: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  const { x } = inputs;
  const k = x.dtype === 'float32' ? leadingAxes(axis, x.shape.length) : 0;
  if (k === 0) return stock(args);
  const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(k);
  const out = backend.makeOutput(keepDims ? [...Array(k).fill(1), ...rest] : rest, 'float32');
  const cols = rest.reduce((a, b) => a * b, 1);
  const native = nativeKernels(); // the same float64 sums, 8 columns a pass, columns split over threads
  if (rows === 0) (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  else if (native)
    native.columnSums(
      backend.wasm.asm.memory.buffer,
      heapOffset(backend, x),
      heapOffset(backend, out),
      rows,
      cols,
      trainingThreads(),
    );
  else trainKernels(backend).columnSums(heapOffset(backend, x), rows, cols, heapOffset(backend, out));
  return out;
}
