/** Data-parallel replicas: 2 workers train exactly like 1 process on the full batch; replicas stay identical. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, fit, mlp, lrScheduler, WorkbookError } from '../../../src/lib';
import { fitDataParallel, shardSizes, clipByGlobalNorm, stepDecay, ReplicaPool } from '../../../src/lib/train';
import { maxTrainingThreads, setTrainingThreads } from '../../../src/lib/backend';
import { assertNoLeak, useBackend } from '../../helpers';

const data = () => {
  const x = tf.randomNormal([96, 20], 0, 1, 'float32', 11);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 96 }, (_, i) => (i * 5) % 4),
      'int32',
    ),
    4,
  );
  return { x, y };
};
const flat = (ws: ArrayLike<number>[]) => ws.flatMap((w) => Array.from(w));
const maxAbsDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const model = () => mlp({ inputShape: [20], hidden: [16], numClasses: 4, seed: 3 });

test('shards are contiguous and nearly equal', () => {
  assert.deepEqual(shardSizes(10, 3), [4, 3, 3]);
  assert.deepEqual(shardSizes(2, 4), [1, 1]);
});

test('2 workers give the same weights and losses as single-process training on the full batch', async () => {
  await useBackend();
  const { x, y } = data();
  const options = () => ({
    epochs: 2,
    batchSize: 32,
    seed: 5,
    optimizer: tf.train.adam(0.01),
    gradientHook: clipByGlobalNorm(5),
    callbacks: [lrScheduler(stepDecay({ initialLr: 0.01, stepSize: 2, factor: 0.5 }))],
  });
  const single = model();
  const h1 = await fit(single, x, y, options());
  const parallel = model();
  const h2 = await fitDataParallel(parallel, x, y, { workers: 2, keepPool: true, ...options() });
  try {
    const d = maxAbsDiff(
      flat(parallel.getWeights().map((w) => w.dataSync())),
      flat(single.getWeights().map((w) => w.dataSync())),
    );
    assert.ok(d < 1e-5, `max |Δw| ${d}`);
    h1.history.loss.forEach((l, i) =>
      assert.ok(Math.abs(l - h2.history.loss[i]) < 1e-5, `loss ${l} vs ${h2.history.loss[i]}`),
    );
    assert.deepEqual(h1.history.acc, h2.history.acc);
    const coordinator = flat(parallel.getWeights().map((w) => w.dataSync()));
    for (const rank of [0, 1]) {
      const replica = flat(await h2.pool!.replicaWeights(rank));
      assert.ok(maxAbsDiff(replica, coordinator) < 1e-6, `replica ${rank} differs from the coordinator`);
    }
  } finally {
    await h2.pool!.close();
  }
  single.dispose();
  parallel.dispose();
  tf.dispose([x, y]);
});

test('data-parallel training leaves no tensors behind on the coordinator', async () => {
  await useBackend();
  const { x, y } = data();
  const m = model();
  const optimizer = tf.train.sgd(0.1); // one optimizer: SGD keeps its learning rate as a tensor
  await assertNoLeak(() => fitDataParallel(m, x, y, { workers: 2, epochs: 1, batchSize: 48, optimizer }), 2);
  m.dispose();
  tf.dispose([x, y]);
});

test('invalid data-parallel options name the parameter', async () => {
  await useBackend();
  const { x, y } = data();
  const m = model();
  await assert.rejects(
    fitDataParallel(m, x, y, { workers: 0, epochs: 1 }),
    (e: unknown) => e instanceof WorkbookError && /fitDataParallel: workers 0 is invalid/.test((e as Error).message),
  );
  await assert.rejects(
    fitDataParallel(m, x, y.slice(0, 10), { workers: 2, epochs: 1 }),
    /fitDataParallel: y rows 10 is invalid/,
  );
  await assert.rejects(fitDataParallel(m, x, y, { workers: 2, epochs: 0 }), /fitDataParallel: epochs 0/);
  await assert.rejects(
    fitDataParallel(m, x, y, { workers: 2, epochs: 1, lossHook: () => tf.scalar(0) } as never),
    /fitDataParallel: lossHook/,
  );
  m.dispose();
  tf.dispose([x, y]);
});

test('each replica runs its kernels on floor(budget / workers) threads, as the replica itself reports', async () => {
  await useBackend('wasm'); // the backend whose kernels have a thread pool
  const { x, y } = data();
  const m = model();
  // more threads than this machine's 2 cores (allowed up to cores × 4), so that ⌊8 / 3⌋ = 2 shows the floor;
  // at most 8, so a many-core machine does not start dozens of kernel threads per replica
  const budget = Math.min(8, maxTrainingThreads());
  const before = setTrainingThreads(budget);
  try {
    for (const workers of [1, 3]) {
      const pool = await ReplicaPool.start(m, x, y, { workers, optimizer: tf.train.sgd(0.1) });
      try {
        const expected = Math.max(1, Math.floor(budget / workers));
        assert.deepEqual(
          await pool.kernelThreads(),
          Array.from({ length: workers }, () => ({ setting: expected, poolThreads: expected })),
          `${workers} worker(s), budget ${budget}`,
        );
      } finally {
        await pool.close();
      }
    }
  } finally {
    setTrainingThreads(before);
  }
  m.dispose();
  tf.dispose([x, y]);
});
