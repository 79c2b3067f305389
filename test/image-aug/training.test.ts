/** Pipelines plug into fit as a batchHook, and augmentation does what it promises. */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../helpers';
import { loadMnist, mlp, fit, evaluate } from '../../src/lib';
import * as A from '../../src/image-aug';

before(() => useBackend());

test('asBatchHook works inside fit with soft MixUp labels, without leaking', async () => {
  const { train, test: held } = loadMnist({ trainSize: 64, testSize: 16, seed: 1 });
  const model = mlp({ inputShape: [28, 28, 1], hidden: [16], seed: 1 });
  const hook = new A.Compose([new A.Affine({ translate: 0.1, rotate: 10 }), new A.MixUp({ alpha: 0.4 })]).asBatchHook();
  const optimizer = tf.train.adam(1e-3); // one optimizer: its slots are created once, in the warm-up
  await assertNoLeak(() => tf.dispose(hook(train.xs, train.ys, { seed: 3 })));
  await assertNoLeak(async () => {
    const h = await fit(model, train.xs, train.ys, { epochs: 1, batchSize: 16, seed: 1, batchHook: hook, optimizer });
    assert.ok(Number.isFinite(h.history.loss[0]));
  }, 2);
  train.dispose();
  held.dispose();
  model.dispose();
  optimizer.dispose();
});

test('training with shift augmentation makes a model more robust to shifted digits', async () => {
  const { train, test: held } = loadMnist({ trainSize: 600, testSize: 500, seed: 2 });
  const shifted = new A.Translate({ translate: [-0.12, 0.12], seed: 3 }).apply(held.xs);
  const accuracy = async (batchHook?: ReturnType<A.Compose['asBatchHook']>) => {
    const model = mlp({ inputShape: [28, 28, 1], hidden: [64], seed: 4 });
    await fit(model, train.xs, train.ys, {
      epochs: 6,
      batchSize: 32,
      seed: 4,
      batchHook,
      optimizer: tf.train.adam(3e-3),
    });
    const acc = evaluate(model, shifted, held.ys).accuracy!;
    model.dispose();
    return acc;
  };
  const plain = await accuracy();
  const augmented = await accuracy(new A.Compose([new A.Translate({ translate: 0.12 })]).asBatchHook());
  assert.ok(augmented > plain + 0.03, `on shifted digits: augmented ${augmented} vs plain ${plain}`);
  tf.dispose(shifted);
  train.dispose();
  held.dispose();
});
