/**
 * WorkbookLstmForward / WorkbookLstmBackward: a whole LSTM sequence on the wasm backend in one
 * kernel call each (kernels of our own, wasm/train/lstm.ts; used by src/lib/text/lstm-sequence.ts
 * through tf.customGrad). Time-major tensors: T steps, B sequences, U units, G = 4U gates.
 *   forward  inputs xw [T, B, G] (x·W + b), r [U, G]          → gates [T, B, G], cs [T, B, U], hs [T, B, U]
 *   backward inputs dhs [T, B, U] or [B, U], gates, cs, rT [G, U] → dz [T, B, G]
 * attrs: { hard: boolean } (hardSigmoid gates, else sigmoid). A [B, U] dhs is the gradient of the
 * last output alone (the layer returned only the last state).
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, trainKernels } from './train-module';
import { free, KernelArgs, unsupported } from './util';

export const LSTM_FORWARD = 'WorkbookLstmForward';
export const LSTM_BACKWARD = 'WorkbookLstmBackward';

/** Checks each input is float32 with the given shape (the callers build them; a mismatch is a bug). */
function expect(kernel: string, inputs: Record<string, tf.TensorInfo>, shapes: Record<string, number[]>): void {
  for (const [name, shape] of Object.entries(shapes)) {
    const t = inputs[name];
    if (!t) throw unsupported(kernel, name, t, `a float32 tensor of shape [${shape}]`);
    if (t.dtype !== 'float32') throw unsupported(kernel, `${name} dtype`, t.dtype, 'float32');
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      throw unsupported(kernel, `${name} shape`, `[${t.shape}]`, `[${shape}]`);
  }
}

export function lstmForwardKernel({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo[] {
  const [T, B, G] = inputs.xw?.shape ?? [];
  const U = G / 4;
  expect(LSTM_FORWARD, inputs, { xw: [T, B, G], r: [U, G] });
  const gates = backend.makeOutput([T, B, G], 'float32');
  const cs = backend.makeOutput([T, B, U], 'float32');
  const hs = backend.makeOutput([T, B, U], 'float32');
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  trainKernels(backend).lstmForward(at(inputs.xw), at(inputs.r), at(gates), at(cs), at(hs), T, B, U, !!attrs.hard);
  return [gates, cs, hs];
}

export function lstmBackwardKernel({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const [T, B, G] = inputs.gates?.shape ?? [];
  const U = G / 4;
  const lastOnly = inputs.dhs?.shape.length === 2;
  expect(LSTM_BACKWARD, inputs, { dhs: lastOnly ? [B, U] : [T, B, U], gates: [T, B, G], cs: [T, B, U], rT: [G, U] });
  const dz = backend.makeOutput([T, B, G], 'float32');
  const dh = backend.makeOutput([B, U], 'float32');
  const dc = backend.makeOutput([B, U], 'float32');
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  trainKernels(backend).lstmBackward(
    at(inputs.dhs),
    at(inputs.gates),
    at(inputs.cs),
    at(inputs.rT),
    at(dz),
    at(dh),
    at(dc),
    T,
    B,
    U,
    !!attrs.hard,
    lastOnly,
  );
  free(backend, dh, dc);
  return dz;
}
