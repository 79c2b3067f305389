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

/** One call's milliseconds (the result read back, as fit reads each batch's loss, then disposed). */
function timeOnce(run: () => tf.Tensor | tf.Tensor[]): number {
  const t0 = performance.now();
  const out = run();
  (Array.isArray(out) ? out[0] : out).dataSync();
  const ms = performance.now() - t0;
  tf.dispose(out);
  return ms;
}

/** Median milliseconds of each path over `reps` rounds, the two alternated so drift in load hits both alike. */
function medianPair(a: () => tf.Tensor | tf.Tensor[], b: () => tf.Tensor | tf.Tensor[]): [number, number] {
  tf.dispose(a());
  tf.dispose(b());
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < REPS; i++) {
    if (i % 2) {
      tb.push(timeOnce(b));
      ta.push(timeOnce(a));
    } else {
      ta.push(timeOnce(a));
      tb.push(timeOnce(b));
    }
  }
  const median = (t: number[]) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)];
  return [median(ta), median(tb)];
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
    const [checked, hooked] = medianPair(
      () => [attack(name, model, x, y, name === 'pgd' ? { ...o, seed: 7 } : { epsilon: 0.1 }), y.clone()],
      () => hook(x, y, info),
    );
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
