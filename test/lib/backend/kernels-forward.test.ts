/** The stock wasm forward convolutions, with our explicit-padding fix, against the cpu backend. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { onBoth, scaledDiff, values } from './compare';

const OPS = {
  conv2d: (x: tf.Tensor4D, f: tf.Tensor4D, s: number, p: 'same' | 'valid') => tf.conv2d(x, f, s, p),
  depthwise: (x: tf.Tensor4D, f: tf.Tensor4D, s: number, p: 'same' | 'valid') => tf.depthwiseConv2d(x, f, s, p),
  fusedConv2d: (x: tf.Tensor4D, f: tf.Tensor4D, s: number, p: 'same' | 'valid') =>
    tf.fused.conv2d({
      x,
      filter: f,
      strides: s,
      pad: p,
      bias: tf.onesLike(f.sum([0, 1, 2])).mul(0.1),
      activation: 'relu',
    }),
  fusedDepthwise: (x: tf.Tensor4D, f: tf.Tensor4D, s: number, p: 'same' | 'valid') =>
    tf.fused.depthwiseConv2d({
      x,
      filter: f,
      strides: s,
      pad: p,
      bias: tf.onesLike(f.sum([0, 1]).reshape([-1])).mul(0.1),
      activation: 'relu',
    }),
};

test("forward convolutions with 'same'/'valid' padding match cpu (the stock wasm SAME padding is off for some shapes)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        op: fc.constantFrom(...(Object.keys(OPS) as (keyof typeof OPS)[])),
        h: fc.integer({ min: 1, max: 6 }),
        w: fc.integer({ min: 1, max: 6 }),
        c: fc.integer({ min: 1, max: 3 }),
        kh: fc.integer({ min: 1, max: 3 }),
        kw: fc.integer({ min: 1, max: 3 }),
        s: fc.integer({ min: 1, max: 3 }),
        pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        if (p.pad === 'valid' && (p.kh > p.h || p.kw > p.w)) return;
        const xShape: [number, number, number, number] = [2, p.h, p.w, p.c];
        const fShape: [number, number, number, number] = [p.kh, p.kw, p.c, 2];
        const r = await onBoth(() =>
          OPS[p.op](
            tf.tensor4d(values(xShape, p.seed), xShape),
            tf.tensor4d(values(fShape, p.seed + 1), fShape),
            p.s,
            p.pad,
          ),
        );
        assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < 1e-5, JSON.stringify(p));
      },
    ),
    { numRuns: 60, seed: 12 },
  );
});

test('the stock wasm SAME-padding case that motivated the fix: 1×2 image, 2×1 kernel, stride 2', async () => {
  const r = await onBoth(() =>
    tf.conv2d(tf.tensor4d([1, 2], [1, 1, 2, 1]), tf.tensor4d([3, 5], [2, 1, 1, 1]), 2, 'same'),
  );
  assert.deepEqual([...r.wasm[0]], [3]);
  assert.deepEqual([...r.cpu[0]], [3]);
});
