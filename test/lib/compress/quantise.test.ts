import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { useBackend, assertNoLeak } from '../../helpers';
import { mlp, fit, evaluate, loadMnist, WorkbookError } from '../../../src/lib';
import {
  quantiseTensor,
  dequantiseTensor,
  storedBytes,
  quantRange,
  quantiseModel,
  quantisationStudy,
  withQuantisedWeights,
  float32ToHalfBits,
  halfBitsToFloat32,
  Granularity,
} from '../../../src/lib/compress';

before(async () => {
  await useBackend();
});

const arrays = fc
  .array(fc.float({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }), { minLength: 6, maxLength: 60 })
  .map((a) => Float32Array.from(a.slice(0, a.length - (a.length % 3))));

test('quantise → dequantise error ≤ scale/2 for every integer format (property)', () => {
  const formats: Array<['int8' | 'uint8', Granularity, number, boolean]> = [
    ['int8', 'per-tensor', 8, false],
    ['uint8', 'per-tensor', 8, false],
    ['int8', 'per-channel', 8, false],
    ['uint8', 'per-channel', 8, false],
    ['int8', 'per-channel', 8, true],
    ['uint8', 'per-channel', 4, false],
    ['int8', 'per-tensor', 2, false],
  ];
  fc.assert(
    fc.property(arrays, (values) => {
      for (const [dtype, granularity, bits, symmetric] of formats) {
        const shape = [values.length / 3, 3];
        const q = quantiseTensor(values, shape, { dtype, granularity, bits, symmetric });
        const back = dequantiseTensor(q);
        const [qmin, qmax] = quantRange(dtype, bits);
        for (let i = 0; i < values.length; i++) {
          const s = q.scale[granularity === 'per-channel' ? i % 3 : 0];
          assert.ok(q.data[i] >= qmin && q.data[i] <= qmax);
          assert.ok(
            Math.abs(back[i] - values[i]) <= s / 2 + 1e-6 * Math.abs(values[i]) + 1e-30,
            `${dtype} ${granularity} ${bits}b: ${values[i]} → ${back[i]} (scale ${s})`,
          );
        }
      }
    }),
    { numRuns: 200 },
  );
});

test('zero is stored exactly (pruned weights stay pruned after quantisation)', () => {
  const values = Float32Array.of(0, 0.3, -0.7, 0, 1.9, 0);
  for (const dtype of ['int8', 'uint8', 'float16'] as const) {
    const back = dequantiseTensor(quantiseTensor(values, [6], { dtype }));
    [0, 3, 5].forEach((i) => assert.equal(back[i], 0, dtype));
  }
});

test('per-channel beats per-tensor when channel ranges differ', () => {
  const values = new Float32Array(200).map((_, i) => (i % 2 ? 100 : 0.01) * Math.sin(i)); // channel 1 is 10^4 larger
  const err = (g: Granularity) => {
    const back = dequantiseTensor(quantiseTensor(values, [100, 2], { dtype: 'int8', granularity: g }));
    return values.reduce((m, v, i) => (i % 2 ? m : Math.max(m, Math.abs(v - back[i]))), 0);
  };
  assert.ok(err('per-channel') < err('per-tensor') / 100);
});

test('float16 matches IEEE half precision: exact values, rounding, overflow, subnormals', () => {
  assert.equal(float32ToHalfBits(1), 0x3c00);
  assert.equal(float32ToHalfBits(-2), 0xc000);
  assert.equal(float32ToHalfBits(65504), 0x7bff);
  assert.equal(float32ToHalfBits(1e6), 0x7c00);
  assert.equal(float32ToHalfBits(2 ** -24), 0x0001);
  assert.equal(halfBitsToFloat32(0x3555), 0.333251953125);
  assert.equal(float32ToHalfBits(1 + 2 ** -11), 0x3c00); // tie → even
  assert.equal(float32ToHalfBits(1 + 3 * 2 ** -11), 0x3c02); // tie → even (up)
  fc.assert(
    fc.property(fc.float({ min: -60000, max: 60000, noNaN: true }), (v) => {
      const back = halfBitsToFloat32(float32ToHalfBits(v));
      return Math.abs(back - v) <= Math.max(Math.abs(v) * 2 ** -11, 2 ** -25);
    }),
  );
});

test('stored size: 8-bit ≈ 1/4, float16 = 1/2 of float32, 4-bit ≈ 1/8', () => {
  const values = new Float32Array(4096).map((_, i) => Math.cos(i));
  const f32 = values.length * 4;
  assert.equal(storedBytes(quantiseTensor(values, [4096], { dtype: 'float16' })), f32 / 2);
  assert.equal(storedBytes(quantiseTensor(values, [4096], { dtype: 'int8' })), f32 / 4 + 5);
  assert.equal(
    storedBytes(quantiseTensor(values, [64, 64], { dtype: 'uint8', granularity: 'per-channel', bits: 4 })),
    f32 / 8 + 64 * 5,
  );
});

test('quantisation validates its arguments', () => {
  const v = Float32Array.of(1, 2, 3, 4);
  assert.throws(() => quantiseTensor(v, [4], { dtype: 'int4' as never }), /dtype "int4"/);
  assert.throws(() => quantiseTensor(v, [3], { dtype: 'int8' }), /shape/);
  assert.throws(() => quantiseTensor(v, [4], { dtype: 'int8', bits: 9 }), /bits 9/);
  assert.throws(() => quantiseTensor(v, [4], { dtype: 'uint8', symmetric: true }), /symmetric/);
  assert.throws(() => quantiseTensor(Float32Array.of(1, NaN), [2], { dtype: 'int8' }), WorkbookError);
});

test('8-bit and float16 keep MNIST accuracy; 2-bit loses it; the model is restored afterwards', async () => {
  const { train, test: t } = loadMnist({ trainSize: 1000, testSize: 500, seed: 6, flat: true });
  const m = mlp({ inputShape: [784], hidden: [64], seed: 6 });
  await fit(m, train.xs, train.ys, { epochs: 3, batchSize: 32, seed: 6 });
  const base = evaluate(m, t.xs, t.ys).accuracy!;
  const rows = quantisationStudy(m, t.xs, t.ys, [
    { dtype: 'float16' },
    { dtype: 'int8', granularity: 'per-channel' },
    { dtype: 'uint8' },
    { dtype: 'uint8', bits: 2 },
  ]);
  assert.ok(Math.abs(rows[0].accuracy - base) <= 0.004, `float16 ${rows[0].accuracy} vs ${base}`);
  assert.ok(rows[1].accuracy >= base - 0.01 && rows[2].accuracy >= base - 0.02, JSON.stringify(rows));
  assert.ok(rows[3].accuracy < base - 0.05, `2-bit ${rows[3].accuracy} vs ${base}`);
  assert.ok(rows[1].ratio < 0.27 && rows[0].ratio === 0.5);
  assert.equal(evaluate(m, t.xs, t.ys).accuracy, base);
  const q = quantiseModel(m, { dtype: 'int8', granularity: 'per-channel' });
  await assertNoLeak(() =>
    withQuantisedWeights(m, q, () => tf.tidy(() => m.predict(t.xs.slice(0, 8)) as tf.Tensor)).dispose(),
  );
  train.dispose();
  t.dispose();
  m.dispose();
});
