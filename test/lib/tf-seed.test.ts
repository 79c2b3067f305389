/** Seed 0 reaches tfjs as a seed it honours: every seeded model builds the same weights twice at seed 0. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mlp, referenceCnn } from '../../src/lib';
import { tfSeed, rng } from '../../src/lib/random';
import { cnnClassifier, languageModel, rnnClassifier } from '../../src/lib/text';
import { sizeAgnosticCnn } from '../../src/lib/train/progressive';
import { initialiseWeights } from '../../src/lib/train/initialisation';
import { separableCnn } from '../../src/lib/compress/separable';
import { matchedCnn } from '../../src/experiments/18-compression-and-export/matched-cnn';

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

test('tfSeed sends 0 as a fixed non-zero seed and every other seed as itself', async () => {
  await tf.setBackend('cpu');
  assert.notEqual(tfSeed(0), 0);
  for (const s of [1, 7, 1000, 2 ** 31 - 1]) assert.equal(tfSeed(s), s);
  const normal = (seed: number) => tf.tidy(() => Array.from(tf.randomNormal([64], 0, 1, 'float32', seed).dataSync()));
  // why the helper exists: tfjs's Gaussian sampler reads 0 as "no seed"
  assert.notDeepEqual(normal(0), normal(0), 'tfjs randomNormal with seed 0 is unseeded (if this fails, tfjs fixed it)');
  assert.deepEqual(normal(tfSeed(0)), normal(tfSeed(0)));
  // generators' seeds for tf.random* ops go through it too
  for (let i = 0; i < 1000; i++) assert.notEqual(rng(i).seed(), 0);
});

test('every seeded builder gives the same weights twice at seed 0 (and differs from seed 1)', async () => {
  await tf.setBackend('cpu');
  const builders: Record<string, (seed: number) => tf.LayersModel> = {
    referenceCnn: (seed) => referenceCnn({ seed }),
    mlp: (seed) => mlp({ inputShape: [12], hidden: [8], seed }),
    sizeAgnosticCnn: (seed) => sizeAgnosticCnn({ seed }),
    separableCnn: (seed) => separableCnn({ seed }),
    matchedCnn: (seed) => matchedCnn('separable', [4, 8, 8], seed),
    rnnClassifier: (seed) => rnnClassifier({ vocabularySize: 40, sequenceLength: 6, units: 4, seed }),
    cnnClassifier: (seed) =>
      cnnClassifier({ vocabularySize: 40, sequenceLength: 6, filters: 4, kernelSizes: [3], seed }),
    languageModel: (seed) => languageModel({ vocabularySize: 40, sequenceLength: 6, units: 4, seed }),
    initialiseWeights: (seed) => initialiseWeights(mlp({ inputShape: [12], hidden: [8], seed: 1 }), 'he', { seed }),
  };
  const before = tf.memory().numTensors;
  for (const [name, build] of Object.entries(builders)) {
    const [a, b, c] = [build(0), build(0), build(1)];
    assert.deepEqual(weightsOf(a), weightsOf(b), `${name}: seed 0 twice`);
    assert.notDeepEqual(weightsOf(a), weightsOf(c), `${name}: seed 0 vs 1`);
    [a, b, c].forEach((m) => m.dispose());
  }
  assert.equal(tf.memory().numTensors, before, 'no leaks');
});
