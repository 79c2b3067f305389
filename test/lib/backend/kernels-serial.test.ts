/**
 * The serial kernels of a CNN step: ReLU's gradient as one kernel (WorkbookReluGrad, via the
 * re-registered Relu gradient) and the tiled MaxPool forward. Both must give exactly the values of
 * the kernels they replace.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { selectBackend } from '../../../src/lib/backend';
import { RELU_GRAD } from '../../../src/lib/backend/kernels/relu-grad';
import { assertNoLeak } from '../../helpers';
import { onBoth, values } from './compare';

const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40, 3, -2];

/** Same bits, NaN included (every NaN the same: payloads are not part of the contract). */
function assertSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(actual[i]) && Number.isNaN(expected[i])) continue;
    assert.equal(a[i], e[i], `${what}: element ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

test('WorkbookReluGrad equals mul(dy, step(x)) bit for bit, special values and tails included', async () => {
  await selectBackend({ force: 'wasm' });
  for (const n of [1, 3, 4, 7, 33, 1000]) {
    tf.tidy(() => {
      const xv = values([n], n).map((v, i) => (i % 3 === 0 ? SPECIALS[i % SPECIALS.length] : v));
      const dyv = values([n], n + 1).map((v, i) => (i % 5 === 0 ? SPECIALS[(i + 2) % SPECIALS.length] : v));
      const x = tf.tensor1d(xv);
      const dy = tf.tensor1d(dyv);
      const stock = tf.mul(dy, tf.cast(tf.step(x), 'float32'));
      const fused = tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor;
      assertSameBits(fused.dataSync() as Float32Array, stock.dataSync() as Float32Array, `n = ${n}`);
    });
  }
});

test('the Relu gradient on wasm runs one kernel and matches the cpu backend exactly', async () => {
  const shape = [2, 5, 6, 7];
  const xv = values(shape, 3).map((v, i) => (i % 7 === 0 ? 0 : v));
  const dyv = values(shape, 4);
  const grad = () =>
    tf.grad((x: tf.Tensor) => tf.mul(tf.relu(x), tf.tensor4d(dyv, shape as never)).sum())(
      tf.tensor4d(xv, shape as never),
    );
  const r = await onBoth(grad);
  assertSameBits(r.wasm[0], r.cpu[0], 'relu gradient');
  await selectBackend({ force: 'wasm' });
  const profile = await tf.profile(() => tf.dispose(grad()));
  const names = profile.kernels.map((k) => k.name);
  assert.ok(names.includes(RELU_GRAD), names.join(', '));
  assert.ok(!names.includes('Step'), names.join(', '));
  await assertNoLeak(() => tf.tidy(() => tf.dispose(grad())));
});

test('second-order gradients through the fused Relu gradient match the cpu backend', async () => {
  const xv = values([13], 5);
  // d/dx of (d/dx Σ relu(x)·x²) — exercises WorkbookReluGrad's own gradient
  const f = () => {
    const inner = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), tf.square(x))));
    return tf.grad((x: tf.Tensor) => tf.sum(tf.square(inner(x))))(tf.tensor1d(xv));
  };
  const r = await onBoth(f);
  for (let i = 0; i < xv.length; i++)
    assert.ok(Math.abs(r.wasm[0][i] - r.cpu[0][i]) <= 1e-5 * (1 + Math.abs(r.cpu[0][i])));
});

test('tiled MaxPool equals the cpu backend exactly (channel tails, uncovered edges, ±∞, NaN, ties) and the stock kernel elsewhere', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        b: fc.integer({ min: 1, max: 2 }),
        oh: fc.integer({ min: 1, max: 4 }),
        ow: fc.integer({ min: 1, max: 4 }),
        extraH: fc.nat(1),
        extraW: fc.nat(1),
        c: fc.integer({ min: 1, max: 13 }),
        f: fc.integer({ min: 1, max: 3 }),
        strided: fc.boolean(),
        pad: fc.constantFrom('valid', 'same'),
        special: fc.constantFrom('none', 'ties', 'inf', 'nan'),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const xShape = [p.b, p.oh * p.f + p.extraH, p.ow * p.f + p.extraW, p.c] as [number, number, number, number];
        const xv = values(xShape, p.seed).map((v, i) => {
          if (p.special === 'ties') return Math.max(0, Math.round(v * 2) / 2);
          if (p.special === 'inf' && i % 3 === 0) return i % 2 ? Infinity : -Infinity;
          if (p.special === 'nan' && i % 4 === 0) return NaN;
          return v;
        });
        const stride = p.strided ? p.f : 1; // stride 1: overlapping windows, the stock kernel
        // XNNPACK (the stock kernel, for overlapping windows) lets a NaN in a window give −∞, so
        // NaN inputs are compared only where our kernel runs
        fc.pre(p.special !== 'nan' || (p.strided && p.pad === 'valid' && p.f > 1));
        const r = await onBoth(() => tf.maxPool(tf.tensor4d(xv, xShape), p.f, stride, p.pad as 'valid'));
        assertSameBits(r.wasm[0], r.cpu[0], JSON.stringify(p));
      },
    ),
    { numRuns: 60, seed: 22 },
  );
  await selectBackend({ force: 'wasm' });
  const x = tf.randomNormal([2, 8, 8, 16]);
  await assertNoLeak(() => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid').dispose());
  x.dispose();
});
