/**
 * The cross-validation runner: for each fold, your function trains on the train indices and returns
 * scores on the test indices; we collect them per fold and summarise as mean ± sample standard
 * deviation (ddof = 1, what papers report; sklearn users often print np.std, ddof = 0).
 */
import { check } from '../errors';
import { checkArray, checkFunction, checkOptions } from '../validate';
import { Rng } from '../random';
import { LabelInput, toLabels } from './labels';
import { Split, indicesByClass } from './split';
import { kFold, stratifiedKFold } from './kfold';

export type FoldScores = Record<string, number>;

export interface CrossValidationResult {
  /** One entry per fold: its index, sizes and the scores your function returned. */
  folds: ({ fold: number; trainSize: number; testSize: number } & FoldScores)[];
  mean: FoldScores;
  sd: FoldScores;
}

export interface CrossValidateOptions {
  k?: number;
  /** Stratify by these labels (stratified k-fold); without them, plain k-fold over n. */
  labels?: LabelInput;
  /** Number of examples when no labels are given. */
  n?: number;
  seed?: number | Rng;
  /** Called after each fold (progress). */
  onFold?: (fold: number, scores: FoldScores) => void;
}

/** Mean and sample standard deviation (0 for a single value). */
export function meanSd(values: number[]): { mean: number; sd: number } {
  checkArray('meanSd', 'values', values, { numbers: true });
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

/**
 * Runs `runFold` on k folds and summarises its scores.
 * @example
 * const cv = await crossValidate(async ({ train, test }) => ({ accuracy: ... }), { labels, k: 5, seed: 1 });
 * cv.mean.accuracy, cv.sd.accuracy
 */
export async function crossValidate(
  runFold: (split: Split, fold: number) => FoldScores | Promise<FoldScores>,
  options: CrossValidateOptions,
): Promise<CrossValidationResult> {
  const where = 'crossValidate';
  check(typeof runFold === 'function', where, 'runFold', typeof runFold, 'a function (split, fold) → scores');
  check(options !== undefined, where, 'options', options, '{ labels } or { n } (and k, seed)');
  options = checkOptions(where, options, ['k', 'labels', 'n', 'seed', 'onFold']);
  if (options.onFold !== undefined) checkFunction(where, 'onFold', options.onFold);
  check(
    options.labels !== undefined || options.n !== undefined,
    where,
    'options',
    'neither labels nor n',
    'labels (stratified) or n (plain k-fold)',
  );
  const splits =
    options.labels !== undefined
      ? stratifiedKFold(options.labels, { k: options.k, seed: options.seed })
      : kFold(options.n!, { k: options.k, seed: options.seed });
  const folds: CrossValidationResult['folds'] = [];
  for (let f = 0; f < splits.length; f++) {
    const scores = await runFold(splits[f], f);
    check(
      scores !== null && typeof scores === 'object' && Object.values(scores).every((v) => typeof v === 'number'),
      where,
      'runFold result',
      typeof scores,
      'an object of numeric scores, e.g. { accuracy: 0.9 }',
    );
    folds.push({ fold: f, trainSize: splits[f].train.length, testSize: splits[f].test.length, ...scores });
    options.onFold?.(f, scores);
  }
  const names = Object.keys(folds[0]).filter((k) => !['fold', 'trainSize', 'testSize'].includes(k));
  const mean: FoldScores = {};
  const sd: FoldScores = {};
  for (const name of names) {
    const s = meanSd(folds.map((f) => f[name]));
    mean[name] = s.mean;
    sd[name] = s.sd;
  }
  return { folds, mean, sd };
}

/** Class counts of labels (for showing that stratification kept the ratios). */
export function classCounts(labels: LabelInput): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [label, idx] of indicesByClass(toLabels(labels, 'classCounts', 'labels'))) out[label] = idx.length;
  return out;
}
