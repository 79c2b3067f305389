/**
 * Measures training throughput (samples per second) with 1, 2, … data-parallel workers in the
 * same run, so the speedup is a ratio of numbers taken under the same conditions. Worker start-up
 * and a warm-up step (kernel compilation, first allocations) are excluded from the timing.
 * @example const rows = await dataParallelThroughput(() => smallCnn(), x, y, { workers: [1, 2], batchSize: 64 });
 */
import * as os from 'os';
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { fit } from '../lib';
import { ReplicaPool } from '../lib/train';

export interface ThroughputOptions {
  /** Worker counts to compare, e.g. [1, 2]. */
  workers: number[];
  batchSize: number;
  /** Passes over x per measurement. Default 1. */
  epochs?: number;
  /** A fresh optimizer per run. Default: SGD(0.01). */
  optimizer?: () => tf.Optimizer;
  /** Also time the same training in this thread without workers. Default false. */
  inProcess?: boolean;
  seed?: number;
}

export interface ThroughputRow {
  /** Worker count; 0 = in this thread, no workers. */
  workers: number;
  samplesPerSecond: number;
  seconds: number;
  /**
   * CPU seconds used by this process (all threads) during the measurement. cpuSeconds / seconds is
   * how many cores the run actually got — on a shared machine, fewer than it asked for.
   */
  cpuSeconds: number;
}

export async function dataParallelThroughput(
  makeModel: () => tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: ThroughputOptions,
): Promise<ThroughputRow[]> {
  check(
    Array.isArray(options.workers) && options.workers.length > 0,
    'dataParallelThroughput',
    'workers',
    options.workers,
    'a non-empty array of worker counts',
  );
  options.workers.forEach((w, i) => checkInt('dataParallelThroughput', `workers[${i}]`, w, 1, 64));
  checkInt('dataParallelThroughput', 'batchSize', options.batchSize, 1, x.shape[0]);
  const { batchSize, epochs = 1, seed = 0 } = options;
  checkInt('dataParallelThroughput', 'epochs', epochs, 1);
  const makeOptimizer = options.optimizer ?? (() => tf.train.sgd(0.01));
  const rows: ThroughputRow[] = [];
  const warmRows = Math.min(x.shape[0], 2 * batchSize);
  for (const workers of options.inProcess ? [0, ...options.workers] : options.workers) {
    const model = makeModel();
    const optimizer = makeOptimizer();
    const pool = workers > 0 ? await ReplicaPool.start(model, x, y, { workers, optimizer, seed }) : undefined;
    try {
      // Warm-up on the first rows (the pool's copy of x starts with the same rows).
      const [wx, wy] = [x.slice(0, warmRows), y.slice(0, warmRows)];
      await fit(model, wx, wy, { epochs: 1, batchSize, optimizer, shuffle: false, gradientSource: pool, seed });
      tf.dispose([wx, wy]);
      const started = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      await fit(model, x, y, { epochs, batchSize, optimizer, gradientSource: pool, seed });
      await pool?.sync();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpu);
      rows.push({
        workers,
        seconds,
        cpuSeconds: (used.user + used.system) / 1e6,
        samplesPerSecond: (epochs * x.shape[0]) / seconds,
      });
    } finally {
      await pool?.close();
      model.dispose();
      optimizer.dispose();
    }
  }
  return rows;
}

export interface IdleCores {
  /** Cores' worth of idle time over the window (0 … cores). */
  idle: number;
  cores: number;
  /** The 1-, 5- and 15-minute load averages (0 on Windows). */
  loadavg: number[];
}

/**
 * How many cores sat idle over the next `ms` milliseconds, from the operating system's per-core
 * idle counters (os.cpus()). Call it before timing parallel work: a speed-up measured while other
 * programs keep the cores busy says more about them than about the technique.
 */
export async function idleCores(ms = 1000): Promise<IdleCores> {
  checkInt('idleCores', 'ms', ms, 50, 60_000);
  const before = os.cpus();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = os.cpus();
  let idle = 0;
  after.forEach((cpu, i) => {
    const delta = (k: keyof os.CpuInfo['times']) => cpu.times[k] - (before[i]?.times[k] ?? cpu.times[k]);
    const total = delta('user') + delta('nice') + delta('sys') + delta('idle') + delta('irq');
    if (total > 0) idle += delta('idle') / total;
  });
  return { idle, cores: after.length, loadavg: os.loadavg() };
}

export interface SpeedupMeasurement {
  /** One [1 worker, 2 workers] pair of rows per round. */
  rounds: ThroughputRow[][];
  /** 2-worker ÷ 1-worker samples per second, per round. */
  speedups: number[];
  /** The median round: one burst of load from another program moves it less than the mean. */
  median: number;
  /** Cores the 2-worker runs actually got (CPU seconds ÷ wall seconds), per round. */
  coresUsed: number[];
}

/** Times 1 worker against 2 workers `rounds` times, alternating, in the same run. */
export async function measureSpeedup(
  makeModel: () => tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: {
    rounds?: number;
    batchSize: number;
    /**
     * Passes over x per timed run. Default 1. A run of a handful of steps lasts well under a second,
     * and then garbage collection or one late worker moves its ratio by ±30%; 30+ steps keep it steady.
     */
    epochs?: number;
    seed?: number;
    onRound?: (rows: ThroughputRow[], round: number) => void;
  },
): Promise<SpeedupMeasurement> {
  const rounds = options.rounds ?? 3;
  checkInt('measureSpeedup', 'rounds', rounds, 1, 20);
  if (options.epochs !== undefined) checkInt('measureSpeedup', 'epochs', options.epochs, 1, 100);
  const out: SpeedupMeasurement = { rounds: [], speedups: [], median: 0, coresUsed: [] };
  for (let r = 0; r < rounds; r++) {
    const rows = await dataParallelThroughput(makeModel, x, y, {
      workers: [1, 2],
      batchSize: options.batchSize,
      epochs: options.epochs,
      seed: options.seed,
    });
    out.rounds.push(rows);
    out.speedups.push(rows[1].samplesPerSecond / rows[0].samplesPerSecond);
    out.coresUsed.push(rows[1].cpuSeconds / rows[1].seconds);
    options.onRound?.(rows, r);
  }
  const sorted = [...out.speedups].sort((a, b) => a - b);
  out.median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return out;
}
