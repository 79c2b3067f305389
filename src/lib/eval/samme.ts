/**
 * One round of SAMME (Zhu, Zou, Rosset & Hastie 2009, "Multi-class AdaBoost"), the multi-class
 * AdaBoost of scikit-learn's AdaBoostClassifier(algorithm='SAMME'), as a pure function so the
 * update can be tested against the formula:
 *   error = Σ wᵢ·missᵢ / Σ wᵢ
 *   alpha = learningRate · (log((1 − error) / error) + log(K − 1))
 *   wᵢ ← wᵢ · exp(alpha · missᵢ), then normalised to sum 1.
 * The log(K − 1) term is what makes it multi-class: a learner only has to beat chance (1 − 1/K),
 * not 50 % accuracy, to get a positive weight.
 */
import { check, checkInt, checkRange } from '../errors';
import { checkArray } from '../validate';

export interface SammeRound {
  /** Weighted error of the learner, in [0, 1]. */
  error: number;
  /** The learner's vote weight (0 when it is no better than chance, sklearn's convention: it is discarded). */
  alpha: number;
  /** The next round's sample weights (sum 1). */
  weights: Float64Array;
  /** False when the learner is no better than chance (error ≥ 1 − 1/K): boosting stops. */
  useful: boolean;
  /** True when the learner made no weighted mistake: boosting stops, nothing is left to reweigh. */
  perfect: boolean;
}

/**
 * The SAMME update for sample weights `weights` and the learner's mistakes `misses` (1/true = wrong).
 * @example const { alpha, weights } = sammeUpdate([0.25, 0.25, 0.25, 0.25], [0, 1, 0, 0], 3);
 */
export function sammeUpdate(
  weights: ArrayLike<number>,
  misses: ArrayLike<number | boolean>,
  numClasses: number,
  learningRate = 1,
): SammeRound {
  const where = 'sammeUpdate';
  checkArray(where, 'weights', weights);
  checkArray(where, 'misses', misses);
  const n = weights.length;
  check(n > 0, where, 'weights', '[]', 'at least one sample weight');
  check(misses.length === n, where, 'misses', `${misses.length} entries`, `one per weight (${n})`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    check(typeof w === 'number' && Number.isFinite(w) && w >= 0, where, `weights[${i}]`, w, 'a finite number ≥ 0');
    const m = misses[i];
    check(m === 0 || m === 1 || m === true || m === false, where, `misses[${i}]`, m, '0, 1, true or false');
    total += w;
  }
  check(total > 0, where, 'weights', 'all zero', 'at least one positive weight');
  checkInt(where, 'numClasses', numClasses, 2, 1e6);
  checkRange(where, 'learningRate', learningRate, 1e-9, 1e3);
  let wrong = 0;
  for (let i = 0; i < n; i++) if (misses[i]) wrong += weights[i];
  const error = wrong / total;
  const normalised = Float64Array.from(weights as ArrayLike<number>, (w) => w / total);
  if (error <= 0) return { error: 0, alpha: 1, weights: normalised, useful: true, perfect: true };
  if (error >= 1 - 1 / numClasses) return { error, alpha: 0, weights: normalised, useful: false, perfect: false };
  const alpha = learningRate * (Math.log((1 - error) / error) + Math.log(numClasses - 1));
  const next = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += next[i] = normalised[i] * (misses[i] ? Math.exp(alpha) : 1);
  for (let i = 0; i < n; i++) next[i] /= sum;
  return { error, alpha, weights: next, useful: true, perfect: false };
}
