/** Search results the way Optuna shows them: a trials table (DataFrame) and the optimisation history. */
import { check } from '../errors';
import { Figure, lineChart } from '../plot/figures';
import { DataFrame, frameFromColumns } from '../data/prepare/frame';
import { SearchResult } from './search';

/**
 * One row per trial: number, each parameter, value, best so far and seconds.
 * @example showFrame(searchFrame(result), 'Trials');
 */
export function searchFrame(result: SearchResult): DataFrame {
  check(result?.trials?.length > 0, 'searchFrame', 'result', 'no trials', 'a SearchResult with at least one trial');
  const names = Object.keys(result.trials[0].params);
  const columns: Record<string, (number | string)[]> = { trial: result.trials.map((t) => t.number) };
  // Booleans become strings so danfojs keeps one dtype per column.
  for (const n of names) columns[n] = result.trials.map((t) => (typeof t.params[n] === 'boolean' ? String(t.params[n]) : (t.params[n] as number | string)));
  columns.value = result.trials.map((t) => t.value);
  columns.bestSoFar = result.bestSoFar;
  columns.seconds = result.trials.map((t) => t.seconds);
  return frameFromColumns(columns);
}

/** Best value so far against trial number, one line per search (compare methods on one budget). */
export function bestSoFarFigure(results: SearchResult[], options: { title?: string; yTitle?: string } = {}): Figure {
  check(Array.isArray(results) && results.length > 0, 'bestSoFarFigure', 'results', results, 'a non-empty array of SearchResults');
  return lineChart(results.map((r) => ({ name: r.method, x: r.bestSoFar.map((_, i) => i + 1), y: r.bestSoFar })), {
    title: options.title ?? 'Best value so far', xTitle: 'trial', yTitle: options.yTitle ?? 'objective',
  });
}
