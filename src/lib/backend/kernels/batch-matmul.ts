/**
 * BatchMatMul for wasm without the slow transposed path. The stock kernel hands transposed
 * operands to a slow strided loop (44 ms vs 4.3 ms at 64×784·784×800); every Dense backward pass
 * asks for one. We transpose explicitly and run the plain (XNNPACK) matmul — choosing, for
 * A·Bᵀ, between transposing B and computing (B·Aᵀ)ᵀ: XNNPACK re-packs its right operand on
 * every call, so a big B (the Dense kernel in dx = dy·Wᵀ) is cheaper left where it is.
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

const size = (t: tf.TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

export function batchMatMul(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  if (!stock) throw new Error('wasm BatchMatMul: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  if (!transposeA && !transposeB) return stock(args);
  const plain = (a: tf.TensorInfo, b: tf.TensorInfo) => stock({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
  const { a, b } = inputs;
  const sameBatch = a.shape.length === b.shape.length && a.shape.slice(0, -2).join() === b.shape.slice(0, -2).join();
  const outSize = size(a) / a.shape[a.shape.length - (transposeA ? 2 : 1)] * b.shape[b.shape.length - (transposeB ? 2 : 1)];
  // (B·A)ᵀ when both are transposed, (B·Aᵀ)ᵀ for A·Bᵀ: worth it when B is the big one
  if (sameBatch && transposeB && (transposeA ? size(a) + outSize < size(a) + 2 * size(b) : 2 * size(a) + outSize < 2 * size(b))) {
    const at = transposeA ? a : transposeLastTwo(backend, a);
    const ct = plain(b, at);
    if (!transposeA) free(backend, at);
    const c = transposeLastTwo(backend, ct);
    free(backend, ct);
    return c;
  }
  const at = transposeA ? transposeLastTwo(backend, a) : a;
  const bt = transposeB ? transposeLastTwo(backend, b) : b;
  const out = plain(at, bt);
  if (transposeA) free(backend, at);
  if (transposeB) free(backend, bt);
  return out;
}
