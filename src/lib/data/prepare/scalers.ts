/**
 * Min-max normalisation and standardisation of numeric columns, fitted on the training frame and
 * applied unchanged to test (sklearn's MinMaxScaler / StandardScaler). Missing cells stay missing
 * and are ignored when fitting. A constant column scales to 0 (sklearn uses scale 1 there too).
 * danfojs has scalers too, but they scale every column (labels included) and stumble on NaN.
 */
import { check } from '../../errors';
import {
  DataFrame,
  checkColumns,
  checkFrame,
  frameColumns,
  frameFromColumns,
  isMissing,
  numericColumns,
} from './frame';
import { checkOptions } from '../../validate';

abstract class ColumnScaler {
  /** Per column: value ↦ (value − shift) / scale. */
  params: Record<string, { shift: number; scale: number }> = {};
  constructor(
    protected readonly name: string,
    private columns?: string[],
  ) {}

  protected abstract stats(values: number[]): { shift: number; scale: number };

  fit(df: DataFrame): this {
    const where = `${this.name}.fit`;
    checkFrame(where, df);
    const cols = checkColumns(where, df, this.columns ?? numericColumns(df));
    const values = frameColumns(df);
    this.params = {};
    for (const c of cols) {
      const present = values[c].filter((v) => !isMissing(v));
      check(
        present.length > 0 && present.every((v) => typeof v === 'number'),
        where,
        'columns',
        c,
        'numeric columns with at least one value',
      );
      const s = this.stats(present as number[]);
      this.params[c] = { shift: s.shift, scale: s.scale === 0 ? 1 : s.scale };
    }
    return this;
  }

  transform(df: DataFrame): DataFrame {
    return this.apply(df, 'transform', (v, p) => (v - p.shift) / p.scale);
  }

  inverseTransform(df: DataFrame): DataFrame {
    return this.apply(df, 'inverseTransform', (v, p) => v * p.scale + p.shift);
  }

  fitTransform(df: DataFrame): DataFrame {
    return this.fit(df).transform(df);
  }

  private apply(df: DataFrame, what: string, f: (v: number, p: { shift: number; scale: number }) => number): DataFrame {
    const where = `${this.name}.${what}`;
    checkFrame(where, df);
    check(Object.keys(this.params).length > 0, where, 'scaler', 'not fitted', 'call fit(trainFrame) first');
    checkColumns(where, df, Object.keys(this.params));
    const values = frameColumns(df);
    for (const [c, p] of Object.entries(this.params))
      values[c] = values[c].map((v) => (isMissing(v) ? v : f(v as number, p)));
    return frameFromColumns(values, df.columns);
  }
}

/**
 * Scales each column to [0, 1] using the training min and max (test values may fall outside).
 * @example const scaler = new MinMaxScaler({ columns: ['age'] }).fit(train); scaler.transform(test);
 */
export class MinMaxScaler extends ColumnScaler {
  constructor(options: { columns?: string[] } = {}) {
    super('MinMaxScaler', (options = checkOptions('MinMaxScaler', options, ['columns'])).columns);
  }
  protected stats(values: number[]) {
    const min = values.reduce((a, b) => Math.min(a, b), Infinity);
    return { shift: min, scale: values.reduce((a, b) => Math.max(a, b), -Infinity) - min };
  }
}

/**
 * Centres each column on the training mean and divides by the training (population) standard deviation.
 * @example const scaler = new StandardScaler().fit(train); scaler.transform(test);
 */
export class StandardScaler extends ColumnScaler {
  constructor(options: { columns?: string[] } = {}) {
    super('StandardScaler', (options = checkOptions('StandardScaler', options, ['columns'])).columns);
  }
  protected stats(values: number[]) {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return { shift: mean, scale: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) };
  }
}
