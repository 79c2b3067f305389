// %% [markdown]
// # Hyperparameter search: grid, random, Bayesian
// Learning rate, width, dropout, optimizer: the choices that decide how well a model trains, and
// each trial costs a training run. Three ways to spend a fixed budget of trials:
// **grid** (every combination of a few values per axis), **random** (independent draws — Bergstra &
// Bengio showed it beats grid when only a few axes matter) and **Bayesian** (a Gaussian process models
// accuracy as a function of the hyperparameters; each next trial maximises the expected improvement).
// %%
import {
  setup, loadMnist, mlp, fit, evaluate, makeOptimizer, show, showFrame, showTable, tf, scatterChart,
} from 'tfjs-workbook';
import {
  gridSearch, randomSearch, bayesianSearch, logFloatParam, intParam, floatParam, categoricalParam, Params,
} from 'tfjs-workbook/eval';
import {
  searchFrame, bestSoFarFigure, searchProgress, compareSearches, comparisonFigure,
} from 'tfjs-workbook/experiments/14-hyperparameter-search';
const backend = await setup({ seed: 14 });
// %% [markdown]
// ## The objective
// One trial trains an MLP for 2 epochs on 800 MNIST digits and returns its accuracy on 800
// held-out validation digits. The space mixes all four kinds: a log-scaled float (learning rate),
// an integer (hidden units), a float (dropout) and a categorical (optimizer).
// %%
const TRAIN_SIZE = 800, VALIDATION_SIZE = 800, EPOCHS = 2, BATCH_SIZE = 32, TRIALS = 10;
const { train, test: validation } = loadMnist({ trainSize: TRAIN_SIZE, testSize: VALIDATION_SIZE, seed: 14, flat: true });
const space = {
  learningRate: logFloatParam(1e-4, 0.3),
  hidden: intParam(8, 128),
  dropout: floatParam(0, 0.5),
  optimizer: categoricalParam(['adam', 'sgd']),
};
async function validationAccuracy(p: Params): Promise<number> {
  const model = mlp({ inputShape: [784], hidden: [p.hidden as number], dropout: p.dropout as number, seed: 14 });
  const optimizer = makeOptimizer(p.optimizer as 'adam' | 'sgd', p.learningRate as number);
  await fit(model, train.xs, train.ys, { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: 14, optimizer });
  const { accuracy } = evaluate(model, validation.xs, validation.ys);
  model.dispose(); optimizer.dispose();
  return accuracy!;
}
// %% [markdown]
// ## Three searches, one budget
// Each method gets the same 10 trials and the same seed. The grid has 3 values per numeric axis
// (3 × 3 × 3 × 2 optimizers = 54 points); on a budget it visits them in a seeded random order, as
// Optuna's grid sampler does. Random and Bayesian search share their first 4 (random) trials.
// The live chart shows the best accuracy so far as each search runs.
// %%
const grid = await gridSearch(validationAccuracy, space, { trials: TRIALS, seed: 14, pointsPerAxis: 3, onTrial: searchProgress('grid', TRIALS) });
const random = await randomSearch(validationAccuracy, space, { trials: TRIALS, seed: 14, onTrial: searchProgress('random', TRIALS, [grid]) });
const bayes = await bayesianSearch(validationAccuracy, space, { trials: TRIALS, seed: 14, initialTrials: 4, onTrial: searchProgress('bayesian', TRIALS, [grid, random]) });
// %% [markdown]
// ## The trials of the Bayesian search
// A danfojs DataFrame with one row per trial (Optuna's `trials_dataframe`). The first 4 trials are
// random; from trial 5 on the Gaussian process chooses.
// %%
showFrame(searchFrame(bayes), 'Bayesian search trials', TRIALS);
// %% [markdown]
// ## Best so far against trials
// Optuna's optimisation-history plot: the best validation accuracy found after each trial.
// %%
show(bestSoFarFigure([grid, random, bayes], { title: `Best validation accuracy after each trial (${TRIALS} trials each)`, yTitle: 'validation accuracy' }));
// %% [markdown]
// ## Where the trials went
// Learning rate (log axis) against accuracy for every trial of every method: the grid sees only three
// learning rates; random and Bayesian search probe many, and Bayesian search concentrates them where
// the accuracy is high.
// %%
show(scatterChart([grid, random, bayes].map((r) => ({ name: r.method, x: r.trials.map((t) => t.params.learningRate as number), y: r.trials.map((t) => t.value) })),
  { title: 'Trials: learning rate vs validation accuracy', xTitle: 'learning rate', yTitle: 'validation accuracy', logX: true }));
// %% [markdown]
// ## Luck or method?
// Ten trials of one seed is a single draw. To see the methods' typical behaviour we repeat each one
// with 10 seeds on a cheap function whose optimum we know (0, at x = 0.7, learning rate 1e-3, 3 layers,
// tanh), with 30 trials each, and average the best-so-far curves.
// %%
const known = (p: Params) => -(((p.x as number) - 0.7) ** 2) - 0.25 * (Math.log10(p.learningRate as number) + 3) ** 2 -
  0.05 * ((p.layers as number) - 3) ** 2 - (p.activation === 'tanh' ? 0 : 0.5);
const knownSpace = { x: floatParam(-2, 2), learningRate: logFloatParam(1e-5, 1), layers: intParam(1, 8), activation: categoricalParam(['relu', 'tanh', 'sigmoid']) };
const comparison = await compareSearches(known, knownSpace, { trials: 30, seeds: 10, pointsPerAxis: 3 });
show(comparisonFigure(comparison, { title: 'Known function (optimum 0): best so far, mean ± sd over 10 seeds', yTitle: 'objective' }));
// %% [markdown]
// ## What we measured
// %%
const rows = [grid, random, bayes].map((r) => ({ method: r.method, 'best accuracy': r.best.value, ...r.best.params, 'trial found': r.best.number + 1 }));
showTable(rows, 'Best trial per method');
console.log(`With ${TRIALS} trials each, the best validation accuracy was ${rows.map((r) => `${(r['best accuracy'] * 100).toFixed(1)}% (${r.method}, trial ${r['trial found']})`).join(', ')}. ` +
  `On the known function (optimum 0), after 30 trials the mean best value over 10 seeds is ${comparison.map((c) => `${c.mean[29].toFixed(3)} (${c.method})`).join(', ')}. ` +
  `The best MNIST configuration overall: ${JSON.stringify([grid, random, bayes].reduce((a, b) => (b.best.value > a.best.value ? b : a)).best.params, (k, v) => (typeof v === 'number' ? +v.toPrecision(3) : v))}.`);
train.dispose(); validation.dispose();
