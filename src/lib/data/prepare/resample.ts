/**
 * Rebalancing classes on the training frame (imbalanced-learn's RandomOverSampler /
 * RandomUnderSampler): duplicate random minority rows until every class has as many rows as the
 * largest, or keep a random subset of every class as large as the smallest. Seeded. Resample the
 * training split only — a resampled test set no longer measures the real class mix.
 */
import { check } from '../../errors';
import { Rng, toRng } from '../../random';
import { DataFrame, checkColumns, checkFrame, columnValues, isMissing, takeFrameRows } from './frame';
import { checkObject, checkString } from '../../validate';
import { OptionsOf, defineOptions } from '../../define-options';

/** Row indices per class value of `labelColumn`. */
export function rowsByClass(df: DataFrame, labelColumn: string, where: string): Map<string, number[]> {
  checkObject('rowsByClass', 'df', df);
  checkString('rowsByClass', 'labelColumn', labelColumn, false);
  checkString('rowsByClass', 'where', where, false);
  checkFrame(where, df);
  checkColumns(where, df, [labelColumn], 'labelColumn');
  const groups = new Map<string, number[]>();
  columnValues(df, labelColumn).forEach((v, i) => {
    check(!isMissing(v), where, `${labelColumn}[${i}]`, v, 'a label (drop or fill missing labels first)');
    const key = String(v);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(i);
  });
  return groups;
}

const RANDOM_OVERSAMPLE_OPTIONS = defineOptions('randomOversample', {
  seed: undefined as number | Rng | undefined,
});

/**
 * Random oversampling: minority rows drawn with replacement up to the majority count.
 * @example const balanced = randomOversample(train, 'spam', { seed: 1 });
 */
export function randomOversample(
  df: DataFrame,
  labelColumn: string,
  options: OptionsOf<typeof RANDOM_OVERSAMPLE_OPTIONS> = {},
): DataFrame {
  options = RANDOM_OVERSAMPLE_OPTIONS.read(options);
  checkObject('randomOversample', 'df', df);
  checkString('randomOversample', 'labelColumn', labelColumn, false);
  const groups = rowsByClass(df, labelColumn, 'randomOversample');
  const r = toRng(options.seed);
  const target = Math.max(...[...groups.values()].map((g) => g.length));
  const rows: number[] = [];
  for (const g of groups.values()) {
    rows.push(...g);
    for (let i = g.length; i < target; i++) rows.push(g[r.int(0, g.length - 1)]);
  }
  return takeFrameRows(df, rows);
}

const RANDOM_UNDERSAMPLE_OPTIONS = defineOptions('randomUndersample', {
  seed: undefined as number | Rng | undefined,
});

/**
 * Random undersampling: every class cut to the minority count, rows drawn without replacement.
 * @example const balanced = randomUndersample(train, 'spam', { seed: 1 });
 */
export function randomUndersample(
  df: DataFrame,
  labelColumn: string,
  options: OptionsOf<typeof RANDOM_UNDERSAMPLE_OPTIONS> = {},
): DataFrame {
  options = RANDOM_UNDERSAMPLE_OPTIONS.read(options);
  checkObject('randomUndersample', 'df', df);
  checkString('randomUndersample', 'labelColumn', labelColumn, false);
  const groups = rowsByClass(df, labelColumn, 'randomUndersample');
  const r = toRng(options.seed);
  const target = Math.min(...[...groups.values()].map((g) => g.length));
  const rows: number[] = [];
  for (const g of groups.values()) rows.push(...r.shuffle(g).slice(0, target));
  return takeFrameRows(
    df,
    rows.sort((a, b) => a - b),
  );
}
