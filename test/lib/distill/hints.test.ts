import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import { WorkbookError } from '../../../src/lib/errors';
import { loadMnist, Dataset } from '../../../src/lib';
import { mlp } from '../../../src/lib';
import { fit } from '../../../src/lib';
import { hintTrain, hintRegressor, fitnets } from '../../../src/lib/distill';

let train: Dataset;
let teacher: tf.LayersModel;

before(async () => {
  await useBackend();
  ({ train } = loadMnist({ trainSize: 384, testSize: 10, flat: true, seed: 4 }));
  teacher = mlp({ hidden: [48, 32], seed: 5 });
  await fit(teacher, train.xs, train.ys, { epochs: 4, batchSize: 32, seed: 5, optimizer: tf.train.adam(5e-3) });
});

after(() => {
  train.dispose();
  teacher.dispose();
});

const values = (m: tf.LayersModel, name: string) =>
  m
    .getLayer(name)
    .getWeights()
    .map((w) => Array.from(w.dataSync()));

test('hint training lowers the hint loss and trains only the layers up to the guided one', async () => {
  const student = mlp({ hidden: [16, 16], seed: 2 });
  const teacherBefore = values(teacher, 'fc2');
  const fc1Before = values(student, 'fc1');
  const headBefore = values(student, 'logits');
  const fc2Before = values(student, 'fc2');
  const { history, regressor } = await hintTrain(student, train.xs, train.ys, {
    teacher,
    studentLayer: 'fc1',
    teacherLayer: 'fc2',
    epochs: 3,
    batchSize: 32,
    seed: 1,
  });
  const loss = history.history.loss;
  assert.ok(loss[2] < loss[0], `hint loss should fall: ${loss}`);
  assert.notDeepEqual(values(student, 'fc1'), fc1Before, 'guided layer trains');
  assert.deepEqual(values(student, 'fc2'), fc2Before, 'layers after the guided one are untouched in stage 1');
  assert.deepEqual(values(student, 'logits'), headBefore);
  assert.deepEqual(values(teacher, 'fc2'), teacherBefore, 'teacher unchanged');
  assert.equal(regressor.variables[0].shape.join(), '16,32');
  regressor.dispose();
  student.dispose();
});

test('fitnets runs hint training then distillation', async () => {
  const student = mlp({ hidden: [16], seed: 3 });
  const numVars = tf.memory().numTensors;
  const optimizer = tf.train.adam(5e-3);
  const { hint, kd } = await fitnets(student, train.xs, train.ys, {
    teacher,
    studentLayer: 'fc1',
    teacherLayer: 'fc1',
    hintEpochs: 1,
    epochs: 3,
    batchSize: 32,
    temperature: 4,
    optimizer,
  });
  assert.equal(hint.epoch.length, 1);
  assert.equal(kd.epoch.length, 3);
  assert.ok(kd.history.loss[2] < kd.history.loss[0], `distillation loss falls in stage 2: ${kd.history.loss}`);
  assert.ok(kd.history.acc[2] > 0.5, `student learns in stage 2: ${kd.history.acc}`);
  optimizer.dispose();
  assert.equal(tf.memory().numTensors, numVars, 'regressor and teacher logits disposed');
  student.dispose();
});

test('the regressor maps dense and conv features; mismatched shapes and names → WorkbookError', async () => {
  const dense = hintRegressor([8], [12], 1);
  const out = dense.apply(tf.ones([2, 8]));
  assert.deepEqual(out.shape, [2, 12]);
  const conv = hintRegressor([7, 7, 8], [7, 7, 16], 1);
  const outConv = conv.apply(tf.ones([1, 7, 7, 8]));
  assert.deepEqual(outConv.shape, [1, 7, 7, 16]);
  const same = hintRegressor([8], [12], 1);
  assert.deepEqual(Array.from(same.variables[0].dataSync()), Array.from(dense.variables[0].dataSync()), 'seeded');
  tf.dispose([out, outConv]);
  [dense, conv, same].forEach((r) => r.dispose());
  assert.throws(
    () => hintRegressor([7, 7, 8], [14, 14, 8]),
    (e: unknown) => e instanceof WorkbookError && /hintRegressor: teacherShape \[14, 14, 8\]/.test(e.message),
  );
  const student = mlp({ hidden: [8], seed: 1 });
  await assert.rejects(
    hintTrain(student, train.xs, train.ys, { teacher, studentLayer: 'nope', teacherLayer: 'fc1', epochs: 1 }),
    /hintTrain: studentLayer "nope" is invalid; accepted: one of the model's layer names: fc1, logits/,
  );
  await assert.rejects(
    hintTrain(student, train.xs, train.ys, { teacher: student, studentLayer: 'fc1', teacherLayer: 'fc1', epochs: 1 }),
    /different model/,
  );
  student.dispose();
});

test('hint training leaks no tensors', async () => {
  const student = mlp({ hidden: [8], seed: 1 });
  const x = train.xs.slice(0, 64);
  const y = train.ys.slice(0, 64);
  await assertNoLeak(async () => {
    const { regressor } = await hintTrain(student, x, y, {
      teacher,
      studentLayer: 'fc1',
      teacherLayer: 'fc1',
      epochs: 1,
      batchSize: 32,
    });
    regressor.dispose();
  }, 2);
  tf.dispose([x, y]);
  student.dispose();
});
