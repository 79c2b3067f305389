import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertNoLeak, useBackend } from '../../helpers';
import { accuracy, adaBoost, adaBoostScores, sammeUpdate } from '../../../src/lib/eval';
import { mlp } from '../../../src/lib';
import { rng } from '../../../src/lib/random';
import { WorkbookError } from '../../../src/lib/errors';

/** Three concentric rings in [-1, 1]²: no line separates them, so a 2-unit MLP alone is weak. */
function rings(n: number, seed: number) {
  const r = rng(seed);
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = [r.uniform(-1, 1), r.uniform(-1, 1)];
    const d = Math.hypot(a, b);
    points.push(a, b);
    labels.push(d < 0.45 ? 0 : d < 0.8 ? 1 : 2);
  }
  return {
    x: tf.tensor2d(points, [n, 2]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat()),
    labels,
  };
}
const weak = (seed: number) => mlp({ inputShape: [2], hidden: [2], numClasses: 3, seed });
const options = { estimators: 8, epochs: 10, batchSize: 32, seed: 3, optimizer: () => tf.train.adam(0.05) };

test('sammeUpdate follows the SAMME formula', () => {
  const w = [0.1, 0.2, 0.3, 0.4];
  const round = sammeUpdate(w, [1, 0, 0, 1], 3, 0.5);
  const error = 0.5;
  const alpha = 0.5 * (Math.log((1 - error) / error) + Math.log(2));
  assert.ok(Math.abs(round.error - error) < 1e-12);
  assert.ok(Math.abs(round.alpha - alpha) < 1e-12);
  const raised = [0.1 * Math.exp(alpha), 0.2, 0.3, 0.4 * Math.exp(alpha)];
  const total = raised.reduce((a, b) => a + b, 0);
  raised.forEach((v, i) => assert.ok(Math.abs(round.weights[i] - v / total) < 1e-12));
  assert.equal(round.useful, true);
  // Two classes: error 0.5 is chance, so the learner is useless; error 0 is perfect.
  assert.equal(sammeUpdate(w, [1, 0, 0, 1], 2).useful, false);
  assert.equal(sammeUpdate(w, [0, 0, 0, 0], 2).perfect, true);
  assert.throws(() => sammeUpdate(w, [1, 0], 3), WorkbookError);
  assert.throws(() => sammeUpdate(w, [1, 0, 0, 1], 1), /numClasses/);
  assert.throws(() => sammeUpdate([-1, 1], [1, 0], 3), /weights\[0\]/);
});

test('adaBoost: boosting 2-unit MLPs beats its first learner on rings (both weightings); seeded; no leaks', async () => {
  await useBackend();
  const train = rings(400, 1);
  const held = rings(400, 2);
  for (const sampleWeights of ['resample', 'weightedLoss'] as const) {
    const boost = await adaBoost(weak, train.x, train.y, { ...options, sampleWeights });
    assert.equal(boost.models.length, boost.alphas.length);
    assert.ok(boost.models.length >= 4, `${sampleWeights}: only ${boost.models.length} rounds (${boost.stopped})`);
    const first = adaBoostScores(boost, held.x, { rounds: 1 });
    const all = adaBoostScores(boost, held.x);
    const [one, many] = [accuracy(held.labels, first), accuracy(held.labels, all)];
    tf.dispose([first, all]);
    assert.ok(many > one + 0.08, `${sampleWeights}: boosted ${many} vs first learner ${one}`);
    boost.models.forEach((m) => m.dispose());
  }
  const a = await adaBoost(weak, train.x, train.y, { ...options, estimators: 3 });
  const b = await adaBoost(weak, train.x, train.y, { ...options, estimators: 3 });
  assert.deepEqual(a.alphas, b.alphas, 'same seed, same boost');
  [...a.models, ...b.models].forEach((m) => m.dispose());
  await assertNoLeak(async () => {
    const boost = await adaBoost(weak, train.x, train.y, { ...options, estimators: 2, epochs: 1 });
    adaBoostScores(boost, held.x).dispose();
    boost.models.forEach((m) => m.dispose());
  }, 2);
  tf.dispose([train.x, train.y, held.x, held.y]);
});

test('adaBoost refuses bad input before training', async () => {
  await useBackend();
  const { x, y } = rings(20, 1);
  const short = y.slice(0, 10);
  const before = tf.memory().numTensors;
  await assert.rejects(adaBoost(weak, x, y, { epochs: 1, estimators: 0 }), /estimators/);
  await assert.rejects(adaBoost(weak, x, y, { epochs: 1, learningRate: -1 }), /learningRate/);
  await assert.rejects(adaBoost(weak, x, y, { epochs: 1, sampleWeights: 'x' as never }), /sampleWeights/);
  await assert.rejects(adaBoost(weak, x, y, { epochs: 1, estimater: 2 } as never), /did you mean `estimators`/);
  await assert.rejects(adaBoost(weak, x, short, { epochs: 1 }), WorkbookError);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y, short]);
});
