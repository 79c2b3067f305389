/**
 * Where a sequential model is cut into pipeline stages. A split is given as layer-index boundaries
 * `[0, b1, …, L]`: stage s holds layers b_s … b_{s+1}-1 of `model.layers`, so the boundaries must
 * start at 0, end at the layer count and strictly increase (every layer in exactly one stage, in
 * order, no empty stage). `balancedSplit` picks the boundaries that minimise the largest stage's
 * parameter count — a proxy for its compute in dense layers — because the slowest stage sets the
 * pace of the whole pipeline.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../../errors';
import { checkArray, checkModel } from '../../validate';

/** A model whose layers run one after another: a tf.Sequential. */
export function checkSequential(where: string, parameter: string, model: unknown): asserts model is tf.Sequential {
  checkModel(where, parameter, model);
  check(
    model instanceof tf.Sequential,
    where,
    parameter,
    `a ${model.getClassName()}`,
    'a tf.Sequential (a pipeline cuts a chain of layers)',
  );
  check(model.layers.length > 0, where, parameter, 'a model without layers', 'a model with at least one layer');
}

/** Checks `boundaries` is a split of the model's layers; returns it. */
export function checkSplit(where: string, model: tf.Sequential, boundaries: unknown): number[] {
  const layers = model.layers.length;
  const accepted = `layer-index boundaries [0, …, ${layers}]: start at 0, end at the model's ${layers} layers, strictly increasing (at least one layer per stage)`;
  checkArray(where, 'split', boundaries);
  const b = boundaries as unknown[];
  check(b.length >= 2, where, 'split', boundaries, accepted);
  b.forEach((v, i) => checkInt(where, `split[${i}]`, v, 0, layers));
  check(b[0] === 0, where, 'split[0]', b[0], `0 (the first stage starts at the first layer); ${accepted}`);
  check(
    b[b.length - 1] === layers,
    where,
    `split[${b.length - 1}]`,
    b[b.length - 1],
    `${layers} (the last stage ends at the last layer); ${accepted}`,
  );
  for (let i = 1; i < b.length; i++)
    check(
      (b[i] as number) > (b[i - 1] as number),
      where,
      `split[${i}]`,
      b[i],
      `more than split[${i - 1}] = ${b[i - 1]}; ${accepted}`,
    );
  return b as number[];
}

/** Parameters (all weights, trainable or not) of each layer. */
export function layerCosts(model: tf.Sequential): number[] {
  return model.layers.map((l) => l.countParams());
}

/**
 * The split of the model's layers into `stages` contiguous stages whose largest parameter count is
 * the smallest possible (the linear-partition problem, solved exactly by dynamic programming).
 * @example balancedSplit(mlp({ hidden: [256, 256, 256] }), 2) // [0, 3, 5]
 */
export function balancedSplit(model: tf.Sequential, stages: number): number[] {
  checkSequential('balancedSplit', 'model', model);
  const n = model.layers.length;
  checkInt('balancedSplit', 'stages', stages, 1, n);
  // Layers without weights (Flatten, activations) still cost something: one unit, so ties break evenly.
  const cost = layerCosts(model).map((c) => c + 1);
  const prefix = [0];
  for (const c of cost) prefix.push(prefix[prefix.length - 1] + c);
  // best[k][i]: the smallest possible largest stage when the first i layers form k stages.
  const best = Array.from({ length: stages + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const cut = Array.from({ length: stages + 1 }, () => new Array<number>(n + 1).fill(0));
  best[0][0] = 0;
  for (let k = 1; k <= stages; k++)
    for (let i = k; i <= n; i++)
      for (let j = k - 1; j < i; j++) {
        const worst = Math.max(best[k - 1][j], prefix[i] - prefix[j]);
        if (worst < best[k][i]) [best[k][i], cut[k][i]] = [worst, j];
      }
  const boundaries = [n];
  for (let k = stages, i = n; k > 0; k--) boundaries.unshift((i = cut[k][i]));
  return boundaries;
}

/** Each stage's layers and parameter count, e.g. { 'stage 0': 'flatten, fc1 (615,440)' }, for a table. */
export function describeSplit(model: tf.Sequential, split: number[]): Record<string, string> {
  checkSequential('describeSplit', 'model', model);
  const b = checkSplit('describeSplit', model, split);
  const costs = layerCosts(model);
  const out: Record<string, string> = {};
  for (let s = 0; s + 1 < b.length; s++) {
    const names = model.layers.slice(b[s], b[s + 1]).map((l) => l.name);
    const params = costs.slice(b[s], b[s + 1]).reduce((a, c) => a + c, 0);
    out[`stage ${s}`] = `${names.join(', ')} (${params.toLocaleString('en-US')})`;
  }
  return out;
}
