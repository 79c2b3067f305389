/**
 * BatchMatMul for wasm without the slow transposed path. The stock kernel hands transposed
 * operands to XNNPACK's slow strided path (44 ms vs 4.3 ms at 64×784·784×800); every Dense
 * backward pass asks for one. Transposing explicitly first, then a plain matmul, is ~10× faster.
 */
import * as tf from '@tensorflow/tfjs';
import { free, KernelArgs, transpose, WasmKernelFunc } from './util';

export const BATCH_MAT_MUL = 'BatchMatMul';

/** Swaps the last two axes. */
export function transposeLastTwo(backend: KernelArgs['backend'], x: tf.TensorInfo): tf.TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return transpose(backend, x, perm);
}

export function batchMatMul(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  if (!stock) throw new Error('wasm BatchMatMul: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  if (!transposeA && !transposeB) return stock(args);
  const a = transposeA ? transposeLastTwo(backend, inputs.a) : inputs.a;
  const b = transposeB ? transposeLastTwo(backend, inputs.b) : inputs.b;
  const out = stock({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
  if (transposeA) free(backend, a);
  if (transposeB) free(backend, b);
  return out;
}
