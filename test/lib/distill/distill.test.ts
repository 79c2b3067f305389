import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak, maxRelDiff } from '../../helpers';
import { WorkbookError } from '../../../src/lib/errors';
import { loadMnist, Dataset } from '../../../src/lib';
import { mlp } from '../../../src/lib';
import { fit, evaluate, Callback } from '../../../src/lib';
import {
  distill,
  teacherLogits,
  toLogits,
  endsInSoftmax,
  annealTemperature,
  softTargets,
  softTargetKl,
} from '../../../src/lib/distill';

let train: Dataset;
let test_: Dataset;
let teacher: tf.LayersModel;

before(async () => {
  await useBackend();
  ({ train, test: test_ } = loadMnist({ trainSize: 512, testSize: 256, flat: true, seed: 3 }));
  teacher = mlp({ hidden: [64], seed: 5 });
  await fit(teacher, train.xs, train.ys, { epochs: 3, batchSize: 32, seed: 5 });
});

after(() => {
  train.dispose();
  test_.dispose();
  teacher.dispose();
});

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

test('α = 0 is plain cross-entropy training: same weights as fit with the same seed', async () => {
  const a = mlp({ hidden: [16], seed: 9 });
  const b = mlp({ hidden: [16], seed: 9 });
  const opts = { epochs: 1, batchSize: 64, seed: 2 };
  await fit(a, train.xs, train.ys, { ...opts, optimizer: tf.train.sgd(0.1) });
  await distill(b, train.xs, train.ys, { ...opts, optimizer: tf.train.sgd(0.1), teacher, alpha: 0, temperature: 7 });
  const wa = weightsOf(a).flat();
  const wb = weightsOf(b).flat();
  assert.ok(maxRelDiff(wb, wa) < 1e-4, `weights differ by ${maxRelDiff(wb, wa)}`);
  a.dispose();
  b.dispose();
});

test('the teacher is never updated; the student is', async () => {
  const before = weightsOf(teacher);
  const student = mlp({ hidden: [16], seed: 1 });
  const start = weightsOf(student);
  await distill(student, train.xs, train.ys, { teacher, epochs: 1, batchSize: 64, precompute: false });
  assert.deepEqual(weightsOf(teacher), before);
  assert.notDeepEqual(weightsOf(student), start);
  student.dispose();
});

test('precomputed and live teacher logits give the same training', async () => {
  const a = mlp({ hidden: [16], seed: 4 });
  const b = mlp({ hidden: [16], seed: 4 });
  const opts = { teacher, epochs: 1, batchSize: 64, seed: 8, temperature: 3, alpha: 0.8 };
  const ha = await distill(a, train.xs, train.ys, { ...opts, precompute: true });
  const hb = await distill(b, train.xs, train.ys, { ...opts, precompute: false });
  assert.ok(Math.abs(ha.history.loss[0] - hb.history.loss[0]) < 1e-4);
  assert.ok(maxRelDiff(weightsOf(b).flat(), weightsOf(a).flat()) < 1e-3);
  a.dispose();
  b.dispose();
});

test('a distilled student mimics its teacher more closely than the same student trained alone', async () => {
  // What distillation promises on every run: the student moves towards the teacher's output
  // distribution (lower KL to the teacher on unseen digits). Fewer test errors
  // follow in long enough runs; the benchmark measures that on full MNIST.
  const opts = { epochs: 3, batchSize: 32, seed: 6 };
  const alone = mlp({ hidden: [32], seed: 6 });
  const distilled = mlp({ hidden: [32], seed: 6 });
  await fit(alone, train.xs, train.ys, opts);
  await distill(distilled, train.xs, train.ys, { ...opts, teacher, temperature: 4, alpha: 0.9 });
  const [kAlone, kDistilled] = tf.tidy(() => {
    const p = softTargets(teacher.predict(test_.xs) as tf.Tensor, 4);
    const zA = alone.predict(test_.xs) as tf.Tensor;
    const zD = distilled.predict(test_.xs) as tf.Tensor;
    return [softTargetKl(p, zA, 4).dataSync()[0], softTargetKl(p, zD, 4).dataSync()[0]];
  });
  assert.ok(kDistilled < kAlone, `KL to the teacher: distilled ${kDistilled} vs alone ${kAlone}`);
  alone.dispose();
  distilled.dispose();
});

test('multi-teacher distillation trains, with callbacks and a temperature schedule', async () => {
  const second = mlp({ hidden: [32], seed: 11 });
  await fit(second, train.xs, train.ys, { epochs: 2, batchSize: 64, seed: 11 });
  const student = mlp({ hidden: [16], seed: 2 });
  const temps: number[] = [];
  const seen: Callback = { onEpochEnd: (e) => void temps.push(e) };
  const h = await distill(student, train.xs, train.ys, {
    teacher: [
      { model: teacher, weight: 2 },
      { model: second, weight: 1 },
    ],
    temperature: annealTemperature({ from: 8, to: 2, epochs: 2 }),
    epochs: 2,
    batchSize: 64,
    callbacks: [seen],
    validationData: [test_.xs, test_.ys],
  });
  assert.deepEqual(temps, [0, 1]);
  assert.equal(h.history.val_acc.length, 2);
  assert.ok(h.history.loss.every(Number.isFinite));
  second.dispose();
  student.dispose();
});

test('a model ending in softmax is distilled from its pre-softmax logits', async () => {
  const logitsNet = mlp({ hidden: [16], seed: 3 });
  const softNet = tf.sequential();
  softNet.add(tf.layers.dense({ inputShape: [784], units: 16, activation: 'relu' }));
  softNet.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  softNet.setWeights(logitsNet.getWeights());
  assert.ok(endsInSoftmax(softNet) && !endsInSoftmax(logitsNet));
  const x = train.xs.slice(0, 8);
  const want = logitsNet.predict(x) as tf.Tensor;
  const got = toLogits(softNet)(x, false);
  const pre = teacherLogits(softNet, x);
  assert.ok(maxRelDiff(got.dataSync(), want.dataSync()) < 1e-4);
  assert.ok(maxRelDiff(pre.dataSync(), want.dataSync()) < 1e-4);
  // as a student: training reaches the original Dense weights through the shared variables
  const start = weightsOf(softNet);
  const h = await distill(softNet, train.xs, train.ys, { teacher, epochs: 1, batchSize: 64 });
  assert.ok(h.history.loss.every(Number.isFinite));
  assert.notDeepEqual(weightsOf(softNet)[2], start[2]);
  tf.dispose([x, want, got, pre]);
  logitsNet.dispose();
  softNet.dispose();
});

test('bad arguments → WorkbookError before training starts', async () => {
  const student = mlp({ hidden: [8], seed: 1 });
  const base = { teacher, epochs: 1 };
  const cases: [object, RegExp][] = [
    [{ temperature: 0 }, /distill: temperature 0 is invalid/],
    [{ temperature: -2 }, /distill: temperature -2/],
    [{ temperature: () => 0 }, /distill: temperature 0/],
    [{ alpha: 1.2 }, /distill: alpha 1.2 is invalid; accepted: a number in \[0, 1\]/],
    [{ alpha: -0.5 }, /distill: alpha -0.5/],
    [{ teacher: [] }, /distill: teacher/],
    [{ teacher: student }, /different model than the student/],
    [{ teacher: [{ model: teacher, weight: -1 }] }, /distill: weights\[0\]/],
    [{ epochs: 0 }, /distill: epochs 0/],
    [{ teacherLogits: tf.zeros([3, 10]) }, /distill: teacherLogits\[0\] \[3, 10\] is invalid; accepted: \[512, 10\]/],
  ];
  for (const [extra, message] of cases) {
    await assert.rejects(
      distill(student, train.xs, train.ys, { ...base, ...extra } as never),
      (e: unknown) => e instanceof WorkbookError && message.test(e.message),
    );
  }
  const wrongClasses = mlp({ hidden: [8], numClasses: 5 });
  await assert.rejects(
    distill(student, train.xs, train.ys, { ...base, teacher: wrongClasses }),
    /teacherLogits\[0\] \[512, 5\]/,
  );
  wrongClasses.dispose();
  student.dispose();
});

test('distill leaks no tensors', async () => {
  const student = mlp({ hidden: [8], seed: 1 });
  const x = train.xs.slice(0, 64);
  const y = train.ys.slice(0, 64);
  await assertNoLeak(() => distill(student, x, y, { teacher, epochs: 1, batchSize: 32 }), 2);
  await assertNoLeak(() => distill(student, x, y, { teacher, epochs: 1, batchSize: 32, precompute: false }), 2);
  tf.dispose([x, y]);
  student.dispose();
});
