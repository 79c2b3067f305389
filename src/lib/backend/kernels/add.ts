/**
 * Add for wasm, fast where training needs it: a tensor plus a row vector broadcast along its last
 * axis ([..., C] + [1, ..., 1, C] or [C]), which is how tfjs-layers adds a convolution's bias. The
 * stock kernel's general broadcasting path costs ~2.5× a same-shape add there (0.9 vs 0.35 ms for
 * the reference CNN's [64, 28, 28, 32] activations); wasm/train/bias.ts adds a vector at a time.
 * IEEE addition is commutative, so the result is bit-for-bit the stock kernel's. Anything else
 * (same shapes, other broadcasts, other dtypes) goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { heapOffset, trainKernels } from './train-module';
import { KernelArgs, WasmKernelFunc } from './util';

export const ADD = 'Add';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** True when `v` is a row vector [1, …, 1, C] (or [C]) of no higher rank than x, whose last axis is C > 1. */
export function isRowVectorOf(v: number[], x: number[]): boolean {
  const C = x[x.length - 1];
  return (
    x.length >= 1 &&
    v.length >= 1 &&
    v.length <= x.length &&
    C > 1 &&
    v[v.length - 1] === C &&
    size(v) === C &&
    size(x) > C
  );
}

export function add(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend } = args;
  if (!stock) throw new Error('wasm Add: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  const { a, b } = inputs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
  const [x, v] = isRowVectorOf(b.shape, a.shape) ? [a, b] : isRowVectorOf(a.shape, b.shape) ? [b, a] : [null, null];
  if (!x || !v) return stock(args);
  const cols = x.shape[x.shape.length - 1];
  const out = backend.makeOutput(x.shape, 'float32');
  const [px, pv, po] = [x, v, out].map((t) => heapOffset(backend, t));
  const native = nativeKernels(); // the same additions, 8 lanes, threaded (native/elementwise.c)
  if (native)
    native.addRowVector(backend.wasm.asm.memory.buffer, px, pv, po, size(x.shape) / cols, cols, trainingThreads());
  else trainKernels(backend).addRowVector(px, pv, po, size(x.shape) / cols, cols);
  return out;
}
