/**
 * Cleaning steps that need no fitting: duplicate rows, a count of missing cells per column, and
 * dropping rows with missing cells (pandas' drop_duplicates / isna().sum() / dropna).
 */
import { checkOneOf } from '../../errors';
import { DataFrame, checkColumns, checkFrame, frameColumns, isMissing, takeFrameRows } from './frame';

/**
 * Removes rows equal to an earlier (keep 'first') or later (keep 'last') row on `subset` columns.
 * @example const unique = dropDuplicates(df, { subset: ['a', 'b'] });
 */
export function dropDuplicates(df: DataFrame, options: { subset?: string[]; keep?: 'first' | 'last' } = {}): DataFrame {
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
  return takeFrameRows(df, kept.sort((a, b) => a - b));
}

/** Missing cells per column, as rows { column, missing, percent } for a table. */
export function missingReport(df: DataFrame): { column: string; missing: number; percent: number }[] {
  checkFrame('missingReport', df);
  const values = frameColumns(df);
  return df.columns.map((c) => {
    const missing = values[c].filter(isMissing).length;
    return { column: c, missing, percent: (100 * missing) / df.shape[0] };
  });
}

/** Drops rows with a missing cell in any of `subset` (default: all columns). */
export function dropMissing(df: DataFrame, options: { subset?: string[] } = {}): DataFrame {
  checkFrame('dropMissing', df);
  const cols = checkColumns('dropMissing', df, options.subset, 'subset');
  const values = frameColumns(df);
  const kept = [...Array(df.shape[0]).keys()].filter((i) => cols.every((c) => !isMissing(values[c][i])));
  return takeFrameRows(df, kept);
}
