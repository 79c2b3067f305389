/**
 * Hyperparameter search on a trial budget: grid, random and Bayesian (Gaussian process + expected
 * improvement), all through one loop so they are compared on equal terms. The objective is any
 * (async) function of the parameters returning a number, e.g. validation accuracy after a short `fit`.
 * Every method is seeded: the same seed proposes the same trials.
 */
import { check, checkInt, checkOneOf } from '../errors';
import { Rng, toRng } from '../random';
import { Params, Space, encodeParams, gridParams, numericDims, sampleParams, validateSpace } from './space';
import { expectedImprovement, fitGaussianProcess } from './gaussian-process';
import { checkFunction, checkObject, checkString } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

export type SearchMethod = 'grid' | 'random' | 'bayesian';

export interface Trial {
  number: number;
  params: Params;
  value: number;
  seconds: number;
}

export interface SearchResult {
  method: SearchMethod;
  direction: 'maximize' | 'minimize';
  trials: Trial[];
  best: Trial;
  /** The best value after each trial (Optuna's optimisation-history line). */
  bestSoFar: number[];
}

const SEARCH_OPTIONS = defineOptions('search', {
  /** The trial budget. */
  trials: required<number>(),
  direction: undefined as 'maximize' | 'minimize' | undefined,
  seed: undefined as number | Rng | undefined,
  /** Called after each trial (progress). */
  onTrial: undefined as ((trial: Trial, best: Trial) => void) | undefined,
  /** Grid: values per numeric axis (default: enough for the grid to reach the budget). */
  pointsPerAxis: undefined as number | undefined,
  /** Bayesian: random trials before the GP takes over (default min(5, trials)). */
  initialTrials: undefined as number | undefined,
  /** Bayesian: random candidates scored by expected improvement per proposal (default 2000). */
  candidates: undefined as number | undefined,
});

export type SearchOptions = OptionsOf<typeof SEARCH_OPTIONS>;

type Objective = (params: Params, trial: number) => number | Promise<number>;
type Proposer = (history: Trial[]) => Params;

/** Runs a search with the named method. */
export async function search(
  method: SearchMethod,
  objective: Objective,
  space: Space,
  options: SearchOptions,
): Promise<SearchResult> {
  options = SEARCH_OPTIONS.read(options);
  checkString('search', 'method', method, false);
  checkFunction('search', 'objective', objective);
  checkObject('search', 'space', space);
  const where = `${method}Search`;
  checkOneOf('search', 'method', method, ['grid', 'random', 'bayesian'] as const);
  check(typeof objective === 'function', where, 'objective', typeof objective, 'a function (params) → number');
  validateSpace(where, space);
  checkInt(where, 'trials', options.trials, 1);
  const direction = options.direction ?? 'maximize';
  checkOneOf(where, 'direction', direction, ['maximize', 'minimize'] as const);
  const r = toRng(options.seed);
  const propose =
    method === 'grid'
      ? gridProposer(space, options, r)
      : method === 'random'
        ? () => sampleParams(space, r)
        : bayesianProposer(space, options, direction, r);
  const sign = direction === 'maximize' ? 1 : -1;
  const trials: Trial[] = [];
  const bestSoFar: number[] = [];
  let best: Trial | undefined;
  for (let t = 0; t < options.trials; t++) {
    const params = propose(trials);
    const start = Date.now();
    const value = await objective(params, t);
    check(typeof value === 'number' && !Number.isNaN(value), where, 'objective result', value, 'a number (not NaN)');
    const trial = { number: t, params, value, seconds: (Date.now() - start) / 1000 };
    trials.push(trial);
    if (!best || sign * value > sign * best.value) best = trial;
    bestSoFar.push(best.value);
    options.onTrial?.(trial, best);
  }
  return { method, direction, trials, best: best!, bestSoFar };
}

/** Grid search: the grid's points in a seeded random order (as Optuna's GridSampler), up to the budget. */
export const gridSearch = (objective: Objective, space: Space, options: SearchOptions) =>
  search('grid', objective, space, options);
/** Random search: independent uniform (log-uniform) draws. */
export const randomSearch = (objective: Objective, space: Space, options: SearchOptions) =>
  search('random', objective, space, options);
/** Bayesian search: a GP models the objective; the next trial maximises expected improvement. */
export const bayesianSearch = (objective: Objective, space: Space, options: SearchOptions) =>
  search('bayesian', objective, space, options);

function gridProposer(space: Space, options: SearchOptions, r: Rng): Proposer {
  const dims = numericDims(space);
  const categoricalCells = Object.values(space).reduce(
    (a, p) => a * (p.kind === 'categorical' ? p.choices.length : 1),
    1,
  );
  const perAxis =
    options.pointsPerAxis ?? Math.max(2, Math.ceil((options.trials / categoricalCells) ** (1 / Math.max(dims, 1))));
  checkInt('gridSearch', 'pointsPerAxis', perAxis, 1);
  const grid = r.shuffle(gridParams(space, perAxis));
  // A budget larger than the grid starts the grid over (repeats measure noise, never new points).
  return (history) => grid[history.length % grid.length];
}

function bayesianProposer(space: Space, options: SearchOptions, direction: 'maximize' | 'minimize', r: Rng): Proposer {
  const initial = options.initialTrials ?? Math.min(5, options.trials);
  checkInt('bayesianSearch', 'initialTrials', initial, 1);
  const nCandidates = options.candidates ?? 2000;
  checkInt('bayesianSearch', 'candidates', nCandidates, 1);
  const sign = direction === 'maximize' ? 1 : -1;
  return (history) => {
    if (history.length < initial) return sampleParams(space, r);
    const X = history.map((t) => encodeParams(space, t.params));
    const y = history.map((t) => sign * t.value);
    const gp = fitGaussianProcess(X, y);
    const bestY = Math.max(...y);
    // Candidates: uniform draws plus local perturbations of the best trials (exploit), scored by EI.
    const top = history
      .slice()
      .sort((a, b) => sign * (b.value - a.value))
      .slice(0, 3);
    let bestParams = sampleParams(space, r);
    let bestEi = -Infinity;
    for (let c = 0; c < nCandidates; c++) {
      const candidate = c % 4 === 3 ? perturb(space, top[c % top.length].params, r) : sampleParams(space, r);
      const { mean, sd } = gp.predict(encodeParams(space, candidate));
      const ei = expectedImprovement(mean, sd, bestY);
      if (ei > bestEi) {
        bestEi = ei;
        bestParams = candidate;
      }
    }
    return bestParams;
  };
}

/** A nearby point: numeric values moved by ~5 % of their range, categoricals re-drawn 20 % of the time. */
function perturb(space: Space, params: Params, r: Rng): Params {
  const out: Params = {};
  for (const [name, p] of Object.entries(space)) {
    const v = params[name];
    if (p.kind === 'categorical') out[name] = r.bool(0.2) ? r.choice(p.choices) : v;
    else if (p.kind === 'logFloat')
      out[name] = Math.min(
        p.high,
        Math.max(p.low, Math.exp(Math.log(v as number) + r.normal(0, 0.05 * Math.log(p.high / p.low)))),
      );
    else {
      const moved = Math.min(p.high, Math.max(p.low, (v as number) + r.normal(0, 0.05 * (p.high - p.low))));
      out[name] = p.kind === 'int' ? Math.round(moved) : moved;
    }
  }
  return out;
}
