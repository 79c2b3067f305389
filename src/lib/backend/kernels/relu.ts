/**
 * Relu for wasm on the native kernels (native/elementwise.c): the stock kernel's results (−0 → 0,
 * NaN kept) 8 lanes at a time on every training thread. It is memory-bound (the reference CNN's first
 * activation is 6.4 MB), and the stock kernel runs on one core. Without the native kernels, or for
 * other dtypes, the stock kernel runs.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { heapOffset } from './train-module';
import { KernelArgs, WasmKernelFunc } from './util';

export const RELU = 'Relu';

export function relu(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend } = args;
  if (!stock) throw new Error('wasm Relu: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  const { x } = inputs;
  const native = nativeKernels();
  if (!native || x.dtype !== 'float32') return stock(args);
  const out = backend.makeOutput(x.shape, 'float32');
  const n = tf.util.sizeFromShape(x.shape);
  if (n > 0)
    native.relu(backend.wasm.asm.memory.buffer, heapOffset(backend, x), heapOffset(backend, out), n, trainingThreads());
  return out;
}
