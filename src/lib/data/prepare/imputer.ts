/**
 * Filling missing cells with a statistic learnt on the training frame only (sklearn's SimpleImputer):
 * mean or median for numeric columns, the most frequent value (mode) for any column, or a constant.
 * Fit on train, then transform train and test with the same numbers — fitting on test would leak.
 */
import { check, checkOneOf } from '../../errors';
import {
  Cell,
  DataFrame,
  checkColumns,
  checkFrame,
  frameColumns,
  frameFromColumns,
  isMissing,
  numericColumns,
} from './frame';
import { checkArray, checkObject } from '../../validate';
import { OptionsOf, defineOptions } from '../../define-options';

export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant';

const IMPUTER_OPTIONS = defineOptions('SimpleImputer', {
  strategy: undefined as ImputeStrategy | undefined,
  /** Columns to fill (default: numeric columns for mean/median, all columns otherwise). */
  columns: undefined as string[] | undefined,
  /** The value for strategy 'constant'. */
  fillValue: undefined as Cell | undefined,
});

export type ImputerOptions = OptionsOf<typeof IMPUTER_OPTIONS>;

/** Median of sorted numbers (mean of the middle two for even counts, as numpy). */
export function median(values: number[]): number {
  checkArray('median', 'values', values, { numbers: true }); // the median of nothing is undefined, not NaN
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * @example
 * const imputer = new SimpleImputer({ strategy: 'median' }).fit(train);
 * const trainFilled = imputer.transform(train), testFilled = imputer.transform(test);
 */
export class SimpleImputer {
  readonly strategy: ImputeStrategy;
  /** The fill value per column, learnt by fit. */
  statistics: Record<string, Cell> = {};
  private columns?: string[];
  private fillValue: Cell;

  constructor(options: ImputerOptions = {}) {
    options = IMPUTER_OPTIONS.read(options);
    this.strategy = options.strategy ?? 'mean';
    checkOneOf('SimpleImputer', 'strategy', this.strategy, ['mean', 'median', 'mostFrequent', 'constant'] as const);
    if (this.strategy === 'constant')
      check(
        !isMissing(options.fillValue),
        'SimpleImputer',
        'fillValue',
        options.fillValue,
        'a value (strategy "constant")',
      );
    this.columns = options.columns;
    this.fillValue = options.fillValue;
  }

  fit(df: DataFrame): this {
    checkObject('SimpleImputer.fit', 'df', df);
    const where = 'SimpleImputer.fit';
    checkFrame(where, df);
    const numericOnly = this.strategy === 'mean' || this.strategy === 'median';
    const cols = checkColumns(where, df, this.columns ?? (numericOnly ? numericColumns(df) : df.columns));
    const values = frameColumns(df);
    this.statistics = {};
    for (const c of cols) {
      const present = values[c].filter((v) => !isMissing(v));
      if (numericOnly)
        check(
          present.every((v) => typeof v === 'number'),
          where,
          'columns',
          c,
          `numeric columns for strategy "${this.strategy}" (use "mostFrequent" for text)`,
        );
      check(
        present.length > 0 || this.strategy === 'constant',
        where,
        'columns',
        c,
        'a column with at least one value to learn from',
      );
      const nums = present as number[];
      this.statistics[c] =
        this.strategy === 'mean'
          ? nums.reduce((a, b) => a + b, 0) / nums.length
          : this.strategy === 'median'
            ? median(nums)
            : this.strategy === 'constant'
              ? this.fillValue
              : mode(present);
    }
    return this;
  }

  transform(df: DataFrame): DataFrame {
    checkObject('SimpleImputer.transform', 'df', df);
    const where = 'SimpleImputer.transform';
    checkFrame(where, df);
    check(Object.keys(this.statistics).length > 0, where, 'imputer', 'not fitted', 'call fit(trainFrame) first');
    checkColumns(where, df, Object.keys(this.statistics));
    const values = frameColumns(df);
    for (const [c, fill] of Object.entries(this.statistics))
      values[c] = values[c].map((v) => (isMissing(v) ? fill : v));
    return frameFromColumns(values, df.columns);
  }

  fitTransform(df: DataFrame): DataFrame {
    checkObject('SimpleImputer.fitTransform', 'df', df);
    return this.fit(df).transform(df);
  }
}

/** Most frequent value; ties go to the smallest value (sklearn's rule). */
function mode(values: Cell[]): Cell {
  const counts = new Map<Cell, number>();
  values.forEach((v) => counts.set(v, (counts.get(v) ?? 0) + 1));
  const top = Math.max(...counts.values());
  const tied = [...counts.entries()].filter(([, n]) => n === top).map(([v]) => v);
  return tied.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  )[0];
}
