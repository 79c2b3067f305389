import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { useBackend, assertNoLeak } from '../../helpers';
import { mlp, fit, evaluate, loadMnist, WorkbookError } from '../../../src/lib';
import {
  magnitudePrune,
  computeMasks,
  smallestMagnitudeMask,
  sparsityReport,
  disposeMasks,
  prunableWeights,
  polynomialDecay,
  constantSparsity,
  GradualPruning,
  KeepPruned,
} from '../../../src/lib/compress';

before(async () => {
  await useBackend();
});

const small = () => mlp({ inputShape: [20], hidden: [32, 16], seed: 3 });
const toy = (n: number, seed: number) => {
  const x = tf.randomNormal([n, 20], 0, 1, 'float32', seed);
  const y = tf.tidy(() => tf.oneHot(tf.argMax(x.slice([0, 0], [n, 10]), -1), 10).toFloat());
  return { x, y };
};

test('smallestMagnitudeMask zeroes exactly k entries, the smallest ones (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.float({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 200 }),
      fc.nat(),
      (arr, kSeed) => {
        const values = Float32Array.from(arr);
        const k = kSeed % (values.length + 1);
        const mask = smallestMagnitudeMask(values, k);
        const pruned = Array.from(mask).filter((m) => m === 0).length;
        assert.equal(pruned, k);
        const keptMin = Math.min(
          ...Array.from(values)
            .filter((_, i) => mask[i] === 1)
            .map(Math.abs),
        );
        const prunedMax = Math.max(
          ...Array.from(values)
            .filter((_, i) => mask[i] === 0)
            .map(Math.abs),
        );
        assert.ok(k === 0 || k === values.length || prunedMax <= keptMin);
      },
    ),
  );
});

test('layer-wise pruning reaches the sparsity exactly in every kernel; biases untouched', () => {
  const m = small();
  for (const s of [0.5, 0.8, 0.95]) {
    disposeMasks(magnitudePrune(m, { sparsity: s }));
    const rows = sparsityReport(m);
    for (const r of rows.slice(0, -1)) assert.equal(r.zeros, Math.round(s * r.params), `${r.layer} at ${s}`);
  }
  assert.equal(prunableWeights(m).length, 3);
  m.dispose();
});

test('global pruning reaches the total sparsity exactly and prunes layers unevenly', () => {
  const m = small();
  // make the first layer's weights small so a global threshold takes more of them
  const w = m.layers[0].weights[0];
  const scaled = tf.tidy(() => tf.mul(w.read(), 0.1));
  w.write(scaled);
  scaled.dispose();
  disposeMasks(magnitudePrune(m, { sparsity: 0.6, scope: 'global' }));
  const rows = sparsityReport(m);
  const total = rows[rows.length - 1];
  assert.equal(total.zeros, Math.round(0.6 * total.params));
  assert.ok(rows[0].sparsity > rows[1].sparsity, `fc1 ${rows[0].sparsity} vs fc2 ${rows[1].sparsity}`);
  m.dispose();
});

test('pruning validates its arguments', () => {
  const m = small();
  assert.throws(() => magnitudePrune(m, { sparsity: 1.2 }), WorkbookError);
  assert.throws(() => magnitudePrune(m, { sparsity: 0.5, scope: 'row' as never }), /scope "row"/);
  assert.throws(() => magnitudePrune(m, { sparsity: 0.5, layers: ['nope'] }), /layers "nope"/);
  assert.throws(() => polynomialDecay({ finalSparsity: 0.5, endStep: -1 }), /endStep/);
  assert.throws(() => polynomialDecay({ initialSparsity: 0.6, finalSparsity: 0.5, endStep: 10 }), /finalSparsity/);
  m.dispose();
});

test('polynomial decay follows TF-MOT: starts at initial, ends at final, monotone', () => {
  const s = polynomialDecay({ initialSparsity: 0.1, finalSparsity: 0.9, beginStep: 10, endStep: 110, frequency: 25 });
  assert.equal(s.sparsityAt(0), 0);
  assert.ok(Math.abs(s.sparsityAt(10) - 0.1) < 1e-12);
  assert.ok(Math.abs(s.sparsityAt(60) - (0.9 - 0.8 * 0.125)) < 1e-12);
  assert.equal(s.sparsityAt(500), 0.9);
  for (let t = 10; t < 110; t++) assert.ok(s.sparsityAt(t + 1) >= s.sparsityAt(t));
  assert.deepEqual([9, 10, 35, 36, 110, 111].map(s.shouldPrune), [false, true, true, false, true, false]);
  assert.equal(constantSparsity({ sparsity: 0.5 }).sparsityAt(3), 0.5);
});

test('gradual pruning during fit: final sparsity exact, masks fixed after endStep, pruned weights stay zero', async () => {
  const { x, y } = toy(256, 1);
  const m = small();
  const pruning = new GradualPruning({ schedule: polynomialDecay({ finalSparsity: 0.75, endStep: 16, frequency: 4 }) });
  const seen: number[] = [];
  const spy = {
    onBatchEnd: (_b: number, logs: Record<string, number>) => {
      seen.push(logs.sparsity);
    },
  };
  await fit(m, x, y, {
    epochs: 4,
    batchSize: 32,
    seed: 1,
    callbacks: [pruning, spy],
    gradientHook: pruning.gradientHook,
  });
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1]);
  const rows = sparsityReport(m);
  for (const r of rows.slice(0, -1)) assert.equal(r.zeros, Math.round(0.75 * r.params), r.layer);
  // keep fine-tuning with the masks fixed: the same weights stay exactly zero
  const masks = pruning.releaseMasks();
  const before = prunableWeights(m).map((w) => Array.from(w.variable.read().dataSync()).map((v) => v === 0));
  const keep = new KeepPruned(masks);
  await fit(m, x, y, {
    epochs: 2,
    batchSize: 32,
    seed: 2,
    optimizer: tf.train.adam(0.01),
    callbacks: [keep],
    gradientHook: keep.gradientHook,
  });
  const after = prunableWeights(m).map((w) => Array.from(w.variable.read().dataSync()).map((v) => v === 0));
  assert.deepEqual(after, before);
  disposeMasks(masks);
  tf.dispose([x, y]);
  m.dispose();
});

test('without the mask re-application an optimizer step revives pruned weights (why the callback exists)', async () => {
  const { x, y } = toy(64, 2);
  const m = small();
  disposeMasks(magnitudePrune(m, { sparsity: 0.9 }));
  await fit(m, x, y, { epochs: 1, batchSize: 32, seed: 1 });
  assert.ok(sparsityReport(m).at(-1)!.sparsity < 0.5);
  tf.dispose([x, y]);
  m.dispose();
});

test('moderate pruning with fine-tuning keeps accuracy; extreme one-shot pruning loses it', async () => {
  const { train, test: t } = loadMnist({ trainSize: 1000, testSize: 500, seed: 4, flat: true });
  const m = mlp({ inputShape: [784], hidden: [64], seed: 4 });
  await fit(m, train.xs, train.ys, { epochs: 3, batchSize: 32, seed: 4 });
  const dense = evaluate(m, t.xs, t.ys).accuracy!;
  const original = m.getWeights().map((w) => w.clone());
  const pruning = new GradualPruning({ schedule: polynomialDecay({ finalSparsity: 0.8, endStep: 40, frequency: 5 }) });
  await fit(m, train.xs, train.ys, {
    epochs: 2,
    batchSize: 32,
    seed: 5,
    callbacks: [pruning],
    gradientHook: pruning.gradientHook,
  });
  const gradual = evaluate(m, t.xs, t.ys).accuracy!;
  pruning.dispose();
  m.setWeights(original);
  disposeMasks(magnitudePrune(m, { sparsity: 0.99 }));
  const extreme = evaluate(m, t.xs, t.ys).accuracy!;
  assert.ok(gradual > dense - 0.05, `80% gradual ${gradual} vs dense ${dense}`);
  assert.ok(extreme < dense - 0.1, `99% one-shot ${extreme} vs dense ${dense}`);
  tf.dispose(original);
  train.dispose();
  t.dispose();
  m.dispose();
});

test('computeMasks / sparsityReport leak no tensors', async () => {
  const m = small();
  await assertNoLeak(() => disposeMasks(computeMasks(m, { sparsity: 0.5, scope: 'global' })));
  await assertNoLeak(() => disposeMasks(magnitudePrune(m, { sparsity: 0.5 })));
  await assertNoLeak(() => sparsityReport(m));
  m.dispose();
});
