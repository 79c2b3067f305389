/**
 * Synchronous data-parallel training on one machine (the idea of TF MirroredStrategy, Horovod and
 * PyTorch DDP, with worker_threads as devices): `fit` runs as usual — callbacks, LR schedules,
 * gradient hooks, early stopping all work — but each batch's gradients come from N replicas
 * computing on their shards in parallel. The model passed in is the coordinator's replica; it
 * receives the same averaged updates as the workers.
 * @example const h = await fitDataParallel(model, x, y, { workers: 2, epochs: 3, batchSize: 128, optimizer: tf.train.adam(1e-3) });
 */
import * as tf from '@tensorflow/tfjs';
import { checkInt } from '../../errors';
import { History } from '../callback';
import { ReplicaPool } from './pool';
import { checkModel, checkTensor } from '../../validate';
import { fitOnWorkers, WorkerFitOptions } from '../worker-fit';

export interface DataParallelOptions extends WorkerFitOptions {
  /** Number of worker threads (replicas). */
  workers: number;
}

export async function fitDataParallel(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: DataParallelOptions,
): Promise<History & { pool?: ReplicaPool }> {
  checkModel('fitDataParallel', 'model', model);
  checkTensor('fitDataParallel', 'x', x, { nonEmpty: false });
  checkTensor('fitDataParallel', 'y', y, { nonEmpty: false });
  return fitOnWorkers('fitDataParallel', model, x, y, options, {
    ownKeys: ['workers'],
    checkOwn: (o) => checkInt('fitDataParallel', 'workers', o.workers, 1, 64),
    start: (o, optimizer) =>
      ReplicaPool.start(model, x, y, { workers: o.workers, loss: o.loss, optimizer, seed: o.seed }),
    finish: (pool) => pool.sync(),
  });
}
