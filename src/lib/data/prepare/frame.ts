/**
 * danfojs DataFrames, the tables users see. danfojs-node is installed with plain @tensorflow/tfjs in
 * place of tfjs-node (package.json overrides), so importing it shares our tfjs engine and leaves the
 * selected backend alone (a test checks both). Helpers here move between columns and frames.
 */
import * as dfd from 'danfojs-node';
import { check } from '../../errors';
import { checkArray, checkDataFrame, checkIndices, checkNumber, checkObject, checkString } from '../../validate';

export { dfd };
export type DataFrame = dfd.DataFrame;
export type Cell = number | string | boolean | null | undefined;

/** A missing cell: null, undefined, NaN or the empty string (what danfojs' isNa and pandas' isna treat as missing, plus ''). */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/** Checks `df` is a DataFrame with rows. */
export function checkFrame(where: string, df: unknown, allowEmpty = false): asserts df is DataFrame {
  check(df instanceof dfd.DataFrame, where, 'df', typeof df, 'a danfojs DataFrame');
  if (!allowEmpty) check((df as DataFrame).shape[0] > 0, where, 'df', 'an empty DataFrame', 'at least one row');
}

/** Checks every named column exists (default: all columns) and returns the list. */
export function checkColumns(
  where: string,
  df: DataFrame,
  columns: string[] | undefined,
  parameter = 'columns',
): string[] {
  checkDataFrame(where, 'df', df);
  const cols = columns ?? df.columns;
  check(Array.isArray(cols) && cols.length > 0, where, parameter, cols, 'a non-empty list of column names');
  cols.forEach((c) =>
    check(df.columns.includes(c), where, parameter, c, `a column of the DataFrame (${df.columns.join(', ')})`),
  );
  return cols;
}

/** The numeric columns (dtype float32 / int32). */
export function numericColumns(df: DataFrame): string[] {
  checkDataFrame('numericColumns', 'df', df);
  return df.columns.filter((_, i) => df.dtypes[i] === 'float32' || df.dtypes[i] === 'int32');
}

/** A column's values as a plain array. */
export function columnValues(df: DataFrame, name: string): Cell[] {
  checkDataFrame('columnValues', 'df', df);
  checkString('columnValues', 'name', name, false);
  checkColumns('columnValues', df, [name], 'name');
  return (df.column(name).values as Cell[]).slice();
}

/** Columns as a record of arrays. */
export function frameColumns(df: DataFrame): Record<string, Cell[]> {
  checkDataFrame('frameColumns', 'df', df);
  const out: Record<string, Cell[]> = {};
  df.columns.forEach((c) => (out[c] = columnValues(df, c)));
  return out;
}

/** A DataFrame from columns (in the given column order). */
export function frameFromColumns(columns: Record<string, Cell[]>, order: string[] = Object.keys(columns)): DataFrame {
  checkObject('frameFromColumns', 'columns', columns);
  if (order !== undefined) checkArray('frameFromColumns', 'order', order, { nonEmpty: false });
  check(order.length > 0, 'frameFromColumns', 'order', order, 'at least one column name');
  const n = columns[order[0]]?.length ?? 0;
  check(n > 0, 'frameFromColumns', 'columns', 'no rows', 'at least one row (the operation removed every row)');
  order.forEach((c) =>
    check(
      Array.isArray(columns[c]) && columns[c].length === n,
      'frameFromColumns',
      `columns.${String(c)}`,
      Array.isArray(columns[c]) ? `${columns[c].length} values` : columns[c],
      `an array of ${n} values (as long as the first column)`,
    ),
  );
  return new dfd.DataFrame(Object.fromEntries(order.map((c) => [c, columns[c]])), { columns: order });
}

/** The rows at `indices` (a new frame, index reset). */
export function takeFrameRows(df: DataFrame, indices: ArrayLike<number>): DataFrame {
  checkDataFrame('takeFrameRows', 'df', df);
  const cols = frameColumns(df);
  // a frame with no rows is refused, so an empty selection is an error about indices
  checkIndices('takeFrameRows', 'indices', indices, cols[df.columns[0]]?.length ?? 0, 'df');
  const picked: Record<string, Cell[]> = {};
  for (const c of df.columns) picked[c] = Array.from(indices, (i) => cols[c][i]);
  return frameFromColumns(picked, df.columns);
}

/** Rows as records (for showTable, JSON). */
export function frameRows(df: DataFrame): Record<string, Cell>[] {
  checkDataFrame('frameRows', 'df', df);
  const cols = frameColumns(df);
  return Array.from({ length: df.shape[0] }, (_, i) => Object.fromEntries(df.columns.map((c) => [c, cols[c][i]])));
}
