/**
 * Threaded training kernels (the thread-count option is tested in ./thread-option.test.ts): GEMM,
 * convolution and both convolution gradients give bit-for-bit the results of one thread at 2 and 3
 * threads (shapes with row, pixel and channel tails; strides; transposes), and so does a whole CNN
 * training step's gradients. These are the wasm kernels' threads, so the native GEMM is switched off
 * here (its own threads are tested in ./native.test.ts).
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { nativeKernelsActive, setNativeKernels, setTrainingThreads, trainingThreads } from '../../../src/lib/backend';
import { modelGradients } from '../../../src/experiments/01-backends';
import { parallelStats, setParallelMinWork, splitRange } from '../../../src/lib/backend/kernels/parallel';
import { referenceCnn } from '../../../src/lib/models/zoo';
import { assertNoLeak, useBackend } from '../../helpers';

const initialThreads = trainingThreads();
const initialMinWork = setParallelMinWork(0); // split even the small shapes below
const initialNative = nativeKernelsActive();
setNativeKernels(false);
after(() => {
  setTrainingThreads(initialThreads);
  setParallelMinWork(initialMinWork);
  if (initialNative) setNativeKernels(true);
});

test('splitRange: aligned starts, whole range, no empty parts, parts within one unit of each other', () => {
  assert.deepEqual(splitRange(37, 2, 4), [
    [0, 20],
    [20, 17],
  ]);
  assert.deepEqual(splitRange(5, 3, 4), [
    [0, 4],
    [4, 1],
  ]);
  assert.deepEqual(splitRange(64, 3, 4), [
    [0, 20],
    [20, 20],
    [40, 24],
  ]);
  // the reference CNN's first filter gradient: 25 rows (6 four-row blocks and one row) on 2 threads
  assert.deepEqual(splitRange(25, 2, 4), [
    [0, 12],
    [12, 13],
  ]);
});

/** Each op's output bytes at the current thread count. */
function outputs(): Buffer[] {
  return tf.tidy(() => {
    const r = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
    const [a, b] = [r([37, 50], 1), r([50, 29], 2)];
    const x = r([3, 11, 9, 5], 3);
    const w = r([3, 3, 5, 7], 4);
    const convGrads = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
      tf
        .conv2d(x as tf.Tensor4D, w as tf.Tensor4D, [2, 1], 'same')
        .square()
        .sum(),
    );
    const [dx, dw] = convGrads([x, w]);
    const wide = tf.conv2d(r([2, 7, 7, 3], 5) as tf.Tensor4D, r([5, 5, 3, 13], 6) as tf.Tensor4D, 1, 'valid');
    const results = [
      tf.matMul(a, b),
      tf.matMul(a, b.transpose(), false, true),
      tf.matMul(r([2, 9, 16], 7), r([2, 16, 11], 8)),
      tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, [2, 1], 'same'),
      dx,
      dw,
      wide,
    ];
    return results.map((t) => Buffer.from(t.dataSync().buffer));
  });
}

test('GEMM, Conv2D and its two gradients: 2 and 3 threads give exactly the bytes of 1 thread', async () => {
  await useBackend('wasm');
  setTrainingThreads(1);
  const one = outputs();
  const callsBefore = parallelStats.calls;
  for (const threads of [2, 3]) {
    setTrainingThreads(threads);
    const many = outputs();
    many.forEach((bytes, i) => assert.ok(bytes.equals(one[i]), `output ${i} differs at ${threads} threads`));
  }
  assert.ok(parallelStats.calls > callsBefore, 'the threaded path ran');
});

test('a whole reference-CNN gradient (batch 8) is bit-for-bit the same at 1 and 2 threads, and leaks nothing', async () => {
  await useBackend('wasm');
  const grads = (threads: number) => {
    setTrainingThreads(threads);
    return modelGradients(
      () => referenceCnn({ seed: 3 }),
      () => tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 9),
    );
  };
  const one = grads(1);
  const two = grads(2);
  one.grads.forEach((g, i) =>
    assert.ok(Buffer.from(g.buffer).equals(Buffer.from(two.grads[i].buffer)), `gradient ${one.names[i]} differs`),
  );
  setTrainingThreads(2);
  await assertNoLeak(() => void outputs(), 2);
  await assertNoLeak(
    () =>
      modelGradients(
        () => referenceCnn({ seed: 3 }),
        () => tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 9),
      ),
    2,
  );
});

test("only the workers' share is staged: this thread's rows and images stay on the heap", async () => {
  await useBackend('wasm');
  setTrainingThreads(2);
  const staged = (fn: () => tf.Tensor) => {
    const before = parallelStats.copyBytes;
    tf.tidy(() => void fn().dataSync());
    return parallelStats.copyBytes - before;
  };
  const a = tf.randomNormal([40, 24]);
  const b = tf.randomNormal([24, 16]);
  // GEMM rows split 20 + 20: the worker's 20 rows of a, all of b, its 20 rows of c
  assert.equal(
    staged(() => tf.matMul(a, b)),
    4 * (20 * 24 + 24 * 16 + 20 * 16),
  );
  const x = tf.randomNormal([4, 6, 6, 3]);
  const w = tf.randomNormal([3, 3, 3, 8]);
  // 'same' 3×3 conv: 144 pixels split 72 + 72, the worker's pixels in images 2 and 3, staged
  // zero-padded (8×8), plus the filter and its 72 pixels of output
  assert.equal(
    staged(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')),
    4 * (2 * 8 * 8 * 3 + 3 * 3 * 3 * 8 + 72 * 8),
  );
  tf.dispose([a, b, x, w]);
});
