import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { edaEffect, summariseEdaEffect } from '../../src/experiments/11-text-augmentation-effect';
import { useBackend } from '../helpers';

test('EDA raises held-out accuracy of the bag-of-words spam classifier on a small training set', async () => {
  await useBackend();
  const before = tf.memory().numTensors;
  const runs = await edaEffect({ settings: [{ trainSize: 100, numAug: 16 }], seeds: [1, 2, 3], testSize: 500 });
  assert.equal(runs.length, 6);
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
  const [s] = summariseEdaEffect(runs);
  console.log(`# N = 100: without EDA ${s.plain.toFixed(3)}, with EDA ${s.eda.toFixed(3)}`);
  assert.ok(s.plain > 0.6 && s.eda > 0.6, `both classifiers learn something: ${s.plain}, ${s.eda}`);
  assert.ok(s.gain > 0, `EDA gain at N = 100 should be positive (paper: largest gains on small sets), got ${s.gain}`);
  await assert.rejects(edaEffect({ alpha: 2 }), /alpha 2 is invalid/);
});
