/**
 * Bagging (Breiman 1996): train each model of the ensemble on its own bootstrap sample — n rows
 * drawn with replacement — so the models make different mistakes, then vote. Training goes
 * through the shared `fit`; each model gets its own seed for init, sampling and shuffling.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../errors';
import { toRng } from '../random';
import { History } from '../train/callback';
import { TrainOptions, fit } from '../train/loop';
import { takeRows } from './split';
import { checkFunction, checkOptions, checkTensor } from '../validate';
import { checkTrainData, checkTrainOptions, fitFamilyKeys } from '../train/check-train-options';

export interface BaggingOptions extends Omit<TrainOptions, 'seed' | 'validationData' | 'optimizer'> {
  /** A fresh optimizer per model (default Adam(1e-3)); disposed once that model is trained. */
  optimizer?: () => tf.Optimizer;
  /** Models in the ensemble (default 5). */
  estimators?: number;
  /** Bootstrap sample size as a fraction of n (default 1, as sklearn's max_samples). */
  maxSamples?: number;
  seed?: number;
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
  // a fresh optimizer and seed per model; no validation data
  options = checkOptions(
    'bagging',
    options,
    fitFamilyKeys(
      ['optimizer', 'estimators', 'maxSamples', 'seed', 'onEstimator'],
      ['optimizer', 'seed', 'validationData'],
    ),
  );
  checkFunction('bagging', 'build', build);
  checkTensor('bagging', 'x', x, { nonEmpty: false });
  checkTensor('bagging', 'y', y, { nonEmpty: false });
  const where = 'bagging';
  check(typeof build === 'function', where, 'build', typeof build, 'a function (seed) → tf.LayersModel');
  checkTrainData(where, undefined, x, y);
  const estimators = options.estimators ?? 5;
  checkInt(where, 'estimators', estimators, 1);
  const maxSamples = options.maxSamples ?? 1;
  checkRange(where, 'maxSamples', maxSamples, 1e-9, 1);
  const n = x.shape[0];
  check(n > 0 && y.shape[0] === n, where, 'y', `${y.shape[0]} rows`, `as many rows as x (${n}), at least 1`);
  const r = toRng(options.seed);
  const size = Math.max(1, Math.round(maxSamples * n));
  const { estimators: _e, maxSamples: _m, onEstimator, seed: _s, optimizer: makeOptimizer, ...fitOptions } = options;
  if (makeOptimizer !== undefined)
    check(
      typeof makeOptimizer === 'function',
      where,
      'optimizer',
      typeof makeOptimizer,
      'a function () → tf.Optimizer (one fresh optimizer per model)',
    );
  checkTrainOptions(where, fitOptions as Record<string, unknown>);
  const bag: Bagging = { models: [], histories: [], samples: [], outOfBag: [] };
  for (let m = 0; m < estimators; m++) {
    const seed = r.seed();
    const draw = toRng(seed);
    const sample = Int32Array.from({ length: size }, () => draw.int(0, n - 1));
    const seen = new Uint8Array(n);
    sample.forEach((i) => (seen[i] = 1));
    const model = build(seed);
    if (!(model instanceof tf.LayersModel)) bag.models.forEach((b) => b.dispose());
    check(model instanceof tf.LayersModel, where, 'build(seed)', typeof model, 'a tf.LayersModel');
    const xs = takeRows(x, sample);
    const ys = takeRows(y, sample);
    const optimizer = makeOptimizer ? makeOptimizer() : tf.train.adam(1e-3);
    try {
      const history = await fit(model, xs, ys, { ...fitOptions, optimizer, seed });
      bag.histories.push(history);
      onEstimator?.(m, history);
    } catch (e) {
      [...bag.models, model].forEach((b) => b.dispose()); // a failed bag hands back nothing
      throw e;
    } finally {
      tf.dispose([xs, ys]);
      optimizer.dispose();
    }
    bag.models.push(model);
    bag.samples.push(sample);
    bag.outOfBag.push(1 - seen.reduce((a, b) => a + b, 0) / n);
  }
  return bag;
}
