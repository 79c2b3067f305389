import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import { smallCnn, mlp, fit, WorkbookError } from '../../../src/lib';
import {
  ACTIVATION_BITS,
  activationQuantiser,
  fakeQuantiseActivation,
  withActivationQuantisers,
  quantisedActivationBytes,
  activationBytes,
} from '../../../src/lib/compress';

before(async () => {
  await useBackend();
});

test('fakeQuantiseActivation: 2^bits evenly spaced levels over the range, error at most half a step', () => {
  const x = tf.tensor1d([0, 0.1, 0.26, 0.5, 0.74, 0.9, 1.2]);
  const q2 = Array.from(fakeQuantiseActivation(x, { bits: 2 }).dataSync());
  // range [0, 1.2], step 0.4: levels 0, 0.4, 0.8, 1.2
  assert.deepEqual(
    q2.map((v) => Math.round(v * 1e5) / 1e5),
    [0, 0, 0.4, 0.4, 0.8, 0.8, 1.2],
  );
  for (const bits of ACTIVATION_BITS) {
    const r = tf.randomNormal([500], 0, 1, 'float32', bits);
    const q = fakeQuantiseActivation(r, { bits });
    const step = (r.max().dataSync()[0] - r.min().dataSync()[0]) / (2 ** bits - 1);
    const err = tf.max(tf.abs(tf.sub(q, r))).dataSync()[0];
    assert.ok(err <= step / 2 + 1e-5, `${bits} bits: error ${err} > half step ${step / 2}`);
    assert.ok(new Set(q.dataSync()).size <= 2 ** bits, `${bits} bits: too many levels`);
  }
  // a fixed range clips
  const clipped = fakeQuantiseActivation(tf.tensor1d([-3, 0.5, 9]), { bits: 8, range: [0, 1] }).dataSync();
  assert.equal(clipped[0], 0);
  assert.ok(Math.abs(clipped[2] - 1) < 1e-6);
});

test('straight-through estimator: the gradient is the loss gradient at the quantised point (finite differences)', () => {
  // f(v) = sum(w · v²), so d f(q(x)) / dx via the STE is 2·w·q(x); check it against central
  // differences of f taken at q(x), and against zero for values a fixed range clips.
  const x = tf.randomUniform([40], -1, 2, 'float32', 7);
  const w = tf.randomNormal([40], 0, 1, 'float32', 8);
  const f = (v: tf.Tensor) => tf.sum(tf.mul(w, tf.square(v))) as tf.Scalar;
  for (const bits of [8, 4, 2]) {
    const grad = tf
      .grad((v: tf.Tensor) => f(fakeQuantiseActivation(v, { bits })))(x)
      .dataSync();
    const q = fakeQuantiseActivation(x, { bits }).dataSync();
    const h = 1e-2;
    for (let i = 0; i < 40; i++) {
      const plus = Float32Array.from(q),
        minus = Float32Array.from(q);
      plus[i] += h;
      minus[i] -= h;
      const fd = (f(tf.tensor1d(plus)).dataSync()[0] - f(tf.tensor1d(minus)).dataSync()[0]) / (2 * h);
      assert.ok(Math.abs(grad[i] - fd) < 2e-2 * Math.max(1, Math.abs(fd)), `${bits} bits, [${i}]: ${grad[i]} vs ${fd}`);
    }
  }
  const xs = x.dataSync();
  const clippedGrad = tf.grad((v: tf.Tensor) => tf.sum(fakeQuantiseActivation(v, { bits: 4, range: [0, 1] })))(x);
  clippedGrad.dataSync().forEach((g, i) => assert.equal(g, xs[i] >= 0 && xs[i] <= 1 ? 1 : 0, `[${i}] x=${xs[i]}`));
});

test('withActivationQuantisers: same weights, a quantiser after every ReLU, 8 bits close to float; trains', async () => {
  const m = smallCnn({ seed: 3 });
  const q8 = withActivationQuantisers(m, { bits: 8 });
  assert.deepEqual(
    q8.layers.map((l) => l.name),
    ['conv1', 'conv1_quant', 'pool1', 'conv2', 'conv2_quant', 'pool2', 'flatten', 'logits'],
  );
  assert.equal(q8.layers[1].getClassName(), 'ActivationQuantiser');
  const x = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 4);
  const a = m.predict(x) as tf.Tensor,
    b = q8.predict(x) as tf.Tensor;
  const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0],
    scale = tf.max(tf.abs(a)).dataSync()[0];
  assert.ok(diff < 0.05 * scale && diff > 0, `8-bit activations moved the logits by ${diff} (scale ${scale})`);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10).toFloat();
  const q2 = withActivationQuantisers(m, { bits: 2 });
  const h = await fit(q2, x, y, { epochs: 3, batchSize: 8, seed: 1 });
  assert.ok(h.history.loss[2] < h.history.loss[0], `loss ${h.history.loss}`);
  assert.ok(m.getWeights()[0].sub(q2.getWeights()[0]).abs().max().dataSync()[0] > 0, 'the copy trains on its own');
  await assertNoLeak(() => withActivationQuantisers(m, { bits: 4 }).dispose());
  await assertNoLeak(() => tf.dispose(q8.predict(x) as tf.Tensor));
  [m, q8, q2].forEach((model) => model.dispose());
});

test('quantisedActivationBytes: float bytes measured, quantised activations counted at bits/8 bytes', () => {
  const m = smallCnn({ seed: 5 });
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 5);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10).toFloat();
  const r8 = quantisedActivationBytes(m, x, y, { bits: 8 });
  const r2 = quantisedActivationBytes(m, x, y, { bits: 2 });
  assert.equal(r8.quantisedValuesPerExample, 28 * 28 * 8 + 14 * 14 * 16);
  assert.ok(Math.abs(r8.float32BytesPerExample - activationBytes(m, x, y).bytesPerExample) < 1);
  assert.equal(r8.float32BytesPerExample - r8.integerStoreBytesPerExample, 3 * r8.quantisedValuesPerExample);
  assert.ok(r2.integerStoreBytesPerExample < r8.integerStoreBytesPerExample);
  assert.ok(r8.integerStoreBytesPerExample > 0);
  m.dispose();
});

test('bad input: bits outside the supported set, bad ranges, unknown keys → WorkbookError naming the parameter', () => {
  const x = tf.ones([2, 2]);
  for (const bits of [1, 9, 16, 4.5, '8', undefined])
    assert.throws(
      () => fakeQuantiseActivation(x, { bits } as never),
      (e: Error) => e instanceof WorkbookError && /bits/.test(e.message) && /2, 3, 4, 5, 6, 7, 8/.test(e.message),
      `bits ${bits}`,
    );
  for (const range of [[1, 2], [0, 0], [-1], [0, Infinity], 'x'])
    assert.throws(
      () => fakeQuantiseActivation(x, { bits: 4, range } as never),
      (e: Error) => e instanceof WorkbookError && /range/.test(e.message),
    );
  assert.throws(() => fakeQuantiseActivation(x, { bits: 4, bit: 3 } as never), /bit/);
  assert.throws(
    () => activationQuantiser({ bits: 12 }),
    (e: Error) => e instanceof WorkbookError && /bits/.test(e.message),
  );
  const layer = activationQuantiser({ bits: 3, name: 'q3' });
  const seq = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'relu' }), layer] });
  assert.equal(
    new Set((seq.predict(tf.randomNormal([16, 4], 0, 1, 'float32', 2)) as tf.Tensor).dataSync()).size <= 8,
    true,
  );
  seq.dispose();
  const m = mlp({ inputShape: [4], hidden: [], seed: 1 });
  assert.throws(
    () => withActivationQuantisers(m, { bits: 4 }),
    (e: Error) => e instanceof WorkbookError && /ReLU/.test(e.message),
  );
  assert.throws(
    () => quantisedActivationBytes(m, x, x, { bits: 1 }),
    (e: Error) => e instanceof WorkbookError && /bits/.test(e.message),
  );
  m.dispose();
  x.dispose();
});
