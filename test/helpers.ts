/** Shared test helpers: backend setup once per file and a tensor-leak check. */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, BackendName } from '../src/lib/backend';

/** Initialises the backend tests run on (WORKBOOK_BACKEND, default: the auto choice). */
export async function useBackend(name?: BackendName): Promise<string> {
  const choice = await selectBackend(name ? { force: name } : {});
  return choice.name;
}

/** Runs fn `times` times and asserts the number of live tensors does not grow. */
export async function assertNoLeak(fn: () => unknown | Promise<unknown>, times = 3): Promise<void> {
  await fn(); // warm-up: lazily created constants are allowed once
  const before = tf.memory().numTensors;
  for (let i = 0; i < times; i++) await fn();
  assert.equal(
    tf.memory().numTensors,
    before,
    `tensor leak: ${tf.memory().numTensors - before} tensors left after ${times} calls`,
  );
}

/** Max |a-b| / max(|b|, eps) over two arrays. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, eps = 1e-3): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), eps));
  return m;
}
