/**
 * Combining the predictions of several models: averaging raw outputs (regression, logits), soft
 * voting (mean of softmax probabilities, optionally weighted — sklearn's VotingClassifier 'soft') and
 * majority (hard) voting, ties going to the smallest class (as sklearn's argmax of vote counts).
 * The models in this library output logits; pass `fromLogits: false` for models ending in softmax.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { predict } from '../train/evaluate';
import { checkArray, checkTensor } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

function checkModels(where: string, models: tf.LayersModel[], weights?: number[]): number[] {
  check(
    Array.isArray(models) && models.length > 0,
    where,
    'models',
    Array.isArray(models) ? '[]' : typeof models,
    'a non-empty array of tf.LayersModel',
  );
  models.forEach((m, i) => check(m instanceof tf.LayersModel, where, `models[${i}]`, typeof m, 'a tf.LayersModel'));
  const w = weights ?? models.map(() => 1);
  check(w.length === models.length, where, 'weights', `${w.length} weights`, `one per model (${models.length})`);
  w.forEach((v, i) => check(Number.isFinite(v) && v >= 0, where, `weights[${i}]`, v, 'a number ≥ 0'));
  check(
    w.some((v) => v > 0),
    where,
    'weights',
    w,
    'at least one positive weight',
  );
  return w;
}

const AVERAGE_OUTPUTS_OPTIONS = defineOptions('averageOutputs', {
  weights: undefined as number[] | undefined,
});

/** Weighted mean of each model's raw output (the caller owns the result). */
export function averageOutputs(
  models: tf.LayersModel[],
  x: tf.Tensor,
  options: OptionsOf<typeof AVERAGE_OUTPUTS_OPTIONS> = {},
): tf.Tensor {
  options = AVERAGE_OUTPUTS_OPTIONS.read(options);
  checkArray('averageOutputs', 'models', models, { nonEmpty: false });
  checkTensor('averageOutputs', 'x', x, { nonEmpty: false });
  const w = checkModels('averageOutputs', models, options.weights);
  return combine(models, x, w, (out) => out);
}

const SOFT_VOTE_OPTIONS = defineOptions('softVote', {
  weights: undefined as number[] | undefined,
  fromLogits: undefined as boolean | undefined,
});

/**
 * Soft voting: weighted mean of class probabilities, [N, K] (the caller owns the result).
 * @example const probs = softVote([a, b, c], test.xs); const labels = tf.argMax(probs, -1);
 */
export function softVote(
  models: tf.LayersModel[],
  x: tf.Tensor,
  options: OptionsOf<typeof SOFT_VOTE_OPTIONS> = {},
): tf.Tensor2D {
  options = SOFT_VOTE_OPTIONS.read(options);
  checkArray('softVote', 'models', models, { nonEmpty: false });
  checkTensor('softVote', 'x', x, { nonEmpty: false });
  const w = checkModels('softVote', models, options.weights);
  return combine(models, x, w, (out) => (options.fromLogits === false ? out : tf.softmax(out))) as tf.Tensor2D;
}

function combine(
  models: tf.LayersModel[],
  x: tf.Tensor,
  w: number[],
  transform: (out: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  const total = w.reduce((a, b) => a + b, 0);
  let sum: tf.Tensor | undefined;
  models.forEach((m, i) => {
    const out = predict(m, x);
    const next = tf.tidy(() => {
      const term = transform(out).mul(w[i] / total);
      return sum ? sum.add(term) : term;
    });
    out.dispose();
    sum?.dispose();
    sum = next;
  });
  return sum!;
}

const MAJORITY_VOTE_OPTIONS = defineOptions('majorityVote', {
  weights: undefined as number[] | undefined,
});

/**
 * Hard voting: each model votes for its argmax class; the most votes wins (ties → smallest class).
 * @example const labels = majorityVote([a, b, c], test.xs); accuracy(test.labels, labels);
 */
export function majorityVote(
  models: tf.LayersModel[],
  x: tf.Tensor,
  options: OptionsOf<typeof MAJORITY_VOTE_OPTIONS> = {},
): Int32Array {
  options = MAJORITY_VOTE_OPTIONS.read(options);
  checkArray('majorityVote', 'models', models, { nonEmpty: false });
  checkTensor('majorityVote', 'x', x, { nonEmpty: false });
  const w = checkModels('majorityVote', models, options.weights);
  const votes = models.map((m) => {
    const out = predict(m, x);
    const argmax = tf.argMax(out, -1);
    const labels = argmax.dataSync();
    tf.dispose([out, argmax]);
    return labels;
  });
  return majorityOfLabels(votes, w);
}

/** Majority vote over label arrays (one per voter). */
export function majorityOfLabels(votes: ArrayLike<number>[], weights: number[] = votes.map(() => 1)): Int32Array {
  checkArray('majorityOfLabels', 'votes', votes, { nonEmpty: false });
  if (weights !== undefined) checkArray('majorityOfLabels', 'weights', weights, { nonEmpty: false });
  check(votes.length > 0, 'majorityOfLabels', 'votes', '[]', 'at least one voter');
  const n = votes[0].length;
  votes.forEach((v, i) =>
    check(v.length === n, 'majorityOfLabels', `votes[${i}]`, `${v.length} labels`, `${n} like votes[0]`),
  );
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const tally = new Map<number, number>();
    votes.forEach((v, m) => tally.set(v[i], (tally.get(v[i]) ?? 0) + weights[m]));
    let best = Infinity;
    let bestCount = -1;
    for (const [label, c] of tally)
      if (c > bestCount || (c === bestCount && label < best)) [best, bestCount] = [label, c];
    out[i] = best;
  }
  return out;
}
