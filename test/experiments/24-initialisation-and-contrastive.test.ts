import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../helpers';
import { knnAccuracy, trainContrastive, embed } from '../../src/experiments/24-initialisation-and-contrastive';

test('knnAccuracy: cosine neighbours vote, hand-checked', async () => {
  await useBackend();
  const train = tf.tensor2d([
    [1, 0],
    [0.9, 0.1],
    [0, 1],
    [0.1, 0.9],
    [-1, 0],
  ]);
  const test2 = tf.tensor2d([
    [2, 0.1], // nearest: rows 0, 1 (class 0)
    [0.2, 3], // nearest: rows 2, 3 (class 1)
    [-1, 0.05], // nearest: row 4 (class 2), then row 2/3 (class 1)
  ]);
  const labels = [0, 0, 1, 1, 2];
  assert.equal(knnAccuracy(train, labels, test2, [0, 1, 2], 1), 1);
  assert.equal(knnAccuracy(train, labels, test2, [0, 1, 2], 3), 2 / 3); // the third point is outvoted by class 1
  await assertNoLeak(() => knnAccuracy(train, labels, test2, [0, 1, 1], 2));
  tf.dispose([train, test2]);
});

test('trainContrastive: InfoNCE falls on two augmented views; embeddings shaped [N, D]; no leaks', async () => {
  await useBackend();
  const images = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 4);
  const before = tf.memory().numTensors;
  const { model, losses } = await trainContrastive({
    images,
    epochs: 3,
    batchSize: 32,
    dimensions: 8,
    hidden: [16],
    seed: 1,
  });
  assert.equal(losses.length, 3);
  assert.ok(losses[2] < losses[0], `InfoNCE ${losses}`);
  const e = embed(model, images);
  assert.deepEqual(e.shape, [64, 8]);
  e.dispose();
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
  images.dispose();
});
