/**
 * A pool of model replicas in worker_threads, used as fit's gradientSource: each step the batch is
 * split into one contiguous shard per worker, every worker returns the mean loss and gradients of
 * its shard, and the pool averages them weighted by shard size — exactly the full batch's mean
 * gradient (an all-reduce through the coordinator). The update fit applies is broadcast as it is
 * applied, and every replica applies the same update, so all replicas stay identical.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, WorkbookError } from '../../errors';
import { currentBackend, threadsPerWorker } from '../../backend';
import { BatchInfo, GradientSource, trainableVariables } from '../loop';
import { FromWorker, StepResult, ToWorker } from './protocol';
import { checkArray, checkModel, checkNumber, checkObject, checkTensor } from '../../validate';
import { OptionsOf, defineOptions, required } from '../../define-options';

const REPLICA_POOL_OPTIONS = defineOptions('ReplicaPool.start', {
  workers: required<number>(),
  /** A loss by name (functions cannot cross threads). Default 'softmaxCrossEntropy'. */
  loss: undefined as string | undefined,
  optimizer: required<tf.Optimizer>(),
  seed: undefined as number | undefined,
});

export type ReplicaPoolOptions = OptionsOf<typeof REPLICA_POOL_OPTIONS>;

class Replica {
  private readonly worker: Worker;
  private waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private failed: Error | null = null;

  constructor(file: string) {
    this.worker = new Worker(file);
    this.worker.on('message', (m: FromWorker) => {
      const w = this.waiting;
      this.waiting = null;
      const error =
        m.type !== 'error'
          ? null
          : m.workbookError
            ? new WorkbookError(
                m.workbookError.where,
                m.workbookError.parameter,
                m.workbookError.given,
                m.workbookError.accepted,
                m.workbookError.message,
              )
            : new Error(`data-parallel worker failed: ${m.message}`);
      if (!w) {
        this.failed ??= error; // e.g. an 'apply' failed: the next request reports it
        return;
      }
      if (error) w.reject(error);
      else w.resolve(m);
    });
    this.worker.on('error', (e) => {
      this.waiting?.reject(e);
      this.waiting = null;
    });
  }

  /** Sends a message that has no reply. */
  post(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  request(m: ToWorker): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.waiting = { resolve, reject };
      this.worker.postMessage(m);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Splits n rows into `parts` contiguous, nearly equal shards (empty shards dropped). */
export function shardSizes(n: number, parts: number): number[] {
  checkInt('shardSizes', 'n', n, 0);
  checkInt('shardSizes', 'parts', parts, 1, 1 << 16);
  const base = Math.floor(n / parts);
  const extra = n % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0)).filter((s) => s > 0);
}

export class ReplicaPool implements GradientSource {
  /** Milliseconds each replica spent computing the last step (equal values = balanced, parallel work). */
  lastComputeMs: number[] = [];
  private replicas: Replica[] = [];
  private readonly varNames: string[];
  private readonly shapes: number[][];

  private constructor(
    private readonly model: tf.LayersModel,
    readonly workers: number,
  ) {
    const vars = trainableVariables(model);
    this.varNames = vars.map((v) => v.name);
    this.shapes = vars.map((v) => v.shape);
  }

  /** Starts `workers` replicas of model, each holding a copy of (x, y). */
  static async start(
    model: tf.LayersModel,
    x: tf.Tensor,
    y: tf.Tensor,
    options: ReplicaPoolOptions,
  ): Promise<ReplicaPool> {
    options = REPLICA_POOL_OPTIONS.read(options);
    checkModel('ReplicaPool.start', 'model', model);
    checkTensor('ReplicaPool.start', 'x', x, { nonEmpty: false });
    checkTensor('ReplicaPool.start', 'y', y, { nonEmpty: false });
    checkInt('ReplicaPool', 'workers', options.workers, 1, 64);
    check(
      typeof (options.loss ?? 'softmaxCrossEntropy') === 'string',
      'ReplicaPool',
      'loss',
      typeof options.loss,
      'a loss name (functions cannot be sent to workers)',
    );
    const pool = new ReplicaPool(model, options.workers);
    const topology = model.toJSON(null, false) as object;
    const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const data = (t: tf.Tensor) => ({ data: Float32Array.from(t.dataSync()), shape: t.shape });
    const [xd, yd] = [data(x), data(y)];
    const optimizer = { className: options.optimizer.getClassName(), config: options.optimizer.getConfig() };
    const backend = currentBackend()?.name ?? 'cpu';
    const file = path.join(__dirname, 'worker.js');
    try {
      for (let rank = 0; rank < options.workers; rank++) pool.replicas.push(new Replica(file));
      await Promise.all(
        pool.replicas.map((r, rank) =>
          r.request({
            type: 'init',
            rank,
            seed: options.seed ?? 0,
            backend,
            threads: threadsPerWorker(options.workers),
            topology,
            weights,
            x: xd,
            y: yd,
            loss: options.loss ?? 'softmaxCrossEntropy',
            optimizer,
          }),
        ),
      );
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  async compute(
    indices: Int32Array,
    _info: BatchInfo,
  ): Promise<{ loss: number; hits: number; grads: tf.NamedTensorMap }> {
    checkArray('ReplicaPool.compute', 'indices', indices, { nonEmpty: false });
    checkObject('ReplicaPool.compute', '_info', _info);
    const sizes = shardSizes(indices.length, this.replicas.length);
    let start = 0;
    const results = (await Promise.all(
      sizes.map((size, i) =>
        this.replicas[i].request({ type: 'step', indices: indices.slice(start, (start += size)) }),
      ),
    )) as StepResult[];
    this.lastComputeMs = results.map((r) => r.ms);
    const n = indices.length;
    let loss = 0;
    let hits = 0;
    results.forEach((r, i) => {
      loss += (r.loss * sizes[i]) / n;
      hits += r.hits;
    });
    // The all-reduce: a shard-size-weighted mean of the shard gradients.
    const grads: tf.NamedTensorMap = {};
    this.varNames.forEach((name, j) => {
      const sum = new Float32Array(results[0].grads[j].length);
      results.forEach((r, i) => {
        const g = r.grads[j];
        const w = sizes[i] / n;
        for (let k = 0; k < sum.length; k++) sum[k] += w * g[k];
      });
      grads[name] = tf.tensor(sum, this.shapes[j]);
    });
    return { loss, hits, grads };
  }

  /** Broadcasts the step's update; every replica applies it (in order, before its next step). */
  applied(grads: tf.NamedTensorMap | null, learningRate: number): void {
    checkObject('ReplicaPool.applied', 'grads', grads);
    checkNumber('ReplicaPool.applied', 'learningRate', learningRate);
    if (!grads) return;
    const update = { grads: this.varNames.map((name) => grads[name].dataSync() as Float32Array), learningRate };
    for (const r of this.replicas) r.post({ type: 'apply', update });
  }

  /** Waits until every replica has applied every update sent so far. */
  async sync(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.request({ type: 'sync' })));
  }

  /** All weights of replica `rank` (after sync), to check the replicas are identical. */
  async replicaWeights(rank: number): Promise<Float32Array[]> {
    checkNumber('ReplicaPool.replicaWeights', 'rank', rank);
    checkInt('ReplicaPool.replicaWeights', 'rank', rank, 0, this.replicas.length - 1);
    await this.sync();
    const m = await this.replicas[rank].request({ type: 'weights' });
    if (m.type !== 'weights') throw new WorkbookError('ReplicaPool', 'reply', m.type, 'weights');
    return m.weights;
  }

  /**
   * The kernel threads each replica runs with, asked of the replicas themselves: per rank, its
   * thread setting and the threads its kernel pool really has (the policy: ../../backend/threads.ts).
   */
  async kernelThreads(): Promise<{ setting: number; poolThreads: number }[]> {
    return Promise.all(
      this.replicas.map(async (r) => {
        const m = await r.request({ type: 'threads' });
        if (m.type !== 'threads') throw new WorkbookError('ReplicaPool', 'reply', m.type, 'threads');
        return { setting: m.setting, poolThreads: m.poolThreads };
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.terminate()));
    this.replicas = [];
  }
}
