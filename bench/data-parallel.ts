/**
 * Benchmark: samples/second training the reference CNN on MNIST with 1 and 2 data-parallel
 * workers (worker_threads), measured in the same run, plus the same training in one thread
 * without workers as a baseline. Last line: {"samples_per_s": {"1": .., "2": ..}, ...}.
 *   npm run bench:data-parallel            (env: DP_SAMPLES=2048 DP_BATCH=128 DP_EPOCHS=1 DP_REPEATS=3)
 */
import { Worker } from 'node:worker_threads';
import { setup, loadMnist, referenceCnn, tf } from '../src/lib';
import { dataParallelThroughput } from '../src/experiments/07-data-parallel';

const SAMPLES = Number(process.env.DP_SAMPLES ?? 2048);
const BATCH_SIZE = Number(process.env.DP_BATCH ?? 128);
const EPOCHS = Number(process.env.DP_EPOCHS ?? 1);
const REPEATS = Number(process.env.DP_REPEATS ?? 3); // interleaved repeats, best of each: the machine may be shared
const WORKERS = [1, 2];

/**
 * A control for the machine, not the method: the same pure-JS busy loop done by 1 thread, then split
 * over 2 threads. ~2× means two free cores; ~1× means the cores are taken by other programs and no
 * data-parallel speedup is possible at the moment.
 */
async function parallelCapacity(iterations = 2e8): Promise<number> {
  const code = `const { parentPort } = require('worker_threads'); parentPort.on('message', (n) => { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); parentPort.postMessage(x); });`;
  const time = async (threads: number) => {
    const workers = Array.from({ length: threads }, () => new Worker(code, { eval: true }));
    const started = Date.now();
    await Promise.all(
      workers.map((w) => new Promise((done) => (w.once('message', done), w.postMessage(iterations / threads)))),
    );
    const ms = Date.now() - started;
    await Promise.all(workers.map((w) => w.terminate()));
    return ms;
  };
  const one = await time(1);
  const two = await time(2);
  return one / two;
}

async function main(): Promise<void> {
  const backend = await setup({ seed: 1, quiet: true });
  const { train, test } = loadMnist({ trainSize: SAMPLES, testSize: 10, seed: 1 });
  test.dispose();
  console.log(
    `reference CNN, ${SAMPLES} MNIST images, batch ${BATCH_SIZE}, ${EPOCHS} epoch(s), backend ${backend.name}, ${require('node:os').cpus().length} CPUs`,
  );
  const controlBefore = await parallelCapacity();
  console.log(
    `control: a pure-JS loop split over 2 threads ran ${controlBefore.toFixed(2)}× as fast as on 1 (2× = two free cores)`,
  );
  const best: Record<string, number> = {};
  const cores: Record<string, number> = {};
  const cpuPerSample: Record<string, number> = {};
  for (let r = 0; r < REPEATS; r++) {
    const rows = await dataParallelThroughput(() => referenceCnn({ seed: 1 }), train.xs, train.ys, {
      workers: WORKERS,
      batchSize: BATCH_SIZE,
      epochs: EPOCHS,
      inProcess: true,
      optimizer: () => tf.train.adam(1e-3),
    });
    for (const row of rows) {
      const key = row.workers === 0 ? 'in_process' : String(row.workers);
      const got = row.cpuSeconds / row.seconds;
      console.log(
        `  repeat ${r + 1}: ${row.workers === 0 ? 'no workers (this thread)' : `${row.workers} worker(s)`}: ${row.samplesPerSecond.toFixed(1)} samples/s (${row.seconds.toFixed(1)} s wall, ${row.cpuSeconds.toFixed(1)} CPU-s, ${got.toFixed(2)} cores busy)`,
      );
      if (row.samplesPerSecond > (best[key] ?? 0)) {
        best[key] = row.samplesPerSecond;
        cores[key] = Math.round(got * 100) / 100;
      }
      cpuPerSample[key] = Math.min(cpuPerSample[key] ?? Infinity, (1000 * row.cpuSeconds) / (EPOCHS * SAMPLES));
    }
  }
  train.dispose();
  const controlAfter = await parallelCapacity();
  console.log(`control after: ${controlAfter.toFixed(2)}×`);
  const round = (v: number) => Math.round(v * 10) / 10;
  const speedup = best['2'] / best['1'];
  console.log(`speedup with 2 workers: ${speedup.toFixed(2)}× (best of ${REPEATS})`);
  console.log(
    JSON.stringify({
      samples_per_s: { '1': round(best['1']), '2': round(best['2']) },
      in_process_samples_per_s: round(best.in_process),
      speedup_2_vs_1: Math.round(speedup * 100) / 100,
      cores_busy: cores,
      cpu_ms_per_sample: Object.fromEntries(
        Object.entries(cpuPerSample).map(([k, v]) => [k, Math.round(v * 100) / 100]),
      ),
      control_2_threads_speedup: [Math.round(controlBefore * 100) / 100, Math.round(controlAfter * 100) / 100],
      load_average: require('node:os')
        .loadavg()
        .map((v: number) => Math.round(v * 10) / 10),
      backend: backend.name,
      samples: SAMPLES,
      batch_size: BATCH_SIZE,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
