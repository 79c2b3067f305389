import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  Params,
  bayesianSearch,
  categoricalParam,
  floatParam,
  gridParams,
  gridSearch,
  intParam,
  logFloatParam,
  randomSearch,
  search,
} from '../../../src/lib/eval';
import { bestSoFarFigure, searchFrame } from '../../../src/experiments/14-hyperparameter-search';
import { WorkbookError } from '../../../src/lib/errors';

const space = {
  x: floatParam(-2, 2),
  lr: logFloatParam(1e-5, 1),
  layers: intParam(1, 8),
  act: categoricalParam(['relu', 'tanh', 'sigmoid']),
};
/** A known function of a mixed space: maximum 0 at x = 0.7, lr = 1e-3, layers = 3, act = 'tanh'. */
const objective = (p: Params) =>
  -(((p.x as number) - 0.7) ** 2) -
  0.25 * (Math.log10(p.lr as number) + 3) ** 2 -
  0.05 * ((p.layers as number) - 3) ** 2 -
  (p.act === 'tanh' ? 0 : 0.5);

test('Bayesian search finds the optimum of a known mixed-space function within 40 trials', async () => {
  const result = await bayesianSearch(objective, space, { trials: 40, seed: 1 });
  assert.ok(result.best.value > -0.05, `best ${result.best.value}`);
  assert.equal(result.best.params.act, 'tanh');
  assert.equal(result.best.params.layers, 3);
});

test('on the same budget, Bayesian beats random search on a smooth function (3 seeds)', async () => {
  const f = (p: Params) => -(((p.a as number) - 0.3) ** 2) - ((p.b as number) + 0.4) ** 2;
  const s = { a: floatParam(-1, 1), b: floatParam(-1, 1) };
  let bayes = 0;
  let random = 0;
  for (const seed of [1, 2, 3]) {
    bayes += (await bayesianSearch(f, s, { trials: 20, seed })).best.value;
    random += (await randomSearch(f, s, { trials: 20, seed })).best.value;
  }
  assert.ok(bayes > random, `bayesian ${bayes / 3} vs random ${random / 3}`);
  assert.ok(bayes / 3 > -1e-3);
});

test('searches are seeded, respect the budget and minimise when asked', async () => {
  const a = await randomSearch(objective, space, { trials: 12, seed: 5 });
  const b = await randomSearch(objective, space, { trials: 12, seed: 5 });
  assert.deepEqual(
    a.trials.map((t) => t.params),
    b.trials.map((t) => t.params),
  );
  assert.equal(a.trials.length, 12);
  const min = await search(
    'bayesian',
    (p) => ((p.x as number) - 1) ** 2,
    { x: floatParam(-3, 3) },
    { trials: 15, direction: 'minimize', seed: 1 },
  );
  assert.ok(min.best.value < 0.01, `min ${min.best.value}`);
  for (let i = 1; i < min.bestSoFar.length; i++) assert.ok(min.bestSoFar[i] <= min.bestSoFar[i - 1]);
});

test('grid search visits distinct grid points; log-floats are spaced geometrically', async () => {
  const grid = gridParams({ lr: logFloatParam(1e-4, 1e-1), n: intParam(1, 3), c: categoricalParam(['a', 'b']) }, 4);
  assert.equal(grid.length, 4 * 3 * 2);
  const lrs = [...new Set(grid.map((g) => g.lr as number))].sort((a, b) => a - b);
  lrs.forEach((v, i) => assert.ok(Math.abs(v - 10 ** (-4 + i)) < 1e-12));
  const result = await gridSearch(objective, space, { trials: 24, seed: 1, pointsPerAxis: 2 });
  assert.equal(new Set(result.trials.map((t) => JSON.stringify(t.params))).size, 24);
});

test('results as a DataFrame and a best-so-far figure', async () => {
  const result = await randomSearch(objective, space, { trials: 6, seed: 2 });
  const df = searchFrame(result);
  assert.deepEqual(df.shape, [6, 8]);
  assert.deepEqual(df.columns, ['trial', 'x', 'lr', 'layers', 'act', 'value', 'bestSoFar', 'seconds']);
  const fig = bestSoFarFigure([result]);
  assert.deepEqual(fig.data[0].y, result.bestSoFar);
});

test('bad spaces and budgets are WorkbookErrors', async () => {
  // bounds are checked where the parameter is declared, and again (space.x) in a hand-written space
  assert.throws(
    () => floatParam(1, 0),
    (e: unknown) => e instanceof WorkbookError && /floatParam: high 0/.test(e.message),
  );
  await assert.rejects(
    randomSearch(objective, { x: { kind: 'float', low: 1, high: 0 } }, { trials: 3 }),
    (e: unknown) => e instanceof WorkbookError && /space.x/.test(e.message),
  );
  assert.throws(() => logFloatParam(0, 1), /logFloatParam: low 0 .*> 0/);
  await assert.rejects(
    randomSearch(objective, { lr: { kind: 'logFloat', low: 0, high: 1 } }, { trials: 3 }),
    /positive/,
  );
  assert.throws(() => categoricalParam([]), /categoricalParam: choices .*non-empty/);
  await assert.rejects(
    randomSearch(objective, { c: { kind: 'categorical', choices: [] } }, { trials: 3 }),
    /non-empty/,
  );
  await assert.rejects(randomSearch(objective, space, { trials: 0 }), /trials 0/);
  await assert.rejects(
    randomSearch(() => NaN, space, { trials: 2 }),
    /objective result/,
  );
});

test('compareSearches averages best-so-far curves over seeds; Bayesian ends closest to the known optimum', async () => {
  const { compare, comparisonFigure } = await import('../../../src/experiments/14-hyperparameter-search');
  const cmp = await compare(objective, space, { trials: 25, seeds: 3, pointsPerAxis: 3 });
  assert.deepEqual(
    cmp.map((c) => c.method),
    ['grid', 'random', 'bayesian'],
  );
  cmp.forEach((c) => assert.equal(c.mean.length, 25));
  const final = Object.fromEntries(cmp.map((c) => [c.method, c.mean[24]]));
  assert.ok(final.bayesian > final.random && final.bayesian > final.grid, JSON.stringify(final));
  assert.equal(comparisonFigure(cmp).data.length, 3);
});
