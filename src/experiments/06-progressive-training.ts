/**
 * Notebook 06's model-growth comparison (Net2Net): a small MLP trained first, then widened and
 * deepened into the big one (same function) and trained on, against the big MLP from scratch, at the
 * same total multiply-accumulates. Test accuracy is recorded against cumulative training MACs.
 */
import { tf, fit, evaluate, mlp } from '../lib';
import { widenLayer, deepenAfter } from '../lib/train';
import { modelCost } from '../lib/compress';

export interface GrowthCurve {
  seed: number;
  /** Training MACs spent (forward pass MACs × 3 per example, a common estimate) after each epoch. */
  macs: number[];
  accuracy: number[];
}

export interface GrowthRuns {
  scratch: GrowthCurve[];
  grown: GrowthCurve[];
  /** Test accuracy of each grown model just before and just after growing (function preserved). */
  atGrowth: { before: number; after: number }[];
}

interface Data {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/**
 * Per seed: mlp(hidden [big, big]) from scratch for `bigEpochs`, and mlp(hidden [small]) for
 * `smallEpochs`, grown (fc1 widened to `big`, an identity layer inserted after it) and trained for
 * `grownEpochs`. Choose the epochs so the two budgets match (see the notebook).
 */
export async function growVersusScratch(
  train: Data,
  test: Data,
  options: {
    seeds: number[];
    small: number;
    big: number;
    smallEpochs: number;
    grownEpochs: number;
    bigEpochs: number;
    batchSize: number;
    learningRate: number;
  },
): Promise<GrowthRuns> {
  const n = train.xs.shape[0];
  const result: GrowthRuns = { scratch: [], grown: [], atGrowth: [] };
  const track = (model: tf.LayersModel, curve: GrowthCurve, macsPerExample: number) => ({
    onEpochEnd: () => {
      curve.macs.push((curve.macs[curve.macs.length - 1] ?? 0) + 3 * macsPerExample * n);
      curve.accuracy.push(evaluate(model, test.xs, test.ys).accuracy!);
    },
  });
  for (const seed of options.seeds) {
    const optimizers: tf.Optimizer[] = [];
    const opts = (epochs: number, s: number) => {
      optimizers.push(tf.train.adam(options.learningRate));
      return { epochs, batchSize: options.batchSize, seed: s, optimizer: optimizers[optimizers.length - 1] };
    };
    const big = mlp({ hidden: [options.big, options.big], seed });
    const scratch: GrowthCurve = { seed, macs: [], accuracy: [] };
    await fit(big, train.xs, train.ys, {
      ...opts(options.bigEpochs, seed),
      callbacks: [track(big, scratch, modelCost(big).macs)],
    });
    const small = mlp({ hidden: [options.small], seed });
    const grownCurve: GrowthCurve = { seed, macs: [], accuracy: [] };
    await fit(small, train.xs, train.ys, {
      ...opts(options.smallEpochs, seed),
      callbacks: [track(small, grownCurve, modelCost(small).macs)],
    });
    const wide = widenLayer(small, 'fc1', options.big, { seed });
    const grown = deepenAfter(wide, 'fc1');
    result.atGrowth.push({
      before: grownCurve.accuracy[grownCurve.accuracy.length - 1],
      after: evaluate(grown, test.xs, test.ys).accuracy!,
    });
    await fit(grown, train.xs, train.ys, {
      ...opts(options.grownEpochs, seed + 1),
      callbacks: [track(grown, grownCurve, modelCost(grown).macs)],
    });
    result.scratch.push(scratch);
    result.grown.push(grownCurve);
    [big, small, wide, grown].forEach((m) => m.dispose());
    optimizers.forEach((o) => o.dispose());
  }
  return result;
}

export { resizingRuns, type ResizingCurve } from './06-progressive-training/resizing';
