/**
 * One search run is one draw: its best-so-far curve depends on luck. Comparing methods fairly means
 * repeating each over several seeds on the same objective and budget and averaging the curves
 * (mean ± sd per trial) — cheap for a known test function, which is where this is meant to be used.
 */
import { check, checkInt } from '../lib/errors';
import { Figure, lineChart } from '../lib';
import { meanSd, SearchMethod, SearchOptions, search, Params, Space } from '../lib/eval';

export { searchFrame, bestSoFarFigure, searchProgress } from './14-hyperparameter-search/search-report';

export interface SearchComparison {
  method: SearchMethod;
  /** Mean and sd over seeds of the best value after each trial. */
  mean: number[];
  sd: number[];
  /** Each seed's final best value. */
  finals: number[];
}

/**
 * @example const cmp = await compareSearches(f, space, { trials: 30, seeds: 10 }); show(comparisonFigure(cmp));
 */
export async function compareSearches(
  objective: (p: Params, trial: number) => number | Promise<number>,
  space: Space,
  options: Omit<SearchOptions, 'seed' | 'onTrial'> & { seeds?: number; methods?: SearchMethod[] },
): Promise<SearchComparison[]> {
  const seeds = options.seeds ?? 5;
  checkInt('compareSearches', 'seeds', seeds, 1);
  const methods = options.methods ?? ['grid', 'random', 'bayesian'];
  check(methods.length > 0, 'compareSearches', 'methods', methods, 'at least one of "grid", "random", "bayesian"');
  const { seeds: _s, methods: _m, ...searchOptions } = options;
  const out: SearchComparison[] = [];
  for (const method of methods) {
    const curves: number[][] = [];
    for (let s = 0; s < seeds; s++) curves.push((await search(method, objective, space, { ...searchOptions, seed: 1000 + s })).bestSoFar);
    const stats = curves[0].map((_, t) => meanSd(curves.map((c) => c[t])));
    out.push({ method, mean: stats.map((x) => x.mean), sd: stats.map((x) => x.sd), finals: curves.map((c) => c[c.length - 1]) });
  }
  return out;
}

/** Mean best-so-far per method with ± sd bars. */
export function comparisonFigure(comparison: SearchComparison[], options: { title?: string; yTitle?: string } = {}): Figure {
  check(comparison.length > 0, 'comparisonFigure', 'comparison', '[]', 'the result of compareSearches');
  return lineChart(comparison.map((c) => ({ name: c.method, x: c.mean.map((_, i) => i + 1), y: c.mean, error: c.sd })), {
    title: options.title ?? 'Best value so far (mean ± sd over seeds)', xTitle: 'trial', yTitle: options.yTitle ?? 'objective',
  });
}
