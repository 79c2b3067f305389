/**
 * _FusedMatMul (matmul + bias + activation, the Dense forward pass) for wasm. Float32 with no
 * activation or ReLU runs on our GEMM (./batch-matmul.ts: operands read in place, split across the
 * kernel threads), then the stock bias Add and Relu; XNNPACK would re-pack the weights, which change
 * every training step, on every call. Other activations take the stock kernel, with transposed
 * operands transposed explicitly first (its transposed path is a slow loop).
 */
import * as tf from '@tensorflow/tfjs';
import { transposeLastTwo } from './batch-matmul';
import { call, free, KernelArgs, WasmKernelFunc } from './util';

export const FUSED_MAT_MUL = '_FusedMatMul';

export function fusedMatMul(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { transposeA, transposeB, activation } = attrs as {
    transposeA?: boolean;
    transposeB?: boolean;
    activation?: string;
  };
  if (!stock) throw new Error('wasm _FusedMatMul: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  const { a: givenA, b: givenB, bias } = inputs;
  const ours =
    (activation === undefined || activation === 'linear' || activation === 'relu') &&
    givenA.dtype === 'float32' &&
    givenB.dtype === 'float32' &&
    (!bias || bias.dtype === 'float32');
  if (ours) {
    let out = call(
      'BatchMatMul',
      backend,
      { a: givenA, b: givenB },
      { transposeA: !!transposeA, transposeB: !!transposeB },
    );
    if (bias) {
      const biased = call('Add', backend, { a: out, b: bias });
      free(backend, out);
      out = biased;
    }
    if (activation === 'relu') {
      const activated = call('Relu', backend, { x: out });
      free(backend, out);
      out = activated;
    }
    return out;
  }
  if (!transposeA && !transposeB) return stock(args);
  const a = transposeA ? transposeLastTwo(backend, givenA) : givenA;
  const b = transposeB ? transposeLastTwo(backend, givenB) : givenB;
  const out = stock({
    inputs: { ...inputs, a, b },
    backend,
    attrs: { ...attrs, transposeA: false, transposeB: false },
  });
  if (transposeA) free(backend, a);
  if (transposeB) free(backend, b);
  return out;
}
