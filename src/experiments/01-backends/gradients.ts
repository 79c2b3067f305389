/**
 * Runs the same model on two backends and compares the gradients — how we know the wasm training
 * kernels compute what the reference cpu backend computes. Also used by the benchmark.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOneOf } from '../../lib/errors';
import { rng } from '../../lib';
import { registerWasmTrainingKernels } from '../../lib/backend';

export const TF_BACKENDS = ['wasm', 'cpu', 'tensorflow', 'webgpu'] as const;
export type TfBackend = (typeof TF_BACKENDS)[number];

/** Runs fn on a tfjs backend ('wasm' gets our training kernels), then switches back. */
export async function onBackend<T>(backend: TfBackend, fn: () => T | Promise<T>): Promise<T> {
  checkOneOf('onBackend', 'backend', backend, TF_BACKENDS);
  const before = tf.getBackend();
  if (backend === 'wasm') registerWasmTrainingKernels();
  if (!(await tf.setBackend(backend))) throw new Error(`onBackend: backend "${backend}" could not be initialised`);
  // the cpu backend greets its first use under Node with 'install tfjs-node'; here cpu is deliberate
  if (backend === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  try {
    return await fn();
  } finally {
    if (before && before !== backend) await tf.setBackend(before);
  }
}

export interface ModelGradients {
  /** Weight names, in model.trainableWeights order. */
  names: string[];
  grads: Float32Array[];
  /** The initial weights used (pass them to the other backend for an identical start). */
  weights: Float32Array[];
  loss: number;
}

/**
 * Gradients of a fixed random projection of the model's output (training mode), on the current
 * backend. `weights` (from another backend's run) makes both start from identical weights.
 */
export function modelGradients(
  build: () => tf.LayersModel,
  input: () => tf.Tensor | tf.Tensor[],
  weights?: Float32Array[],
  seed = 0,
): ModelGradients {
  const model = build();
  try {
    const trainable = model.trainableWeights;
    if (weights) tf.tidy(() => trainable.forEach((w, i) => w.write(tf.tensor(weights[i], w.shape as number[]))));
    const start = trainable.map((w) => new Float32Array(w.read().dataSync()));
    const vars = trainable.map((w) => w.read() as tf.Variable);
    const out = tf.tidy(() => {
      const x = input();
      const { value, grads } = tf.variableGrads(() => {
        const y = model.apply(x, { training: true }) as tf.Tensor;
        const r = rng(seed);
        const projection = tf.tensor(
          Float32Array.from({ length: y.size }, () => r.uniform(-1, 1)),
          y.shape,
        );
        return tf.sum(tf.mul(y, projection)) as tf.Scalar;
      }, vars);
      return { value, grads: vars.map((v) => grads[v.name]) };
    });
    const result = {
      names: trainable.map((w) => w.originalName),
      grads: out.grads.map((g) => new Float32Array(g.dataSync())),
      weights: start,
      loss: out.value.dataSync()[0],
    };
    tf.dispose([out.value, ...out.grads]);
    return result;
  } finally {
    model.dispose();
  }
}

const maxAbs = (g: Float32Array) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Largest relative difference between two gradient lists (a tested, b reference): per element
 * |a − b| / max(|b|, floor), where floor = 1% of the largest |b| of that tensor: entries near
 * zero are judged on the tensor's scale, because float32 sums taken in another order (XNNPACK vs
 * JavaScript loops) differ by ~1e-7 of the tensor's magnitude, which is a large fraction of a
 * tiny entry. A wrong kernel still shows up as an O(1) difference on the large entries. A tensor whose reference gradient is numerically zero (below 1e-5 of the
 * model's largest gradient, e.g. a bias right before BatchNorm) must be numerically zero in a too.
 */
export function maxRelativeDifference(a: Float32Array[], b: Float32Array[]): number {
  const global = Math.max(1e-30, ...b.map(maxAbs));
  let worst = 0;
  a.forEach((ga, t) => {
    const gb = b[t];
    if (!gb || gb.length !== ga.length)
      throw new Error(`maxRelativeDifference: tensor ${t} has ${ga.length} vs ${gb?.length} values`);
    const scale = maxAbs(gb);
    if (scale < 1e-5 * global) {
      worst = Math.max(worst, maxAbs(ga) < 1e-5 * global ? 0 : maxAbs(ga) / (1e-5 * global));
      return;
    }
    const floor = scale * 1e-2;
    for (let i = 0; i < ga.length; i++)
      worst = Math.max(worst, Math.abs(ga[i] - gb[i]) / Math.max(Math.abs(gb[i]), floor));
  });
  return worst;
}

/** Gradients on `backend` and on the reference cpu backend, and how far apart they are. */
export async function compareGradients(
  build: () => tf.LayersModel,
  input: () => tf.Tensor | tf.Tensor[],
  backend: TfBackend = 'wasm',
) {
  const reference = await onBackend('cpu', () => modelGradients(build, input));
  const tested = await onBackend(backend, () => modelGradients(build, input, reference.weights));
  return {
    names: reference.names,
    reference,
    tested,
    maxRelDiff: maxRelativeDifference(tested.grads, reference.grads),
  };
}
