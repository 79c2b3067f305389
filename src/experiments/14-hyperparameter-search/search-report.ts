/** Search results the way Optuna shows them: a trials table (DataFrame) and the optimisation history. */
import { check } from '../../lib/errors';
import { Figure, lineChart, inNotebook, liveFigure } from '../../lib';
import { DataFrame, frameFromColumns } from '../../lib/data/prepare';
import { SearchResult, Trial } from '../../lib/eval';

/**
 * One row per trial: number, each parameter, value, best so far and seconds.
 * @example showFrame(searchFrame(result), 'Trials');
 */
export function searchFrame(result: SearchResult): DataFrame {
  check(result?.trials?.length > 0, 'searchFrame', 'result', 'no trials', 'a SearchResult with at least one trial');
  const names = Object.keys(result.trials[0].params);
  const columns: Record<string, (number | string)[]> = { trial: result.trials.map((t) => t.number) };
  // Booleans become strings so danfojs keeps one dtype per column.
  for (const n of names)
    columns[n] = result.trials.map((t) =>
      typeof t.params[n] === 'boolean' ? String(t.params[n]) : (t.params[n] as number | string),
    );
  columns.value = result.trials.map((t) => t.value);
  columns.bestSoFar = result.bestSoFar;
  columns.seconds = result.trials.map((t) => t.seconds);
  return frameFromColumns(columns);
}

/** Best value so far against trial number, one line per search (compare methods on one budget). */
export function bestSoFarFigure(results: SearchResult[], options: { title?: string; yTitle?: string } = {}): Figure {
  check(
    Array.isArray(results) && results.length > 0,
    'bestSoFarFigure',
    'results',
    results,
    'a non-empty array of SearchResults',
  );
  return lineChart(
    results.map((r) => ({ name: r.method, x: r.bestSoFar.map((_, i) => i + 1), y: r.bestSoFar })),
    {
      title: options.title ?? 'Best value so far',
      xTitle: 'trial',
      yTitle: options.yTitle ?? 'objective',
    },
  );
}

/**
 * A progress display for searches (pass as `onTrial`): in a notebook one live chart of best-so-far
 * values, redrawn after each trial (earlier searches given in `previous` stay on it); in a terminal a
 * one-line counter.
 * @example await randomSearch(objective, space, { trials: 20, onTrial: searchProgress('random', 20) });
 */
export function searchProgress(
  method: string,
  trials: number,
  previous: SearchResult[] = [],
): (trial: Trial, best: Trial) => void {
  const live = liveFigure();
  const notebook = inNotebook();
  const bestSoFar: number[] = [];
  return (trial, best) => {
    bestSoFar.push(best.value);
    const line = `${method}: trial ${trial.number + 1}/${trials}, value ${trial.value.toPrecision(4)}, best so far ${best.value.toPrecision(4)}`;
    if (!notebook) {
      process.stdout.write(`\r${line}${trial.number + 1 === trials ? '\n' : ''}`);
      return;
    }
    const current = { method, direction: 'maximize', trials: [], best, bestSoFar } as unknown as SearchResult;
    live.update(
      bestSoFarFigure([...previous, current], { title: 'Best value so far' }),
      `<pre style="margin:0">${line}</pre>`,
    );
  };
}
