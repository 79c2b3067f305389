/**
 * AdaBoost for K classes (SAMME, see ./samme.ts) with neural networks as weak learners, trained
 * through the shared `fit`. Each round trains a fresh model on the current sample weights, then
 * raises the weight of the rows it got wrong, so the next model concentrates on them; the ensemble
 * votes with weights alpha. Where bagging (./bagging.ts) averages away variance, boosting removes
 * bias: it helps most when each learner is too simple to fit the data alone.
 *
 * Sample weights reach a network one of two ways (`sampleWeights`):
 *  - 'resample' (default; "boosting by resampling", Freund & Schapire 1996, as Schwenk & Bengio
 *    2000 did for neural nets): each round draws n rows with replacement, with probability equal
 *    to their weight, and trains on them unweighted. Every mini-batch then has the right weighted
 *    mix, so SGD's gradient noise stays as it was.
 *  - 'weightedLoss': trains on all rows with each row's cross-entropy multiplied by n·wᵢ. Exact in
 *    expectation, but once weights concentrate on a few hard rows most batches carry almost no
 *    weight and a few carry a lot: noisier steps for the same epochs.
 * The error and the reweighting always use the weights themselves on every training row.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkOneOf, checkRange } from '../errors';
import { toRng } from '../random';
import { History } from '../train/callback';
import { TrainOptions, fit } from '../train/loop';
import { predict } from '../train/evaluate';
import { checkTrainData, checkTrainOptions } from '../train/check-train-options';
import { checkFunction, checkModelInput, checkOptions, checkSeed, checkTensor } from '../validate';
import { takeRows } from './split';
import { sammeUpdate } from './samme';

export type SampleWeighting = 'resample' | 'weightedLoss';

export interface AdaBoostOptions extends Omit<
  TrainOptions,
  'seed' | 'validationData' | 'optimizer' | 'loss' | 'lossHook' | 'gradientSource'
> {
  /** A fresh optimizer per model (default Adam(1e-3)); disposed once that model is trained. */
  optimizer?: () => tf.Optimizer;
  /** Boosting rounds, i.e. at most this many models (default 10; fewer when a round is perfect or useless). */
  estimators?: number;
  /** Shrinks every alpha (sklearn's learning_rate, default 1). */
  learningRate?: number;
  /** How a model sees the sample weights (default 'resample'; see the file comment). */
  sampleWeights?: SampleWeighting;
  seed?: number;
  /** Called after each round. */
  onEstimator?: (index: number, round: { error: number; alpha: number; history: History }) => void;
}

export interface AdaBoost {
  models: tf.LayersModel[];
  /** Vote weight of each model. */
  alphas: number[];
  /** Weighted training error of each model. */
  errors: number[];
  histories: History[];
  numClasses: number;
  /** Why boosting stopped: 'estimators' (all rounds ran), 'perfect' or 'chance' (a learner no better than chance, discarded). */
  stopped: 'estimators' | 'perfect' | 'chance';
}

const FIT_KEYS = [
  'epochs',
  'initialEpoch',
  'batchSize',
  'shuffle',
  'batchHook',
  'gradientHook',
  'extraVariables',
  'forward',
  'callbacks',
  'validationBatchSize',
];

/** Rows drawn with replacement with probability ∝ weight (binary search on the cumulative sum). */
function resample(weights: Float64Array, draw: () => number): Int32Array {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cumulative[i] = sum += w));
  return Int32Array.from({ length: weights.length }, () => {
    const u = draw() * sum;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  });
}

/**
 * Boosts models from `build(seed)` on (x, y), y one-hot [N, K] with K ≥ 2; models output logits.
 * @example
 * const boost = await adaBoost((seed) => mlp({ hidden: [4], seed }), xs, ys, { estimators: 10, epochs: 2, seed: 1 });
 * const scores = adaBoostScores(boost, testXs); // [N, K] weighted votes
 */
export async function adaBoost(
  build: (seed: number) => tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: AdaBoostOptions,
): Promise<AdaBoost> {
  const where = 'adaBoost';
  options = checkOptions(where, options, [
    ...FIT_KEYS,
    'optimizer',
    'estimators',
    'learningRate',
    'sampleWeights',
    'seed',
    'onEstimator',
  ]);
  checkFunction(where, 'build', build);
  checkTensor(where, 'x', x, { nonEmpty: false });
  checkTensor(where, 'y', y, { nonEmpty: false });
  checkTrainData(where, undefined, x, y);
  const n = x.shape[0];
  check(n > 0 && y.rank === 2 && y.shape[0] === n, where, 'y', `shape [${y.shape}]`, `one-hot [${n}, K] like x's rows`);
  const numClasses = y.shape[1]!;
  check(numClasses >= 2, where, 'y', `shape [${y.shape}]`, 'one-hot rows with K ≥ 2 classes');
  const estimators = options.estimators ?? 10;
  checkInt(where, 'estimators', estimators, 1, 10000);
  const learningRate = options.learningRate ?? 1;
  checkRange(where, 'learningRate', learningRate, 1e-9, 1e3);
  const mode = options.sampleWeights ?? 'resample';
  checkOneOf(where, 'sampleWeights', mode, ['resample', 'weightedLoss']);
  checkSeed(where, options.seed);
  if (options.onEstimator !== undefined) checkFunction(where, 'onEstimator', options.onEstimator);
  const {
    estimators: _e,
    learningRate: _l,
    sampleWeights: _w,
    onEstimator,
    seed: _s,
    optimizer: makeOptimizer,
    ...fitOptions
  } = options;
  if (makeOptimizer !== undefined) checkFunction(where, 'optimizer', makeOptimizer);
  checkTrainOptions(where, fitOptions as Record<string, unknown>);

  const argmax = tf.argMax(y, -1);
  const truth = Int32Array.from(argmax.dataSync());
  argmax.dispose();
  const r = toRng(options.seed);
  let weights = new Float64Array(n).fill(1 / n);
  const boost: AdaBoost = { models: [], alphas: [], errors: [], histories: [], numClasses, stopped: 'estimators' };
  for (let m = 0; m < estimators; m++) {
    const seed = r.seed();
    const model = build(seed);
    if (!(model instanceof tf.LayersModel)) boost.models.forEach((b) => b.dispose());
    check(model instanceof tf.LayersModel, where, 'build(seed)', typeof model, 'a tf.LayersModel');
    const optimizer = makeOptimizer ? makeOptimizer() : tf.train.adam(1e-3);
    let misses: Uint8Array;
    try {
      const history = await trainRound(model, x, y, weights, mode, { ...fitOptions, optimizer, seed }, seed);
      boost.histories.push(history);
      misses = mistakes(model, x, truth);
    } catch (e) {
      [...boost.models, model].forEach((b) => b.dispose()); // a failed boost hands back nothing
      throw e;
    } finally {
      optimizer.dispose();
    }
    const round = sammeUpdate(weights, misses, numClasses, learningRate);
    if (!round.useful) {
      // sklearn's rule: a learner no better than chance is dropped and boosting stops.
      model.dispose();
      boost.histories.pop();
      boost.stopped = 'chance';
      break;
    }
    boost.models.push(model);
    boost.alphas.push(round.alpha);
    boost.errors.push(round.error);
    onEstimator?.(m, { error: round.error, alpha: round.alpha, history: boost.histories[m] });
    if (round.perfect) {
      boost.stopped = 'perfect';
      break;
    }
    weights = round.weights;
  }
  check(
    boost.models.length > 0,
    where,
    'build',
    'a first learner no better than chance',
    `a weak learner with weighted training error below 1 − 1/K = ${(1 - 1 / numClasses).toFixed(3)} (train longer or make it larger)`,
  );
  return boost;
}

async function trainRound(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  weights: Float64Array,
  mode: SampleWeighting,
  fitOptions: TrainOptions,
  seed: number,
): Promise<History> {
  if (mode === 'resample') {
    const draw = toRng(seed + 1);
    const rows = resample(weights, () => draw.next());
    const xs = takeRows(x, rows);
    const ys = takeRows(y, rows);
    try {
      return await fit(model, xs, ys, fitOptions);
    } finally {
      tf.dispose([xs, ys]);
    }
  }
  // n·wᵢ is 1 for uniform weights, so the loss starts at the usual mean cross-entropy.
  const scaled = tf.tensor1d(Float32Array.from(weights, (w) => w * weights.length));
  try {
    return await fit(model, x, y, {
      ...fitOptions,
      lossHook: ({ y: yb, yPred, indices }) => {
        const rowWeights = tf.gather(scaled, tf.tensor1d(indices, 'int32'));
        const perRow = tf.neg(tf.sum(tf.mul(yb, tf.logSoftmax(yPred)), -1));
        return tf.mean(tf.mul(perRow, rowWeights)) as tf.Scalar;
      },
    });
  } finally {
    scaled.dispose();
  }
}

function mistakes(model: tf.LayersModel, x: tf.Tensor, truth: Int32Array): Uint8Array {
  const out = predict(model, x);
  const argmax = tf.argMax(out, -1);
  const guess = argmax.dataSync();
  tf.dispose([out, argmax]);
  return Uint8Array.from(truth, (t, i) => (guess[i] === t ? 0 : 1));
}

/**
 * The boosted ensemble's class scores [N, K]: Σ alpha_m · onehot(argmax model_m(x)), over the first
 * `rounds` models (default all), so accuracy can be traced against the number of rounds. The caller
 * owns the result; argmax gives the predicted class.
 */
export function adaBoostScores(boost: AdaBoost, x: tf.Tensor, options: { rounds?: number } = {}): tf.Tensor2D {
  const where = 'adaBoostScores';
  options = checkOptions(where, options, ['rounds']);
  checkBoost(where, boost);
  checkTensor(where, 'x', x, { nonEmpty: false });
  check(x.shape[0] > 0, where, 'x', `shape [${x.shape}]`, 'at least one row');
  const rounds = options.rounds ?? boost.models.length;
  checkInt(where, 'rounds', rounds, 1, boost.models.length);
  boost.models.slice(0, rounds).forEach((m) => checkModelInput(where, 'x', m, x));
  let sum: tf.Tensor2D = tf.zeros([x.shape[0], boost.numClasses]);
  for (let m = 0; m < rounds; m++) {
    const out = predict(boost.models[m], x);
    const next = tf.tidy(() => sum.add(tf.oneHot(tf.argMax(out, -1), boost.numClasses).mul(boost.alphas[m])));
    tf.dispose([out, sum]);
    sum = next as tf.Tensor2D;
  }
  return sum;
}

function checkBoost(where: string, boost: AdaBoost): void {
  const accepted = 'the result of adaBoost';
  check(boost != null && typeof boost === 'object', where, 'boost', typeof boost, accepted);
  const { models, alphas, numClasses } = boost;
  check(
    Array.isArray(models) && models.length > 0,
    where,
    'boost.models',
    models,
    `a non-empty model array (${accepted})`,
  );
  models.forEach((m, i) =>
    check(m instanceof tf.LayersModel, where, `boost.models[${i}]`, typeof m, 'a tf.LayersModel'),
  );
  check(
    Array.isArray(alphas) && alphas.length === models.length,
    where,
    'boost.alphas',
    alphas,
    `one vote weight per model (${models.length})`,
  );
  alphas.forEach((a, i) => check(Number.isFinite(a) && a >= 0, where, `boost.alphas[${i}]`, a, 'a finite number ≥ 0'));
  checkInt(where, 'boost.numClasses', numClasses, 2, 1e6);
}
