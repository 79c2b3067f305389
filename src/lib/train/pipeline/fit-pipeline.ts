/**
 * Pipeline-parallel training (GPipe, Huang et al. 2019) on one machine, with worker_threads as the
 * devices: `fit` runs as usual — callbacks, LR schedules, gradient hooks, progress — but each batch's
 * gradients come from the model's layers split into stages, one worker each, over micro-batches.
 * At the end the stages' weights (and any batch-norm statistics) are copied back into `model`.
 * @example const h = await fitPipeline(model, x, y, { split: balancedSplit(model, 2), microBatches: 4, epochs: 2, batchSize: 128 });
 */
import * as tf from '@tensorflow/tfjs';
import { checkInt } from '../../errors';
import { History } from '../callback';
import { checkTensor } from '../../validate';
import { fitOnWorkers, WorkerFitOptions } from '../worker-fit';
import { PipelinePool } from './pipeline';
import { checkSequential, checkSplit } from './split';

export interface PipelineFitOptions extends WorkerFitOptions {
  /** Layer-index boundaries [0, …, layers] (see balancedSplit). */
  split: number[];
  /** Micro-batches per batch. Default 4. */
  microBatches?: number;
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
  return fitOnWorkers('fitPipeline', model, x, y, options, {
    ownKeys: ['split', 'microBatches'],
    checkOwn: (o) => {
      checkSplit('fitPipeline', model, o.split);
      if (o.microBatches !== undefined) checkInt('fitPipeline', 'microBatches', o.microBatches, 1, 4096);
    },
    start: (o, optimizer) =>
      PipelinePool.start(model, x, y, { split: o.split, microBatches: o.microBatches, loss: o.loss, optimizer }),
    // the stages' weights (and batch-norm statistics) back into the model
    finish: (pool) => pool.pullWeights(),
  });
}
