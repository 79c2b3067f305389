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

test('summariseEdaEffect: the gain is paired seed by seed (runs in any order), with its standard error and verdict', () => {
  const run = (seed: number, augmented: boolean, accuracy: number) =>
    ({ trainSize: 100, numAug: 16, seed, augmented, examples: 1, accuracy, seconds: 0 }) as const;
  // seeds differ a lot, the gain hardly: +0.03, +0.031, +0.029
  const [s] = summariseEdaEffect([
    run(2, true, 0.931),
    run(1, false, 0.7),
    run(3, true, 0.829),
    run(2, false, 0.9),
    run(1, true, 0.73),
    run(3, false, 0.8),
  ]);
  assert.equal(s.seeds, 3);
  assert.ok(Math.abs(s.gain - 0.03) < 1e-9, `${s.gain}`);
  assert.ok(s.gainSe < 0.001, `${s.gainSe}`);
  assert.deepEqual([s.wins, s.verdict], [3, 'a ahead']);
  assert.ok(s.plainSd > 0.09, 'the unpaired spread is large');
});
