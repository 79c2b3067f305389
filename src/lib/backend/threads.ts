/**
 * How many threads the wasm training kernels use (GEMM and convolutions, ./kernels/thread-pool.ts).
 * Default: the available cores (os.availableParallelism()); set with `setTrainingThreads(n)`, or the
 * environment variable WORKBOOK_THREADS, read on first use. 1 = no worker threads at all.
 *
 * One policy keeps threads from oversubscribing the cores: **workers × intra-op threads ≤ the
 * thread budget** (the value above). Data-parallel training with W replica workers gives each
 * replica floor(budget / W) kernel threads, at least 1 (`threadsPerWorker`), and the coordinating
 * thread, which only averages gradients, none. Above the core count is allowed (up to cores × 4,
 * e.g. to measure oversubscription), never the default.
 */
import * as os from 'node:os';
import { checkInt, WorkbookError } from '../errors';

export const THREADS_ENV = 'WORKBOOK_THREADS';

let threads: number | null = null;

/** Most threads accepted: the cores × 4. */
export function maxTrainingThreads(): number {
  return os.availableParallelism() * 4;
}

/** Validates a thread count given as `parameter` of `where`. */
function checkThreads(where: string, parameter: string, value: unknown): number {
  checkInt(where, parameter, value, 1, maxTrainingThreads());
  return value as number;
}

/** The thread count the training kernels use now. */
export function trainingThreads(): number {
  if (threads === null) {
    const env = process.env[THREADS_ENV];
    if (env === undefined || env === '') threads = os.availableParallelism();
    else {
      const n = Number(env);
      if (!Number.isInteger(n) || n < 1 || n > maxTrainingThreads())
        throw new WorkbookError(
          'trainingThreads',
          THREADS_ENV,
          env,
          `an integer in [1, ${maxTrainingThreads()}] (the available cores × 4), or unset for the available cores (${os.availableParallelism()})`,
        );
      threads = n;
    }
  }
  return threads;
}

/** Sets the training kernels' thread count (1 … cores × 4); returns the previous one. */
export function setTrainingThreads(n: number): number {
  checkThreads('setTrainingThreads', 'threads', n);
  const before = trainingThreads();
  threads = n;
  return before;
}

/** Kernel threads for each of `workers` replica workers under the policy above. */
export function threadsPerWorker(workers: number, budget = trainingThreads()): number {
  checkInt('threadsPerWorker', 'workers', workers, 1, 1024);
  checkInt('threadsPerWorker', 'budget', budget, 1, 1024);
  return Math.max(1, Math.floor(budget / workers));
}
