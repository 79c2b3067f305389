/**
 * The LSTM over a whole sequence as one differentiable op, for the fused layer (./fused-lstm.ts).
 * On the wasm backend the time loop runs in our kernels (src/lib/backend/kernels/lstm-sequence.ts,
 * wasm/train/lstm.ts) under tf.customGrad: the forward pass is one GEMM for x·W + b at every step
 * plus one kernel call; the backward pass is one kernel call for backpropagation through time plus
 * four GEMMs/sums for dx, dW, dR and db. Other backends get the same arithmetic as tensor ops per
 * step (tf.layers.lstm's own, differentiated by tfjs). Zero initial state, no masking.
 */
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from '../backend/kernels';
import { LSTM_BACKWARD, LSTM_FORWARD } from '../backend/kernels/lstm-sequence';

export interface LstmSequenceOptions {
  /** hardSigmoid gates (tf.layers.lstm's default) rather than the logistic sigmoid. */
  hardSigmoid: boolean;
  /** Every step's output [B, T, U], or only the last [B, U]. */
  returnSequences: boolean;
}

/**
 * h for x [B, T, D] with kernel [D, 4U], recurrentKernel [U, 4U], bias [4U] (tf.layers.lstm's
 * weights, gates in the order i, f, g, o). Differentiable with respect to all four.
 */
export function lstmSequence(
  x: tf.Tensor3D,
  kernel: tf.Tensor2D,
  recurrentKernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  options: LstmSequenceOptions,
): tf.Tensor {
  if (tf.getBackend() !== 'wasm') return lstmByStep(x, kernel, recurrentKernel, bias, options);
  registerWasmTrainingKernels();
  return fusedLstmOp(options)(x, kernel, recurrentKernel, bias);
}

/** The customGrad op for one setting of the options (built per call: the options are closed over). */
function fusedLstmOp({ hardSigmoid, returnSequences }: LstmSequenceOptions) {
  const attrs = { hard: hardSigmoid } as never;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrent, bias] = args as tf.Tensor[];
    const save = args[4] as tf.GradSaveFunc;
    const [B, T, D] = x.shape as number[];
    const G = kernel.shape[1] as number;
    const U = G / 4;
    // time-major rows [T·B, D], so each step's rows are contiguous for the kernel
    const rows = tf.reshape(tf.transpose(x, [1, 0, 2]), [T * B, D]);
    const xw = tf.reshape(tf.add(tf.matMul(rows, kernel), bias), [T, B, G]);
    const [gates, cs, hs] = tf.engine().runKernel(LSTM_FORWARD, { xw, r: recurrent }, attrs) as tf.Tensor[];
    save([rows, kernel, recurrent, gates, cs, hs]);
    const value = returnSequences
      ? tf.transpose(hs, [1, 0, 2])
      : tf.reshape(tf.slice(hs, [T - 1, 0, 0], [1, B, U]), [B, U]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [rowsS, kernelS, recurrentS, gatesS, csS, hsS] = saved;
      // the loss's gradient reaching each output h_t, or only the last one ([B, U]: the kernel reads it at t = T − 1)
      const dhs = returnSequences ? tf.transpose(dy, [1, 0, 2]) : dy;
      const rT = tf.transpose(recurrentS);
      const dz = tf.engine().runKernel(LSTM_BACKWARD, { dhs, gates: gatesS, cs: csS, rT }, attrs) as tf.Tensor;
      const dzRows = tf.reshape(dz, [T * B, G]);
      const dx = tf.transpose(tf.reshape(tf.matMul(dzRows, kernelS, false, true), [T, B, D]), [1, 0, 2]);
      const dKernel = tf.matMul(rowsS, dzRows, true, false);
      // h_{t−1} for every step: the zero state, then the outputs of steps 0 … T−2
      const previous =
        T === 1
          ? tf.zeros([B, U])
          : tf.concat([tf.zeros([1, B, U]), tf.slice(hsS, [0, 0, 0], [T - 1, B, U])], 0).reshape([T * B, U]);
      const dRecurrent = tf.matMul(previous, dzRows, true, false);
      const dBias = tf.sum(dzRows, 0);
      return [dx, dKernel, dRecurrent, dBias];
    };
    return { value, gradFunc };
  }) as (x: tf.Tensor, kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor) => tf.Tensor;
}

/** The same LSTM as tensor ops per time step (tf.layers.lstm's arithmetic), for backends without our kernels. */
function lstmByStep(
  x: tf.Tensor3D,
  kernel: tf.Tensor2D,
  recurrentKernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  { hardSigmoid, returnSequences }: LstmSequenceOptions,
): tf.Tensor {
  return tf.tidy(() => {
    const [B, T] = x.shape;
    const U = recurrentKernel.shape[0];
    const gate = (z: tf.Tensor) => (hardSigmoid ? tf.clipByValue(tf.add(0.5, tf.mul(0.2, z)), 0, 1) : tf.sigmoid(z));
    const steps = tf.unstack(x, 1);
    let h: tf.Tensor = tf.zeros([B, U]);
    let c: tf.Tensor = tf.zeros([B, U]);
    const outputs: tf.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const z = tf.add(tf.add(tf.matMul(steps[t], kernel), tf.matMul(h, recurrentKernel)), bias);
      const [zi, zf, zg, zo] = tf.split(z, 4, 1);
      c = tf.add(tf.mul(gate(zf), c), tf.mul(gate(zi), tf.tanh(zg)));
      h = tf.mul(gate(zo), tf.tanh(c));
      outputs.push(h);
    }
    return returnSequences ? tf.stack(outputs, 1) : h;
  });
}
