/**
 * Log loss (cross-entropy) of predicted probabilities, as sklearn's log_loss (1.2): each probability
 * is clipped to [eps, 1 - eps] ([N] scores: p is clipped, then the row is [1 − p, p]), each row
 * renormalised to sum to 1, then −mean(log p[true class]). Deliberate differences: labels are
 * column indices 0..K-1, so y_true needs no second class present; eps defaults to sklearn 1.2's
 * 1e-15 (sklearn ≥ 1.5 clips at float64 machine epsilon and no longer renormalises).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { LabelInput, ScoreInput, checkSameLength, toLabels, toScores } from './labels';
import { checkObject, checkTensor } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const LOG_LOSS_OPTIONS = defineOptions('logLoss', {
  /** Clip probabilities to [eps, 1-eps] (default 1e-15, sklearn's long-standing value). */
  eps: undefined as number | undefined,
  /** Scores are logits: apply softmax (or sigmoid for [N]) first. */
  fromLogits: undefined as boolean | undefined,
});

export type LogLossOptions = OptionsOf<typeof LOG_LOSS_OPTIONS>;

/**
 * Mean negative log-likelihood of the true classes. [N] scores are P(class 1) of a binary problem.
 * @example logLoss([1, 0, 0, 1], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) // 0.21616
 */
export function logLoss(yTrue: LabelInput, probabilities: ScoreInput, options: LogLossOptions = {}): number {
  options = LOG_LOSS_OPTIONS.read(options);
  checkObject('logLoss', 'yTrue', yTrue);
  checkObject('logLoss', 'probabilities', probabilities);
  const where = 'logLoss';
  const eps = options.eps ?? 1e-15;
  check(eps > 0 && eps < 0.5, where, 'eps', eps, 'a number in (0, 0.5)');
  const t = toLabels(yTrue, where, 'yTrue');
  let { rows, columns } = toScores(probabilities, where, 'probabilities');
  checkSameLength(where, t, rows, ['yTrue', 'probabilities']);
  if (options.fromLogits) {
    rows = rows.map((r) => {
      if (columns === 1) return Float64Array.of(1 / (1 + Math.exp(-r[0])));
      const m = Math.max(...r);
      const e = r.map((v) => Math.exp(v - m));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / z);
    });
  }
  rows.forEach((r, i) =>
    r.forEach((v) =>
      check(
        Number.isFinite(v) && v >= 0,
        where,
        `probabilities[${i}]`,
        v,
        'finite non-negative probabilities (pass fromLogits: true for logits)',
      ),
    ),
  );
  // As sklearn: clip first, then (for [N] scores) form the [1 − p, p] pair from the clipped p.
  const clip = (v: number) => Math.min(Math.max(v, eps), 1 - eps);
  rows = columns === 1 ? rows.map((r) => Float64Array.of(1 - clip(r[0]), clip(r[0]))) : rows.map((r) => r.map(clip));
  const k = rows[0].length;
  let total = 0;
  rows.forEach((clipped, i) => {
    check(t[i] < k, where, `yTrue[${i}]`, t[i], `a class in [0, ${k - 1}] (one per probability column)`);
    const z = clipped.reduce((a, b) => a + b, 0);
    total -= Math.log(clipped[t[i]] / z);
  });
  return total / t.length;
}

/** Softmax probabilities of a model's logits as a plain [N, K] array (for metrics and tables). */
export function softmaxRows(logits: tf.Tensor2D): number[][] {
  checkTensor('softmaxRows', 'logits', logits, { nonEmpty: false });
  const p = tf.softmax(logits);
  const rows = p.arraySync() as number[][];
  p.dispose();
  return rows;
}
