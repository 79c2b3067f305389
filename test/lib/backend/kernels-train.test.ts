/** The SIMD kernels of wasm/train.ts (via their tfjs kernels) against the cpu backend. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { selectBackend } from '../../../src/lib/backend';
import { trainKernels } from '../../../src/lib/backend/kernels/train-module';
import { relaxedSimdInUse } from '../../../src/lib/wasm/load';
import { onBoth, scaledDiff, values } from './compare';

const TOL = 1e-5;
const RUNS = 25;

// wasm/train.ts exists as a SIMD128 and a relaxed-SIMD build (fused multiply-add); this file runs
// on the one this process loads, and test/lib/backend/simd128-build.test.ts re-runs it on the other
test('the train kernels are loaded from the build WORKBOOK_WASM_RELAXED asks for', async () => {
  await selectBackend({ force: 'wasm' });
  trainKernels(tf.backend() as never);
  const relaxed = relaxedSimdInUse();
  console.log(`# train kernels: ${relaxed ? 'relaxed-SIMD' : 'SIMD128'} build`);
  if (process.env.WORKBOOK_WASM_RELAXED === '0') assert.equal(relaxed, false);
});

test('Sum over leading axes (column sums) matches cpu; other reductions still work', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        shape: fc.array(fc.integer({ min: 1, max: 19 }), { minLength: 1, maxLength: 4 }),
        k: fc.nat(4),
        negative: fc.boolean(),
        keepDims: fc.boolean(),
        inner: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const rank = p.shape.length;
        const k = Math.min(p.k, rank);
        // leading axes (our kernel), written as negative indices sometimes; or inner axes (stock)
        const axes = p.inner ? [rank - 1] : Array.from({ length: k }, (_, i) => (p.negative ? i - rank : i));
        const xv = values(p.shape, p.seed);
        const r = await onBoth(() => tf.sum(tf.tensor(xv, p.shape), axes, p.keepDims));
        assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, JSON.stringify(p));
      },
    ),
    { numRuns: 2 * RUNS, seed: 11 },
  );
});

test('column sums over many rows keep float32 accuracy and the keepDims shape', async () => {
  await selectBackend({ force: 'wasm' });
  const rows = 50000;
  const x = tf.tensor(values([rows, 11], 3), [rows, 11]);
  const s = tf.sum(x, 0, true);
  assert.deepEqual(s.shape, [1, 11]);
  const xs = x.dataSync();
  const got = s.dataSync();
  for (let c = 0; c < 11; c++) {
    let exact = 0;
    for (let r = 0; r < rows; r++) exact += xs[r * 11 + c];
    assert.ok(
      Math.abs(got[c] - exact) <= 1e-6 * Math.max(1, Math.abs(exact)) + 1e-4,
      `column ${c}: ${got[c]} vs ${exact}`,
    );
  }
  tf.dispose([x, s]);
});

test('tiled MaxPoolGrad (window = stride) matches cpu for many channels, ties, −∞ and NaN windows', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        b: fc.integer({ min: 1, max: 2 }),
        oh: fc.integer({ min: 1, max: 4 }),
        ow: fc.integer({ min: 1, max: 4 }),
        extraH: fc.nat(1),
        extraW: fc.nat(1),
        c: fc.integer({ min: 1, max: 13 }),
        fh: fc.integer({ min: 1, max: 3 }),
        fw: fc.integer({ min: 1, max: 3 }),
        special: fc.constantFrom('none', 'ties', 'inf', 'nan'),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const xShape = [p.b, p.oh * p.fh + p.extraH, p.ow * p.fw + p.extraW, p.c];
        const xv = values(xShape, p.seed).map((v, i) => {
          if (p.special === 'ties') return Math.max(0, Math.round(v * 2) / 2);
          if (p.special === 'inf' && i % 3 === 0) return -Infinity;
          if (p.special === 'nan' && i % 4 === 0) return NaN;
          return v;
        });
        const outShape = tf.backend_util.computePool2DInfo(
          xShape as never,
          [p.fh, p.fw],
          [p.fh, p.fw],
          1,
          'valid',
        ).outShape;
        const dyv = values(outShape, p.seed + 1);
        const r = await onBoth(() => {
          const x = tf.tensor4d(xv, xShape as never);
          const y = tf.maxPool(x, [p.fh, p.fw], [p.fh, p.fw], 'valid');
          return tf
            .engine()
            .runKernel(
              'MaxPoolGrad',
              { dy: tf.tensor4d(dyv, outShape), input: x, output: y },
              { filterSize: [p.fh, p.fw], strides: [p.fh, p.fw], pad: 'valid' },
            ) as tf.Tensor;
        });
        assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, JSON.stringify(p));
      },
    ),
    { numRuns: 2 * RUNS, seed: 12 },
  );
});

test('Identity and same-dtype Cast share data: clones survive their source, nothing leaks', async () => {
  await selectBackend({ force: 'wasm' });
  const before = tf.memory().numTensors;
  const x = tf.tensor([1, 2, 3]);
  const y = tf.clone(x);
  const z = tf.cast(x, 'float32');
  const w = tf.cast(x, 'int32');
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3]);
  assert.deepEqual(Array.from(z.dataSync()), [1, 2, 3]);
  assert.equal(w.dtype, 'int32');
  tf.dispose([y, z, w]);
  assert.equal(tf.memory().numTensors, before);
});

test('SIMD GEMM (BatchMatMul) matches cpu across block edges: rows % 4, columns % 8, reductions over 256, broadcast batches', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        m: fc.integer({ min: 1, max: 13 }),
        k: fc.integer({ min: 1, max: 600 }),
        n: fc.integer({ min: 1, max: 21 }),
        batch: fc.constantFrom([[], []], [[2], [2]], [[1], [3]], [[3], [1]]),
        ta: fc.boolean(),
        tb: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const [ba, bb] = p.batch;
        const aShape = [...ba, ...(p.ta ? [p.k, p.m] : [p.m, p.k])];
        const bShape = [...bb, ...(p.tb ? [p.n, p.k] : [p.k, p.n])];
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
    { numRuns: RUNS, seed: 13 },
  );
});

test('GEMM broadcasts batches of different rank, and an empty reduction gives zeros (cases the cpu backend gets wrong)', async () => {
  await selectBackend({ force: 'wasm' });
  const b = tf.tidy(() => tf.matMul(tf.tensor([1, 2], [2, 1, 1, 1]), tf.tensor([10, 20, 30], [3, 1, 1])));
  assert.deepEqual(b.shape, [2, 3, 1, 1]);
  assert.deepEqual(Array.from(b.dataSync()), [10, 20, 30, 20, 40, 60]);
  b.dispose();
  const r = tf.tidy(() => tf.matMul(tf.ones([2, 1, 3, 0]), tf.ones([3, 0, 2])));
  assert.deepEqual(r.shape, [2, 3, 3, 2]);
  assert.ok(r.dataSync().every((v) => v === 0));
  r.dispose();
});

test('direct Conv2D matches cpu: random sizes, strides, dilations, paddings, pixel and channel tails', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        b: fc.integer({ min: 1, max: 2 }),
        h: fc.integer({ min: 1, max: 12 }),
        w: fc.integer({ min: 1, max: 14 }),
        ci: fc.integer({ min: 1, max: 10 }),
        co: fc.integer({ min: 1, max: 20 }),
        kh: fc.integer({ min: 1, max: 4 }),
        kw: fc.integer({ min: 1, max: 5 }),
        s: fc.integer({ min: 1, max: 2 }),
        d: fc.integer({ min: 1, max: 2 }),
        pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
        seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const stride = p.d > 1 ? 1 : p.s; // tfjs allows dilation or stride, not both
        if (p.pad === 'valid' && ((p.kh - 1) * p.d + 1 > p.h || (p.kw - 1) * p.d + 1 > p.w)) return;
        const xShape = [p.b, p.h, p.w, p.ci];
        const fShape = [p.kh, p.kw, p.ci, p.co];
        const xv = values(xShape, p.seed);
        const fv = values(fShape, p.seed + 1);
        const r = await onBoth(() =>
          tf.conv2d(tf.tensor4d(xv, xShape as never), tf.tensor4d(fv, fShape as never), stride, p.pad, 'NHWC', p.d),
        );
        assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOL, JSON.stringify(p));
      },
    ),
    { numRuns: 3 * RUNS, seed: 14 },
  );
});
