/**
 * What fitDataParallel and fitPipeline share: `fit` with a pool of worker threads as its gradient
 * source. The options are checked at the caller's edge, before any worker starts: no hooks (they
 * cannot be sent to a thread), a loss by name, the caller's own keys plus fit's, then the caller's
 * own checks, epochs and fit's options. The optimizer is ours to dispose when we made it; the pool
 * is closed at the end unless `keepPool`, when it is handed back with the history.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { History } from './callback';
import { fit, GradientSource, TrainOptions } from './loop';
import { checkOptions } from '../validate';
import { THREAD_LOCAL_TRAIN_OPTIONS, checkTrainData, checkTrainOptions, fitFamilyKeys } from './check-train-options';

/** fit's options a worker pool can take: no hooks, and the loss by name. */
export interface WorkerFitOptions extends Omit<TrainOptions, (typeof THREAD_LOCAL_TRAIN_OPTIONS)[number] | 'loss'> {
  /** A loss by name. */
  loss?: TrainOptions['loss'] & string;
  /** Keep the pool open and hand it back (to inspect the workers); the caller then closes it. */
  keepPool?: boolean;
}

export interface WorkerPool extends GradientSource {
  close(): Promise<void>;
}

export interface WorkerFit<O extends WorkerFitOptions, P extends WorkerPool> {
  /** The caller's own option keys (besides keepPool). */
  ownKeys: readonly string[];
  /** Checks the caller's own options (after the key check, so a misspelt key is named first). */
  checkOwn(options: O): void;
  /** Starts the pool with the checked options and the optimizer fit will use. */
  start(options: O, optimizer: tf.Optimizer): Promise<P>;
  /** After training: brings the workers' state back to the model. */
  finish(pool: P): Promise<void>;
}

export async function fitOnWorkers<O extends WorkerFitOptions, P extends WorkerPool>(
  where: string,
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: O,
  how: WorkerFit<O, P>,
): Promise<History & { pool?: P }> {
  check(options !== null && typeof options === 'object', where, 'options', options, 'an options object');
  for (const key of THREAD_LOCAL_TRAIN_OPTIONS)
    // gradientSource is fit's own hook for pools: refused below as an unknown key
    if (key !== 'gradientSource')
      check(
        (options as Record<string, unknown>)[key] === undefined,
        where,
        key,
        'a function',
        'not set: hooks cannot be sent to worker threads (use fit for them)',
      );
  check(
    options.loss === undefined || typeof options.loss === 'string',
    where,
    'loss',
    typeof options.loss,
    'a loss name',
  );
  options = checkOptions(where, options, fitFamilyKeys([...how.ownKeys, 'keepPool'], THREAD_LOCAL_TRAIN_OPTIONS));
  how.checkOwn(options);
  // checked here too, before any worker starts with bad data
  checkInt(where, 'epochs', options.epochs, 1);
  const trainOptions: Record<string, unknown> = { ...(options as unknown as Record<string, unknown>) };
  for (const key of [...how.ownKeys, 'keepPool']) delete trainOptions[key];
  checkTrainData(where, model, x, y);
  checkTrainOptions(where, trainOptions);
  const optimizer = options.optimizer ?? tf.train.adam(1e-3); // ours to dispose when we made it
  try {
    const pool = await how.start(options, optimizer);
    try {
      const history = await fit(model, x, y, {
        ...(trainOptions as unknown as TrainOptions),
        optimizer,
        gradientSource: pool,
      });
      await how.finish(pool);
      return options.keepPool ? { ...history, pool } : history;
    } finally {
      if (!options.keepPool) await pool.close();
    }
  } finally {
    if (!options.optimizer) optimizer.dispose();
  }
}
