/**
 * Synchronous data-parallel training on one machine (the idea of TF MirroredStrategy, Horovod and
 * PyTorch DDP, with worker_threads as devices): `fit` runs as usual — callbacks, LR schedules,
 * gradient hooks, early stopping all work — but each batch's gradients come from N replicas
 * computing on their shards in parallel. The model passed in is the coordinator's replica; it
 * receives the same averaged updates as the workers.
 * @example const h = await fitDataParallel(model, x, y, { workers: 2, epochs: 3, batchSize: 128, optimizer: tf.train.adam(1e-3) });
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../../errors';
import { History } from '../callback';
import { fit, TrainOptions } from '../loop';
import { ReplicaPool } from './pool';
import { checkModel, checkOptions, checkTensor } from '../../validate';
import { THREAD_LOCAL_TRAIN_OPTIONS, checkTrainData, checkTrainOptions, fitFamilyKeys } from '../check-train-options';

export interface DataParallelOptions extends Omit<TrainOptions, (typeof THREAD_LOCAL_TRAIN_OPTIONS)[number] | 'loss'> {
  /** Number of worker threads (replicas). */
  workers: number;
  /** A loss by name. */
  loss?: TrainOptions['loss'] & string;
  /** Keep the pool open and hand it back (to inspect replicas); the caller then closes it. */
  keepPool?: boolean;
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
  check(options !== null && typeof options === 'object', 'fitDataParallel', 'options', options, 'an options object');
  for (const key of ['batchHook', 'lossHook', 'forward', 'extraVariables'] as const) {
    check(
      (options as unknown as Record<string, unknown>)[key] === undefined,
      'fitDataParallel',
      key,
      'a function',
      'not set: hooks cannot be sent to worker threads (use fit for them)',
    );
  }
  check(
    options.loss === undefined || typeof options.loss === 'string',
    'fitDataParallel',
    'loss',
    typeof options.loss,
    'a loss name',
  );
  options = checkOptions(
    'fitDataParallel',
    options,
    fitFamilyKeys(['workers', 'keepPool'], THREAD_LOCAL_TRAIN_OPTIONS),
  );
  // after the key check, so a misspelt key is named rather than the required one it hides
  checkInt('fitDataParallel', 'workers', options.workers, 1, 64);
  // Checked here too, before any worker starts with bad data.
  checkInt('fitDataParallel', 'epochs', options.epochs, 1);

  const { workers, keepPool, ...trainOptions } = options;
  checkTrainData('fitDataParallel', model, x, y);
  checkTrainOptions('fitDataParallel', trainOptions as Record<string, unknown>);
  const optimizer = trainOptions.optimizer ?? tf.train.adam(1e-3); // ours to dispose when we made it
  try {
    const pool = await ReplicaPool.start(model, x, y, {
      workers,
      loss: trainOptions.loss,
      optimizer,
      seed: trainOptions.seed,
    });
    try {
      const history = await fit(model, x, y, { ...trainOptions, optimizer, gradientSource: pool });
      await pool.sync();
      return keepPool ? { ...history, pool } : history;
    } finally {
      if (!keepPool) await pool.close();
    }
  } finally {
    if (!trainOptions.optimizer) optimizer.dispose();
  }
}
