/** The notebook 06 resizing harness and the notebook 23 activation-quantisation harness, on tiny data. */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import { loadMnist, smallCnn } from '../../src/lib';
import { resizingRuns } from '../../src/experiments/06-progressive-training';
import { compareActivationQuant } from '../../src/experiments/23-training-time-compression';

before(async () => {
  await useBackend();
});

test('resizingRuns: per seed and plan, the epoch sizes, growing wall and CPU times, a final accuracy; no leaks', async () => {
  const { train, test: held } = loadMnist({ trainSize: 64, testSize: 32, seed: 1 });
  const before = tf.memory().numTensors;
  const runs = await resizingRuns(train, held, {
    plans: { full: [{ epochs: 2 }], small: [{ epochs: 1, size: 14 }, { epochs: 1 }] },
    seeds: [1, 2],
    filters: [4, 4],
    batchSize: 32,
    learningRate: 1e-3,
  });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(
    runs.map((r) => [r.plan, r.seed, r.size]),
    [
      ['full', 1, [28, 28]],
      ['small', 1, [14, 28]],
      ['full', 2, [28, 28]],
      ['small', 2, [14, 28]],
    ],
  );
  for (const r of runs) {
    assert.ok(r.seconds[1] > r.seconds[0] && r.seconds[0] > 0);
    assert.ok(r.cpuSeconds[1] >= r.cpuSeconds[0] && r.cpuSeconds[0] >= 0);
    assert.ok(r.accuracy >= 0 && r.accuracy <= 1);
  }
  train.dispose();
  held.dispose();
});

test('compareActivationQuant: one row per seed, accuracies per bit width, integer-store bytes below float', async () => {
  const { train, test: held } = loadMnist({ trainSize: 64, testSize: 32, seed: 2 });
  const before = tf.memory().numTensors;
  const study = await compareActivationQuant({
    train,
    test: held,
    makeModel: (seed) => smallCnn({ seed }),
    seeds: [3],
    epochs: 1,
    bits: [8, 2],
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(study.runs.length, 1);
  assert.deepEqual(Object.keys(study.runs[0].trained).sort(), ['2', '8']);
  // 8-bit activations after training change the float model's predictions very little
  assert.ok(Math.abs(study.runs[0].afterTraining[8] - study.runs[0].float) <= 2 / 32);
  const [m8, m2] = study.memory;
  assert.ok(m2.integerStoreBytes < m8.integerStoreBytes && m8.integerStoreBytes < m8.float32Bytes);
  assert.equal(m8.quantisedValues, 28 * 28 * 8 + 14 * 14 * 16);
  train.dispose();
  held.dispose();
});
