/**
 * Cleaning steps that need no fitting: duplicate rows, a count of missing cells per column, and
 * dropping rows with missing cells (pandas' drop_duplicates / isna().sum() / dropna).
 */
import { checkOneOf } from '../../errors';
import { quantile } from './outliers';
import { DataFrame, checkColumns, checkFrame, frameColumns, isMissing, numericColumns, takeFrameRows } from './frame';
import { checkArray, checkObject } from '../../validate';
import { OptionsOf, defineOptions } from '../../define-options';

const DROP_DUPLICATES_OPTIONS = defineOptions('dropDuplicates', {
  subset: undefined as string[] | undefined,
  keep: undefined as 'first' | 'last' | undefined,
});

/**
 * Removes rows equal to an earlier (keep 'first') or later (keep 'last') row on `subset` columns.
 * @example const unique = dropDuplicates(df, { subset: ['a', 'b'] });
 */
export function dropDuplicates(df: DataFrame, options: OptionsOf<typeof DROP_DUPLICATES_OPTIONS> = {}): DataFrame {
  options = DROP_DUPLICATES_OPTIONS.read(options);
  checkObject('dropDuplicates', 'df', df);
  checkFrame('dropDuplicates', df);
  const cols = checkColumns('dropDuplicates', df, options.subset, 'subset');
  const keep = options.keep ?? 'first';
  checkOneOf('dropDuplicates', 'keep', keep, ['first', 'last'] as const);
  const values = frameColumns(df);
  const n = df.shape[0];
  const seen = new Set<string>();
  const kept: number[] = [];
  const order = keep === 'first' ? [...Array(n).keys()] : [...Array(n).keys()].reverse();
  for (const i of order) {
    // NaN == NaN here, as in pandas' duplicated().
    const key = JSON.stringify(cols.map((c) => (isMissing(values[c][i]) ? null : values[c][i])));
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(i);
  }
  return takeFrameRows(
    df,
    kept.sort((a, b) => a - b),
  );
}

/** Missing cells per column, as rows { column, missing, percent } for a table. */
export function missingReport(df: DataFrame): { column: string; missing: number; percent: number }[] {
  checkObject('missingReport', 'df', df);
  checkFrame('missingReport', df);
  const values = frameColumns(df);
  return df.columns.map((c) => {
    const missing = values[c].filter(isMissing).length;
    return { column: c, missing, percent: (100 * missing) / df.shape[0] };
  });
}

const DROP_MISSING_OPTIONS = defineOptions('dropMissing', {
  subset: undefined as string[] | undefined,
});

/** Drops rows with a missing cell in any of `subset` (default: all columns). */
export function dropMissing(df: DataFrame, options: OptionsOf<typeof DROP_MISSING_OPTIONS> = {}): DataFrame {
  options = DROP_MISSING_OPTIONS.read(options);
  checkObject('dropMissing', 'df', df);
  checkFrame('dropMissing', df);
  const cols = checkColumns('dropMissing', df, options.subset, 'subset');
  const values = frameColumns(df);
  const kept = [...Array(df.shape[0]).keys()].filter((i) => cols.every((c) => !isMissing(values[c][i])));
  return takeFrameRows(df, kept);
}

/** pandas' describe() for numeric columns, one row per column: count, mean, sd, min, quartiles, max. */
export function describeColumns(df: DataFrame, columns?: string[]): Record<string, number | string>[] {
  checkObject('describeColumns', 'df', df);
  if (columns !== undefined) checkArray('describeColumns', 'columns', columns, { nonEmpty: false });
  checkFrame('describeColumns', df);
  const cols = checkColumns('describeColumns', df, columns ?? numericColumns(df));
  const values = frameColumns(df);
  return cols.map((c) => {
    const v = (values[c].filter((x) => !isMissing(x)) as number[]).sort((a, b) => a - b);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(v.length - 1, 1));
    return {
      column: c,
      count: v.length,
      mean,
      sd,
      min: v[0],
      '25%': quantile(v, 0.25),
      '50%': quantile(v, 0.5),
      '75%': quantile(v, 0.75),
      max: v[v.length - 1],
    };
  });
}
