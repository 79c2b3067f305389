// %% [markdown]
// # Hyperparameter search: grid, random, Bayesian
// Learning rate, width, dropout, optimizer: the choices that decide how well a model trains, and
// each trial costs a training run. Three ways to spend a fixed budget of trials:
// **grid** (every combination of a few values per axis), **random** (independent draws — Bergstra &
// Bengio showed it beats grid when only a few axes matter) and **Bayesian** (a Gaussian process models
// accuracy as a function of the hyperparameters; each next trial maximises the expected improvement).
// One search is one draw of luck, so every comparison here repeats each method over several seeds.
// %%
import {
  claim,
  pairedClaim,
  showClaims,
  setup,
  loadMnist,
  mlp,
  fit,
  evaluate,
  makeOptimizer,
  show,
  showFrame,
  showTable,
  scatterChart,
} from 'tfjs-workbook';
import { logFloatParam, intParam, floatParam, categoricalParam, Params } from 'tfjs-workbook/eval';
import { searchFrame, compare, comparisonFigure } from 'tfjs-workbook/experiments/14-hyperparameter-search';
const backend = await setup({ seed: 14 });
// %% [markdown]
// ## The objective
// One trial trains an MLP with Adam for 2 epochs on 800 MNIST digits and returns its accuracy on 800
// held-out validation digits. Two hyperparameters: the learning rate (log-scaled, 1e-4 to 0.3 — where
// a good and a bad run differ by tens of points) and the hidden width (8 to 128 units). The trial's
// own training seed is fixed, so the same parameters always score the same: the searches differ only
// in where they look.
// %%
const TRAIN_SIZE = 800,
  VALIDATION_SIZE = 800,
  EPOCHS = 2,
  BATCH_SIZE = 32;
const { train, test: validation } = loadMnist({
  trainSize: TRAIN_SIZE,
  testSize: VALIDATION_SIZE,
  seed: 14,
  flat: true,
});
const space = { learningRate: logFloatParam(1e-4, 0.3), hidden: intParam(8, 128) };
async function validationAccuracy(p: Params): Promise<number> {
  const model = mlp({ inputShape: [784], hidden: [p.hidden as number], seed: 14 });
  const optimizer = makeOptimizer('adam', p.learningRate as number);
  await fit(model, train.xs, train.ys, { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: 14, optimizer });
  const { accuracy } = evaluate(model, validation.xs, validation.ys);
  model.dispose();
  optimizer.dispose();
  return accuracy!;
}
// %% [markdown]
// ## Random against Bayesian, 20 trials, 3 seeds
// Each search gets 20 trials; the Bayesian one starts with 5 random trials, then the Gaussian process
// chooses. Each method runs 3 times (search seeds 1000-1002) and we average the best-so-far curves
// (Optuna's optimisation history). A line per finished search.
// %%
const TRIALS = 20,
  SEARCH_SEEDS = 3;
const mnist = await compare(validationAccuracy, space, {
  trials: TRIALS,
  seeds: SEARCH_SEEDS,
  methods: ['random', 'bayesian'],
  initialTrials: 5,
  onSearch: (r, s) =>
    console.log(
      `${r.method.padEnd(8)} seed ${1000 + s}: best ${(r.best.value * 100).toFixed(1)}% at trial ${r.best.number + 1} ` +
        `(lr ${(r.best.params.learningRate as number).toPrecision(2)}, ${r.best.params.hidden} units)`,
    ),
});
show(
  comparisonFigure(mnist, {
    title: `MNIST: best validation accuracy so far, mean ± sd over ${SEARCH_SEEDS} seeds`,
    yTitle: 'validation accuracy',
  }),
);
// %% [markdown]
// ## Where the trials went
// Learning rate (log axis) against accuracy for every trial of the first seed: random search spreads
// its trials over the whole range; after its 5 random trials, Bayesian search concentrates them where
// the accuracy is high. The table lists the Bayesian trials (Optuna's `trials_dataframe`).
// %%
const [randomRuns, bayesRuns] = mnist;
show(
  scatterChart(
    [randomRuns, bayesRuns].map((c) => ({
      name: c.method,
      x: c.results[0].trials.map((t) => t.params.learningRate as number),
      y: c.results[0].trials.map((t) => t.value),
    })),
    {
      title: 'Trials of seed 1000: learning rate vs validation accuracy',
      xTitle: 'learning rate',
      yTitle: 'validation accuracy',
      logX: true,
    },
  ),
);
showFrame(searchFrame(bayesRuns.results[0]), 'Bayesian search trials (seed 1000)', TRIALS);
// %% [markdown]
// ## All three methods on a function we know
// MNIST trials are too slow for many seeds in a notebook. On a cheap function whose optimum we know
// (0, at x = 0.7, learning rate 1e-3, 3 layers, tanh) — four kinds of parameter: a float, a log-scaled
// float, an integer and a categorical — we run grid, random and Bayesian search with 30 seeds and 30
// trials each, and compare two methods seed by seed (same seed, same first random trials). The grid has 3 values per numeric axis, visited in a seeded random order (as Optuna's
// grid sampler does); with only one learning rate near 1e-3 among its three, it cannot get close.
// %%
const known = (p: Params) =>
  -(((p.x as number) - 0.7) ** 2) -
  0.25 * (Math.log10(p.learningRate as number) + 3) ** 2 -
  0.05 * ((p.layers as number) - 3) ** 2 -
  (p.activation === 'tanh' ? 0 : 0.5);
const knownSpace = {
  x: floatParam(-2, 2),
  learningRate: logFloatParam(1e-5, 1),
  layers: intParam(1, 8),
  activation: categoricalParam(['relu', 'tanh', 'sigmoid']),
};
const KNOWN_TRIALS = 30,
  KNOWN_SEEDS = 30;
const comparison = await compare(known, knownSpace, {
  trials: KNOWN_TRIALS,
  seeds: KNOWN_SEEDS,
  pointsPerAxis: 3,
});
show(
  comparisonFigure(comparison, {
    title: `Known function (optimum 0): best so far, mean ± sd over ${KNOWN_SEEDS} seeds`,
    yTitle: 'objective',
  }),
);
// %% [markdown]
// ## What we measured
// %%
const sd = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
};
const final = (c: { mean: number[] }) => c.mean[c.mean.length - 1];
const byMethod = (list: typeof comparison, m: string) => list.find((c) => c.method === m)!;
const [kGrid, kRandom, kBayes] = ['grid', 'random', 'bayesian'].map((m) => byMethod(comparison, m));
showTable(
  [randomRuns, bayesRuns].map((c) => ({
    method: c.method,
    'mean best accuracy': final(c),
    '± sd': sd(c.finals),
    'after 10 trials': c.mean[9],
    ...Object.fromEntries(c.finals.map((v, i) => [`seed ${1000 + i}`, v])),
  })),
  `MNIST, ${TRIALS} trials`,
);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
console.log(
  `On MNIST with ${TRIALS} trials, Bayesian search found a best validation accuracy of ${pct(final(bayesRuns))} ± ${(sd(bayesRuns.finals) * 100).toFixed(1)} ` +
    `and random search ${pct(final(randomRuns))} ± ${(sd(randomRuns.finals) * 100).toFixed(1)} (mean ± sd over ${SEARCH_SEEDS} seeds; after 10 trials ${pct(bayesRuns.mean[9])} vs ${pct(randomRuns.mean[9])}). ` +
    `On the known function (optimum 0), after ${KNOWN_TRIALS} trials the mean best value over ${KNOWN_SEEDS} seeds is ${final(kBayes).toFixed(3)} (Bayesian), ` +
    `${final(kRandom).toFixed(3)} (random) and ${final(kGrid).toFixed(3)} (grid) (${backend.name}).`,
);
claim({
  id: 'bayesian-beats-random-mnist',
  text: `with ${TRIALS} trials on the MNIST objective, Bayesian search finds a better configuration than random search (mean of ${SEARCH_SEEDS} seeds)`,
  measured: 100 * final(bayesRuns),
  expected: '>',
  against: 100 * final(randomRuns),
  spread: 100 * sd(bayesRuns.finals),
  unit: '%',
});
// Seed by seed: a gap beyond two standard errors is a finding, anything less a null result.
const knownClaim = (a: typeof kBayes, b: typeof kBayes, id: string, what: string) => {
  const { gap } = pairedClaim({
    a: a.finals,
    b: b.finals,
    ahead: { id, text: `on the known function, ${what} by more than two standard errors (${a.finals.length} seeds)` },
    behind: {
      id: `${id}-reversed`,
      text: `negative result: on the known function, the opposite of "${what}" holds by more than two standard errors (${a.finals.length} seeds)`,
    },
    tie: {
      id: `${id}-null`,
      text: `null result: on the known function, the claim "${what}" is within two standard errors of the seed-by-seed gap (${a.finals.length} seeds)`,
    },
  });
  console.log(
    `${what}: ${gap.mean >= 0 ? '+' : ''}${gap.mean.toFixed(3)} seed by seed (standard error ${gap.se.toFixed(3)}), ahead on ${gap.wins} of ${gap.n} seeds.`,
  );
};
knownClaim(
  kBayes,
  kRandom,
  'bayesian-beats-random-known',
  'Bayesian search ends closer to the optimum than random search',
);
knownClaim(kRandom, kGrid, 'random-beats-grid-known', 'random search beats a 3-point grid (Bergstra & Bengio)');
showClaims();
train.dispose();
validation.dispose();
