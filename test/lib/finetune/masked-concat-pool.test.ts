import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { languageModel } from '../../../src/lib/text';
import { lmClassifier } from '../../../src/lib/finetune';
import { MaskedConcatPool } from '../../../src/lib/finetune/masked-concat-pool';
import { useBackend, assertNoLeak } from '../../helpers';

const approxArray = (got: number[], want: number[], eps: number) => {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= eps, `[${i}] ${g} vs ${want[i]}`));
};

before(async () => {
  await useBackend();
});

// states [2, 4, 2]; row 0 has words at t = 0, 1 (post-padded), row 1 has no words at all
const ids = tf.tensor2d(
  [
    [5, 3, 0, 0],
    [0, 0, 0, 0],
  ],
  [2, 4],
  'int32',
);
const statesOf = (padValue: number) =>
  tf.tensor3d(
    [
      [
        [0.2, -0.5],
        [-0.4, -0.1],
        [padValue, padValue],
        [padValue, padValue],
      ],
      [
        [padValue, 0.3],
        [0.1, padValue],
        [padValue, padValue],
        [padValue, padValue],
      ],
    ],
    [2, 4, 2],
  );

test('MaskedConcatPool: max and mean over the words only; pad states never count; an all-pad text pools to 0', () => {
  const pool = new MaskedConcatPool({ name: 'pool' });
  for (const padValue of [0.9, -0.9, 0]) {
    const states = statesOf(padValue);
    const out = pool.apply([states, ids]) as tf.Tensor;
    assert.deepEqual(out.shape, [2, 4]);
    // row 0: max (0.2, -0.1), mean (-0.1, -0.3); row 1: zeros
    approxArray(Array.from(out.dataSync()), [0.2, -0.1, -0.1, -0.3, 0, 0, 0, 0], 1e-6);
    tf.dispose([states, out]);
  }
});

test('MaskedConcatPool: no gradient reaches a pad position', () => {
  const pool = new MaskedConcatPool({ name: 'pool' });
  const states = statesOf(0.7);
  const grad = tf.grad((s: tf.Tensor) => tf.sum(pool.apply([s, ids]) as tf.Tensor))(states);
  const g = grad.arraySync() as number[][][];
  assert.deepEqual(g[0][2], [0, 0]);
  assert.deepEqual(g[0][3], [0, 0]);
  assert.ok(g[1].every((row) => row.every((v) => v === 0)));
  assert.ok(g[0][0][0] > 0 && g[0][1][1] > 0, 'the words get gradient');
  tf.dispose([states, grad]);
});

test('lmClassifier: with post-padding, the padding length does not change the prediction; no leaks', async () => {
  const lm = languageModel({ vocabularySize: 9, sequenceLength: 4, embeddingDim: 3, units: 5, seed: 1 });
  const short = lmClassifier(lm, { sequenceLength: 5, seed: 2 });
  const long = lmClassifier(lm, { sequenceLength: 9, seed: 2 });
  long.setWeights(short.getWeights());
  await assertNoLeak(() => {
    const a = tf.tidy(() => short.predict(tf.tensor2d([[4, 7, 2, 0, 0]], [1, 5], 'int32')) as tf.Tensor);
    const b = tf.tidy(() => long.predict(tf.tensor2d([[4, 7, 2, 0, 0, 0, 0, 0, 0]], [1, 9], 'int32')) as tf.Tensor);
    approxArray(Array.from(a.dataSync()), Array.from(b.dataSync()), 1e-6);
    tf.dispose([a, b]);
  });
  [lm, short, long].forEach((m) => m.dispose());
});
