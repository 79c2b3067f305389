/**
 * Accuracy, precision, recall and F-beta with scikit-learn's definitions.
 *
 * precision = tp / (tp + fp), recall = tp / (tp + fn), F-beta = (1+β²)·tp / ((1+β²)·tp + β²·fn + fp).
 * Zero division (a class never predicted → precision 0/0; never present → recall 0/0; both → F 0/0)
 * gives `zeroDivision`: 0, 1 or NaN; the default 'warn' behaves as 0 and prints a warning, exactly
 * like sklearn's default. Averages: 'macro' (plain mean over classes), 'weighted' (mean weighted by
 * support), 'micro' (global tp/fp/fn counts; equals accuracy for single-label multiclass), 'binary'
 * (the `posLabel` class only), 'none' (per-class arrays). As sklearn ≥ 1.3, a class scored NaN
 * (zeroDivision: NaN) is left out of macro/weighted averages. Deliberate differences: labels are
 * the integers 0..K-1 (numClasses adds absent ones), and `posLabel` defaults to 1.
 */
import { check, checkOneOf } from '../errors';
import { confusionMatrix } from './confusion';
import { LabelInput, checkSameLength, toLabels } from './labels';
import { checkObject } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export type Average = 'macro' | 'micro' | 'weighted' | 'binary' | 'none';
export type ZeroDivision = 0 | 1 | 'warn' | typeof NaN;

const PRF_OPTIONS = defineOptions('precisionRecallFscore', {
  average: undefined as Average | undefined,
  numClasses: undefined as number | undefined,
  zeroDivision: undefined as ZeroDivision | undefined,
  /** β of the F-score (1 → F1). */
  beta: undefined as number | undefined,
  /** The positive class for average 'binary' (default 1). */
  posLabel: undefined as number | undefined,
});

export type PrfOptions = OptionsOf<typeof PRF_OPTIONS>;

export interface PrfScores<T> {
  precision: T;
  recall: T;
  f: T;
  /** Examples of each class in yTrue (sum for averages). */
  support: T;
  labels: number[];
}

const ACCURACY_OPTIONS = defineOptions('accuracy', {
  normalize: undefined as boolean | undefined,
});

/**
 * Fraction of exact matches.
 * @example accuracy([0, 1, 2, 3], [0, 2, 1, 3]) // 0.5
 */
export function accuracy(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: OptionsOf<typeof ACCURACY_OPTIONS> = {},
): number {
  options = ACCURACY_OPTIONS.read(options);
  checkObject('accuracy', 'yTrue', yTrue);
  checkObject('accuracy', 'yPred', yPred);
  const t = toLabels(yTrue, 'accuracy', 'yTrue');
  const p = toLabels(yPred, 'accuracy', 'yPred');
  checkSameLength('accuracy', t, p);
  let hits = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hits++;
  return options.normalize === false ? hits : hits / t.length;
}

function validateOptions(where: string, o: PrfOptions): void {
  if (o.average !== undefined)
    checkOneOf(where, 'average', o.average, ['macro', 'micro', 'weighted', 'binary', 'none'] as const);
  if (o.zeroDivision !== undefined) {
    const zd = o.zeroDivision;
    check(zd === 0 || zd === 1 || zd === 'warn' || Number.isNaN(zd), where, 'zeroDivision', zd, '0, 1, NaN or "warn"');
  }
  if (o.beta !== undefined)
    check(
      typeof o.beta === 'number' && o.beta >= 0 && Number.isFinite(o.beta),
      where,
      'beta',
      o.beta,
      'a finite number ≥ 0',
    );
}

/** Per-class counts → precision/recall/F arrays with the zero-division rule applied. */
function perClass(where: string, yTrue: LabelInput, yPred: LabelInput, o: PrfOptions) {
  validateOptions(where, o);
  const t = toLabels(yTrue, where, 'yTrue');
  const p = toLabels(yPred, where, 'yPred');
  checkSameLength(where, t, p);
  const { matrix, labels } = confusionMatrix(t, p, { numClasses: o.numClasses });
  const tp = labels.map((_, i) => matrix[i][i]);
  const trueSum = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const predSum = labels.map((_, j) => matrix.reduce((a, r) => a + r[j], 0));
  return { labels, tp, trueSum, predSum };
}

/** Divides, returning the zero-division value (and noting a warning) when the denominator is 0. */
function divider(zeroDivision: ZeroDivision, where: string) {
  const warned = new Set<string>();
  const value = zeroDivision === 'warn' ? 0 : zeroDivision;
  const divide = (num: number, den: number, what: string) => {
    if (den !== 0) return num / den;
    if (zeroDivision === 'warn') warned.add(what);
    return value;
  };
  const flush = () => {
    if (warned.size)
      console.warn(
        `${where}: ${[...warned].join(', ')} ill-defined (0/0) for some labels; set to 0. Use zeroDivision to control this.`,
      );
  };
  return { divide, flush };
}

/**
 * sklearn ≥ 1.3's _nanaverage: classes whose score is NaN (zeroDivision: NaN) are left out of the
 * average; all NaN → NaN; weights that sum to 0 after that → the plain mean.
 */
function nanAverage(values: number[], weights: number[], d: ReturnType<typeof divider>): number {
  const kept = values.map((v, i) => [v, weights[i]]).filter(([v]) => !Number.isNaN(v));
  if (values.length === 0) return d.divide(0, 0, 'average');
  if (kept.length === 0) return NaN;
  const wsum = kept.reduce((a, [, w]) => a + w, 0);
  if (wsum === 0) return kept.reduce((a, [v]) => a + v, 0) / kept.length;
  return kept.reduce((a, [v, w]) => a + v * w, 0) / wsum;
}

function scores(tp: number, trueSum: number, predSum: number, beta2: number, d: ReturnType<typeof divider>) {
  return {
    precision: d.divide(tp, predSum, 'precision'),
    recall: d.divide(tp, trueSum, 'recall'),
    f: d.divide((1 + beta2) * tp, beta2 * trueSum + predSum, 'F-score'),
  };
}

/**
 * Precision, recall, F-beta and support, per class or averaged (sklearn's precision_recall_fscore_support).
 * @example precisionRecallFscore([0,1,2,0,1,2], [0,2,1,0,0,1], { average: 'macro' }).f // 0.2667
 */
export function precisionRecallFscore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: PrfOptions & { average: 'none' },
): PrfScores<number[]>;
export function precisionRecallFscore(yTrue: LabelInput, yPred: LabelInput, options?: PrfOptions): PrfScores<number>;
export function precisionRecallFscore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: PrfOptions = {},
): PrfScores<number> | PrfScores<number[]> {
  options = PRF_OPTIONS.read(options);
  checkObject('precisionRecallFscore', 'yTrue', yTrue);
  checkObject('precisionRecallFscore', 'yPred', yPred);
  const where = 'precisionRecallFscore';
  const { labels, tp, trueSum, predSum } = perClass(where, yTrue, yPred, options);
  const average = options.average ?? 'macro';
  const beta2 = (options.beta ?? 1) ** 2;
  const d = divider(options.zeroDivision ?? 'warn', where);
  const total = trueSum.reduce((a, b) => a + b, 0);
  try {
    if (average === 'micro') {
      const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
      return { ...scores(sum(tp), sum(trueSum), sum(predSum), beta2, d), support: total, labels };
    }
    if (average === 'binary') {
      const pos = options.posLabel ?? 1;
      check(
        labels.length <= 2,
        where,
        'average',
        'binary',
        `"binary" needs at most 2 classes (got ${labels.length}); use "macro", "micro" or "weighted"`,
      );
      const i = labels.indexOf(pos);
      // As sklearn: a posLabel absent from two present labels is an error; with one label present
      // the positive class simply has no examples and no predictions, so every score is 0/0.
      check(i >= 0 || labels.length < 2, where, 'posLabel', pos, `one of the labels present (${labels.join(', ')})`);
      if (i < 0) return { ...scores(0, 0, 0, beta2, d), support: 0, labels };
      return { ...scores(tp[i], trueSum[i], predSum[i], beta2, d), support: trueSum[i], labels };
    }
    const per = labels.map((_, i) => scores(tp[i], trueSum[i], predSum[i], beta2, d));
    const precision = per.map((s) => s.precision);
    const recall = per.map((s) => s.recall);
    const f = per.map((s) => s.f);
    if (average === 'none') return { precision, recall, f, support: trueSum, labels };
    const weights = average === 'weighted' ? trueSum : labels.map(() => 1);
    const mean = (a: number[]) => nanAverage(a, weights, d);
    return { precision: mean(precision), recall: mean(recall), f: mean(f), support: total, labels };
  } finally {
    d.flush();
  }
}

/** Precision (tp / predicted), averaged as `options.average` (default 'macro'). */
export function precision(yTrue: LabelInput, yPred: LabelInput, options: PrfOptions = {}): number {
  options = PRF_OPTIONS.read(options, 'precision');
  checkObject('precision', 'yTrue', yTrue);
  checkObject('precision', 'yPred', yPred);
  return precisionRecallFscore(yTrue, yPred, single('precision', options)).precision;
}

/** Recall (tp / actual), averaged as `options.average` (default 'macro'). */
export function recall(yTrue: LabelInput, yPred: LabelInput, options: PrfOptions = {}): number {
  options = PRF_OPTIONS.read(options, 'recall');
  checkObject('recall', 'yTrue', yTrue);
  checkObject('recall', 'yPred', yPred);
  return precisionRecallFscore(yTrue, yPred, single('recall', options)).recall;
}

/**
 * F1 (β = 1), averaged as `options.average` (default 'macro').
 * @example f1Score([0,1,2,0,1,2], [0,2,1,0,0,1], { average: 'micro' }) // 0.3333
 */
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: PrfOptions = {}): number {
  options = PRF_OPTIONS.read(options, 'f1Score');
  checkObject('f1Score', 'yTrue', yTrue);
  checkObject('f1Score', 'yPred', yPred);
  return precisionRecallFscore(yTrue, yPred, { ...single('f1Score', options), beta: 1 }).f;
}

/** The single-number functions refuse average 'none' (per-class arrays come from precisionRecallFscore). */
function single(where: string, options: PrfOptions): PrfOptions & { average: Exclude<Average, 'none'> } {
  check(
    options.average !== 'none',
    where,
    'average',
    'none',
    '"macro", "micro", "weighted" or "binary" (per-class values: precisionRecallFscore(..., { average: "none" }))',
  );
  return { ...options, average: (options.average ?? 'macro') as Exclude<Average, 'none'> };
}

export interface ReportRow {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

const CLASSIFICATION_REPORT_OPTIONS = defineOptions('classificationReport', {
  numClasses: undefined as number | undefined,
  names: undefined as string[] | undefined,
  zeroDivision: undefined as ZeroDivision | undefined,
});

/**
 * sklearn's classification_report as rows (one per class, then accuracy, macro avg, weighted avg),
 * ready for showTable or a DataFrame. `names` relabels the classes.
 */
export function classificationReport(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: OptionsOf<typeof CLASSIFICATION_REPORT_OPTIONS> = {},
): ReportRow[] {
  options = CLASSIFICATION_REPORT_OPTIONS.read(options);
  checkObject('classificationReport', 'yTrue', yTrue);
  checkObject('classificationReport', 'yPred', yPred);
  const base = { numClasses: options.numClasses, zeroDivision: options.zeroDivision };
  const per = precisionRecallFscore(yTrue, yPred, { ...base, average: 'none' });
  if (options.names)
    check(
      options.names.length >= per.labels.length,
      'classificationReport',
      'names',
      `${options.names.length} names`,
      `at least ${per.labels.length} (one per class)`,
    );
  const rows: ReportRow[] = per.labels.map((l, i) => ({
    class: options.names?.[l] ?? String(l),
    precision: per.precision[i],
    recall: per.recall[i],
    f1: per.f[i],
    support: per.support[i],
  }));
  const total = per.support.reduce((a, b) => a + b, 0);
  const acc = accuracy(yTrue, yPred);
  rows.push({ class: 'accuracy', precision: NaN, recall: NaN, f1: acc, support: total });
  for (const average of ['macro', 'weighted'] as const) {
    const s = precisionRecallFscore(yTrue, yPred, { ...base, average });
    rows.push({ class: `${average} avg`, precision: s.precision, recall: s.recall, f1: s.f, support: total });
  }
  return rows;
}
