/**
 * Hinton's soft targets and the distillation loss, as pure tensor functions.
 *
 * A teacher's logits z divided by a temperature T and pushed through softmax give "soft targets":
 * at T = 1 they are the teacher's probabilities; as T grows they flatten towards uniform and reveal
 * which wrong classes the teacher finds similar (a 2 that looks like a 7). The student matches them
 * at the same T; the T² factor keeps the soft gradients' scale independent of T (they shrink as 1/T²).
 *
 *   loss = α · T² · KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1 − α) · CE(y, z_s)
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../errors';
import { checkArray, checkNumber, checkOptions, checkTensor } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

/** Throws unless T is a finite number > 0. */
export function checkTemperature(
  where: string,
  temperature: unknown,
  parameter = 'temperature',
  max = Infinity,
): asserts temperature is number {
  const ok = typeof temperature === 'number' && Number.isFinite(temperature) && temperature > 0 && temperature <= max;
  const range =
    max === Infinity ? 'a finite number > 0' : `a finite number > 0 and ≤ ${max} (the loss is scaled by T²)`;
  check(ok, where, parameter, temperature, `${range} (1 = plain softmax; Hinton used 20)`);
}

/**
 * The largest temperature a loss accepts: the soft term is scaled by T², which overflows to a NaN
 * loss for a huge T (1e300); Hinton et al. used up to 20.
 */
export const MAX_LOSS_TEMPERATURE = 1e4;

/** Throws unless α is in [0, 1]. */
export function checkAlpha(where: string, alpha: unknown): asserts alpha is number {
  checkRange(where, 'alpha', alpha, 0, 1);
}

/**
 * softmax(logits / T), row by row. The caller owns the result.
 * @example const p = softTargets(tf.tensor2d([[2, 1, 0]]), 4); // ≈ [[0.41, 0.32, 0.26]]
 */
export function softTargets(logits: tf.Tensor, temperature: number): tf.Tensor {
  checkTensor('softTargets', 'logits', logits, { nonEmpty: false });
  checkTemperature('softTargets', temperature);
  return tf.tidy(() => tf.softmax(tf.div(logits, temperature)));
}

/**
 * Multi-teacher soft targets: the weighted average of each teacher's softmax(z/T) (weights are
 * normalised to sum to 1; default equal). Averaging probabilities, not logits, keeps every
 * teacher's opinion a proper distribution (TextBrewer's multi-teacher mode).
 * @example const p = averageSoftTargets([zA, zB], 4, [2, 1]);
 */
export function averageSoftTargets(logits: tf.Tensor[], temperature: number, weights?: number[]): tf.Tensor {
  checkArray('averageSoftTargets', 'logits', logits, { nonEmpty: false });
  if (weights !== undefined) checkArray('averageSoftTargets', 'weights', weights, { nonEmpty: false });
  check(
    Array.isArray(logits) && logits.length > 0,
    'averageSoftTargets',
    'logits',
    logits,
    'a non-empty array of [N, K] logit tensors',
  );
  checkTemperature('averageSoftTargets', temperature);
  const w = normaliseWeights('averageSoftTargets', weights, logits.length);
  logits.forEach((z, i) =>
    check(
      z.shape.join() === logits[0].shape.join(),
      'averageSoftTargets',
      `logits[${i}]`,
      z.shape,
      `the shape of logits[0] ([${logits[0].shape}])`,
    ),
  );
  return tf.tidy(() => tf.addN(logits.map((z, i) => tf.mul(tf.softmax(tf.div(z, temperature)), w[i]))));
}

/** Weights ≥ 0 with a positive sum, normalised to sum 1 (default: equal). */
export function normaliseWeights(where: string, weights: number[] | undefined, count: number): number[] {
  checkInt(where, 'count', count, 1);
  if (weights === undefined) return new Array(count).fill(1 / count);
  check(
    Array.isArray(weights) && weights.length === count,
    where,
    'weights',
    weights,
    `one weight per teacher (${count})`,
  );
  weights.forEach((v, i) => checkRange(where, `weights[${i}]`, v, 0, 1e6));
  const sum = weights.reduce((a, b) => a + b, 0);
  check(sum > 0, where, 'weights', weights, 'weights with a positive sum');
  return weights.map((v) => v / sum);
}

/**
 * Mean over rows of KL(p ‖ softmax(z_s / T)) = Σ p·log p − Σ p·log q. The teacher's entropy term
 * is a constant for the student; p·log p is taken as 0 where p = 0.
 */
export function softTargetKl(teacherProbs: tf.Tensor, studentLogits: tf.Tensor, temperature: number): tf.Scalar {
  checkTensor('softTargetKl', 'teacherProbs', teacherProbs, { nonEmpty: false });
  checkTensor('softTargetKl', 'studentLogits', studentLogits, { nonEmpty: false });
  checkTemperature('softTargetKl', temperature, 'temperature', MAX_LOSS_TEMPERATURE);
  return tf.tidy(() => {
    const logQ = tf.logSoftmax(tf.div(studentLogits, temperature));
    const plogp = tf.mul(teacherProbs, tf.log(tf.maximum(teacherProbs, 1e-30)));
    return tf.mean(tf.sum(tf.sub(plogp, tf.mul(teacherProbs, logQ)), -1)) as tf.Scalar;
  });
}

const DISTILLATION_LOSS_OPTIONS = defineOptions('distillationLoss', {
  /** T > 0. */
  temperature: required<number>(),
  /** Weight of the soft term, in [0, 1]; 1 − α weighs the hard-label cross-entropy. */
  alpha: required<number>(),
});

export type DistillationLossOptions = OptionsOf<typeof DISTILLATION_LOSS_OPTIONS>;

/**
 * Hinton's loss on one batch, from the teacher's soft targets (softTargets / averageSoftTargets at
 * the same T), the student's logits and the one-hot labels.
 * @example const loss = distillationLoss(softTargets(zT, 4), zS, yOneHot, { temperature: 4, alpha: 0.9 });
 */
export function distillationLoss(
  teacherProbs: tf.Tensor,
  studentLogits: tf.Tensor,
  labels: tf.Tensor,
  options: DistillationLossOptions,
): tf.Scalar {
  options = DISTILLATION_LOSS_OPTIONS.read(options);
  checkTensor('distillationLoss', 'teacherProbs', teacherProbs, { nonEmpty: false });
  checkTensor('distillationLoss', 'studentLogits', studentLogits, { nonEmpty: false });
  checkTensor('distillationLoss', 'labels', labels, { nonEmpty: false });
  const { temperature, alpha } = options;
  checkTemperature('distillationLoss', temperature, 'temperature', MAX_LOSS_TEMPERATURE);
  checkAlpha('distillationLoss', alpha);
  check(
    teacherProbs.shape.join() === studentLogits.shape.join(),
    'distillationLoss',
    'teacherProbs',
    teacherProbs.shape,
    `the shape of studentLogits [${studentLogits.shape}]`,
  );
  check(
    labels.shape.join() === studentLogits.shape.join(),
    'distillationLoss',
    'labels',
    labels.shape,
    `one-hot rows shaped like the logits [${studentLogits.shape}]`,
  );
  return tf.tidy(() => {
    const soft = tf.mul(softTargetKl(teacherProbs, studentLogits, temperature), alpha * temperature * temperature);
    const hard = tf.mul(tf.losses.softmaxCrossEntropy(labels, studentLogits), 1 - alpha);
    return tf.add(soft, hard) as tf.Scalar;
  });
}
