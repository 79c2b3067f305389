/**
 * Notebook 03's harness: each regulariser trained on the same small (optionally label-noised) training
 * set for several seeds, reporting train and test accuracy and their gap per run.
 */
import { tf, fit, evaluate, mlp, rng, type Dataset } from '../lib';
import { weightPenalty, withDropout } from '../lib/train';

export interface Regulariser {
  name: string;
  /** Dropout rate after every hidden layer (0 = none). */
  dropout?: number;
  /** L2 coefficient of Σw² over the kernels (0 = none). */
  l2?: number;
}

export interface RegularisationRun {
  name: string;
  seed: number;
  /** Accuracy on the labels trained on (noisy ones included). */
  trainAcc: number;
  testAcc: number;
  gap: number;
}

/**
 * Labels with a `fraction` of them replaced by a uniformly random class (possibly the same one):
 * the classic test of memorisation (Zhang et al. 2017, Arpit et al. 2017). Returns one-hot labels.
 */
export function noisyLabels(data: Dataset, fraction: number, seed: number): tf.Tensor2D {
  const r = rng(seed);
  const labels = Int32Array.from(data.labels, (l) => (r.next() < fraction ? r.int(0, data.numClasses - 1) : l));
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), data.numClasses).toFloat() as tf.Tensor2D);
}

/** Trains an MLP (`hidden`) per regulariser and seed on (train.xs, ys) and scores it. */
export async function compare(
  train: Dataset,
  ys: tf.Tensor,
  test: Dataset,
  regularisers: Regulariser[],
  options: { seeds: number[]; hidden: number[]; epochs: number; batchSize: number; learningRate: number },
): Promise<RegularisationRun[]> {
  const runs: RegularisationRun[] = [];
  for (const seed of options.seeds) {
    for (const r of regularisers) {
      const base = mlp({ hidden: options.hidden, seed });
      const model = r.dropout ? await withDropout(base, r.dropout) : base; // same initial weights, plus Dropout layers
      const optimizer = tf.train.adam(options.learningRate);
      await fit(model, train.xs, ys, {
        epochs: options.epochs,
        batchSize: options.batchSize,
        optimizer,
        lossHook: r.l2 ? weightPenalty({ l2: r.l2 }) : undefined,
        seed,
      });
      optimizer.dispose();
      const trainAcc = evaluate(model, train.xs, ys).accuracy!;
      const testAcc = evaluate(model, test.xs, test.ys).accuracy!;
      runs.push({ name: r.name, seed, trainAcc, testAcc, gap: trainAcc - testAcc });
      model.dispose();
      if (model !== base) base.dispose();
    }
  }
  return runs;
}
