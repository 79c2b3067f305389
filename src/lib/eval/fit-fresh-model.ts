/**
 * What bagging and crossValidateModel share: each trains fresh models from `build(seed)` through
 * `fit`, each model on some rows of (x, y), with its own seed and its own optimizer (state must not
 * carry over between models). The checks at their edge and the per-model training live here.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { History } from '../train/callback';
import { TrainOptions, fit } from '../train/loop';
import { takeRows } from './split';
import { checkFunction, checkOptions, checkTensor } from '../validate';
import { checkTrainData, checkTrainOptions, fitFamilyKeys } from '../train/check-train-options';

/** fit's options for fresh models: the optimizer is a factory, the seed is per model, no validation data. */
export interface FreshModelOptions extends Omit<TrainOptions, 'seed' | 'validationData' | 'optimizer'> {
  /** A fresh optimizer per model (default Adam(1e-3)); disposed once that model is trained. */
  optimizer?: () => tf.Optimizer;
  seed?: number;
}

/** The checks before anything else: option keys (own and fit's), `build`, x and y. */
export function checkFreshModelInputs<O>(
  where: string,
  build: unknown,
  x: tf.Tensor,
  y: tf.Tensor,
  options: O,
  ownKeys: readonly string[],
): O {
  // a fresh optimizer and seed per model; no validation data
  options = checkOptions(where, options, fitFamilyKeys(ownKeys, ['optimizer', 'seed', 'validationData']));
  checkFunction(where, 'build', build);
  checkTensor(where, 'x', x, { nonEmpty: false });
  checkTensor(where, 'y', y, { nonEmpty: false });
  check(typeof build === 'function', where, 'build', typeof build, 'a function (seed) → tf.LayersModel');
  checkTrainData(where, undefined, x, y);
  return options;
}

/** Checks the optimizer factory and fit's options (what fitFreshModel will pass to fit). */
export function checkFreshModelTraining(
  where: string,
  makeOptimizer: unknown,
  fitOptions: Record<string, unknown>,
  perWhat: string,
): void {
  if (makeOptimizer !== undefined)
    check(
      typeof makeOptimizer === 'function',
      where,
      'optimizer',
      typeof makeOptimizer,
      `a function () → tf.Optimizer (one fresh optimizer per ${perWhat})`,
    );
  checkTrainOptions(where, fitOptions);
}

/**
 * Builds a model from `build(seed)` and trains it on rows `rows` of (x, y) with a fresh optimizer
 * (disposed after). If building or training fails, the model is disposed and the error rethrown.
 */
export async function fitFreshModel(
  where: string,
  build: (seed: number) => tf.LayersModel,
  seed: number,
  x: tf.Tensor,
  y: tf.Tensor,
  rows: Int32Array | number[],
  fitOptions: Omit<TrainOptions, 'optimizer' | 'seed'>,
  makeOptimizer: (() => tf.Optimizer) | undefined,
): Promise<{ model: tf.LayersModel; history: History }> {
  const model = build(seed);
  check(model instanceof tf.LayersModel, where, 'build(seed)', typeof model, 'a tf.LayersModel');
  const xs = takeRows(x, rows);
  const ys = takeRows(y, rows);
  const optimizer = makeOptimizer ? makeOptimizer() : tf.train.adam(1e-3);
  try {
    const history = await fit(model, xs, ys, { ...fitOptions, optimizer, seed } as TrainOptions);
    return { model, history };
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    tf.dispose([xs, ys]);
    optimizer.dispose();
  }
}
