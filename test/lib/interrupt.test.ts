/** Cooperative interruption: fit yields between batches and stops with InterruptedError, leaking nothing. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, fit, mlp, INTERRUPT_EVENT, InterruptedError } from '../../src/lib';
import { interruptedSince } from '../../src/lib/interrupt';
import { useBackend } from '../helpers';

const interrupt = () => (process.emit as (event: string) => boolean)(INTERRUPT_EVENT);

test('an interrupt during fit stops it at the next batch with InterruptedError, freeing its tensors', async () => {
  await useBackend();
  const x = tf.randomNormal([64, 4], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d([...Array(64).keys()].map((i) => i % 2), 'int32'), 2).toFloat();
  const model = mlp({ inputShape: [4], hidden: [8], numClasses: 2 });
  const before = tf.memory().numTensors;
  let batches = 0;
  // A timer fires only if fit lets the event loop run: that is what lets a kernel's interrupt in.
  const timer = setTimeout(interrupt, 100);
  await assert.rejects(
    fit(model, x, y, { epochs: 100000, batchSize: 8, callbacks: [{ onBatchEnd: () => void batches++ }] }),
    (e: Error) => e instanceof InterruptedError && e.message === 'fit: interrupted',
  );
  clearTimeout(timer);
  const stoppedAt = batches;
  assert.ok(stoppedAt > 0);
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
  // An interrupt before a fit started does not stop it.
  const h = await fit(model, x, y, { epochs: 1, batchSize: 32 });
  assert.equal(h.epoch.length, 1);
  assert.equal(interruptedSince(performance.now()), false);
  tf.dispose([x, y]);
  model.dispose();
});
