/** Gradient accumulation equals a big batch; clipping by norm and value; hooks compose; no leaks. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, fit, mlp, WorkbookError } from '../../../src/lib';
import {
  accumulateGradients,
  clipByGlobalNorm,
  clipByValue,
  composeGradientHooks,
  globalNorm,
} from '../../../src/lib/train';
import { assertNoLeak, useBackend } from '../../helpers';

const data = (n: number) => {
  const x = tf.randomNormal([n, 12], 0, 1, 'float32', 3);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: n }, (_, i) => (i * 7) % 4),
      'int32',
    ),
    4,
  );
  return { x, y };
};
const weightsOf = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
const maxAbsDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

test('k micro-batches of B make the same SGD step as one batch of k·B (within 1e-5)', async () => {
  await useBackend();
  const { x, y } = data(64);
  for (const k of [2, 4]) {
    const big = mlp({ inputShape: [12], hidden: [16], numClasses: 4, seed: 7 });
    const small = mlp({ inputShape: [12], hidden: [16], numClasses: 4, seed: 7 });
    await fit(big, x, y, { epochs: 1, batchSize: 64, optimizer: tf.train.sgd(0.5), shuffle: false });
    const acc = accumulateGradients(k);
    await fit(small, x, y, {
      epochs: 1,
      batchSize: 64 / k,
      optimizer: tf.train.sgd(0.5),
      shuffle: false,
      gradientHook: acc,
    });
    const d = maxAbsDiff(weightsOf(small), weightsOf(big));
    assert.ok(d < 1e-5, `k=${k}: max |Δw| ${d}`);
    const moved = maxAbsDiff(
      weightsOf(big),
      weightsOf(mlp({ inputShape: [12], hidden: [16], numClasses: 4, seed: 7 })),
    );
    assert.ok(moved > 1e-3, 'the step actually changed the weights');
    big.dispose();
    small.dispose();
  }
  tf.dispose([x, y]);
});

test('over shuffled epochs with a partial last group, accumulated training follows the big batch', async () => {
  await useBackend();
  const { x, y } = data(100); // 100 = 3 groups of 32 + a remainder of 4
  const big = mlp({ inputShape: [12], hidden: [16], numClasses: 4, seed: 8 });
  const small = mlp({ inputShape: [12], hidden: [16], numClasses: 4, seed: 8 });
  const hb = await fit(big, x, y, { epochs: 3, batchSize: 32, optimizer: tf.train.sgd(0.3), seed: 4 });
  const hs = await fit(small, x, y, {
    epochs: 3,
    batchSize: 8,
    optimizer: tf.train.sgd(0.3),
    seed: 4,
    gradientHook: accumulateGradients(4),
  });
  // The remainder (4 rows) is one micro-batch in both runs, so even the last update agrees.
  const d = maxAbsDiff(weightsOf(small), weightsOf(big));
  assert.ok(d < 1e-5, `max |Δw| ${d}`);
  hb.history.loss.forEach((l, i) => assert.ok(Math.abs(l - hs.history.loss[i]) < 1e-5));
  big.dispose();
  small.dispose();
  tf.dispose([x, y]);
});

test('accumulation applies one update per k batches and flushes the epoch remainder', async () => {
  await useBackend();
  const { x, y } = data(50);
  const model = mlp({ inputShape: [12], hidden: [8], numClasses: 4, seed: 1 });
  const optimizer = tf.train.sgd(0.1);
  const acc = accumulateGradients(3);
  let applied = 0;
  const count = composeGradientHooks(acc, (g) => (applied++, g));
  await fit(model, x, y, { epochs: 2, batchSize: 10, optimizer, gradientHook: count }); // 5 batches: 3 + 2
  assert.equal(applied, 4);
  await assertNoLeak(() => fit(model, x, y, { epochs: 1, batchSize: 10, optimizer, gradientHook: acc }));
  model.dispose();
  tf.dispose([x, y]);
});

test('clipByGlobalNorm scales all gradients to the max norm, keeping the direction; small ones untouched', () => {
  const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
  const info = {} as never;
  tf.tidy(() => {
    const c = clipByGlobalNorm(1)(g, info)!;
    assert.ok(Math.abs(globalNorm(c).dataSync()[0] - 1) < 1e-6);
    assert.deepEqual(
      Array.from(c.a.dataSync()).map((v) => +v.toFixed(6)),
      [0.6, 0],
    );
    assert.deepEqual(
      Array.from(c.b.dataSync()).map((v) => +v.toFixed(6)),
      [0, 0.8],
    );
    const same = clipByGlobalNorm(10)(g, info)!;
    assert.deepEqual(Array.from(same.b.dataSync()), [0, 4]);
    const v = clipByValue(2)(g, info)!;
    assert.deepEqual(Array.from(v.a.dataSync()), [2, 0]);
    assert.deepEqual(Array.from(v.b.dataSync()), [0, 2]);
    const both = composeGradientHooks(clipByValue(2), clipByGlobalNorm(1))(g, info)!;
    assert.ok(Math.abs(globalNorm(both).dataSync()[0] - 1) < 1e-6);
    assert.ok(Math.abs(both.a.dataSync()[0] - both.b.dataSync()[1]) < 1e-6, 'value clip first made them equal');
  });
  tf.dispose(Object.values(g));
});

test('clipping keeps a too-large learning rate from diverging', async () => {
  await useBackend();
  const { x, y } = data(64);
  const run = async (hook?: ReturnType<typeof clipByGlobalNorm>) => {
    const model = mlp({ inputShape: [12], hidden: [32], numClasses: 4, seed: 2 });
    try {
      const h = await fit(model, tf.mul(x, 30), y, {
        epochs: 3,
        batchSize: 16,
        optimizer: tf.train.sgd(2),
        gradientHook: hook,
        seed: 1,
      });
      return h.history.loss[2];
    } catch {
      return Infinity;
    } finally {
      model.dispose();
    }
  };
  const clipped = await run(clipByGlobalNorm(1));
  const raw = await run();
  assert.ok(clipped < raw, `clipped ${clipped} vs unclipped ${raw}`);
  tf.dispose([x, y]);
});

test('invalid accumulation and clipping parameters name the parameter', () => {
  assert.throws(
    () => accumulateGradients(0),
    (e: unknown) => e instanceof WorkbookError && /accumulateGradients: k 0 is invalid/.test((e as Error).message),
  );
  assert.throws(() => accumulateGradients(1.5), /k 1.5/);
  assert.throws(() => clipByGlobalNorm(0), /clipByGlobalNorm: maxNorm 0/);
  assert.throws(() => clipByValue(-1), /clipByValue: limit -1/);
  assert.throws(() => composeGradientHooks(null as never), /hooks\[0\]/);
});
