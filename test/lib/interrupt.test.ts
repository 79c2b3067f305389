/** Cooperative interruption: fit yields between batches and stops with InterruptedError, leaking nothing. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, fit, mlp, interruptible, InterruptedError } from '../../src/lib';
import { interrupted } from '../../src/lib/interrupt';
import { useBackend } from '../helpers';

test('interrupting the work that runs fit stops it at the next batch with InterruptedError, freeing its tensors', async () => {
  await useBackend();
  const x = tf.randomNormal([64, 4], 0, 1, 'float32', 1);
  const y = tf
    .oneHot(
      tf.tensor1d(
        [...Array(64).keys()].map((i) => i % 2),
        'int32',
      ),
      2,
    )
    .toFloat();
  const model = mlp({ inputShape: [4], hidden: [8], numClasses: 2 });
  const before = tf.memory().numTensors;
  let batches = 0;
  const work = interruptible(() =>
    fit(model, x, y, { epochs: 100000, batchSize: 8, callbacks: [{ onBatchEnd: () => void batches++ }] }),
  );
  // A timer fires only if fit lets the event loop run: that is what lets a kernel's interrupt in.
  const timer = setTimeout(work.interrupt, 100);
  await assert.rejects(work.result, (e: Error) => e instanceof InterruptedError && e.message === 'fit: interrupted');
  clearTimeout(timer);
  assert.ok(batches > 0);
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
  // Work outside the interrupted scope (a later cell, a script) is not interrupted.
  assert.equal(interrupted(), false);
  const h = await fit(model, x, y, { epochs: 1, batchSize: 32 });
  assert.equal(h.epoch.length, 1);
  tf.dispose([x, y]);
  model.dispose();
});

test('the scope follows the work through awaits: code an interrupted cell starts later stops too', async () => {
  const work = interruptible(async () => {
    await new Promise((r) => setTimeout(r, 20));
    return interrupted();
  });
  work.interrupt();
  assert.equal(await work.result, true);
  assert.equal(interruptible(() => interrupted()).result, false);
});
