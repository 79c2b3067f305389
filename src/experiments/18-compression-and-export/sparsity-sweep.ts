/**
 * Accuracy against sparsity for a trained model, three ways: one-shot layer-wise pruning, one-shot
 * global pruning (no retraining), and gradual pruning while fine-tuning (TF-MOT's recipe: polynomial
 * schedule over most of the fine-tuning steps, masks fixed for the rest). Every point starts from the
 * same trained weights, which are restored at the end.
 * @example
 *   const rows = await sparsitySweep(model, train, test, { sparsities: [0.5, 0.9, 0.98] });
 *   show(lineChart([{ name: 'fine-tuned', x: rows.map((r) => r.sparsity), y: rows.map((r) => r.fineTuned) }]));
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../../lib/errors';
import { fit, evaluate } from '../../lib';
import { disposeMasks, magnitudePrune, PruneScope, GradualPruning, polynomialDecay } from '../../lib/compress';

export interface SweepRow {
  sparsity: number;
  layerOneShot: number;
  globalOneShot: number;
  fineTuned: number;
}

export interface SweepOptions {
  sparsities?: number[];
  /** Fine-tuning epochs per sparsity (default 1). */
  fineTuneEpochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Scope of the gradual pruning (default 'global'). */
  scope?: PruneScope;
  /** Fraction of fine-tuning steps over which sparsity ramps up (default 0.7). */
  rampFraction?: number;
  seed?: number;
  /** Called after each sparsity with the row (progress display). */
  onRow?: (row: SweepRow) => void;
}

interface Split {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

export async function sparsitySweep(
  model: tf.LayersModel,
  train: Split,
  test: Split,
  options: SweepOptions = {},
): Promise<SweepRow[]> {
  const {
    sparsities = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99],
    fineTuneEpochs = 1,
    batchSize = 32,
    learningRate = 5e-4,
    scope = 'global',
    rampFraction = 0.7,
    seed = 0,
  } = options;
  check(
    Array.isArray(sparsities) && sparsities.length > 0,
    'sparsitySweep',
    'sparsities',
    sparsities,
    'a non-empty list of numbers in [0, 0.999]',
  );
  sparsities.forEach((s, i) => checkRange('sparsitySweep', `sparsities[${i}]`, s, 0, 0.999));
  checkInt('sparsitySweep', 'fineTuneEpochs', fineTuneEpochs, 1);
  checkRange('sparsitySweep', 'rampFraction', rampFraction, 0.05, 1);
  const original = model.getWeights().map((w) => w.clone());
  const accuracy = () => evaluate(model, test.xs, test.ys).accuracy ?? NaN;
  const steps = fineTuneEpochs * Math.ceil(train.xs.shape[0] / batchSize);
  const rows: SweepRow[] = [];
  try {
    for (const sparsity of sparsities) {
      const oneShot = (s: PruneScope) => {
        model.setWeights(original);
        disposeMasks(magnitudePrune(model, { sparsity, scope: s }));
        return accuracy();
      };
      const layerOneShot = oneShot('layer');
      const globalOneShot = oneShot('global');
      model.setWeights(original);
      const pruning = new GradualPruning({
        scope,
        schedule: polynomialDecay({
          finalSparsity: sparsity,
          endStep: Math.max(1, Math.round(rampFraction * steps)),
          frequency: Math.max(1, Math.round(steps / 20)),
        }),
      });
      const optimizer = tf.train.adam(learningRate);
      await fit(model, train.xs, train.ys, {
        epochs: fineTuneEpochs,
        batchSize,
        seed,
        optimizer,
        callbacks: [pruning],
        gradientHook: pruning.gradientHook,
      });
      optimizer.dispose(); // its moment variables would otherwise outlive the sweep
      pruning.dispose();
      const row = { sparsity, layerOneShot, globalOneShot, fineTuned: accuracy() };
      rows.push(row);
      options.onRow?.(row);
    }
  } finally {
    model.setWeights(original);
    tf.dispose(original);
  }
  return rows;
}
