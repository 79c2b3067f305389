/**
 * Side-by-side cost and quality of model variants trained the same way (same data, epochs, batch size,
 * optimizer settings and seed, through the one training loop `fit`): parameters, multiply-accumulates
 * per example, training step time and test accuracy. Step time is measured on the last epoch, after
 * the first epoch has warmed up kernels and caches; it is a wall-clock number and only comparable
 * between rows of the same run.
 * @example
 *   const rows = await compare([
 *     { name: 'standard', build: () => referenceCnn({ seed: 1 }) },
 *     { name: 'separable', build: () => separableCnn({ seed: 1 }) },
 *   ], train, test, { epochs: 2 });
 *   showTable(rows);
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import type { Callback } from '../lib';
import { fit, evaluate } from '../lib';
import { modelCost } from '../lib/compress';

export { sparsitySweep, type SweepRow, type SweepOptions } from './18-compression-and-export/sparsity-sweep';

export interface Candidate {
  name: string;
  /** Builds a fresh model (called once; the model is returned in `models` for later use). */
  build: () => tf.LayersModel;
}

export interface ArchitectureRow {
  model: string;
  params: number;
  macs: number;
  msPerStep: number;
  accuracy: number;
}

export interface CompareOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Extra callbacks per candidate (e.g. progress) — called with the candidate's name. */
  callbacks?: (name: string) => Callback[];
}

interface Split {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/** Trains each candidate on `train` and evaluates it on `test`; returns the rows and the trained models. */
export async function compare(
  candidates: Candidate[],
  train: Split,
  test: Split,
  options: CompareOptions = {},
): Promise<{ rows: ArchitectureRow[]; models: tf.LayersModel[] }> {
  check(
    Array.isArray(candidates) && candidates.length > 0,
    'compareArchitectures',
    'candidates',
    candidates,
    'a non-empty list of { name, build }',
  );
  const { epochs = 2, batchSize = 64, learningRate = 1e-3, seed = 0 } = options;
  checkInt('compareArchitectures', 'epochs', epochs, 1);
  const rows: ArchitectureRow[] = [];
  const models: tf.LayersModel[] = [];
  for (const c of candidates) {
    const model = c.build();
    const optimizer = tf.train.adam(learningRate);
    const history = await fit(model, train.xs, train.ys, {
      epochs,
      batchSize,
      seed,
      optimizer,
      callbacks: options.callbacks?.(c.name) ?? [],
    });
    optimizer.dispose();
    const steps = Math.ceil(train.xs.shape[0] / batchSize);
    const lastEpochSeconds = history.history.seconds[history.history.seconds.length - 1];
    const { params, macs } = modelCost(model);
    rows.push({
      model: c.name,
      params,
      macs,
      msPerStep: (1000 * lastEpochSeconds) / steps,
      accuracy: evaluate(model, test.xs, test.ys).accuracy ?? NaN,
    });
    models.push(model);
  }
  return { rows, models };
}
export { matchedCnn } from './18-compression-and-export/matched-cnn';
