/** Weight penalties shrink / sparsify weights; progressive training resizes and grows the data. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, fit, mlp, loadMnist, WorkbookError } from '../../../src/lib';
import {
  withDropout,
  weightPenalty,
  weightPenaltyValue,
  sparsity,
  progressiveFit,
  difficultyByLoss,
  sizeAgnosticCnn,
} from '../../../src/lib/train';
import { assertNoLeak, useBackend } from '../../helpers';

const kernelNorm = (m: tf.LayersModel) =>
  m.trainableWeights.filter((w) => w.shape.length >= 2).reduce((s, w) => s + w.read().square().sum().dataSync()[0], 0);

test('L2 shrinks the weights, L1 makes more of them (near) zero', async () => {
  await useBackend();
  const { train } = loadMnist({ trainSize: 256, testSize: 10, seed: 4, flat: true });
  const run = async (hook?: ReturnType<typeof weightPenalty>) => {
    const m = mlp({ hidden: [32], seed: 2 });
    await fit(m, train.xs, train.ys, {
      epochs: 3,
      batchSize: 32,
      optimizer: tf.train.adam(3e-3),
      lossHook: hook,
      seed: 1,
    });
    const r = { norm: kernelNorm(m), sparse: sparsity(m, 1e-2) };
    m.dispose();
    return r;
  };
  const none = await run();
  const l2 = await run(weightPenalty({ l2: 1e-2 }));
  const l1 = await run(weightPenalty({ l1: 1e-3 }));
  assert.ok(l2.norm < none.norm * 0.8, `L2 norm ${l2.norm} vs none ${none.norm}`);
  assert.ok(l1.sparse > none.sparse + 0.05, `L1 sparsity ${l1.sparse} vs none ${none.sparse}`);
  train.dispose();
});

test('weightPenaltyValue is l1·Σ|w| + l2·Σw² over kernels only, and does not leak', async () => {
  await useBackend();
  const m = mlp({ inputShape: [2], hidden: [2], numClasses: 2, seed: 1 });
  m.setWeights(m.getWeights().map((w) => tf.fill(w.shape, w.shape.length === 2 ? -2 : 5)));
  const v = weightPenaltyValue(m, { l1: 0.5, l2: 0.25 });
  // 8 kernel entries of -2: 0.5·16 + 0.25·32 = 16 (biases of 5 ignored)
  assert.equal(v.dataSync()[0], 16);
  v.dispose();
  await assertNoLeak(() => weightPenaltyValue(m, { l2: 1 }).dispose());
  assert.throws(
    () => weightPenalty({}),
    (e: unknown) => e instanceof WorkbookError && /weightPenalty: l1\/l2/.test((e as Error).message),
  );
  assert.throws(() => weightPenalty({ l2: -1 }), /weightPenalty: l2 -1/);
  m.dispose();
});

test('withDropout adds dropout after hidden layers, keeps the weights and the inference output', async () => {
  await useBackend();
  const base = mlp({ inputShape: [6], hidden: [16, 8], numClasses: 3, seed: 1 });
  const dropped = await withDropout(base, 0.5);
  assert.deepEqual(
    dropped.layers.map((l) => l.getClassName()),
    ['Dense', 'Dropout', 'Dense', 'Dropout', 'Dense'],
  );
  const x = tf.randomNormal([5, 6], 0, 1, 'float32', 2);
  tf.tidy(() => {
    const a = (base.predict(x) as tf.Tensor).dataSync();
    const b = (dropped.predict(x) as tf.Tensor).dataSync();
    assert.deepEqual(Array.from(b), Array.from(a));
    const trainOut = (dropped.apply(x, { training: true }) as tf.Tensor).dataSync();
    assert.notDeepEqual(Array.from(trainOut), Array.from(a));
  });
  await assert.rejects(withDropout(base, 1), /withDropout: rate 1 is invalid/);
  await assert.rejects(withDropout({} as never, 0.5), /withDropout: model/);
  base.dispose();
  dropped.dispose();
  x.dispose();
});

test("progressive resizing trains at each stage's size and continues the epoch count", async () => {
  await useBackend();
  const { train } = loadMnist({ trainSize: 64, testSize: 10, seed: 1 });
  // A size-agnostic model without convolutions (trainable on every backend): global pool + dense.
  const m = tf.sequential({
    layers: [
      tf.layers.globalAveragePooling2d({ inputShape: [null, null, 1] as never }),
      tf.layers.dense({ units: 10 }),
    ],
  });
  const sizes: number[] = [];
  const forward = (model: tf.LayersModel, x: tf.Tensor) => (
    sizes.push(x.shape[1]!),
    model.apply(x, { training: true }) as tf.Tensor
  );
  const h = await progressiveFit(m, train.xs, train.ys, {
    stages: [{ epochs: 2, size: 14 }, { epochs: 1 }],
    batchSize: 32,
    forward,
  });
  assert.deepEqual(h.epoch, [0, 1, 2]);
  assert.deepEqual(h.stage, [0, 0, 1]);
  assert.deepEqual(sizes, [14, 14, 14, 14, 28, 28]);
  const cnn = sizeAgnosticCnn();
  for (const size of [14, 20, 28])
    tf.tidy(() => assert.deepEqual((cnn.predict(tf.zeros([2, size, size, 1])) as tf.Tensor).shape, [2, 10]));
  cnn.dispose();
  // any depth from 1 to 6 convolutions, a pooling between each: four see 56×56 down to 7×7
  const deep = sizeAgnosticCnn({ filters: [4, 4, 8, 8], seed: 1 });
  assert.deepEqual(
    deep.layers.map((l) => l.name),
    ['conv1', 'pool1', 'conv2', 'pool2', 'conv3', 'pool3', 'conv4', 'gap', 'logits'],
  );
  assert.deepEqual(deep.getLayer('conv4').outputShape, [null, null, null, 8]);
  for (const size of [28, 56])
    tf.tidy(() => assert.deepEqual((deep.predict(tf.zeros([1, size, size, 1])) as tf.Tensor).shape, [1, 10]));
  deep.dispose();
  for (const filters of [[], [1, 2, 3, 4, 5, 6, 7], [8, 0]])
    assert.throws(
      () => sizeAgnosticCnn({ filters }),
      (e: Error) => e instanceof WorkbookError && /filters/.test(e.message),
    );
  m.dispose();
  train.dispose();
});

test('growing data: early stages see the easiest fraction first', async () => {
  await useBackend();
  const { train } = loadMnist({ trainSize: 100, testSize: 10, seed: 2, flat: true });
  const m = mlp({ hidden: [8], seed: 1 });
  const difficulty = difficultyByLoss(m, train.xs, train.ys);
  assert.equal(difficulty.length, 100);
  const seen: number[] = [];
  const h = await progressiveFit(m, train.xs, train.ys, {
    stages: [{ epochs: 1, fraction: 0.25 }, { epochs: 1, fraction: 0.5 }, { epochs: 1 }],
    batchSize: 10,
    difficulty,
    callbacks: [{ onTrainBegin: (s) => void seen.push(s.params.samples) }],
  });
  assert.deepEqual(seen, [25, 50, 100]);
  assert.deepEqual(h.epoch, [0, 1, 2]);
  const optimizer = tf.train.adam(1e-3);
  await assertNoLeak(
    () =>
      progressiveFit(m, train.xs, train.ys, {
        stages: [{ epochs: 1, fraction: 0.5 }, { epochs: 1 }],
        batchSize: 25,
        difficulty,
        optimizer,
      }),
    2,
  );
  await assertNoLeak(() => difficultyByLoss(m, train.xs, train.ys), 2);
  assert.throws(() => difficultyByLoss(m, train.xs, train.ys.slice(0, 5)), /difficultyByLoss: y/);
  await assert.rejects(progressiveFit(m, train.xs, train.ys, { stages: [] }), /progressiveFit: stages/);
  await assert.rejects(
    progressiveFit(m, train.xs, train.ys, { stages: [{ epochs: 1, fraction: 0 }] }),
    /stages\[0\].fraction 0/,
  );
  await assert.rejects(
    progressiveFit(m, train.xs, train.ys, { stages: [{ epochs: 1, size: 14 }] }),
    /stages\[0\].size 14/,
  );
  m.dispose();
  train.dispose();
});
