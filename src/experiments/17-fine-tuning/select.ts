/**
 * Choosing the learning rate, batch size and number of epochs on a validation split, never on
 * the test set: eval's stratified `trainTestSplit` holds out the validation part, eval's
 * `gridSearch` tries every (rate, batch size) pair, each trained with `fit` from a fresh model and
 * scored on the held-out part after every epoch; the best (rate, batch size, epoch) wins.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../../lib/errors';
import { fit, TrainOptions } from '../../lib';
import { takeRows, trainTestSplit, gridSearch, categoricalParam } from '../../lib/eval';

export interface HyperCandidate {
  learningRate: number;
  batchSize: number;
}

export interface ValidationTrial extends HyperCandidate {
  /** Validation accuracy after each epoch. */
  valAcc: number[];
  /** Best epoch (1-based) and its validation accuracy. */
  bestEpoch: number;
  bestValAcc: number;
  seconds: number;
}

export interface ValidationSearchOptions {
  /** A fresh model and fit options for a learning rate, e.g. via prepareTransfer. `dispose` frees them after the trial. */
  build: (
    learningRate: number,
  ) => Promise<{ model: tf.LayersModel; fitOptions?: Partial<TrainOptions>; dispose(): void }>;
  x: tf.Tensor;
  /** One-hot labels (the split is stratified by their argmax). */
  y: tf.Tensor;
  learningRates: number[];
  batchSizes: number[];
  /** Maximum epochs; the best epoch is chosen too. */
  epochs: number;
  /** Fraction of (x, y) held out for validation (default 0.2). */
  validationSplit?: number;
  seed?: number;
}

/**
 * Trains every (learning rate, batch size) pair and returns the trials, best first.
 * @example const [best] = await selectOnValidation({ build: (lr) => prepareTransfer('fine-tune', source, 5, { learningRate: lr, scratch }), x, y, learningRates: [1e-3, 3e-3], batchSizes: [16, 32], epochs: 5 });
 */
export async function selectOnValidation(options: ValidationSearchOptions): Promise<ValidationTrial[]> {
  const { x, y, learningRates, batchSizes, epochs, validationSplit = 0.2, seed = 0 } = options;
  check(
    learningRates.length > 0 && batchSizes.length > 0,
    'selectOnValidation',
    'grid',
    `${learningRates.length} rates × ${batchSizes.length} batch sizes`,
    'at least one of each',
  );
  learningRates.forEach((lr, i) => checkRange('selectOnValidation', `learningRates[${i}]`, lr, 1e-8, 10));
  batchSizes.forEach((b, i) => checkInt('selectOnValidation', `batchSizes[${i}]`, b, 1));
  checkInt('selectOnValidation', 'epochs', epochs, 1);
  checkRange('selectOnValidation', 'validationSplit', validationSplit, 0.01, 0.9);
  const labels = tf.tidy(() => tf.argMax(y, -1).dataSync() as Int32Array);
  const split = trainTestSplit(x.shape[0], { testSize: validationSplit, stratify: labels, seed });
  const [tx, ty, vx, vy] = [
    takeRows(x, split.train),
    takeRows(y, split.train),
    takeRows(x, split.test),
    takeRows(y, split.test),
  ];
  const trials: ValidationTrial[] = [];
  const space = { learningRate: categoricalParam(learningRates), batchSize: categoricalParam(batchSizes) };
  await gridSearch(
    async (params) => {
      const learningRate = params.learningRate as number;
      const batchSize = params.batchSize as number;
      const run = await options.build(learningRate);
      const started = Date.now();
      const h = await fit(run.model, tx, ty, { epochs, batchSize, seed, ...run.fitOptions, validationData: [vx, vy] });
      const valAcc = h.history.val_acc;
      const bestValAcc = Math.max(...valAcc);
      trials.push({
        learningRate,
        batchSize,
        valAcc,
        bestEpoch: valAcc.indexOf(bestValAcc) + 1,
        bestValAcc,
        seconds: (Date.now() - started) / 1000,
      });
      run.dispose();
      return bestValAcc;
    },
    space,
    { trials: learningRates.length * batchSizes.length, seed },
  );
  tf.dispose([tx, ty, vx, vy]);
  return trials.sort((a, b) => b.bestValAcc - a.bestValAcc);
}
