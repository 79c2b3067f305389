/**
 * _FusedMatMul (matmul + bias + activation, the Dense forward pass) for wasm without the slow
 * transposed path: like BatchMatMul, transpose the operand explicitly, then the plain kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { transposeLastTwo } from './batch-matmul';
import { free, KernelArgs, WasmKernelFunc } from './util';

export const FUSED_MAT_MUL = '_FusedMatMul';

export function fusedMatMul(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
  if (!stock) throw new Error('wasm _FusedMatMul: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  if (!transposeA && !transposeB) return stock(args);
  const a = transposeA ? transposeLastTwo(backend, inputs.a) : inputs.a;
  const b = transposeB ? transposeLastTwo(backend, inputs.b) : inputs.b;
  const out = stock({ inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
  if (transposeA) free(backend, a);
  if (transposeB) free(backend, b);
  return out;
}
