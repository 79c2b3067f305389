/**
 * Cross-validating a tfjs model: for each (stratified) fold a fresh model from `build(seed)` is
 * trained with the shared `fit` on the fold's train rows and scored on its test rows (accuracy,
 * macro F1, log loss). Returns crossValidate's per-fold table and mean ± sd.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { toRng } from '../random';
import { predict } from '../train/evaluate';
import { accuracy, f1Score } from './classification';
import { CrossValidationResult, crossValidate } from './cross-validate';
import { logLoss } from './log-loss';
import { takeRows } from './split';
import { FreshModelOptions, checkFreshModelInputs, checkFreshModelTraining, fitFreshModel } from './fit-fresh-model';

/** The optimizer factory gives a fresh optimizer per fold (state must not carry over between folds). */
export interface CrossValidateModelOptions extends FreshModelOptions {
  k?: number;
  /** Integer labels of the rows (stratification and scoring); default argmax of y. */
  labels?: Int32Array;
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
  const where = 'crossValidateModel';
  options = checkFreshModelInputs(where, build, x, y, options, ['optimizer', 'k', 'labels', 'seed', 'onFold']);
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
  checkFreshModelTraining(where, makeOptimizer, fitOptions as Record<string, unknown>, 'fold');
  const r = toRng(seed);
  return crossValidate(
    async ({ train, test }) => {
      const foldSeed = r.seed();
      const { model } = await fitFreshModel(where, build, foldSeed, x, y, train, fitOptions, makeOptimizer);
      const xTest = takeRows(x, test);
      try {
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
        tf.dispose(xTest);
        model.dispose();
      }
    },
    { labels, k, seed: r.seed(), onFold },
  );
}
