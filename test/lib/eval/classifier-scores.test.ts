import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import { mlp } from '../../../src/lib';
import { classifierScores, precisionRecallFscore } from '../../../src/lib/eval';

test('macro recall and F1 match sklearn (zero_division=0)', () => {
  // sklearn: y_true=[0,1,2,0,1,2], y_pred=[0,2,1,0,0,1] → recall_macro 0.3333, f1_macro 0.2667
  const s = precisionRecallFscore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], {
    average: 'macro',
    zeroDivision: 0,
    numClasses: 3,
  });
  assert.ok(Math.abs(s.recall - 1 / 3) < 1e-12);
  assert.ok(Math.abs(s.f - 0.26666666666666666) < 1e-12);
  // a class never predicted has precision 0 (zero_division=0), F1 0
  const t = precisionRecallFscore([0, 0, 1, 1], [0, 0, 0, 0], { average: 'macro', zeroDivision: 0, numClasses: 2 });
  assert.equal(t.recall, 0.5);
  assert.ok(Math.abs(t.f - 2 / 3 / 2) < 1e-12);
});

test('classifierScores agrees with argmax of the predictions (accuracy, macro recall); no leak', async () => {
  await useBackend();
  const m = mlp({ inputShape: [4], hidden: [], numClasses: 3, seed: 1 });
  const x = tf.randomNormal([30, 4], 0, 1, 'float32', 1);
  const pred = tf.tidy(() => tf.argMax(m.predict(x) as tf.Tensor, -1).dataSync());
  const labels = Int32Array.from(pred, (p, i) => (i < 10 ? (p + 1) % 3 : p));
  const s = classifierScores(m, x, labels);
  assert.ok(Math.abs(s.accuracy - 20 / 30) < 1e-12);
  const want = precisionRecallFscore(labels, pred as Int32Array, { average: 'macro', zeroDivision: 0, numClasses: 3 });
  assert.ok(Math.abs(s.macroRecall - want.recall) < 1e-12 && Math.abs(s.macroF1 - want.f) < 1e-12);
  await assertNoLeak(() => classifierScores(m, x, labels));
  x.dispose();
  m.dispose();
});
