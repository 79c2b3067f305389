/**
 * Bagging (Breiman 1996): train each model of the ensemble on its own bootstrap sample — n rows
 * drawn with replacement — so the models make different mistakes, then vote. Training goes
 * through the shared `fit`; each model gets its own seed for init, sampling and shuffling.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../errors';
import { toRng } from '../random';
import { History } from '../train/callback';
import { FreshModelOptions, checkFreshModelInputs, checkFreshModelTraining, fitFreshModel } from './fit-fresh-model';

export interface BaggingOptions extends FreshModelOptions {
  /** Models in the ensemble (default 5). */
  estimators?: number;
  /** Bootstrap sample size as a fraction of n (default 1, as sklearn's max_samples). */
  maxSamples?: number;
  /** Called after each model is trained. */
  onEstimator?: (index: number, history: History) => void;
}

export interface Bagging {
  models: tf.LayersModel[];
  histories: History[];
  /** Row indices of each model's bootstrap sample. */
  samples: Int32Array[];
  /** Fraction of rows each model never saw (≈ 1/e ≈ 0.37 for maxSamples 1). */
  outOfBag: number[];
}

/**
 * Trains `estimators` models from `build(seed)` on bootstrap samples of (x, y).
 * @example
 * const bag = await bagging((seed) => mlp({ hidden: [64], seed }), xs, ys, { estimators: 5, epochs: 3, seed: 1 });
 * const probs = softVote(bag.models, testXs);
 */
export async function bagging(
  build: (seed: number) => tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: BaggingOptions,
): Promise<Bagging> {
  const where = 'bagging';
  options = checkFreshModelInputs(where, build, x, y, options, [
    'optimizer',
    'estimators',
    'maxSamples',
    'seed',
    'onEstimator',
  ]);
  const estimators = options.estimators ?? 5;
  checkInt(where, 'estimators', estimators, 1);
  const maxSamples = options.maxSamples ?? 1;
  checkRange(where, 'maxSamples', maxSamples, 1e-9, 1);
  const n = x.shape[0];
  check(n > 0 && y.shape[0] === n, where, 'y', `${y.shape[0]} rows`, `as many rows as x (${n}), at least 1`);
  const r = toRng(options.seed);
  const size = Math.max(1, Math.round(maxSamples * n));
  const { estimators: _e, maxSamples: _m, onEstimator, seed: _s, optimizer: makeOptimizer, ...fitOptions } = options;
  checkFreshModelTraining(where, makeOptimizer, fitOptions as Record<string, unknown>, 'model');
  const bag: Bagging = { models: [], histories: [], samples: [], outOfBag: [] };
  for (let m = 0; m < estimators; m++) {
    const seed = r.seed();
    const draw = toRng(seed);
    const sample = Int32Array.from({ length: size }, () => draw.int(0, n - 1));
    const seen = new Uint8Array(n);
    sample.forEach((i) => (seen[i] = 1));
    let model: tf.LayersModel | undefined;
    try {
      const trained = await fitFreshModel(where, build, seed, x, y, sample, fitOptions, makeOptimizer);
      model = trained.model;
      bag.histories.push(trained.history);
      onEstimator?.(m, trained.history);
    } catch (e) {
      [...bag.models, ...(model ? [model] : [])].forEach((b) => b.dispose()); // a failed bag hands back nothing
      throw e;
    }
    bag.models.push(model);
    bag.samples.push(sample);
    bag.outOfBag.push(1 - seen.reduce((a, b) => a + b, 0) / n);
  }
  return bag;
}
