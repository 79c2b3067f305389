/** Each wasm training kernel against the cpu backend, over random shapes, strides and paddings. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { onBoth, scaledDiff, values } from './compare';

const TOL = 1e-5;
const RUNS = 25;
const padArb = fc.constantFrom<'same' | 'valid'>('same', 'valid');
type Explicit = [[number, number], [number, number], [number, number], [number, number]];
/** 'same', 'valid' or explicit [top, bottom, left, right] paddings (given NHWC-ordered). */
const convPadArb = fc.oneof(
  padArb,
  fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)).map(([t, b, l, r]): Explicit => [
    [0, 0],
    [t, b],
    [l, r],
    [0, 0],
  ]),
);
const fits = (pad: 'same' | 'valid' | Explicit, h: number, w: number, kh: number, kw: number) =>
  pad === 'same' ||
  (pad === 'valid' ? kh <= h && kw <= w : kh <= h + pad[1][0] + pad[1][1] && kw <= w + pad[2][0] + pad[2][1]);
/** The same explicit padding in NCHW axis order. */
const inFormat = (pad: 'same' | 'valid' | Explicit, nchw: boolean) =>
  nchw && Array.isArray(pad) ? [pad[0], pad[3], pad[1], pad[2]] : pad;

/** One random conv case shared by the filter- and input-gradient properties. */
const convCaseArb = fc.record({
  b: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 1, max: 9 }),
  w: fc.integer({ min: 1, max: 9 }),
  ci: fc.integer({ min: 1, max: 4 }),
  co: fc.integer({ min: 1, max: 4 }),
  kh: fc.integer({ min: 1, max: 4 }),
  kw: fc.integer({ min: 1, max: 4 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  pad: convPadArb,
  nchw: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

test('Conv2DBackpropFilter matches cpu (random shapes, strides, same/valid/explicit paddings, NHWC/NCHW)', async () => {
  await fc.assert(
    fc.asyncProperty(convCaseArb, async (p) => {
      if (!fits(p.pad, p.h, p.w, p.kh, p.kw)) return; // no output
      const xShape = [p.b, p.h, p.w, p.ci];
      const fShape: [number, number, number, number] = [p.kh, p.kw, p.ci, p.co];
      const outShape = tf.backend_util.computeConv2DInfo(xShape as never, fShape, [p.sh, p.sw], 1, p.pad).outShape;
      const xv = values(xShape, p.seed);
      const dyv = values(outShape, p.seed + 1);
      const r = await onBoth(() => {
        let x = tf.tensor4d(xv, xShape as never);
        let dy = tf.tensor4d(dyv, outShape);
        if (p.nchw) [x, dy] = [x.transpose([0, 3, 1, 2]), dy.transpose([0, 3, 1, 2])];
        return tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          {
            strides: [p.sh, p.sw],
            pad: inFormat(p.pad, p.nchw),
            dataFormat: p.nchw ? 'NCHW' : 'NHWC',
            filterShape: fShape,
          },
        ) as tf.Tensor;
      });
      assert.ok(
        scaledDiff(r.wasm[0], r.cpu[0]) < TOL,
        `diff ${scaledDiff(r.wasm[0], r.cpu[0])} for ${JSON.stringify(p)}`,
      );
    }),
    { numRuns: 2 * RUNS, seed: 4 },
  );
});

test('Conv2DBackpropFilter with explicit padding matches cpu', async () => {
  const xShape = [2, 7, 6, 3];
  const fShape: [number, number, number, number] = [3, 2, 3, 2];
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [2, 1],
    [0, 3],
    [0, 0],
  ];
  const outShape = tf.backend_util.computeConv2DInfo(xShape as never, fShape, [2, 1], 1, pad).outShape;
  const r = await onBoth(
    () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x: tf.tensor4d(values(xShape, 1), xShape as never), dy: tf.tensor4d(values(outShape, 2), outShape) },
          { strides: [2, 1], pad, dataFormat: 'NHWC', filterShape: fShape },
        ) as tf.Tensor,
  );
  assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL);
});

test('BatchMatMul matches cpu for every transpose combination and batch broadcasting', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        batch: fc.constantFrom([], [2], [3, 2]),
        bBatch1: fc.boolean(),
        m: fc.integer({ min: 1, max: 9 }),
        k: fc.integer({ min: 1, max: 9 }),
        n: fc.integer({ min: 1, max: 9 }),
        ta: fc.boolean(),
        tb: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const aShape = [...p.batch, ...(p.ta ? [p.k, p.m] : [p.m, p.k])];
        const bShape = [...(p.bBatch1 ? [] : p.batch), ...(p.tb ? [p.n, p.k] : [p.k, p.n])];
        const r = await onBoth(() =>
          tf.matMul(
            tf.tensor(values(aShape, p.seed), aShape),
            tf.tensor(values(bShape, p.seed + 1), bShape),
            p.ta,
            p.tb,
          ),
        );
        assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, JSON.stringify(p));
      },
    ),
    { numRuns: RUNS, seed: 5 },
  );
});

test('MaxPoolGrad matches cpu, including ties (ReLU zeros) and SAME padding', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        b: fc.integer({ min: 1, max: 2 }),
        h: fc.integer({ min: 1, max: 9 }),
        w: fc.integer({ min: 1, max: 9 }),
        c: fc.integer({ min: 1, max: 5 }),
        f: fc.integer({ min: 1, max: 3 }),
        s: fc.integer({ min: 1, max: 3 }),
        pad: padArb,
        ties: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        if (p.pad === 'valid' && (p.f > p.h || p.f > p.w)) return;
        const xShape = [p.b, p.h, p.w, p.c];
        const xv = values(xShape, p.seed).map((v) => (p.ties ? Math.max(0, Math.round(v * 2) / 2) : v));
        const outShape = tf.backend_util.computePool2DInfo(xShape as never, p.f, p.s, 1, p.pad).outShape;
        const dyv = values(outShape, p.seed + 1);
        const r = await onBoth(() => {
          const x = tf.tensor4d(xv, xShape as never);
          return tf.grad((t: tf.Tensor) =>
            tf
              .maxPool(t as tf.Tensor4D, p.f, p.s, p.pad)
              .mul(tf.tensor4d(dyv, outShape))
              .sum(),
          )(x);
        });
        assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, JSON.stringify(p));
      },
    ),
    { numRuns: RUNS, seed: 6 },
  );
});

test('Conv2DBackpropInput matches cpu (random shapes, strides, same/valid/explicit paddings, NHWC/NCHW)', async () => {
  await fc.assert(
    fc.asyncProperty(convCaseArb, async (p) => {
      if (!fits(p.pad, p.h, p.w, p.kh, p.kw)) return;
      const xShape: [number, number, number, number] = [p.b, p.h, p.w, p.ci];
      const fShape: [number, number, number, number] = [p.kh, p.kw, p.ci, p.co];
      const outShape = tf.backend_util.computeConv2DInfo(xShape, fShape, [p.sh, p.sw], 1, p.pad).outShape;
      const fv = values(fShape, p.seed);
      const dyv = values(outShape, p.seed + 1);
      const r = await onBoth(() => {
        let dy = tf.tensor4d(dyv, outShape);
        if (p.nchw) dy = dy.transpose([0, 3, 1, 2]);
        const inputShape = p.nchw ? [p.b, p.ci, p.h, p.w] : xShape;
        return tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy, filter: tf.tensor4d(fv, fShape) },
            { strides: [p.sh, p.sw], pad: inFormat(p.pad, p.nchw), dataFormat: p.nchw ? 'NCHW' : 'NHWC', inputShape },
          ) as tf.Tensor;
      });
      assert.ok(
        scaledDiff(r.wasm[0], r.cpu[0]) < TOL,
        `diff ${scaledDiff(r.wasm[0], r.cpu[0])} for ${JSON.stringify(p)}`,
      );
    }),
    { numRuns: 2 * RUNS, seed: 7 },
  );
});

test('Conv2DBackpropInput with explicit padding larger than the kernel matches cpu', async () => {
  const xShape: [number, number, number, number] = [2, 7, 6, 3];
  const fShape: [number, number, number, number] = [2, 2, 3, 2];
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [3, 1],
    [0, 2],
    [0, 0],
  ];
  const outShape = tf.backend_util.computeConv2DInfo(xShape, fShape, [2, 3], 1, pad).outShape;
  const r = await onBoth(
    () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropInput',
          { dy: tf.tensor4d(values(outShape, 3), outShape), filter: tf.tensor4d(values(fShape, 4), fShape) },
          { strides: [2, 3], pad, dataFormat: 'NHWC', inputShape: xShape },
        ) as tf.Tensor,
  );
  assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, `diff ${scaledDiff(r.wasm[0], r.cpu[0])}`);
});
