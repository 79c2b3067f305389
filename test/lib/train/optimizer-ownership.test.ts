/**
 * Every function that trains owns the optimizer it makes: no tensors left after a run, after a
 * rejected call (checked before the optimizer exists), or after a worker's error.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertNoLeak, useBackend } from '../../helpers';
import { WorkbookError } from '../../../src/lib/errors';
import { mlp, smallCnn } from '../../../src/lib/models/zoo';
import { fit } from '../../../src/lib/train/loop';
import { progressiveFit } from '../../../src/lib/train/progressive';
import { fitDataParallel } from '../../../src/lib/train/data-parallel/fit-data-parallel';

const data = () =>
  tf.tidy(() => [
    tf.randomUniform([8, 4], 0, 1, 'float32', 1),
    tf.oneHot(tf.tensor1d([0, 1, 0, 1, 1, 0, 1, 0], 'int32'), 2).toFloat(),
  ]);

test('fit, progressiveFit and fitDataParallel dispose the default Adam they make', async () => {
  await useBackend();
  const m = mlp({ inputShape: [4], hidden: [3], numClasses: 2, seed: 1 });
  const [x, y] = data();
  await assertNoLeak(() => fit(m, x, y, { epochs: 1, batchSize: 4 }));
  const cnn = smallCnn({ inputShape: [8, 8, 1], numClasses: 2, seed: 1 });
  const images = tf.randomUniform([8, 8, 8, 1], 0, 1, 'float32', 2);
  await assertNoLeak(() =>
    progressiveFit(cnn, images, y, {
      stages: [
        { epochs: 1, size: 8 },
        { epochs: 1, fraction: 0.5 },
      ],
      batchSize: 4,
    }),
  );
  await assertNoLeak(() => fitDataParallel(m, x, y, { workers: 1, epochs: 1, batchSize: 4 }), 1);
  tf.dispose([x, y, images]);
  m.dispose();
  cnn.dispose();
});

test('rejected training calls leak nothing and fail with a WorkbookError naming the option', async () => {
  await useBackend();
  const m = mlp({ inputShape: [4], hidden: [3], numClasses: 2, seed: 1 });
  const [x, y] = data();
  const before = tf.memory().numTensors;
  const cases: Array<[() => Promise<unknown>, RegExp]> = [
    [() => fit(m, x, y, { epochs: 1, loss: 'hinge' as never }), /loss/],
    [() => fit(m, x, y, { epochs: 1, optimizer: 'adam' as never }), /optimizer/],
    [() => fit(m, x, y, { epochs: 1, callbacks: {} as never }), /callbacks/],
    [() => fit(m, x, y, { epochs: 1, batchHook: {} as never }), /batchHook/],
    [() => fit(m, x, y, { epochs: 1, validationData: [x] as never }), /validationData/],
    [() => fit(m, x, y, undefined as never), /options/],
    [() => progressiveFit(m, x, y, { stages: [{ epochs: 1 }], loss: 'hinge' as never }), /loss/],
    [() => progressiveFit(m, x, y, { stages: [{ epochs: 0 }] }), /epochs/],
    [() => fitDataParallel(m, x, y, { workers: 1, epochs: 1, optimizer: 'adam' as never }), /optimizer/],
  ];
  for (const [call, names] of cases) {
    await assert.rejects(call, (e: unknown) => e instanceof WorkbookError && names.test(e.message));
  }
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y]);
  m.dispose();
});

test("fitDataParallel re-throws a worker's WorkbookError as a WorkbookError", async () => {
  await useBackend();
  const m = mlp({ inputShape: [4], hidden: [3], numClasses: 2, seed: 1 });
  const [x, y] = data();
  // NaN inputs make the replicas' loss non-finite: the coordinating fit refuses it as a WorkbookError
  const bad = tf.fill([8, 4], NaN);
  await assert.rejects(
    () => fitDataParallel(m, bad, y, { workers: 1, epochs: 1, batchSize: 4 }),
    (e: unknown) => e instanceof WorkbookError,
  );
  tf.dispose([x, y, bad]);
  m.dispose();
});
