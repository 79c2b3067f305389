import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertNoLeak, useBackend } from '../../helpers';
import { classifierScores, crossValidateModel } from '../../../src/lib/eval';
import { loadMnist } from '../../../src/lib';
import { mlp } from '../../../src/lib';

test('crossValidateModel trains one model per stratified fold, scores it, and leaks no tensors', async () => {
  await useBackend();
  const { train, test: t } = loadMnist({ trainSize: 300, testSize: 50, seed: 2, flat: true });
  const run = () =>
    crossValidateModel((seed) => mlp({ inputShape: [784], hidden: [16], seed }), train.xs, train.ys, {
      k: 3,
      epochs: 1,
      batchSize: 32,
      seed: 1,
    });
  const cv = await run();
  assert.equal(cv.folds.length, 3);
  cv.folds.forEach((f) => assert.equal(f.testSize, 100));
  assert.ok(cv.mean.accuracy > 0.15 && cv.mean.accuracy <= 1, `accuracy ${cv.mean.accuracy}`);
  assert.ok(cv.sd.accuracy >= 0 && Number.isFinite(cv.mean.logLoss));
  assert.deepEqual(
    (await run()).folds.map((f) => f.accuracy),
    cv.folds.map((f) => f.accuracy),
  );
  await assertNoLeak(run, 1);
  const model = mlp({ inputShape: [784], hidden: [8], seed: 1 });
  await assertNoLeak(() => classifierScores(model, t.xs, t.labels));
  model.dispose();
  train.dispose();
  t.dispose();
});

test('bagging disposes the optimizers it creates (only the models remain)', async () => {
  await useBackend();
  const { bagging } = await import('../../../src/lib/eval');
  const { train } = loadMnist({ trainSize: 100, testSize: 10, seed: 2, flat: true });
  const before = tf.memory().numTensors;
  const bag = await bagging((seed) => mlp({ inputShape: [784], hidden: [8], seed }), train.xs, train.ys, {
    estimators: 2,
    epochs: 1,
    seed: 1,
    optimizer: () => tf.train.adam(1e-3),
  });
  bag.models.forEach((m) => m.dispose());
  assert.equal(tf.memory().numTensors, before);
  train.dispose();
});
