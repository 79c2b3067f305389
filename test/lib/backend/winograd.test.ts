/**
 * Winograd F(2×2, 3×3) convolution (src/lib/backend/kernels/winograd.ts) and F(3×3, 2×2) filter
 * gradient (winograd-grad.ts): match the cpu backend within 1e-5 of the output's scale (measured
 * ~1e-6) for random shapes — odd sizes, 'same'/'valid', batch 1, channel counts off the 4/8 SIMD
 * widths — forward, input gradient and filter gradient; give exactly one thread's bytes at 2 and 3
 * threads; a conv layer's gradients match cpu; nothing leaks; and the shape rules send only 3×3
 * stride-1 undilated convolutions there. Winograd is a wasm path, so the native kernels (which
 * take convolutions first when they are on) are switched off here.
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { nativeKernelsActive, setNativeKernels, setTrainingThreads, trainingThreads } from '../../../src/lib/backend';
import { compareGradients } from '../../../src/experiments/01-backends';
import {
  setWinograd,
  setWinogradParallelMinWork,
  winogradStats,
  winogradWins,
} from '../../../src/lib/backend/kernels/winograd';
import { setWinogradGradParallelMinWork, winogradGradWins } from '../../../src/lib/backend/kernels/winograd-grad';
import { assertNoLeak, useBackend } from '../../helpers';
import { onBoth, scaledDiff, values } from './compare';

const TOLERANCE = 1e-5;
const initialThreads = trainingThreads();
const initialMinWork = setWinogradParallelMinWork(0); // split even the small shapes below
const initialGradMinWork = setWinogradGradParallelMinWork(0);
const initialNative = nativeKernelsActive();
setNativeKernels(false);
after(() => {
  if (initialNative) setNativeKernels(true);
  setTrainingThreads(initialThreads);
  setWinogradParallelMinWork(initialMinWork);
  setWinogradGradParallelMinWork(initialGradMinWork);
  setWinograd(true);
});

const shapeArb = fc.record({
  b: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 3, max: 11 }),
  w: fc.integer({ min: 3, max: 11 }),
  ci: fc.integer({ min: 8, max: 21 }),
  co: fc.integer({ min: 1, max: 19 }),
  pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
  seed: fc.integer({ min: 0, max: 1e6 }),
});
type Shape = typeof shapeArb extends fc.Arbitrary<infer T> ? T : never;

const tensors = (p: Shape) => {
  const xShape: [number, number, number, number] = [p.b, p.h, p.w, p.ci];
  const fShape: [number, number, number, number] = [3, 3, p.ci, p.co];
  return [tf.tensor4d(values(xShape, p.seed), xShape), tf.tensor4d(values(fShape, p.seed + 1), fShape)] as const;
};

test('the shape rules: 3×3, stride 1, undilated; ≥ 8 input channels (forward), ≥ 4 (filter gradient)', () => {
  const base = { b: 4, ci: 32, co: 64, outH: 14, outW: 14, kh: 3, kw: 3, sh: 1, sw: 1, dh: 1, dw: 1 };
  assert.equal(winogradWins(base), true);
  assert.equal(winogradWins({ ...base, co: 1 }), true);
  assert.equal(winogradWins({ ...base, ci: 7 }), false);
  assert.equal(winogradWins({ ...base, kh: 5, kw: 5 }), false);
  assert.equal(winogradWins({ ...base, sh: 2 }), false);
  assert.equal(winogradWins({ ...base, dw: 2 }), false);
  // the filter gradient: 3×3, stride 1, ≥ 4 input channels
  assert.equal(winogradGradWins(3, 3, 1, 1, 4, 1), true);
  assert.equal(winogradGradWins(3, 3, 1, 1, 3, 64), false);
  assert.equal(winogradGradWins(3, 3, 2, 1, 32, 64), false);
  assert.equal(winogradGradWins(5, 5, 1, 1, 32, 64), false);
});

test('forward, input gradient and filter gradient match the cpu backend within 1e-5 (random shapes)', async () => {
  await useBackend('wasm');
  setTrainingThreads(1);
  const [callsBefore, gradCallsBefore] = [winogradStats.calls, winogradStats.gradCalls];
  await fc.assert(
    fc.asyncProperty(shapeArb, async (p) => {
      const r = await onBoth(() => {
        const [x, f] = tensors(p);
        const y = tf.conv2d(x, f, 1, p.pad);
        // the input gradient of Σ y·g, g fixed: dx = Conv2DBackpropInput(g, f)
        const g = tf.tensor(values(y.shape, p.seed + 2), y.shape);
        // and its filter gradient: dW = Conv2DBackpropFilter(x, g)
        const [dx, dw] = tf.grads((x: tf.Tensor, f: tf.Tensor) =>
          tf
            .conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, p.pad)
            .mul(g)
            .sum(),
        )([x, f]);
        return [y, dx, dw];
      });
      assert.ok(scaledDiff(r.wasm[0], r.cpu[0]) < TOLERANCE, `forward ${JSON.stringify(p)}`);
      assert.ok(scaledDiff(r.wasm[1], r.cpu[1]) < TOLERANCE, `input gradient ${JSON.stringify(p)}`);
      assert.ok(scaledDiff(r.wasm[2], r.cpu[2]) < TOLERANCE, `filter gradient ${JSON.stringify(p)}`);
    }),
    { numRuns: 25, seed: 22 },
  );
  assert.ok(winogradStats.calls > callsBefore, 'the Winograd path ran');
  assert.ok(winogradStats.gradCalls > gradCallsBefore, 'the Winograd filter-gradient path ran');
});

test('2 and 3 threads give exactly the bytes of 1 thread: forward, dx, dW (tile-block and channel tails, odd sizes)', async () => {
  await useBackend('wasm');
  const shapes: Shape[] = [
    { b: 3, h: 13, w: 11, ci: 9, co: 13, pad: 'same', seed: 1 },
    { b: 5, h: 14, w: 14, ci: 32, co: 20, pad: 'same', seed: 2 },
    { b: 2, h: 10, w: 9, ci: 17, co: 8, pad: 'valid', seed: 3 },
  ];
  const run = () =>
    tf.tidy(() =>
      shapes.flatMap((p) => {
        const [x, f] = tensors(p);
        const [dx, dw] = tf.grads((x: tf.Tensor, f: tf.Tensor) =>
          tf
            .conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, p.pad)
            .square()
            .sum(),
        )([x, f]);
        return [tf.conv2d(x, f, 1, p.pad), dx, dw].map((t) => Buffer.from(t.dataSync().buffer));
      }),
    );
  setTrainingThreads(1);
  const one = run();
  for (const threads of [2, 3]) {
    setTrainingThreads(threads);
    const [parallelBefore, gradBefore] = [winogradStats.parallelCalls, winogradStats.parallelGradCalls];
    run().forEach((bytes, i) => assert.ok(bytes.equals(one[i]), `output ${i} differs at ${threads} threads`));
    assert.ok(winogradStats.parallelCalls > parallelBefore, `the threaded path ran at ${threads} threads`);
    assert.ok(winogradStats.parallelGradCalls > gradBefore, `the threaded filter gradient ran at ${threads} threads`);
  }
  setTrainingThreads(2);
  await assertNoLeak(() => void run(), 2);
  setTrainingThreads(1);
  await assertNoLeak(() => void run(), 2);
});

test('a 3×3 conv layer with 8+ channels: wasm gradients (Winograd forward, dx and dW) match cpu within 1e-4', async () => {
  const build = () => {
    const input = tf.input({ shape: [9, 7, 3] });
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    let h = tf.layers
      .conv2d({ filters: 12, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) })
      .apply(input) as tf.SymbolicTensor;
    h = tf.layers
      .conv2d({ filters: 10, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) })
      .apply(h) as tf.SymbolicTensor;
    h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, kernelInitializer: init(3) }).apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  };
  const input = () => tf.tensor(values([4, 9, 7, 3], 5), [4, 9, 7, 3]);
  setTrainingThreads(1);
  const callsBefore = winogradStats.calls;
  const r = await compareGradients(build, input, 'wasm');
  assert.ok(winogradStats.calls > callsBefore, 'the Winograd path ran');
  assert.ok(r.maxRelDiff <= 1e-4, `max rel diff ${r.maxRelDiff}`);
});
