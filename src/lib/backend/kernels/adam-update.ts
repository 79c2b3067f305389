/**
 * WorkbookAdamUpdate: one fused Adam step for one variable on the wasm backend (a kernel of our
 * own, used by ../fused-adam.ts). Inputs: the variable x, its moments m and v, its gradient g and
 * the optimizer's running β1ᵗ, β2ᵗ scalars; outputs: new x, m, v (fresh buffers, so tensors that
 * share the old data — a reshape of a weight kept by the caller — never change under them).
 * On the native kernels (../native.ts) when they are on: the same arithmetic, 8 lanes, threaded.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { heapOffset, TrainKernels, trainKernels } from './train-module';
import { KernelArgs, unsupported } from './util';

export const ADAM_UPDATE = 'WorkbookAdamUpdate';

export interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

const f32 = Math.fround;

export function adamUpdate({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo[] {
  const { x, m, v, g, accBeta1, accBeta2 } = inputs;
  const { beta1, beta2, epsilon, learningRate } = attrs as unknown as AdamUpdateAttrs;
  const n = tf.util.sizeFromShape(x.shape);
  for (const [name, t] of Object.entries({ x, m, v, g })) {
    if (t.dtype !== 'float32') throw unsupported(ADAM_UPDATE, `${name} dtype`, t.dtype, 'float32');
    if (tf.util.sizeFromShape(t.shape) !== n)
      throw unsupported(ADAM_UPDATE, `${name} shape`, t.shape, `the variable's shape [${x.shape}]`);
  }
  const outs = [x, m, v].map((t) => backend.makeOutput(t.shape, 'float32'));
  // 1 − β1ᵗ as tfjs computes it: sub(1, accBeta1), one f32 rounding
  const oneMinusAcc1 = f32(1 - backend.typedArrayFromHeap(accBeta1)[0]);
  const oneMinusAcc2 = f32(1 - backend.typedArrayFromHeap(accBeta2)[0]);
  const [px, pm, pv, pg] = [x, m, v, g].map((t) => heapOffset(backend, t));
  const [ox, om, ov] = outs.map((t) => heapOffset(backend, t));
  const native = nativeKernels();
  const update = native
    ? (...args: Parameters<TrainKernels['adamUpdate']>) =>
        native.adam(backend.wasm.asm.memory.buffer, ...args, trainingThreads())
    : trainKernels(backend).adamUpdate;
  update(
    px,
    pm,
    pv,
    pg,
    n,
    ox,
    om,
    ov,
    f32(beta1),
    f32(1 - beta1),
    f32(beta2),
    f32(1 - beta2),
    oneMinusAcc1,
    oneMinusAcc2,
    f32(epsilon),
    f32(-learningRate),
  );
  return outs;
}
