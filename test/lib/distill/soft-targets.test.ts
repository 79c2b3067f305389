import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { useBackend, assertNoLeak, maxRelDiff } from '../../helpers';
import { WorkbookError } from '../../../src/lib/errors';
import {
  softTargets,
  averageSoftTargets,
  distillationLoss,
  softTargetKl,
  annealTemperature,
  temperatureAt,
} from '../../../src/lib/distill';

before(async () => {
  await useBackend();
});

const softmax = (z: number[], T: number) => {
  const m = Math.max(...z.map((v) => v / T));
  const e = z.map((v) => Math.exp(v / T - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

test('distillationLoss equals a hand computation on small tensors', () => {
  const zt = [
    [3, 1, -2],
    [0.5, 2.5, 0],
  ];
  const zs = [
    [1, 0, 0.5],
    [-1, 1, 2],
  ];
  const y = [
    [1, 0, 0],
    [0, 0, 1],
  ];
  const T = 2.5;
  const alpha = 0.7;
  let kl = 0;
  let ce = 0;
  for (let i = 0; i < 2; i++) {
    const p = softmax(zt[i], T);
    const q = softmax(zs[i], T);
    kl += p.reduce((s, pj, j) => s + pj * Math.log(pj / q[j]), 0) / 2;
    const q1 = softmax(zs[i], 1);
    ce += -y[i].reduce((s, yj, j) => s + yj * Math.log(q1[j]), 0) / 2;
  }
  const expected = alpha * T * T * kl + (1 - alpha) * ce;
  const got = tf.tidy(
    () =>
      distillationLoss(softTargets(tf.tensor2d(zt), T), tf.tensor2d(zs), tf.tensor2d(y), {
        temperature: T,
        alpha,
      }).dataSync()[0],
  );
  assert.ok(Math.abs(got - expected) < 1e-5 * Math.max(1, expected), `got ${got}, expected ${expected}`);
});

test('KL is zero when the student matches the teacher, positive otherwise', () => {
  fc.assert(
    fc.property(
      fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
      fc.float({ min: Math.fround(0.5), max: 30, noNaN: true }),
      (z, T) => {
        const [same, other] = tf.tidy(() => {
          const zt = tf.tensor2d([z]);
          const p = softTargets(zt, T);
          return [
            softTargetKl(p, zt, T).dataSync()[0],
            softTargetKl(p, tf.tensor2d([[z[2], z[0] + 1, z[1] - 1]]), T).dataSync()[0],
          ];
        });
        assert.ok(Math.abs(same) < 1e-5, `KL(p‖p) = ${same}`);
        assert.ok(other > -1e-6, `KL must be ≥ 0, got ${other}`);
      },
    ),
    { numRuns: 30, seed: 7 },
  );
});

test('a very high temperature makes soft targets uniform; T = 1 is the plain softmax', () => {
  const z = tf.tensor2d([
    [8, -3, 0.5, 2],
    [0, 0, 10, -10],
  ]);
  const hot = softTargets(z, 1e5);
  assert.ok(maxRelDiff(hot.dataSync(), new Array(8).fill(0.25)) < 1e-3);
  const cool = softTargets(z, 1);
  const plain = tf.softmax(z);
  assert.ok(maxRelDiff(cool.dataSync(), plain.dataSync()) < 1e-6);
  // entropy grows with T
  const entropy = (T: number) =>
    tf.tidy(() => {
      const p = softTargets(z, T);
      return -tf.sum(tf.mul(p, tf.log(p))).dataSync()[0];
    });
  assert.ok(entropy(1) < entropy(4) && entropy(4) < entropy(20));
  tf.dispose([z, hot, cool, plain]);
});

test('gradients of the loss are finite, even for extreme logits and zero teacher probabilities', () => {
  const zs = tf.variable(
    tf.tensor2d([
      [80, -80, 0],
      [-60, 60, 1e-3],
    ]),
  );
  const p = tf.tensor2d([
    [1, 0, 0],
    [0, 0, 1],
  ]); // hard zeros in the teacher's targets
  const y = tf.tensor2d([
    [1, 0, 0],
    [0, 1, 0],
  ]);
  for (const T of [0.5, 1, 20]) {
    const { value, grads } = tf.variableGrads(() => distillationLoss(p, zs, y, { temperature: T, alpha: 0.5 }), [zs]);
    const g = grads[zs.name].dataSync();
    assert.ok(Number.isFinite(value.dataSync()[0]), `loss finite at T=${T}`);
    assert.ok(g.every(Number.isFinite), `grads finite at T=${T}: ${g}`);
    tf.dispose([value, grads[zs.name]]);
  }
  tf.dispose([zs, p, y]);
});

test("multi-teacher soft targets are the weighted average of each teacher's", () => {
  const a = tf.tensor2d([[2, 0, -1]]);
  const b = tf.tensor2d([[-1, 3, 0]]);
  const avg = averageSoftTargets([a, b], 3, [3, 1]).dataSync();
  const pa = softmax([2, 0, -1], 3);
  const pb = softmax([-1, 3, 0], 3);
  assert.ok(
    maxRelDiff(
      avg,
      pa.map((v, i) => 0.75 * v + 0.25 * pb[i]),
    ) < 1e-5,
  );
  const equal = averageSoftTargets([a, a], 3).dataSync();
  assert.ok(maxRelDiff(equal, pa) < 1e-5);
  assert.throws(() => averageSoftTargets([a, b], 3, [0, 0]), /averageSoftTargets: weights/);
  assert.throws(() => averageSoftTargets([a, b], 3, [1]), /one weight per teacher/);
  assert.throws(() => averageSoftTargets([a, tf.zeros([1, 4])], 3), /logits\[1\]/);
  tf.dispose([a, b]);
});

test('bad temperature or alpha → a WorkbookError naming the parameter', () => {
  const z = tf.zeros([1, 3]);
  for (const T of [0, -1, NaN, Infinity]) {
    assert.throws(
      () => softTargets(z, T),
      (e: unknown) =>
        e instanceof WorkbookError && /softTargets: temperature .* accepted: a finite number > 0/.test(e.message),
    );
    assert.throws(() => distillationLoss(z, z, z, { temperature: T, alpha: 0.5 }), /distillationLoss: temperature/);
  }
  for (const alpha of [-0.1, 1.5, NaN]) {
    assert.throws(
      () => distillationLoss(z, z, z, { temperature: 2, alpha }),
      (e: unknown) => e instanceof WorkbookError && /distillationLoss: alpha .* \[0, 1\]/.test(e.message),
    );
  }
  assert.throws(() => distillationLoss(z, tf.zeros([1, 4]), z, { temperature: 2, alpha: 0.5 }), /teacherProbs/);
  z.dispose();
});

test('temperature schedules anneal from → to and are validated', () => {
  const lin = annealTemperature({ from: 8, to: 2, epochs: 4 });
  assert.deepEqual([0, 1, 2, 3].map(lin), [8, 6, 4, 2]);
  const cos = annealTemperature({ from: 8, to: 2, epochs: 5, shape: 'cosine' });
  assert.ok(Math.abs(cos(0) - 8) < 1e-9 && Math.abs(cos(4) - 2) < 1e-9 && Math.abs(cos(2) - 5) < 1e-9);
  const exp = annealTemperature({ from: 16, to: 1, epochs: 5, shape: 'exponential' });
  assert.ok(Math.abs(exp(2) - 4) < 1e-9);
  assert.equal(
    annealTemperature({ from: 8, to: 1, epochs: 1 })(0),
    8,
    'a one-epoch run trains at the starting temperature',
  );
  assert.throws(() => annealTemperature({ from: 0, to: 1, epochs: 3 }), /annealTemperature: from 0/);
  assert.throws(() => annealTemperature({ from: 2, to: 1, epochs: 3, shape: 'step' as 'linear' }), /shape "step"/);
  assert.throws(() => annealTemperature({ from: 2, to: 1, epochs: 0 }), /annealTemperature: epochs 0/);
  assert.throws(() => temperatureAt(() => -3, 0, 2, 'distill'), /distill: temperature -3/);
  assert.equal(temperatureAt(annealTemperature({ from: 8, to: 2, epochs: 4 }), 1, 4, 'distill'), 6);
});

test('loss functions leak no tensors', async () => {
  const zt = tf.randomNormal([4, 10], 0, 1, 'float32', 1);
  const zs = tf.randomNormal([4, 10], 0, 1, 'float32', 2);
  const y = tf.oneHot(tf.tensor1d([1, 2, 3, 4], 'int32'), 10).toFloat();
  await assertNoLeak(() => {
    const p = averageSoftTargets([zt, zs], 4);
    distillationLoss(p, zs, y, { temperature: 4, alpha: 0.9 }).dispose();
    p.dispose();
  });
  tf.dispose([zt, zs, y]);
});
