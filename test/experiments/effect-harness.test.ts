/**
 * The harness functions behind the redesigned headline experiments (notebooks 02, 07, 14, 17):
 * small, fast versions of what the notebooks run, checking shapes, validation and tensor ownership.
 * The directions of the notebooks' results are checked by the workbook test, with their own seeds.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import { mlp, smallCnn, loadMnist, lrScheduler, WorkbookError } from '../../src/lib';
import { constantLr } from '../../src/lib/train';
import {
  compare,
  summariseSchedules,
  scheduleAccuracyFigure,
  scheduleLossFigure,
} from '../../src/experiments/02-lr-schedules';
import { idleCores, measureSpeedup } from '../../src/experiments/07-data-parallel';
import {
  rateSensitivity,
  summariseRates,
  rateSensitivityChart,
} from '../../src/experiments/17-fine-tuning/rate-sensitivity';
import { sourceModel } from '../../src/experiments/17-fine-tuning';

test('compareSchedules: one run per (schedule, seed), mean ± sd per schedule, no leaks; bad options rejected first', async () => {
  await useBackend();
  const { train, test: held } = loadMnist({ trainSize: 100, testSize: 50, seed: 1, flat: true });
  const before = tf.memory().numTensors;
  const options = {
    train,
    test: held,
    seeds: [1, 2],
    epochs: 2,
    batchSize: 25,
    makeModel: (seed: number) => mlp({ hidden: [8], seed }),
    optimizer: () => tf.train.sgd(0.1),
    onRun: () => undefined,
    schedules: { tiny: () => lrScheduler(constantLr(1e-6)), usual: () => lrScheduler(constantLr(0.1)) },
  };
  const runs = await compare(options);
  assert.equal(tf.memory().numTensors, before, 'compareSchedules leaked tensors');
  assert.deepEqual(
    runs.map((r) => [r.schedule, r.seed]),
    [
      ['tiny', 1],
      ['tiny', 2],
      ['usual', 1],
      ['usual', 2],
    ],
  );
  runs.forEach((r) => assert.equal(r.valLoss.length, 2));
  const [tiny, usual] = summariseSchedules(runs);
  assert.ok(usual.mean > tiny.mean, `a usable rate learns more than 1e-6 in 2 epochs (${usual.mean} vs ${tiny.mean})`);
  assert.ok(tiny.min <= tiny.mean && tiny.mean <= tiny.max && tiny.sd >= 0);
  assert.equal(scheduleAccuracyFigure([tiny, usual]).data.length, 1);
  assert.equal(scheduleLossFigure(runs).data.length, 2);
  await assert.rejects(compare({ ...options, seeds: [] }), /compareSchedules: seeds/);
  await assert.rejects(compare({ ...options, epochs: 0 }), WorkbookError);
  await assert.rejects(compare({ ...options, colour: 'red' } as never), /known keys/);
  train.dispose();
  held.dispose();
});

test('idleCores: between 0 and the number of cores; a bad window is an error', async () => {
  const idle = await idleCores(100);
  assert.ok(idle.idle >= 0 && idle.idle <= idle.cores + 1e-9, `idle ${idle.idle} of ${idle.cores}`);
  assert.equal(idle.loadavg.length, 3);
  await assert.rejects(idleCores(0), /idleCores: ms/);
});

test('measureSpeedup: one [1, 2]-worker pair per round, the median of the ratios', { timeout: 120_000 }, async () => {
  await useBackend();
  const { train } = loadMnist({ trainSize: 64, testSize: 1, seed: 2 });
  const before = tf.memory().numTensors;
  const m = await measureSpeedup(() => mlp({ inputShape: [28, 28, 1], hidden: [8], seed: 1 }), train.xs, train.ys, {
    rounds: 2,
    batchSize: 32,
  });
  assert.equal(tf.memory().numTensors, before, 'measureSpeedup leaked tensors');
  assert.deepEqual(
    m.rounds.map((r) => r.map((row) => row.workers)),
    [
      [1, 2],
      [1, 2],
    ],
  );
  m.speedups.forEach((s, i) =>
    assert.ok(Math.abs(s - m.rounds[i][1].samplesPerSecond / m.rounds[i][0].samplesPerSecond) < 1e-12),
  );
  assert.ok(Math.abs(m.median - (m.speedups[0] + m.speedups[1]) / 2) < 1e-12);
  await assert.rejects(
    measureSpeedup(() => mlp({ hidden: [8] }), train.xs, train.ys, { rounds: 0, batchSize: 32 }),
    /measureSpeedup: rounds/,
  );
  await assert.rejects(
    measureSpeedup(() => mlp({ hidden: [8] }), train.xs, train.ys, { rounds: 1, batchSize: 32, epochs: 0 }),
    /measureSpeedup: epochs/,
  );
  train.dispose();
});

test(
  'rateSensitivity: the same transfer runs at each rate, tagged with it; summary and chart per strategy',
  { timeout: 300_000 },
  async () => {
    await useBackend();
    const source = await sourceModel();
    const { train, test: held } = loadMnist({ digits: [5, 6, 7, 8, 9], trainSize: 200, testSize: 100, seed: 2 });
    const before = tf.memory().numTensors;
    const options = {
      source: source.model,
      train,
      test: held,
      size: 10,
      rates: [1e-3, 1e-1],
      seeds: [1, 2],
      epochs: 2,
      batchSize: 10,
      validationSize: 50,
      scratch: (s: number, n: number) => smallCnn({ seed: s, numClasses: n }),
    };
    const runs = await rateSensitivity(options);
    assert.equal(tf.memory().numTensors, before, 'rateSensitivity leaked tensors');
    assert.equal(runs.length, 2 * 2 * 2);
    assert.deepEqual([...new Set(runs.map((r) => r.learningRate))], [1e-3, 1e-1]);
    assert.deepEqual([...new Set(runs.map((r) => r.strategy))], ['fine-tune', 'gradual-discriminative']);
    const summary = summariseRates(runs);
    assert.equal(summary.length, 4);
    summary.forEach((s) => assert.ok(s.min <= s.mean && s.sd >= 0));
    assert.equal(rateSensitivityChart(summary).data.length, 2);
    await assert.rejects(rateSensitivity({ ...options, rates: [] }), /rateSensitivity: rates/);
    await assert.rejects(rateSensitivity({ ...options, rates: [-1] }), WorkbookError);
    train.dispose();
    held.dispose();
    source.model.dispose();
  },
);
