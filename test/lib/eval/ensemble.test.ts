import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertNoLeak, useBackend } from '../../helpers';
import { accuracy, averageOutputs, bagging, majorityOfLabels, majorityVote, softVote } from '../../../src/lib/eval';
import { loadMnist } from '../../../src/lib';
import { mlp } from '../../../src/lib';
import { WorkbookError } from '../../../src/lib/errors';

/** A linear model with fixed weights, so ensemble outputs can be checked by hand. */
function fixed(w: number[][]): tf.Sequential {
  const m = tf.sequential({
    layers: [tf.layers.dense({ units: w[0].length, inputShape: [w.length], useBias: false })],
  });
  m.layers[0].setWeights([tf.tensor2d(w)]);
  return m;
}

test('majority vote: most votes win, ties go to the smallest class, weights count', () => {
  assert.deepEqual(
    Array.from(
      majorityOfLabels([
        [0, 1, 2],
        [1, 1, 0],
        [1, 2, 2],
      ]),
    ),
    [1, 1, 2],
  );
  assert.deepEqual(
    Array.from(
      majorityOfLabels([
        [2, 0],
        [1, 1],
      ]),
    ),
    [1, 0],
  );
  assert.deepEqual(Array.from(majorityOfLabels([[0], [1], [1]], [3, 1, 1])), [0]);
});

test('soft voting averages probabilities; averaging averages raw outputs; no leaks', async () => {
  await useBackend();
  const a = fixed([
    [1, 0],
    [0, 1],
  ]);
  const b = fixed([
    [0, 1],
    [1, 0],
  ]);
  const x = tf.tensor2d([[2, 0]]);
  const soft = softVote([a, b], x);
  const pa = 1 / (1 + Math.exp(-2));
  const got = soft.arraySync() as number[][];
  assert.ok(Math.abs(got[0][0] - (pa + (1 - pa)) / 2) < 1e-5);
  const avg = averageOutputs([a, b], x, { weights: [3, 1] });
  assert.deepEqual(
    (avg.arraySync() as number[][])[0].map((v) => +v.toFixed(5)),
    [1.5, 0.5],
  );
  assert.deepEqual(Array.from(majorityVote([a, b, a], x)), [0]);
  await assertNoLeak(() => tf.dispose([softVote([a, b], x), averageOutputs([a, b], x)]));
  await assertNoLeak(() => majorityVote([a, b], x));
  assert.throws(() => softVote([], x), WorkbookError);
  assert.throws(() => softVote([a, b], x, { weights: [1] }), /one per model/);
  tf.dispose([soft, avg, x]);
  a.dispose();
  b.dispose();
});

test('bagging: bootstrap samples leave ≈ 37 % out, and the soft-voting ensemble beats its average member', async () => {
  await useBackend();
  const { train, test: testSet } = loadMnist({ trainSize: 600, testSize: 500, seed: 3, flat: true });
  const bag = await bagging((seed) => mlp({ inputShape: [784], hidden: [32], seed }), train.xs, train.ys, {
    estimators: 4,
    epochs: 3,
    batchSize: 32,
    seed: 1,
  });
  assert.equal(bag.models.length, 4);
  bag.outOfBag.forEach((f) => assert.ok(f > 0.3 && f < 0.44, `out-of-bag ${f}`));
  assert.notDeepEqual(bag.samples[0], bag.samples[1]);
  const members = bag.models.map((m) => {
    const out = m.predict(testSet.xs) as tf.Tensor;
    const acc = accuracy(testSet.labels, out);
    out.dispose();
    return acc;
  });
  const probs = softVote(bag.models, testSet.xs);
  const ensemble = accuracy(testSet.labels, probs);
  probs.dispose();
  const mean = members.reduce((a, b) => a + b, 0) / members.length;
  assert.ok(ensemble > mean, `ensemble ${ensemble} vs mean member ${mean}`);
  bag.models.forEach((m) => m.dispose());
  train.dispose();
  testSet.dispose();
});
