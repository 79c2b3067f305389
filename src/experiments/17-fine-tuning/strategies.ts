/**
 * The four ways to train on a small target task compared in the fine-tuning notebook, each as a
 * model plus the `fit` options it needs:
 *  - scratch:                the same architecture, randomly initialised, all layers trained;
 *  - feature-extraction:     the pretrained body frozen, only a new head trained (Keras guide, step 1);
 *  - fine-tune:              the pretrained body and a new head trained together at one small rate;
 *  - gradual-discriminative: ULMFiT: head first, one more group per epoch, lower groups at rate / 2.6^depth.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOneOf, checkRange } from '../../lib/errors';
import { TrainOptions } from '../../lib';
import { replaceHead, layerGroups, discriminativeLr, gradualUnfreezing } from '../../lib/finetune';

export const TRANSFER_STRATEGIES = ['scratch', 'feature-extraction', 'fine-tune', 'gradual-discriminative'] as const;
export type TransferStrategy = (typeof TRANSFER_STRATEGIES)[number];

export interface PrepareOptions {
  /** Builds the from-scratch model (same architecture, fresh weights) for a seed. */
  scratch: (seed: number, numClasses: number) => tf.LayersModel;
  seed?: number;
  /** Learning rate of the optimizer (Adam); for gradual-discriminative, the head's rate. */
  learningRate?: number;
  /** ULMFiT's factor between neighbouring groups (default 2.6). */
  factor?: number;
  /** Layer groups for gradual-discriminative: a number (default: one per weighted layer) or selectors. */
  groups?: Parameters<typeof layerGroups>[1];
}

export interface PreparedTransfer {
  model: tf.LayersModel;
  /** Options to spread into fit (optimizer, hooks, callbacks). The caller disposes the optimizer via dispose(). */
  fitOptions: Pick<TrainOptions, 'optimizer' | 'gradientHook' | 'callbacks'>;
  dispose(): void;
}

/**
 * A model and fit options for one strategy.
 * @example const run = await prepareTransfer('feature-extraction', source, 5, { scratch: (s, n) => smallCnn({ seed: s, numClasses: n }) });
 *          await fit(run.model, x, y, { epochs: 5, ...run.fitOptions }); run.dispose();
 */
export async function prepareTransfer(
  strategy: TransferStrategy,
  source: tf.LayersModel,
  numClasses: number,
  options: PrepareOptions,
): Promise<PreparedTransfer> {
  checkOneOf('prepareTransfer', 'strategy', strategy, TRANSFER_STRATEGIES);
  const { seed = 0, learningRate = 1e-3, factor = 2.6 } = options;
  checkRange('prepareTransfer', 'learningRate', learningRate, 1e-8, 10);
  const model =
    strategy === 'scratch'
      ? options.scratch(seed, numClasses)
      : await replaceHead(source, numClasses, { seed, freezeBody: strategy === 'feature-extraction' });
  const optimizer = tf.train.adam(learningRate);
  const fitOptions: PreparedTransfer['fitOptions'] = { optimizer, callbacks: [] };
  if (strategy === 'gradual-discriminative') {
    const groups = layerGroups(model, options.groups);
    const dlr = discriminativeLr(model, groups, { factor });
    fitOptions.gradientHook = dlr.gradientHook;
    fitOptions.callbacks = [gradualUnfreezing(model, groups), dlr];
  }
  return {
    model,
    fitOptions,
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}
