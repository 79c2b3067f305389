/** A DataFrame shown as a table: the plotting side of data/prepare (which never imports plot). */
import { DataFrame, frameRows, isMissing } from '../data/prepare/frame';
import { showTable } from './show';

/** Shows the first `maxRows` rows of a frame as a table (HTML in a notebook, text in a terminal). */
export function showFrame(df: DataFrame, title?: string, maxRows = 10): void {
  const rows = frameRows(df).slice(0, maxRows);
  const heading = title
    ? `${title} (${df.shape[0]} rows × ${df.shape[1]} columns${df.shape[0] > maxRows ? `, first ${maxRows} shown` : ''})`
    : undefined;
  showTable(
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, isMissing(v) ? 'NaN' : v]))),
    heading,
  );
}
