/**
 * Notebook 15's boosting comparison: the same weak learner (a tiny MLP) combined three ways —
 * AdaBoost (SAMME), bagging and plain averaging of independently seeded models — over several
 * seeds, with accuracy traced against the number of models.
 */
import * as tf from '@tensorflow/tfjs';
import { Figure, fit, lineChart, mlp, predict } from '../lib';
import { adaBoost, bagging, meanSd } from '../lib/eval';
import { check, checkInt } from '../lib/errors';
import { checkArray, checkOptions } from '../lib/validate';

export interface BoostingComparisonOptions {
  train: { xs: tf.Tensor; ys: tf.Tensor };
  test: { xs: tf.Tensor; labels: ArrayLike<number> };
  /** Hidden layer of the weak learner (default [2]: too few units to fit ten digits alone). */
  hidden?: number[];
  /** Models per ensemble (default 10). */
  estimators?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seeds: number[];
  onSeed?: (seed: number, done: number, total: number) => void;
}

export type Method = 'AdaBoost (SAMME)' | 'bagging' | 'averaging';
export const METHODS: Method[] = ['AdaBoost (SAMME)', 'bagging', 'averaging'];

export interface BoostingComparison {
  /** Per method, per seed: test accuracy with the first k models, k = 1..estimators. */
  curves: Record<Method, number[][]>;
  /** Per method: test accuracy of the full ensemble, one per seed. */
  finals: Record<Method, number[]>;
  /** Test accuracy of a single weak learner (the first averaged model), one per seed. */
  single: number[];
}

/**
 * Test accuracy of an ensemble's first k models, for every k, predicting with each model once:
 * `vote` turns one model's logits row into what the ensemble adds up (its logits for averaging,
 * alpha × its one-hot argmax for AdaBoost).
 */
function traced(
  models: tf.LayersModel[],
  x: tf.Tensor,
  labels: ArrayLike<number>,
  vote: (logits: Float32Array, model: number) => ArrayLike<number>,
): number[] {
  const n = labels.length;
  let sum: Float64Array | undefined;
  return models.map((model, m) => {
    const out = predict(model, x);
    const logits = out.dataSync() as Float32Array;
    out.dispose();
    const k = logits.length / n;
    sum ??= new Float64Array(logits.length);
    for (let i = 0; i < n; i++) {
      const v = vote(logits.subarray(i * k, (i + 1) * k), m);
      for (let j = 0; j < k; j++) sum[i * k + j] += v[j];
    }
    let hits = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (sum[i * k + j] > sum[i * k + best]) best = j;
      if (best === labels[i]) hits++;
    }
    return hits / n;
  });
}

/** SAMME's vote: alpha for the argmax class (ties → the smallest class, as tf.argMax). */
const hardVote = (alpha: number) => (logits: Float32Array) => {
  let best = 0;
  for (let j = 1; j < logits.length; j++) if (logits[j] > logits[best]) best = j;
  return Float64Array.from(logits, (_, j) => (j === best ? alpha : 0));
};

export async function compareBoosting(options: BoostingComparisonOptions): Promise<BoostingComparison> {
  const where = 'compareBoosting';
  const o = checkOptions(where, options, [
    'train',
    'test',
    'hidden',
    'estimators',
    'epochs',
    'batchSize',
    'learningRate',
    'seeds',
    'onSeed',
  ]);
  checkArray(where, 'seeds', o.seeds);
  const { hidden = [2], estimators = 10, epochs = 2, batchSize = 32, learningRate = 1e-2 } = o;
  checkInt(where, 'estimators', estimators, 1, 100);
  check(o.train?.xs instanceof tf.Tensor, where, 'train', typeof o.train, '{ xs, ys } tensors');
  const inputShape = o.train.xs.shape.slice(1);
  const numClasses = o.train.ys.shape[1]!;
  const build = (seed: number) => mlp({ inputShape, hidden, numClasses, seed });
  const fitOptions = { epochs, batchSize, optimizer: () => tf.train.adam(learningRate) };
  const result: BoostingComparison = {
    curves: { 'AdaBoost (SAMME)': [], bagging: [], averaging: [] },
    finals: { 'AdaBoost (SAMME)': [], bagging: [], averaging: [] },
    single: [],
  };
  const { xs, ys } = o.train;
  const labels = o.test.labels;
  for (const [done, seed] of o.seeds.entries()) {
    const boost = await adaBoost(build, xs, ys, { ...fitOptions, estimators, seed });
    const boostCurve = traced(boost.models, o.test.xs, labels, (l, m) => hardVote(boost.alphas[m])(l));
    const bag = await bagging(build, xs, ys, { ...fitOptions, estimators, seed });
    const bagCurve = traced(bag.models, o.test.xs, labels, (l) => l);
    // Averaging: the same learners trained on all the data, differing only in their seeds.
    const plain: tf.LayersModel[] = [];
    for (let i = 0; i < estimators; i++) {
      plain.push(build(seed * 1000 + i));
      const optimizer = fitOptions.optimizer();
      await fit(plain[i], xs, ys, { epochs, batchSize, optimizer, seed: seed * 1000 + i });
      optimizer.dispose();
    }
    const plainCurve = traced(plain, o.test.xs, labels, (l) => l);
    result.curves['AdaBoost (SAMME)'].push(boostCurve);
    result.curves.bagging.push(bagCurve);
    result.curves.averaging.push(plainCurve);
    result.finals['AdaBoost (SAMME)'].push(boostCurve[boostCurve.length - 1]);
    result.finals.bagging.push(bagCurve[estimators - 1]);
    result.finals.averaging.push(plainCurve[estimators - 1]);
    result.single.push(plainCurve[0]);
    [...boost.models, ...bag.models, ...plain].forEach((m) => m.dispose());
    o.onSeed?.(seed, done + 1, o.seeds.length);
  }
  return result;
}

/** Test accuracy against the number of models, mean ± sd over seeds, one line per method. */
export function boostingFigure(c: BoostingComparison, title: string): Figure {
  return lineChart(
    METHODS.map((method) => {
      const runs = c.curves[method];
      const length = Math.min(...runs.map((r) => r.length));
      const stats = Array.from({ length }, (_, k) => meanSd(runs.map((r) => r[k] * 100)));
      return {
        name: method,
        x: stats.map((_, k) => k + 1),
        y: stats.map((s) => s.mean),
        error: stats.map((s) => s.sd),
      };
    }),
    { title, xTitle: 'models in the ensemble', yTitle: 'test accuracy (%)' },
  );
}
