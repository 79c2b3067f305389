/**
 * Equal for wasm when one operand broadcasts. The stock kernel's broadcasting path computes
 * coordinates per element: 20 ms for [64, 30, 32] against [64, 1, 32] here (shared machine), the
 * comparison the gradient of a max (global max pooling: the text CNN) makes on every step; it
 * was a third of that model's training step. This loop walks the output once with per-operand
 * strides (0 along a broadcast axis): ~0.3 ms. Same shapes, and other dtypes, go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { KernelArgs, WasmKernelFunc } from './util';

export const EQUAL = 'Equal';

/** Strides of `shape` read as `out`'s shape: right-aligned, 0 along broadcast (size-1 or missing) axes. */
function broadcastStrides(shape: number[], out: number[]): number[] {
  const own = tf.util.computeStrides(shape).concat(1);
  return out.map((_, d) => {
    const o = d - (out.length - shape.length);
    return o < 0 || shape[o] === 1 ? 0 : own[o];
  });
}

export function equal(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend } = args;
  const { a, b } = inputs;
  if (!stock) throw new Error('wasm Equal: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  const sameShape = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
  const numeric = (t: tf.TensorInfo) => t.dtype === 'float32' || t.dtype === 'int32';
  if (sameShape || !numeric(a) || !numeric(b)) return stock(args);
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out = backend.makeOutput(shape, 'bool');
  const size = tf.util.sizeFromShape(shape);
  if (size === 0) return out;
  const av = backend.typedArrayFromHeap(a);
  const bv = backend.typedArrayFromHeap(b);
  const ov = backend.typedArrayFromHeap(out);
  const sa = broadcastStrides(a.shape, shape);
  const sb = broadcastStrides(b.shape, shape);
  const rank = shape.length;
  const last = shape[rank - 1];
  const [la, lb] = [sa[rank - 1], sb[rank - 1]];
  const coord = new Array(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < size; o += last) {
    for (let k = 0, pa = ia, pb = ib; k < last; k++, pa += la, pb += lb) ov[o + k] = av[pa] === bv[pb] ? 1 : 0;
    // advance the odometer over the leading axes
    for (let d = rank - 2; d >= 0; d--) {
      ia += sa[d];
      ib += sb[d];
      if (++coord[d] < shape[d]) break;
      ia -= sa[d] * shape[d];
      ib -= sb[d] * shape[d];
      coord[d] = 0;
    }
  }
  return out;
}
