/**
 * Pipeline-parallel training (GPipe, Huang et al. 2019) on one machine, with worker_threads as the
 * devices: `fit` runs as usual — callbacks, LR schedules, gradient hooks, progress — but each batch's
 * gradients come from the model's layers split into stages, one worker each, over micro-batches.
 * At the end the stages' weights (and any batch-norm statistics) are copied back into `model`.
 * @example const h = await fitPipeline(model, x, y, { split: balancedSplit(model, 2), microBatches: 4, epochs: 2, batchSize: 128 });
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../../errors';
import { History } from '../callback';
import { fit, TrainOptions } from '../loop';
import { checkOptions, checkTensor } from '../../validate';
import { THREAD_LOCAL_TRAIN_OPTIONS, checkTrainData, checkTrainOptions, fitFamilyKeys } from '../check-train-options';
import { PipelinePool } from './pipeline';
import { checkSequential, checkSplit } from './split';

export interface PipelineFitOptions extends Omit<TrainOptions, (typeof THREAD_LOCAL_TRAIN_OPTIONS)[number] | 'loss'> {
  /** Layer-index boundaries [0, …, layers] (see balancedSplit). */
  split: number[];
  /** Micro-batches per batch. Default 4. */
  microBatches?: number;
  /** A loss by name. */
  loss?: TrainOptions['loss'] & string;
  /** Keep the pool open and hand it back (to inspect the stages); the caller then closes it. */
  keepPool?: boolean;
}

export async function fitPipeline(
  model: tf.Sequential,
  x: tf.Tensor,
  y: tf.Tensor,
  options: PipelineFitOptions,
): Promise<History & { pool?: PipelinePool }> {
  checkSequential('fitPipeline', 'model', model);
  checkTensor('fitPipeline', 'x', x, { nonEmpty: false, finite: true });
  checkTensor('fitPipeline', 'y', y, { nonEmpty: false, finite: true });
  check(options !== null && typeof options === 'object', 'fitPipeline', 'options', options, 'an options object');
  for (const key of ['batchHook', 'lossHook', 'forward', 'extraVariables'] as const)
    check(
      (options as unknown as Record<string, unknown>)[key] === undefined,
      'fitPipeline',
      key,
      'a function',
      'not set: hooks cannot be sent to worker threads (use fit for them)',
    );
  check(
    options.loss === undefined || typeof options.loss === 'string',
    'fitPipeline',
    'loss',
    typeof options.loss,
    'a loss name',
  );
  options = checkOptions(
    'fitPipeline',
    options,
    fitFamilyKeys(['split', 'microBatches', 'keepPool'], THREAD_LOCAL_TRAIN_OPTIONS),
  );
  checkSplit('fitPipeline', model, options.split);
  if (options.microBatches !== undefined) checkInt('fitPipeline', 'microBatches', options.microBatches, 1, 4096);
  checkInt('fitPipeline', 'epochs', options.epochs, 1);
  const { split, microBatches, keepPool, ...trainOptions } = options;
  checkTrainData('fitPipeline', model, x, y);
  checkTrainOptions('fitPipeline', trainOptions as Record<string, unknown>);
  const optimizer = trainOptions.optimizer ?? tf.train.adam(1e-3); // ours to dispose when we made it
  try {
    const pool = await PipelinePool.start(model, x, y, { split, microBatches, loss: trainOptions.loss, optimizer });
    try {
      const history = await fit(model, x, y, { ...trainOptions, optimizer, gradientSource: pool });
      await pool.pullWeights();
      return keepPool ? { ...history, pool } : history;
    } finally {
      if (!keepPool) await pool.close();
    }
  } finally {
    if (!trainOptions.optimizer) optimizer.dispose();
  }
}
