/** Our wasm Add for a row vector broadcast along the last axis (a convolution's bias): exactly the stock sums. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { isRowVectorOf } from '../../../src/lib/backend/kernels/add';
import { assertNoLeak, useBackend } from '../../helpers';

test('isRowVectorOf: [..., C] + [1, ..., 1, C] only', () => {
  assert.ok(isRowVectorOf([1, 1, 1, 32], [64, 28, 28, 32]));
  assert.ok(isRowVectorOf([5], [3, 5]));
  assert.ok(!isRowVectorOf([3, 5], [3, 5])); // same shape: stock
  assert.ok(!isRowVectorOf([5, 1], [5, 5])); // a column: stock
  assert.ok(!isRowVectorOf([1], [4, 1])); // a scalar-like vector: stock
  assert.ok(!isRowVectorOf([1, 1, 1, 1, 5], [2, 5])); // higher rank than x: stock
});

test('x + bias row vector on wasm equals the same-shape sum bit for bit, either operand order, and leaks nothing', async () => {
  assert.equal(await useBackend('wasm'), 'wasm');
  // channel counts with and without a four-float tail; ranks 2 and 4
  for (const [shape, vShape] of [
    [
      [3, 5, 7, 32],
      [1, 1, 1, 32],
    ],
    [[2, 3, 3, 7], [7]],
    [
      [9, 6],
      [1, 6],
    ],
  ]) {
    tf.tidy(() => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 1);
      const v = tf.randomNormal(vShape, 0, 1, 'float32', 2);
      const expected = tf.add(x, tf.broadcastTo(v, shape)).dataSync(); // same shapes: the stock kernel
      assert.deepEqual(tf.add(x, v).dataSync(), expected, `${shape} + ${vShape}`);
      assert.deepEqual(tf.add(v, x).dataSync(), expected, `${vShape} + ${shape}`);
      assert.deepEqual(tf.add(v, x).shape, shape);
    });
  }
  const x = tf.randomNormal([4, 8, 8, 16]);
  const v = tf.randomNormal([1, 1, 1, 16]);
  await assertNoLeak(() => tf.add(x, v).dispose());
  tf.dispose([x, v]);
});
