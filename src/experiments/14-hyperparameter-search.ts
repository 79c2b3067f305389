/**
 * One search run is one draw: its best-so-far curve depends on luck. Comparing methods fairly means
 * repeating each over several seeds on the same objective and budget and averaging the curves
 * (mean ± sd per trial). Cheap for a known test function; for a real objective keep each trial small
 * (the notebook's MNIST trial is two epochs on 800 digits).
 */
import { check, checkInt } from '../lib/errors';
import { Figure, lineChart } from '../lib';
import { meanSd, SearchMethod, SearchOptions, SearchResult, search, Params, Space } from '../lib/eval';

export { searchFrame, bestSoFarFigure, searchProgress } from './14-hyperparameter-search/search-report';

export interface SearchComparison {
  method: SearchMethod;
  /** Mean and sd over seeds of the best value after each trial. */
  mean: number[];
  sd: number[];
  /** Each seed's final best value. */
  finals: number[];
  /** Each seed's whole search (trials, best, curve), seed order. */
  results: SearchResult[];
}

/**
 * @example const cmp = await compare(f, space, { trials: 30, seeds: 10 }); show(comparisonFigure(cmp));
 */
export async function compare(
  objective: (p: Params, trial: number) => number | Promise<number>,
  space: Space,
  options: Omit<SearchOptions, 'seed' | 'onTrial'> & {
    seeds?: number;
    methods?: SearchMethod[];
    /** Called after each finished search (progress for slow objectives). */
    onSearch?: (result: SearchResult, seedIndex: number) => void;
  },
): Promise<SearchComparison[]> {
  const seeds = options.seeds ?? 5;
  checkInt('compareSearches', 'seeds', seeds, 1);
  const methods = options.methods ?? ['grid', 'random', 'bayesian'];
  check(methods.length > 0, 'compareSearches', 'methods', methods, 'at least one of "grid", "random", "bayesian"');
  const { seeds: _s, methods: _m, onSearch, ...searchOptions } = options;
  const out: SearchComparison[] = [];
  for (const method of methods) {
    const results: SearchResult[] = [];
    for (let s = 0; s < seeds; s++) {
      results.push(await search(method, objective, space, { ...searchOptions, seed: 1000 + s }));
      onSearch?.(results[s], s);
    }
    const curves = results.map((r) => r.bestSoFar);
    const stats = curves[0].map((_, t) => meanSd(curves.map((c) => c[t])));
    out.push({
      method,
      mean: stats.map((x) => x.mean),
      sd: stats.map((x) => x.sd),
      finals: curves.map((c) => c[c.length - 1]),
      results,
    });
  }
  return out;
}

/** Mean best-so-far per method with ± sd bars. */
export function comparisonFigure(
  comparison: SearchComparison[],
  options: { title?: string; yTitle?: string } = {},
): Figure {
  check(comparison.length > 0, 'comparisonFigure', 'comparison', '[]', 'the result of compareSearches');
  return lineChart(
    comparison.map((c) => ({ name: c.method, x: c.mean.map((_, i) => i + 1), y: c.mean, error: c.sd })),
    {
      title: options.title ?? 'Best value so far (mean ± sd over seeds)',
      xTitle: 'trial',
      yTitle: options.yTitle ?? 'objective',
    },
  );
}
