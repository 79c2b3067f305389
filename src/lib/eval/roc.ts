/**
 * ROC curves and the area under them, as scikit-learn computes them (roc_curve, auc, roc_auc_score).
 *
 * Scores are sorted high → low; each distinct score is a threshold ("predict positive if score ≥ t").
 * The curve starts at (0, 0) with threshold +Infinity (sklearn ≥ 1.3). With `dropIntermediate`
 * (default true, as sklearn) points on a straight segment are removed — the area is unchanged.
 * A curve needs both classes in yTrue; with only one, TPR or FPR is 0/0, so we throw a WorkbookError
 * (sklearn warns and returns NaN for roc_curve, raises for roc_auc_score).
 */
import { check, checkOneOf } from '../errors';
import { LabelInput, ScoreInput, checkSameLength, toLabels, toScores } from './labels';
import { checkArray, checkObject } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/** Positive/negative counts at each distinct threshold (sklearn's _binary_clf_curve). */
function binaryCounts(isPositive: boolean[], score: number[]) {
  // Descending by score; stable so equal scores keep input order (only their totals matter).
  const order = score.map((_, i) => i).sort((a, b) => score[b] - score[a]);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  order.forEach((idx, k) => {
    if (isPositive[idx]) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || score[next] !== score[idx]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(score[idx]);
    }
  });
  return { tps, fps, thresholds };
}

const ROC_CURVE_OPTIONS = defineOptions('rocCurve', {
  posLabel: undefined as number | undefined,
  dropIntermediate: undefined as boolean | undefined,
});

/**
 * The ROC curve of binary labels against scores of the positive class.
 * @example rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 })
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(
  yTrue: LabelInput,
  scores: ArrayLike<number> | ScoreInput,
  options: OptionsOf<typeof ROC_CURVE_OPTIONS> = {},
): RocCurve {
  options = ROC_CURVE_OPTIONS.read(options);
  checkObject('rocCurve', 'yTrue', yTrue);
  checkObject('rocCurve', 'scores', scores);
  const where = 'rocCurve';
  const t = toLabels(yTrue, where, 'yTrue');
  const s = toScores(scores as ScoreInput, where, 'scores');
  check(
    s.columns === 1,
    where,
    'scores',
    `${s.columns} columns`,
    'one score per example (the positive class); use rocCurveOneVsRest for [N, K] scores',
  );
  checkSameLength(where, t, s.rows, ['yTrue', 'scores']);
  const pos = options.posLabel ?? 1;
  const distinct = new Set(t);
  check(
    distinct.size <= 2,
    where,
    'yTrue',
    `${distinct.size} classes`,
    'binary labels (use rocCurveOneVsRest for more classes)',
  );
  const isPositive = Array.from(t, (v) => v === pos);
  const nPos = isPositive.filter(Boolean).length;
  check(
    nPos > 0 && nPos < t.length,
    where,
    'yTrue',
    nPos === 0 ? `no example of posLabel ${pos}` : 'only positive examples',
    'both classes present (ROC is undefined with one class)',
  );
  let { tps, fps, thresholds } = binaryCounts(
    isPositive,
    s.rows.map((r) => r[0]),
  );
  if ((options.dropIntermediate ?? true) && tps.length > 2) {
    // Keep a point only where the second difference of fps or tps is non-zero (a corner).
    const keep = tps.map(
      (_, i) =>
        i === 0 ||
        i === tps.length - 1 ||
        fps[i - 1] - 2 * fps[i] + fps[i + 1] !== 0 ||
        tps[i - 1] - 2 * tps[i] + tps[i + 1] !== 0,
    );
    tps = tps.filter((_, i) => keep[i]);
    fps = fps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  const P = tps[tps.length - 1];
  const N = fps[fps.length - 1];
  return {
    fpr: [0, ...fps.map((v) => v / N)],
    tpr: [0, ...tps.map((v) => v / P)],
    thresholds: [Infinity, ...thresholds],
  };
}

/**
 * Area under a curve by the trapezoidal rule; x must be monotonic (either direction).
 * @example auc([0, 0.5, 1], [0, 1, 1]) // 0.75
 */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkArray('auc', 'x', x, { numbers: true });
  checkArray('auc', 'y', y, { numbers: true });
  checkArray('auc', 'x', x, { nonEmpty: false });
  checkArray('auc', 'y', y, { nonEmpty: false });
  check(x.length >= 2, 'auc', 'x', `${x.length} points`, 'at least 2 points');
  check(x.length === y.length, 'auc', 'y', `${y.length} points`, `as many as x (${x.length})`);
  let dir = 0;
  for (let i = 1; i < x.length; i++) {
    const d = Math.sign(x[i] - x[i - 1]);
    if (d !== 0) {
      check(dir === 0 || d === dir, 'auc', 'x', 'non-monotonic values', 'monotonic (increasing or decreasing) x');
      dir = d;
    }
  }
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return dir < 0 ? -area : area;
}

/** One ROC curve per class: class k against the rest, scored by column k. */
export function rocCurveOneVsRest(
  yTrue: LabelInput,
  scores: ScoreInput,
): (RocCurve & { auc: number; label: number })[] {
  checkObject('rocCurveOneVsRest', 'yTrue', yTrue);
  checkObject('rocCurveOneVsRest', 'scores', scores);
  const where = 'rocCurveOneVsRest';
  const t = toLabels(yTrue, where, 'yTrue');
  const s = toScores(scores, where, 'scores');
  checkSameLength(where, t, s.rows, ['yTrue', 'scores']);
  check(s.columns >= 2, where, 'scores', `${s.columns} column`, 'an [N, K] matrix with K ≥ 2 (one column per class)');
  t.forEach((v, i) =>
    check(v < s.columns, where, `yTrue[${i}]`, v, `a class in [0, ${s.columns - 1}] (one per score column)`),
  );
  return Array.from({ length: s.columns }, (_, k) => {
    const binary = Array.from(t, (v) => (v === k ? 1 : 0));
    const curve = rocCurve(
      binary,
      s.rows.map((r) => r[k]),
    );
    return { ...curve, auc: auc(curve.fpr, curve.tpr), label: k };
  });
}

const ROC_AUC_SCORE_OPTIONS = defineOptions('rocAucScore', {
  average: undefined as 'macro' | 'weighted' | undefined,
});

/**
 * ROC AUC: binary (scores of the positive class, [N]) or multiclass one-vs-rest ([N, K] scores),
 * averaged 'macro' (plain mean over classes) or 'weighted' (by prevalence), as sklearn's
 * roc_auc_score(multi_class='ovr'). Binary labels may be any two integers; as in sklearn the greater
 * one is the positive class (labels are non-negative integers: sklearn's -1/1 or string labels are not accepted), scored by [N] scores or column 1 of [N, 2] scores (sklearn accepts
 * only [N] for binary: the [N, 2] form is ours).
 * @example rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 */
export function rocAucScore(
  yTrue: LabelInput,
  scores: ScoreInput,
  options: OptionsOf<typeof ROC_AUC_SCORE_OPTIONS> = {},
): number {
  options = ROC_AUC_SCORE_OPTIONS.read(options);
  checkObject('rocAucScore', 'yTrue', yTrue);
  checkObject('rocAucScore', 'scores', scores);
  const where = 'rocAucScore';
  if (options.average !== undefined) checkOneOf(where, 'average', options.average, ['macro', 'weighted'] as const);
  const s = toScores(scores, where, 'scores');
  const t = toLabels(yTrue, where, 'yTrue');
  if (s.columns === 1 || s.columns === 2) {
    // As sklearn: any two labels; the positive class is the greater one (its scores are column 1 of [N, 2]).
    const distinct = [...new Set(t)].sort((a, b) => a - b);
    check(
      distinct.length === 2,
      where,
      'yTrue',
      `${distinct.length} class${distinct.length === 1 ? '' : 'es'}`,
      'exactly two classes for binary scores (ROC AUC is undefined with one class)',
    );
    const positive = s.rows.map((r) => r[r.length - 1]);
    const curve = rocCurve(t, positive, { posLabel: distinct[1] });
    return auc(curve.fpr, curve.tpr);
  }
  const curves = rocCurveOneVsRest(t, s.rows);
  if (options.average === 'weighted') {
    const counts = curves.map((c) => t.filter((v) => v === c.label).length);
    return curves.reduce((a, c, i) => a + c.auc * counts[i], 0) / t.length;
  }
  return curves.reduce((a, c) => a + c.auc, 0) / curves.length;
}
