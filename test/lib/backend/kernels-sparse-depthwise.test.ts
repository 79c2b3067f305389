/** UnsortedSegmentSum, depthwise-conv backprop and _FusedMatMul on wasm against the cpu backend. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { onBoth, scaledDiff, values } from './compare';

const TOL = 1e-5;
const RUNS = 25;

test('UnsortedSegmentSum matches cpu (random ids, some out of range, float32 and int32)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        n: fc.integer({ min: 1, max: 12 }),
        inner: fc.constantFrom([], [3], [2, 2]),
        segments: fc.integer({ min: 1, max: 6 }),
        int: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const ids = Array.from(values([p.n], p.seed), (v) => Math.floor((v + 1) * (p.segments + 1)) - 1); // −1 … segments
        const shape = [p.n, ...p.inner];
        const xv = Array.from(values(shape, p.seed + 1), (v) => (p.int ? Math.round(v * 10) : v));
        const r = await onBoth(() =>
          tf.unsortedSegmentSum(
            tf.tensor(xv, shape, p.int ? 'int32' : 'float32'),
            tf.tensor1d(ids, 'int32'),
            p.segments,
          ),
        );
        assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, JSON.stringify(p));
      },
    ),
    { numRuns: RUNS, seed: 8 },
  );
});

const depthwiseArb = fc.record({
  b: fc.integer({ min: 1, max: 2 }),
  h: fc.integer({ min: 1, max: 8 }),
  w: fc.integer({ min: 1, max: 8 }),
  c: fc.integer({ min: 1, max: 4 }),
  m: fc.integer({ min: 1, max: 3 }),
  kh: fc.integer({ min: 1, max: 3 }),
  kw: fc.integer({ min: 1, max: 3 }),
  s: fc.integer({ min: 1, max: 3 }),
  d: fc.integer({ min: 1, max: 2 }),
  pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

type DepthwiseCase = typeof depthwiseArb extends fc.Arbitrary<infer T> ? T : never;

function depthwiseShapes(p: DepthwiseCase) {
  const strides: [number, number] = [p.s, p.s];
  const dilations: [number, number] = p.s > 1 ? [1, 1] : [p.d, p.d]; // tfjs: strides or dilations must be 1
  const xShape: [number, number, number, number] = [p.b, p.h, p.w, p.c];
  const fShape: [number, number, number, number] = [p.kh, p.kw, p.c, p.m];
  const effH = (p.kh - 1) * dilations[0] + 1;
  const effW = (p.kw - 1) * dilations[1] + 1;
  if (p.pad === 'valid' && (effH > p.h || effW > p.w)) return null;
  const outShape = tf.backend_util.computeConv2DInfo(
    xShape,
    fShape,
    strides,
    dilations,
    p.pad,
    undefined,
    true,
  ).outShape;
  return { strides, dilations, xShape, fShape, outShape };
}

/**
 * The cpu backend's depthwise backprop kernels ignore dilations (tfjs never asks for dilated
 * gradients), so with dilation > 1 we check the adjoint identity instead, against the forward
 * depthwise conv: <backpropFilter(x, dy), F> = <dy, conv(x, F)> and <backpropInput(dy, W), X> = <dy, conv(X, W)>.
 */
function depthwiseCase(p: DepthwiseCase, kernel: 'filter' | 'input') {
  const s = depthwiseShapes(p);
  if (!s) return null;
  const attrs = { strides: s.strides, dilations: s.dilations, pad: p.pad };
  return () => {
    const x = tf.tensor4d(values(s.xShape, p.seed), s.xShape);
    const f = tf.tensor4d(values(s.fShape, p.seed + 2), s.fShape);
    const dy = tf.tensor4d(values(s.outShape, p.seed + 1), s.outShape);
    const grad =
      kernel === 'filter'
        ? (tf
            .engine()
            .runKernel(
              'DepthwiseConv2dNativeBackpropFilter',
              { x, dy },
              { ...attrs, filterShape: s.fShape },
            ) as tf.Tensor)
        : (tf
            .engine()
            .runKernel(
              'DepthwiseConv2dNativeBackpropInput',
              { dy, filter: f },
              { ...attrs, inputShape: s.xShape },
            ) as tf.Tensor);
    const lhs = grad.mul(kernel === 'filter' ? f : x).sum();
    const rhs = dy.mul(tf.depthwiseConv2d(x, f, s.strides, p.pad, 'NHWC', s.dilations)).sum();
    return [grad, lhs, rhs];
  };
}

for (const kernel of ['filter', 'input'] as const) {
  test(`DepthwiseConv2dNativeBackprop${kernel === 'filter' ? 'Filter' : 'Input'} matches cpu (random shapes, strides, paddings) and the forward conv's adjoint (dilations)`, async () => {
    await fc.assert(
      fc.asyncProperty(depthwiseArb, async (p) => {
        const fn = depthwiseCase(p, kernel);
        if (!fn) return;
        const r = await onBoth(fn);
        const [lhs, rhs] = [r.wasm[1][0], r.wasm[2][0]];
        assert.ok(
          Math.abs(lhs - rhs) <= 1e-4 * Math.max(1, Math.abs(rhs)),
          `adjoint ${lhs} vs ${rhs} for ${JSON.stringify(p)}`,
        );
        if (p.s > 1 || p.d === 1) assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, JSON.stringify(p));
      }),
      { numRuns: RUNS, seed: kernel === 'filter' ? 9 : 10 },
    );
  });
}

test('fused matMul (bias + relu) matches cpu for every transpose combination', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        m: fc.integer({ min: 1, max: 8 }),
        k: fc.integer({ min: 1, max: 8 }),
        n: fc.integer({ min: 1, max: 8 }),
        ta: fc.boolean(),
        tb: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const aShape = p.ta ? [p.k, p.m] : [p.m, p.k];
        const bShape = p.tb ? [p.n, p.k] : [p.k, p.n];
        const r = await onBoth(() =>
          tf.fused.matMul({
            a: tf.tensor2d(values(aShape, p.seed), aShape as [number, number]),
            b: tf.tensor2d(values(bShape, p.seed + 1), bShape as [number, number]),
            transposeA: p.ta,
            transposeB: p.tb,
            bias: tf.tensor1d(values([p.n], p.seed + 2)),
            activation: 'relu',
          }),
        );
        assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, JSON.stringify(p));
      },
    ),
    { numRuns: RUNS, seed: 11 },
  );
});

test('UnsortedSegmentSum names an unsupported combination instead of guessing', async () => {
  const { selectBackend } = await import('../../../src/lib/backend');
  await selectBackend({ force: 'wasm' });
  const x = tf.tensor1d([1, 2, 3]);
  const ids = tf.tensor1d([0, 1], 'int32');
  assert.throws(
    () => tf.engine().runKernel('UnsortedSegmentSum', { x, segmentIds: ids }, { numSegments: 2 }),
    /wasm UnsortedSegmentSum: segmentIds shape \[2\] is invalid; accepted: a prefix of x's shape \[3\]/,
  );
  tf.dispose([x, ids]);
});
