import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import { mlp, fit, evaluate, loadMnist, WorkbookError } from '../../src/lib';
import { sparsitySweep, compare } from '../../src/experiments/18-compression-and-export';

before(async () => {
  await useBackend();
});

test('sparsity sweep: accuracy falls at extreme sparsity, fine-tuning recovers most of it, weights restored', async () => {
  const { train, test: t } = loadMnist({ trainSize: 800, testSize: 400, seed: 7, flat: true });
  const m = mlp({ inputShape: [784], hidden: [64], seed: 7 });
  await fit(m, train.xs, train.ys, { epochs: 3, batchSize: 32, seed: 7 });
  const before = evaluate(m, t.xs, t.ys).accuracy!;
  const numTensors = tf.memory().numTensors;
  const rows = await sparsitySweep(m, train, t, { sparsities: [0, 0.95], seed: 7 });
  assert.equal(tf.memory().numTensors, numTensors);
  assert.equal(rows[0].layerOneShot, before);
  assert.ok(rows[1].layerOneShot < before - 0.05, JSON.stringify(rows));
  assert.ok(
    rows[1].fineTuned > rows[1].globalOneShot && rows[1].fineTuned > rows[1].layerOneShot,
    JSON.stringify(rows),
  );
  assert.equal(evaluate(m, t.xs, t.ys).accuracy, before);
  await assert.rejects(sparsitySweep(m, train, t, { sparsities: [1.5] }), WorkbookError);
  train.dispose();
  t.dispose();
  m.dispose();
});

test('compareArchitectures trains each candidate with fit and reports cost and accuracy', async () => {
  const { train, test: t } = loadMnist({ trainSize: 256, testSize: 128, seed: 8, flat: true });
  const { rows, models } = await compare(
    [
      { name: 'wide', build: () => mlp({ inputShape: [784], hidden: [64], seed: 8 }) },
      { name: 'narrow', build: () => mlp({ inputShape: [784], hidden: [8], seed: 8 }) },
    ],
    train,
    t,
    { epochs: 2, batchSize: 64 },
  );
  assert.deepEqual(
    rows.map((r) => r.model),
    ['wide', 'narrow'],
  );
  assert.equal(rows[0].params, models[0].countParams());
  assert.equal(rows[0].macs, 784 * 64 + 64 * 10);
  assert.ok(rows.every((r) => r.msPerStep > 0 && r.accuracy > 0.1));
  models.forEach((m) => m.dispose());
  train.dispose();
  t.dispose();
});
