/**
 * The per-batch cost of adversarialBatchHook (#18): the hook used to call the public attacks, whose
 * finite-value checks read x and y back from the backend on every batch (and PGD's on every step).
 * It now runs the attacks unchecked (fit checked its data once). Both paths are timed in the same
 * run on the same batches: "checked" calls the public `attack` as the hook did before, "hook" calls
 * the hook; on the CPU backend the read-back is a copy, on a GPU it is also a pipeline stall.
 *
 *   npm run bench:adversarial-hook
 *   node dist/bench/adversarial-hook.js --batch 64 --reps 20
 *
 * Last line: {"fgsm_checked_ms", "fgsm_hook_ms", "pgd_checked_ms", "pgd_hook_ms", ..., "load"}
 */
import * as tf from '@tensorflow/tfjs';
import { setup, referenceCnn } from '../src/lib';
import { attack, adversarialBatchHook } from '../src/lib/robust';
import { recordLoad } from './machine-load';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const BATCH = option('batch', 64);
const REPS = option('reps', 20);
const PGD_STEPS = option('steps', 3);

/** Median milliseconds of `reps` calls (each result disposed; the first call is a warm-up). */
function medianMs(run: () => tf.Tensor | tf.Tensor[]): number {
  tf.dispose(run());
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    const out = run();
    // the result is read back in both paths, as fit does with the loss of each batch
    (Array.isArray(out) ? out[0] : out).dataSync();
    times.push(performance.now() - t0);
    tf.dispose(out);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  const backend = await setup({ seed: 1 });
  const load = recordLoad();
  const model = referenceCnn({ seed: 1 });
  const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2), 10).toFloat());
  const info = { seed: 7 } as never;
  const result: Record<string, unknown> = { backend: backend.name, batch: BATCH, reps: REPS, pgd_steps: PGD_STEPS };
  for (const name of ['fgsm', 'pgd'] as const) {
    const o = { epsilon: 0.1, steps: PGD_STEPS };
    const hook = adversarialBatchHook(model, { attack: name, ...o });
    const checked = medianMs(() => [
      attack(name, model, x, y, name === 'pgd' ? { ...o, seed: 7 } : { epsilon: 0.1 }),
      y.clone(),
    ]);
    const hooked = medianMs(() => hook(x, y, info));
    result[`${name}_checked_ms`] = Number(checked.toFixed(2));
    result[`${name}_hook_ms`] = Number(hooked.toFixed(2));
    result[`${name}_ratio`] = Number((checked / hooked).toFixed(3));
  }
  tf.dispose([x, y]);
  model.dispose();
  console.log(JSON.stringify({ ...result, load: load.finish(2) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
