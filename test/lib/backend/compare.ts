/**
 * Runs the same computation on the wasm backend (with our kernels) and on the reference cpu
 * backend, returning both results as plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/lib/backend';
import { rng } from '../../../src/lib/random';

/** Deterministic values in [-1, 1) for a shape (plain array, backend-independent). */
export function values(shape: number[], seed: number): Float32Array {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r.uniform(-1, 1);
  return out;
}

/** fn builds its tensors from plain arrays and returns one tensor; run on wasm and cpu. */
export async function onBoth(
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<{ wasm: Float32Array[]; cpu: Float32Array[] }> {
  const run = async (backend: string) => {
    if (backend === 'wasm') await selectBackend({ force: 'wasm' });
    else await tf.setBackend(backend);
    if (tf.getBackend() !== backend) throw new Error(`backend ${tf.getBackend()} is not ${backend}`);
    const out = tf.tidy(fn);
    const list = Array.isArray(out) ? out : [out];
    const data = await Promise.all(list.map(async (t) => new Float32Array(await t.data())));
    tf.dispose(list);
    return data;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  return { wasm, cpu };
}

/** Max |a−b| / (max |b| over the array + eps): relative to the result's scale, so sums that
 *  cancel to ~0 do not blow up the ratio (float32 summation order differs between backends). */
export function scaledDiff(a: ArrayLike<number>, b: ArrayLike<number>, eps = 1e-6): number {
  if (a.length !== b.length) return Infinity;
  let scale = eps;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m / scale;
}
