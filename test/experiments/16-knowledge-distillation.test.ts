import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../helpers';
import { loadMnist, subset } from '../../src/lib';
import { mlp } from '../../src/lib';
import { fit } from '../../src/lib';
import { distill } from '../../src/lib/distill';
import { classBiasCurve } from '../../src/experiments/16-knowledge-distillation';

/** A model whose logits are its inputs (3 classes). */
function identityModel(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [3], units: 3, useBias: false, weights: [tf.eye(3)] }));
  return m;
}

test('classBiasCurve: errors and recall for hand-computed logits, at each bias', async () => {
  await useBackend();
  const m = identityModel();
  const x = tf.tensor2d([
    [1, 0, 0.5],
    [0, 1, 0.2],
    [0.3, 0, 0.6],
    [0, 0.8, 0.7],
  ]);
  const curve = classBiasCurve(m, x, [0, 1, 2, 2], { classIndex: 2, biases: [0, 0.2, 0.6] });
  assert.deepEqual(curve, [
    { bias: 0, errors: 1, recall: 0.5 }, // row 3 is read as a 1
    { bias: 0.2, errors: 0, recall: 1 }, // 0.9 > 0.8: row 3 becomes a 2, row 0 stays a 0 (0.7 < 1)
    { bias: 0.6, errors: 1, recall: 1 }, // 1.1 > 1: row 0 turns into a 2
  ]);
  const oneHot = tf.oneHot(tf.tensor1d([0, 1, 2, 2], 'int32'), 3);
  assert.deepEqual(
    classBiasCurve(m, x, oneHot, { classIndex: 2, biases: [0.2] }),
    [curve[1]],
    'one-hot y reads as labels',
  );
  await assertNoLeak(() => classBiasCurve(m, x, oneHot, { classIndex: 2, biases: [0, 1] }));
  oneHot.dispose();
  assert.throws(
    () => classBiasCurve(m, x, [0, 1, 2, 2], { classIndex: 3, biases: [0] }),
    /classBiasCurve.*classIndex.*3/s,
  );
  assert.throws(() => classBiasCurve(m, x, [0, 1, 2], { classIndex: 0, biases: [0] }), /classBiasCurve.*y rows/s);
  assert.throws(() => classBiasCurve(m, x, [0, 1, 2, 2], { classIndex: 0, biases: [] }), /classBiasCurve.*biases/s);
  assert.throws(
    () => classBiasCurve(m, x, [0, 1, 2, 2], { classIndex: 0, biases: [NaN] }),
    /classBiasCurve.*biases\[0\]/s,
  );
  assert.throws(
    () => classBiasCurve(m, x, [0, 1, 5, 2], { classIndex: 0, biases: [0] }),
    /classBiasCurve.*y\[2\].*\[0, 2\]/s,
  );
  x.dispose();
  m.dispose();
});

test("Hinton's held-out class: a student distilled without any 3s recognises some; trained alone, none", async () => {
  await useBackend();
  const { train, test: t } = loadMnist({ trainSize: 2000, testSize: 500, flat: true, seed: 7 });
  const teacher = mlp({ hidden: [128], seed: 1 });
  await fit(teacher, train.xs, train.ys, { epochs: 4, batchSize: 64, seed: 1 });
  const noThrees = subset(train, (label) => label !== 3);
  const alone = mlp({ hidden: [64], seed: 2 });
  const distilled = mlp({ hidden: [64], seed: 2 });
  await fit(alone, noThrees.xs, noThrees.ys, { epochs: 4, batchSize: 64, seed: 2 });
  await distill(distilled, noThrees.xs, noThrees.ys, {
    epochs: 4,
    batchSize: 64,
    seed: 2,
    teacher,
    temperature: 4,
    alpha: 0.9,
  });
  const biases = [0, 2, 4];
  const a = classBiasCurve(alone, t.xs, t.labels, { classIndex: 3, biases });
  const d = classBiasCurve(distilled, t.xs, t.labels, { classIndex: 3, biases });
  assert.equal(a[0].recall, 0, 'never saw a 3, never answers 3');
  assert.ok(d[0].recall > 0.2, `distilled recall of 3s ${d[0].recall}`);
  assert.ok(d[2].recall >= d[1].recall && d[1].recall >= d[0].recall, 'a larger bias finds more 3s');
  assert.ok(d[0].errors < a[0].errors, `distilled ${d[0].errors} vs alone ${a[0].errors} errors`);
  [teacher, alone, distilled].forEach((m) => m.dispose());
  noThrees.dispose();
  train.dispose();
  t.dispose();
});
