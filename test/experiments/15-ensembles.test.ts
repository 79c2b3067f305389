import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import { rng } from '../../src/lib/random';
import { compareBoosting, boostingFigure, METHODS } from '../../src/experiments/15-ensembles';

function rings(n: number, seed: number) {
  const r = rng(seed);
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = [r.uniform(-1, 1), r.uniform(-1, 1)];
    points.push(a, b);
    labels.push(Math.hypot(a, b) < 0.45 ? 0 : Math.hypot(a, b) < 0.8 ? 1 : 2);
  }
  return {
    xs: tf.tensor2d(points, [n, 2]),
    ys: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat()),
    labels: Int32Array.from(labels),
  };
}

test('compareBoosting: one curve per method and seed, finals are the curves’ ends, no leaks', async () => {
  await useBackend();
  const [train, held] = [rings(200, 1), rings(200, 2)];
  const before = tf.memory().numTensors;
  const c = await compareBoosting({ train, test: held, hidden: [2], estimators: 3, epochs: 3, seeds: [1, 2] });
  assert.equal(tf.memory().numTensors, before);
  for (const m of METHODS) {
    assert.equal(c.curves[m].length, 2);
    c.curves[m].forEach((curve, s) => {
      assert.ok(curve.length >= 1 && curve.length <= 3);
      assert.ok(curve.every((a) => a >= 0 && a <= 1));
      assert.equal(c.finals[m][s], curve[curve.length - 1]);
    });
  }
  assert.deepEqual(c.single, [c.curves.averaging[0][0], c.curves.averaging[1][0]]);
  assert.equal(boostingFigure(c, 't').data.length, 3);
  tf.dispose([train.xs, train.ys, held.xs, held.ys]);
});
