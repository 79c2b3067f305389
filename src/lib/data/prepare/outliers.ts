/**
 * Outliers by the IQR rule (outside [Q1 − k·IQR, Q3 + k·IQR], k = 1.5 by Tukey) or the z-score rule
 * (|x − mean| > k·sd, k = 3), with fences learnt on the training frame. `action: 'clip'` caps values at
 * the fences (keeps every row, "winsorising"); `action: 'drop'` removes rows with any outlying cell.
 * Missing cells are neither outliers nor counted in the fences.
 */
import { check, checkOneOf } from '../../errors';
import {
  DataFrame,
  checkColumns,
  checkFrame,
  frameColumns,
  frameFromColumns,
  isMissing,
  numericColumns,
  takeFrameRows,
} from './frame';
import { checkArray, checkFinite, checkNumber, checkObject } from '../../validate';
import { OptionsOf, defineOptions } from '../../define-options';

const OUTLIER_OPTIONS = defineOptions('OutlierFilter', {
  method: undefined as 'iqr' | 'zscore' | undefined,
  /** k: 1.5 (IQR) or 3 (z-score) by default. */
  threshold: undefined as number | undefined,
  action: undefined as 'clip' | 'drop' | undefined,
  columns: undefined as string[] | undefined,
});

export type OutlierOptions = OptionsOf<typeof OUTLIER_OPTIONS>;

/** The q-quantile with linear interpolation (numpy's default). */
export function quantile(sorted: number[], q: number): number {
  checkArray('quantile', 'sorted', sorted, { numbers: true });
  checkFinite('quantile', 'q', q, 0, 1);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * @example
 * const outliers = new OutlierFilter({ method: 'iqr', action: 'clip', columns: ['bodyChars'] }).fit(train);
 * const clipped = outliers.transform(train);
 */
export class OutlierFilter {
  readonly method: 'iqr' | 'zscore';
  readonly threshold: number;
  readonly action: 'clip' | 'drop';
  /** Per column: the [low, high] fences learnt by fit. */
  fences: Record<string, [number, number]> = {};
  private columns?: string[];

  constructor(options: OutlierOptions = {}) {
    options = OUTLIER_OPTIONS.read(options);
    this.method = options.method ?? 'iqr';
    checkOneOf('OutlierFilter', 'method', this.method, ['iqr', 'zscore'] as const);
    this.action = options.action ?? 'clip';
    checkOneOf('OutlierFilter', 'action', this.action, ['clip', 'drop'] as const);
    this.threshold = options.threshold ?? (this.method === 'iqr' ? 1.5 : 3);
    check(
      Number.isFinite(this.threshold) && this.threshold > 0,
      'OutlierFilter',
      'threshold',
      this.threshold,
      'a positive number',
    );
    this.columns = options.columns;
  }

  fit(df: DataFrame): this {
    checkObject('OutlierFilter.fit', 'df', df);
    const where = 'OutlierFilter.fit';
    checkFrame(where, df);
    const cols = checkColumns(where, df, this.columns ?? numericColumns(df));
    const values = frameColumns(df);
    this.fences = {};
    for (const c of cols) {
      const v = values[c].filter((x) => !isMissing(x)) as number[];
      check(
        v.length > 0 && v.every((x) => typeof x === 'number'),
        where,
        'columns',
        c,
        'numeric columns with at least one value',
      );
      if (this.method === 'iqr') {
        const s = v.slice().sort((a, b) => a - b);
        const q1 = quantile(s, 0.25);
        const q3 = quantile(s, 0.75);
        this.fences[c] = [q1 - this.threshold * (q3 - q1), q3 + this.threshold * (q3 - q1)];
      } else {
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length);
        this.fences[c] = [mean - this.threshold * sd, mean + this.threshold * sd];
      }
    }
    return this;
  }

  /** Per row: true where some fitted column lies outside its fences. */
  mask(df: DataFrame): boolean[] {
    checkObject('OutlierFilter.mask', 'df', df);
    check(
      Object.keys(this.fences).length > 0,
      'OutlierFilter.mask',
      'filter',
      'not fitted',
      'call fit(trainFrame) first',
    );
    checkColumns('OutlierFilter.mask', df, Object.keys(this.fences));
    const values = frameColumns(df);
    return Array.from({ length: df.shape[0] }, (_, i) =>
      Object.entries(this.fences).some(
        ([c, [lo, hi]]) => !isMissing(values[c][i]) && ((values[c][i] as number) < lo || (values[c][i] as number) > hi),
      ),
    );
  }

  transform(df: DataFrame): DataFrame {
    checkObject('OutlierFilter.transform', 'df', df);
    checkFrame('OutlierFilter.transform', df);
    const outlying = this.mask(df);
    if (this.action === 'drop')
      return takeFrameRows(
        df,
        outlying.flatMap((o, i) => (o ? [] : [i])),
      );
    const values = frameColumns(df);
    for (const [c, [lo, hi]] of Object.entries(this.fences))
      values[c] = values[c].map((v) => (isMissing(v) ? v : Math.min(hi, Math.max(lo, v as number))));
    return frameFromColumns(values, df.columns);
  }

  fitTransform(df: DataFrame): DataFrame {
    checkObject('OutlierFilter.fitTransform', 'df', df);
    return this.fit(df).transform(df);
  }
}
