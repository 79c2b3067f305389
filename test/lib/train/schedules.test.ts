/** LR schedules: their values, the scheduler callback on real optimizers, ReduceLROnPlateau, validation. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  tf,
  fit,
  mlp,
  lrScheduler,
  reduceLROnPlateau,
  getLearningRate,
  makeOptimizer,
  OPTIMIZER_NAMES,
  WorkbookError,
} from '../../../src/lib';
import {
  constantLr,
  stepDecay,
  exponentialDecay,
  cosineAnnealing,
  cosineWarmRestarts,
  withWarmup,
  oneCycle,
  slantedTriangular,
  scheduleCurve,
} from '../../../src/lib/train';
import { useBackend } from '../../helpers';

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

test('step and exponential decay values', () => {
  const s = stepDecay({ initialLr: 0.1, stepSize: 3, factor: 0.5 });
  assert.deepEqual([0, 2, 3, 5, 6].map(s), [0.1, 0.1, 0.05, 0.05, 0.025]);
  const e = exponentialDecay({ initialLr: 1, decayRate: 0.5, decaySteps: 2 });
  close(e(1), Math.SQRT1_2);
  close(e(4), 0.25);
  const st = exponentialDecay({ initialLr: 1, decayRate: 0.5, decaySteps: 2, staircase: true });
  assert.deepEqual([0, 1, 2, 3].map(st), [1, 1, 0.5, 0.5]);
  assert.equal(constantLr(0.3)(99), 0.3);
});

test('cosine annealing and warm restarts', () => {
  const c = cosineAnnealing({ initialLr: 1, totalSteps: 10, minLr: 0.1 });
  close(c(0), 1);
  close(c(5), 0.55);
  close(c(10), 0.1);
  close(c(50), 0.1);
  const r = cosineWarmRestarts({ initialLr: 1, firstPeriod: 4, periodMultiplier: 2 });
  close(r(0), 1);
  close(r(2), 0.5);
  close(r(4), 1); // restart
  close(r(8), 0.5); // middle of the second, twice as long, period
  close(r(12), 1); // next restart
});

test('warmup rises linearly, then the schedule starts where warmup ends', () => {
  const base = cosineAnnealing({ initialLr: 0.1, totalSteps: 100 });
  const w = withWarmup(base, { warmupSteps: 10 });
  close(w(0), 0);
  close(w(5), 0.05);
  close(w(10), base(0));
  close(w(60), base(50));
  fc.assert(fc.property(fc.integer({ min: 0, max: 8 }), (i) => w(i) < w(i + 1)));
});

test('one-cycle peaks at pctStart and ends far below its start; slanted triangular peaks at cutFrac', () => {
  const o = oneCycle({ maxLr: 1, totalSteps: 100, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 });
  close(o(0), 1 / 25);
  close(o(30), 1);
  close(o(99), 1 / 25 / 1e4, 1e-6);
  const curve = scheduleCurve(o, 100).y;
  assert.equal(curve.indexOf(Math.max(...curve)), 30);
  const s = slantedTriangular({ maxLr: 0.01, totalSteps: 100, cutFrac: 0.1, ratio: 32 });
  close(s(0), 0.01 / 32);
  close(s(10), 0.01);
  close(s(100), 0.01 / 32);
  assert.ok(s(5) > s(0) && s(50) < s(10));
});

test('schedules are pure, non-negative and finite for any step', () => {
  const all = [
    stepDecay({ initialLr: 0.1, stepSize: 2 }),
    exponentialDecay({ initialLr: 0.1, decayRate: 0.9 }),
    cosineWarmRestarts({ initialLr: 0.1, firstPeriod: 3, periodMultiplier: 1.5 }),
    oneCycle({ maxLr: 0.1, totalSteps: 50 }),
    slantedTriangular({ maxLr: 0.1, totalSteps: 50 }),
    withWarmup(cosineAnnealing({ initialLr: 0.1, totalSteps: 20 }), { warmupSteps: 5 }),
  ];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000 }), (step) =>
      all.every((s) => Number.isFinite(s(step)) && s(step) >= 0 && s(step) === s(step)),
    ),
  );
});

test('lrScheduler sets the rate of every tf.train optimizer, per batch and per epoch', async () => {
  await useBackend();
  const x = tf.randomNormal([40, 6], 0, 1, 'float32', 1);
  const y = tf.oneHot(
    tf.tensor1d(
      [...Array(40).keys()].map((i) => i % 3),
      'int32',
    ),
    3,
  );
  for (const name of OPTIMIZER_NAMES) {
    const model = mlp({ inputShape: [6], hidden: [4], numClasses: 3, seed: 1 });
    const optimizer = makeOptimizer(name, 0.5);
    const sched = lrScheduler(stepDecay({ initialLr: 0.01, stepSize: 3, factor: 0.5 }));
    const h = await fit(model, x, y, { epochs: 2, batchSize: 10, optimizer, callbacks: [sched] });
    assert.deepEqual(sched.rates, [0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.0025, 0.0025], name);
    assert.deepEqual(h.history.lr, [0.005, 0.0025], name);
    const perEpoch = lrScheduler(exponentialDecay({ initialLr: 0.1, decayRate: 0.5 }), { per: 'epoch' });
    const h2 = await fit(model, x, y, { epochs: 3, batchSize: 20, optimizer, callbacks: [perEpoch] });
    h2.history.lr.forEach((lr, i) => close(lr, 0.1 * 0.5 ** i));
    close(getLearningRate(optimizer), 0.025);
    model.dispose();
  }
  tf.dispose([x, y]);
});

test('reduceLROnPlateau cuts the rate after patience epochs without improvement, respecting cooldown and minLr', async () => {
  const optimizer = tf.train.sgd(1);
  const state = { optimizer } as never;
  const cb = reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2, cooldown: 2, minLr: 0.2 });
  cb.onTrainBegin!(state);
  const losses = [1, 0.9, ...Array(11).fill(0.95)];
  const rates: number[] = [];
  for (const [e, l] of losses.entries()) {
    await cb.onEpochEnd!(e, { val_loss: l }, state);
    rates.push(getLearningRate(optimizer));
  }
  assert.deepEqual(cb.reductions, [3, 6, 9]);
  assert.deepEqual(rates, [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2]);
  assert.throws(() => cb.onEpochEnd!(9, { loss: 1 }, state), /monitor "val_loss" is not in the epoch logs/);
});

test('invalid schedule parameters name the parameter', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => stepDecay({ initialLr: 0.1, stepSize: 0 }), /stepDecay: stepSize 0/],
    [() => stepDecay({ initialLr: -1, stepSize: 1 }), /stepDecay: initialLr -1/],
    [() => exponentialDecay({ initialLr: 0.1, decayRate: 1.5 }), /decayRate 1.5/],
    [() => cosineAnnealing({ initialLr: 0.1, totalSteps: 10, minLr: 0.5 }), /minLr 0.5/],
    [() => cosineWarmRestarts({ initialLr: 0.1, firstPeriod: 2.5 }), /firstPeriod 2.5/],
    [() => withWarmup(constantLr(0.1), { warmupSteps: -1 }), /warmupSteps -1/],
    [() => oneCycle({ maxLr: 0.1, totalSteps: 100, pctStart: 1.5 }), /pctStart 1.5/],
    [() => slantedTriangular({ maxLr: 0.1, totalSteps: 1 }), /totalSteps 1/],
    [() => lrScheduler(stepDecay({ initialLr: 0.1, stepSize: 1 }), { per: 'week' as never }), /per "week"/],
    [() => reduceLROnPlateau({ factor: 2 }), /factor 2/],
    [() => reduceLROnPlateau({ patience: -1 }), /patience -1/],
  ];
  for (const [fn, re] of cases)
    assert.throws(fn, (e: unknown) => e instanceof WorkbookError && re.test((e as Error).message));
});
