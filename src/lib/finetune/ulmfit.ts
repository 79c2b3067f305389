/**
 * ULMFiT's training recipe (Howard & Ruder, 2018) on the one loop `fit`, for both of its
 * fine-tuning stages: the language model on the target texts, then the classifier built on it.
 *  - slanted triangular learning rates (a short rise, a long decay), per batch;
 *  - discriminative rates: each layer group below the top learns 2.6× more slowly;
 *  - gradual unfreezing (classifier stage): the head alone first, then one group more per epoch.
 * Layer groups are bottom first: embedding, encoder, everything above (head or output layer).
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../errors';
import { checkBoolean, checkModel, checkModelInput, checkOptions, checkTensor } from '../validate';
import { fit } from '../train/loop';
import { Callback, History } from '../train/callback';
import { LossFn, LossName } from '../train/losses';
import { lrScheduler } from '../train/lr-scheduler';
import { slantedTriangular } from '../train/schedules';
import { checkTrainData } from '../train/check-train-options';
import { LayerGroup } from './layers';
import { discriminativeLr } from './discriminative';
import { gradualUnfreezing } from './gradual-unfreezing';

export interface UlmfitFitOptions {
  epochs: number;
  /** Peak learning rate of the top group (Adam, β = 0.8 / 0.99 as in ULMFiT). Default 1e-2. */
  maxLr?: number;
  batchSize?: number;
  /** Discriminative factor between groups (1 = one rate for all). Default 2.6. */
  factor?: number;
  /** Share of the steps spent rising (slanted triangular). Default 0.1. */
  cutFrac?: number;
  /** Peak rate / lowest rate. Default 32. */
  ratio?: number;
  /** Thaw one group per epoch from the top (classifier stage). Default true. */
  gradualUnfreezing?: boolean;
  /** Default 'softmaxCrossEntropy' (give `nextWordLoss` for the language model). */
  loss?: LossName | LossFn;
  seed?: number;
  validationData?: [tf.Tensor, tf.Tensor];
  callbacks?: Callback[];
}

const KEYS = [
  'epochs',
  'maxLr',
  'batchSize',
  'factor',
  'cutFrac',
  'ratio',
  'gradualUnfreezing',
  'loss',
  'seed',
  'validationData',
  'callbacks',
];

/** [embedding], [encoder], [every other layer]: ULMFiT's groups for a languageModel or an lmClassifier. */
export function ulmfitGroups(model: tf.LayersModel): LayerGroup[] {
  checkModel('ulmfitGroups', 'model', model);
  const names = model.layers.map((l) => l.name);
  check(
    names.includes('embedding') && names.includes('encoder'),
    'ulmfitGroups',
    'model',
    names.join(', '),
    "a model with layers 'embedding' and 'encoder' (languageModel, lmClassifier)",
  );
  const top = names.filter((n) => n !== 'embedding' && n !== 'encoder' && model.getLayer(n).weights.length > 0);
  check(top.length > 0, 'ulmfitGroups', 'model', names.join(', '), 'a layer with weights above the encoder');
  return [
    { name: 'embedding', layers: ['embedding'] },
    { name: 'encoder', layers: ['encoder'] },
    { name: 'head', layers: top },
  ];
}

/**
 * Trains with slanted triangular rates, discriminative rates per group and (by default) gradual
 * unfreezing. Every layer is trainable again at the end when epochs ≥ 3 (one group per epoch).
 * @example await fitUlmfit(lm, data.x, data.y, { epochs: 1, maxLr: 3e-3, gradualUnfreezing: false, loss: nextWordLoss });
 * @example await fitUlmfit(classifier, x, y, { epochs: 4, maxLr: 1e-2, batchSize: 16, seed: 1 });
 */
export async function fitUlmfit(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: UlmfitFitOptions,
): Promise<History> {
  checkModel('fitUlmfit', 'model', model);
  checkTensor('fitUlmfit', 'x', x);
  checkTensor('fitUlmfit', 'y', y);
  check(options !== undefined, 'fitUlmfit', 'options', options, 'an options object with at least epochs');
  const o = checkOptions('fitUlmfit', options, KEYS);
  checkTrainData('fitUlmfit', model, x, y);
  checkModelInput('fitUlmfit', 'x', model, x);
  if (o.loss === undefined) {
    const classes = model.outputs[0].shape[model.outputs[0].shape.length - 1];
    check(
      y.rank === 2 && y.shape[1] === classes,
      'fitUlmfit',
      'y',
      `shape [${y.shape}]`,
      `one-hot rows [N, ${classes}] (or give a loss, e.g. nextWordLoss)`,
    );
  }
  checkInt('fitUlmfit', 'epochs', o.epochs, 1, 1e6);
  const {
    maxLr = 1e-2,
    batchSize = 32,
    factor = 2.6,
    cutFrac = 0.1,
    ratio = 32,
    gradualUnfreezing: unfreeze = true,
    seed = 0,
  } = o;
  checkRange('fitUlmfit', 'maxLr', maxLr, 1e-12, 1e3);
  checkInt('fitUlmfit', 'batchSize', batchSize, 1);
  checkRange('fitUlmfit', 'factor', factor, 1, 1e3);
  checkRange('fitUlmfit', 'cutFrac', cutFrac, 0, 1);
  checkRange('fitUlmfit', 'ratio', ratio, 1, 1e6);
  checkBoolean('fitUlmfit', 'gradualUnfreezing', unfreeze);
  checkInt('fitUlmfit', 'seed', seed, 0);
  const groups = ulmfitGroups(model);
  const totalSteps = Math.max(2, o.epochs * Math.ceil(x.shape[0] / batchSize));
  const schedule = lrScheduler(slantedTriangular({ maxLr, totalSteps, cutFrac, ratio }), { per: 'batch' });
  const dlr = discriminativeLr(model, groups, { factor });
  const callbacks: Callback[] = [schedule, dlr];
  if (unfreeze) callbacks.unshift(gradualUnfreezing(model, groups));
  else for (const layer of model.layers) layer.trainable = true;
  const optimizer = tf.train.adam(maxLr, 0.8, 0.99);
  try {
    return await fit(model, x, y, {
      epochs: o.epochs,
      batchSize,
      optimizer,
      seed,
      gradientHook: dlr.gradientHook,
      callbacks: [...callbacks, ...(o.callbacks ?? [])],
      ...(o.loss !== undefined ? { loss: o.loss } : {}),
      ...(o.validationData !== undefined ? { validationData: o.validationData } : {}),
    });
  } finally {
    dlr.dispose();
    optimizer.dispose();
  }
}
