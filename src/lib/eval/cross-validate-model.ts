/**
 * Cross-validating a tfjs model: for each (stratified) fold a fresh model from `build(seed)` is
 * trained with the shared `fit` on the fold's train rows and scored on its test rows (accuracy,
 * macro F1, log loss). Returns crossValidate's per-fold table and mean ± sd.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { toRng } from '../random';
import { TrainOptions, fit } from '../train/loop';
import { predict } from '../train/evaluate';
import { accuracy, f1Score } from './classification';
import { CrossValidationResult, crossValidate } from './cross-validate';
import { logLoss } from './log-loss';
import { takeRows } from './split';
import { checkFunction, checkOptions, checkTensor } from '../validate';
import { checkTrainData, checkTrainOptions, fitFamilyKeys } from '../train/check-train-options';

export interface CrossValidateModelOptions extends Omit<TrainOptions, 'seed' | 'validationData' | 'optimizer'> {
  /** A fresh optimizer per fold (state must not carry over between folds); default Adam(1e-3). Disposed after the fold. */
  optimizer?: () => tf.Optimizer;
  k?: number;
  /** Integer labels of the rows (stratification and scoring); default argmax of y. */
  labels?: Int32Array;
  seed?: number;
  onFold?: (fold: number, scores: Record<string, number>) => void;
}

/**
 * @example
 * const cv = await crossValidateModel((seed) => mlp({ inputShape: [784], seed }), xs, ys, { k: 5, epochs: 3, seed: 1 });
 * console.log(cv.mean.accuracy, cv.sd.accuracy);
 */
export async function crossValidateModel(
  build: (seed: number) => tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: CrossValidateModelOptions,
): Promise<CrossValidationResult> {
  // a fresh optimizer and seed per model; no validation data
  options = checkOptions(
    'crossValidateModel',
    options,
    fitFamilyKeys(['optimizer', 'k', 'labels', 'seed', 'onFold'], ['optimizer', 'seed', 'validationData']),
  );
  checkFunction('crossValidateModel', 'build', build);
  checkTensor('crossValidateModel', 'x', x, { nonEmpty: false });
  checkTensor('crossValidateModel', 'y', y, { nonEmpty: false });
  const where = 'crossValidateModel';
  check(typeof build === 'function', where, 'build', typeof build, 'a function (seed) → tf.LayersModel');
  checkTrainData(where, undefined, x, y);
  check(x.shape[0] === y.shape[0], where, 'y', `${y.shape[0]} rows`, `as many rows as x (${x.shape[0]})`);
  const labels =
    options.labels ??
    (() => {
      const a = tf.argMax(y, -1);
      const l = Int32Array.from(a.dataSync());
      a.dispose();
      return l;
    })();
  const { k, labels: _l, seed, onFold, optimizer: makeOptimizer, ...fitOptions } = options;
  if (makeOptimizer !== undefined)
    check(
      typeof makeOptimizer === 'function',
      where,
      'optimizer',
      typeof makeOptimizer,
      'a function () → tf.Optimizer (one fresh optimizer per fold)',
    );
  checkTrainOptions(where, fitOptions as Record<string, unknown>);
  const r = toRng(seed);
  return crossValidate(
    async ({ train, test }) => {
      const foldSeed = r.seed();
      const model = build(foldSeed);
      const [xTrain, yTrain, xTest] = [takeRows(x, train), takeRows(y, train), takeRows(x, test)];
      const optimizer = makeOptimizer ? makeOptimizer() : tf.train.adam(1e-3);
      try {
        await fit(model, xTrain, yTrain, { ...fitOptions, optimizer, seed: foldSeed });
        const logits = predict(model, xTest);
        const probs = tf.softmax(logits);
        const testLabels = Array.from(test, (i) => labels[i]);
        const scores = {
          accuracy: accuracy(testLabels, logits),
          macroF1: f1Score(testLabels, logits, { average: 'macro', zeroDivision: 0 }),
          logLoss: logLoss(testLabels, probs),
        };
        tf.dispose([logits, probs]);
        return scores;
      } finally {
        tf.dispose([xTrain, yTrain, xTest]);
        optimizer.dispose();
        model.dispose();
      }
    },
    { labels, k, seed: r.seed(), onFold },
  );
}
