/** The core training loop: it learns, it is reproducible, hooks and callbacks run, nothing leaks. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  tf,
  fit,
  evaluate,
  predict,
  mlp,
  loadMnist,
  Callback,
  getLearningRate,
  setLearningRate,
  makeOptimizer,
} from '../../../src/lib';
import { resolveLoss } from '../../../src/lib/train';
import { assertNoLeak, useBackend } from '../../helpers';

const data = () => loadMnist({ trainSize: 512, testSize: 256, seed: 2, flat: true });

test('fit learns MNIST: loss falls and test accuracy beats chance by far', async () => {
  await useBackend();
  const { train, test: t } = data();
  const model = mlp({ hidden: [64], seed: 1 });
  const before = evaluate(model, t.xs, t.ys);
  const h = await fit(model, train.xs, train.ys, { epochs: 4, batchSize: 32, seed: 1, validationData: [t.xs, t.ys] });
  assert.equal(h.history.loss.length, 4);
  assert.ok(h.history.loss[3] < h.history.loss[0] * 0.6, `loss ${h.history.loss}`);
  assert.ok(h.history.val_acc[3] > 0.75, `val_acc ${h.history.val_acc}`);
  const after = evaluate(model, t.xs, t.ys);
  assert.ok(after.accuracy! > before.accuracy! + 0.4);
  assert.equal(after.errors, Math.round(256 * (1 - after.accuracy!)));
  train.dispose();
  t.dispose();
  model.dispose();
});

test('same seed, same weights; different seed, different weights', async () => {
  await useBackend();
  const { train, test: t } = data();
  const run = async (seed: number) => {
    const model = mlp({ hidden: [16], dropout: 0.2, seed: 1 });
    await fit(model, train.xs, train.ys, { epochs: 1, batchSize: 64, seed, optimizer: tf.train.sgd(0.1) });
    const w = Array.from(model.getWeights()[0].dataSync());
    model.dispose();
    return w;
  };
  assert.deepEqual(await run(5), await run(5));
  assert.notDeepEqual(await run(5), await run(6));
  train.dispose();
  t.dispose();
});

test('callbacks run in Keras order and can stop training', async () => {
  await useBackend();
  const x = tf.randomNormal([40, 4], 0, 1, 'float32', 1);
  const y = tf
    .oneHot(
      tf.tensor1d(
        [...Array(40).keys()].map((i) => i % 2),
        'int32',
      ),
      2,
    )
    .toFloat();
  const model = mlp({ inputShape: [4], hidden: [3], numClasses: 2 });
  const events: string[] = [];
  const cb: Callback = {
    onTrainBegin: () => {
      events.push('train');
    },
    onEpochBegin: (e) => {
      events.push(`e${e}`);
    },
    onBatchEnd: (b, logs) => {
      events.push(`b${b}`);
      assert.ok(Number.isFinite(logs.loss));
    },
    onEpochEnd: (e, logs, s) => {
      events.push(`/e${e}`);
      if (e === 1) s.stopTraining = true;
      assert.ok('acc' in logs && 'lr' in logs);
    },
    onTrainEnd: () => {
      events.push('end');
    },
  };
  const h = await fit(model, x, y, { epochs: 5, batchSize: 20, callbacks: [cb] });
  assert.deepEqual(events, ['train', 'e0', 'b0', 'b1', '/e0', 'e1', 'b0', 'b1', '/e1', 'end']);
  assert.deepEqual(h.epoch, [0, 1]);
  tf.dispose([x, y]);
  model.dispose();
});

test('hooks: batchHook sees every batch, lossHook replaces the loss, gradientHook can skip updates', async () => {
  await useBackend();
  const x = tf.randomNormal([32, 4], 0, 1, 'float32', 2);
  const y = tf
    .oneHot(
      tf.tensor1d(
        [...Array(32).keys()].map((i) => i % 3),
        'int32',
      ),
      3,
    )
    .toFloat();
  const model = mlp({ inputShape: [4], hidden: [5], numClasses: 3 });
  const w0 = model.getWeights().map((w) => Array.from(w.dataSync()));
  let batches = 0;
  const h = await fit(model, x, y, {
    epochs: 1,
    batchSize: 8,
    batchHook: (bx, by) => {
      batches++;
      return [bx, by];
    },
    lossHook: ({ baseLoss }) => tf.mul(baseLoss(), 0) as tf.Scalar,
    gradientHook: () => null,
  });
  assert.equal(batches, 4);
  assert.equal(h.history.loss[0], 0);
  assert.deepEqual(
    model.getWeights().map((w) => Array.from(w.dataSync())),
    w0,
    'no update applied',
  );
  tf.dispose([x, y]);
  model.dispose();
});

test('fit, evaluate and predict leak no tensors', async () => {
  await useBackend();
  const x = tf.randomNormal([24, 4], 0, 1, 'float32', 3);
  const y = tf
    .oneHot(
      tf.tensor1d(
        [...Array(24).keys()].map((i) => i % 2),
        'int32',
      ),
      2,
    )
    .toFloat();
  const model = mlp({ inputShape: [4], hidden: [4], numClasses: 2 });
  const opt = tf.train.adam(0.01);
  await assertNoLeak(async () => {
    await fit(model, x, y, { epochs: 1, batchSize: 8, optimizer: opt, validationData: [x, y] });
    evaluate(model, x, y);
    predict(model, x, 7).dispose();
    await fit(model, x, y, { epochs: 1, batchSize: 8 }); // with the default optimizer fit creates and frees
  });
  tf.dispose([x, y]);
  model.dispose();
  opt.dispose();
});

test('bad arguments fail with a message naming the parameter', async () => {
  await useBackend();
  const x = tf.zeros([4, 2]);
  const y = tf.zeros([3, 2]);
  const model = mlp({ inputShape: [2], hidden: [2], numClasses: 2 });
  await assert.rejects(fit(model, x, y, { epochs: 1 }), /fit: y rows 3 is invalid; accepted: as many as x has \(4\)/);
  await assert.rejects(fit(model, x, x, { epochs: 0 }), /fit: epochs 0/);
  await assert.rejects(fit(model, x, x, { epochs: 1, batchSize: -2 }), /fit: batchSize -2/);
  await assert.rejects(fit(model, x, x, { epochs: 1, loss: 'hinge' as never }), /fit: loss "hinge"/);
  assert.throws(() => resolveLoss('nope' as never), /loss "nope"/);
  tf.dispose([x, y]);
  model.dispose();
});

test('learning rate can be read and changed on every optimizer', () => {
  for (const name of ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad'] as const) {
    const o = makeOptimizer(name, 0.1);
    assert.equal(getLearningRate(o), 0.1);
    setLearningRate(o, 0.02);
    assert.equal(getLearningRate(o), 0.02, name);
    o.dispose();
  }
  assert.throws(() => makeOptimizer('lion' as never, 0.1), /makeOptimizer: name "lion"/);
});
