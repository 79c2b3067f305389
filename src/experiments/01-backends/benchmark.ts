/**
 * Times one training step (forward, loss, backward, Adam update; batch 64 by default) of the
 * benchmark models on a tfjs backend. The first step's gradients come back too, so two backends
 * started from the same weights can be compared on exactly the step they timed.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInt, checkOneOf } from '../../lib/errors';
import { rng, mlp, referenceCnn } from '../../lib';
import { onBackend, TfBackend } from './gradients';

export const BENCH_MODELS = ['cnn', 'mlp'] as const;
export type BenchModel = (typeof BENCH_MODELS)[number];

export interface StepTimingOptions {
  /** Timed steps (default 20); their median is reported. */
  steps?: number;
  /** Untimed steps first (default 3): kernel setup, XNNPACK operator caches. */
  warmup?: number;
  batchSize?: number;
  seed?: number;
  /** Initial weights (from another backend's run) so both time the same step. */
  weights?: Float32Array[];
}

export interface StepTiming {
  model: BenchModel;
  backend: TfBackend;
  batchSize: number;
  /** Median over the timed steps. */
  msPerStep: number;
  times: number[];
  /** Gradients of the very first step, and the weights it started from. */
  firstGradients: Float32Array[];
  weights: Float32Array[];
}

/** The benchmark models: the reference CNN (28×28×1) and the 784-800-800-10 MLP. */
export function buildBenchModel(model: BenchModel, seed = 0): tf.LayersModel {
  return model === 'cnn' ? referenceCnn({ seed }) : mlp({ hidden: [800, 800], seed });
}

/** One benchmark model, batch, optimizer and a function running one training step on them. */
function trainingSetup(model: BenchModel, batchSize: number, seed: number, weights?: Float32Array[]) {
  const net = buildBenchModel(model, seed);
  const r = rng(seed);
  const shape = model === 'cnn' ? [batchSize, 28, 28, 1] : [batchSize, 784];
  const x = tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => r.next()),
    shape,
  );
  const y = tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor1d(
          Array.from({ length: batchSize }, () => r.int(0, 9)),
          'int32',
        ),
        10,
      )
      .toFloat(),
  );
  const vars = net.trainableWeights.map((w) => w.read() as tf.Variable);
  if (weights) tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(weights[i], v.shape))));
  const optimizer = tf.train.adam(1e-3);
  /** One step; returns its gradients (the caller disposes them). */
  const step = () => {
    const { value, grads } = optimizer.computeGradients(
      () => tf.losses.softmaxCrossEntropy(y, net.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      vars,
    );
    optimizer.applyGradients(grads as tf.NamedTensorMap as never);
    value.dataSync(); // wait for the step to finish
    value.dispose();
    return grads;
  };
  const dispose = () => {
    tf.dispose([x, y]);
    optimizer.dispose();
    net.dispose();
  };
  return { vars, step, dispose };
}

/** Median ms per training step of `model` on `backend`. */
export async function timeTrainingStep(
  model: BenchModel,
  backend: TfBackend,
  options: StepTimingOptions = {},
): Promise<StepTiming> {
  const { steps = 20, warmup = 3, batchSize = 64, seed = 0 } = options;
  checkOneOf('timeTrainingStep', 'model', model, BENCH_MODELS);
  checkInt('timeTrainingStep', 'steps', steps, 1);
  checkInt('timeTrainingStep', 'warmup', warmup, 0);
  checkInt('timeTrainingStep', 'batchSize', batchSize, 1);
  return onBackend(backend, () => {
    const { vars, step, dispose } = trainingSetup(model, batchSize, seed, options.weights);
    const weights = vars.map((v) => new Float32Array(v.dataSync()));
    const times: number[] = [];
    let firstGradients: Float32Array[] = [];
    for (let i = 0; i < warmup + steps; i++) {
      const started = performance.now();
      const grads = step();
      const ms = performance.now() - started;
      if (i === 0) firstGradients = vars.map((v) => new Float32Array(grads[v.name].dataSync()));
      tf.dispose(Object.values(grads));
      if (i >= warmup) times.push(ms);
    }
    dispose();
    const sorted = [...times].sort((a, b) => a - b);
    const msPerStep = sorted[Math.floor((sorted.length - 1) / 2)];
    return { model, backend, batchSize, msPerStep, times, firstGradients, weights };
  });
}

/** Mean ms per step and calls per step of each kernel in a training step (tf.profile), slowest first. */
export async function profileTrainingStep(
  model: BenchModel,
  backend: TfBackend,
  options: { steps?: number; batchSize?: number } = {},
): Promise<{ kernel: string; ms: number; calls: number }[]> {
  const { steps = 5, batchSize = 64 } = options;
  checkOneOf('profileTrainingStep', 'model', model, BENCH_MODELS);
  checkInt('profileTrainingStep', 'steps', steps, 1);
  const total = new Map<string, { ms: number; calls: number }>();
  await onBackend(backend, async () => {
    const { step, dispose } = trainingSetup(model, batchSize, 0);
    try {
      for (let i = 0; i < 2 + steps; i++) {
        const info = await tf.profile(() => tf.dispose(Object.values(step())));
        if (i < 2) continue; // warm-up
        for (const k of info.kernels) {
          const entry = total.get(k.name) ?? { ms: 0, calls: 0 };
          entry.ms += Number(k.kernelTimeMs) / steps;
          entry.calls += 1 / steps;
          total.set(k.name, entry);
        }
      }
    } finally {
      dispose();
    }
  });
  return [...total]
    .map(([kernel, v]) => ({ kernel, ms: v.ms, calls: Math.round(v.calls) }))
    .sort((a, b) => b.ms - a.ms);
}
