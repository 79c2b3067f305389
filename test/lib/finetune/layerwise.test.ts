import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak, maxRelDiff } from '../../helpers';
import { mlp } from '../../../src/lib';
import { fit, Callback, setLearningRate } from '../../../src/lib';
import { layerGroups, discriminativeLr, gradualUnfreezing, unfrozenGroupCount } from '../../../src/lib/finetune';
import { WorkbookError } from '../../../src/lib';

const N = 24;
function data(seed: number): [tf.Tensor, tf.Tensor] {
  const x = tf.randomNormal([N, 6], 0, 1, 'float32', seed);
  const y = tf
    .oneHot(
      tf.tensor1d(
        Array.from({ length: N }, (_, i) => i % 3),
        'int32',
      ),
      3,
    )
    .toFloat();
  return [x, y];
}
const snapshot = (m: tf.LayersModel) => m.layers.map((l) => l.getWeights().map((w) => w.dataSync().slice()));

/** Plain gradients of the mean loss over the whole batch, layer by layer (kernel, bias). */
function plainGradients(m: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Float32Array[][] {
  const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads, value } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
    vars,
  );
  const out = m.layers.map((l) =>
    l.weights.map((w) => grads[(w.read() as tf.Variable).name].dataSync().slice() as Float32Array),
  );
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

test('discriminative LRs: one SGD step moves group g by lr × 2.6^-(G-1-g) × gradient', async () => {
  await useBackend();
  const m = mlp({ inputShape: [6], hidden: [5, 4], numClasses: 3, seed: 7 });
  const [x, y] = data(1);
  const groups = layerGroups(m); // fc1 | fc2 | logits
  const LR = 0.1;
  const grads = plainGradients(m, x, y);
  const before = snapshot(m);
  const dlr = discriminativeLr(m, groups, { factor: 2.6 });
  await fit(m, x, y, {
    epochs: 1,
    batchSize: N,
    shuffle: false,
    optimizer: tf.train.sgd(LR),
    gradientHook: dlr.gradientHook,
    callbacks: [dlr],
  });
  const after = snapshot(m);
  const expected = [LR / 2.6 ** 2, LR / 2.6, LR];
  m.layers.forEach((_, g) =>
    before[g].forEach((w, k) => {
      const step = w.map((v, i) => v - after[g][k][i]);
      const predicted = grads[g][k].map((d) => expected[g] * d);
      assert.ok(maxRelDiff(step, predicted, 1e-4) < 2e-3, `group ${g} weight ${k}: step ≠ lr·multiplier·gradient`);
    }),
  );
  // the ratio between neighbouring groups is the factor
  const scale = (g: number) =>
    Math.hypot(...before[g][0].map((v, i) => v - after[g][0][i])) / Math.hypot(...grads[g][0]);
  assert.ok(Math.abs(scale(2) / scale(1) - 2.6) < 0.01 && Math.abs(scale(1) / scale(0) - 2.6) < 0.01);
  tf.dispose([x, y]);
  m.dispose();
});

test('discriminative LRs hold for Adam too (first step ≈ lr·multiplier per weight; gradient scaling alone would not do this)', async () => {
  await useBackend();
  const m = mlp({ inputShape: [6], hidden: [5, 4], numClasses: 3, seed: 8 });
  const [x, y] = data(2);
  const before = snapshot(m);
  const dlr = discriminativeLr(m, layerGroups(m), { factor: 2.6 });
  await fit(m, x, y, {
    epochs: 1,
    batchSize: N,
    optimizer: tf.train.adam(0.01),
    gradientHook: dlr.gradientHook,
    callbacks: [dlr],
  });
  const after = snapshot(m);
  [0.01 / 2.6 ** 2, 0.01 / 2.6, 0.01].forEach((lr, g) => {
    const biggest = Math.max(...before[g][0].map((v, i) => Math.abs(v - after[g][0][i])));
    assert.ok(Math.abs(biggest / lr - 1) < 0.01, `group ${g}: largest Adam step ${biggest} vs lr ${lr}`);
  });
  tf.dispose([x, y]);
  m.dispose();
});

test('group rates follow the main optimizer rate (LR schedules still apply)', async () => {
  await useBackend();
  const m = mlp({ inputShape: [6], hidden: [5], numClasses: 3, seed: 12 });
  const [x, y] = data(6);
  const groups = layerGroups(m);
  const dlr = discriminativeLr(m, groups, { factor: 2 });
  const grads = plainGradients(m, x, y);
  const before = snapshot(m);
  const schedule: Callback = { onTrainBegin: (state) => setLearningRate(state.optimizer, 0.05) }; // e.g. a schedule's first value
  await fit(m, x, y, {
    epochs: 1,
    batchSize: N,
    shuffle: false,
    optimizer: tf.train.sgd(1),
    gradientHook: dlr.gradientHook,
    callbacks: [schedule, dlr],
  });
  const after = snapshot(m);
  [0.025, 0.05].forEach((lr, g) => {
    const step = before[g][0].map((v, i) => v - after[g][0][i]);
    assert.ok(
      maxRelDiff(
        step,
        grads[g][0].map((d) => lr * d),
        1e-4,
      ) < 2e-3,
      `group ${g} did not use rate ${lr}`,
    );
  });
  assert.deepEqual(dlr.rates(0.05), [0.025, 0.05]);
  tf.dispose([x, y]);
  m.dispose();
});

test('gradual unfreezing: top group first, one more per epoch; frozen groups do not move', async () => {
  await useBackend();
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((e) => unfrozenGroupCount(e, 3, 2)),
    [1, 1, 2, 2, 3, 3],
  );
  const m = mlp({ inputShape: [6], hidden: [5, 4], numClasses: 3, seed: 9 });
  const [x, y] = data(3);
  const groups = layerGroups(m);
  const seen: string[][] = [];
  const moved: boolean[][] = [];
  let last = snapshot(m);
  const recorder: Callback = {
    onEpochBegin: () => void seen.push(m.layers.filter((l) => l.trainable).map((l) => l.name)),
    onEpochEnd: () => {
      const now = snapshot(m);
      moved.push(now.map((ws, g) => ws.some((w, k) => w.some((v, i) => v !== last[g][k][i]))));
      last = now;
    },
  };
  const gu = gradualUnfreezing(m, groups);
  const dlr = discriminativeLr(m, groups, { factor: 1 });
  await fit(m, x, y, {
    epochs: 4,
    batchSize: 8,
    optimizer: tf.train.adam(0.01),
    gradientHook: dlr.gradientHook,
    callbacks: [gu, recorder, dlr],
  });
  assert.deepEqual(seen, [['logits'], ['fc2', 'logits'], ['fc1', 'fc2', 'logits'], ['fc1', 'fc2', 'logits']]);
  assert.deepEqual(moved, [
    [false, false, true],
    [false, true, true],
    [true, true, true],
    [true, true, true],
  ]);
  assert.deepEqual(
    gu.log.map((r) => r.trainable.length),
    [1, 2, 3, 3],
  );
  tf.dispose([x, y]);
  m.dispose();
});

test('gradual unfreezing with a stateful optimizer and no per-group optimizers → clear error; SGD works alone', async () => {
  await useBackend();
  const m = mlp({ inputShape: [6], hidden: [5], numClasses: 3, seed: 10 });
  const [x, y] = data(4);
  const groups = layerGroups(m);
  await assert.rejects(
    fit(m, x, y, {
      epochs: 2,
      batchSize: 8,
      optimizer: tf.train.adam(0.01),
      callbacks: [gradualUnfreezing(m, groups)],
    }),
    (e: Error) => e instanceof WorkbookError && /gradualUnfreezing: Adam keeps its state by position/.test(e.message),
  );
  const h = await fit(m, x, y, {
    epochs: 2,
    batchSize: 8,
    optimizer: tf.train.sgd(0.05),
    callbacks: [gradualUnfreezing(m, groups)],
  });
  assert.equal(h.epoch.length, 2);
  assert.throws(
    () => gradualUnfreezing(m, groups, { initial: 3 }),
    /gradualUnfreezing: initial 3 is invalid; accepted: an integer in \[1, 2\]/,
  );
  assert.throws(
    () => discriminativeLr(m, groups, { multipliers: [1] }),
    /discriminativeLr: multipliers \[1\] is invalid/,
  );
  tf.dispose([x, y]);
  m.dispose();
});

test('layer-wise fine-tuning leaks no tensors across repeated fits', async () => {
  await useBackend();
  const m = mlp({ inputShape: [6], hidden: [5, 4], numClasses: 3, seed: 11 });
  const [x, y] = data(5);
  const groups = layerGroups(m);
  const optimizer = tf.train.adam(0.01);
  await assertNoLeak(async () => {
    const dlr = discriminativeLr(m, groups);
    await fit(m, x, y, {
      epochs: 3,
      batchSize: 8,
      optimizer,
      gradientHook: dlr.gradientHook,
      callbacks: [gradualUnfreezing(m, groups), dlr],
    });
  });
  tf.dispose([x, y]);
  m.dispose();
  optimizer.dispose();
});
