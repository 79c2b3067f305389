import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import { WorkbookError } from '../../../src/lib';
import { infoNce } from '../../../src/lib/train';

before(async () => {
  await useBackend();
});

test('infoNce: its gradient matches central finite differences', () => {
  const a = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
  const b = tf.randomNormal([5, 4], 0, 1, 'float32', 2);
  const g = tf
    .grad((x: tf.Tensor) => infoNce(x, b, { temperature: 0.5 }))(a)
    .dataSync();
  const base = a.dataSync();
  const h = 1e-2;
  for (let i = 0; i < base.length; i++) {
    const at = (d: number) =>
      tf.tidy(() => {
        const v = Float32Array.from(base);
        v[i] += d;
        return infoNce(tf.tensor2d(v, [5, 4]), b, { temperature: 0.5 }).dataSync()[0];
      });
    const fd = (at(h) - at(-h)) / (2 * h);
    assert.ok(
      Math.abs(fd - g[i]) < 2e-3 + 0.02 * Math.abs(g[i]),
      `element ${i}: finite difference ${fd} vs gradient ${g[i]}`,
    );
  }
  tf.dispose([a, b]);
});

test('infoNce is low for matched pairs, high for shuffled ones; bad input is a WorkbookError; no leaks', async () => {
  const a = tf.randomNormal([8, 6], 0, 1, 'float32', 3);
  const noisy = tf.tidy(() => tf.add(a, tf.randomNormal([8, 6], 0, 0.05, 'float32', 4)));
  const shuffled = tf.tidy(() => tf.reverse(noisy, 0));
  assert.ok(infoNce(a, noisy).dataSync()[0] < 0.1);
  assert.ok(infoNce(a, shuffled).dataSync()[0] > 1);
  assert.throws(
    () => infoNce(a, noisy, { temperature: 0 }),
    (e: Error) => e instanceof WorkbookError && /temperature 0/.test(e.message),
  );
  assert.throws(() => infoNce(a, noisy.slice(0, 4)), /b/);
  await assertNoLeak(() => infoNce(a, noisy).dispose());
  tf.dispose([a, noisy, shuffled]);
});
