/**
 * Where the reference CNN's training step goes, kernel by kernel, at one thread and at every core:
 * which kernels scale with the second thread, which stay serial, and what staging operands into
 * the threads' shared memory costs (issue #22: the step scaled 1.36× from 1 to 2 threads).
 *
 *   npm run bench:cnn-kernels   (BENCH_ROUNDS=3 alternating rounds; each kernel keeps its best
 *                                 per-step time over the rounds, as the machine may be shared)
 *
 * Last line: {"step_ms": {"1": .., "2": ..}, "kernels": {"Conv2D": {"1": .., "2": .., "calls": ..}, ..},
 * "copy_ms_per_step": .., "loadavg": {...}}.
 */
import { profileTrainingStep, timeTrainingStep } from '../src/experiments/01-backends/benchmark';
import { nativeKernelsActive, selectBackend, setTrainingThreads } from '../src/lib/backend';
import { parallelStats } from '../src/lib/backend/kernels/parallel';
import { busyWarning, recordLoad } from './machine-load';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const round = (v: number) => Number(v.toFixed(2));

async function main(): Promise<void> {
  const load = recordLoad();
  console.log(`Load average at start: ${load.start.join(', ')} (${load.cores} cores)`);
  await selectBackend({ force: 'wasm' });
  console.log(
    `Native kernels: ${nativeKernelsActive() ? 'on (WORKBOOK_NATIVE=0 times the wasm kernels alone)' : 'off'}`,
  );
  const threads = [...new Set([1, load.cores])];
  const stepMs: Record<number, number> = {};
  const kernels: Record<string, Record<string, number>> = {};
  let copyMs = Infinity;
  for (let r = 1; r <= ROUNDS; r++) {
    for (const t of threads) {
      setTrainingThreads(t);
      const copiesBefore = parallelStats.copyMs;
      const steps = 10;
      const timing = await timeTrainingStep('cnn', 'wasm', { steps, warmup: 2 });
      if (t > 1) copyMs = Math.min(copyMs, (parallelStats.copyMs - copiesBefore) / (steps + 2));
      stepMs[t] = Math.min(stepMs[t] ?? Infinity, timing.msPerStep);
      for (const k of await profileTrainingStep('cnn', 'wasm', { steps: 5 })) {
        const entry = (kernels[k.kernel] ??= { calls: k.calls });
        entry[t] = Math.min(entry[t] ?? Infinity, k.ms);
      }
      console.log(`round ${r}/${ROUNDS}, ${t} thread(s): ${timing.msPerStep.toFixed(1)} ms/step`);
    }
  }
  setTrainingThreads(load.cores);
  const rows = Object.entries(kernels).sort(([, a], [, b]) => b[1] - a[1]);
  console.log(
    `\nkernel (ms per step, best of ${ROUNDS})  ${threads.map((t) => `${t} thr`.padStart(8)).join('')}  calls`,
  );
  for (const [name, v] of rows)
    if (v[1] >= 0.05)
      console.log(
        `  ${name.padEnd(28)}${threads.map((t) => (v[t] ?? NaN).toFixed(2).padStart(8)).join('')}  ${v.calls}`,
      );
  const loadavg = load.finish(Math.max(...threads));
  console.log(`Load average at end: ${loadavg.end.join(', ')}`);
  const warning = busyWarning(loadavg);
  if (warning) console.log(warning);
  console.log(
    JSON.stringify({
      step_ms: Object.fromEntries(threads.map((t) => [t, round(stepMs[t])])),
      kernels: Object.fromEntries(
        rows
          .filter(([, v]) => v[1] >= 0.05)
          .map(([name, v]) => [name, Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))]),
      ),
      copy_ms_per_step: Number.isFinite(copyMs) ? round(copyMs) : null,
      loadavg,
      rounds: ROUNDS,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
