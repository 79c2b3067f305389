/**
 * Measures training throughput (samples per second) with 1, 2, … data-parallel workers in the
 * same run, so the speedup is a ratio of numbers taken under the same conditions. Worker start-up
 * and a warm-up step (kernel compilation, first allocations) are excluded from the timing.
 * @example const rows = await dataParallelThroughput(() => smallCnn(), x, y, { workers: [1, 2], batchSize: 64 });
 */
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

export async function dataParallelThroughput(makeModel: () => tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: ThroughputOptions): Promise<ThroughputRow[]> {
  check(Array.isArray(options.workers) && options.workers.length > 0, 'dataParallelThroughput', 'workers', options.workers, 'a non-empty array of worker counts');
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
      rows.push({ workers, seconds, cpuSeconds: (used.user + used.system) / 1e6, samplesPerSecond: (epochs * x.shape[0]) / seconds });
    } finally {
      await pool?.close();
      model.dispose();
      optimizer.dispose();
    }
  }
  return rows;
}
